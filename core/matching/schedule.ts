/**
 * Weekly time in Asia/Shanghai: a need's availability and a service's schedules are weekly wall-clock windows
 * (`{weekday, from, to}`, half-open), compared as minute-of-week intervals [0, 10080) with Monday 00:00 = 0. Shanghai
 * has no daylight saving, so a weekly window is the same every week.
 *
 * Also here: whether a place is open now or around the clock (the service points map), and the calendar period a
 * service's capacity counts in (a Shanghai week from Monday, or a calendar month).
 */
import { atWallClock, formatMinutes, minuteOfDay, parseHHmm, partsOf, startOfWeek, WEEK_MS, WEEKDAY_LABELS, type Weekday, weekdayOf } from '../time'
import type { CapacityPeriod, WeeklyWindow } from './model'

export const MINUTES_PER_DAY = 1440
export const MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY

/** [start, end) in minutes of the week. */
export interface WeekInterval {
  start: number
  end: number
}

/** The week around the clock: what an empty availability means ("any time"). */
const WHOLE_WEEK: readonly WeekInterval[] = [{ start: 0, end: MINUTES_PER_WEEK }]

/** Windows as sorted, merged minute-of-week intervals (touching windows join; empty or inverted ones are dropped). */
export function weekIntervals(windows: readonly WeeklyWindow[]): WeekInterval[] {
  const raw = windows
    .map((w) => ({ start: (w.weekday - 1) * MINUTES_PER_DAY + parseHHmm(w.from), end: (w.weekday - 1) * MINUTES_PER_DAY + parseHHmm(w.to) }))
    .filter((i) => i.end > i.start)
    .sort((a, b) => a.start - b.start)
  const merged: WeekInterval[] = []
  for (const interval of raw) {
    const last = merged[merged.length - 1]
    if (last && interval.start <= last.end) last.end = Math.max(last.end, interval.end)
    else merged.push({ ...interval })
  }
  return merged
}

/** A need's availability as intervals: no windows means any time. */
export const availabilityIntervals = (windows: readonly WeeklyWindow[]): readonly WeekInterval[] =>
  windows.length === 0 ? WHOLE_WEEK : weekIntervals(windows)

/** The intervals both sorted, merged lists cover. */
export function intersect(a: readonly WeekInterval[], b: readonly WeekInterval[]): WeekInterval[] {
  const out: WeekInterval[] = []
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    const start = Math.max(a[i].start, b[j].start)
    const end = Math.min(a[i].end, b[j].end)
    if (end > start) out.push({ start, end })
    if (a[i].end < b[j].end) i++
    else j++
  }
  return out
}

/** Minutes both sorted, merged lists cover (intersect's total, without building it). */
export function overlapMinutes(a: readonly WeekInterval[], b: readonly WeekInterval[]): number {
  let minutes = 0
  let i = 0
  let j = 0
  while (i < a.length && j < b.length) {
    const start = Math.max(a[i].start, b[j].start)
    const end = Math.min(a[i].end, b[j].end)
    if (end > start) minutes += end - start
    if (a[i].end < b[j].end) i++
    else j++
  }
  return minutes
}

export const totalMinutes = (intervals: readonly WeekInterval[]): number => intervals.reduce((sum, i) => sum + i.end - i.start, 0)

/** Minute of the Shanghai week of an instant (Monday 00:00 = 0). */
export const minuteOfWeek = (at: number): number => (weekdayOf(at) - 1) * MINUTES_PER_DAY + minuteOfDay(at)

/**
 * The interval of `intervals` that is current or comes next after `now` (wrapping to next week), or undefined when
 * there is none.
 */
export function nextInterval(intervals: readonly WeekInterval[], now: number): WeekInterval | undefined {
  const minute = minuteOfWeek(now)
  return intervals.find((i) => i.end > minute) ?? intervals[0]
}

const hourText = (minutes: number): string => (minutes % 60 === 0 ? String(minutes / 60) : formatMinutes(minutes))

/**
 * '周六 9–11 点' for whole hours, '周六 9:30–11:00' otherwise; an interval that runs past midnight is cut at the day's
 * end ('周一 20–24 点').
 */
export function formatWeekInterval(interval: WeekInterval): string {
  const day = Math.floor(interval.start / MINUTES_PER_DAY)
  const from = interval.start - day * MINUTES_PER_DAY
  const to = Math.min(interval.end - day * MINUTES_PER_DAY, MINUTES_PER_DAY)
  const weekday = WEEKDAY_LABELS[(day + 1) as Weekday]
  if (from === 0 && to === MINUTES_PER_DAY) return `${weekday}全天`
  if (from % 60 === 0 && to % 60 === 0) return `${weekday} ${hourText(from)}–${hourText(to)} 点`
  return `${weekday} ${formatMinutes(from)}–${to === MINUTES_PER_DAY ? '24:00' : formatMinutes(to)}`
}

/** The last minute a wall-clock window can reach is 23:59, so a window to 23:59 counts as reaching midnight. */
const DAY_END_SLACK = 1

/** Open around the clock: every day covered from 00:00 to 23:59 (the latest a window can end). */
export function isAroundTheClock(windows: readonly WeeklyWindow[]): boolean {
  const intervals = weekIntervals(windows)
  for (let day = 0; day < 7; day++) {
    const start = day * MINUTES_PER_DAY
    const end = start + MINUTES_PER_DAY - DAY_END_SLACK
    if (!intervals.some((i) => i.start <= start && i.end >= end)) return false
  }
  return true
}

/** Whether `now` falls inside one of the windows. */
export function isOpenAt(windows: readonly WeeklyWindow[], now: number): boolean {
  const minute = minuteOfWeek(now)
  return isAroundTheClock(windows) || weekIntervals(windows).some((i) => i.start <= minute && minute < i.end)
}

/** [startAt, endAt) of the capacity period containing `now`. */
export function capacityPeriodOf(period: CapacityPeriod, now: number): { startAt: number; endAt: number } {
  if (period === 'week') {
    const startAt = startOfWeek(now)
    return { startAt, endAt: startAt + WEEK_MS }
  }
  const { year, month } = partsOf(now)
  const pad = (n: number) => String(n).padStart(2, '0')
  const next = month === 12 ? { year: year + 1, month: 1 } : { year, month: month + 1 }
  return {
    startAt: atWallClock(`${year}-${pad(month)}-01`, '00:00'),
    endAt: atWallClock(`${next.year}-${pad(next.month)}-01`, '00:00')
  }
}
