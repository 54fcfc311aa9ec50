/**
 * The 1,000-person burst with functions in worker-thread instances, all at once (not 50 at a time as in
 * test/integration/course-concurrency.test.ts): the admission queue keeps every admitted book's database requests
 * short however many wait, so no book fails on the SDK's request timeout, and the seat table is exact. Behaviour
 * only; `npm run bench` times it.
 */
import { startTestCloud, type TestCloud } from '../support/cloud'
import { WEDNESDAY_10_00 } from '../support/instants'
import { addCourse, addSession, call, expectConsistent, sessionDoc } from '../integration/course-booking-support'

let cloud: TestCloud

beforeAll(async () => {
  cloud = await startTestCloud({ at: WEDNESDAY_10_00, functions: ['course'], functionThreads: 2 })
})
afterAll(() => cloud.close())

test('1,000 people booking a 30-seat session at once: 30 confirmed, every book answered, none failed', async () => {
  const course = addCourse(cloud, { weeklyLimit: 14, maxUpcoming: 20 })
  const { _id } = addSession(cloud, course, { capacity: 30 })
  const people = Array.from({ length: 1000 }, (_, i) => `burst-worker-${String(i).padStart(4, '0')}`)
  const replies = await Promise.all(people.map((p) => call(cloud, 'book', { sessionId: _id }, p)))
  expect(replies.filter((r) => r.status !== 200).map((r) => r.body)).toEqual([])
  const confirmed = replies.filter((r) => r.body.ok && r.body.data.booking.status === 'confirmed')
  expect(confirmed).toHaveLength(30)
  expect(sessionDoc(cloud, _id).booked).toBe(30)
  expectConsistent(cloud, _id)
}, 600_000)
