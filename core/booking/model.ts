/**
 * The stored shapes of course booking (DESIGN.md §4: courses, sessions, bookings; plus strike records) and the
 * deterministic ids that make writes idempotent.
 */
import * as s from '../schema'
import { partsOf } from '../time'
import type { CoursePolicy } from './policy'

export const COURSE_CATEGORIES = ['文化', '艺术', '健康', '生活技能'] as const
export type CourseCategory = (typeof COURSE_CATEGORIES)[number]

/**
 * held: a seat freed after the waitlist cutoff is reserved for the head of the waitlist until `holdUntilAt`.
 * no_show: confirmed but not checked in by start + 10 min (the seat was released), or marked absent.
 */
export const BOOKING_STATUSES = ['confirmed', 'waitlisted', 'held', 'cancelled', 'attended', 'no_show'] as const
export type BookingStatus = (typeof BOOKING_STATUSES)[number]

/** Statuses that hold a seat or wait for one: at most one such booking per person per session. */
export const ACTIVE_STATUSES: readonly BookingStatus[] = ['confirmed', 'waitlisted', 'held']
/** Statuses that occupy a seat (`sessions.booked` counts exactly these). */
export const SEAT_STATUSES: readonly BookingStatus[] = ['confirmed', 'held', 'attended']

export const isActive = (status: BookingStatus): boolean => ACTIVE_STATUSES.includes(status)

/**
 * A lottery-mode booking before the draw is `waitlisted` with `lottery: 'entered'` and no position (so `book` still
 * answers confirmed|waitlisted, DESIGN.md ⚑); the draw turns it into `confirmed`+'won' or `waitlisted`+'lost' with a
 * position.
 */
export type LotteryMark = 'entered' | 'won' | 'lost'

export type SessionStatus = 'scheduled' | 'cancelled'
export type CourseStatus = 'active' | 'archived'

export interface CourseDoc {
  _id: string
  title: string
  category: CourseCategory
  description: string
  /** Cloud storage file id or https URL; '' for none. */
  cover: string
  instructor: string
  venueId: string
  policy: CoursePolicy
  status: CourseStatus
  createdAt: number
  updatedAt: number
}

export interface SessionDoc {
  /** `${courseId}-${YYYYMMDDHHmm}` (Shanghai wall clock of the start), see sessionIdFor. */
  _id: string
  courseId: string
  /** Copied from the course so listing sessions takes one query. */
  title: string
  category: CourseCategory
  venueId: string
  startAt: number
  endAt: number
  capacity: number
  /** Seats taken: bookings in SEAT_STATUSES. Changed only by conditional increments. */
  booked: number
  /** Bookings waiting (status waitlisted), for display. */
  waitlisted: number
  /** Last waitlist sequence number handed out; positions come from it and are never reused. */
  waitlistSeq: number
  status: SessionStatus
  /** Key of the rotating check-in code. Server only: never put it in a response. */
  checkinSecret: string
  /** When the lottery of a lottery-mode session was drawn. */
  drawnAt?: number
  note?: string
  cancelReason?: string
  createdAt: number
  updatedAt: number
}

export interface BookingDoc {
  /** `${sessionId}_${openid}`: one per person per session. */
  _id: string
  sessionId: string
  courseId: string
  openid: string
  status: BookingStatus
  /** Waitlist sequence number (from the session's waitlistSeq); what people see is displayPosition(). */
  position?: number
  requestId?: string
  /** Copied from the session for the quota checks and 我的预约. */
  startAt: number
  endAt: number
  lottery?: LotteryMark
  holdUntilAt?: number
  promotedAt?: number
  checkedInAt?: number
  /** The seat was released at start + 10 min because nobody checked in. */
  releasedAt?: number
  /** Took a free seat at the door without a confirmed booking. */
  walkIn?: boolean
  cancelledAt?: number
  /** Cancelled a confirmed seat after the cancellation deadline. */
  lateCancel?: boolean
  createdAt: number
  updatedAt: number
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n))

/** Deterministic, so generating the same rule twice produces the same ids (the second insert is a no-op). */
export function sessionIdFor(courseId: string, startAt: number): string {
  const p = partsOf(startAt)
  return `${courseId}-${p.year}${pad2(p.month)}${pad2(p.day)}${pad2(p.hour)}${pad2(p.minute)}`
}

export const bookingIdFor = (sessionId: string, openid: string): string => `${sessionId}_${openid}`

/** Ids the app writes: database ids, openids, and ids built from them. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,160}$/

export const idSchema = (label: string) => s.string({ label, pattern: ID_PATTERN, patternHint: '不正确' })

/** '30分钟', '2小时', '1小时30分钟' — for deadlines in messages. */
export function formatSpan(minutes: number): string {
  const h = Math.floor(minutes / 60)
  const m = minutes % 60
  if (h === 0) return `${m}分钟`
  return m === 0 ? `${h}小时` : `${h}小时${m}分钟`
}

/** '12月1日' */
export function formatMonthDay(at: number): string {
  const p = partsOf(at)
  return `${p.month}月${p.day}日`
}
