/**
 * A course's booking policy and the rules it drives: when booking opens and closes (per person — strikes shorten the
 * window), the weekly and upcoming limits, how many may wait, cancellation, and what a repeated `book` means.
 *
 * The waitlist cap: a session keeps its waitlist in its own document (the seat table, DESIGN §5), so an unbounded
 * waitlist makes the hottest document grow with every join (35 KB at 970 waiting, each book on it slower). A person far
 * down a long list is also badly served: past about two people per seat, a freed seat practically never reaches them,
 * and they are better told at once to pick another session. So by default a session takes at most 2 waiting per seat,
 * and never fewer than 10 (a small class still gets a useful list); an organizer may set the number per course.
 */
import { DomainError } from '../api/result'
import * as s from '../schema'
import { DAY_MS, formatDateTime, HOUR_MS, MINUTE_MS, startOfWeek } from '../time'
import {
  ACTIVE_STATUSES,
  formatMonthDay,
  formatSpan,
  isActive,
  type BookingStatus,
  type SessionStatus
} from './model'
import { SHORTENED_OPENS_BEFORE_H, STRIKE_LIMIT, STRIKE_WINDOW_DAYS } from './noshow'

export interface LotteryPolicy {
  /** Lottery registration closes and the draw happens this many hours before the start. */
  closesBeforeH: number
}

export interface CoursePolicy {
  /** Booking opens this many hours before the start. */
  opensBeforeH: number
  /** …and closes this many minutes before it. */
  closesBeforeMin: number
  /** Cancelling a confirmed seat later than this many minutes before the start is a late cancel. */
  cancelBeforeMin: number
  /** Bookings of this course per person per Shanghai calendar week. */
  weeklyLimit: number
  /** Upcoming bookings per person across all courses, counted when booking this course. */
  maxUpcoming: number
  waitlist: boolean
  /** Until this many minutes before the start a freed seat goes to the waitlist head at once; later, as a hold. */
  waitlistCutoffMin: number
  /** How long a held seat waits for its confirmation. */
  holdMinutes: number
  /** At most this many people wait per session; absent = defaultWaitlistLimit(capacity). */
  waitlistLimit?: number
  /** Present = the session's seats are drawn by lottery. */
  lottery?: LotteryPolicy
}

export const DEFAULT_POLICY: Readonly<CoursePolicy> = Object.freeze({
  opensBeforeH: 168,
  closesBeforeMin: 30,
  cancelBeforeMin: 120,
  weeklyLimit: 3,
  maxUpcoming: 5,
  waitlist: true,
  waitlistCutoffMin: 120,
  holdMinutes: 30
})

/** Waiting places per seat when the course sets no cap, and the fewest a session gets (header: why). */
export const WAITLIST_PER_SEAT = 2
export const MIN_WAITLIST_LIMIT = 10
/** The highest cap an organizer may set: the session document stays a few KB even then. */
export const MAX_WAITLIST_LIMIT = 200

export const DEFAULT_LOTTERY: Readonly<LotteryPolicy> = Object.freeze({ closesBeforeH: 24 })

const lotteryPolicySchema = s.object(
  { closesBeforeH: s.int({ label: '抽签截止（开课前小时数）', min: 1, max: 336, unit: '小时' }) },
  { label: '抽签' }
)

const policyShape = s.object(
  {
    opensBeforeH: s.optional(s.int({ label: '提前开放报名（小时）', min: 1, max: 720, unit: '小时' })),
    closesBeforeMin: s.optional(s.int({ label: '报名截止（开课前分钟数）', min: 0, max: 1440, unit: '分钟' })),
    cancelBeforeMin: s.optional(s.int({ label: '免责取消截止（开课前分钟数）', min: 0, max: 2880, unit: '分钟' })),
    weeklyLimit: s.optional(s.int({ label: '每人每周可约次数', min: 1, max: 14, unit: '次' })),
    maxUpcoming: s.optional(s.int({ label: '每人未开始预约上限', min: 1, max: 20, unit: '个' })),
    waitlist: s.optional(s.boolean({ label: '候补' })),
    waitlistCutoffMin: s.optional(s.int({ label: '自动递补截止（开课前分钟数）', min: 0, max: 1440, unit: '分钟' })),
    holdMinutes: s.optional(s.int({ label: '保留名额确认时限（分钟）', min: 5, max: 240, unit: '分钟' })),
    waitlistLimit: s.optional(s.int({ label: '候补人数上限', min: 1, max: MAX_WAITLIST_LIMIT, unit: '人' })),
    lottery: s.optional(lotteryPolicySchema)
  },
  { label: '预约规则' }
)

/** Fills in the defaults; a stored policy from an older version gains the fields added since. */
export function resolvePolicy(input?: Partial<CoursePolicy> | null): CoursePolicy {
  const out: CoursePolicy = { ...DEFAULT_POLICY }
  if (!input) return out
  for (const key of Object.keys(DEFAULT_POLICY) as (keyof typeof DEFAULT_POLICY)[]) {
    const v = input[key]
    if (v !== undefined && v !== null) (out as unknown as Record<string, unknown>)[key] = v
  }
  if (input.lottery) out.lottery = { ...DEFAULT_LOTTERY, ...input.lottery }
  if (input.waitlistLimit !== undefined && input.waitlistLimit !== null) out.waitlistLimit = input.waitlistLimit
  return out
}

/** Rules across fields, checked on the policy with defaults filled in. */
export function policyProblem(p: CoursePolicy): s.Issue | undefined {
  if (p.closesBeforeMin >= p.opensBeforeH * 60) {
    return { message: '报名截止时间要晚于开放时间：请缩短截止提前量或提前开放报名', path: ['closesBeforeMin'] }
  }
  if (p.lottery) {
    if (p.lottery.closesBeforeH >= p.opensBeforeH) {
      return { message: '抽签截止要在报名开放之后', path: ['lottery', 'closesBeforeH'] }
    }
    if (p.lottery.closesBeforeH * 60 <= p.closesBeforeMin) {
      return { message: '抽签要在报名截止之前进行，剩余名额才能先到先得', path: ['lottery', 'closesBeforeH'] }
    }
  }
  return undefined
}

/** A course policy as organizers enter it: every field optional (defaults fill the rest). */
export const coursePolicySchema = s.refine(policyShape, (input) => policyProblem(resolvePolicy(input)))
export type CoursePolicyInput = s.Infer<typeof coursePolicySchema>

/** What the window rules need of a session. */
export interface WindowSession {
  startAt: number
  status: SessionStatus
  drawnAt?: number
}

export type BookingMode = 'first-come' | 'lottery'

export type BookingWindow =
  /** closesAt: in lottery mode the draw time, else the booking deadline. */
  | { state: 'open'; mode: BookingMode; opensAt: number; closesAt: number }
  | { state: 'not-yet'; mode: BookingMode; opensAt: number; closesAt: number; reason: string; shortened: boolean }
  | { state: 'closed'; mode: BookingMode; opensAt: number; closesAt: number; reason: string }

/** Repeated no-shows move that person's window closer to the start; they can still book (not a ban). */
export function isShortened(policy: CoursePolicy, strikePoints: number): boolean {
  return strikePoints >= STRIKE_LIMIT && policy.opensBeforeH > SHORTENED_OPENS_BEFORE_H
}

export const opensAtFor = (startAt: number, policy: CoursePolicy, strikePoints = 0): number =>
  startAt - (isShortened(policy, strikePoints) ? SHORTENED_OPENS_BEFORE_H : policy.opensBeforeH) * HOUR_MS

/**
 * Whether strikes worth at most `bound` points (noshow.ts strikeBound) could keep booking closed for this person at
 * `now`: only then are their strike records worth reading.
 */
export const strikesMayShorten = (startAt: number, policy: CoursePolicy, bound: number, now: number): boolean =>
  isShortened(policy, bound) && now < opensAtFor(startAt, policy, bound)

export const closesAtFor = (startAt: number, policy: CoursePolicy): number =>
  startAt - policy.closesBeforeMin * MINUTE_MS

export const cancelDeadlineFor = (startAt: number, policy: CoursePolicy): number =>
  startAt - policy.cancelBeforeMin * MINUTE_MS

/**
 * Giving up a seat from the free-cancel deadline on (the deadline itself included) is a late cancel. One rule for the
 * function's decision and for the booking sheet, which must say so before a seat is taken that late.
 */
export const isLateCancel = (cancelDeadlineAt: number, now: number): boolean => now >= cancelDeadlineAt

/** The lottery draw time, or null for a first-come course. */
export const drawAtFor = (startAt: number, policy: CoursePolicy): number | null =>
  policy.lottery ? startAt - policy.lottery.closesBeforeH * HOUR_MS : null

/** A lottery-mode session whose draw has not happened: its entrants are not a waitlist yet. */
export const isLotteryPending = (session: { drawnAt?: number }, policy: CoursePolicy): boolean =>
  !!policy.lottery && session.drawnAt === undefined

/**
 * Where this person stands with booking this session at `now`. Boundaries are half-open: booking is open from
 * `opensAt` (inclusive) to `closesAt` (exclusive). `strikePoints` is activeStrikes(...).points for the person.
 */
export function bookingWindow(
  session: WindowSession,
  policy: CoursePolicy,
  now: number,
  strikePoints = 0
): BookingWindow {
  const opensAt = opensAtFor(session.startAt, policy, strikePoints)
  const deadline = closesAtFor(session.startAt, policy)
  const drawAt = drawAtFor(session.startAt, policy)
  const lotteryPending = drawAt !== null && session.drawnAt === undefined
  const mode: BookingMode = lotteryPending ? 'lottery' : 'first-come'
  const closesAt = lotteryPending ? drawAt : deadline
  const closed = (reason: string): BookingWindow => ({ state: 'closed', mode, opensAt, closesAt, reason })

  if (session.status === 'cancelled') return closed('这节课已取消')
  if (now >= session.startAt) return closed('课程已开始，不能再报名了')
  if (now >= deadline) return closed(`报名已截止（开课前${formatSpan(policy.closesBeforeMin)}截止）`)
  if (now < opensAt) {
    const shortened = isShortened(policy, strikePoints)
    const reason = shortened
      ? `近${STRIKE_WINDOW_DAYS}天爽约较多，报名将于 ${formatDateTime(opensAt)} 开放（开课前${SHORTENED_OPENS_BEFORE_H}小时）`
      : `报名将于 ${formatDateTime(opensAt)} 开放`
    return { state: 'not-yet', mode, opensAt, closesAt, reason, shortened }
  }
  if (lotteryPending && now >= closesAt) return closed('抽签报名已截止，正在抽签，请稍后查看结果')
  return { state: 'open', mode, opensAt, closesAt }
}

/** Throws BOOKING_CLOSED with the reason unless the window is open; returns how this booking is taken. */
export function assertBookingOpen(window: BookingWindow): BookingMode {
  if (window.state !== 'open') throw new DomainError('BOOKING_CLOSED', window.reason)
  return window.mode
}

/** What the quota rules need of the person's other bookings (all courses). */
export interface QuotaBooking {
  sessionId: string
  courseId: string
  startAt: number
  status: BookingStatus
}

/** Bookings that use up the weekly allowance: waiting counts too, since promotion does not re-check limits. */
const WEEKLY_STATUSES: readonly BookingStatus[] = [...ACTIVE_STATUSES, 'attended', 'no_show']

/**
 * Why this person may not take one more booking of `session`, or null. Weekly: this course, in the Shanghai
 * calendar week (Monday–Sunday) of the session — not of `now`. Upcoming: all courses, not yet started.
 */
export function quotaProblem(
  session: { _id: string; courseId: string; startAt: number },
  policy: CoursePolicy,
  bookings: readonly QuotaBooking[],
  now: number
): string | null {
  const others = bookings.filter((b) => b.sessionId !== session._id)
  const week = startOfWeek(session.startAt)
  const sameWeek = others.filter(
    (b) => b.courseId === session.courseId && WEEKLY_STATUSES.includes(b.status) && startOfWeek(b.startAt) === week
  ).length
  if (sameWeek >= policy.weeklyLimit) {
    const range = `${formatMonthDay(week)}–${formatMonthDay(week + 6 * DAY_MS)}`
    return `这门课每人每周最多预约${policy.weeklyLimit}次，您在${range}这周已经约了${sameWeek}次`
  }
  const upcoming = others.filter((b) => isActive(b.status) && b.startAt > now).length
  if (upcoming >= policy.maxUpcoming) {
    return `您已有${upcoming}个还没上的预约（最多${policy.maxUpcoming}个），上完课或取消一个后再来约吧`
  }
  return null
}

export function assertQuota(...args: Parameters<typeof quotaProblem>): void {
  const problem = quotaProblem(...args)
  if (problem) throw new DomainError('QUOTA_EXCEEDED', problem)
}

/**
 * What `book` does given the caller's existing booking of the session (its deterministic id makes it one read):
 * none → create; cancelled → take it up again; active → answer with it unchanged (a retry or a double tap).
 */
export type ExistingBookingAction = 'create' | 'rebook' | 'return-existing'

export function existingBookingAction(existing: { status: BookingStatus } | null | undefined): ExistingBookingAction {
  if (!existing) return 'create'
  if (existing.status === 'cancelled') return 'rebook'
  if (isActive(existing.status)) return 'return-existing'
  throw new DomainError('CONFLICT', existing.status === 'attended' ? '您已经签到过这节课了' : '这节课已经结束了')
}

/** No seat left: join the waitlist if the course has one. */
export function assertWaitlistAllowed(policy: CoursePolicy): void {
  if (!policy.waitlist) throw new DomainError('BOOKING_CLOSED', '名额已满，这门课不设候补')
}

export const defaultWaitlistLimit = (capacity: number): number => Math.max(MIN_WAITLIST_LIMIT, WAITLIST_PER_SEAT * capacity)

/** How many may wait for a session of this capacity under this policy. */
export const waitlistLimitFor = (policy: CoursePolicy, capacity: number): number => policy.waitlistLimit ?? defaultWaitlistLimit(capacity)

/** What a rider reads when the waitlist is full: that it is, and what to do instead. */
const waitlistFullMessage = (limit: number): string =>
  `候补已满（已有${limit}人在候补），请换一节课预约，或过一会儿再来看看有没有空位`

/**
 * A first-come session whose waitlist has no room for one more: `waitlisted` counts the people waiting (lottery
 * entrants count there only before the draw, when nobody joins the queue).
 */
export const isWaitlistFull = (session: { capacity: number; waitlisted: number }, policy: CoursePolicy): boolean =>
  session.waitlisted >= waitlistLimitFor(policy, session.capacity)

/** Throws WAITLIST_FULL when the session's waitlist has no room for one more. */
export function assertWaitlistRoom(session: { capacity: number; waitlisted: number }, policy: CoursePolicy): void {
  if (isWaitlistFull(session, policy)) throw new DomainError('WAITLIST_FULL', waitlistFullMessage(waitlistLimitFor(policy, session.capacity)))
}

export type CancelDecision =
  /** freesSeat: the booking held a seat (confirmed or held) that now goes to the waitlist or stays open. */
  | { kind: 'cancel'; lateCancel: boolean; freesSeat: boolean }
  | { kind: 'already-cancelled' }

/**
 * Cancelling is allowed until the start. A confirmed seat given up at or after start − cancelBeforeMin is a late
 * cancel (no-show-lite, see noshow.ts); leaving a waitlist or declining a hold never is.
 */
export function cancelDecision(
  session: { startAt: number; status: SessionStatus },
  booking: { status: BookingStatus } | null | undefined,
  policy: CoursePolicy,
  now: number
): CancelDecision {
  if (!booking) throw new DomainError('NOT_FOUND', '您没有预约这节课')
  if (booking.status === 'cancelled') return { kind: 'already-cancelled' }
  if (!isActive(booking.status)) throw new DomainError('CONFLICT', '这节课已经结束，不能取消了')
  const freesSeat = booking.status === 'confirmed' || booking.status === 'held'
  if (session.status === 'cancelled') return { kind: 'cancel', lateCancel: false, freesSeat }
  if (now >= session.startAt) {
    throw new DomainError('BOOKING_CLOSED', '课程已经开始，不能取消了；来不了请联系服务中心')
  }
  const lateCancel = booking.status === 'confirmed' && isLateCancel(cancelDeadlineFor(session.startAt, policy), now)
  return { kind: 'cancel', lateCancel, freesSeat }
}
