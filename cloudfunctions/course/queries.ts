/**
 * The reading side of function `course`:
 *   listSessions {from?, to?, courseId?, filter?} → {items}: scheduled sessions in [from, to) (default now … +14 days),
 *                the caller's booking of each as `mine`
 *   listCourses  {category?, venueId?} → {items}: active courses with venue name, upcoming sessions and seats left
 *   getCourse    {courseId} → {course, venueName, venue?, sessions}: the course, where (name, address, hours) and its
 *                upcoming sessions (with `mine`)
 *   listVenues   {} → {items}: every service centre, for choosing and showing where a course is
 *   myBookings   {scope?} → {items, strikeNotice?}: 我的预约, grouped upcoming / attended / past (the last 90 days)
 * Courses and volunteer activities (kind 'volunteer') share these reads; a listing shows one kind, courses unless asked.
 * Reads page explicitly (findAll), never relying on the 100-row default.
 */
import type {
  CourseBrief,
  CourseKind,
  CourseStatus,
  CourseVenue,
  CourseSummary,
  GetCourseOutput,
  ListCoursesInput,
  ListCoursesOutput,
  ListSessionsInput,
  ListSessionsOutput,
  ListVenuesOutput,
  MyBookingGroup,
  MyBookingItem,
  MyBookingsInput,
  MyBookingsOutput,
  MyMark,
  SessionListItem
} from '@core/api/course'
import { LIST_DEFAULT_DAYS, LIST_MAX_DAYS } from '@core/api/course'
import { DomainError } from '@core/api/result'
import {
  activeStrikes,
  bookingView,
  filterSessions,
  isActive,
  needsFreeTimes,
  resolvePolicy,
  seatState,
  strikeNotice,
  strikesSince,
  toSessionView,
  type BookingDoc,
  type CourseDoc,
  type CoursePolicy,
  type SessionDoc
} from '@core/booking'
import { DAY_MS } from '@core/time'
import { _ } from '../_shared'
import { store } from './repo'

/** Left on the server: the check-in key, and who holds which seat (the queue stays: it gives waitlist positions). */
const SESSION_FIELDS = { checkinSecret: false, seats: false, waiting: false }

/** What cards, the detail page and 导航 show of a venue (CourseVenue), read and nothing more. */
const VENUE_FIELDS = { _id: true, name: true, district: true, address: true, hours: true, lat: true, lng: true }

const courseVenue = (v: CourseVenue): CourseVenue => ({
  _id: v._id,
  name: v.name,
  district: v.district,
  address: v.address,
  hours: v.hours,
  lat: v.lat,
  lng: v.lng
})

/** How far back 我的预约 shows past bookings. */
const PAST_DAYS = 90

async function coursesById(ids: readonly string[]): Promise<Map<string, CourseDoc>> {
  if (ids.length === 0) return new Map()
  const courses = await store.findAll('courses', { _id: _.in([...new Set(ids)]) })
  return new Map(courses.map((c) => [c._id, c]))
}

const policyOf = (courses: Map<string, CourseDoc>, courseId: string): CoursePolicy => resolvePolicy(courses.get(courseId)?.policy)

/** The caller's booking of a session, as the list marks it. */
function markOf(booking: BookingDoc, session: SessionDoc): MyMark {
  const mark: MyMark = { bookingId: booking._id, status: booking.status }
  const state = seatState(session, booking.openid)
  if (booking.status === 'waitlisted' && state.kind === 'queued') mark.position = state.shown
  return mark
}

function listItem(session: SessionDoc, policy: CoursePolicy, mine: Map<string, BookingDoc>): SessionListItem {
  const item: SessionListItem = toSessionView(session, policy)
  const booking = mine.get(session._id)
  if (booking) item.mine = markOf(booking, session)
  return item
}

/**
 * The condition on a stored `kind` for one kind: courses stored before volunteer activities existed have none, so a
 * course is anything not marked volunteer.
 */
const kindCondition = (kind: CourseKind): unknown => (kind === 'volunteer' ? 'volunteer' : _.neq('volunteer'))

const byStart = (a: { startAt: number }, b: { startAt: number }): number => a.startAt - b.startAt

async function myBookingsOf(openid: string | null, where: Record<string, unknown>): Promise<Map<string, BookingDoc>> {
  if (openid === null) return new Map()
  const bookings = await store.findAll('bookings', { ...where, openid })
  return new Map(bookings.map((b) => [b.sessionId, b]))
}

/**
 * Requests: the sessions (1 per 1000), their courses for the policies (1), the caller's bookings in the range (1, only
 * with an OPENID), the caller's profile (1, only for "fits my free time").
 */
export async function listSessions(openid: string | null, input: ListSessionsInput, now: number): Promise<ListSessionsOutput> {
  const from = input.from ?? now
  const to = input.to ?? from + LIST_DEFAULT_DAYS * DAY_MS
  if (to <= from) throw new DomainError('INVALID_INPUT', '结束时间要晚于开始时间', 'to')
  if (to - from > LIST_MAX_DAYS * DAY_MS) throw new DomainError('INVALID_INPUT', `一次最多查看${LIST_MAX_DAYS}天的课程`, 'to')
  const filter = input.filter
  const where: Record<string, unknown> = { status: 'scheduled', startAt: _.gte(from).and(_.lt(to)), kind: kindCondition(input.kind ?? 'course') }
  if (input.courseId !== undefined) where.courseId = input.courseId
  if (filter?.venueId !== undefined) where.venueId = filter.venueId
  if (filter?.category !== undefined) where.category = filter.category
  const sessions = (await store.findAll('sessions', where, SESSION_FIELDS)).sort(byStart)
  const [courses, mine, profile] = await Promise.all([
    coursesById(sessions.map((s) => s.courseId)),
    myBookingsOf(openid, { startAt: _.gte(from).and(_.lt(to)) }),
    openid !== null && needsFreeTimes(filter) ? store.get('users', openid) : Promise.resolve(null)
  ])
  const shown = filterSessions(sessions, filter, { now, freeTimes: profile?.freeTimes ?? [], courses: [...courses.values()] })
  return { items: shown.map((s) => listItem(s, policyOf(courses, s.courseId), mine)) }
}

/** Per course: its upcoming sessions, the next one's start and the seats left across them. */
interface CourseSessionStats {
  _id: string
  upcoming: number
  nextStartAt: number
  seatsLeft: number
}

/**
 * Requests: the courses (1), one aggregate over their upcoming sessions (1), the venues' names (1). `statuses` is
 * wider only for the organizer's listAllCourses; the public list shows active courses.
 */
export async function listCourses(
  input: ListCoursesInput,
  now: number,
  statuses: readonly CourseStatus[] = ['active'],
  /** The venueId condition (an organizer's listing is narrowed to the centres they manage); default: the input's. */
  venue: unknown = input.venueId,
  /** Which kind to list when the input names none; null: both (the organizer's list). */
  defaultKind: CourseKind | null = 'course'
): Promise<ListCoursesOutput> {
  const where: Record<string, unknown> = { status: statuses.length === 1 ? statuses[0] : _.in([...statuses]) }
  const kind = input.kind ?? defaultKind
  if (kind !== null) where.kind = kindCondition(kind)
  if (input.category !== undefined) where.category = input.category
  if (venue !== undefined) where.venueId = venue
  const courses = await store.findAll('courses', where)
  if (courses.length === 0) return { items: [] }
  const $ = _.aggregate
  const ids = courses.map((c) => c._id)
  const [stats, venues] = await Promise.all([
    store.rows<CourseSessionStats>(
      store
        .aggregate('sessions')
        .match({ courseId: _.in(ids), status: 'scheduled', startAt: _.gt(now) })
        .group({
          _id: '$courseId',
          upcoming: $.sum(1),
          nextStartAt: $.min('$startAt'),
          seatsLeft: $.sum($.max([0, $.subtract(['$capacity', '$booked'])]))
        })
        .limit(ids.length)
    ),
    store.findAll('venues', { _id: _.in([...new Set(courses.map((c) => c.venueId))]) }, VENUE_FIELDS)
  ])
  const byCourse = new Map(stats.map((s) => [s._id, s]))
  const venueById = new Map(venues.map((v) => [v._id, courseVenue(v)]))
  const items = courses.map((c): CourseSummary => {
    const s = byCourse.get(c._id)
    const venue = venueById.get(c.venueId)
    const summary: CourseSummary = { ...c, venueName: venue?.name ?? '', upcomingSessions: s?.upcoming ?? 0, seatsLeft: s?.seatsLeft ?? 0 }
    if (venue) summary.venue = venue
    if (s) summary.nextStartAt = s.nextStartAt
    return summary
  })
  // Active before archived; courses with a class coming up first, soonest first; then the rest by title.
  items.sort(
    (a, b) =>
      Number(a.status === 'archived') - Number(b.status === 'archived') ||
      (a.nextStartAt ?? Infinity) - (b.nextStartAt ?? Infinity) ||
      a.title.localeCompare(b.title, 'zh')
  )
  return { items }
}

/** Requests: the course (1), then its upcoming sessions, the venue and the caller's bookings of the course (3). */
export async function getCourse(openid: string | null, courseId: string, now: number): Promise<GetCourseOutput> {
  const course = await store.get('courses', courseId)
  if (!course) throw new DomainError('NOT_FOUND', '课程不存在或已下架', 'courseId')
  const [sessions, venue, mine] = await Promise.all([
    store.findAll('sessions', { courseId, status: 'scheduled', endAt: _.gt(now) }, SESSION_FIELDS),
    store.get('venues', course.venueId),
    myBookingsOf(openid, { courseId })
  ])
  const policy = resolvePolicy(course.policy)
  const out: GetCourseOutput = {
    course,
    venueName: venue?.name ?? '',
    sessions: sessions.sort(byStart).map((s) => listItem(s, policy, mine))
  }
  if (venue) out.venue = courseVenue(venue)
  return out
}

/** Requests: the venues (1 per 1000; there are a handful). */
export async function listVenues(): Promise<ListVenuesOutput> {
  const venues = await store.findAll('venues', {})
  return { items: venues.sort((a, b) => a.name.localeCompare(b.name, 'zh')) }
}

function groupOf(booking: BookingDoc, now: number): MyBookingGroup {
  if (booking.status === 'attended') return 'attended'
  return booking.endAt > now && isActive(booking.status) ? 'upcoming' : 'past'
}

const brief = (c: CourseDoc | undefined, session: SessionDoc): CourseBrief => ({
  _id: session.courseId,
  title: c?.title ?? session.title,
  category: c?.category ?? session.category,
  cover: c?.cover ?? '',
  instructor: c?.instructor ?? '',
  venueId: c?.venueId ?? session.venueId
})

/**
 * Requests: the caller's bookings (1), their sessions (1), courses (1) and strikes (1). `scope` narrows to upcoming
 * (not over yet) or past (over, the last 90 days).
 */
export async function myBookings(openid: string, input: MyBookingsInput, now: number): Promise<MyBookingsOutput> {
  const where: Record<string, unknown> =
    input.scope === 'upcoming'
      ? { openid, endAt: _.gt(now) }
      : input.scope === 'past'
        ? { openid, endAt: _.lte(now), startAt: _.gt(now - PAST_DAYS * DAY_MS) }
        : { openid, startAt: _.gt(now - PAST_DAYS * DAY_MS) }
  const bookings = await store.findAll('bookings', where)
  const [sessions, strikes] = await Promise.all([
    bookings.length ? store.findAll('sessions', { _id: _.in([...new Set(bookings.map((b) => b.sessionId))]) }, SESSION_FIELDS) : Promise.resolve([]),
    store.findAll('strikes', { openid, at: _.gt(strikesSince(now)) })
  ])
  const sessionById = new Map(sessions.map((s) => [s._id, s]))
  const courses = await coursesById(sessions.map((s) => s.courseId))
  const items: MyBookingItem[] = []
  for (const b of bookings) {
    const session = sessionById.get(b.sessionId)
    if (!session) continue
    const course = courses.get(session.courseId)
    items.push({
      booking: bookingView(b, seatState(session, openid)),
      session: toSessionView(session, resolvePolicy(course?.policy)),
      course: brief(course, session),
      group: groupOf(b, now)
    })
  }
  items.sort((a, b) =>
    a.group === 'upcoming' || b.group === 'upcoming'
      ? Number(b.group === 'upcoming') - Number(a.group === 'upcoming') || a.session.startAt - b.session.startAt
      : b.session.startAt - a.session.startAt
  )
  const out: MyBookingsOutput = { items }
  const notice = strikeNotice(activeStrikes(strikes, now))
  if (notice) out.strikeNotice = notice
  return out
}
