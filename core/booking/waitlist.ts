/**
 * Waitlist order and what happens to a freed seat. Stored `position`s are sequence numbers handed out once per
 * session (never reused, so two joins never share one); the position a person sees is their rank among those still
 * waiting, so it shrinks as people ahead leave.
 */
import { DomainError } from '../api/result'
import { MINUTE_MS } from '../time'
import type { BookingStatus, SessionStatus } from './model'
import { isLotteryPending, type CoursePolicy } from './policy'

export interface WaitlistEntry {
  _id: string
  status: BookingStatus
  position?: number
}

/** Bookings still waiting, in queue order. Lottery entrants before the draw have no position and are not queued. */
export function waitlistQueue<T extends WaitlistEntry>(entries: readonly T[]): T[] {
  return entries
    .filter((e) => e.status === 'waitlisted' && typeof e.position === 'number' && Number.isFinite(e.position))
    .sort((a, b) => (a.position as number) - (b.position as number) || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0))
}

/** The position shown for stored sequence number `position`: 1 + entries still waiting ahead of it. */
export function displayPosition(position: number, entries: readonly WaitlistEntry[]): number {
  return 1 + waitlistQueue(entries).filter((e) => (e.position as number) < position).length
}

/** Displayed positions of everyone waiting, by booking id (for the roster). */
export function displayPositions(entries: readonly WaitlistEntry[]): Map<string, number> {
  return new Map(waitlistQueue(entries).map((e, i) => [e._id, i + 1]))
}

export interface SeatSession {
  startAt: number
  status: SessionStatus
  drawnAt?: number
}

export type OpenReason = 'cancelled' | 'started' | 'lottery-pending' | 'empty'

export type SeatDecision<T> =
  /** Before the cutoff: the head becomes confirmed at once. */
  | { kind: 'promote'; booking: T }
  /** After the cutoff: the seat is held for the head until holdUntilAt; unconfirmed, it passes on. */
  | { kind: 'hold'; booking: T; holdUntilAt: number }
  /** Nobody gets it automatically; the seat becomes free (first come, or walk-ins at the door). */
  | { kind: 'open'; reason: OpenReason }

export const waitlistCutoffAt = (startAt: number, policy: CoursePolicy): number =>
  startAt - policy.waitlistCutoffMin * MINUTE_MS

/**
 * What happens to `seats` freed seats (a cancel, an expired hold, a released no-show, a capacity increase).
 * Decisions come in queue order, one per seat while people wait; the rest are 'open'.
 */
export function allocateFreedSeats<T extends WaitlistEntry>(
  session: SeatSession,
  entries: readonly T[],
  policy: CoursePolicy,
  now: number,
  seats = 1
): SeatDecision<T>[] {
  const open = (reason: OpenReason): SeatDecision<T>[] =>
    Array.from({ length: seats }, () => ({ kind: 'open', reason }))
  if (session.status === 'cancelled') return open('cancelled')
  if (now >= session.startAt) return open('started')
  // Entrants are waiting for the draw, which fills every seat at once.
  if (isLotteryPending(session, policy)) return open('lottery-pending')
  const queue = policy.waitlist ? waitlistQueue(entries) : []
  const beforeCutoff = now < waitlistCutoffAt(session.startAt, policy)
  const holdUntilAt = Math.min(now + policy.holdMinutes * MINUTE_MS, session.startAt)
  return Array.from({ length: seats }, (_, i): SeatDecision<T> => {
    const booking = queue[i]
    if (!booking) return { kind: 'open', reason: 'empty' }
    return beforeCutoff ? { kind: 'promote', booking } : { kind: 'hold', booking, holdUntilAt }
  })
}

/** One freed seat. */
export const decideFreedSeat = <T extends WaitlistEntry>(
  session: SeatSession,
  entries: readonly T[],
  policy: CoursePolicy,
  now: number
): SeatDecision<T> => allocateFreedSeats(session, entries, policy, now, 1)[0]

/** Holds whose time ran out at `now`: each such seat is allocated again (to the next in the queue). */
export function expiredHolds<T extends { status: BookingStatus; holdUntilAt?: number }>(
  bookings: readonly T[],
  now: number
): T[] {
  return bookings.filter((b) => b.status === 'held' && b.holdUntilAt !== undefined && b.holdUntilAt <= now)
}

/** `confirmHold`: confirm a live hold; confirming again is harmless; an expired hold has passed on. */
export function confirmHoldAction(
  booking: { status: BookingStatus; holdUntilAt?: number } | null | undefined,
  now: number
): 'confirm' | 'already-confirmed' {
  if (booking?.status === 'confirmed') return 'already-confirmed'
  if (booking?.status !== 'held' || booking.holdUntilAt === undefined) {
    throw new DomainError('NOT_FOUND', '没有为您保留的名额')
  }
  if (now >= booking.holdUntilAt) throw new DomainError('CONFLICT', '保留时间已过，名额已顺延给下一位候补')
  return 'confirm'
}
