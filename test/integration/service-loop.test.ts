/**
 * The closed loop of function `service`, end to end through its actions: a person's need is matched by the centre's
 * organizer, referred, accepted, scheduled and completed by the provider, rated by the person — with the figures
 * moving, one message per person concerned at each step, and the database requests of the busy actions pinned. A
 * decline sends the need back to matching without the service that declined; the timer proposes for waiting needs.
 */
import type { NotificationDoc } from '@core/booking'
import type { ReferralDoc } from '@core/matching'
import type { EntryDoc, ResponseDoc } from '@core/survey'
import type { OutboxMessage } from '../../emulator/openapi'
import { data, type TestCloud } from '../support/cloud'
import type { StoredNeed } from '../../cloudfunctions/service/repo/sealed-needs'
import { LIMIT_REQUESTS } from '../support/write-limits'
import { call, messagesAbout, needOf, openedNeed, ORGANIZER, providerFor, providersOf, referralOf, serviceOf, startServiceCloud, VENUE } from './service-support'

let cloud: TestCloud
beforeAll(async () => {
  // courseTimer too: its sender sends the whole notification queue, matching notices included.
  cloud = await startServiceCloud({ functions: ['service', 'courseTimer'] })
})
afterAll(() => cloud.close())

const PERSON = 'demo-resident'

/** Submits a need at the demo centre as PERSON and triages it as the organizer; answers its id. */
async function triagedNeed(category: string, text: string, openid = PERSON): Promise<string> {
  const submitted = data((await call(cloud, 'submitNeed', { category, text, venueId: VENUE }, openid)).body)
  data((await call(cloud, 'triageNeed', { needId: submitted.need._id })).body)
  return submitted.need._id
}

/** The openids the messages were queued for, sorted. */
const recipients = (subjectId: string, kind: string): string[] => messagesAbout(cloud, subjectId, kind).map((m) => m.openid).sort()

test('a need goes round the loop: matched, referred, accepted, scheduled, completed, rated; figures follow', async () => {
  const before = data((await call(cloud, 'stats', { venueId: VENUE, scope: 'centre' })).body)

  const submit = await call(cloud, 'submitNeed', { category: 'LEGAL_LABOR', text: '物业公司拖欠我三个月工资，想咨询怎么申请劳动仲裁', venueId: VENUE }, PERSON)
  const { need } = data(submit.body)
  expect(need.status).toBe('submitted')
  // The caller's profile, their recent needs and the centres at once; the need. (Whom their key stands for is stored
  // with their first need, one request more.)
  expect(submit.dbOps).toBe(4 + LIMIT_REQUESTS.first)
  const stored = needOf(cloud, need._id)
  expect(stored).toMatchObject({ source: 'self', group: 'resident', venueId: VENUE, history: [{ to: 'submitted', by: 'requester' }] })
  expect(stored?.tokens.length).toBeGreaterThan(3)
  expect(stored?.tokens).toEqual(expect.arrayContaining(['劳动仲裁']))

  data((await call(cloud, 'triageNeed', { needId: need._id })).body)
  expect(recipients(need._id, 'need-triaged')).toEqual([PERSON])

  const matched = await call(cloud, 'match', { venueId: VENUE, needIds: [need._id] })
  const { proposals } = data(matched.body)
  expect(matched.dbOps).toBe(5)
  expect(proposals).toHaveLength(1)
  const [proposal] = proposals
  expect(proposal.needId).toBe(need._id)
  expect(proposal.reasons.some((reason) => reason.startsWith('对口'))).toBe(true)
  expect(cloud.db.find('referrals', { needId: need._id })).toHaveLength(0)

  const orgId = serviceOf(cloud, proposal.serviceId)?.orgId ?? ''
  const provider = providerFor(cloud, orgId)
  const confirmed = await call(cloud, 'confirmProposals', { venueId: VENUE, proposals: [{ needId: need._id, serviceId: proposal.serviceId }] })
  const { referrals, skipped } = data(confirmed.body)
  expect(skipped).toEqual([])
  // The caller, the needs, the services, places used, the referral, the need, the referral read again (a provider may
  // have acted on it before its need moved), the messages, the audit entry; and the write limit's count.
  expect(confirmed.dbOps).toBe(9 + LIMIT_REQUESTS.later)
  const referralId = referrals[0]._id
  expect(referrals[0]).toMatchObject({ status: 'sent', serviceId: proposal.serviceId, orgId })
  expect(referrals[0]).not.toHaveProperty('requesterKey')
  expect(needOf(cloud, need._id)?.status).toBe('referred')
  expect(recipients(referralId, 'referral-sent')).toEqual([PERSON, ...providersOf(cloud, orgId)].sort())

  const mine = data((await call(cloud, 'myReferrals', {}, provider)).body)
  expect(mine.items.map((r) => r._id)).toContain(referralId)

  const accepted = await call(cloud, 'acceptReferral', { referralId }, provider)
  expect(data(accepted.body).referral.status).toBe('accepted')
  // The referral with its need, service, siblings, requester and the people to tell; the referral; the need; the messages.
  expect(accepted.dbOps).toBe(4 + LIMIT_REQUESTS.first)
  expect(needOf(cloud, need._id)?.status).toBe('in_progress')
  expect(recipients(referralId, 'referral-accepted')).toEqual([PERSON])

  const at = NOW_PLUS_DAYS(2)
  data((await call(cloud, 'scheduleReferral', { referralId, scheduledAt: at, place: '友邻空间二楼' }, provider)).body)
  expect(referralOf(cloud, referralId)).toMatchObject({ status: 'scheduled', scheduledAt: at })
  expect(recipients(referralId, 'referral-scheduled')).toEqual([PERSON])

  data((await call(cloud, 'completeReferral', { referralId, outcome: 'helped' }, provider)).body)
  expect(needOf(cloud, need._id)?.status).toBe('resolved')

  const rated = data((await call(cloud, 'rateReferral', { referralId, rating: 5, comment: '律师讲得很清楚' }, PERSON)).body)
  expect(rated.need.status).toBe('resolved')
  expect(referralOf(cloud, referralId)).toMatchObject({ status: 'rated', rating: 5 })
  expect(recipients(referralId, 'referral-rated')).toEqual(providersOf(cloud, orgId).sort())

  const mineAfter = await call(cloud, 'myNeeds', {}, PERSON)
  expect(mineAfter.dbOps).toBe(1)
  const followed = data(mineAfter.body).items.find((item) => item._id === need._id)
  expect(followed).toMatchObject({ status: 'resolved', referrals: [expect.objectContaining({ status: 'rated' })] })

  const after = data((await call(cloud, 'stats', { venueId: VENUE, scope: 'centre' })).body)
  expect(after.needs).toBe(before.needs + 1)
  expect(after.needsSolved).toBe(before.needsSolved + 1)
  expect(after.medianHoursToResolution).not.toBeNull()
})

const NOW_PLUS_DAYS = (days: number): number => cloud.clock.now() + days * 24 * 3600_000

test('a decline returns the need to matching, and the next match does not propose the same service', async () => {
  const needId = await triagedNeed('HEALTH_CHECKUP', '最近总是头晕，想免费量量血压测测血糖')
  const first = data((await call(cloud, 'match', { venueId: VENUE, needIds: [needId] })).body).proposals
  expect(first).toHaveLength(1)
  const declinedService = first[0].serviceId
  const { referrals } = data((await call(cloud, 'confirmProposals', { venueId: VENUE, proposals: [{ needId, serviceId: declinedService }] })).body)
  const referral: Pick<ReferralDoc, '_id' | 'orgId'> = referrals[0]
  const provider = providerFor(cloud, referral.orgId)

  const declined = data((await call(cloud, 'declineReferral', { referralId: referral._id, reason: 'no_capacity', note: '本周名额已满' }, provider)).body)
  expect(declined.referral.status).toBe('declined')
  expect(needOf(cloud, needId)?.status).toBe('matching')
  const organizers = cloud.db.find<{ _id: string }>('users', { venueIds: VENUE }).map((u) => u._id)
  expect(recipients(referral._id, 'referral-declined')).toEqual([PERSON, ...organizers.filter((o) => o !== PERSON)].sort())

  const again = data((await call(cloud, 'match', { venueId: VENUE, needIds: [needId] })).body)
  expect(again.proposals.every((p) => p.serviceId !== declinedService)).toBe(true)
  expect(again.proposals.length + again.unmatched.length).toBe(1)
  // Confirming the declined service again is refused pair by pair, nothing sent.
  const retry = data((await call(cloud, 'confirmProposals', { venueId: VENUE, proposals: [{ needId, serviceId: declinedService }] })).body)
  expect(retry.referrals).toEqual([])
  expect(retry.skipped).toEqual([expect.objectContaining({ needId, serviceId: declinedService })])
})

test('the quarter-hour timer writes proposals for waiting needs, for the organizer to confirm; a second run adds none', async () => {
  const needId = await triagedNeed('CHILDCARE_AFTERSCHOOL', '孩子放学后没人接，想找个能写作业的托管班')
  const first = await cloud.cloud.runTrigger<{ ok: true; data: { proposed: number; stepsFailed: string[] } }>('service', 'everyQuarterHour')
  expect(first.data.stepsFailed).toEqual([])
  const proposed = cloud.db.find<ReferralDoc>('referrals', { needId })
  expect(proposed).toEqual([expect.objectContaining({ status: 'proposed', history: [expect.objectContaining({ to: 'proposed', by: 'system' })] })])
  expect(messagesAbout(cloud, proposed[0]._id, 'referral-proposed')).toEqual([])
  const second = await cloud.cloud.runTrigger<{ ok: true; data: { proposed: number } }>('service', 'everyQuarterHour')
  expect(second.data.proposed).toBe(0)

  const listed = data((await call(cloud, 'listReferrals', { venueId: VENUE, status: 'proposed' })).body)
  expect(listed.items.map((r) => r._id)).toContain(proposed[0]._id)
  const { referrals } = data((await call(cloud, 'confirmProposals', { venueId: VENUE, proposals: [{ needId, serviceId: proposed[0].serviceId }] }, ORGANIZER)).body)
  expect(referrals).toEqual([expect.objectContaining({ _id: proposed[0]._id, status: 'sent' })])
})

test("the course timer's sender sends the queued matching notices with their own templates, once", async () => {
  const needId = await triagedNeed('HEALTH_MENTAL', '晚上总是失眠，压力很大，想找心理咨询师聊聊')
  const [proposal] = data((await call(cloud, 'match', { venueId: VENUE, needIds: [needId] })).body).proposals
  const { referrals } = data((await call(cloud, 'confirmProposals', { venueId: VENUE, proposals: [{ needId, serviceId: proposal.serviceId }] })).body)
  const queued = messagesAbout(cloud, referrals[0]._id, 'referral-sent')
  expect(queued.map((m) => m.status)).toEqual(queued.map(() => 'pending'))
  // Everyone waiting for a message accepted it once more in the app (consents are counted: service-subscribe.test.ts).
  for (const waiting of cloud.db.find<NotificationDoc>('notifications', { status: 'pending' })) {
    if (waiting.template === 'needProgress' || waiting.template === 'referralTask') data((await call(cloud, 'subscribe', { kinds: [waiting.template] }, waiting.openid)).body)
  }
  await cloud.cloud.runTrigger('courseTimer', 'everyMinute')
  await cloud.cloud.runTrigger('courseTimer', 'everyMinute')
  const sent = cloud.db.find<NotificationDoc>('notifications', { subjectId: referrals[0]._id })
  expect(sent.map((m) => m.status)).toEqual(sent.map(() => 'sent'))
  const toPerson = cloud.db.find<OutboxMessage>('outbox', { touser: PERSON, templateId: 'local-need-progress' })
  const aboutThis = toPerson.filter((m) => m.data.thing1?.value === '健康义诊 · 心理疏导')
  // One message per change, each once however often the sender runs: 已受理 (triage), then 已转介 (the referral).
  expect(aboutThis.map((m) => m.data.phrase2?.value)).toEqual(['已受理', '已转介'])
  expect(aboutThis.every((m) => m.page === 'pages/services/index')).toBe(true)
})

test('an approved questionnaire need the person described in their own words becomes their need; a ticked option stays demand', async () => {
  const [template] = cloud.db.find<EntryDoc>('listEntries', { status: 'approved', list: 'need', channel: 'self' })
  const [response] = cloud.db.find<ResponseDoc>('responses', { _id: template.responseId })
  const decidedAt = cloud.clock.now() - 3600_000
  const written: EntryDoc = { ...template, _id: 'test-entry-written', code: 'LEGAL_LABOR', sources: [{ questionId: 'q-need-other', label: '其他需求', text: '公司不给交社保，想问问怎么维权' }], decidedAt }
  const ticked: EntryDoc = { ...template, _id: 'test-entry-ticked', code: 'BASIC_CHARGING', sources: [{ questionId: 'q-needs', optionValue: 'charge', label: '充电' }], decidedAt }
  cloud.db.insert('listEntries', [written, ticked])

  const run = await cloud.cloud.runTrigger<{ ok: true; data: { imported: number } }>('service', 'everyQuarterHour')
  expect(run.data.imported).toBe(1)
  const imported = cloud.db.find<StoredNeed>('needs', { source: 'survey' }).map(openedNeed)
  expect(imported).toEqual([expect.objectContaining({ category: 'LEGAL_LABOR', text: '公司不给交社保，想问问怎么维权', status: 'submitted', venueId: template.venueId })])
  const mine = data((await call(cloud, 'myNeeds', {}, response.openid ?? '')).body)
  expect(mine.items.map((need) => need._id)).toContain(imported[0]._id)
  const again = await cloud.cloud.runTrigger<{ ok: true; data: { imported: number } }>('service', 'everyQuarterHour')
  expect(again.data.imported).toBe(0)
})
