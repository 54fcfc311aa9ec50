/**
 * Function `course`, the rules that read the calendar, at the instants where calendars turn over: the end and start of
 * a Shanghai week, a month and a year, and the early hours when the UTC date is still yesterday's. Every case runs at
 * every instant of CALENDAR_EDGES (test/support/instants.ts), so a new edge is one line there. Passes under TZ=UTC and
 * TZ=Asia/Shanghai alike.
 *
 * The expected days, weeks and wall-clock texts are worked out with the helpers in instants.ts, not with core/time,
 * so a calendar bug in core cannot agree with itself here.
 */
import { expect } from '@jest/globals'
import type { BookInput } from '@core/api/course'
import { DAY_MS, HOUR_MS, MINUTE_MS, formatDay } from '@core/time'
import { startTestCloud, type TestCloud } from '../support/cloud'
import { CALENDAR_EDGES, shanghaiDate, shanghaiMidnight, shanghaiMonday, shanghaiWeekday } from '../support/instants'
import { addCourse, addSession, call, data } from './course-booking-support'

let cloud: TestCloud

beforeAll(async () => {
  cloud = await startTestCloud({ at: CALENDAR_EDGES['Monday 00:05'], functions: ['course'] })
})
afterAll(() => cloud.close())

const book = (sessionId: string, openid: string, extra: Omit<BookInput, 'sessionId'> = {}) => call(cloud, 'book', { sessionId, ...extra }, openid)
const cancel = (sessionId: string, openid: string) => call(cloud, 'cancel', { sessionId }, openid)

const WEEKDAY_NAMES = ['周一', '周二', '周三', '周四', '周五', '周六', '周日']

/** '10月1日' of the Shanghai day of `at`. */
function monthDay(at: number): string {
  const [, month, day] = shanghaiDate(at).split('-').map(Number)
  return `${month}月${day}日`
}

/** '10月1日 周四 07:31': how a person in Shanghai reads the instant. */
const wallClock = (at: number): string =>
  `${monthDay(at)} ${WEEKDAY_NAMES[shanghaiWeekday(at) - 1]} ${new Date(at + 8 * HOUR_MS).toISOString().slice(11, 16)}`

describe.each(Object.entries(CALENDAR_EDGES))('at %s, Shanghai time', (_edge, at) => {
  beforeAll(() => cloud.clock.set(at))
  /** Someone new for each edge, so quotas and bookings of one edge never meet another's. */
  const person = (role: string): string => `${role}-${at}`

  it('listSessions shows, by default, the classes starting from now until 14 days on', async () => {
    const course = addCourse(cloud)
    const started = addSession(cloud, course, { startsIn: -MINUTE_MS })
    const startingNow = addSession(cloud, course, { startsIn: 0 })
    const lastIn = addSession(cloud, course, { startsIn: 14 * DAY_MS - MINUTE_MS })
    const firstOut = addSession(cloud, course, { startsIn: 14 * DAY_MS })
    const ids = data((await call(cloud, 'listSessions', { courseId: course._id })).body).items.map((s) => s._id)
    expect(ids).toEqual([startingNow._id, lastIn._id])
    expect(ids).not.toContain(started._id)
    expect(ids).not.toContain(firstOut._id)
  })

  it('opens booking opensBeforeH before the start (that instant included) and says when, in Shanghai time', async () => {
    const course = addCourse(cloud, { opensBeforeH: 48 })
    const opensNow = addSession(cloud, course, { startsIn: 48 * HOUR_MS })
    const opensInAMinute = addSession(cloud, course, { startsIn: 48 * HOUR_MS + MINUTE_MS })
    expect(data((await book(opensNow._id, person('early-bird'))).body).booking.status).toBe('confirmed')
    expect((await book(opensInAMinute._id, person('early-bird'))).body).toEqual({
      ok: false,
      code: 'BOOKING_CLOSED',
      message: `报名将于 ${wallClock(at + MINUTE_MS)} 开放`
    })
  })

  it('closes booking closesBeforeMin before the start (that instant excluded)', async () => {
    const course = addCourse(cloud, { closesBeforeMin: 30 })
    const closesNow = addSession(cloud, course, { startsIn: 30 * MINUTE_MS })
    const closesInAMinute = addSession(cloud, course, { startsIn: 31 * MINUTE_MS })
    expect((await book(closesNow._id, person('last-minute'))).body).toEqual({
      ok: false,
      code: 'BOOKING_CLOSED',
      message: '报名已截止（开课前30分钟截止）'
    })
    expect(data((await book(closesInAMinute._id, person('last-minute'))).body).booking.status).toBe('confirmed')
  })

  it('counts the weekly limit in the Shanghai week of each class, Monday 00:00 to Sunday 24:00', async () => {
    const course = addCourse(cloud, { weeklyLimit: 1, opensBeforeH: 720, closesBeforeMin: 0, maxUpcoming: 20 })
    const thisMonday = shanghaiMonday(at)
    const nextMonday = thisMonday + 7 * DAY_MS
    // Sunday 23:59 and Monday 00:00 are a minute apart and in two weeks (yet in one UTC week: Monday 00:00 here is
    // Sunday 16:00 UTC).
    const soon = addSession(cloud, course, { startsIn: 2 * MINUTE_MS })
    const sundayNight = addSession(cloud, course, { startAt: nextMonday - MINUTE_MS })
    const mondayMidnight = addSession(cloud, course, { startAt: nextMonday })
    const nextSundayNight = addSession(cloud, course, { startAt: nextMonday + 7 * DAY_MS - MINUTE_MS })
    const who = person('weekly')
    const weekOf = (monday: number) => `您在${monthDay(monday)}–${monthDay(monday + 6 * DAY_MS)}这周已经约了1次`

    expect(data((await book(soon._id, who)).body).booking.status).toBe('confirmed')
    expect((await book(sundayNight._id, who)).body).toMatchObject({ ok: false, code: 'QUOTA_EXCEEDED', message: expect.stringContaining(weekOf(thisMonday)) })
    expect(data((await book(mondayMidnight._id, who)).body).booking.status).toBe('confirmed')
    expect((await book(nextSundayNight._id, who)).body).toMatchObject({ ok: false, code: 'QUOTA_EXCEEDED', message: expect.stringContaining(weekOf(nextMonday)) })
  })

  it('makes a cancel late from cancelBeforeMin before the start on (that instant included)', async () => {
    const course = addCourse(cloud, { cancelBeforeMin: 120 })
    const who = person('canceller')
    const atTheDeadline = addSession(cloud, course, { startsIn: 120 * MINUTE_MS, seated: [who] })
    const aMinuteBefore = addSession(cloud, course, { startsIn: 121 * MINUTE_MS, seated: [who] })
    expect(data((await cancel(atTheDeadline._id, who)).body).lateCancel).toBe(true)
    expect(data((await cancel(aMinuteBefore._id, who)).body).lateCancel).toBe(false)
  })

  it('keeps a class in 我的预约 upcoming until it ends, and its day reads 今天 / 明天 by the Shanghai date', async () => {
    const course = addCourse(cloud)
    const who = person('mine')
    const ended = addSession(cloud, course, { startsIn: -2 * HOUR_MS, minutes: 90, seated: [who] })
    const running = addSession(cloud, course, { startsIn: -30 * MINUTE_MS, minutes: 90, seated: [who] })
    const laterToday = addSession(cloud, course, { startsIn: 2 * MINUTE_MS, seated: [who] })
    const tomorrowEarly = addSession(cloud, course, { startAt: shanghaiMidnight(at) + DAY_MS + 30 * MINUTE_MS, seated: [who] })
    expect(shanghaiDate(laterToday.startAt)).toBe(shanghaiDate(at))

    const out = data((await call(cloud, 'myBookings', {}, who)).body)
    expect(out.items.map((i) => [i.session._id, i.group])).toEqual([
      [running._id, 'upcoming'],
      [laterToday._id, 'upcoming'],
      [tomorrowEarly._id, 'upcoming'],
      [ended._id, 'past']
    ])
    const dayWord = (id: string) => formatDay(out.items.find((i) => i.session._id === id)?.session.startAt ?? NaN, at)
    expect([dayWord(laterToday._id), dayWord(tomorrowEarly._id)]).toEqual(['今天', '明天'])
    const upcoming = data((await call(cloud, 'myBookings', { scope: 'upcoming' }, who)).body).items
    expect(upcoming.map((i) => i.session._id)).toEqual([running._id, laterToday._id, tomorrowEarly._id])
  })
})
