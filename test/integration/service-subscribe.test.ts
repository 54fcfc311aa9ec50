/**
 * Consent to the service's subscribe messages, through the `service` function and the course timer's sender: WeChat
 * delivers one message per acceptance of a one-time template, so acceptances are counted per person and template and
 * each send uses one. Accepted once → sent once and the count goes down; none left → skipped as 未订阅, never retried;
 * accepted twice (进度提醒) → two sends. A fresh person, so the demo's acceptances do not blur the counts.
 */
import type { NotificationDoc } from '@core/booking'
import { messageConsentIdFor, type MessageConsentDoc } from '@core/matching'
import { DAY_MS } from '@core/time'
import type { OutboxMessage } from '../../emulator/openapi'
import { data, type TestCloud } from '../support/cloud'
import { LIMIT_REQUESTS } from '../support/write-limits'
import { call, messagesAbout, NOW, providerFor, referralOf, serviceOf, startServiceCloud, VENUE } from './service-support'

let cloud: TestCloud
beforeAll(async () => {
  cloud = await startServiceCloud({ functions: ['service', 'courseTimer'] })
})
afterAll(() => cloud.close())

const PERSON = 'test-subscriber'

const progressLeft = (): number | undefined =>
  cloud.db.find<MessageConsentDoc>('messageConsents', { _id: messageConsentIdFor(PERSON, 'needProgress') })[0]?.left
const deliveredToPerson = (): OutboxMessage[] => cloud.db.find<OutboxMessage>('outbox', { touser: PERSON })
const toPerson = (subjectId: string, kind: string): NotificationDoc | undefined => messagesAbout(cloud, subjectId, kind).find((m) => m.openid === PERSON)
const sendQueue = () => cloud.cloud.runTrigger('courseTimer', 'everyMinute')

let needId = ''
let referralId = ''

test('需求进度 accepted on the submit tap: the first message is sent and uses it up; the next is skipped as 未订阅', async () => {
  const submit = await call(cloud, 'submitNeed', { category: 'LEGAL_LABOR', text: '工地老板拖欠工资两个月，想找律师咨询', venueId: VENUE, subscribe: ['needProgress'] }, PERSON)
  needId = data(submit.body).need._id
  // The three reads at once, whom the key stands for (first need), the need, and the acceptance: an increment that
  // finds nothing, then the first one stored.
  expect(submit.dbOps).toBe(7 + LIMIT_REQUESTS.first)
  expect(progressLeft()).toBe(1)

  data((await call(cloud, 'triageNeed', { needId })).body)
  await sendQueue()
  expect(toPerson(needId, 'need-triaged')).toMatchObject({ status: 'sent' })
  expect(deliveredToPerson().map((m) => m.data.phrase2?.value)).toEqual(['已受理'])
  expect(progressLeft()).toBe(0)

  const [proposal] = data((await call(cloud, 'match', { venueId: VENUE, needIds: [needId] })).body).proposals
  const { referrals } = data((await call(cloud, 'confirmProposals', { venueId: VENUE, proposals: [{ needId, serviceId: proposal.serviceId }] })).body)
  referralId = referrals[0]._id
  await sendQueue()
  await sendQueue()
  expect(toPerson(referralId, 'referral-sent')).toMatchObject({ status: 'skipped', reason: '未订阅', attempts: 1 })
  expect(deliveredToPerson()).toHaveLength(1)
  expect(progressLeft()).toBe(0)
})

test('进度提醒 tapped twice: two acceptances, two messages sent, none left', async () => {
  data((await call(cloud, 'subscribe', { kinds: ['needProgress'] }, PERSON)).body)
  const second = await call(cloud, 'subscribe', { kinds: ['needProgress'] }, PERSON)
  expect(data(second.body).left).toEqual({ needProgress: 2, referralTask: 0 })
  // The increment, then what is left.
  expect(second.dbOps).toBe(2 + LIMIT_REQUESTS.later)

  const provider = providerFor(cloud, serviceOf(cloud, referralOf(cloud, referralId)?.serviceId ?? '')?.orgId ?? '')
  data((await call(cloud, 'acceptReferral', { referralId }, provider)).body)
  data((await call(cloud, 'scheduleReferral', { referralId, scheduledAt: NOW + 2 * DAY_MS }, provider)).body)
  await sendQueue()
  expect(toPerson(referralId, 'referral-accepted')).toMatchObject({ status: 'sent' })
  expect(toPerson(referralId, 'referral-scheduled')).toMatchObject({ status: 'sent' })
  expect(deliveredToPerson().map((m) => m.data.phrase2?.value)).toEqual(['已受理', '服务中', '服务中'])
  expect(progressLeft()).toBe(0)
})

test('a later need accepted on its tap counts one more, with one request', async () => {
  const submit = await call(cloud, 'submitNeed', { category: 'HEALTH_CHECKUP', text: '常年开车腰不好，想做个体检', venueId: VENUE, subscribe: ['needProgress'] }, PERSON)
  data(submit.body)
  // The three reads at once, the need, and the increment.
  expect(submit.dbOps).toBe(5 + LIMIT_REQUESTS.later)
  expect(progressLeft()).toBe(1)
})
