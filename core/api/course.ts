/**
 * API of the `course` function (DESIGN.md §3 ⚑ listSessions, book, cancel, myBookings): input schemas and output
 * types, shared by the function and the client. The rules behind them live in core/booking.
 */
import { sessionFilterSchema } from '../booking/filters'
import type { DrawAudit } from '../booking/lottery'
import {
  ACTIVITY_CATEGORIES,
  categoriesOf,
  COURSE_KINDS,
  idSchema,
  SUBSCRIPTION_KINDS,
  type ActivityCategory,
  type BookingStatus,
  type CourseDoc,
  type CourseKind,
  type LotteryMark,
  type SessionStatus,
  type SubscriptionKind
} from '../booking/model'
import type { StrikeDoc } from '../booking/noshow'
import type { ServedActivity } from '../booking/volunteer'
import { coursePolicySchema, type BookingMode } from '../booking/policy'
import {
  capacitySchema,
  recurrenceRuleSchema,
  SESSION_MAX_DURATION_MIN,
  SESSION_MIN_DURATION_MIN
} from '../booking/recurrence'
import * as s from '../schema'
import { DAY_MS, MINUTE_MS } from '../time'
import type { UserGroup } from './user'
import type { Venue } from './venue'
import type { Action } from './action'

export { ACTIVITY_CATEGORIES, BOOKING_STATUSES, COURSE_CATEGORIES, COURSE_KINDS, SUBSCRIPTION_KINDS, VOLUNTEER_CATEGORIES } from '../booking/model'
export type {
  ActivityCategory,
  BookingStatus,
  CourseCategory,
  CourseKind,
  CourseStatus,
  LotteryMark,
  SessionStatus,
  SubscriptionKind,
  VolunteerCategory
} from '../booking/model'
export type { BookingMode, CoursePolicy, LotteryPolicy } from '../booking/policy'
export type { RecurrenceRule } from '../booking/recurrence'
export type { SessionFilter } from '../booking/filters'
export type { DrawAudit, AuditEntrant } from '../booking/lottery'

/** A course as stored and shown (nothing in it is private). */
export type Course = CourseDoc

/** A session as the client sees it (never includes the check-in secret). */
export interface Session {
  _id: string
  courseId: string
  title: string
  category: ActivityCategory
  /** Present on a volunteer activity's slots only. */
  kind?: 'volunteer'
  venueId: string
  startAt: number
  endAt: number
  capacity: number
  booked: number
  seatsLeft: number
  /** People waiting (including lottery entrants before the draw). */
  waitlisted: number
  /** No seat left and the waitlist at its cap (present only then): a book is refused with WAITLIST_FULL. */
  waitlistFull?: true
  status: SessionStatus
  /** 'lottery' until the draw has happened, then first come for what is left. */
  mode: BookingMode
  /** For someone without strikes; bookingWindow() gives a person's own window. */
  bookingOpensAt: number
  bookingClosesAt: number
  /** Cancelling a seat from this instant on is a late cancel. */
  cancelDeadlineAt: number
  drawAt?: number
  drawnAt?: number
  note?: string
  cancelReason?: string
}

/** The caller's booking. `_id` = `${sessionId}_${openid}`; `position` is the displayed waitlist position (1 = next). */
export interface Booking {
  _id: string
  sessionId: string
  courseId: string
  status: BookingStatus
  position?: number
  startAt: number
  endAt: number
  lottery?: LotteryMark
  holdUntilAt?: number
  checkedInAt?: number
  /** A volunteer activity's check-out and the minutes it counts. */
  checkedOutAt?: number
  volunteerMinutes?: number
  walkIn?: boolean
  lateCancel?: boolean
  createdAt: number
  updatedAt: number
}

export type Strike = StrikeDoc

/** Default and longest range of listSessions. */
export const LIST_DEFAULT_DAYS = 14
export const LIST_MAX_DAYS = 62

const sessionId = idSchema('课程场次')
const courseId = idSchema('课程')

/** Courses (the 课程 tab) or volunteer activities (志愿服务); lists leave the other kind out. */
const kindSchema = s.optional(s.oneOf(COURSE_KINDS, { label: '类型' }))

export const listSessionsSchema = s.refine(
  s.object({
    from: s.optional(s.instant({ label: '开始时间' })),
    to: s.optional(s.instant({ label: '结束时间' })),
    courseId: s.optional(courseId),
    filter: s.optional(sessionFilterSchema),
    /** Default: courses. */
    kind: kindSchema
  }),
  (input) => {
    if (input.from === undefined || input.to === undefined) return undefined
    if (input.to <= input.from) return { message: '结束时间要晚于开始时间', path: ['to'] }
    if (input.to - input.from > LIST_MAX_DAYS * DAY_MS) {
      return { message: `一次最多查看${LIST_MAX_DAYS}天的课程`, path: ['to'] }
    }
    return undefined
  }
)

export const bookSchema = s.object({
  sessionId,
  /** Generated once per tap by the client; a retry with the same id is answered with the same booking. */
  requestId: s.optional(
    s.string({ label: '请求编号', pattern: /^[A-Za-z0-9_-]{8,64}$/, patternHint: '格式不正确' })
  ),
  /** The one-time subscriptions the person accepted on this tap (wx.requestSubscribeMessage), each allows one message. */
  subscribe: s.optional(s.array(s.oneOf(SUBSCRIPTION_KINDS, { label: '订阅消息' }), { label: '订阅消息', max: 3 }))
})

export const cancelSchema = s.object({ sessionId })

export const myBookingsSchema = s.object({
  scope: s.optional(s.oneOf(['upcoming', 'past'] as const, { label: '范围' }))
})

/** `kind` defaults to courses for listCourses and to both kinds for the organizer's listAllCourses. */
export const listCoursesSchema = s.object({
  category: s.optional(s.oneOf(ACTIVITY_CATEGORIES, { label: '课程类别' })),
  venueId: s.optional(idSchema('服务中心')),
  kind: kindSchema
})

export const getCourseSchema = s.object({ courseId })

export const listVenuesSchema = s.object({})

/** Organizer: every course including archived ones (so an archived course can be found and reopened). */
export const listAllCoursesSchema = listCoursesSchema

export const COURSE_TITLE_MAX = 30
export const COURSE_DESCRIPTION_MAX = 1000
export const INSTRUCTOR_MAX = 20

/**
 * Organizer: create (no courseId) or edit a course or a volunteer activity (kind 'volunteer'; absent keeps the stored
 * kind, a course when new). `policy` replaces the stored one; missing fields take defaults. The category must be one
 * of its kind's (categoriesOf); an edit that leaves kind out is checked against the stored kind by the function.
 */
export const saveCourseSchema = s.refine(
  s.object({
  courseId: s.optional(courseId),
  kind: kindSchema,
  title: s.string({ label: '课程名称', min: 1, max: COURSE_TITLE_MAX }),
  category: s.oneOf(ACTIVITY_CATEGORIES, { label: '课程类别' }),
  description: s.string({ label: '课程介绍', max: COURSE_DESCRIPTION_MAX, multiline: true }),
  cover: s.string({
    label: '封面',
    max: 512,
    pattern: /^$|^cloud:\/\/\S+$|^https:\/\/\S+$/,
    patternHint: '地址不正确，请重新上传封面'
  }),
  instructor: s.string({ label: '授课老师', max: INSTRUCTOR_MAX }),
  venueId: idSchema('服务中心'),
  policy: s.optional(coursePolicySchema),
  status: s.optional(s.oneOf(['active', 'archived'] as const, { label: '课程状态' }))
  }),
  (input) => (input.kind === undefined ? undefined : categoryIssue(input.kind, input.category))
)

/** The category of a course or an activity must be one of its kind's. */
export function categoryIssue(kind: CourseKind, category: ActivityCategory): { message: string; path: string[] } | undefined {
  if (categoriesOf(kind).includes(category)) return undefined
  return { message: kind === 'volunteer' ? '请选择志愿活动的类别' : '请选择课程类别', path: ['category'] }
}

export const generateSessionsSchema = s.object({ courseId, rule: recurrenceRuleSchema })

/** Organizer: change a session's seats, time (start and end together) or note; booked people are told. */
export const updateSessionSchema = s.refine(
  s.object({
    sessionId,
    capacity: s.optional(capacitySchema),
    startAt: s.optional(s.instant({ label: '开始时间' })),
    endAt: s.optional(s.instant({ label: '结束时间' })),
    note: s.optional(s.string({ label: '备注', max: 200, multiline: true }))
  }),
  (input) => {
    const { capacity, startAt, endAt, note } = input
    if (capacity === undefined && startAt === undefined && endAt === undefined && note === undefined) {
      return { message: '没有需要保存的修改' }
    }
    if ((startAt === undefined) !== (endAt === undefined)) {
      return { message: '请同时填写开始和结束时间', path: [startAt === undefined ? 'startAt' : 'endAt'] }
    }
    if (startAt !== undefined && endAt !== undefined) {
      const minutes = (endAt - startAt) / MINUTE_MS
      if (minutes < SESSION_MIN_DURATION_MIN || minutes > SESSION_MAX_DURATION_MIN) {
        return {
          message: `每节课时长应在${SESSION_MIN_DURATION_MIN}–${SESSION_MAX_DURATION_MIN}分钟之间`,
          path: ['endAt']
        }
      }
    }
    return undefined
  }
)

export const cancelSessionSchema = s.object({
  sessionId,
  reason: s.string({ label: '取消原因', min: 1, max: 100 })
})

export const rosterSchema = s.object({ sessionId })

export const markAttendanceSchema = s.object({
  sessionId,
  openid: idSchema('学员'),
  attended: s.boolean({ label: '是否到场' })
})

export const checkinCodeSchema = s.object({ sessionId })

export const checkinSchema = s.object({
  sessionId,
  code: s.string({ label: '签到码', pattern: /^\d{6}$/, patternHint: '应为6位数字' })
})

export const confirmHoldSchema = s.object({ sessionId })

export const forgiveStrikeSchema = s.object({ strikeId: idSchema('爽约记录') })

/** One session's roster, or every session of a course. */
export const exportRosterSchema = s.refine(
  s.object({ sessionId: s.optional(sessionId), courseId: s.optional(courseId) }),
  (input) =>
    (input.sessionId === undefined) === (input.courseId === undefined)
      ? { message: '请选择要导出的一节课或一门课程' }
      : undefined
)

export const courseStatsSchema = s.object({ courseId })

export const drawLotterySchema = s.object({ sessionId })

/** Organizer: check a volunteer out (签退) and record their minutes; `at` corrects the time (default now). */
export const checkOutSchema = s.object({
  sessionId,
  openid: idSchema('志愿者'),
  at: s.optional(s.instant({ label: '签退时间' }))
})

/** Organizer: at the end of an activity, check out everyone present who is not yet (one tap). */
export const checkOutAllSchema = s.object({ sessionId })

export const myVolunteeringSchema = s.object({})

export type ListSessionsInput = s.Infer<typeof listSessionsSchema>
export type BookInput = s.Infer<typeof bookSchema>
export type CancelInput = s.Infer<typeof cancelSchema>
export type MyBookingsInput = s.Infer<typeof myBookingsSchema>
export type ListCoursesInput = s.Infer<typeof listCoursesSchema>
export type GetCourseInput = s.Infer<typeof getCourseSchema>
export type ListVenuesInput = s.Infer<typeof listVenuesSchema>
export type ListAllCoursesInput = s.Infer<typeof listAllCoursesSchema>
export type SaveCourseInput = s.Infer<typeof saveCourseSchema>
export type GenerateSessionsInput = s.Infer<typeof generateSessionsSchema>
export type UpdateSessionInput = s.Infer<typeof updateSessionSchema>
export type CancelSessionInput = s.Infer<typeof cancelSessionSchema>
export type RosterInput = s.Infer<typeof rosterSchema>
export type MarkAttendanceInput = s.Infer<typeof markAttendanceSchema>
export type CheckinCodeInput = s.Infer<typeof checkinCodeSchema>
export type CheckinInput = s.Infer<typeof checkinSchema>
export type ConfirmHoldInput = s.Infer<typeof confirmHoldSchema>
export type ForgiveStrikeInput = s.Infer<typeof forgiveStrikeSchema>
export type ExportRosterInput = s.Infer<typeof exportRosterSchema>
export type CourseStatsInput = s.Infer<typeof courseStatsSchema>
export type DrawLotteryInput = s.Infer<typeof drawLotterySchema>
export type CheckOutInput = s.Infer<typeof checkOutSchema>
export type CheckOutAllInput = s.Infer<typeof checkOutAllSchema>
export type MyVolunteeringInput = s.Infer<typeof myVolunteeringSchema>

/** The caller's own booking of a listed session, so the list can show 已预约 / 候补第N位. */
export interface MyMark {
  bookingId: string
  status: BookingStatus
  /** Displayed waitlist position while waiting. */
  position?: number
}

export interface SessionListItem extends Session {
  /** Present when the caller has a booking of it (any status). */
  mine?: MyMark
}

export interface ListSessionsOutput {
  items: SessionListItem[]
}

export interface BookOutput {
  booking: Booking
}

export interface CancelOutput {
  booking: Booking
  /** The cancel came after the free-cancellation deadline (counts as no-show-lite unless the seat is refilled). */
  lateCancel: boolean
}

/** What 我的预约 shows of a course next to a booking. */
export type CourseBrief = Pick<Course, '_id' | 'title' | 'category' | 'cover' | 'instructor' | 'venueId'>

/** upcoming: not over yet and still active; attended: checked in; past: everything else that is over or cancelled. */
export type MyBookingGroup = 'upcoming' | 'past' | 'attended'

export interface MyBookingItem {
  booking: Booking
  session: Session
  course: CourseBrief
  group: MyBookingGroup
}

export interface MyBookingsOutput {
  /** Upcoming first (soonest first), then attended and past (latest first). */
  items: MyBookingItem[]
  /** The gentle no-show notice ('近30天：爽约1次…'), when any strike counts. */
  strikeNotice?: string
}

export interface SubscribeTemplate {
  kind: SubscriptionKind
  /** For wx.requestSubscribeMessage({tmplIds}). */
  templateId: string
}

export interface SubscribeTemplatesOutput {
  items: SubscribeTemplate[]
}

export interface CourseSummary extends Course {
  venueName: string
  /** Where it is: district for the cards, address and coordinates for 导航. Absent when the venue no longer exists. */
  venue?: CourseVenue
  /** Upcoming scheduled sessions, the next one's start, and seats left across them. */
  upcomingSessions: number
  nextStartAt?: number
  seatsLeft: number
}

export interface ListCoursesOutput {
  items: CourseSummary[]
}

export interface ListVenuesOutput {
  /** Every service centre, by name. */
  items: Venue[]
}

/** Where a course takes place, as cards (district), its detail page (address, hours) and 导航 (coordinates) show it. */
export type CourseVenue = Pick<Venue, '_id' | 'name' | 'district' | 'address' | 'hours' | 'lat' | 'lng'>

export interface GetCourseOutput {
  course: Course
  venueName: string
  /** Absent when the course's venue no longer exists. */
  venue?: CourseVenue
  /** Upcoming sessions, in time order, each with the caller's booking of it. */
  sessions: SessionListItem[]
}

export interface SaveCourseOutput {
  course: Course
}

export interface GenerateSessionsOutput {
  created: number
  /** Produced by the rule but already there (generating again is harmless). */
  existing: number
  /** Produced by the rule but already started, so not created. */
  past: number
  sessions: Session[]
}

export interface UpdateSessionOutput {
  session: Session
  /** People with a seat or on the waitlist who were sent a notice. */
  notified: number
}

export interface CancelSessionOutput {
  session: Session
  notified: number
}

/** A strike that still counts (unforgiven, class within the last 30 days), so the organizer can forgive it. */
export type RosterStrike = Pick<Strike, '_id' | 'kind' | 'at' | 'sessionId' | 'courseId'>

export interface RosterEntry {
  bookingId: string
  openid: string
  nickname: string
  group: UserGroup | ''
  /** The person's community (所在社区) from their profile, '' when unset. */
  community: string
  status: BookingStatus
  /** Displayed waitlist position. */
  position?: number
  lottery?: LotteryMark
  holdUntilAt?: number
  checkedInAt?: number
  /** Volunteer activities: checked out, and the minutes recorded. */
  checkedOutAt?: number
  volunteerMinutes?: number
  walkIn?: boolean
  lateCancel?: boolean
  createdAt: number
  /** roster only: the person's active strikes from any class, newest first (absent in markAttendance's entry). */
  strikes?: RosterStrike[]
}

export interface RosterOutput {
  session: Session
  items: RosterEntry[]
}

export interface MarkAttendanceOutput {
  entry: RosterEntry
}

/** Which class a check-in screen is for and when its check-in happens, so the door can say which day it is. */
export interface CheckinWindowView {
  title: string
  startAt: number
  endAt: number
  /** Check-in window of the session. */
  opensAt: number
  closesAt: number
}

/**
 * The door's check-in screen. A code exists only while check-in is open (phase 'open'); before, the screen says when it
 * opens; after, that it is over.
 */
export type CheckinCodeOutput =
  | (CheckinWindowView & {
      phase: 'open'
      code: string
      /** The text to put in the QR code. */
      payload: string
      refreshAt: number
      validUntil: number
    })
  | (CheckinWindowView & { phase: 'not-yet' | 'over' })

export interface CheckinOutput {
  booking: Booking
}

export interface ConfirmHoldOutput {
  booking: Booking
}

export interface ForgiveStrikeOutput {
  strike: Strike
}

export interface ExportRosterOutput {
  fileID: string
  /** A temporary download link. */
  tempFileURL: string
  fileName: string
  rows: number
}

export interface CourseStats {
  courseId: string
  /** Sessions that have started and were not cancelled. */
  sessionsHeld: number
  seatsOffered: number
  seatsFilled: number
  /** seatsFilled / seatsOffered, 0–1 (0 when nothing was offered). */
  fillRate: number
  attended: number
  /** attended / seatsFilled, 0–1. */
  attendanceRate: number
  uniquePeople: number
  byGroup: Record<UserGroup | 'unknown', number>
}

export interface CourseStatsOutput {
  stats: CourseStats
}

export interface DrawLotteryOutput {
  session: Session
  audit: DrawAudit
  winners: number
  waitlisted: number
}

export interface CheckOutOutput {
  entry: RosterEntry
}

export interface CheckOutAllOutput {
  /** People checked out by this tap (those already checked out are left as they were). */
  checkedOut: number
  items: RosterEntry[]
}

/** One activity served, with what it was and where. */
export interface VolunteeringItem extends ServedActivity {
  title: string
  category: ActivityCategory
  venueName: string
}

export interface MyVolunteeringOutput {
  totalMinutes: number
  /** This calendar year (Asia/Shanghai). */
  yearMinutes: number
  /** Activities with recorded minutes, latest first. */
  items: VolunteeringItem[]
}

/** The `course` entry of FunctionApi. */
export interface CourseApi {
  listSessions: Action<ListSessionsInput, ListSessionsOutput>
  book: Action<BookInput, BookOutput>
  cancel: Action<CancelInput, CancelOutput>
  myBookings: Action<MyBookingsInput, MyBookingsOutput>
  subscribeTemplates: Action<Record<string, never>, SubscribeTemplatesOutput>
  listCourses: Action<ListCoursesInput, ListCoursesOutput>
  getCourse: Action<GetCourseInput, GetCourseOutput>
  listVenues: Action<ListVenuesInput, ListVenuesOutput>
  listAllCourses: Action<ListAllCoursesInput, ListCoursesOutput>
  saveCourse: Action<SaveCourseInput, SaveCourseOutput>
  generateSessions: Action<GenerateSessionsInput, GenerateSessionsOutput>
  updateSession: Action<UpdateSessionInput, UpdateSessionOutput>
  cancelSession: Action<CancelSessionInput, CancelSessionOutput>
  roster: Action<RosterInput, RosterOutput>
  markAttendance: Action<MarkAttendanceInput, MarkAttendanceOutput>
  checkinCode: Action<CheckinCodeInput, CheckinCodeOutput>
  checkin: Action<CheckinInput, CheckinOutput>
  confirmHold: Action<ConfirmHoldInput, ConfirmHoldOutput>
  forgiveStrike: Action<ForgiveStrikeInput, ForgiveStrikeOutput>
  exportRoster: Action<ExportRosterInput, ExportRosterOutput>
  courseStats: Action<CourseStatsInput, CourseStatsOutput>
  drawLottery: Action<DrawLotteryInput, DrawLotteryOutput>
  checkOut: Action<CheckOutInput, CheckOutOutput>
  checkOutAll: Action<CheckOutAllInput, CheckOutAllOutput>
  myVolunteering: Action<MyVolunteeringInput, MyVolunteeringOutput>
}
