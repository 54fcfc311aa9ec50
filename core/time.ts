/**
 * Calendar logic in Asia/Shanghai (DESIGN.md: instants are epoch ms; calendars are Shanghai wall clock), with the
 * same results whatever the process time zone is (functions run in UTC, phones in +08:00).
 *
 * Shanghai has been UTC+8 with no daylight saving since 1991, so the helpers below work on the fixed offset. That keeps
 * them exact and fast, and independent of `Intl` time-zone support, which some mini-program runtimes lack. `dayjs` is
 * exported with the utc + timezone plugins for code that needs general zone conversions; the unit tests check the
 * fixed-offset helpers against it.
 */
import dayjs from 'dayjs'
import utc from 'dayjs/plugin/utc'
import timezone from 'dayjs/plugin/timezone'

dayjs.extend(utc)
dayjs.extend(timezone)

export { dayjs }

export const TZ = 'Asia/Shanghai'

export const MINUTE_MS = 60_000
export const HOUR_MS = 60 * MINUTE_MS
export const DAY_MS = 24 * HOUR_MS
export const WEEK_MS = 7 * DAY_MS
const OFFSET_MS = 8 * HOUR_MS

/** 1 = Monday … 7 = Sunday (ISO), as stored in free-time windows and recurrence rules. */
export type Weekday = 1 | 2 | 3 | 4 | 5 | 6 | 7
export const WEEKDAYS: readonly Weekday[] = [1, 2, 3, 4, 5, 6, 7]
export const WEEKDAY_LABELS: Record<Weekday, string> = {
  1: '周一',
  2: '周二',
  3: '周三',
  4: '周四',
  5: '周五',
  6: '周六',
  7: '周日'
}

/** Wall-clock 'HH:mm', 00:00–23:59. */
export const HHMM_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/
/** Calendar date 'YYYY-MM-DD'. */
export const DATE_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/

const floorDiv = (a: number, b: number): number => Math.floor(a / b)

/** Days since 1970-01-01 on the Shanghai calendar. */
const shanghaiDayIndex = (at: number): number => floorDiv(at + OFFSET_MS, DAY_MS)

/** Start (00:00 Shanghai) of the day containing `at`. */
export const startOfDay = (at: number): number => shanghaiDayIndex(at) * DAY_MS - OFFSET_MS

/** Weekday of `at` in Shanghai, 1 = Monday … 7 = Sunday. */
export const weekdayOf = (at: number): Weekday => ((((shanghaiDayIndex(at) + 3) % 7) + 7) % 7 + 1) as Weekday

/** Start (Monday 00:00 Shanghai) of the week containing `at`. */
export const startOfWeek = (at: number): number => startOfDay(at) - (weekdayOf(at) - 1) * DAY_MS

/** Minutes since Shanghai midnight, 0–1439. */
export const minuteOfDay = (at: number): number => floorDiv(at - startOfDay(at), MINUTE_MS)

/** Same wall-clock time `days` calendar days later (exact: no DST in Shanghai). */
export const addDays = (at: number, days: number): number => at + days * DAY_MS

/** 'HH:mm' → minutes since midnight; throws on a malformed value (inputs are validated before they get here). */
export function parseHHmm(hhmm: string): number {
  if (!HHMM_PATTERN.test(hhmm)) throw new RangeError(`Invalid wall-clock time "${hhmm}"`)
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n))

/** Minutes since midnight → 'HH:mm'. */
export const formatMinutes = (minutes: number): string => `${pad2(Math.floor(minutes / 60))}:${pad2(minutes % 60)}`

export interface ShanghaiParts {
  year: number
  /** 1–12 */
  month: number
  day: number
  hour: number
  minute: number
  weekday: Weekday
}

/** The Shanghai calendar fields of an instant. */
export function partsOf(at: number): ShanghaiParts {
  const d = new Date(at + OFFSET_MS)
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    weekday: weekdayOf(at)
  }
}

/** 'YYYY-MM-DD' of the Shanghai day containing `at` (a stable key for grouping by day). */
export function dateKey(at: number): string {
  const p = partsOf(at)
  return `${p.year}-${pad2(p.month)}-${pad2(p.day)}`
}

/**
 * The instant at wall clock `hhmm` on Shanghai date `date` ('YYYY-MM-DD').
 * Throws on a malformed or non-existent date (e.g. 2025-02-30).
 */
export function atWallClock(date: string, hhmm: string): number {
  if (!DATE_PATTERN.test(date)) throw new RangeError(`Invalid date "${date}"`)
  const y = Number(date.slice(0, 4))
  const m = Number(date.slice(5, 7))
  const d = Number(date.slice(8, 10))
  const midnight = Date.UTC(y, m - 1, d)
  const check = new Date(midnight)
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) {
    throw new RangeError(`Invalid date "${date}"`)
  }
  return midnight - OFFSET_MS + parseHHmm(hhmm) * MINUTE_MS
}

/** The instant at wall clock `hhmm` on the Shanghai day containing `day`. */
export const atTimeOfDay = (day: number, hhmm: string): number => startOfDay(day) + parseHHmm(hhmm) * MINUTE_MS

/** '19:00' */
export const formatTime = (at: number): string => formatMinutes(minuteOfDay(at))

/** '11月27日 周五' */
export function formatDate(at: number): string {
  const p = partsOf(at)
  return `${p.month}月${p.day}日 ${WEEKDAY_LABELS[p.weekday]}`
}

/** '11月27日 周五 19:00' */
export const formatDateTime = (at: number): string => `${formatDate(at)} ${formatTime(at)}`

/** '11月27日 周五 19:00–20:30'; a range that ends on another day shows that day too. */
export function formatRange(startAt: number, endAt: number): string {
  const end = startOfDay(startAt) === startOfDay(endAt) ? formatTime(endAt) : formatDateTime(endAt)
  return `${formatDateTime(startAt)}–${end}`
}

/** '今天' / '明天' / '后天' relative to `now`, otherwise '11月27日 周五'. */
export function formatDay(at: number, now: number): string {
  const diff = (startOfDay(at) - startOfDay(now)) / DAY_MS
  if (diff === 0) return '今天'
  if (diff === 1) return '明天'
  if (diff === 2) return '后天'
  return formatDate(at)
}

/** The instant as a dayjs object in Asia/Shanghai, for formats the helpers above don't cover. */
export const inShanghai = (at: number): dayjs.Dayjs => dayjs(at).tz(TZ)

/** A Shanghai calendar month as stored and asked for: '2026-11' (monthly counts, 骑士之星's months). */
export const MONTH_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/

const monthOf = (year: number, month: number): string => `${year}-${pad2(month)}`

/** The Shanghai month containing `at`: '2026-11'. */
export function monthKey(at: number): string {
  const p = partsOf(at)
  return monthOf(p.year, p.month)
}

/** The month `by` months after `month` (before, when negative). */
export function shiftMonth(month: string, by: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + by
  return monthOf(Math.floor(index / 12), (index % 12) + 1)
}

/** The `count` months up to and including the one containing `now`, oldest first. */
export const lastMonths = (now: number, count: number): string[] => Array.from({ length: count }, (_, i) => shiftMonth(monthKey(now), i - count + 1))

/** When the month starts: Shanghai midnight of its first day. */
export const monthStartAt = (month: string): number => Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1, 1) - OFFSET_MS

/** When the month ends (the next one starts): the end of a half-open [start, end). */
export const monthEndAt = (month: string): number => monthStartAt(shiftMonth(month, 1))

/** '2026年11月' */
export const monthLabel = (month: string): string => `${Number(month.slice(0, 4))}年${Number(month.slice(5, 7))}月`

