/**
 * How booking data reads on screen: seat labels, booking statuses, the course policy in plain words.
 * Wording only — every rule (windows, quotas, waitlist, strikes) is decided in core/booking and by the function;
 * these helpers read the numbers the session view already carries.
 */
import type { ActivityCategory, Booking, BookingStatus, CoursePolicy, CourseSummary, MyMark, Session, SubscriptionKind } from '@core/api'
import {
  CHECKIN_CLOSES_AFTER_MIN,
  CHECKIN_OPENS_BEFORE_MIN,
  RELEASE_AFTER_MIN,
  SHORTENED_OPENS_BEFORE_H,
  STRIKE_LIMIT,
  STRIKE_POINTS,
  STRIKE_WINDOW_DAYS,
  MIN_WAITLIST_LIMIT,
  WAITLIST_PER_SEAT,
  formatSpan,
  isLateCancel
} from '@core/booking'
import { formatDateTime, formatDay, formatTime } from '@core/time'

/** ASCII names of the categories, for element ids and class names (selectors stay ASCII). */
export const CATEGORY_SLUGS: Record<ActivityCategory, string> = {
  文化: 'culture',
  艺术: 'art',
  健康: 'health',
  生活技能: 'life',
  平安建设: 'safety',
  文明宣传: 'civility',
  城市环境: 'environment',
  食品卫生监督: 'food',
  助老扶弱: 'elderly',
  赛事保障: 'events'
}

/** '今天 19:00', '明天 19:30', '11月27日 周五 19:00'. */
export const whenLabel = (at: number, now: number): string => `${formatDay(at, now)} ${formatTime(at)}`

/** A course's next class and the seats left across its coming classes (the 课程 tab and a centre's page). */
export const courseNextLine = (course: Pick<CourseSummary, 'nextStartAt' | 'upcomingSessions' | 'seatsLeft'>, now: number): string =>
  course.nextStartAt !== undefined ? `下次 ${whenLabel(course.nextStartAt, now)} · 近期${course.upcomingSessions}节，剩${course.seatsLeft}位` : '近期暂无排课'

export type SeatTone = 'open' | 'full' | 'lottery' | 'soon' | 'closed'

export interface SeatLabel {
  tone: SeatTone
  text: string
  /** Booking (or joining the waitlist / lottery) is possible now. */
  bookable: boolean
  /** A second, smaller fact, e.g. how many people wait. */
  note?: string
}

/**
 * What a session card says about seats at `now`. `waitlist` is the course policy's (unknown = assume yes: the
 * function decides, and says so in its answer). Windows are half-open [opensAt, closesAt), as in core/booking/policy.
 */
export function seatLabel(session: Session, now: number, waitlist = true): SeatLabel {
  if (session.status === 'cancelled') return { tone: 'closed', text: '已取消', bookable: false }
  if (now >= session.startAt) return { tone: 'closed', text: '已开始', bookable: false }
  if (session.mode === 'lottery' && session.drawAt !== undefined && now >= session.drawAt) {
    return { tone: 'closed', text: '抽签中', bookable: false }
  }
  if (now >= session.bookingClosesAt) return { tone: 'closed', text: '报名已截止', bookable: false }
  if (now < session.bookingOpensAt) {
    return { tone: 'soon', text: `${whenLabel(session.bookingOpensAt, now)} 开放报名`, bookable: false }
  }
  if (session.mode === 'lottery') return { tone: 'lottery', text: '抽签报名中', bookable: true }
  if (session.seatsLeft > 0) return { tone: 'open', text: `剩 ${session.seatsLeft} 位`, bookable: true }
  if (!waitlist) return { tone: 'closed', text: '已满', bookable: false }
  if (session.waitlistFull) return { tone: 'closed', text: '候补已满', note: `${session.waitlisted}人在候补`, bookable: false }
  const full: SeatLabel = { tone: 'full', text: '已满可候补', bookable: true }
  if (session.waitlisted > 0) full.note = `${session.waitlisted}人在候补`
  return full
}

export const BOOKING_STATUS_LABELS: Record<BookingStatus, string> = {
  confirmed: '已预约',
  waitlisted: '候补中',
  held: '保留名额待确认',
  cancelled: '已取消',
  attended: '已签到',
  no_show: '未到场'
}

/** The status line of one of my bookings, waitlist position and lottery included. */
export function bookingLabel(booking: Booking): string {
  if (booking.status === 'waitlisted') {
    if (booking.lottery === 'entered') return '已参加抽签，等待开奖'
    const lost = booking.lottery === 'lost' ? '未中签，' : ''
    return booking.position !== undefined ? `${lost}候补第 ${booking.position} 位` : `${lost}候补中`
  }
  if (booking.status === 'confirmed' && booking.lottery === 'won') return '已中签，预约成功'
  if (booking.status === 'attended' && booking.walkIn) return '已签到（现场参加）'
  if (booking.status === 'cancelled' && booking.lateCancel) return '已取消（迟到取消）'
  return BOOKING_STATUS_LABELS[booking.status]
}

/** The caller's booking as marked on a listed session (listSessions / getCourse `mine`); none for a cancelled one. */
export function markLabel(mark: MyMark | undefined): string | undefined {
  if (!mark || mark.status === 'cancelled') return undefined
  if (mark.status === 'waitlisted') return mark.position !== undefined ? `候补第 ${mark.position} 位` : '已报名，等待抽签/递补'
  return BOOKING_STATUS_LABELS[mark.status]
}

/** Strike points in words: 0.5 → '半', 1 → '1'. */
const pointsInWords = (points: number): string => (points === 0.5 ? '半' : String(points))

/** How many may wait, in words: the course's own cap, or the default's rule. */
const waitlistCapText = (policy: CoursePolicy): string =>
  policy.waitlistLimit !== undefined
    ? `每节课最多${policy.waitlistLimit}人候补`
    : `每节课候补人数最多为名额的${WAITLIST_PER_SEAT}倍（至少${MIN_WAITLIST_LIMIT}人）`

/** How a session is booked now: the bar's button, the hint beside it, and the sheet's confirm button. */
export interface BookAction {
  button: string
  hint: string
  confirm: string
}

export function bookAction(session: Session): BookAction {
  if (session.mode === 'lottery') return { button: '抽签报名', hint: '点「抽签报名」参加抽签，开奖后通知你', confirm: '参加抽签' }
  if (session.waitlistFull) return { button: '候补已满', hint: '名额和候补都满了，换一节课看看，或过一会儿再来', confirm: '候补已满' }
  if (session.seatsLeft === 0) return { button: '候补', hint: '名额已满，点「候补」排队等空位', confirm: '加入候补' }
  return { button: '预约', hint: '点「预约」确认', confirm: '确认预约' }
}

/**
 * What cancelling would cost, said before booking. A seat taken after the free-cancel deadline is a late cancel the
 * moment it is given up (core isLateCancel, the function's rule); leaving a waitlist or a lottery never is.
 */
export function cancelTerms(session: Session, now: number): { text: string; late: boolean } {
  if (session.mode === 'lottery') return { text: '开奖前随时可以退出抽签，不记爽约；中签后，取消规则和预约一样。', late: false }
  if (session.seatsLeft === 0) return { text: '排队时随时可以退出候补，不记爽约；递补成功后，取消规则和预约一样。', late: false }
  if (isLateCancel(session.cancelDeadlineAt, now)) {
    return {
      text: `已过免费取消时间（${formatTime(session.cancelDeadlineAt)}）：约上以后再取消，算一次迟到取消，记${pointsInWords(STRIKE_POINTS.late_cancel)}次爽约。`,
      late: true
    }
  }
  return { text: `${formatDateTime(session.cancelDeadlineAt)} 前可以免费取消，之后取消算迟到取消。`, late: false }
}

/** What each subscription message is for, in the words of the confirm sheet. */
export const SUBSCRIPTION_LABELS: Record<SubscriptionKind, string> = {
  confirmed: '预约结果',
  reminder: '上课提醒',
  promoted: '候补递补'
}

/** What `book` answered, as the result sheet says it. */
export function bookResultText(booking: Booking): { title: string; detail: string } {
  if (booking.status === 'confirmed' || booking.status === 'held') {
    return { title: '预约成功', detail: `请在开课前${CHECKIN_OPENS_BEFORE_MIN}分钟到开课后${CHECKIN_CLOSES_AFTER_MIN}分钟内到场签到。` }
  }
  if (booking.lottery === 'entered') {
    return { title: '已参加抽签', detail: '抽签结果出来后会通知你；没抽中也会按抽签顺序排入候补。' }
  }
  const position = booking.position !== undefined ? `，第 ${booking.position} 位` : ''
  return { title: `已加入候补${position}`, detail: '有人取消时会按顺序为你递补，递补成功会通知你。' }
}

/** Plain-word headings and sentences of a course policy, for the detail page. */
export function policyLines(policy: CoursePolicy): { title: string; text: string }[] {
  const lines = [
    {
      title: '报名时间',
      text: `开课前${formatSpan(policy.opensBeforeH * 60)}开放报名，开课前${formatSpan(policy.closesBeforeMin)}截止。`
    },
    {
      title: '预约次数',
      text: `这门课每人每周最多约${policy.weeklyLimit}次；所有课程加起来，同时最多有${policy.maxUpcoming}个还没上的预约。`
    },
    {
      title: '取消规则',
      text:
        `开课前${formatSpan(policy.cancelBeforeMin)}以前可以随时取消。之后再取消算“迟到取消”（记${STRIKE_POINTS.late_cancel}次爽约），` +
        `预约了没来记${STRIKE_POINTS.no_show}次；空出的名额被别人补上就不计。${STRIKE_WINDOW_DAYS}天内累计${STRIKE_LIMIT}次，` +
        `报名会改为开课前${SHORTENED_OPENS_BEFORE_H}小时才开放（不会被禁止报名）。`
    },
    {
      title: '候补规则',
      text: policy.waitlist
        ? `名额满了可以排队候补，${waitlistCapText(policy)}。开课前${formatSpan(policy.waitlistCutoffMin)}以前有人取消，按顺序自动递补并通知你；` +
          `更晚空出的名额为排第一位的人保留${policy.holdMinutes}分钟，需在「我的预约」里确认占位，过时顺延给下一位。` +
          `开课${RELEASE_AFTER_MIN}分钟后仍未签到的名额，会让给候补和现场的人。`
        : '这门课名额满后不设候补。'
    }
  ]
  if (policy.lottery) {
    lines.push({
      title: '抽签说明',
      text:
        `报名人数多，采用抽签：开课前${formatSpan(policy.lottery.closesBeforeH * 60)}停止抽签报名并开奖，首次参加这门课` +
        '和上次没抽中的人中签机会更大；没抽中的人按抽签顺序候补，抽签后剩下的名额先到先得。抽签用公开的种子计算，结果可复核。'
    })
  }
  return lines
}
