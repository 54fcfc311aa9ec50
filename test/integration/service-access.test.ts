/**
 * Who may do what in function `service` (DESIGN.md ⚑ Roles), and how it refuses: a provider sees and moves only its
 * organization's referrals and learns of the person only what they consented to; an organizer acts on its own centres;
 * a person on their own needs. Likely repeats are warned and linked, organizers merge them. Bad input is answered
 * {ok:false, code, message} with nothing written.
 */
import { data, type TestCloud } from '../support/cloud'
import { ADMIN, call, DEMO_PROVIDER_ORG, needOf, ORGANIZER, OTHER_VENUE, PROVIDER, referralOf, snapshot, startServiceCloud, VENUE } from './service-support'

let cloud: TestCloud
beforeAll(async () => {
  cloud = await startServiceCloud()
})
afterAll(() => cloud.close())

/** A referral the demo sent to another organization (工会法律服务热线), still waiting for an answer. */
const OTHER_ORG_REFERRAL = 'need-open-legal-4_svc-legal-hotline'
/** demo-provider's: a person who shares their contact, and one who does not. */
const SHARED_CONTACT = 'need-open-wages-2_svc-legal-night'
const NO_CONTACT = 'need-open-legal-3_svc-legal-night'

describe('providers', () => {
  test("see only their organization's referrals, with the person's name only when they consented", async () => {
    const { items } = data((await call(cloud, 'myReferrals', {}, PROVIDER)).body)
    expect(items.length).toBeGreaterThan(2)
    const ids = items.map((item) => item._id)
    expect(ids).not.toContain(OTHER_ORG_REFERRAL)
    for (const id of ids) expect(referralOf(cloud, id)?.orgId).toBe(DEMO_PROVIDER_ORG)
    expect(items.find((item) => item._id === SHARED_CONTACT)?.contact).toBeDefined()
    expect(items.find((item) => item._id === NO_CONTACT)).not.toHaveProperty('contact')
    expect(JSON.stringify(items)).not.toMatch(/requesterKey|openid/)
  })

  test("cannot move another organization's referral; someone who provides for nobody cannot list any", async () => {
    const before = snapshot(cloud)
    const stored = referralOf(cloud, OTHER_ORG_REFERRAL)
    const refused = (await call(cloud, 'acceptReferral', { referralId: OTHER_ORG_REFERRAL }, PROVIDER)).body
    expect(refused).toMatchObject({ ok: false, code: 'FORBIDDEN', message: expect.any(String) as string })
    expect((await call(cloud, 'declineReferral', { referralId: OTHER_ORG_REFERRAL, reason: 'other' }, PROVIDER)).body).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(referralOf(cloud, OTHER_ORG_REFERRAL)).toEqual(stored)
    expect(snapshot(cloud)).toEqual(before)
    expect((await call(cloud, 'myReferrals', {}, 'demo-rider')).body).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  })
})

describe('organizers', () => {
  test('of another centre are refused with FORBIDDEN, and nothing is written', async () => {
    const before = snapshot(cloud)
    const otherNeed = 'need-open-appeal'
    expect(needOf(cloud, otherNeed)?.venueId).toBe(OTHER_VENUE)
    const refusals = [
      await call(cloud, 'listNeeds', { venueId: OTHER_VENUE }),
      await call(cloud, 'match', { venueId: OTHER_VENUE }),
      await call(cloud, 'confirmProposals', { venueId: OTHER_VENUE, proposals: [{ needId: otherNeed, serviceId: 'svc-rights-appeal' }] }),
      await call(cloud, 'triageNeed', { needId: 'need-open-safety' }),
      await call(cloud, 'closeNeed', { needId: otherNeed, outcome: 'resolved' }),
      await call(cloud, 'listReferrals', { venueId: OTHER_VENUE }),
      await call(cloud, 'designBoard', { venueId: OTHER_VENUE }),
      await call(cloud, 'stats', { venueId: OTHER_VENUE, scope: 'centre' })
    ]
    for (const { body } of refusals) expect(body).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(snapshot(cloud)).toEqual(before)
    // An admin acts on every centre.
    data((await call(cloud, 'match', { venueId: OTHER_VENUE }, ADMIN)).body)
  })

  test('ordinary users cannot use the organizer actions', async () => {
    expect((await call(cloud, 'listNeeds', { venueId: VENUE }, 'demo-rider')).body).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  })
})

describe('requesters', () => {
  test("cannot see, withdraw or rate someone else's need", async () => {
    const before = snapshot(cloud)
    expect((await call(cloud, 'withdrawNeed', { needId: 'need-demo-rider-dating' }, 'demo-courier')).body).toMatchObject({ ok: false, code: 'NOT_FOUND' })
    expect((await call(cloud, 'rateReferral', { referralId: 'need-demo-rider-checkup_svc-health-checkup', rating: 1 }, 'demo-courier')).body).toMatchObject({
      ok: false,
      code: 'NOT_FOUND'
    })
    const mine = data((await call(cloud, 'myNeeds', {}, 'demo-courier')).body)
    expect(mine.items.map((need) => need._id)).not.toContain('need-demo-rider-dating')
    expect(snapshot(cloud)).toEqual(before)
  })

  test('a likely repeat of their own is warned and linked, saved all the same; the organizer merges it', async () => {
    const { need, duplicates } = data(
      (await call(cloud, 'submitNeed', { category: 'LEGAL_LABOR', text: '站点拖欠我工资两个月了，押金也不给退', venueId: VENUE }, 'demo-rider')).body
    )
    expect(duplicates).toEqual([expect.objectContaining({ needId: 'need-demo-rider-wages', sameRequester: true })])
    expect(needOf(cloud, need._id)?.status).toBe('submitted')
    const merged = data((await call(cloud, 'mergeNeed', { needId: need._id, intoNeedId: 'need-demo-rider-wages' })).body)
    expect(merged.need.status).toBe('duplicate')
    expect(needOf(cloud, need._id)).toMatchObject({ status: 'duplicate', duplicateOf: 'need-demo-rider-wages' })
  })

  test('a retried submission (same clientId) stores one need', async () => {
    const input = { category: 'SKILLS_DIGITAL', text: '想学手机上办社保和医保', venueId: 'venue-lanmu', clientId: 'retry-client-000001' }
    const first = data((await call(cloud, 'submitNeed', input, 'demo-courier')).body)
    const again = data((await call(cloud, 'submitNeed', input, 'demo-courier')).body)
    expect(again).toMatchObject({ need: first.need, replayed: true })
    expect(cloud.db.find('needs', { _id: first.need._id })).toHaveLength(1)
  })
})

describe('bad input', () => {
  test.each([
    ['an unknown category', 'submitNeed', { category: 'NOT_A_CODE', text: '想找人帮忙' }, 'INVALID_INPUT'],
    ['an empty description', 'submitNeed', { category: 'LEGAL', text: '' }, 'INVALID_INPUT'],
    ['a description WeChat flags', 'submitNeed', { category: 'LEGAL', text: '有人找我代开发票，合法吗', venueId: VENUE }, 'CONTENT_RISKY'],
    ['a visit without verbal consent', 'recordNeed', { venueId: VENUE, category: 'LEGAL', text: '想咨询', group: 'rider', visitPlace: '张掖路', entererName: '小马' }, 'INVALID_INPUT'],
    ['a rating out of range', 'rateReferral', { referralId: 'need-demo-rider-checkup_svc-health-checkup', rating: 9 }, 'INVALID_INPUT'],
    ['an empty confirmation', 'confirmProposals', { venueId: VENUE, proposals: [] }, 'INVALID_INPUT'],
    ['an unknown action', 'notAnAction', {}, 'INVALID_INPUT']
  ])('%s → {ok:false, code, message}, nothing written', async (_label, action, input, code) => {
    const before = snapshot(cloud)
    const openid = action === 'recordNeed' || action === 'confirmProposals' ? ORGANIZER : 'demo-rider'
    const reply = await cloud.callUntyped('service', { action, ...input }, openid)
    expect(reply.body).toMatchObject({ ok: false, code, message: expect.any(String) as string })
    expect(snapshot(cloud)).toEqual(before)
  })
})

test('the public figures hide small cells; the centre sees them', async () => {
  const open = data((await call(cloud, 'stats', { venueId: VENUE }, 'demo-rider')).body)
  expect(open.suppressed).toBe(true)
  expect(open.needsByStatus.some((row) => row.count === null)).toBe(true)
  const centre = data((await call(cloud, 'stats', { venueId: VENUE, scope: 'centre' })).body)
  expect(centre.suppressed).toBe(false)
  expect(centre.needsByStatus.every((row) => row.count !== null)).toBe(true)
  expect((await call(cloud, 'stats', { venueId: VENUE, scope: 'centre' }, 'demo-rider')).body).toMatchObject({ ok: false, code: 'FORBIDDEN' })
})
