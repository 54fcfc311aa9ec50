/**
 * Function `course` under concurrency and failure, through the local cloud with the real bundle and wx-server-sdk: no
 * overbooking, gap-free waitlist positions, exactly-once promotion when cancels race, one booking per person however
 * often they tap, and a book that dies half-way leaves what its retry repairs.
 *
 * These tests assert behaviour, never speed: `npm run bench` times the 1,000-person burst. Races that matter are forced
 * in order by holding one database request (emulator/faults.ts) rather than hoped for from the scheduler.
 */
import { expect } from '@jest/globals'
import type { BookInput, BookOutput } from '@core/api/course'
import { MINUTE_MS } from '@core/time'
import { startTestCloud, type CallResult, type TestCloud } from '../support/cloud'
import { WEDNESDAY_10_00 } from '../support/instants'
import { LIMIT_REQUESTS } from '../support/write-limits'
import {
  addCourse,
  addSession,
  bookingsOf,
  call,
  data,
  expectConsistent,
  expectSeatTable,
  sessionDoc,
  uniqueId,
  type Reply
} from './course-booking-support'

let cloud: TestCloud

beforeAll(async () => {
  cloud = await startTestCloud({ at: WEDNESDAY_10_00, functions: ['course'] })
})
afterAll(() => cloud.close())

const book = (sessionId: string, openid: string, extra: Omit<BookInput, 'sessionId'> = {}) => call(cloud, 'book', { sessionId, ...extra }, openid)
const cancel = (sessionId: string, openid: string) => call(cloud, 'cancel', { sessionId }, openid)
const people = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(4, '0')}`)

/** Runs `tasks` with at most `width` in flight; the results in task order. */
async function inFlight<T>(tasks: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results = new Array<T>(tasks.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const i = next++
      results[i] = await tasks[i]()
    }
  }
  await Promise.all(Array.from({ length: Math.min(width, tasks.length) }, worker))
  return results
}

/**
 * Books in flight at once in the burst. Every invocation of the local cloud shares this one Node thread with the
 * test, so 1,000 at once queue each SDK request behind everyone else's work: on a loaded 2-core machine requests
 * waited past the SDK's 15-second timeout and their books failed with INTERNAL. On CloudBase each invocation has its
 * own instance, so that wait is the local cloud's, not the behaviour under test. A longer SDK timeout would have to be
 * set inside the function bundle and would only move the cliff; bounding the client keeps each request's wait in
 * proportion to this number, however loaded the machine, while 50 books racing for 30 seats still take every
 * contended path (lost claims, racing appends).
 */
const BURST_IN_FLIGHT = 50

describe('1,000 people booking a 30-seat session, 50 at a time', () => {
  let replies: CallResult<Reply<BookOutput>>[]
  let sessionId: string
  // The default cap: two waiting per seat (core/booking/policy.ts).
  const WAITLIST_CAP = 60

  beforeAll(async () => {
    const course = addCourse(cloud, { weeklyLimit: 14, maxUpcoming: 20 })
    sessionId = addSession(cloud, course, { capacity: 30 })._id
    replies = await inFlight(
      people('burst', 1000).map((p) => () => book(sessionId, p)),
      BURST_IN_FLIGHT
    )
  }, 600_000)

  it('confirms exactly 30, waitlists 60 with positions 1..60 (no gaps or repeats), and tells the rest 候补已满', () => {
    const answered = replies.filter((r) => r.body.ok).map((r) => data(r.body).booking)
    expect(answered.filter((b) => b.status === 'confirmed')).toHaveLength(30)
    const waiting = answered.filter((b) => b.status === 'waitlisted')
    // What each person was told, and what is stored, are both 1..60 exactly once.
    expect(waiting.map((b) => b.position).sort((a, b) => (a as number) - (b as number))).toEqual(Array.from({ length: WAITLIST_CAP }, (_, i) => i + 1))
    const stored = bookingsOf(cloud, sessionId).filter((b) => b.status === 'waitlisted')
    expect(stored.map((b) => b.position).sort((a, b) => (a as number) - (b as number))).toEqual(Array.from({ length: WAITLIST_CAP }, (_, i) => i + 1))
    const refused = replies.filter((r) => !r.body.ok).map((r) => r.body)
    expect(refused).toHaveLength(1000 - 30 - WAITLIST_CAP)
    for (const r of refused) expect(r).toMatchObject({ ok: false, code: 'WAITLIST_FULL', message: expect.stringContaining('候补已满') })
    // A refused book writes no booking.
    expect(bookingsOf(cloud, sessionId)).toHaveLength(30 + WAITLIST_CAP)
  })

  it('leaves booked = number of confirmed bookings = 30, the seat table consistent, and the session a few KB', () => {
    const s = sessionDoc(cloud, sessionId)
    expect(s.booked).toBe(30)
    expect(bookingsOf(cloud, sessionId).filter((b) => b.status === 'confirmed')).toHaveLength(30)
    expect(s).toMatchObject({ waitlistSeq: WAITLIST_CAP, waitlisted: WAITLIST_CAP })
    expectConsistent(cloud, sessionId)
    // Seats, queue and the waiting map at the cap (35 KB at 970 waiting without one).
    expect(Buffer.byteLength(JSON.stringify(s))).toBeLessThan(10_000)
  })

  it('books within 4 database requests: 3 when the session as read was right, one more for a seat claim lost to others', () => {
    // Each of them books for the first time: the write limit's requests come first.
    const own = replies.map((r) => r.dbOps - LIMIT_REQUESTS.first)
    expect(Math.max(...own)).toBeLessThanOrEqual(4)
    const waitlisted = replies.filter((r) => r.body.ok && r.body.data.booking.status === 'waitlisted').map((r) => r.dbOps - LIMIT_REQUESTS.first)
    expect(Math.min(...waitlisted)).toBe(3)
    // Refused at once when the session as read had a full waitlist: its one read.
    expect(Math.min(...own)).toBe(1)
  })
})

describe('one person tapping many times at once', () => {
  it('gets one booking and one seat, every tap answered with it', async () => {
    const course = addCourse(cloud)
    const { _id } = addSession(cloud, course, { capacity: 5 })
    const replies = await Promise.all(Array.from({ length: 12 }, (_, i) => book(_id, 'double-tapper', { requestId: `tap-request-${i}` })))
    const ids = new Set(replies.map((r) => data(r.body).booking._id))
    expect(ids.size).toBe(1)
    for (const r of replies) expect(data(r.body).booking.status).toBe('confirmed')
    expect(sessionDoc(cloud, _id).booked).toBe(1)
    expect(bookingsOf(cloud, _id)).toHaveLength(1)
    expectConsistent(cloud, _id)
  })

  it('on a full session: one place on the waitlist, however many taps race', async () => {
    const course = addCourse(cloud)
    const { _id } = addSession(cloud, course, { capacity: 1, seated: ['seat-owner'] })
    const replies = await Promise.all(Array.from({ length: 12 }, () => book(_id, 'eager-waiter')))
    for (const r of replies) expect(data(r.body).booking).toMatchObject({ status: 'waitlisted', position: 1 })
    expect(sessionDoc(cloud, _id).waitlistSeq).toBe(1)
    expectConsistent(cloud, _id)
  })
})

describe('concurrent cancels', () => {
  it('20 confirmed + 20 waiting, 20 cancels at once → exactly 20 promotions, each person once, booked stays 20', async () => {
    const course = addCourse(cloud)
    const seated = people('seated', 20)
    const queued = people('queued', 20)
    const { _id } = addSession(cloud, course, { capacity: 20, seated, queued })
    const replies = await Promise.all(seated.map((p) => cancel(_id, p)))
    for (const r of replies) expect(data(r.body).booking.status).toBe('cancelled')
    const s = sessionDoc(cloud, _id)
    expect(s.booked).toBe(20)
    expect(Object.keys(s.seats ?? {}).sort()).toEqual(queued)
    const bookings = bookingsOf(cloud, _id)
    const promoted = bookings.filter((b) => b.status === 'confirmed')
    expect(promoted.map((b) => b.openid).sort()).toEqual(queued)
    // Each was promoted by exactly one cancel: one 'promoted' notice each.
    for (const b of promoted) expect(b.notices?.filter((n) => n.kind === 'promoted')).toHaveLength(1)
    expectConsistent(cloud, _id)
  })

  it('each person cancelling twice at once still frees and passes on each seat exactly once', async () => {
    const course = addCourse(cloud)
    const seated = people('twice', 10)
    const queued = people('next', 15)
    const { _id } = addSession(cloud, course, { capacity: 10, seated, queued })
    await Promise.all([...seated, ...seated].map((p) => cancel(_id, p)))
    const s = sessionDoc(cloud, _id)
    expect(s.booked).toBe(10)
    // The first ten in the queue got the seats, in queue order; five still wait.
    expect(Object.keys(s.seats ?? {}).sort()).toEqual(queued.slice(0, 10))
    expect(s.waitlisted).toBe(5)
    expectConsistent(cloud, _id)
  })

  it('books and cancels racing on a full session never overbook', async () => {
    const course = addCourse(cloud)
    const seated = people('racer-seat', 15)
    const { _id } = addSession(cloud, course, { capacity: 15, seated, queued: people('racer-wait', 5) })
    const newcomers = people('racer-new', 40)
    await Promise.all([...seated.slice(0, 10).map((p) => cancel(_id, p)), ...newcomers.map((p) => book(_id, p))])
    const s = sessionDoc(cloud, _id)
    expect(s.booked).toBe(15)
    expectConsistent(cloud, _id)
  })
})

describe('a book held up in the middle while others book', () => {
  afterEach(() => cloud.faults.clear())

  it('a seat claim arriving after others took the last seats joins the waitlist instead of overbooking', async () => {
    const course = addCourse(cloud)
    const { _id } = addSession(cloud, course, { capacity: 2 })
    // The second request of a book (after the write limit's) is the seat claim: this one has read two free seats and waits to claim one.
    const claim = cloud.faults.holdDatabaseRequest({ fn: 'course', openid: 'slow-claimer', request: LIMIT_REQUESTS.first + 2 })
    const slow = book(_id, 'slow-claimer')
    await claim.arrived
    expect(data((await book(_id, 'quick-1')).body).booking.status).toBe('confirmed')
    expect(data((await book(_id, 'quick-2')).body).booking.status).toBe('confirmed')
    claim.release()
    const res = await slow
    expect(data(res.body).booking).toMatchObject({ status: 'waitlisted', position: 1 })
    // The read, the lost claim, the append (which answers the place), the booking.
    expect(res.dbOps).toBe(LIMIT_REQUESTS.first + 4)
    expect(sessionDoc(cloud, _id).booked).toBe(2)
    expectConsistent(cloud, _id)
  })

  it('a waitlist append arriving after others joined lands behind them, positions without gaps', async () => {
    const course = addCourse(cloud)
    const { _id } = addSession(cloud, course, { capacity: 1, seated: ['seat-owner'] })
    const append = cloud.faults.holdDatabaseRequest({ fn: 'course', openid: 'slow-waiter', request: LIMIT_REQUESTS.first + 2 })
    const slow = book(_id, 'slow-waiter')
    await append.arrived
    expect(data((await book(_id, 'waiter-1')).body).booking).toMatchObject({ status: 'waitlisted', position: 1 })
    expect(data((await book(_id, 'waiter-2')).body).booking).toMatchObject({ status: 'waitlisted', position: 2 })
    append.release()
    expect(data((await slow).body).booking).toMatchObject({ status: 'waitlisted', position: 3 })
    expect(sessionDoc(cloud, _id).queue).toEqual(['waiter-1', 'waiter-2', 'slow-waiter'])
    expectConsistent(cloud, _id)
  })

  it('a retry that overtakes the first attempt (its seat claim still in flight) ends with one seat and one booking', async () => {
    const course = addCourse(cloud)
    const { _id } = addSession(cloud, course, { capacity: 2 })
    const claim = cloud.faults.holdDatabaseRequest({ fn: 'course', openid: 'impatient', request: LIMIT_REQUESTS.first + 2 })
    const first = book(_id, 'impatient', { requestId: 'tap-impatient-1' })
    await claim.arrived
    // The client stopped waiting and sent the same tap again; the first attempt's claim lands after it.
    expect(data((await book(_id, 'impatient', { requestId: 'tap-impatient-1' })).body).booking.status).toBe('confirmed')
    claim.release()
    expect(data((await first).body).booking.status).toBe('confirmed')
    expect(sessionDoc(cloud, _id).booked).toBe(1)
    expect(bookingsOf(cloud, _id)).toHaveLength(1)
    expectConsistent(cloud, _id)
  })
})

/**
 * The requests of a book in its common case are, after the write limit's (support/write-limits.ts): the session with
 * its course with the person's recent bookings (1), the seat or the place in the queue (2), the booking (3). A request
 * that times out on CloudBase either never reached the database or reached it and lost its answer; the function
 * cannot tell which and gives up (INTERNAL). Here each
 * request fails each way, and the person's retry of the same tap must end with one booking that matches the session.
 */
describe('a book that fails half-way, then is retried', () => {
  let errors: string[]
  let consoleError: jest.SpyInstance
  beforeEach(() => {
    errors = []
    consoleError = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      errors.push(args.map(String).join(' '))
    })
  })
  afterEach(() => {
    consoleError.mockRestore()
    cloud.faults.clear()
  })

  const cases = [1, 2, 3].flatMap((request) =>
    (['lost', 'unanswered'] as const).flatMap((failure) => (['a free seat', 'a full class'] as const).map((where) => [request, failure, where] as const))
  )

  it.each(cases)('request %i %s, booking %s: the seat table stays whole and the retry repairs the rest', async (request, failure, where) => {
    const course = addCourse(cloud)
    const full = where === 'a full class'
    const { _id } = addSession(cloud, course, { capacity: full ? 1 : 2, seated: ['seat-owner'] })
    const who = uniqueId('retrier')
    const requestId = `tap-${who}`
    const fault = cloud.faults.failDatabaseRequest({ fn: 'course', openid: who, request: LIMIT_REQUESTS.first + request }, failure)

    const first = await book(_id, who, { requestId })
    expect(fault.fired).toBe(true)
    expect(first.body).toMatchObject({ ok: false, code: 'INTERNAL', message: expect.stringMatching(/\S/) })
    expect(errors).toEqual([expect.stringContaining('[course.book] failed')])
    // Whatever the attempt wrote, the session document is whole and has the person at most once.
    const after = expectSeatTable(cloud, _id)
    expect(Number(who in (after.seats ?? {})) + (after.queue ?? []).filter((o) => o === who).length).toBeLessThanOrEqual(1)

    const retry = await book(_id, who, { requestId })
    expect(data(retry.body).booking).toMatchObject(full ? { status: 'waitlisted', position: 1 } : { status: 'confirmed' })
    expect(sessionDoc(cloud, _id)).toMatchObject(full ? { booked: 1, waitlistSeq: 1, waitlisted: 1 } : { booked: 2, waitlistSeq: 0 })
    expect(bookingsOf(cloud, _id).filter((b) => b.openid === who)).toHaveLength(1)
    expectConsistent(cloud, _id)
  })

  it('a retry minutes later, as a new tap, finds the seat the lost answer had taken', async () => {
    const course = addCourse(cloud)
    const { _id } = addSession(cloud, course, { capacity: 1 })
    const fault = cloud.faults.failDatabaseRequest({ fn: 'course', openid: 'gave-up', request: LIMIT_REQUESTS.first + 2 }, 'unanswered')
    expect((await book(_id, 'gave-up', { requestId: 'tap-gave-up-1' })).body).toMatchObject({ ok: false, code: 'INTERNAL' })
    expect(fault.fired).toBe(true)
    // Someone else cannot take the seat the failed attempt holds.
    expect(data((await book(_id, 'other')).body).booking).toMatchObject({ status: 'waitlisted', position: 1 })
    cloud.clock.advance(5 * MINUTE_MS)
    expect(data((await book(_id, 'gave-up', { requestId: 'tap-gave-up-2' })).body).booking).toMatchObject({ status: 'confirmed' })
    cloud.clock.set(WEDNESDAY_10_00)
    expectConsistent(cloud, _id)
  })
})
