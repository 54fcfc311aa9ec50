/**
 * Session list filters, one implementation for the 课程 page and the `course` function's listSessions.
 * Every filter narrows the list; a filter left out (or false) does not apply.
 */
import type { FreeTime } from '../api/user'
import * as s from '../schema'
import { HOUR_MS, minuteOfDay, parseHHmm, weekdayOf } from '../time'
import { fitsFreeTime } from '../user'
import { ACTIVITY_CATEGORIES, idSchema, type ActivityCategory } from './model'

/** 晚上: starts at or after this Shanghai wall-clock time. */
export const EVENING_FROM = '18:00'
/** "starting soon": starts within this long from now. */
export const STARTING_SOON_MS = 2 * HOUR_MS

export const sessionFilterSchema = s.object(
  {
    fitsFreeTime: s.optional(s.boolean({ label: '适合我的空闲时间' })),
    evening: s.optional(s.boolean({ label: '晚上' })),
    weekend: s.optional(s.boolean({ label: '周末' })),
    startingSoon: s.optional(s.boolean({ label: '两小时内开始' })),
    hasSeats: s.optional(s.boolean({ label: '有空位' })),
    venueId: s.optional(idSchema('服务中心')),
    category: s.optional(s.oneOf(ACTIVITY_CATEGORIES, { label: '课程类别' }))
  },
  { label: '筛选条件' }
)

export type SessionFilter = s.Infer<typeof sessionFilterSchema>

/** What filtering needs of a session; venue and category fall back to the course's when the session lacks them. */
export interface FilterableSession {
  courseId: string
  startAt: number
  endAt: number
  venueId?: string
  category?: ActivityCategory
  capacity?: number
  booked?: number
}

export interface FilterContext {
  now: number
  /** The person's free-time windows (from 我的); none means nothing fits. */
  freeTimes?: readonly FreeTime[]
  courses?: readonly { _id: string; venueId: string; category: ActivityCategory }[]
}

const EVENING_MINUTE = parseHHmm(EVENING_FROM)

/** A predicate for one session, built once per list. */
export function sessionMatcher(filter: SessionFilter, ctx: FilterContext): (session: FilterableSession) => boolean {
  const courses = new Map((ctx.courses ?? []).map((c) => [c._id, c]))
  const freeTimes = ctx.freeTimes ?? []
  return (session) => {
    const course = courses.get(session.courseId)
    if (filter.fitsFreeTime && !fitsFreeTime(freeTimes, session.startAt, session.endAt)) return false
    if (filter.evening && minuteOfDay(session.startAt) < EVENING_MINUTE) return false
    if (filter.weekend && weekdayOf(session.startAt) < 6) return false
    const soon = session.startAt >= ctx.now && session.startAt <= ctx.now + STARTING_SOON_MS
    if (filter.startingSoon && !soon) return false
    if (filter.hasSeats && !((session.capacity ?? 0) > (session.booked ?? 0))) return false
    if (filter.venueId !== undefined && (session.venueId ?? course?.venueId) !== filter.venueId) return false
    if (filter.category !== undefined && (session.category ?? course?.category) !== filter.category) return false
    return true
  }
}

export function filterSessions<T extends FilterableSession>(
  sessions: readonly T[],
  filter: SessionFilter | undefined,
  ctx: FilterContext
): T[] {
  if (!filter) return [...sessions]
  const matches = sessionMatcher(filter, ctx)
  return sessions.filter(matches)
}

/** The filter needs the caller's free-time windows (so the server reads the profile only then). */
export const needsFreeTimes = (filter: SessionFilter | undefined): boolean => !!filter?.fitsFreeTime
