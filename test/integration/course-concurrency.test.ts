/**
 * Function `course` under concurrency, through the local cloud with the real bundle and wx-server-sdk: no overbooking,
 * gap-free waitlist positions, exactly-once promotion when cancels race, one booking per person however often they tap.
 */
import type { BookInput, BookOutput } from '@core/api/course'
import { startTestCloud, type CallResult, type TestCloud } from '../support/cloud'
import { addCourse, addSession, bookingsOf, call, data, expectConsistent, sessionDoc, type Reply } from './course-booking-support'

let cloud: TestCloud

beforeAll(async () => {
  cloud = await startTestCloud({ functions: ['course'] })
})
afterAll(() => cloud.close())

const book = (sessionId: string, openid: string, extra: Omit<BookInput, 'sessionId'> = {}) => call(cloud, 'book', { sessionId, ...extra }, openid)
const cancel = (sessionId: string, openid: string) => call(cloud, 'cancel', { sessionId }, openid)
const people = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}-${String(i).padStart(4, '0')}`)

describe('1,000 concurrent books by distinct people on a 30-seat session', () => {
  let replies: CallResult<Reply<BookOutput>>[]
  let sessionId: string
  let elapsedMs: number

  beforeAll(async () => {
    const course = addCourse(cloud, { weeklyLimit: 14, maxUpcoming: 20 })
    sessionId = addSession(cloud, course, { capacity: 30 })._id
    const started = Date.now()
    replies = await Promise.all(people('burst', 1000).map((p) => book(sessionId, p)))
    elapsedMs = Date.now() - started
    console.log(`1,000 concurrent books: ${elapsedMs} ms`)
  }, 120_000)

  it('confirms exactly 30 and waitlists the rest with positions 1..970, no gaps or repeats', () => {
    const bookings = replies.map((r) => data(r.body).booking)
    expect(bookings.filter((b) => b.status === 'confirmed')).toHaveLength(30)
    const waiting = bookings.filter((b) => b.status === 'waitlisted')
    expect(waiting).toHaveLength(970)
    // What each person was told, and what is stored, are both 1..970 exactly once.
    expect(waiting.map((b) => b.position).sort((a, b) => (a as number) - (b as number))).toEqual(Array.from({ length: 970 }, (_, i) => i + 1))
    const stored = bookingsOf(cloud, sessionId).filter((b) => b.status === 'waitlisted')
    expect(stored.map((b) => b.position).sort((a, b) => (a as number) - (b as number))).toEqual(Array.from({ length: 970 }, (_, i) => i + 1))
  })

  it('leaves booked = number of confirmed bookings = 30, and the seat table consistent', () => {
    const s = sessionDoc(cloud, sessionId)
    expect(s.booked).toBe(30)
    expect(bookingsOf(cloud, sessionId).filter((b) => b.status === 'confirmed')).toHaveLength(30)
    expect(s.waitlistSeq).toBe(970)
    expectConsistent(cloud, sessionId)
  })

  it('stays within 6 database requests per book even under this contention', () => {
    for (const r of replies) expect(r.dbOps).toBeLessThanOrEqual(6)
    console.log(`db ops per book in the burst: max ${Math.max(...replies.map((r) => r.dbOps))}, mean ${(replies.reduce((n, r) => n + r.dbOps, 0) / replies.length).toFixed(2)}`)
  })

  it('takes a few seconds, not minutes', () => {
    expect(elapsedMs).toBeLessThan(30_000)
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
