/**
 * CloudBase timer-trigger cron expressions, per 定时触发器
 * (https://developers.weixin.qq.com/miniprogram/dev/wxcloudservice/wxcloud/guide/functions/triggers.html):
 * seven fields (second minute hour day month weekday year), `, - * /`, JAN–DEC and SUN–SAT, day and weekday OR-ed
 * when both are given, times in UTC+8.
 */
import { nextFireTime, parseCron } from '../../scripts/build/cron'

/** Epoch ms of a Beijing wall-clock time. */
const bj = (iso: string) => Date.parse(`${iso}+08:00`)
const next = (expr: string, afterIso: string) => {
  const at = nextFireTime(parseCron(expr), bj(afterIso))
  return at === undefined ? undefined : new Date(at + 8 * 3600e3).toISOString().replace('.000Z', '')
}

test('0 0 2 * * * * fires at 02:00 Beijing time, the next day once 02:00 has passed', () => {
  expect(next('0 0 2 * * * *', '2025-03-10T01:59:59')).toBe('2025-03-10T02:00:00')
  expect(next('0 0 2 * * * *', '2025-03-10T02:00:00')).toBe('2025-03-11T02:00:00')
  // 02:00 in Beijing is 18:00 UTC the day before.
  expect(new Date(nextFireTime(parseCron('0 0 2 * * * *'), bj('2025-03-10T00:00:00'))!).toISOString()).toBe('2025-03-09T18:00:00.000Z')
})

test('the documented examples', () => {
  expect(next('*/5 * * * * * *', '2025-03-10T10:00:01')).toBe('2025-03-10T10:00:05')
  expect(next('0 0 2 1 * * *', '2025-03-10T00:00:00')).toBe('2025-04-01T02:00:00')
  // 2025-03-15 is a Saturday: the next weekday 10:15 is Monday the 17th.
  expect(next('0 15 10 * * MON-FRI *', '2025-03-15T08:00:00')).toBe('2025-03-17T10:15:00')
  expect(next('0 0 10,14,16 * * * *', '2025-03-10T10:00:00')).toBe('2025-03-10T14:00:00')
  expect(next('0 */30 9-17 * * * *', '2025-03-10T17:30:00')).toBe('2025-03-11T09:00:00')
  expect(next('0 0 12 * * WED *', '2025-03-10T00:00:00')).toBe('2025-03-12T12:00:00')
})

test('a/k steps from a; ranges with steps; names are case-insensitive', () => {
  expect(next('0 1/10 * * * * *', '2025-03-10T10:02:00')).toBe('2025-03-10T10:11:00')
  expect(next('0 0 8-20/6 * * * *', '2025-03-10T15:00:00')).toBe('2025-03-10T20:00:00')
  expect(next('0 0 0 1 jan * *', '2025-03-10T00:00:00')).toBe('2026-01-01T00:00:00')
})

test('day and weekday both given: either one matches', () => {
  // The 20th, or any Sunday (0): from Monday the 10th, Sunday the 16th comes first.
  expect(next('0 0 9 20 * 0 *', '2025-03-10T10:00:00')).toBe('2025-03-16T09:00:00')
  expect(next('0 0 9 20 * SUN *', '2025-03-17T00:00:00')).toBe('2025-03-20T09:00:00')
})

test('months without the day are skipped; the year field limits; nothing after 2099', () => {
  expect(next('0 0 0 31 * * *', '2025-04-01T00:00:00')).toBe('2025-05-31T00:00:00')
  expect(next('0 0 0 29 2 * *', '2025-03-01T00:00:00')).toBe('2028-02-29T00:00:00')
  expect(next('0 0 0 1 1 * 2027', '2025-03-01T00:00:00')).toBe('2027-01-01T00:00:00')
  expect(next('0 0 0 1 1 * 2024', '2025-03-01T00:00:00')).toBeUndefined()
})

test('malformed expressions are rejected with a message naming the field', () => {
  expect(() => parseCron('0 0 2 * * *')).toThrow(/7 fields/)
  expect(() => parseCron('60 0 2 * * * *')).toThrow(/second 60/)
  expect(() => parseCron('0 0 2 * * MOO *')).toThrow(/weekday/)
  expect(() => parseCron('0 0 2 * * * 1969')).toThrow(/year/)
  expect(() => parseCron('0 */0 2 * * * *')).toThrow(/step/)
  expect(() => parseCron('0 0 5-2 * * * *')).toThrow(/range/)
  expect(() => parseCron('0 0 ? * * * *')).toThrow(/hour/)
})
