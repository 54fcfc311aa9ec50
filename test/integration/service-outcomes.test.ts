/**
 * A centre's outcomes (`outcomes`): the needs solved and activities held its page shows, to anyone, in three requests
 * instead of the whole board's ten — and the same numbers the board and the dashboard show, for every centre of the
 * demo and for all of them together.
 */
import { data, type TestCloud } from '../support/cloud'
import { call, startServiceCloud, VENUE } from './service-support'

let cloud: TestCloud
beforeAll(async () => {
  cloud = await startServiceCloud()
})
afterAll(() => cloud.close())

test('every centre’s outcomes, and all centres’, equal the needs solved and activities held of its full figures', async () => {
  const venues = cloud.db.find<{ _id: string }>('venues').map((venue) => venue._id)
  expect(venues.length).toBeGreaterThan(5)
  for (const venueId of [...venues, undefined]) {
    const at = venueId === undefined ? {} : { venueId }
    const outcomes = data((await call(cloud, 'outcomes', at, 'demo-rider')).body)
    const board = data((await call(cloud, 'stats', at, 'demo-rider')).body)
    const dashboard = data((await call(cloud, 'stats', { ...at, scope: 'centre' }, 'demo-admin')).body)
    expect([venueId, outcomes]).toEqual([venueId, { needsSolved: board.needsSolved, activitiesHeld: board.activitiesHeld }])
    expect([venueId, outcomes]).toEqual([venueId, { needsSolved: dashboard.needsSolved, activitiesHeld: dashboard.activitiesHeld }])
  }
})

test('友邻空间’s outcomes, to a caller without an identity: three requests where the board makes ten', async () => {
  const outcomes = await cloud.call('service', 'outcomes', { venueId: VENUE })
  const board = await cloud.call('service', 'stats', { venueId: VENUE })
  const { needsSolved, activitiesHeld } = data(outcomes.body)
  expect(needsSolved).toBeGreaterThan(0)
  expect(activitiesHeld).toBeGreaterThan(0)
  // Needs by status, the centre's courses, their attended bookings.
  expect(outcomes.dbOps).toBe(3)
  expect(board.dbOps).toBe(10)
})

test('a malformed centre id is refused with the field named', async () => {
  const reply = await cloud.callUntyped('service', { action: 'outcomes', venueId: '' })
  expect(reply.body).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'venueId' })
})
