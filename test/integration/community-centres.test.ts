/**
 * The centres directory (DESIGN.md ⚑ community.centres): every centre the seed names, open to anyone, nearest first
 * when asked from a place.
 */
import { data, startTestCloud, type TestCloud } from '../support/cloud'
import { WEDNESDAY_10_00 } from '../support/instants'

let cloud: TestCloud
beforeAll(async () => {
  cloud = await startTestCloud({ at: WEDNESDAY_10_00, seed: true, functions: ['community'] })
})
afterAll(() => cloud.close())

const SEED_CENTRES = ['兰州老街', '岚沐文创园', '奔马车行', '友邻空间', '幸福里社区', '枣林西社区', '西固区', '皋兰路片区', '兰州科技创新园', '瑞德摩尔商圈']

test('lists every centre the seed names, with where it is and whether it never closes, to a caller without an identity', async () => {
  const reply = await cloud.call('community', 'centres', {})
  const { items } = data(reply.body)
  expect(items.map((c) => c.name).sort()).toEqual([...SEED_CENTRES].sort())
  for (const c of items) expect([typeof c._id, typeof c.lat, typeof c.lng, typeof c.open24h]).toEqual(['string', 'number', 'number', 'boolean'])
  expect(items.filter((c) => c.open24h).map((c) => c.name)).toEqual(['枣林西社区'])
  const lanmu = items.find((c) => c.name === '岚沐文创园')
  expect(lanmu).toMatchObject({ areaM2: 2000, radiusM: 2000 })
  expect(lanmu?.figures).toEqual(expect.arrayContaining([{ label: '非公企业', value: 321, unit: '个' }, { label: '直接服务新业态从业人员', value: 986, unit: '名' }]))
  expect(reply.dbOps).toBe(1)
})

test('from a place, the nearest centre comes first, each with its distance', async () => {
  // On 西固中路, a few hundred metres from the 西固 centre.
  const { items } = data((await cloud.call('community', 'centres', { near: { lat: 36.0962, lng: 103.6251 } }, 'demo-rider')).body)
  expect(items[0]).toMatchObject({ _id: 'venue-xigu' })
  expect(items[0].distanceM).toBeLessThan(500)
  const distances = items.map((c) => c.distanceM ?? -1)
  expect(distances).toEqual([...distances].sort((a, b) => a - b))
})

test('a position off the map is refused with the field named', async () => {
  const reply = await cloud.callUntyped('community', { action: 'centres', near: { lat: 120, lng: 103.6 } })
  expect(reply.body).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'near.lat' })
})
