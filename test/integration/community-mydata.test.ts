/**
 * 我的数据 in function `community` (issue 10's rules for issue 12's data), through the local cloud with the demo
 * data: demo-rider is an approved 兼职网格员 with reports, a member of two 商圈 districts with a ballot; here they also
 * raise a topic, register to find their party organization (which the organizer opens, audited), and become 友邻空间's 骑士之星 of the month (scored by a
 * station manager, published by the organizer). myData shows each of these to them in full; after
 * deleteMyData nothing in the community's collections or the organizers' audit entries names them, the reports and the topic stay for the centre's
 * counts and the other members, and a second erasure changes nothing.
 */
import { criteriaOf, openMonth } from '@core/community/stars'
import { data, startTestCloud, type TestCloud } from '../support/cloud'
import { WEDNESDAY_10_00 } from '../support/instants'

const RIDER = 'demo-rider'
const PHONE = '13800138000'
const COMMUNITY_COLLECTIONS = ['audit', 'gridMembers', 'gridReports', 'starRiders', 'starScores', 'starAwards', 'deliberationMembers', 'deliberationTopics', 'deliberationVotes', 'partyRegistrations', 'notifications']

let cloud: TestCloud
beforeAll(async () => {
  cloud = await startTestCloud({ at: WEDNESDAY_10_00, seed: true, functions: ['community'] })
})
afterAll(() => cloud.close())

type Doc = Record<string, unknown> & { _id: string }

/** `collection/_id` of every community document that holds `needle` anywhere. */
const holding = (needle: string): string[] =>
  COMMUNITY_COLLECTIONS.flatMap((name) => cloud.db.find<Doc>(name, {}).filter((doc) => JSON.stringify(doc).includes(needle)).map((doc) => `${name}/${doc._id}`))

test('myData shows everything the community keeps about the person; deleteMyData leaves nothing that names them', async () => {
  const topic = data(
    (await cloud.call('community', 'raiseTopic', { venueId: 'venue-ruide', title: '商圈夜间充电桩', description: '晚上回站前想在商圈里充会儿电。' }, RIDER)).body
  ).topic
  data(
    (await cloud.call('community', 'registerParty', { kind: 'relation', name: '王建军', phone: PHONE, currentOrg: '美团外卖城关站', relationAt: '天水市秦州区皂郊镇党委', venueId: 'venue-youlin', consent: true }, RIDER))
      .body
  )
  const registration = `party-relation-${RIDER}`
  data((await cloud.call('community', 'partyDetail', { registrationId: registration }, 'demo-organizer')).body)
  const month = openMonth(WEDNESDAY_10_00)
  cloud.db.insert('starRiders', [
    { _id: RIDER, openid: RIDER, venueId: 'venue-youlin', name: '王小骑', station: '美团酒泉路站', company: '美团', stationManager: 'demo-scorer-2', partyMember: true, active: true, createdAt: 0, updatedAt: 0 }
  ])
  const fullMarks = Object.fromEntries(criteriaOf('enterprise').map((c) => [c.id, c.maxPoints]))
  data((await cloud.call('community', 'scoreRider', { riderId: RIDER, month, scores: fullMarks }, 'demo-scorer-2')).body)
  data((await cloud.call('community', 'publishStar', { venueId: 'venue-youlin', month, riderId: RIDER, citation: '风雨无阻，热心助人。', override: true }, 'demo-organizer')).body)
  const reportsBefore = cloud.db.count('gridReports')

  const mine = data((await cloud.call('community', 'myData', {}, RIDER)).body)
  expect(mine.gridMembership).toMatchObject({ venueId: 'venue-xigu', status: 'approved' })
  expect(mine.reports.length).toBeGreaterThan(0)
  expect(mine.districts.map((d) => d.venueId)).toContain('venue-ruide')
  expect(mine.topicsRaised.map((t) => t._id)).toContain(topic._id)
  expect(mine.votes.length).toBeGreaterThan(0)
  expect(mine.votes.every((v) => v.topic !== '' && v.proposal !== '')).toBe(true)
  expect(mine.starRider).toMatchObject({ name: '王小骑', station: '美团酒泉路站' })
  expect(mine.starScores).toEqual([expect.objectContaining({ month, side: 'enterprise', total: 100 })])
  expect(mine.starAwards).toEqual([expect.objectContaining({ venueId: 'venue-youlin', month, citation: '风雨无阻，热心助人。' })])
  expect(mine.party).toEqual([expect.objectContaining({ kind: 'relation', person: expect.objectContaining({ phone: PHONE }) as unknown })])
  expect(holding(RIDER)).toEqual(expect.arrayContaining([expect.stringMatching(/^audit\//)]))

  const erased = data((await cloud.call('community', 'deleteMyData', {}, RIDER)).body)
  expect(erased.anonymized).toBe(mine.reports.length + mine.topicsRaised.length + mine.starAwards.length)
  expect(holding(RIDER)).toEqual([])
  expect(holding(PHONE)).toEqual([])
  expect(cloud.db.count('gridReports')).toBe(reportsBefore)
  const [kept] = cloud.db.find<Doc>('deliberationTopics', { _id: topic._id })
  expect(kept).toMatchObject({ title: '商圈夜间充电桩', raisedByName: '商圈成员' })
  const wall = data((await cloud.call('community', 'stars', { venueId: 'venue-youlin' })).body)
  expect(JSON.stringify(wall)).not.toContain('王小骑')

  const empty = data((await cloud.call('community', 'myData', {}, RIDER)).body)
  expect(empty).toEqual({ gridMembership: null, reports: [], districts: [], topicsRaised: [], votes: [], starRider: null, starScores: [], starAwards: [], party: [] })
  expect(data((await cloud.call('community', 'deleteMyData', {}, RIDER)).body)).toEqual({ removed: 0, anonymized: 0, cancelled: 0 })
})

test("a 骑士之星 scorer's erasure leaves the scores they gave and their riders naming one anonymous id; the ranking is unchanged", async () => {
  const SCORER = 'demo-scorer'
  // Quoted, as JSON holds it: demo-scorer-2 is another person.
  const named = `"${SCORER}"`
  const month = openMonth(WEDNESDAY_10_00)
  const riders = cloud.db.find<Doc & { stationManager: string }>('starRiders', { stationManager: SCORER })
  const given = cloud.db.find<Doc>('starScores', { scoredBy: SCORER })
  expect(riders.length).toBeGreaterThan(0)
  expect(given.length).toBeGreaterThan(0)
  const venueId = riders[0].venueId as string
  const ranking = async (): Promise<unknown> =>
    data((await cloud.call('community', 'starRanking', { venueId, month }, 'demo-admin')).body).items.map(({ riderId, enterpriseScore, index, rank }) => ({ riderId, enterpriseScore, index, rank }))
  const rankedBefore = await ranking()

  expect(data((await cloud.call('community', 'deleteMyData', {}, SCORER)).body)).toEqual({ removed: 0, anonymized: 0, cancelled: 0 })
  expect(holding(named)).toEqual([])
  const scores = cloud.db.find<Doc & { scoredBy: string }>('starScores', { _id: { $in: given.map((s) => s._id) } })
  expect(scores.map(({ scoredBy: _by, ...kept }) => kept)).toEqual(given.map(({ scoredBy: _by, ...kept }) => kept))
  const anonymous = new Set([...scores.map((s) => s.scoredBy), ...cloud.db.find<{ _id: string; stationManager: string }>('starRiders', { _id: { $in: riders.map((r) => r._id) } }).map((r) => r.stationManager)])
  expect(anonymous.size).toBe(1)
  expect([...anonymous][0]).toMatch(/^erased-/)
  expect(await ranking()).toEqual(rankedBefore)
  // Their account (removed by the user function, last in the erasure order) would find no riders of theirs meanwhile.
  expect(data((await cloud.call('community', 'myStarRiders', { month }, SCORER)).body).items).toEqual([])
  expect(data((await cloud.call('community', 'deleteMyData', {}, SCORER)).body)).toEqual({ removed: 0, anonymized: 0, cancelled: 0 })
  expect([...new Set(cloud.db.find<{ scoredBy: string }>('starScores', { _id: { $in: given.map((s) => s._id) } }).map((s) => s.scoredBy))]).toEqual([...anonymous])
})
