/**
 * The stored shapes of course booking (DESIGN.md §4: courses, sessions, bookings; plus strike records) and the
 * deterministic ids that make writes idempotent.
 */
import type { MatchingTemplate } from '../matching/notices'
import * as s from '../schema'
import { partsOf } from '../time'
import type { CoursePolicy } from './policy'

export const COURSE_CATEGORIES = ['文化', '艺术', '健康', '生活技能'] as const
export type CourseCategory = (typeof COURSE_CATEGORIES)[number]

/**
 * A volunteer activity (善治合伙人) is a course with `kind: 'volunteer'`: its sessions are the activity's slots and
 * signing up is booking, with every booking rule. Absent kind = 'course', so courses stored before it stay courses.
 */
export const COURSE_KINDS = ['course', 'volunteer'] as const
export type CourseKind = (typeof COURSE_KINDS)[number]

/** The fields of volunteer service the seed's centres organize. */
export const VOLUNTEER_CATEGORIES = ['平安建设', '文明宣传', '城市环境', '食品卫生监督', '助老扶弱', '赛事保障'] as const
export type VolunteerCategory = (typeof VOLUNTEER_CATEGORIES)[number]

/** Every category a course or an activity can have; which one fits is decided by its kind (categoriesOf). */
export const ACTIVITY_CATEGORIES = [...COURSE_CATEGORIES, ...VOLUNTEER_CATEGORIES] as const
export type ActivityCategory = CourseCategory | VolunteerCategory

export const kindOf = (course: { kind?: CourseKind }): CourseKind => course.kind ?? 'course'

export const categoriesOf = (kind: CourseKind): readonly ActivityCategory[] =>
  kind === 'volunteer' ? VOLUNTEER_CATEGORIES : COURSE_CATEGORIES

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

/**
 * One seat of a session, held by one person (the key of `SessionDoc.seats`). The session document is where seats are
 * claimed and freed (one conditional update each), so `booked` always equals the number of entries.
 */
export interface SeatEntry {
  /** When the seat was taken. */
  at: number
  /** A hold offered after the waitlist cutoff: the seat is theirs only if confirmed before this instant. */
  holdUntilAt?: number
  /** Checked in (or marked present): the seat is not released at start + 10 min. */
  checkedInAt?: number
}

/** The three one-time subscription templates the client asks for on the booking tap. */
export const SUBSCRIPTION_KINDS = ['confirmed', 'reminder', 'promoted'] as const
export type SubscriptionKind = (typeof SUBSCRIPTION_KINDS)[number]

/**
 * Messages about a booking. confirmed/promoted/held/reminder are about the person's own seat; changed/cancelled are the
 * organizer's edits of the session. Each is sent with one of the subscription templates (see notify config).
 */
export const NOTICE_KINDS = ['confirmed', 'promoted', 'held', 'reminder', 'changed', 'cancelled'] as const
export type NoticeKind = (typeof NOTICE_KINDS)[number]

/** A message to send about this booking, written together with the change it reports (the timer queues it). */
export interface BookingNotice {
  kind: NoticeKind
  at: number
}
export type CourseStatus = 'active' | 'archived'

export interface CourseDoc {
  _id: string
  /** Absent on courses stored before volunteer activities existed: a course. */
  kind?: CourseKind
  title: string
  category: ActivityCategory
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
  /** Copied from the course so listing sessions takes one query (kind only on volunteer slots). */
  title: string
  category: ActivityCategory
  kind?: CourseKind
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
  /** Who holds a seat, by openid (absent = nobody). `booked` is always its number of entries. */
  seats?: Record<string, SeatEntry>
  /**
   * The waitlist as a log: entry n−1 is the openid that got sequence number n, or '' once it left the waitlist
   * (promoted, held, withdrawn). It never shrinks, so `waitlistSeq` is its length and a number is never reused.
   */
  queue?: string[]
  /** Who is waiting (openid → when they joined): the live entries of `queue`, so "is X waiting?" is one key lookup. */
  waiting?: Record<string, number>
  /** The start instant class reminders were queued for (a moved session gets reminded again). */
  remindedFor?: number
  /** When unclaimed seats were released (start + 10 min). */
  releasedAt?: number
  /** When strikes were settled after the class. */
  settledAt?: number
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
  /** A volunteer activity's check-out, and the minutes it counts (core/booking/volunteer.ts). */
  checkedOutAt?: number
  volunteerMinutes?: number
  /** The seat was released at start + 10 min because nobody checked in. */
  releasedAt?: number
  /** Took a free seat at the door without a confirmed booking. */
  walkIn?: boolean
  cancelledAt?: number
  /** Cancelled a confirmed seat after the cancellation deadline. */
  lateCancel?: boolean
  /** The hold passed on because it was not confirmed in time. */
  holdExpiredAt?: number
  /** One-time subscriptions the person accepted on their booking tap (each allows one message). */
  subscribe?: SubscriptionKind[]
  /** Messages to send, not yet queued in `notifications`; `noticePending` marks the booking for the timer. */
  notices?: BookingNotice[]
  noticePending?: true
  createdAt: number
  updatedAt: number
  /**
   * Counts the writes of the course repo's putBooking, which asks for it unchanged: a write can leave status and
   * updatedAt as they were (cancelled over cancelled in the same millisecond), and must still be seen by a late one.
   */
  revision?: number
}

/** `skipped`: not sent on purpose (the person has no acceptance left for its template); never retried. */
export type NotificationStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'skipped'

/** Every template a queued message can use: the booking ones and the matching ones. */
export type MessageTemplate = SubscriptionKind | MatchingTemplate

/**
 * A subscribe message to send (collection `notifications`), queued by any function and sent by the course timer's
 * sender. `_id` is deterministic for what it reports (`${bookingId}:${kind}:${at}` for a booking's notice,
 * `${subjectId}:${kind}:${at}:${openid}` for a matching one), so queueing the same notice again is a duplicate-key
 * no-op. The sender claims it (pending → sending) before calling WeChat, so two timer runs never send it twice.
 */
export interface NotificationDoc {
  _id: string
  openid: string
  /** What it is about: a booking's `_id`, or a need's or referral's. */
  subjectId: string
  /** The session of a booking's message. */
  sessionId?: string
  /** What happened, in the queueing function's words (a booking NoticeKind, a referral or need status). */
  kind: string
  template: MessageTemplate
  /** The mini-program page the message opens. */
  page: string
  /** Template fields as WeChat wants them: `{thing1: {value: '瑜伽'}, …}`. */
  data: Record<string, { value: string }>
  sendAt: number
  status: NotificationStatus
  attempts: number
  claimedAt?: number
  sentAt?: number
  /** WeChat's errCode/errMsg of a failed send. */
  error?: string
  /** Why a skipped message was not sent ('未订阅'). */
  reason?: string
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

export const idSchema = (label: string, opts: { picked?: boolean } = {}) => s.string({ label, pattern: ID_PATTERN, patternHint: '不正确', picked: opts.picked })

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
