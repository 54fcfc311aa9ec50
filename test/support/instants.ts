/**
 * Instants integration tests run at, chosen in Asia/Shanghai (functions run in UTC; calendars are Shanghai's), so no
 * test depends on the day the suite runs. Each is named by its Shanghai wall clock.
 */
const shanghai = (iso: string): number => Date.parse(`${iso}+08:00`)

/** An ordinary mid-week morning: the default day of the booking tests. */
export const WEDNESDAY_10_00 = shanghai('2026-11-25T10:00:00')
/** The calendar edges the weekly and window rules must survive. */
export const CALENDAR_EDGES = {
  'Monday 00:05': shanghai('2026-11-30T00:05:00'),
  'Sunday 23:55': shanghai('2026-11-29T23:55:00'),
  'last day of a month 21:00': shanghai('2026-09-30T21:00:00'),
  "New Year's Eve 23:30": shanghai('2026-12-31T23:30:00')
} as const
