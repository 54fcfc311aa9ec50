/**
 * A session's seat table (`seats`, `queue`, `waiting` of SessionDoc) read and changed in memory: where a person is,
 * who is waiting, who gets a freed seat, and what the session looks like after a change. The function's seats.ts
 * writes exactly these changes to the database, one conditional update each; keeping the reading and the in-memory
 * results here lets that module hold only conditions and writes, and lets the rules be tested without a database.
 */
import type { BookingDoc, BookingStatus, SeatEntry, SessionDoc } from './model'
import { bookingIdFor } from './model'
import type { CoursePolicy } from './policy'
import { decideFreedSeat, displayPosition, type OpenReason, type SeatDecision, type WaitlistEntry } from './waitlist'

/** What the seat rules read of a session: its id and its seat table. */
export type SeatTable = Pick<SessionDoc, '_id' | 'seats' | 'queue'>

export interface QueueEntry extends WaitlistEntry {
  openid: string
  /** Index in `queue`; the stored waitlist position (sequence number) is index + 1. */
  index: number
}

/** Everyone still waiting, in queue order, as the waitlist rules' entries. */
export function queueEntries(session: Pick<SessionDoc, '_id' | 'queue'>): QueueEntry[] {
  const out: QueueEntry[] = []
  ;(session.queue ?? []).forEach((openid, index) => {
    if (openid !== '') out.push({ _id: bookingIdFor(session._id, openid), openid, index, status: 'waitlisted', position: index + 1 })
  })
  return out
}

/** Where the session has one person: in a seat (and how), waiting, or neither. */
export type SeatState =
  | { kind: 'seat'; entry: SeatEntry; status: 'confirmed' | 'held' | 'attended' }
  /** position: the stored sequence number; shown: the displayed position (1 = next). */
  | { kind: 'queued'; index: number; position: number; shown: number }
  | { kind: 'none' }

export const seatStatus = (entry: SeatEntry): 'confirmed' | 'held' | 'attended' =>
  entry.checkedInAt !== undefined ? 'attended' : entry.holdUntilAt !== undefined ? 'held' : 'confirmed'

export function seatState(session: SeatTable, openid: string): SeatState {
  const entry = session.seats?.[openid]
  if (entry) return { kind: 'seat', entry, status: seatStatus(entry) }
  const index = (session.queue ?? []).indexOf(openid)
  if (index < 0) return { kind: 'none' }
  const position = index + 1
  return { kind: 'queued', index, position, shown: displayPosition(position, queueEntries(session)) }
}

/**
 * Where the person is when the database looked up their seat entry (`seat`) and the session came without its seat
 * table: the entry decides, else the queue (when it was loaded).
 */
export function placeOf(session: Pick<SessionDoc, '_id' | 'queue'>, openid: string, seat: SeatEntry | null | undefined): SeatState {
  if (seat) return { kind: 'seat', entry: seat, status: seatStatus(seat) }
  return seatState({ ...session, seats: {} }, openid)
}

/**
 * The person's status as the session has it: a seat or a place in the queue wins over a booking that has not caught
 * up; a booking that says seat or waitlist when the session shows neither is behind a release (it counts as cancelled).
 * Lottery entries are not in the seat table before the draw, so their booking speaks for itself.
 */
export function statusNow(state: SeatState, current: BookingDoc | null): { status: BookingStatus } | null {
  if (state.kind === 'seat') return { status: state.status }
  if (state.kind === 'queued') return { status: 'waitlisted' }
  if (!current) return null
  const stale = !isLotteryEntry(current) && (current.status === 'confirmed' || current.status === 'held' || current.status === 'waitlisted')
  return { status: stale ? 'cancelled' : current.status }
}

/** A lottery entry before the draw: waiting outside the queue, counted only in the session's `waitlisted`. */
export const isLotteryEntry = (booking: Pick<BookingDoc, 'status' | 'lottery'>): boolean =>
  booking.status === 'waitlisted' && booking.lottery === 'entered'

/** Who got a freed seat: the head of the waitlist (at once, or as a hold), or nobody (the seat is open). */
export type Handover =
  | { kind: 'promote'; openid: string }
  | { kind: 'hold'; openid: string; holdUntilAt: number }
  | { kind: 'open'; reason: OpenReason }

export type GivenSeat = Exclude<Handover, { kind: 'open' }>

export const handoverOf = (d: SeatDecision<QueueEntry>): Handover =>
  d.kind === 'open' ? d : d.kind === 'hold' ? { kind: 'hold', openid: d.booking.openid, holdUntilAt: d.holdUntilAt } : { kind: 'promote', openid: d.booking.openid }

/** The seat entry the head of the waitlist gets. */
export const headSeat = (h: GivenSeat, now: number): SeatEntry => (h.kind === 'hold' ? { at: now, holdUntilAt: h.holdUntilAt } : { at: now })

/** Who gets one freed seat of `session` at `now`, and (when someone does) where they stand in `queue`. */
export function freedSeatHandover(
  session: Pick<SessionDoc, '_id' | 'queue' | 'startAt' | 'status' | 'drawnAt'>,
  policy: CoursePolicy,
  now: number
): { handover: Handover; index: number } {
  const entries = queueEntries(session)
  const handover = handoverOf(decideFreedSeat(session, entries, policy, now))
  if (handover.kind === 'open') return { handover, index: -1 }
  return { handover, index: (entries.find((e) => e.openid === handover.openid) as QueueEntry).index }
}

/** May this seat be freed by the caller who asks: only a run-out hold (the timer), only an unclaimed seat (the release). */
export type FreeOnly = 'expired-hold' | 'unclaimed'

export function stillFreeable(entry: SeatEntry | undefined, only: FreeOnly | undefined, now: number): entry is SeatEntry {
  if (!entry) return false
  if (only === 'expired-hold') return entry.holdUntilAt !== undefined && entry.holdUntilAt <= now
  if (only === 'unclaimed') return entry.checkedInAt === undefined
  return true
}

/** `session` after `openid`'s seat was freed and handed over as `h` (the head at `index` of the queue, or nobody). */
export function afterFree(session: SessionDoc, openid: string, h: Handover, index: number, now: number): SessionDoc {
  const seats = { ...(session.seats ?? {}) }
  delete seats[openid]
  if (h.kind === 'open') return { ...session, seats, booked: session.booked - 1, updatedAt: now }
  return { ...leftQueue(session, h.openid, index), seats: { ...seats, [h.openid]: headSeat(h, now) }, updatedAt: now }
}

/** `session` after a free seat went to the waitlist head at `index` (more seats, or a seat that opened meanwhile). */
export function afterGiven(session: SessionDoc, h: GivenSeat, index: number, now: number): SessionDoc {
  const given = leftQueue(session, h.openid, index)
  return { ...given, seats: { ...(session.seats ?? {}), [h.openid]: headSeat(h, now) }, booked: session.booked + 1, updatedAt: now }
}

/**
 * `session` with `openid` in a checked-in seat: one they held (`took` null), a free one (`took.fromQueue` undefined),
 * or a free one taken from their place in the queue.
 */
export function afterCheckIn(session: SessionDoc, openid: string, now: number, took: { fromQueue?: number } | null): SessionDoc {
  const seats = { ...(session.seats ?? {}) }
  const { holdUntilAt: _hold, ...entry } = seats[openid] ?? { at: now }
  seats[openid] = { ...entry, checkedInAt: now }
  if (!took) return { ...session, seats }
  if (took.fromQueue === undefined) return { ...session, seats, booked: session.booked + 1 }
  return { ...leftQueue(session, openid, took.fromQueue), seats, booked: session.booked + 1 }
}

/** `session` with the queue entry at `index` (which is `openid`) given up: the log keeps '' in its place. */
function leftQueue(session: SessionDoc, openid: string, index: number): SessionDoc {
  const queue = [...(session.queue ?? [])]
  queue[index] = ''
  const waiting = { ...(session.waiting ?? {}) }
  delete waiting[openid]
  return { ...session, queue, waiting, waitlisted: session.waitlisted - 1 }
}
