/**
 * The organizer records who came (markAttendance): 到场 from when check-in opens, 未到 once the class has started —
 * before that, someone not here yet is simply early or on the way — and both any time after, to correct them.
 * Present claims the person's seat (or a free one); absent gives a seat up. Decided here from the session's seat
 * table and the booking, so the function only carries out the seat change and stores the booking this answers; the
 * roster page asks attendanceMarks which buttons to show.
 */
import { DomainError } from '../api/result'
import { formatDateTime, formatTime } from '../time'
import { checkinWindow } from './checkin'
import type { BookingDoc, SessionDoc } from './model'
import type { SeatState } from './seats'

export type AttendanceDecision =
  /** Claim their seat, or take a free one for them (a walk-in). */
  | { kind: 'present' }
  /** No-show; freesSeat: they hold a seat in the seat table, which is passed on (or opens). */
  | { kind: 'absent'; freesSeat: boolean }

/** Which marks the organizer may make at `now`: 到场 from when check-in opens, 未到 from the start. */
export function attendanceMarks(session: Pick<SessionDoc, 'status' | 'startAt'>, now: number): { present: boolean; absent: boolean } {
  if (session.status === 'cancelled') return { present: false, absent: false }
  return { present: now >= checkinWindow(session.startAt).opensAt, absent: now >= session.startAt }
}

export function attendanceDecision(
  session: Pick<SessionDoc, 'status' | 'startAt'>,
  state: SeatState,
  booking: BookingDoc | null,
  attended: boolean,
  now: number
): AttendanceDecision {
  if (!booking) throw new DomainError('NOT_FOUND', '这位学员没有预约这节课', 'openid')
  if (session.status === 'cancelled') throw new DomainError('CONFLICT', '这节课已取消')
  const marks = attendanceMarks(session, now)
  if (!marks.present) {
    throw new DomainError('CONFLICT', `还没到签到时间，${formatDateTime(checkinWindow(session.startAt).opensAt)} 起可以记录到场`)
  }
  if (attended) return { kind: 'present' }
  if (!marks.absent) throw new DomainError('CONFLICT', `还没开课，${formatTime(session.startAt)} 开课后才能记未到`)
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

/** The booking of someone marked absent: no check-in, so no volunteer check-out or hours either. */
export function absentBooking(current: BookingDoc, now: number): BookingDoc {
  const next: BookingDoc = { ...current, status: 'no_show', updatedAt: now }
  delete next.holdUntilAt
  delete next.checkedInAt
  delete next.checkedOutAt
  delete next.volunteerMinutes
  return next
}

/** Whether marking changed what the booking says (otherwise nothing is written or audited). */
export const attendanceChanged = (current: BookingDoc, next: BookingDoc): boolean =>
  next.status !== current.status || next.checkedInAt !== current.checkedInAt
