/**
 * The organizer records who came (markAttendance): from when check-in opens, and any time after, to correct it.
 * Present claims the person's seat (or a free one); absent gives a seat up. Decided here from the session's seat
 * table and the booking, so the function only carries out the seat change and stores the booking this answers.
 */
import { DomainError } from '../api/result'
import { formatDateTime } from '../time'
import { checkinWindow } from './checkin'
import type { BookingDoc, SessionDoc } from './model'
import type { SeatState } from './seats'

export type AttendanceDecision =
  /** Claim their seat, or take a free one for them (a walk-in). */
  | { kind: 'present' }
  /** No-show; freesSeat: they hold a seat in the seat table, which is passed on (or opens). */
  | { kind: 'absent'; freesSeat: boolean }

export function attendanceDecision(
  session: Pick<SessionDoc, 'status' | 'startAt'>,
  state: SeatState,
  booking: BookingDoc | null,
  attended: boolean,
  now: number
): AttendanceDecision {
  if (!booking) throw new DomainError('NOT_FOUND', '这位学员没有预约这节课', 'openid')
  if (session.status === 'cancelled') throw new DomainError('CONFLICT', '这节课已取消')
  const { opensAt } = checkinWindow(session.startAt)
  if (now < opensAt) throw new DomainError('CONFLICT', `还没到签到时间，${formatDateTime(opensAt)} 起可以记录到场`)
  if (attended) return { kind: 'present' }
  if (state.kind === 'queued') throw new DomainError('CONFLICT', '这位学员还在候补，没有座位')
  if (state.kind === 'none' && (booking.status === 'cancelled' || booking.status === 'waitlisted')) {
    throw new DomainError('CONFLICT', booking.status === 'cancelled' ? '这位学员已取消预约' : '这位学员还没有座位')
  }
  return { kind: 'absent', freesSeat: state.kind === 'seat' }
}

/** Marked present, but they hold no seat and none is free. */
export const noSeatForAttendee = (): DomainError => new DomainError('CONFLICT', '名额已满，没有空位给这位学员了；可以先增加名额')

/** The booking of someone marked present; walkIn: they took a free seat rather than their own. */
export function attendedBooking(current: BookingDoc, checkedInAt: number, walkIn: boolean, now: number): BookingDoc {
  const next: BookingDoc = { ...current, status: 'attended', checkedInAt, updatedAt: now }
  delete next.holdUntilAt
  if (walkIn) next.walkIn = true
  return next
}

/** The booking of someone marked absent. */
export function absentBooking(current: BookingDoc, now: number): BookingDoc {
  const next: BookingDoc = { ...current, status: 'no_show', updatedAt: now }
  delete next.holdUntilAt
  delete next.checkedInAt
  return next
}

/** Whether marking changed what the booking says (otherwise nothing is written or audited). */
export const attendanceChanged = (current: BookingDoc, next: BookingDoc): boolean =>
  next.status !== current.status || next.checkedInAt !== current.checkedInAt
