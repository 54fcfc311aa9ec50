import type { FreeTime } from '@core/api/user'
import { filterSessions, needsFreeTimes, sessionFilterSchema, type FilterableSession } from '@core/booking'
import { atWallClock, HOUR_MS, MINUTE_MS } from '@core/time'
import { validate } from '@core/schema'

const sh = atWallClock
const session = (id: string, date: string, time: string, minutes: number, extra: Partial<FilterableSession> = {}) => ({
  _id: id,
  courseId: extra.courseId ?? 'yoga',
  startAt: sh(date, time),
  endAt: sh(date, time) + minutes * MINUTE_MS,
  ...extra
})

// 2025-12-01 is a Monday.
const sessions = [
  session('mon-0730', '2025-12-01', '07:30', 60), // Sunday 23:30 in UTC
  session('tue-1745', '2025-12-02', '17:45', 60),
  session('tue-1800', '2025-12-02', '18:00', 60, { courseId: 'calligraphy' }),
  session('tue-1930', '2025-12-02', '19:30', 90, { venueId: 'venue-lanmu', category: '艺术' }),
  session('fri-2330', '2025-12-05', '23:30', 45), // Friday 15:30 UTC
  session('sat-0730', '2025-12-06', '07:30', 60), // Friday 23:30 in UTC
  session('sun-2330', '2025-12-07', '23:30', 20)
]
const courses = [
  { _id: 'yoga', venueId: 'venue-youlin', category: '健康' as const },
  { _id: 'calligraphy', venueId: 'venue-youlin', category: '文化' as const }
]
// The demo rider: free after the evening peak on weekdays, longer on Sunday.
const rider: FreeTime[] = [
  { weekday: 2, from: '19:30', to: '21:30' },
  { weekday: 7, from: '18:30', to: '21:30' }
]
const ids = (list: { _id: string }[]) => list.map((s) => s._id)
const now = sh('2025-12-02', '16:00')

describe('session filters', () => {
  it('no filter returns everything', () => {
    expect(ids(filterSessions(sessions, undefined, { now }))).toEqual(ids(sessions))
    expect(ids(filterSessions(sessions, {}, { now }))).toEqual(ids(sessions))
  })

  it('“fits my free time”: the whole class inside one of my windows', () => {
    expect(ids(filterSessions(sessions, { fitsFreeTime: true }, { now, freeTimes: rider }))).toEqual(['tue-1930'])
    // 23:30 + 20 min on Sunday ends 23:50 < 23:59.
    const lateSunday: FreeTime[] = [{ weekday: 7, from: '23:00', to: '23:59' }]
    expect(ids(filterSessions(sessions, { fitsFreeTime: true }, { now, freeTimes: lateSunday }))).toEqual(['sun-2330'])
    expect(filterSessions(sessions, { fitsFreeTime: true }, { now })).toEqual([])
    expect(needsFreeTimes({ fitsFreeTime: true })).toBe(true)
    expect(needsFreeTimes({ evening: true })).toBe(false)
    expect(needsFreeTimes(undefined)).toBe(false)
  })

  it('晚上: starts at or after 18:00 Shanghai', () => {
    expect(ids(filterSessions(sessions, { evening: true }, { now }))).toEqual(['tue-1800', 'tue-1930', 'fri-2330', 'sun-2330'])
  })

  it('周末: Saturday and Sunday on the Shanghai calendar, not the UTC one', () => {
    expect(ids(filterSessions(sessions, { weekend: true }, { now }))).toEqual(['sat-0730', 'sun-2330'])
  })

  it('starting in the next 2 hours, counted from now', () => {
    expect(ids(filterSessions(sessions, { startingSoon: true }, { now }))).toEqual(['tue-1745', 'tue-1800'])
    expect(ids(filterSessions(sessions, { startingSoon: true }, { now: sh('2025-12-02', '17:45') }))).toEqual([
      'tue-1745',
      'tue-1800',
      'tue-1930'
    ])
    expect(ids(filterSessions(sessions, { startingSoon: true }, { now: sh('2025-12-02', '17:45') + 1 }))).toEqual([
      'tue-1800',
      'tue-1930'
    ])
    const early = sh('2025-12-01', '07:30') - 2 * HOUR_MS
    expect(ids(filterSessions(sessions, { startingSoon: true }, { now: early }))).toEqual(['mon-0730'])
    expect(ids(filterSessions(sessions, { startingSoon: true }, { now: early - 1 }))).toEqual([])
  })

  it('by venue and category, from the session or else its course', () => {
    expect(ids(filterSessions(sessions, { venueId: 'venue-lanmu' }, { now, courses }))).toEqual(['tue-1930'])
    expect(ids(filterSessions(sessions, { category: '文化' }, { now, courses }))).toEqual(['tue-1800'])
    expect(filterSessions(sessions, { category: '健康' }, { now, courses })).toHaveLength(5)
    // Without course details a session lacking its own venue does not match.
    expect(ids(filterSessions(sessions, { venueId: 'venue-youlin' }, { now }))).toEqual([])
  })

  it('with seats left', () => {
    const list = [
      { ...sessions[0], capacity: 10, booked: 10 },
      { ...sessions[1], capacity: 10, booked: 9 }
    ]
    expect(ids(filterSessions(list, { hasSeats: true }, { now }))).toEqual(['tue-1745'])
  })

  it('combines filters: every one must hold', () => {
    expect(ids(filterSessions(sessions, { evening: true, weekend: true }, { now }))).toEqual(['sun-2330'])
    const filter = { evening: true, fitsFreeTime: true, category: '艺术' as const }
    expect(ids(filterSessions(sessions, filter, { now, freeTimes: rider, courses }))).toEqual(['tue-1930'])
  })

  it('false means “not applied”', () => {
    expect(filterSessions(sessions, { evening: false, weekend: false }, { now })).toHaveLength(sessions.length)
  })
})

describe('filter input', () => {
  it('accepts the known filters', () => {
    expect(validate(sessionFilterSchema, { fitsFreeTime: true, venueId: 'venue-youlin', category: '生活技能' })).toEqual({
      ok: true,
      value: { fitsFreeTime: true, venueId: 'venue-youlin', category: '生活技能' }
    })
  })

  it('rejects unknown filters and categories', () => {
    expect(validate(sessionFilterSchema, { cheap: true })).toMatchObject({ ok: false, field: 'cheap' })
    expect(validate(sessionFilterSchema, { category: '体育' })).toMatchObject({
      ok: false,
      field: 'category',
      message: '筛选条件的课程类别不在可选范围内'
    })
    expect(validate(sessionFilterSchema, { evening: 'yes' })).toMatchObject({ ok: false, field: 'evening' })
  })
})
