/**
 * 我的数据 in function `community` (issue 10's rules for issue 12's data), through the local cloud with the demo
 * data: demo-rider is an approved 兼职网格员 with reports, a member of two 商圈 districts with a ballot; here they also
 * raise a topic and register to find their party organization. myData shows each of these to them in full; after
 * deleteMyData nothing in the community's collections names them, the reports and the topic stay for the centre's
 * counts and the other members, and a second erasure changes nothing.
 */
import { data, startTestCloud, type TestCloud } from '../support/cloud'
import { WEDNESDAY_10_00 } from '../support/instants'

const RIDER = 'demo-rider'
const PHONE = '13800138000'
const COMMUNITY_COLLECTIONS = ['gridMembers', 'gridReports', 'deliberationMembers', 'deliberationTopics', 'deliberationVotes', 'partyRegistrations', 'notifications']

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
  const reportsBefore = cloud.db.count('gridReports')

  const mine = data((await cloud.call('community', 'myData', {}, RIDER)).body)
  expect(mine.gridMembership).toMatchObject({ venueId: 'venue-xigu', status: 'approved' })
  expect(mine.reports.length).toBeGreaterThan(0)
  expect(mine.districts.map((d) => d.venueId)).toContain('venue-ruide')
  expect(mine.topicsRaised.map((t) => t._id)).toContain(topic._id)
  expect(mine.votes.length).toBeGreaterThan(0)
  expect(mine.votes.every((v) => v.topic !== '' && v.proposal !== '')).toBe(true)
  expect(mine.party).toEqual([expect.objectContaining({ kind: 'relation', person: expect.objectContaining({ phone: PHONE }) as unknown })])
  expect(holding(RIDER).length).toBeGreaterThan(0)

  const erased = data((await cloud.call('community', 'deleteMyData', {}, RIDER)).body)
  expect(erased.anonymized).toBe(mine.reports.length + mine.topicsRaised.length)
  expect(holding(RIDER)).toEqual([])
  expect(holding(PHONE)).toEqual([])
  expect(cloud.db.count('gridReports')).toBe(reportsBefore)
  const [kept] = cloud.db.find<Doc>('deliberationTopics', { _id: topic._id })
  expect(kept).toMatchObject({ title: '商圈夜间充电桩', raisedByName: '商圈成员' })

  const empty = data((await cloud.call('community', 'myData', {}, RIDER)).body)
  expect(empty).toEqual({ gridMembership: null, reports: [], districts: [], topicsRaised: [], votes: [], party: [] })
  expect(data((await cloud.call('community', 'deleteMyData', {}, RIDER)).body)).toEqual({ removed: 0, anonymized: 0, cancelled: 0 })
})
