/**
 * 商圈协商议事 through the local cloud: joining a district, a topic's whole life from raised to done, one ballot per
 * member (a double tap and a race included), results hidden until the tally, who is refused, centre scoping, the
 * content check, the members told, and the requests each step makes.
 */
import type { NotificationDoc } from '@core/booking'
import type { MemberDoc, TopicDoc, VoteDoc } from '@core/community/deliberation'
import { DAY_MS, HOUR_MS } from '@core/time'
import { DEMO_TOPICS } from '../../emulator/demo-deliberation'
import { data, startTestCloud, type TestCloud } from '../support/cloud'
import { WEDNESDAY_10_00 } from '../support/instants'
import { limitRequestsBefore } from '../support/write-limits'

const NOW = WEDNESDAY_10_00
const RUIDE = 'venue-ruide'
const ADMIN = 'demo-admin'

let cloud: TestCloud
beforeAll(async () => {
  cloud = await startTestCloud({ at: NOW, seed: true, functions: ['community'] })
})
afterAll(() => cloud.close())

const topicDoc = (id: string): TopicDoc => cloud.db.find<TopicDoc>('deliberationTopics', { _id: id })[0]
const ballots = (topicId: string): VoteDoc[] => cloud.db.find<VoteDoc>('deliberationVotes', { topicId })
const queued = (topicId: string): NotificationDoc[] => cloud.db.find<NotificationDoc>('notifications', { subjectId: topicId })

function addUser(openid: string): void {
  const [template] = cloud.db.find<{ _id: string }>('users', { _id: 'demo-resident' })
  cloud.db.insert('users', [{ ...template, _id: openid, nickname: openid }])
}

describe('joining a district', () => {
  test('an application waits for the organizer; approved, the member may raise a topic', async () => {
    addUser('join-applicant')
    const applied = await cloud.call('community', 'joinDistrict', { venueId: RUIDE, kind: 'merchant', name: '兰州手抓羊肉馆' }, 'join-applicant')
    expect(data(applied.body)).toMatchObject({ member: { status: 'pending', kind: 'merchant', name: '兰州手抓羊肉馆' }, replayed: false })
    // A second tap files nothing new: the write limit, the centre, the application on file.
    const again = await cloud.call('community', 'joinDistrict', { venueId: RUIDE, kind: 'merchant', name: '兰州手抓羊肉馆' }, 'join-applicant')
    expect(data(again.body).replayed).toBe(true)
    expect(again.dbOps).toBe(3)

    const early = await cloud.call('community', 'raiseTopic', { venueId: RUIDE, title: '门前三包', description: '门前三包责任怎么分，大家商量一下。' }, 'join-applicant')
    expect(early.body).toMatchObject({ ok: false, code: 'FORBIDDEN', message: '入会申请还在审核中，审核通过后才能提议题和投票' })

    const pending = data((await cloud.call('community', 'districtMembers', { venueId: RUIDE, status: 'pending' }, ADMIN)).body).items
    const memberId = pending.find((m) => m.name === '兰州手抓羊肉馆')?._id ?? ''
    const decided = await cloud.call('community', 'decideMember', { memberId, approve: true }, ADMIN)
    expect(data(decided.body).member.status).toBe('approved')
    expect(cloud.db.find('audit', { action: 'decideMember', target: `deliberationMembers/${memberId}` })).toHaveLength(1)

    const mine = data((await cloud.call('community', 'myDistrict', {}, 'join-applicant')).body).memberships
    expect(mine).toEqual([expect.objectContaining({ venueId: RUIDE, status: 'approved' })])
    const raised = await cloud.call('community', 'raiseTopic', { venueId: RUIDE, title: '门前三包', description: '门前三包责任怎么分，大家商量一下。' }, 'join-applicant')
    expect(data(raised.body).topic).toMatchObject({ status: 'raised', raisedByName: '兰州手抓羊肉馆', raisedByKind: 'merchant' })
  })

  test('a risky name is refused by the content check and nothing is written', async () => {
    addUser('join-risky')
    const reply = await cloud.call('community', 'joinDistrict', { venueId: RUIDE, kind: 'merchant', name: '代开发票找我' }, 'join-risky')
    expect(reply.body).toEqual({ ok: false, code: 'CONTENT_RISKY', message: '商户/企业名或姓名含有不适合公开的内容，请修改后再提交', field: 'name' })
    expect(cloud.db.find<MemberDoc>('deliberationMembers', { openid: 'join-risky' })).toEqual([])
  })
})

describe("a topic's life", () => {
  test('raised, scheduled, voted, closed, decided, followed up and done; members told at voting and at the decision', async () => {
    const raised = await cloud.call('community', 'raiseTopic', { venueId: RUIDE, title: '商圈夜市摊位管理', description: '周末夜市摊位占了消防通道，想请大家商量摊位怎么摆。' }, 'demo-rider')
    const topicId = data(raised.body).topic._id
    expect(data(raised.body).topic).toMatchObject({ status: 'raised', raisedByName: '骑手小王', raisedByKind: 'rider' })

    // Voting opens only after a 议事会 is scheduled.
    const tooEarly = await cloud.call('community', 'openVoting', { topicId, proposals: [{ title: 'A', detail: '' }, { title: 'B', detail: '' }], closesAt: NOW + DAY_MS }, ADMIN)
    expect(tooEarly.body).toMatchObject({ ok: false, code: 'CONFLICT', message: '请先安排议事会，再发起投票' })

    const scheduled = await cloud.call('community', 'scheduleMeeting', { topicId, meetingAt: NOW + DAY_MS, place: '协商议事厅' }, ADMIN)
    expect(data(scheduled.body).topic).toMatchObject({ status: 'scheduled', meeting: { at: NOW + DAY_MS, place: '协商议事厅' } })
    expect(scheduled.dbOps).toBe(5)

    const proposals = [
      { title: '集中到北广场', detail: '夜市统一摆到北广场。' },
      { title: '沿街错位摆放', detail: '隔一个商户摆一个摊。' }
    ]
    const opened = await cloud.call('community', 'openVoting', { topicId, proposals, closesAt: NOW + 2 * DAY_MS }, ADMIN)
    const approved = cloud.db.find<MemberDoc>('deliberationMembers', { venueId: RUIDE, status: 'approved' }).length
    expect(data(opened.body)).toMatchObject({ topic: { status: 'voting', proposals: [{ id: 'p1' }, { id: 'p2' }] }, notified: approved })
    expect(opened.dbOps).toBe(7)
    expect(queued(topicId).map((n) => n.openid).sort()).toEqual(cloud.db.find<MemberDoc>('deliberationMembers', { venueId: RUIDE, status: 'approved' }).map((m) => m.openid).sort())
    expect(queued(topicId)[0]).toMatchObject({ template: 'referralTask', kind: 'voting-open', page: `packages/deliberation/topic?topicId=${topicId}` })

    // demo-rider's second write of the kind: the write limit is one request now, the ballot four more.
    const voted = await cloud.call('community', 'vote', { topicId, proposalId: 'p1' }, 'demo-rider')
    expect(data(voted.body)).toEqual({ proposalId: 'p1', replayed: false })
    expect(voted.dbOps).toBe(5)
    await cloud.call('community', 'vote', { topicId, proposalId: 'p2' }, 'demo-courier')
    await cloud.call('community', 'vote', { topicId, proposalId: 'p1' }, 'demo-ruide-mall')

    // Before the close, anyone sees how many voted, never for what.
    const during = data((await cloud.call('community', 'topic', { topicId }, 'demo-rider')).body)
    expect(during).toMatchObject({ myVote: 'p1', membership: { status: 'approved' }, topic: { voted: 3 } })
    expect(during.topic.tally).toBeUndefined()
    expect(JSON.stringify(during)).not.toMatch(/"votes"|"counts"|demo-ruide-rider/)

    const closed = await cloud.call('community', 'closeVoting', { topicId }, ADMIN)
    expect(data(closed.body).topic.tally).toEqual({ counts: { p1: 2, p2: 1 }, total: 3, members: approved, winners: ['p1'], closedAt: NOW })
    expect(closed.dbOps).toBe(7)
    const late = await cloud.call('community', 'vote', { topicId, proposalId: 'p2' }, 'demo-ruide-fruit')
    expect(late.body).toMatchObject({ ok: false, code: 'CONFLICT', message: '这个议题现在不能投票' })

    const after = data((await cloud.call('community', 'topic', { topicId })).body)
    expect(after.topic.tally?.counts).toEqual({ p1: 2, p2: 1 })

    const decided = await cloud.call('community', 'publishDecision', { topicId, decision: '周末夜市集中到北广场，物业划线，社区每周巡查。' }, ADMIN)
    expect(data(decided.body)).toMatchObject({ topic: { status: 'decided', decidedAt: NOW }, notified: approved })
    expect(queued(topicId).filter((n) => n.kind === 'decided')).toHaveLength(approved)

    const progress = await cloud.call('community', 'addFollowUp', { topicId, text: '北广场已划线。' }, ADMIN)
    expect(data(progress.body).topic).toMatchObject({ status: 'decided', followUps: [{ text: '北广场已划线。', done: false }] })
    const done = await cloud.call('community', 'addFollowUp', { topicId, text: '夜市已按新办法运行。', done: true }, ADMIN)
    expect(data(done.body).topic.status).toBe('done')
    const more = await cloud.call('community', 'addFollowUp', { topicId, text: '再补一条。' }, ADMIN)
    expect(more.body).toMatchObject({ ok: false, code: 'CONFLICT' })

    expect(cloud.db.find('audit', { target: `deliberationTopics/${topicId}` }).map((a) => (a as { action: string }).action)).toEqual([
      'scheduleMeeting',
      'openVoting',
      'closeVoting',
      'publishDecision',
      'addFollowUp',
      'addFollowUp'
    ])
  })

  test('the public list shows every state, tallies only where closed', async () => {
    const { items } = data((await cloud.call('community', 'topics', { venueId: RUIDE })).body)
    const byId = new Map(items.map((t) => [t._id, t]))
    expect(byId.get(DEMO_TOPICS.lockers)).toMatchObject({ status: 'voting', voted: 5 })
    expect(byId.get(DEMO_TOPICS.lockers)?.tally).toBeUndefined()
    expect(byId.get(DEMO_TOPICS.smoking)?.tally).toMatchObject({ counts: { p1: 6, p2: 3 }, winners: ['p1'] })
    expect(byId.get(DEMO_TOPICS.parking)?.followUps.length).toBeGreaterThan(0)
    expect(new Set(items.map((t) => t.status))).toEqual(new Set(['raised', 'scheduled', 'voting', 'closed', 'decided', 'done']))
    expect(JSON.stringify(items)).not.toContain('openid')
  })
})

describe('one ballot per member', () => {
  test('a double tap counts once and answers the same ballot', async () => {
    const first = await cloud.call('community', 'vote', { topicId: DEMO_TOPICS.lockers, proposalId: 'p2' }, 'demo-rider')
    const second = await cloud.call('community', 'vote', { topicId: DEMO_TOPICS.lockers, proposalId: 'p2' }, 'demo-rider')
    expect(data(first.body).replayed).toBe(false)
    expect(data(second.body)).toEqual({ proposalId: 'p2', replayed: true })
    expect(ballots(DEMO_TOPICS.lockers).filter((b) => b.openid === 'demo-rider')).toHaveLength(1)
    expect(topicDoc(DEMO_TOPICS.lockers).votes).toEqual({ p1: 3, p2: 2, p3: 1 })
  })

  test('a cast ballot is final: another choice is refused', async () => {
    const other = await cloud.call('community', 'vote', { topicId: DEMO_TOPICS.lockers, proposalId: 'p1' }, 'demo-rider')
    expect(other.body).toEqual({ ok: false, code: 'CONFLICT', message: '你已经投过票了，每人一票，投出即定', field: 'proposalId' })
  })

  test('ten concurrent ballots of one member, for different proposals, count once', async () => {
    const before = topicDoc(DEMO_TOPICS.lockers).votes ?? {}
    const replies = await Promise.all(
      Array.from({ length: 10 }, (_, i) => cloud.call('community', 'vote', { topicId: DEMO_TOPICS.lockers, proposalId: `p${(i % 3) + 1}` }, 'demo-ruide-phone'))
    )
    const counted = replies.filter((r) => r.body.ok && !r.body.data.replayed)
    expect(counted).toHaveLength(1)
    const mine = ballots(DEMO_TOPICS.lockers).filter((b) => b.openid === 'demo-ruide-phone')
    expect(mine).toHaveLength(1)
    const after = topicDoc(DEMO_TOPICS.lockers).votes ?? {}
    const total = (v: Record<string, number>) => Object.values(v).reduce((a, b) => a + b, 0)
    expect(total(after) - total(before)).toBe(1)
    expect(after[mine[0].proposalId] - (before[mine[0].proposalId] ?? 0)).toBe(1)
    for (const r of replies) if (!r.body.ok) expect(r.body.code).toBe('CONFLICT')
  })

  test('after the closing time a ballot is refused until the organizer tallies', async () => {
    cloud.clock.set(NOW + 3 * DAY_MS)
    try {
      const reply = await cloud.call('community', 'vote', { topicId: DEMO_TOPICS.lockers, proposalId: 'p1' }, 'demo-ruide-tea')
      expect(reply.body).toMatchObject({ ok: false, code: 'CONFLICT', message: '投票已截止，等待组织者计票公布' })
    } finally {
      cloud.clock.set(NOW)
    }
  })
})

describe('who is refused', () => {
  test('a non-member, a pending applicant and an organizer without membership cannot vote or raise; nothing written', async () => {
    addUser('passer-by')
    const before = ballots(DEMO_TOPICS.lockers).length
    for (const openid of ['passer-by', 'demo-resident', ADMIN]) {
      const v = await cloud.call('community', 'vote', { topicId: DEMO_TOPICS.lockers, proposalId: 'p1' }, openid)
      expect(v.body).toMatchObject({ ok: false, code: 'FORBIDDEN' })
      const r = await cloud.call('community', 'raiseTopic', { venueId: RUIDE, title: '试试提议', description: '不是成员也想提个议题。' }, openid)
      expect(r.body).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    }
    expect(ballots(DEMO_TOPICS.lockers)).toHaveLength(before)
  })

  test("a member of 友邻空间's district is no member of 瑞德摩尔's", async () => {
    addUser('youlin-only')
    cloud.db.insert('deliberationMembers', [
      { _id: 'venue-youlin_youlin-only', openid: 'youlin-only', venueId: 'venue-youlin', kind: 'rider', name: '骑手小周', status: 'approved', createdAt: NOW - DAY_MS, updatedAt: NOW - DAY_MS }
    ])
    const v = await cloud.call('community', 'vote', { topicId: DEMO_TOPICS.lockers, proposalId: 'p1' }, 'youlin-only')
    expect(v.body).toMatchObject({ ok: false, code: 'FORBIDDEN', message: '只有本商圈的议事成员可以提议题和投票，请先申请加入' })
  })

  test("demo-organizer (友邻空间 only) gets FORBIDDEN on every step of 瑞德摩尔's topics and members, and changes nothing", async () => {
    const before = JSON.stringify(cloud.db.find('deliberationTopics', { venueId: RUIDE }, { sort: { _id: 1 } }))
    const attempts = [
      cloud.call('community', 'districtMembers', { venueId: RUIDE }, 'demo-organizer'),
      cloud.call('community', 'decideMember', { memberId: 'venue-ruide_demo-resident', approve: true }, 'demo-organizer'),
      cloud.call('community', 'scheduleMeeting', { topicId: DEMO_TOPICS.noise, meetingAt: NOW + DAY_MS, place: '议事厅' }, 'demo-organizer'),
      cloud.call('community', 'openVoting', { topicId: DEMO_TOPICS.signs, proposals: [{ title: 'A', detail: '' }, { title: 'B', detail: '' }], closesAt: NOW + DAY_MS }, 'demo-organizer'),
      cloud.call('community', 'closeVoting', { topicId: DEMO_TOPICS.lockers }, 'demo-organizer'),
      cloud.call('community', 'publishDecision', { topicId: DEMO_TOPICS.smoking, decision: '全面禁烟，室外设吸烟点。' }, 'demo-organizer'),
      cloud.call('community', 'addFollowUp', { topicId: DEMO_TOPICS.parking, text: '已完成。' }, 'demo-organizer')
    ]
    for (const reply of await Promise.all(attempts)) {
      expect(reply.body).toMatchObject({ ok: false, code: 'FORBIDDEN', message: '这是其他服务中心的数据，您没有管理权限' })
    }
    expect(JSON.stringify(cloud.db.find('deliberationTopics', { venueId: RUIDE }, { sort: { _id: 1 } }))).toBe(before)
    // Their own centre's topic is theirs to schedule.
    const own = await cloud.call('community', 'scheduleMeeting', { topicId: DEMO_TOPICS.youlinCharging, meetingAt: NOW + DAY_MS, place: '友邻空间 会议室' }, 'demo-organizer')
    expect(data(own.body).topic.status).toBe('scheduled')
  })

  test('a risky topic is refused by the content check and nothing is written', async () => {
    const count = cloud.db.find('deliberationTopics', {}).length
    const reply = await cloud.call('community', 'raiseTopic', { venueId: RUIDE, title: '商圈停车', description: '代开发票找我，加微信领红包。' }, 'demo-courier')
    expect(reply.body).toMatchObject({ ok: false, code: 'CONTENT_RISKY', field: 'description' })
    expect(cloud.db.find('deliberationTopics', {})).toHaveLength(count)
    const decision = await cloud.call('community', 'publishDecision', { topicId: DEMO_TOPICS.smoking, decision: '代开发票找我' }, ADMIN)
    expect(decision.body).toMatchObject({ ok: false, code: 'CONTENT_RISKY', field: 'decision' })
    expect(topicDoc(DEMO_TOPICS.smoking).status).toBe('closed')
    expect(queued(DEMO_TOPICS.smoking)).toEqual([])
  })

  test('closing at the same moment as a ballot: the ballot is either in the tally or refused', async () => {
    const topicId = 'race-topic'
    cloud.db.insert('deliberationTopics', [
      {
        ...topicDoc(DEMO_TOPICS.lockers),
        _id: topicId,
        votes: { p1: 0, p2: 0, p3: 0 },
        createdAt: NOW - HOUR_MS,
        updatedAt: NOW - HOUR_MS
      }
    ])
    const voters = ['demo-ruide-fruit', 'demo-ruide-tea', 'demo-ruide-law', 'demo-ruide-design', 'demo-courier']
    const [closed, ...votes] = await Promise.all([
      cloud.call('community', 'closeVoting', { topicId }, ADMIN),
      ...voters.map((openid) => cloud.call('community', 'vote', { topicId, proposalId: 'p1' }, openid))
    ])
    const accepted = votes.filter((v) => v.body.ok).length
    expect(data(closed.body).topic.tally?.total).toBe(accepted)
    expect(ballots(topicId)).toHaveLength(accepted)
  })
})

describe('a step cut off after its write', () => {
  afterEach(() => cloud.faults.clear())

  /** The requests an organizer step makes before its own: the caller read and the write limit. */
  const before = (): number => 1 + limitRequestsBefore(cloud.db, ADMIN, 'organizing')
  const approvedMembers = (): string[] => cloud.db.find<MemberDoc>('deliberationMembers', { venueId: RUIDE, status: 'approved' }).map((m) => m.openid).sort()
  /** Each member's notices of the kind: one each, whoever asked how many times. */
  const noticesOf = (topicId: string, kind: string): string[] => queued(topicId).filter((n) => n.kind === kind).map((n) => n.openid).sort()
  const audited = (topicId: string, action: string): number => cloud.db.find('audit', { action, target: `deliberationTopics/${topicId}` }).length

  test('the same step asked again finishes it: every member told exactly once, one audit entry; other particulars are still refused', async () => {
    const raised = await cloud.call('community', 'raiseTopic', { venueId: RUIDE, title: '快递柜夜间开放', description: '晚上十点后快递柜锁门，想商量能不能通宵开放。' }, 'demo-rider')
    const topicId = data(raised.body).topic._id
    data((await cloud.call('community', 'scheduleMeeting', { topicId, meetingAt: NOW + DAY_MS, place: '协商议事厅' }, ADMIN)).body)
    const opening = { topicId, proposals: [{ title: '通宵开放', detail: '加装照明。' }, { title: '延长到十二点', detail: '' }], closesAt: NOW + 2 * DAY_MS }

    // Opening voting: the topic read, its write, then the members to tell — that read is lost, the call fails.
    const lost = cloud.faults.failDatabaseRequest({ fn: 'community', openid: ADMIN, request: before() + 3 }, 'lost')
    expect((await cloud.call('community', 'openVoting', opening, ADMIN)).body).toMatchObject({ ok: false, code: 'INTERNAL' })
    expect(lost.fired).toBe(true)
    expect(topicDoc(topicId).status).toBe('voting')
    expect(noticesOf(topicId, 'voting-open')).toEqual([])
    expect(audited(topicId, 'openVoting')).toBe(0)

    const other = await cloud.call('community', 'openVoting', { ...opening, closesAt: NOW + 3 * DAY_MS }, ADMIN)
    expect(other.body).toMatchObject({ ok: false, code: 'CONFLICT' })
    const retried = await cloud.call('community', 'openVoting', opening, ADMIN)
    expect(data(retried.body)).toMatchObject({ topic: { status: 'voting', closesAt: NOW + 2 * DAY_MS }, notified: approvedMembers().length })
    expect(noticesOf(topicId, 'voting-open')).toEqual(approvedMembers())
    expect(audited(topicId, 'openVoting')).toBe(1)
    // Once more (a second tap): nothing new queued, no second audit entry.
    expect(data((await cloud.call('community', 'openVoting', opening, ADMIN)).body).notified).toBe(0)
    expect(noticesOf(topicId, 'voting-open')).toEqual(approvedMembers())
    expect(audited(topicId, 'openVoting')).toBe(1)

    data((await cloud.call('community', 'vote', { topicId, proposalId: 'p1' }, 'demo-courier')).body)
    data((await cloud.call('community', 'closeVoting', { topicId }, ADMIN)).body)
    // Publishing: the topic read, its write, the members, then the notices' insert — stored, but its answer lost.
    const decision = { topicId, decision: '快递柜通宵开放，物业加装照明。' }
    const unanswered = cloud.faults.failDatabaseRequest({ fn: 'community', openid: ADMIN, request: before() + 4 }, 'unanswered')
    expect((await cloud.call('community', 'publishDecision', decision, ADMIN)).body).toMatchObject({ ok: false, code: 'INTERNAL' })
    expect(unanswered.fired).toBe(true)
    expect(noticesOf(topicId, 'decided')).toEqual(approvedMembers())
    expect(audited(topicId, 'publishDecision')).toBe(0)

    const published = await cloud.call('community', 'publishDecision', decision, ADMIN)
    expect(data(published.body)).toMatchObject({ topic: { status: 'decided', decision: decision.decision }, notified: 0 })
    expect(noticesOf(topicId, 'decided')).toEqual(approvedMembers())
    expect(audited(topicId, 'publishDecision')).toBe(1)
    expect((await cloud.call('community', 'publishDecision', { topicId, decision: '另一个决定。' }, ADMIN)).body).toMatchObject({ ok: false, code: 'CONFLICT' })
  })
})
