/**
 * Instants integration tests run at, chosen in Asia/Shanghai (functions run in UTC; calendars are Shanghai's), so no
 * test depends on the day the suite runs. Each is named by its Shanghai wall clock.
 *
 * The calendar helpers below are written here, apart from core/time, so a test can place data on Shanghai days and
 * weeks without trusting the code under test. Shanghai has kept UTC+8 all year since 1991, so a fixed offset is exact.
 */
const OFFSET_MS = 8 * 3600_000
const DAY_MS = 24 * 3600_000

/** The instant of a Shanghai wall-clock time, 'YYYY-MM-DDTHH:mm[:ss]'. */
export const shanghai = (iso: string): number => Date.parse(`${iso}+08:00`)

/** An ordinary mid-week morning: the default day of the booking and organizer tests. */
export const WEDNESDAY_10_00 = shanghai('2026-11-25T10:00:00')

/**
 * The calendar edges the week, window, deadline and day rules must survive: course-calendar-edges.test.ts runs its
 * cases at each, so a new edge is one line. The last two are between 00:00 and 08:00 Shanghai, when the UTC date is
 * still the day before (and, on New Year's Day, the year before).
 */
export const CALENDAR_EDGES = {
  'Monday 00:05': shanghai('2026-11-30T00:05:00'),
  'Sunday 23:55': shanghai('2026-11-29T23:55:00'),
  'last day of a month 21:00': shanghai('2026-09-30T21:00:00'),
  "New Year's Eve 23:30": shanghai('2026-12-31T23:30:00'),
  'first of a month 07:30': shanghai('2026-10-01T07:30:00'),
  "New Year's Day 00:10": shanghai('2027-01-01T00:10:00')
} as const

/** 'YYYY-MM-DD' of the Shanghai day containing `at`. */
export const shanghaiDate = (at: number): string => new Date(at + OFFSET_MS).toISOString().slice(0, 10)

/** The instant of wall clock `hhmm` on Shanghai date `date`. */
export const shanghaiAt = (date: string, hhmm: string): number => shanghai(`${date}T${hhmm}:00`)

/** The Shanghai weekday of `at`: 1 = Monday … 7 = Sunday. */
export const shanghaiWeekday = (at: number): number => ((new Date(at + OFFSET_MS).getUTCDay() + 6) % 7) + 1

/** Midnight starting the Shanghai day that contains `at`. */
export const shanghaiMidnight = (at: number): number => shanghaiAt(shanghaiDate(at), '00:00')

/** Monday 00:00 (Shanghai) of the week that contains `at`. */
export const shanghaiMonday = (at: number): number => shanghaiMidnight(at) - (shanghaiWeekday(at) - 1) * DAY_MS
