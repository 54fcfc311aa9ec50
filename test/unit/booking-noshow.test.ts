import {
  activeStrikes,
  bookingWindow,
  forgiveStrike,
  resolvePolicy,
  settleSessionStrikes,
  strikeNotice,
  strikesSince,
  type SettleBooking,
  type StrikeDoc
} from '@core/booking'
import { atWallClock, DAY_MS, HOUR_MS, MINUTE_MS } from '@core/time'

const START = atWallClock('2025-12-02', '19:00')
const session = { _id: 'yoga-202512021900', courseId: 'yoga', startAt: START, capacity: 4, status: 'scheduled' as const }
const NOW = START + 3 * HOUR_MS

const attended = (openid: string): SettleBooking => ({ openid, status: 'attended' })
const noShow = (openid: string): SettleBooking => ({ openid, status: 'no_show', releasedAt: START + 10 * MINUTE_MS })
const lateCancel = (openid: string, minutesBefore: number): SettleBooking => ({
  openid,
  status: 'cancelled',
  lateCancel: true,
  cancelledAt: START - minutesBefore * MINUTE_MS
})

const summary = (docs: StrikeDoc[]) => docs.map((d) => [d.openid, d.kind, d.forgiven ? d.forgivenReason : 'strike'])

describe('settling a session’s strikes', () => {
  it('a no-show whose seat nobody took is a strike', () => {
    const r = settleSessionStrikes(session, [attended('a'), attended('b'), attended('c'), noShow('d')], [], NOW)
    expect(r.upsert).toEqual([
      {
        _id: 'yoga-202512021900_d',
        openid: 'd',
        sessionId: session._id,
        courseId: 'yoga',
        kind: 'no_show',
        at: START,
        forgiven: false,
        createdAt: NOW,
        updatedAt: NOW
      }
    ])
    expect(r.remove).toEqual([])
  })

  it('is forgiven when a walk-in or the waitlist took the seat', () => {
    const r = settleSessionStrikes(
      session,
      [attended('a'), attended('b'), attended('c'), noShow('d'), { openid: 'walkin', status: 'attended' }],
      [],
      NOW
    )
    expect(summary(r.upsert)).toEqual([['d', 'no_show', 'seat_taken']])
  })

  it('with fewer refills than vacated seats, forgives the earliest vacated first', () => {
    // Full class of 4: 'late' cancelled 1 h before, 'd' did not come, one person from the waitlist took a seat.
    const r = settleSessionStrikes(
      session,
      [attended('a'), attended('b'), lateCancel('late', 60), noShow('d'), attended('promoted')],
      [],
      NOW
    )
    expect(summary(r.upsert)).toEqual([
      ['late', 'late_cancel', 'seat_taken'],
      ['d', 'no_show', 'strike']
    ])
  })

  it('does not forgive when the class had empty seats anyway', () => {
    // Only 3 of 4 seats were booked; someone came in off the street into a seat that was free all along.
    const r = settleSessionStrikes(session, [attended('a'), noShow('d'), attended('walkin')], [], NOW)
    expect(summary(r.upsert)).toEqual([['d', 'no_show', 'strike']])
  })

  it('ignores free cancels and people who came', () => {
    const free: SettleBooking = { openid: 'f', status: 'cancelled', lateCancel: false, cancelledAt: START - DAY_MS }
    expect(settleSessionStrikes(session, [attended('a'), free], [], NOW).upsert).toEqual([])
  })

  it('keeps an organizer’s forgiveness and the original creation time when settled again', () => {
    const first = settleSessionStrikes(session, [noShow('d')], [], NOW).upsert
    const forgiven = forgiveStrike(first[0], 'demo-organizer', NOW + HOUR_MS)
    const again = settleSessionStrikes(session, [noShow('d')], [forgiven], NOW + 2 * HOUR_MS).upsert
    expect(again[0]).toMatchObject({
      forgiven: true,
      forgivenReason: 'organizer',
      forgivenBy: 'demo-organizer',
      forgivenAt: NOW + HOUR_MS,
      createdAt: NOW,
      updatedAt: NOW + 2 * HOUR_MS
    })
  })

  it('a class the organizer cancelled leaves no strikes, even for an earlier late cancel', () => {
    const before = settleSessionStrikes(session, [lateCancel('late', 60), attended('a')], [], NOW).upsert
    expect(before).toHaveLength(1)
    const r = settleSessionStrikes({ ...session, status: 'cancelled' }, [lateCancel('late', 60)], before, NOW)
    expect(r).toEqual({ upsert: [], remove: ['yoga-202512021900_late'] })
  })

  it('removes a strike when attendance is corrected', () => {
    const first = settleSessionStrikes(session, [noShow('d')], [], NOW).upsert
    const otherSession = { ...first[0], _id: 'other_d', sessionId: 'other' }
    const r = settleSessionStrikes(session, [attended('d')], [...first, otherSession], NOW)
    expect(r).toEqual({ upsert: [], remove: ['yoga-202512021900_d'] })
  })
})

describe('active strikes', () => {
  const strike = (kind: 'no_show' | 'late_cancel', daysAgo: number, forgiven = false) => ({
    kind,
    at: NOW - daysAgo * DAY_MS,
    forgiven
  })

  it('count no-shows 1 and late cancels ½ over the last 30 days, unforgiven only', () => {
    const records = [strike('no_show', 1), strike('late_cancel', 29), strike('no_show', 3, true), strike('no_show', 30)]
    expect(activeStrikes(records, NOW)).toEqual({ points: 1.5, noShows: 1, lateCancels: 1 })
    expect(strikesSince(NOW)).toBe(NOW - 30 * DAY_MS)
  })

  it('a strike stops counting exactly 30 days after the class', () => {
    const r = [strike('no_show', 0)]
    expect(activeStrikes(r, NOW + 30 * DAY_MS - 1).points).toBe(1)
    expect(activeStrikes(r, NOW + 30 * DAY_MS).points).toBe(0)
  })

  it('three no-shows shorten the booking window; two and a late cancel do not', () => {
    const policy = resolvePolicy({})
    const next = { startAt: NOW + 5 * DAY_MS, status: 'scheduled' as const }
    const three = activeStrikes([strike('no_show', 1), strike('no_show', 8), strike('no_show', 15)], NOW)
    const lighter = activeStrikes([strike('no_show', 1), strike('no_show', 8), strike('late_cancel', 15)], NOW)
    expect(bookingWindow(next, policy, NOW, three.points)).toMatchObject({ state: 'not-yet', shortened: true })
    expect(bookingWindow(next, policy, NOW, lighter.points).state).toBe('open')
  })

  it('tells the person plainly', () => {
    expect(strikeNotice({ points: 0, noShows: 0, lateCancels: 0 })).toBeNull()
    expect(strikeNotice({ points: 1.5, noShows: 1, lateCancels: 1 })).toBe('近30天：爽约1次、临时取消1次')
    expect(strikeNotice({ points: 3, noShows: 3, lateCancels: 0 })).toBe(
      '近30天：爽约3次，课程在开课前24小时才对您开放报名（记录满30天后自动恢复）'
    )
  })
})

describe('organizer forgiveness', () => {
  it('marks the strike forgiven once', () => {
    const [doc] = settleSessionStrikes(session, [noShow('d')], [], NOW).upsert
    const f = forgiveStrike(doc, 'demo-organizer', NOW + 1)
    expect(f).toMatchObject({
      forgiven: true,
      forgivenReason: 'organizer',
      forgivenBy: 'demo-organizer',
      forgivenAt: NOW + 1,
      updatedAt: NOW + 1
    })
    expect(forgiveStrike(f, 'someone-else', NOW + 2)).toBe(f)
    expect(activeStrikes([f], NOW + 2).points).toBe(0)
  })
})
