/**
 * The booking rules applied to fixed inputs around Shanghai/UTC day and week boundaries. booking-tz.test.ts computes
 * it in child processes under several process time zones and compares with the in-process result.
 */
import * as b from '../../../core/booking'
import { atWallClock, HOUR_MS, MINUTE_MS } from '../../../core/time'
import type { FreeTime } from '../../../core/api/user'

const RULES: b.RecurrenceRule[] = [
  // Early mornings: 07:30 Shanghai is 23:30 of the previous UTC day.
  { weekdays: [1, 3, 5], startTime: '07:30', durationMin: 60, from: '2025-12-01', until: '2026-01-31', capacity: 12 },
  // Late Sunday evenings across a year end and the US/EU daylight-saving changes of 2026.
  { weekdays: [7], startTime: '23:30', durationMin: 45, from: '2025-12-28', until: '2026-04-05', skipDates: ['2026-02-15'], capacity: 8 },
  { weekdays: [2, 4, 6], startTime: '19:00', durationMin: 90, from: '2026-03-01', until: '2026-04-30', capacity: 30 }
]

const FREE: FreeTime[] = [
  { weekday: 2, from: '18:30', to: '21:30' },
  { weekday: 7, from: '06:00', to: '23:59' }
]

export function bookingTable(): unknown {
  const sessions = RULES.flatMap((rule, i) => b.expandRule(`c${i}`, rule))
  const policy = b.resolvePolicy({ lottery: { closesBeforeH: 48 } })
  const plain = b.resolvePolicy({})
  const sample = sessions.filter((_, i) => i % 7 === 0)
  const nows = [-200 * HOUR_MS, -169 * HOUR_MS, -168 * HOUR_MS, -48 * HOUR_MS, -24 * HOUR_MS, -31 * MINUTE_MS, -30 * MINUTE_MS]
  const windows = sample.map((s) =>
    nows.map((d) => [
      b.bookingWindow({ startAt: s.startAt, status: 'scheduled' }, plain, s.startAt + d),
      b.bookingWindow({ startAt: s.startAt, status: 'scheduled' }, plain, s.startAt + d, 3),
      b.bookingWindow({ startAt: s.startAt, status: 'scheduled' }, policy, s.startAt + d)
    ])
  )
  const quota = sample.map((s) =>
    b.quotaProblem(
      { _id: s._id, courseId: s.courseId, startAt: s.startAt },
      b.resolvePolicy({ weeklyLimit: 1 }),
      [{ sessionId: 'other', courseId: s.courseId, startAt: s.startAt - 8 * HOUR_MS, status: 'confirmed' }],
      s.startAt - 200 * HOUR_MS
    )
  )
  const now = atWallClock('2026-03-03', '17:30')
  const filters = [
    { fitsFreeTime: true },
    { evening: true },
    { weekend: true },
    { startingSoon: true }
  ].map((f) => b.filterSessions(sessions, f, { now, freeTimes: FREE }).map((s) => s._id))
  const codes = sample.map((s) => b.checkinCode('secret', s._id, s.startAt))
  const draw = b.drawLottery(b.lotterySeed(sessions[0]._id, sessions[0].startAt), 2, [
    { openid: 'a', firstTimer: true, lostLastDraw: false },
    { openid: 'b', firstTimer: false, lostLastDraw: true },
    { openid: 'c', firstTimer: false, lostLastDraw: false },
    { openid: 'd', firstTimer: true, lostLastDraw: true }
  ])
  return { sessions, windows, quota, filters, codes, draw }
}
