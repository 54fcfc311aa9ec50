/**
 * Calling and arranging for the `course` integration tests (booking, calendar edges, concurrency, timer; the organizer
 * tests build on it in course-organizer-support.ts). `call` is typed by the contract in core/api/course.ts. Courses
 * and sessions go straight into the local cloud's store, relative to the cloud's clock (the invocation's now), with
 * the seat table (`seats`, `queue`) and bookings consistent the way seats.ts keeps them.
 */
import type { ActionInput, ActionName } from '@core/api'
import type { Result } from '@core/api/result'
import {
  newBookingDoc,
  bookingIdFor,
  resolvePolicy,
  type BookingDoc,
  type CourseDoc,
  type CoursePolicy,
  type SessionDoc
} from '@core/booking'
import { HOUR_MS, MINUTE_MS } from '@core/time'
import type { TimerReport } from '../../cloudfunctions/courseTimer'
import type { TestCloud } from '../support/cloud'

export { data } from '../support/cloud'

/** A function's answer: the ⚑ envelope around its data. */
export type Reply<T> = Result<T>

export type CourseAction = ActionName<'course'>

/** An action of function `course`, typed by its contract (core/api/course.ts). */
export const call = <A extends CourseAction>(cloud: TestCloud, action: A, input: ActionInput<'course', A>, openid?: string) =>
  cloud.call('course', action, input, openid)

/** The escape hatch for events the contract forbids, e.g. a field `book` does not take. */
export const callUntyped = (cloud: TestCloud, action: string, input: object, openid?: string) =>
  cloud.callUntyped('course', { action, ...input }, openid)

let serial = 0
/** A fresh id per test, so tests in one file never share a course or session. */
export const uniqueId = (prefix: string): string => `${prefix}-${process.pid}-${++serial}`

export function addCourse(cloud: TestCloud, policy: Partial<CoursePolicy> = {}, fields: Partial<CourseDoc> = {}): CourseDoc {
  const now = cloud.clock.now()
  const course: CourseDoc = {
    _id: uniqueId('c'),
    title: '测试课程',
    category: '健康',
    description: '',
    cover: '',
    instructor: '老师',
    venueId: 'venue-youlin',
    policy: resolvePolicy(policy),
    status: 'active',
    createdAt: now,
    updatedAt: now,
    ...fields
  }
  cloud.db.insert('courses', [course])
  return course
}

export interface SessionArrangement {
  /** Start relative to now (default: in two days). */
  startsIn?: number
  /** Or an absolute start, for tests placing classes on calendar days. */
  startAt?: number
  minutes?: number
  capacity?: number
  /** People holding seats (confirmed bookings). */
  seated?: string[]
  /** People waiting, in queue order. */
  queued?: string[]
  fields?: Partial<SessionDoc>
}

/** A session of `course` with the given people in its seats and waitlist; returns it as stored. */
export function addSession(cloud: TestCloud, course: CourseDoc, a: SessionArrangement = {}): SessionDoc {
  const now = cloud.clock.now()
  const startAt = a.startAt ?? now + (a.startsIn ?? 48 * HOUR_MS)
  const seated = a.seated ?? []
  const queued = a.queued ?? []
  const session: SessionDoc = {
    _id: uniqueId(`${course._id}-s`),
    courseId: course._id,
    title: course.title,
    category: course.category,
    venueId: course.venueId,
    startAt,
    endAt: startAt + (a.minutes ?? 90) * MINUTE_MS,
    capacity: a.capacity ?? 10,
    booked: seated.length,
    waitlisted: queued.length,
    waitlistSeq: queued.length,
    seats: Object.fromEntries(seated.map((o) => [o, { at: now - HOUR_MS }])),
    queue: [...queued],
    waiting: Object.fromEntries(queued.map((o) => [o, now - HOUR_MS])),
    status: 'scheduled',
    checkinSecret: 'test-secret',
    createdAt: now,
    updatedAt: now,
    ...a.fields
  }
  cloud.db.insert('sessions', [session])
  const joinedAt = now - HOUR_MS
  const bookings = [
    ...seated.map((o) => newBookingDoc(session, o, 'confirmed', joinedAt)),
    ...queued.map((o, i) => newBookingDoc(session, o, 'waitlisted', joinedAt, { position: i + 1 }))
  ]
  if (bookings.length) cloud.db.insert('bookings', bookings)
  return session
}

export const sessionDoc = (cloud: TestCloud, id: string): SessionDoc => cloud.db.find('sessions', { _id: id })[0]
export const bookingDoc = (cloud: TestCloud, sessionId: string, openid: string): BookingDoc | undefined =>
  cloud.db.find('bookings', { _id: bookingIdFor(sessionId, openid) })[0]
export const bookingsOf = (cloud: TestCloud, sessionId: string): BookingDoc[] => cloud.db.find('bookings', { sessionId })

/**
 * The session document's own invariants, which hold at every instant because each change is one conditional update of
 * it (even when a function dies right after): booked = people in `seats` ≤ capacity; `waitlistSeq` = queue length (left
 * places stay as ''); `waitlisted` = the live queue entries = the people in `waiting`.
 */
export function expectSeatTable(cloud: TestCloud, sessionId: string): SessionDoc {
  const s = sessionDoc(cloud, sessionId)
  const queue = s.queue ?? []
  const live = queue.filter((o) => o !== '')
  expect(s.booked).toBe(Object.keys(s.seats ?? {}).length)
  expect(s.booked).toBeLessThanOrEqual(s.capacity)
  expect(s.waitlistSeq).toBe(queue.length)
  expect(s.waitlisted).toBe(live.length)
  expect(Object.keys(s.waiting ?? {}).sort()).toEqual([...live].sort())
  return s
}

/**
 * The seat table's invariants, and the bookings agreeing with it: the bookings holding a seat are exactly the people in
 * `seats`; the waitlisted bookings are exactly the live queue entries, with matching positions.
 */
export function expectConsistent(cloud: TestCloud, sessionId: string): void {
  const s = expectSeatTable(cloud, sessionId)
  const bookings = bookingsOf(cloud, sessionId)
  const holding = bookings.filter((b) => ['confirmed', 'held', 'attended'].includes(b.status)).map((b) => b.openid).sort()
  expect(holding).toEqual(Object.keys(s.seats ?? {}).sort())
  const live = (s.queue ?? []).map((o, i) => [o, i + 1] as const).filter(([o]) => o !== '')
  const waiting = bookings.filter((b) => b.status === 'waitlisted' && b.lottery !== 'entered')
  expect(waiting.map((b) => [b.openid, b.position]).sort()).toEqual(live.map(([o, p]) => [o, p]).sort())
}

/** Runs function courseTimer as the platform's timer trigger does. */
export const runTimer = (cloud: TestCloud): Promise<Reply<TimerReport>> => cloud.cloud.runTrigger('courseTimer', 'everyMinute')
