/**
 * 商圈议事 at centre A (友邻空间) for the authorization matrix: the demo gives 友邻空间 a district with demo-rider and
 * demo-courier approved and one topic just raised; this adds a topic in each later state and an application waiting,
 * written to the store directly (a topic reaches "closed" only through several organizer steps and a clock).
 */
import type { MemberDoc, TopicDoc } from '@core/community/deliberation'
import { DAY_MS, HOUR_MS } from '@core/time'
import { DEMO_TOPICS } from '../../emulator/demo-deliberation'
import type { TestCloud } from '../support/cloud'

export interface DeliberationFixture {
  raisedTopic: string
  scheduledTopic: string
  votingTopic: string
  closedTopic: string
  decidedTopic: string
  pendingMember: string
}

const VENUE = 'venue-youlin'

export function arrangeDeliberation(cloud: TestCloud, now: number): DeliberationFixture {
  const base: Omit<TopicDoc, '_id' | 'status'> = {
    venueId: VENUE,
    openid: 'demo-courier',
    raisedByName: '快递员小李',
    raisedByKind: 'rider',
    title: '驿站门口电动车停放',
    description: '驿站门口电动车越停越多，老人进出不方便。',
    followUps: [],
    createdAt: now - 5 * DAY_MS,
    updatedAt: now - 5 * DAY_MS
  }
  const meeting = { at: now + 2 * DAY_MS, place: '友邻空间 会议室' }
  const proposals = [
    { id: 'p1', title: '划线停放', detail: '门口东侧划10个车位。' },
    { id: 'p2', title: '停到后院', detail: '后院空地统一停放。' }
  ]
  const tally = { counts: { p1: 1, p2: 0 }, total: 1, members: 2, winners: ['p1'], closedAt: now - HOUR_MS }
  const topics: TopicDoc[] = [
    { ...base, _id: 'matrix-topic-scheduled', status: 'scheduled', meeting },
    { ...base, _id: 'matrix-topic-voting', status: 'voting', meeting, proposals, closesAt: now + DAY_MS, votes: { p1: 0, p2: 0 } },
    { ...base, _id: 'matrix-topic-closed', status: 'closed', meeting, proposals, closesAt: now - HOUR_MS, votes: { p1: 1, p2: 0 }, tally },
    { ...base, _id: 'matrix-topic-decided', status: 'decided', meeting, proposals, votes: { p1: 1, p2: 0 }, tally, decision: '门口东侧划线停放。', decidedAt: now - HOUR_MS }
  ]
  const pending: MemberDoc = {
    _id: `${VENUE}_demo-resident`,
    openid: 'demo-resident',
    venueId: VENUE,
    kind: 'resident',
    name: '幸福里王阿姨',
    status: 'pending',
    createdAt: now - HOUR_MS,
    updatedAt: now - HOUR_MS
  }
  cloud.db.insert('deliberationTopics', topics)
  cloud.db.insert('deliberationMembers', [pending])
  return {
    raisedTopic: DEMO_TOPICS.youlinCharging,
    scheduledTopic: 'matrix-topic-scheduled',
    votingTopic: 'matrix-topic-voting',
    closedTopic: 'matrix-topic-closed',
    decidedTopic: 'matrix-topic-decided',
    pendingMember: pending._id
  }
}
