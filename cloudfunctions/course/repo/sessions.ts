/**
 * Reading a session: with its course (for the policy) in one aggregate, and — on the booking path — where it has
 * one person, looked up by the database through the seat table's paths so the `queue` stays on the server, and that
 * person's recent bookings (for the quota and strike rules) joined in the same request: every request saved on the
 * book path is one fewer in a burst on a hot session. The paths are the seat table's database layout; seats.ts writes
 * through the same ones.
 */
import { DomainError } from '@core/api/result'
import { placeOf, resolvePolicy, type BookingDoc, type CourseDoc, type CoursePolicy, type SeatEntry, type SeatState, type SessionDoc } from '@core/booking'
import { _ } from '../../_shared'
import { store } from './collections'

export const seatPath = (openid: string): string => `seats.${openid}`
export const waitPath = (openid: string): string => `waiting.${openid}`
export const queuePath = (index: number): string => `queue.${index}`

export const sessionNotFound = (): DomainError => new DomainError('NOT_FOUND', '这节课不存在或已被删除', 'sessionId')

export interface LoadedSession {
  session: SessionDoc
  course: CourseDoc
  policy: CoursePolicy
}

type WithCourse<T> = T & { course: CourseDoc[] }

const courseLookup = { from: 'courses', localField: 'courseId', foreignField: '_id', as: 'course' }

/** The session with its course (for the policy): one request, an aggregate with a lookup. Null when either is missing. */
export async function loadSession(sessionId: string): Promise<LoadedSession | null> {
  const [row] = await store.rows<WithCourse<SessionDoc>>(store.aggregate('sessions').match({ _id: sessionId }).lookup(courseLookup).limit(1))
  if (!row || row.course.length === 0) return null
  const { course, ...session } = row
  return { session, course: course[0], policy: resolvePolicy(course[0].policy) }
}

/** The session with its course, or NOT_FOUND for the caller. One request. */
export async function requireSession(sessionId: string): Promise<LoadedSession> {
  const found = await loadSession(sessionId)
  if (!found) throw sessionNotFound()
  return found
}

/** Where one person is in the seat table, looked up by the database (paths, not scans). */
interface PersonFields {
  me: { seat?: SeatEntry | null; waiting?: number | null }
}

const personFields = (openid: string): Record<string, string> => ({ seat: `$${seatPath(openid)}`, waiting: `$${waitPath(openid)}` })

/** A session without its seat table, and where it has one person. */
export interface PersonSeat {
  /** `seats`, `waiting`, `queue` and `checkinSecret` left out. */
  session: SessionDoc
  state: SeatState
}

/** The session's course, where it has the person, and their bookings of classes starting after `since`. */
export interface PersonView extends LoadedSession, PersonSeat {
  mine: BookingDoc[]
}

/**
 * The session with its course, where it has `openid`, and their bookings of classes starting after `since`: one
 * request (an aggregate with two lookups, both through an index: the course by `_id`, the bookings by `openid`) that
 * leaves the seat table on the server. Someone already waiting costs one more read for their place. Null when the
 * session or its course is missing.
 */
export async function loadForPerson(sessionId: string, openid: string, since: number): Promise<PersonView | null> {
  const $ = _.aggregate
  const [row] = await store.rows<WithCourse<SessionDoc & PersonFields & { mine: BookingDoc[] }>>(
    store
      .aggregate('sessions')
      .match({ _id: sessionId })
      .lookup(courseLookup)
      .addFields({ me: personFields(openid), rider: $.literal(openid) })
      .lookup({ from: 'bookings', localField: 'rider', foreignField: 'openid', as: 'mine' })
      .addFields({ mine: $.filter({ input: '$mine', as: 'b', cond: $.gt(['$$b.startAt', since]) }) })
      .project({ seats: 0, waiting: 0, queue: 0, checkinSecret: 0, rider: 0 })
      .limit(1)
  )
  if (!row || row.course.length === 0) return null
  const { course, me, mine, ...session } = row
  const loaded = { session, course: course[0], policy: resolvePolicy(course[0].policy), mine }
  if (me.seat) return { ...loaded, state: placeOf(session, openid, me.seat) }
  if (me.waiting === undefined || me.waiting === null) return { ...loaded, state: { kind: 'none' } }
  return { ...loaded, state: (await readPersonSeat(sessionId, openid)).state }
}

/** Where the session has `openid` now (after a join that did not land, or a lost race): one request, the queue included. */
export async function readPersonSeat(sessionId: string, openid: string): Promise<PersonSeat> {
  const [row] = await store.rows<SessionDoc & PersonFields>(
    store
      .aggregate('sessions')
      .match({ _id: sessionId })
      .addFields({ me: personFields(openid) })
      .project({ seats: 0, waiting: 0, checkinSecret: 0 })
      .limit(1)
  )
  if (!row) throw sessionNotFound()
  const { me, queue, ...session } = row
  return { session, state: placeOf({ ...session, queue }, openid, me.seat) }
}

/** The session as stored now. One request. */
export async function readSession(sessionId: string): Promise<SessionDoc> {
  const session = await store.get('sessions', sessionId)
  if (!session) throw sessionNotFound()
  return session
}
