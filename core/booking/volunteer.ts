/**
 * Volunteer hours (善治合伙人): a volunteer activity is a course with kind 'volunteer', signing up and checking in are
 * the booking rules, and what is added here is the end of it — the check-out that records how long someone served,
 * and the sums 我的 shows. The minutes count from check-in to check-out inside the slot's own time window (arriving
 * early or leaving late does not add hours), rounded to a quarter hour, the unit volunteer records use.
 */
import { DomainError } from '../api/result'
import { formatTime, MINUTE_MS, partsOf } from '../time'
import type { BookingDoc, CourseKind, SessionDoc } from './model'

/** Hours are recorded in quarter hours. */
const VOLUNTEER_ROUNDING_MIN = 15

/** Minutes served between check-in and check-out, clamped to the slot [startAt, endAt], rounded to 15 minutes. */
export function volunteerMinutesFor(window: Pick<SessionDoc, 'startAt' | 'endAt'>, checkedInAt: number, checkedOutAt: number): number {
  const from = Math.max(checkedInAt, window.startAt)
  const to = Math.min(checkedOutAt, window.endAt)
  if (to <= from) return 0
  const minutes = (to - from) / MINUTE_MS
  return Math.round(minutes / VOLUNTEER_ROUNDING_MIN) * VOLUNTEER_ROUNDING_MIN
}

/** Check-outs are for a volunteer activity that is under way or over (and not cancelled). */
export function requireCheckOutOpen(kind: CourseKind, session: Pick<SessionDoc, 'status' | 'startAt'>, now: number): void {
  if (kind !== 'volunteer') throw new DomainError('CONFLICT', '只有志愿活动需要签退记录时长', 'sessionId')
  if (session.status === 'cancelled') throw new DomainError('CONFLICT', '这场活动已取消')
  if (now < session.startAt) throw new DomainError('CONFLICT', `活动 ${formatTime(session.startAt)} 开始，开始后才能签退`)
}

/** What a check-out does to one booking: nothing (already recorded, the same), or the booking with its hours. */
export type CheckOutDecision = { kind: 'unchanged' } | { kind: 'record'; booking: BookingDoc }

/**
 * The organizer checks someone out (签退). Only an attended booking of a volunteer activity has hours; the activity
 * must have started. `at` defaults to now; a check-out after the end counts up to the end. Checking out again without
 * a time keeps the first record (a second tap changes nothing); with a time it corrects the record.
 */
export function checkOutDecision(
  kind: CourseKind,
  session: Pick<SessionDoc, 'status' | 'startAt' | 'endAt'>,
  booking: BookingDoc | null,
  at: number | undefined,
  now: number
): CheckOutDecision {
  requireCheckOutOpen(kind, session, now)
  if (!booking) throw new DomainError('NOT_FOUND', '这位志愿者没有报名这场活动', 'openid')
  if (booking.status !== 'attended' || booking.checkedInAt === undefined) {
    throw new DomainError('CONFLICT', '这位志愿者还没有签到，先签到才能签退', 'openid')
  }
  if (at === undefined && booking.checkedOutAt !== undefined) return { kind: 'unchanged' }
  const checkedOutAt = at ?? now
  if (checkedOutAt > now) throw new DomainError('INVALID_INPUT', '签退时间不能晚于现在', 'at')
  if (checkedOutAt < booking.checkedInAt) throw new DomainError('INVALID_INPUT', '签退时间不能早于签到时间', 'at')
  const volunteerMinutes = volunteerMinutesFor(session, booking.checkedInAt, checkedOutAt)
  if (booking.checkedOutAt === checkedOutAt && booking.volunteerMinutes === volunteerMinutes) return { kind: 'unchanged' }
  return { kind: 'record', booking: { ...booking, checkedOutAt, volunteerMinutes, updatedAt: now } }
}

/** One activity someone served at, as 我的志愿 lists it. */
export interface ServedActivity {
  bookingId: string
  sessionId: string
  courseId: string
  startAt: number
  endAt: number
  minutes: number
}

export interface VolunteerSummary {
  totalMinutes: number
  /** In the Shanghai calendar year of `now`. */
  yearMinutes: number
  /** Latest first. */
  served: ServedActivity[]
}

/** The sums of someone's recorded hours: all time and this year, and each activity with its minutes. */
export function volunteerSummary(bookings: readonly BookingDoc[], now: number): VolunteerSummary {
  const year = partsOf(now).year
  const served = bookings
    .filter((b) => b.status === 'attended' && (b.volunteerMinutes ?? 0) > 0)
    .map((b) => ({ bookingId: b._id, sessionId: b.sessionId, courseId: b.courseId, startAt: b.startAt, endAt: b.endAt, minutes: b.volunteerMinutes ?? 0 }))
    .sort((a, b) => b.startAt - a.startAt)
  const sum = (list: readonly ServedActivity[]): number => list.reduce((n, a) => n + a.minutes, 0)
  return { totalMinutes: sum(served), yearMinutes: sum(served.filter((a) => partsOf(a.startAt).year === year)), served }
}

/** Hours as volunteer records write them: 12.5, 0.75 (minutes are quarter hours, so two decimals at most). */
export const hoursOf = (minutes: number): number => Math.round((minutes / 60) * 100) / 100
