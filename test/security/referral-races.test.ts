/**
 * The referral races the storms found (storms.test.ts), each forced in order by holding one database request of one
 * invocation (emulator/faults.ts), so each is a plain regression test rather than a matter of scheduling luck:
 *   - a send (confirmProposals) whose need moved on between writing the referral and moving the need — closed, or
 *     sent elsewhere by another organizer — left a sent referral behind and answered CONFLICT;
 *   - a provider acting on a referral in that same gap found the need not yet referred, so the need never followed;
 *   - a close or withdrawal racing a provider's accept failed half-way, the need closed with the referral open;
 *   - two open referrals of one need closing at once each counted the other as open, so the need stayed referred.
 */
import type { NeedDoc, ReferralDoc, ServiceDoc } from '@core/matching'
import { data, type TestCloud } from '../support/cloud'
import { call, DEMO_PROVIDER_ORG, needOf, ORGANIZER, PROVIDER, referralOf, startServiceCloud, VENUE } from '../integration/service-support'
import { limitRequestsBefore } from '../support/write-limits'
import { referralViolations } from './invariants'

let cloud: TestCloud
beforeAll(async () => {
  cloud = await startServiceCloud()
  // Two services like the union's legal hotline (remote, weekdays) run by the demo provider's organization, so a
  // need has more than one service to be sent to and demo-provider acts on both.
  const [hotline] = cloud.db.find<ServiceDoc>('services', { _id: 'svc-legal-hotline' })
  cloud.db.insert('services', [
    { ...hotline, _id: 'race-legal-a', orgId: DEMO_PROVIDER_ORG },
    { ...hotline, _id: 'race-legal-b', orgId: DEMO_PROVIDER_ORG }
  ])
})
afterAll(() => cloud.close())
afterEach(() => cloud.faults.clear())

let people = 0
/** A triaged need of a new person near 友邻空间, as the person and the organizer make it; answers its id and the person. */
async function triagedNeed(): Promise<{ needId: string; person: string }> {
  const person = `race-person-${++people}`
  const { need } = data((await call(cloud, 'submitNeed', { category: 'LEGAL_LABOR', text: '公司拖欠工资三个月，想咨询劳动仲裁', venueId: VENUE, location: { lat: 36.0625, lng: 103.8335 } }, person)).body)
  data((await call(cloud, 'triageNeed', { needId: need._id })).body)
  return { needId: need._id, person }
}

const send = (needId: string, serviceId: string) => call(cloud, 'confirmProposals', { venueId: VENUE, proposals: [{ needId, serviceId }] })

/**
 * confirmProposals' requests after the write limit's count: 1 the caller, 2–3 the needs and the services, 4 places
 * used, 5 the referral, 6 the need.
 */
const sendRequest = (n: number): number => limitRequestsBefore(cloud.db, ORGANIZER, 'organizing') + n
const REFERRAL_INSERT = 5
const NEED_UPDATE = 6

const expectConsistent = (needId: string) => expect(referralViolations(cloud.db, [needId])).toEqual([])

test('a need closed while its referral was being sent: the referral is taken back, the send says why', async () => {
  const { needId } = await triagedNeed()
  const held = cloud.faults.holdDatabaseRequest({ fn: 'service', openid: ORGANIZER, request: sendRequest(REFERRAL_INSERT) })
  const sending = send(needId, 'race-legal-a')
  await held.arrived
  data((await call(cloud, 'closeNeed', { needId, outcome: 'unresolved', reason: '联系不上' })).body)
  held.release()
  const { referrals, skipped } = data((await sending).body)
  expect(referrals).toEqual([])
  expect(skipped.map((skip) => [skip.needId, skip.serviceId])).toEqual([[needId, 'race-legal-a']])
  expect(skipped[0].reason).toContain('需求刚刚有了变化')
  expect(needOf(cloud, needId)?.status).toBe('unresolved')
  expect(cloud.db.find<ReferralDoc>('referrals', { needId })).toEqual([])
  expectConsistent(needId)
})

test('two organizers sending one need to two services at once: one referral is sent, the other send is skipped', async () => {
  const { needId } = await triagedNeed()
  const held = cloud.faults.holdDatabaseRequest({ fn: 'service', openid: ORGANIZER, request: sendRequest(NEED_UPDATE) })
  const first = send(needId, 'race-legal-a')
  await held.arrived
  expect(data((await call(cloud, 'confirmProposals', { venueId: VENUE, proposals: [{ needId, serviceId: 'race-legal-b' }] }, 'demo-admin')).body).referrals).toHaveLength(1)
  held.release()
  expect(data((await first).body)).toMatchObject({ referrals: [], skipped: [{ serviceId: 'race-legal-a' }] })
  expect(cloud.db.find<ReferralDoc>('referrals', { needId }).map((r) => [r.serviceId, r.status])).toEqual([['race-legal-b', 'sent']])
  expect(needOf(cloud, needId)?.status).toBe('referred')
  expectConsistent(needId)
})

test('a provider accepting a referral before its need moved to referred: the need follows to in progress', async () => {
  const { needId } = await triagedNeed()
  const held = cloud.faults.holdDatabaseRequest({ fn: 'service', openid: ORGANIZER, request: sendRequest(NEED_UPDATE) })
  const sending = send(needId, 'race-legal-a')
  await held.arrived
  const referralId = `${needId}_race-legal-a`
  expect(data((await call(cloud, 'acceptReferral', { referralId }, PROVIDER)).body).referral.status).toBe('accepted')
  held.release()
  expect(data((await sending).body).referrals).toHaveLength(1)
  expect(needOf(cloud, needId)?.status).toBe('in_progress')
  expectConsistent(needId)
})

test('a need withdrawn while its provider accepts: the withdrawal cancels the accepted referral instead of failing half-way', async () => {
  const { needId, person } = await triagedNeed()
  data((await send(needId, 'race-legal-a')).body)
  const referralId = `${needId}_race-legal-a`
  // withdrawNeed, after the write limit's count: 1 the need with its referrals, 2 the need → withdrawn, 3 its open
  // referral → cancelled.
  const request = limitRequestsBefore(cloud.db, person, 'personal') + 3
  const held = cloud.faults.holdDatabaseRequest({ fn: 'service', openid: person, request })
  const withdrawing = call(cloud, 'withdrawNeed', { needId }, person)
  await held.arrived
  expect(needOf(cloud, needId)?.status).toBe('withdrawn')
  data((await call(cloud, 'acceptReferral', { referralId }, PROVIDER)).body)
  held.release()
  expect(data((await withdrawing).body).need.status).toBe('withdrawn')
  expect(referralOf(cloud, referralId)?.status).toBe('cancelled')
  expectConsistent(needId)
})

test('two open referrals of one need declined at once: the need goes back to matching', async () => {
  const { needId } = await triagedNeed()
  data((await send(needId, 'race-legal-a')).body)
  // A second referral open beside the first, as the send race above used to leave them.
  const [first] = cloud.db.find<ReferralDoc>('referrals', { needId })
  cloud.db.insert('referrals', [{ ...first, _id: `${needId}_race-legal-b`, serviceId: 'race-legal-b' }])
  // declineReferral, after the write limit's count: 1 the referral with its need and siblings, 2 the referral, then
  // the need.
  const request = limitRequestsBefore(cloud.db, PROVIDER, 'personal') + 2
  const held = cloud.faults.holdDatabaseRequest({ fn: 'service', openid: PROVIDER, request })
  const declining = call(cloud, 'declineReferral', { referralId: first._id, reason: 'no_capacity' }, PROVIDER)
  await held.arrived
  data((await call(cloud, 'declineReferral', { referralId: `${needId}_race-legal-b`, reason: 'no_capacity' }, PROVIDER)).body)
  held.release()
  data((await declining).body)
  expect(cloud.db.find<NeedDoc>('needs', { _id: needId })[0].status).toBe('matching')
  expectConsistent(needId)
})
