/**
 * The volunteer hours rule (core/booking/volunteer.ts) against hand-computed cases: minutes from check-in to check-out,
 * clamped to the slot, rounded to a quarter hour; who can be checked out; what a second check-out does; the sums of
 * 我的志愿 by calendar year in Shanghai.
 */
import { expect } from '@jest/globals'
import { DomainError } from '@core/api/result'
import { checkOutDecision, hoursOf, newBookingDoc, volunteerMinutesFor, volunteerSummary, type BookingDoc } from '@core/booking'
import { MINUTE_MS } from '@core/time'
import { shanghai } from '../support/instants'

const START = shanghai('2026-11-24T19:30:00')
const END = START + 120 * MINUTE_MS
const slot = { _id: 'vol-s1', courseId: 'vol', startAt: START, endAt: END, status: 'scheduled' as const }
const at = (minutes: number): number => START + minutes * MINUTE_MS

const attended = (checkedInAt: number, extra: Partial<BookingDoc> = {}): BookingDoc =>
  newBookingDoc(slot, 'rider', 'attended', START - 60 * MINUTE_MS, { checkedInAt, ...extra })

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn()
  } catch (err) {
    return err instanceof DomainError ? `${err.code} ${err.message}` : String(err)
  }
  return undefined
}

describe('volunteerMinutesFor', () => {
  it.each([
    ['the whole slot', at(-5), at(130), 120],
    ['arriving early counts from the start', at(-30), at(60), 60],
    ['leaving late counts up to the end', at(0), at(200), 120],
    ['67 minutes round down to 60', at(0), at(67), 60],
    ['68 minutes round up to 75', at(0), at(68), 75],
    ['7 minutes round down to 0', at(0), at(7), 0],
    ['checked out before the start counts nothing', at(-20), at(-10), 0],
    ['checked in after the end counts nothing', at(125), at(130), 0]
  ])('%s', (_name, checkedInAt, checkedOutAt, minutes) => {
    expect(volunteerMinutesFor(slot, checkedInAt, checkedOutAt)).toBe(minutes)
  })
  it('rounds 8 minutes up to a quarter hour', () => {
    expect(volunteerMinutesFor(slot, at(0), at(8))).toBe(15)
  })
})

describe('checkOutDecision', () => {
  it('records the check-out and the minutes on an attended booking of a volunteer slot', () => {
    const d = checkOutDecision('volunteer', slot, attended(at(-5)), undefined, at(95))
    expect(d).toEqual({ kind: 'record', booking: expect.objectContaining({ status: 'attended', checkedOutAt: at(95), volunteerMinutes: 90, updatedAt: at(95) }) })
  })

  it('a second check-out without a time changes nothing; with a time it corrects the record', () => {
    const done = attended(at(-5), { checkedOutAt: at(95), volunteerMinutes: 90 })
    expect(checkOutDecision('volunteer', slot, done, undefined, at(150))).toEqual({ kind: 'unchanged' })
    expect(checkOutDecision('volunteer', slot, done, at(95), at(150))).toEqual({ kind: 'unchanged' })
    const corrected = checkOutDecision('volunteer', slot, done, at(120), at(150))
    expect(corrected).toEqual({ kind: 'record', booking: expect.objectContaining({ checkedOutAt: at(120), volunteerMinutes: 120 }) })
  })

  it('refuses courses, people not checked in, slots not started, and times outside check-in … now', () => {
    expect(codeOf(() => checkOutDecision('course', slot, attended(at(-5)), undefined, at(95)))).toMatch(/^CONFLICT 只有志愿活动/)
    expect(codeOf(() => checkOutDecision('volunteer', slot, null, undefined, at(95)))).toMatch(/^NOT_FOUND/)
    const confirmed = newBookingDoc(slot, 'rider', 'confirmed', START - 60 * MINUTE_MS)
    expect(codeOf(() => checkOutDecision('volunteer', slot, confirmed, undefined, at(95)))).toMatch(/^CONFLICT .*还没有签到/)
    expect(codeOf(() => checkOutDecision('volunteer', slot, attended(at(-5)), undefined, at(-1)))).toMatch(/^CONFLICT 活动 19:30 开始/)
    expect(codeOf(() => checkOutDecision('volunteer', slot, attended(at(-5)), at(100), at(95)))).toMatch(/^INVALID_INPUT 签退时间不能晚于现在/)
    expect(codeOf(() => checkOutDecision('volunteer', slot, attended(at(10)), at(5), at(95)))).toMatch(/^INVALID_INPUT 签退时间不能早于签到时间/)
    expect(codeOf(() => checkOutDecision('volunteer', { ...slot, status: 'cancelled' }, attended(at(-5)), undefined, at(95)))).toMatch(/^CONFLICT 这场活动已取消/)
  })
})

describe('volunteerSummary', () => {
  const served = (startAt: number, minutes: number, id: string): BookingDoc =>
    newBookingDoc({ ...slot, _id: id, startAt, endAt: startAt + minutes * MINUTE_MS }, 'rider', 'attended', startAt, {
      checkedInAt: startAt,
      volunteerMinutes: minutes
    })

  it('sums all time and the Shanghai calendar year of now, latest first, leaving out slots without minutes', () => {
    const bookings = [
      served(shanghai('2026-03-01T09:00:00'), 120, 'a'),
      served(shanghai('2026-11-20T19:30:00'), 90, 'b'),
      // 2026-01-01 00:30 in Shanghai is still 2025 in UTC: it counts in 2026.
      served(shanghai('2026-01-01T00:30:00'), 45, 'c'),
      served(shanghai('2025-12-31T20:00:00'), 60, 'd'),
      newBookingDoc({ ...slot, _id: 'e' }, 'rider', 'attended', START, { checkedInAt: START })
    ]
    const summary = volunteerSummary(bookings, shanghai('2026-11-25T10:00:00'))
    expect(summary.totalMinutes).toBe(315)
    expect(summary.yearMinutes).toBe(255)
    expect(summary.served.map((a) => a.sessionId)).toEqual(['b', 'a', 'c', 'd'])
  })

  it('shows hours with at most two decimals', () => {
    expect([hoursOf(0), hoursOf(45), hoursOf(90), hoursOf(315)]).toEqual([0, 0.75, 1.5, 5.25])
  })
})
