/**
 * The centres directory (DESIGN.md ⚑ community.centres): every centre the seed names, open to anyone, nearest first
 * when asked from a place, each saying whether it is open now. One centre's page (`centre`): the centre, and what runs
 * there as the page loads it from the functions that own it (course.listCourses, service.listServices,
 * service.outcomes for the centre).
 */
import { data, startTestCloud, type TestCloud } from '../support/cloud'
import { shanghai, WEDNESDAY_10_00 } from '../support/instants'

let cloud: TestCloud
beforeAll(async () => {
  cloud = await startTestCloud({ at: WEDNESDAY_10_00, seed: true, functions: ['community', 'course', 'service'] })
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

test('each centre says whether it is open at the time of asking: 枣林西 always, the others by their hours', async () => {
  const openAt = async (at: number) => {
    cloud.clock.set(at)
    const { items } = data((await cloud.call('community', 'centres', {})).body)
    return Object.fromEntries(items.map((c) => [c._id, c.openNow]))
  }
  expect(await openAt(WEDNESDAY_10_00)).toMatchObject({ 'venue-youlin': true, 'venue-kejiyuan': true, 'venue-zaolinxi': true, 'venue-ruide': true })
  // Wednesday 03:00: only the 24-hour centre.
  const night = await openAt(shanghai('2026-11-25T03:00:00'))
  expect(Object.entries(night).filter(([, open]) => open).map(([id]) => id)).toEqual(['venue-zaolinxi'])
  // Sunday 12:00: 科技创新园 works Monday to Friday, 岚沐 Monday to Saturday; 友邻空间 opens every day.
  expect(await openAt(shanghai('2026-11-29T12:00:00'))).toMatchObject({ 'venue-kejiyuan': false, 'venue-lanmu': false, 'venue-youlin': true })
  // 21:45 on a Wednesday: 友邻空间 closed at 21:30, 瑞德摩尔 is open until 22:00.
  expect(await openAt(shanghai('2026-11-25T21:45:00'))).toMatchObject({ 'venue-youlin': false, 'venue-ruide': true })
  cloud.clock.set(WEDNESDAY_10_00)
})

describe("one centre's page", () => {
  test('the centre: where it is, its hours and areas, how far it serves, its figures and whether it is open, in one read', async () => {
    const reply = await cloud.call('community', 'centre', { centreId: 'venue-lanmu', near: { lat: 36.06105, lng: 103.83208 } }, 'demo-rider')
    const { centre } = data(reply.body)
    expect(centre).toMatchObject({ _id: 'venue-lanmu', name: '岚沐文创园', district: '七里河区', street: '建兰路街道', radiusM: 2000, areaM2: 2000, openNow: true })
    expect(centre.amenities.length).toBeGreaterThan(2)
    expect(centre.figures).toEqual(expect.arrayContaining([{ label: '党群组织', value: 12, unit: '个' }]))
    // From 友邻空间 to 岚沐文创园 is close to 3 km as the crow flies.
    expect(centre.distanceM).toBeGreaterThan(2500)
    expect(centre.distanceM).toBeLessThan(3500)
    expect(reply.dbOps).toBe(1)
  })

  test('without a position the centre comes without a distance, also to a caller without an identity', async () => {
    const { centre } = data((await cloud.call('community', 'centre', { centreId: 'venue-zaolinxi' })).body)
    expect(centre).toMatchObject({ name: '枣林西社区', open24h: true, openNow: true })
    expect(centre.distanceM).toBeUndefined()
  })

  test('an unknown centre is NOT_FOUND, a malformed id INVALID_INPUT, each with the field named', async () => {
    const missing = await cloud.call('community', 'centre', { centreId: 'venue-nowhere' }, 'demo-rider')
    expect(missing.body).toMatchObject({ ok: false, code: 'NOT_FOUND', field: 'centreId' })
    expect(missing.body.ok ? '' : missing.body.message).toMatch(/服务中心/)
    const malformed = await cloud.callUntyped('community', { action: 'centre', centreId: '' })
    expect(malformed.body).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'centreId' })
  })

  test("what runs at 友邻空间, as its page loads it: its courses with the next class and seats, its services, what it has done", async () => {
    const [centre, courses, services, outcomes] = await Promise.all([
      cloud.call('community', 'centre', { centreId: 'venue-youlin' }),
      cloud.call('course', 'listCourses', { venueId: 'venue-youlin' }),
      cloud.call('service', 'listServices', { venueId: 'venue-youlin' }),
      cloud.call('service', 'outcomes', { venueId: 'venue-youlin' })
    ])
    const courseItems = data(courses.body).items
    expect(courseItems.length).toBeGreaterThan(0)
    expect(courseItems.every((c) => c.venueId === 'venue-youlin')).toBe(true)
    const next = courseItems.find((c) => c.nextStartAt !== undefined)
    expect(next?.nextStartAt).toBeGreaterThan(WEDNESDAY_10_00)
    expect(typeof next?.seatsLeft).toBe('number')
    const serviceItems = data(services.body).items
    expect(serviceItems.length).toBeGreaterThan(0)
    expect(serviceItems.every((card) => card.location === undefined || card.location.venueId === 'venue-youlin')).toBe(true)
    const done = data(outcomes.body)
    expect(done.needsSolved).toBeGreaterThan(0)
    expect(done.activitiesHeld).toBeGreaterThan(0)
    // The page's four calls together: the centre (1), the courses (3), the services (3) and what it has done (3).
    expect(centre.dbOps).toBe(1)
    expect(courses.dbOps).toBeLessThanOrEqual(3)
    expect(services.dbOps).toBeLessThanOrEqual(3)
    expect(outcomes.dbOps).toBe(3)
    expect(centre.dbOps + courses.dbOps + services.dbOps + outcomes.dbOps).toBeLessThanOrEqual(10)
  })

  test("another centre's page lists only what runs there: 枣林西's courses, none of 友邻空间's", async () => {
    const { items } = data((await cloud.call('course', 'listCourses', { venueId: 'venue-zaolinxi' })).body)
    expect(items.length).toBeGreaterThan(0)
    expect(items.every((c) => c.venueId === 'venue-zaolinxi')).toBe(true)
    const { items: services } = data((await cloud.call('service', 'listServices', { venueId: 'venue-kejiyuan' })).body)
    expect(services).toEqual([])
  })
})
