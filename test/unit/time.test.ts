import { execFile } from 'child_process'
import { createRequire } from 'module'
import path from 'path'
import { promisify } from 'util'
import * as t from '@core/time'
import { sampleInstants, timeTable } from './fixtures/time-table'

// Friday 2025-11-28 19:00 in Shanghai.
const FRI_19 = Date.UTC(2025, 10, 28, 11)

describe('Shanghai calendar helpers', () => {
  it('puts an instant just after Shanghai midnight on the Shanghai day, not the UTC day', () => {
    const at = Date.UTC(2025, 10, 27, 16, 30) // UTC Thursday 16:30 = Shanghai Friday 00:30
    expect(t.weekdayOf(at)).toBe(5)
    expect(t.dateKey(at)).toBe('2025-11-28')
    expect(t.startOfDay(at)).toBe(Date.UTC(2025, 10, 27, 16))
    expect(t.minuteOfDay(at)).toBe(30)
  })

  it('starts the week on Monday 00:00 Shanghai', () => {
    const sundayLate = Date.UTC(2025, 10, 30, 15) // Sunday 23:00
    expect(t.weekdayOf(sundayLate)).toBe(7)
    expect(t.startOfWeek(sundayLate)).toBe(Date.UTC(2025, 10, 23, 16))
    const mondayStart = Date.UTC(2025, 11, 0, 16) // Monday 2025-12-01 00:00
    expect(t.startOfWeek(mondayStart)).toBe(mondayStart)
    expect(t.startOfWeek(mondayStart - 1)).toBe(Date.UTC(2025, 10, 23, 16))
  })

  it('handles instants before 1970', () => {
    expect(t.weekdayOf(Date.UTC(1969, 11, 31, 20))).toBe(4) // 1970-01-01 04:00, a Thursday
    expect(t.weekdayOf(Date.UTC(1969, 11, 31, 10))).toBe(3)
    expect(t.dateKey(Date.UTC(1969, 11, 31, 10))).toBe('1969-12-31')
  })

  it('turns a Shanghai date and wall clock into the instant', () => {
    expect(t.atWallClock('2025-11-28', '19:00')).toBe(FRI_19)
    expect(t.atWallClock('2025-01-01', '00:00')).toBe(Date.UTC(2024, 11, 31, 16))
    expect(t.atWallClock('2024-02-29', '23:59')).toBe(Date.UTC(2024, 1, 29, 15, 59))
    expect(t.atTimeOfDay(FRI_19 + 3 * t.HOUR_MS, '08:15')).toBe(Date.UTC(2025, 10, 28, 0, 15))
  })

  it('refuses malformed or impossible dates and times', () => {
    expect(() => t.atWallClock('2025-02-29', '10:00')).toThrow(RangeError)
    expect(() => t.atWallClock('2025-13-01', '10:00')).toThrow(RangeError)
    expect(() => t.atWallClock('2025-1-01', '10:00')).toThrow(RangeError)
    expect(() => t.atWallClock('2025-11-28', '24:00')).toThrow(RangeError)
    expect(() => t.parseHHmm('9:00')).toThrow(RangeError)
  })

  it('parses and prints wall-clock times', () => {
    expect(t.parseHHmm('00:00')).toBe(0)
    expect(t.parseHHmm('21:30')).toBe(1290)
    expect(t.formatMinutes(1290)).toBe('21:30')
    expect(t.formatMinutes(5)).toBe('00:05')
  })

  it('formats for the UI in Chinese', () => {
    expect(t.formatDateTime(FRI_19)).toBe('11月28日 周五 19:00')
    expect(t.formatDate(FRI_19)).toBe('11月28日 周五')
    expect(t.formatTime(FRI_19)).toBe('19:00')
    expect(t.formatRange(FRI_19, FRI_19 + 90 * t.MINUTE_MS)).toBe('11月28日 周五 19:00–20:30')
    expect(t.formatRange(FRI_19 + 4 * t.HOUR_MS, FRI_19 + 6 * t.HOUR_MS)).toBe('11月28日 周五 23:00–11月29日 周六 01:00')
  })

  it('names nearby days relative to now in Shanghai', () => {
    const now = Date.UTC(2025, 10, 28, 15, 59) // Friday 23:59
    expect(t.formatDay(now, now)).toBe('今天')
    expect(t.formatDay(now + t.MINUTE_MS, now)).toBe('明天')
    expect(t.formatDay(now + t.DAY_MS + t.MINUTE_MS, now)).toBe('后天')
    expect(t.formatDay(now + 3 * t.DAY_MS, now)).toBe('12月1日 周一')
    expect(t.formatDay(now - t.DAY_MS, now)).toBe('11月27日 周四')
  })

  it('adds whole days without drift', () => {
    expect(t.addDays(FRI_19, 7)).toBe(FRI_19 + t.WEEK_MS)
    expect(t.formatDateTime(t.addDays(FRI_19, 3))).toBe('12月1日 周一 19:00')
  })
})

describe('agreement with dayjs in Asia/Shanghai', () => {
  // Shanghai's offset has been a constant +08:00 since 1992; the samples start there.
  it.each([
    ['day start', (at: number) => t.startOfDay(at), (at: number) => t.inShanghai(at).startOf('day').valueOf()],
    ['date key', (at: number) => t.dateKey(at), (at: number) => t.inShanghai(at).format('YYYY-MM-DD')],
    ['wall clock', (at: number) => t.formatTime(at), (at: number) => t.inShanghai(at).format('HH:mm')],
    ['weekday', (at: number) => t.weekdayOf(at), (at: number) => t.inShanghai(at).day() || 7],
    ['utc offset', () => 480, (at: number) => t.inShanghai(at).utcOffset()]
  ])('%s', (_name, ours, theirs) => {
    for (const at of sampleInstants()) expect([at, ours(at)]).toEqual([at, theirs(at)])
  })
})

describe('independence from the process time zone', () => {
  const script = path.join(__dirname, 'fixtures', 'print-time-table.ts')
  const tsx = createRequire(__filename).resolve('tsx/cli')
  const zones = ['UTC', 'Asia/Shanghai', 'America/Los_Angeles', 'Pacific/Kiritimati']
  const runs = new Map<string, { stdout: string; stderr: string }>()

  // The child processes start together; each computes the table under its own TZ.
  beforeAll(async () => {
    const exec = promisify(execFile)
    await Promise.all(
      zones.map(async (tz) => runs.set(tz, await exec(process.execPath, [tsx, script], { env: { ...process.env, TZ: tz } })))
    )
  })

  it.each(zones)('gives identical results with TZ=%s', (tz) => {
    const run = runs.get(tz)!
    expect(run.stderr).toBe('')
    const out = JSON.parse(run.stdout) as { tz: string; table: unknown[] }
    expect(out.tz).toBe(tz)
    expect(out.table).toEqual(JSON.parse(JSON.stringify(timeTable())))
  })
})
