/**
 * Function `course`, the booking path and the reading side, through the local cloud with the real bundle and
 * wx-server-sdk: every policy rule (window, strikes, quotas, waitlist, lottery), cancel with promotion and holds,
 * check-in, idempotent retries and crash repair, and the database requests each action makes (its own, after the
 * write limit's: support/write-limits.ts). Passes under TZ=UTC
 * and TZ=Asia/Shanghai alike: nothing here depends on the process time zone.
 */
import { expect } from '@jest/globals'
import type { BookInput, ListSessionsInput } from '@core/api/course'
import { bookingIdFor, checkinCode, newBookingDoc, type SessionDoc } from '@core/booking'
import { DAY_MS, HOUR_MS, MINUTE_MS, minuteOfDay, weekdayOf, startOfWeek } from '@core/time'
import { fitsFreeTime } from '@core/user'
import { startTestCloud, type TestCloud } from '../support/cloud'
import { WEDNESDAY_10_00 } from '../support/instants'
import { LIMIT_REQUESTS } from '../support/write-limits'
import {
  addCourse,
  addSession,
  bookingDoc,
  bookingsOf,
  call,
  callUntyped,
  data,
  expectConsistent,
  sessionDoc,
  uniqueId
} from './course-booking-support'

let cloud: TestCloud

beforeAll(async () => {
  cloud = await startTestCloud({ at: WEDNESDAY_10_00, seed: true, functions: ['course'] })
})
afterAll(() => cloud.close())

const book = (sessionId: string, openid?: string, extra: Omit<BookInput, 'sessionId'> = {}) => call(cloud, 'book', { sessionId, ...extra }, openid)
const cancel = (sessionId: string, openid?: string) => call(cloud, 'cancel', { sessionId }, openid)
const list = (input: ListSessionsInput = {}, openid?: string) => call(cloud, 'listSessions', input, openid)

describe('listSessions', () => {
  it('lists scheduled sessions from now to +14 days, soonest first, with the ⚑ fields and no secrets', async () => {
    const now = cloud.clock.now()
    const res = await list()
    const items = data(res.body).items
    expect(items.length).toBeGreaterThan(10)
    for (const s of items) {
      expect(s).toEqual(expect.objectContaining({ _id: expect.any(String), courseId: expect.any(String), title: expect.any(String) }))
      expect([typeof s.startAt, typeof s.endAt, typeof s.capacity, typeof s.booked]).toEqual(['number', 'number', 'number', 'number'])
      expect(s.startAt).toBeGreaterThanOrEqual(now - 1000)
      expect(s.startAt).toBeLessThan(now + 14 * DAY_MS + 1000)
      for (const secret of ['checkinSecret', 'seats', 'waiting', 'queue']) expect(s).not.toHaveProperty(secret)
    }
    expect(items.map((s) => s.startAt)).toEqual([...items.map((s) => s.startAt)].sort((a, b) => a - b))
    // The sessions, and their courses for the policies.
    expect(res.dbOps).toBe(2)
  })

  it('demo data has sessions open for booking in the next 7 days, with seats', async () => {
    const now = cloud.clock.now()
    const open = data((await list()).body).items.filter(
      (s) => s.startAt < now + 7 * DAY_MS && s.bookingOpensAt <= now && now < s.bookingClosesAt && s.mode === 'first-come' && s.seatsLeft > 0
    )
    expect(open.length).toBeGreaterThan(3)
    expect(new Set(open.map((s) => s.title))).toEqual(expect.objectContaining({ size: expect.any(Number) }))
    expect(open.map((s) => s.title)).toEqual(expect.arrayContaining(['舒缓瑜伽', '书法入门']))
  })

  it("marks the caller's own bookings, with the waitlist position they see (3 requests for a signed-in caller)", async () => {
    const res = await list({}, 'demo-rider')
    const mine = data(res.body).items.filter((s) => s.mine)
    expect(mine.map((s) => [s.courseId, s.mine?.status, s.mine?.position])).toEqual(
      expect.arrayContaining([
        ['course-shufa', 'confirmed', undefined],
        ['course-yoga', 'waitlisted', 1]
      ])
    )
    expect(res.dbOps).toBe(3)
  })

  it('"fits my free time" reads the profile (one more request) and keeps only sessions inside a free window', async () => {
    const rider = cloud.db.find('users', { _id: 'demo-rider' })[0]
    const res = await list({ filter: { fitsFreeTime: true } }, 'demo-rider')
    const items = data(res.body).items
    expect(items.length).toBeGreaterThan(0)
    for (const s of items) expect(fitsFreeTime(rider.freeTimes, s.startAt, s.endAt)).toBe(true)
    const all = data((await list({}, 'demo-rider')).body).items
    expect(items.length).toBeLessThan(all.length)
    expect(res.dbOps).toBe(4)
    // Without an account nothing fits.
    expect(data((await list({ filter: { fitsFreeTime: true } })).body).items).toEqual([])
  })

  it('filters evening, weekend, venue, category, course and free seats', async () => {
    const evening = data((await list({ filter: { evening: true } })).body).items
    expect(evening.length).toBeGreaterThan(0)
    for (const s of evening) expect(minuteOfDay(s.startAt)).toBeGreaterThanOrEqual(18 * 60)
    const weekend = data((await list({ filter: { weekend: true } })).body).items
    expect(weekend.length).toBeGreaterThan(0)
    for (const s of weekend) expect(weekdayOf(s.startAt)).toBeGreaterThanOrEqual(6)
    const zaolinxi = data((await list({ filter: { venueId: 'venue-zaolinxi' } })).body).items
    expect(new Set(zaolinxi.map((s) => s.courseId))).toEqual(new Set(['course-pufa', 'course-firstaid']))
    const health = data((await list({ filter: { category: '健康' } })).body).items
    expect(new Set(health.map((s) => s.category))).toEqual(new Set(['健康']))
    const yoga = data((await list({ courseId: 'course-yoga' })).body).items
    expect(new Set(yoga.map((s) => s.courseId))).toEqual(new Set(['course-yoga']))
    const withSeats = data((await list({ courseId: 'course-yoga', filter: { hasSeats: true } })).body).items
    expect(withSeats.length).toBe(yoga.length - 1)
  })

  it('"starting in the next 2 hours" finds a class starting soon', async () => {
    const course = addCourse(cloud)
    const soon = addSession(cloud, course, { startsIn: 90 * MINUTE_MS })
    addSession(cloud, course, { startsIn: 3 * HOUR_MS })
    const items = data((await list({ courseId: course._id, filter: { startingSoon: true } })).body).items
    expect(items.map((s) => s._id)).toEqual([soon._id])
  })

  it('pages explicitly: 150 sessions in range all come back (not the 100-row default)', async () => {
    const course = addCourse(cloud)
    for (let i = 0; i < 150; i++) addSession(cloud, course, { startsIn: DAY_MS + i * MINUTE_MS })
    expect(data((await list({ courseId: course._id })).body).items).toHaveLength(150)
  })

  it('pages past 1,000 rows, and keeps a caller\'s `_id` condition on every page (findAll)', async () => {
    const course = addCourse(cloud)
    const sessions = Array.from({ length: 1500 }, (_, i) => addSession(cloud, course, { startsIn: 2 * DAY_MS + i * 30_000 }))
    expect(data((await list({ courseId: course._id })).body).items).toHaveLength(1500)
    // The same helper the function uses, through the SDK, from outside any function.
    const { store } = await import('../../cloudfunctions/course/repo')
    const { _ } = await import('../../cloudfunctions/_shared/cloud')
    const wanted = sessions.filter((_s, i) => i % 3 !== 0).map((s) => s._id)
    const found = await store.findAll('sessions', { _id: _.in(wanted) }, { _id: true })
    expect(found.map((s) => s._id).sort()).toEqual([...wanted].sort())
  })

  it('rejects a range that ends before it starts or spans more than 62 days', async () => {
    const now = cloud.clock.now()
    expect((await list({ from: now, to: now - HOUR_MS })).body).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'to' })
    expect((await list({ from: now, to: now + 63 * DAY_MS })).body).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'to' })
    expect((await list({ to: now - HOUR_MS })).body).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'to' })
    expect((await callUntyped(cloud, 'listSessions', { filter: { cheap: true } })).body).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
  })
})

describe('book', () => {
  it('takes a free seat in 3 database requests and answers the ⚑ booking shape', async () => {
    const course = addCourse(cloud)
    const { _id } = addSession(cloud, course, { capacity: 3 })
    const res = await book(_id, 'booker-a')
    expect(data(res.body).booking).toMatchObject({ _id: bookingIdFor(_id, 'booker-a'), sessionId: _id, status: 'confirmed' })
    expect(data(res.body).booking).not.toHaveProperty('position')
    expect(res.dbOps).toBe(3 + LIMIT_REQUESTS.first)
    expect(sessionDoc(cloud, _id).booked).toBe(1)
    expectConsistent(cloud, _id)
  })

  it('joins the waitlist of a full session with positions 1, 2 — also 3 requests', async () => {
    const course = addCourse(cloud)
    const { _id } = addSession(cloud, course, { capacity: 1, seated: ['holder'] })
    const first = await book(_id, 'waiter-1')
    const second = await book(_id, 'waiter-2')
    expect(data(first.body).booking).toMatchObject({ status: 'waitlisted', position: 1 })
    expect(data(second.body).booking).toMatchObject({ status: 'waitlisted', position: 2 })
    expect([first.dbOps, second.dbOps]).toEqual([3 + LIMIT_REQUESTS.first, 3 + LIMIT_REQUESTS.first])
    expectConsistent(cloud, _id)
  })

  it('a second book by the same person answers the existing booking and changes nothing', async () => {
    const course = addCourse(cloud)
    const { _id } = addSession(cloud, course, { capacity: 3 })
    const first = data((await book(_id, 'repeat')).body).booking
    const again = await book(_id, 'repeat')
    expect(data(again.body).booking).toEqual(first)
    expect(again.dbOps).toBe(1 + LIMIT_REQUESTS.later)
    expect(sessionDoc(cloud, _id).booked).toBe(1)
  })

  it('a retried request (same requestId) gets the same answer, even after a cancel; a new tap books again', async () => {
    const course = addCourse(cloud)
    const { _id } = addSession(cloud, course, { capacity: 3 })
    const requestId = 'tap-0001-retry'
    const first = data((await book(_id, 'retrier', { requestId })).body).booking
    await cancel(_id, 'retrier')
    const retried = data((await book(_id, 'retrier', { requestId })).body).booking
    expect(retried).toMatchObject({ _id: first._id, status: 'cancelled' })
    expect(sessionDoc(cloud, _id).booked).toBe(0)
    const rebooked = data((await book(_id, 'retrier', { requestId: 'tap-0002-new' })).body).booking
    expect(rebooked).toMatchObject({ _id: first._id, status: 'confirmed' })
    expect(bookingDoc(cloud, _id, 'retrier')).not.toHaveProperty('cancelledAt')
    expectConsistent(cloud, _id)
  })

  it('repairs a booking a crash left behind the session: seat or place already taken, booking missing', async () => {
    const course = addCourse(cloud)
    const s = addSession(cloud, course, { capacity: 2, seated: ['other'] })
    // As if `book` died right after its seat update: the session has the seat, no booking exists.
    cloud.db.update('sessions', { _id: s._id }, { $set: { 'seats.crashed': { at: cloud.clock.now() }, booked: 2 } })
    const res = await book(s._id, 'crashed')
    expect(data(res.body).booking).toMatchObject({ status: 'confirmed' })
    expect(sessionDoc(cloud, s._id).booked).toBe(2)
    expectConsistent(cloud, s._id)
    // …or right after joining the waitlist.
    cloud.db.update('sessions', { _id: s._id }, { $push: { queue: 'crashed-waiter' }, $set: { 'waiting.crashed-waiter': cloud.clock.now() }, $inc: { waitlistSeq: 1, waitlisted: 1 } })
    expect(data((await book(s._id, 'crashed-waiter')).body).booking).toMatchObject({ status: 'waitlisted', position: 1 })
    expectConsistent(cloud, s._id)
  })

  it('records accepted subscriptions, and a confirmation notice only when "confirmed" was accepted', async () => {
    const course = addCourse(cloud)
    const { _id } = addSession(cloud, course, { capacity: 3 })
    await book(_id, 'subscriber', { subscribe: ['confirmed', 'reminder'] })
    expect(bookingDoc(cloud, _id, 'subscriber')).toMatchObject({
      subscribe: ['confirmed', 'reminder'],
      notices: [{ kind: 'confirmed', at: expect.any(Number) }],
      noticePending: true
    })
    await book(_id, 'no-confirmation', { subscribe: ['reminder'] })
    expect(bookingDoc(cloud, _id, 'no-confirmation')).not.toHaveProperty('notices')
    expect((await callUntyped(cloud, 'book', { sessionId: _id, subscribe: ['spam'] }, 'bad-subscriber')).body).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
  })

  it('is closed before the window opens, after the deadline, and for a cancelled or started class', async () => {
    const course = addCourse(cloud, { opensBeforeH: 48, closesBeforeMin: 60 })
    const early = addSession(cloud, course, { startsIn: 72 * HOUR_MS })
    const late = addSession(cloud, course, { startsIn: 30 * MINUTE_MS })
    const cancelled = addSession(cloud, course, { fields: { status: 'cancelled' } })
    const started = addSession(cloud, course, { startsIn: -5 * MINUTE_MS })
    expect((await book(early._id, 'timing')).body).toMatchObject({ ok: false, code: 'BOOKING_CLOSED', message: expect.stringContaining('报名将于') })
    expect((await book(late._id, 'timing')).body).toMatchObject({ ok: false, code: 'BOOKING_CLOSED', message: expect.stringContaining('报名已截止') })
    expect((await book(cancelled._id, 'timing')).body).toMatchObject({ ok: false, code: 'BOOKING_CLOSED', message: '这节课已取消' })
    expect((await book(started._id, 'timing')).body).toMatchObject({ ok: false, code: 'BOOKING_CLOSED' })
    for (const s of [early, late, cancelled, started]) expect(sessionDoc(cloud, s._id).booked).toBe(0)
  })

  it('3 strike points in 30 days shorten the window to 24 h (not a ban); forgiven strikes do not count', async () => {
    const course = addCourse(cloud)
    const now = cloud.clock.now()
    // Three classes last week each left a no-show and its strike record (one per booking, as settlement writes them).
    const past = [3, 4, 5].map((d) => addSession(cloud, course, { startsIn: -d * DAY_MS }))
    for (const [openid, forgiven] of [['striker', false], ['forgiven', true]] as const) {
      for (const s of past) {
        const _id = bookingIdFor(s._id, openid)
        cloud.db.insert('bookings', [{ _id, sessionId: s._id, courseId: course._id, openid, status: 'no_show', startAt: s.startAt, endAt: s.endAt, createdAt: now, updatedAt: now }])
        cloud.db.insert('strikes', [{ _id, openid, sessionId: s._id, courseId: course._id, kind: 'no_show', at: s.startAt, forgiven, createdAt: now, updatedAt: now }])
      }
    }
    const inThreeDays = addSession(cloud, course, { startsIn: 3 * DAY_MS })
    const tomorrow = addSession(cloud, course, { startsIn: 20 * HOUR_MS })
    const refused = await book(inThreeDays._id, 'striker')
    expect(refused.body).toMatchObject({ ok: false, code: 'BOOKING_CLOSED', message: expect.stringContaining('爽约较多') })
    // The bookings bound the points from above; only then are the strike records read.
    expect(refused.dbOps).toBe(2 + LIMIT_REQUESTS.first)
    expect(data((await book(tomorrow._id, 'striker')).body).booking.status).toBe('confirmed')
    expect(data((await book(inThreeDays._id, 'forgiven')).body).booking.status).toBe('confirmed')
  })

  it('keeps the weekly limit per course (Shanghai calendar week of the session) and the upcoming limit', async () => {
    const course = addCourse(cloud, { weeklyLimit: 1 })
    // Thursday and Saturday evening of the clock's own Shanghai week (the clock stands on a Wednesday morning).
    const monday = startOfWeek(cloud.clock.now())
    const a = addSession(cloud, course, { startsIn: monday + 3 * DAY_MS + 19 * HOUR_MS - cloud.clock.now() })
    const b = addSession(cloud, course, { startsIn: monday + 5 * DAY_MS + 19 * HOUR_MS - cloud.clock.now() })
    await book(a._id, 'weekly')
    expect((await book(b._id, 'weekly')).body).toMatchObject({ ok: false, code: 'QUOTA_EXCEEDED', message: expect.stringContaining('每人每周最多预约1次') })

    const other = addCourse(cloud, { maxUpcoming: 2, weeklyLimit: 5 })
    for (let i = 0; i < 2; i++) await book(addSession(cloud, other, { startsIn: (30 + i) * HOUR_MS })._id, 'busy')
    const third = addSession(cloud, other, { startsIn: 40 * HOUR_MS })
    expect((await book(third._id, 'busy')).body).toMatchObject({ ok: false, code: 'QUOTA_EXCEEDED', message: expect.stringContaining('最多2个') })
  })

  it('a full class without a waitlist says so', async () => {
    const course = addCourse(cloud, { waitlist: false })
    const { _id } = addSession(cloud, course, { capacity: 1, seated: ['only'] })
    expect((await book(_id, 'late-comer')).body).toMatchObject({ ok: false, code: 'BOOKING_CLOSED', message: '名额已满，这门课不设候补' })
  })

  it('a full waitlist refuses with WAITLIST_FULL and writes nothing; leaving the waitlist frees a place', async () => {
    const course = addCourse(cloud, { waitlistLimit: 2 })
    const { _id } = addSession(cloud, course, { capacity: 1, seated: ['holder'], queued: ['first-in-line', 'second-in-line'] })
    const before = sessionDoc(cloud, _id)
    const refused = await book(_id, 'one-too-many')
    expect(refused.body).toEqual({ ok: false, code: 'WAITLIST_FULL', message: '候补已满（已有2人在候补），请换一节课预约，或过一会儿再来看看有没有空位' })
    // The session as read said so: its one read, nothing more.
    expect(refused.dbOps).toBe(1 + LIMIT_REQUESTS.first)
    expect(sessionDoc(cloud, _id)).toEqual(before)
    expect(bookingsOf(cloud, _id).map((b) => b.openid).sort()).toEqual(['first-in-line', 'holder', 'second-in-line'])
    expect(data((await list({ courseId: course._id })).body).items[0]).toMatchObject({ seatsLeft: 0, waitlisted: 2, waitlistFull: true })

    data((await cancel(_id, 'first-in-line')).body)
    const joined = await book(_id, 'one-too-many')
    expect(data(joined.body).booking).toMatchObject({ status: 'waitlisted', position: 2 })
    expect(joined.dbOps).toBe(3 + LIMIT_REQUESTS.later)
    expect(sessionDoc(cloud, _id)).toMatchObject({ waitlisted: 2, queue: ['', 'second-in-line', 'one-too-many'] })
    expectConsistent(cloud, _id)
  })

  it('a waitlist that fills up between the read and the append refuses the late one, writing nothing', async () => {
    const course = addCourse(cloud, { waitlistLimit: 1 })
    const { _id } = addSession(cloud, course, { capacity: 1, seated: ['holder-2'] })
    // The late one has read a waitlist with room and waits to append (its second request, after the write limit's).
    const append = cloud.faults.holdDatabaseRequest({ fn: 'course', openid: 'late-one', request: LIMIT_REQUESTS.first + 2 })
    const late = book(_id, 'late-one')
    await append.arrived
    expect(data((await book(_id, 'quick-one')).body).booking).toMatchObject({ status: 'waitlisted', position: 1 })
    append.release()
    cloud.faults.clear()
    const refused = await late
    expect(refused.body).toMatchObject({ ok: false, code: 'WAITLIST_FULL' })
    // The read, the append that did not land, the read of why.
    expect(refused.dbOps).toBe(3 + LIMIT_REQUESTS.first)
    expect(sessionDoc(cloud, _id)).toMatchObject({ waitlisted: 1, waitlistSeq: 1, queue: ['quick-one'] })
    expect(bookingsOf(cloud, _id).map((b) => b.openid).sort()).toEqual(['holder-2', 'quick-one'])
    expectConsistent(cloud, _id)
  })

  it('in lottery mode, booking enters the draw: waitlisted without a position, counted as waiting', async () => {
    const course = addCourse(cloud, { lottery: { closesBeforeH: 24 } })
    const { _id } = addSession(cloud, course, { startsIn: 3 * DAY_MS, capacity: 2 })
    const res = await book(_id, 'entrant')
    expect(data(res.body).booking).toMatchObject({ status: 'waitlisted', lottery: 'entered' })
    expect(data(res.body).booking).not.toHaveProperty('position')
    expect(res.dbOps).toBe(3 + LIMIT_REQUESTS.first)
    expect(sessionDoc(cloud, _id)).toMatchObject({ booked: 0, waitlisted: 1 })
    const view = data((await list({ courseId: course._id })).body).items[0]
    expect(view).toMatchObject({ mode: 'lottery', waitlisted: 1 })
  })

  it('refuses unknown sessions, callers without an account, and a booking of a class already attended', async () => {
    expect((await book('no-such-session', 'someone')).body).toMatchObject({ ok: false, code: 'NOT_FOUND' })
    const course = addCourse(cloud)
    const { _id } = addSession(cloud, course)
    expect((await book(_id)).body).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' })
    expect((await callUntyped(cloud, 'book', { sessionId: _id, openid: 'other' }, 'someone')).body).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    const attended = addSession(cloud, course, { startsIn: 5 * MINUTE_MS })
    cloud.db.insert('bookings', [
      newBookingDoc(attended, 'attendee', 'attended', 1)
    ])
    expect((await book(attended._id, 'attendee')).body).toMatchObject({ ok: false, code: 'CONFLICT', message: '您已经签到过这节课了' })
  })
})

describe('cancel', () => {
  it('before the cutoff promotes the head of the waitlist at once (5 requests); booked stays', async () => {
    const course = addCourse(cloud)
    const { _id } = addSession(cloud, course, { capacity: 2, seated: ['leaver', 'stayer'], queued: ['head', 'second'] })
    const res = await cancel(_id, 'leaver')
    expect(data(res.body)).toMatchObject({ booking: { status: 'cancelled' }, lateCancel: false })
    expect(res.dbOps).toBe(5 + LIMIT_REQUESTS.first)
    expect(bookingDoc(cloud, _id, 'head')).toMatchObject({ status: 'confirmed', promotedAt: expect.any(Number), notices: [{ kind: 'promoted' }] })
    expect(sessionDoc(cloud, _id).booked).toBe(2)
    // The one still waiting is now first.
    const mine = data((await list({ courseId: course._id }, 'second')).body).items[0].mine
    expect(mine).toMatchObject({ status: 'waitlisted', position: 1 })
    expectConsistent(cloud, _id)
  })

  it('with nobody waiting frees the seat (4 requests)', async () => {
    const course = addCourse(cloud)
    const { _id } = addSession(cloud, course, { capacity: 2, seated: ['alone'] })
    const res = await cancel(_id, 'alone')
    expect(res.dbOps).toBe(4 + LIMIT_REQUESTS.first)
    expect(sessionDoc(cloud, _id).booked).toBe(0)
    expectConsistent(cloud, _id)
  })

  it('after the cutoff offers a hold to the head, who confirms it; an expired hold cannot be confirmed', async () => {
    const course = addCourse(cloud, { waitlistCutoffMin: 120, holdMinutes: 30, cancelBeforeMin: 60 })
    const { _id } = addSession(cloud, course, { startsIn: 90 * MINUTE_MS, capacity: 1, seated: ['giver'], queued: ['taker', 'next'] })
    await cancel(_id, 'giver')
    const held = bookingDoc(cloud, _id, 'taker')
    expect(held).toMatchObject({ status: 'held', notices: [{ kind: 'held' }] })
    expect(held?.holdUntilAt).toBeGreaterThan(cloud.clock.now() + 25 * MINUTE_MS)
    expect((await call(cloud, 'confirmHold', { sessionId: _id }, 'next')).body).toMatchObject({ ok: false, code: 'NOT_FOUND' })
    const confirmed = await call(cloud, 'confirmHold', { sessionId: _id }, 'taker')
    expect(data(confirmed.body).booking).toMatchObject({ status: 'confirmed' })
    expect(data(confirmed.body).booking).not.toHaveProperty('holdUntilAt')
    expect(confirmed.dbOps).toBe(3 + LIMIT_REQUESTS.first)
    expect(data((await call(cloud, 'confirmHold', { sessionId: _id }, 'taker')).body).booking.status).toBe('confirmed')
    expectConsistent(cloud, _id)

    const other = addSession(cloud, course, { startsIn: 90 * MINUTE_MS, capacity: 1, seated: ['giver'], queued: ['slow'] })
    await cancel(other._id, 'giver')
    cloud.db.update('sessions', { _id: other._id }, { $set: { 'seats.slow.holdUntilAt': cloud.clock.now() - 1000 } })
    cloud.db.update('bookings', { _id: bookingIdFor(other._id, 'slow') }, { $set: { holdUntilAt: cloud.clock.now() - 1000 } })
    expect((await call(cloud, 'confirmHold', { sessionId: other._id }, 'slow')).body).toMatchObject({ ok: false, code: 'CONFLICT', message: expect.stringContaining('保留时间已过') })
  })

  it('marks a cancel after the deadline as late (and one before it not)', async () => {
    const course = addCourse(cloud, { cancelBeforeMin: 120, waitlistCutoffMin: 60 })
    const soon = addSession(cloud, course, { startsIn: 90 * MINUTE_MS, seated: ['late'] })
    const later = addSession(cloud, course, { startsIn: 3 * HOUR_MS, seated: ['early'] })
    expect(data((await cancel(soon._id, 'late')).body).lateCancel).toBe(true)
    expect(bookingDoc(cloud, soon._id, 'late')).toMatchObject({ status: 'cancelled', lateCancel: true })
    expect(data((await cancel(later._id, 'early')).body).lateCancel).toBe(false)
  })

  it('leaving the waitlist moves the people behind up (4 requests)', async () => {
    const course = addCourse(cloud)
    const { _id } = addSession(cloud, course, { capacity: 1, seated: ['s'], queued: ['w1', 'w2', 'w3'] })
    const res = await cancel(_id, 'w1')
    expect(res.dbOps).toBe(4 + LIMIT_REQUESTS.first)
    const positions = await Promise.all(['w2', 'w3'].map(async (p) => data((await list({ courseId: course._id }, p)).body).items[0].mine?.position))
    expect(positions).toEqual([1, 2])
    expectConsistent(cloud, _id)
  })

  it('cancelling again answers the cancelled booking and promotes nobody twice', async () => {
    const course = addCourse(cloud)
    const { _id } = addSession(cloud, course, { capacity: 1, seated: ['twice'], queued: ['only-one', 'not-me'] })
    await cancel(_id, 'twice')
    const again = await cancel(_id, 'twice')
    expect(data(again.body).booking.status).toBe('cancelled')
    expect(bookingDoc(cloud, _id, 'not-me')?.status).toBe('waitlisted')
    expectConsistent(cloud, _id)
  })

  it('is refused once the class started, and for someone without a booking', async () => {
    const course = addCourse(cloud)
    const { _id } = addSession(cloud, course, { startsIn: -MINUTE_MS, seated: ['too-late'] })
    expect((await cancel(_id, 'too-late')).body).toMatchObject({ ok: false, code: 'BOOKING_CLOSED' })
    expect((await cancel(_id, 'stranger')).body).toMatchObject({ ok: false, code: 'NOT_FOUND' })
    expect(sessionDoc(cloud, _id).booked).toBe(1)
  })

  it('withdrawing a lottery entry lowers the count of people waiting', async () => {
    const course = addCourse(cloud, { lottery: { closesBeforeH: 24 } })
    const { _id } = addSession(cloud, course, { startsIn: 3 * DAY_MS })
    await book(_id, 'entrant-1')
    await book(_id, 'entrant-2')
    await cancel(_id, 'entrant-1')
    expect(sessionDoc(cloud, _id).waitlisted).toBe(1)
  })

  it('repairs a booking left confirmed by a cancel that died after freeing the seat', async () => {
    const course = addCourse(cloud)
    const { _id } = addSession(cloud, course, { capacity: 2, seated: ['half-done', 'x'] })
    cloud.db.update('sessions', { _id }, { $unset: { 'seats.half-done': '' }, $inc: { booked: -1 } })
    const res = await cancel(_id, 'half-done')
    expect(data(res.body).booking.status).toBe('cancelled')
    expect(sessionDoc(cloud, _id).booked).toBe(1)
    expectConsistent(cloud, _id)
  })
})

describe('checkin', () => {
  const checkin = (session: SessionDoc, openid: string, code = checkinCode(session.checkinSecret, session._id, cloud.clock.now())) =>
    call(cloud, 'checkin', { sessionId: session._id, code }, openid)

  it('with the current code marks the seat holder present (4 requests); scanning again changes nothing', async () => {
    const course = addCourse(cloud)
    const s = addSession(cloud, course, { startsIn: 5 * MINUTE_MS, seated: ['present'] })
    const res = await checkin(s, 'present')
    expect(data(res.body).booking).toMatchObject({ status: 'attended', checkedInAt: expect.any(Number) })
    expect(res.dbOps).toBe(4 + LIMIT_REQUESTS.first)
    expect(sessionDoc(cloud, s._id).seats?.present?.checkedInAt).toEqual(expect.any(Number))
    expect(data((await checkin(s, 'present')).body).booking.status).toBe('attended')
    expectConsistent(cloud, s._id)
  })

  it('refuses a wrong code and a check-in outside 15 min before – 15 min after the start', async () => {
    const course = addCourse(cloud)
    const now = addSession(cloud, course, { startsIn: 5 * MINUTE_MS, seated: ['p'] })
    const wrong = (await checkin(now, 'p', checkinCode('other-secret', now._id, cloud.clock.now()))).body
    expect(wrong).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'code' })
    const early = addSession(cloud, course, { startsIn: 40 * MINUTE_MS, seated: ['p'] })
    expect((await checkin(early, 'p')).body).toMatchObject({ ok: false, code: 'CHECKIN_CLOSED' })
    const over = addSession(cloud, course, { startsIn: -20 * MINUTE_MS, seated: ['p'] })
    expect((await checkin(over, 'p')).body).toMatchObject({ ok: false, code: 'CHECKIN_CLOSED' })
  })

  it('lets a walk-in or someone waiting take a free seat at the door, and says so when it is full', async () => {
    const course = addCourse(cloud)
    const s = addSession(cloud, course, { startsIn: 5 * MINUTE_MS, capacity: 3, seated: ['a'], queued: ['waiting-one'] })
    expect(data((await checkin(s, 'walk-in')).body).booking).toMatchObject({ status: 'attended', walkIn: true })
    expect(data((await checkin(s, 'waiting-one')).body).booking).toMatchObject({ status: 'attended', walkIn: true })
    expect((await checkin(s, 'one-too-many')).body).toMatchObject({ ok: false, code: 'CONFLICT', message: expect.stringContaining('现场名额已满') })
    expect(sessionDoc(cloud, s._id)).toMatchObject({ booked: 3, waitlisted: 0 })
    expectConsistent(cloud, s._id)
  })
})

describe('myBookings', () => {
  it('groups upcoming (with the waitlist position), attended and past, with session and course (4 requests)', async () => {
    const res = await call(cloud, 'myBookings', {}, 'demo-rider')
    const out = data(res.body)
    const rows = out.items.map((i) => [i.group, i.course.title, i.booking.status, i.booking.position])
    expect(rows).toEqual(
      expect.arrayContaining([
        ['upcoming', '书法入门', 'confirmed', undefined],
        ['upcoming', '舒缓瑜伽', 'waitlisted', 1],
        ['attended', '书法入门', 'attended', undefined]
      ])
    )
    const groups = out.items.map((i) => i.group)
    expect(groups.indexOf('attended')).toBeGreaterThan(groups.lastIndexOf('upcoming'))
    expect(out.items[0].session).toMatchObject({ title: expect.any(String), startAt: expect.any(Number) })
    expect(out.items[0].course).toMatchObject({ instructor: expect.any(String), venueId: expect.any(String) })
    expect(out).not.toHaveProperty('strikeNotice')
    expect(res.dbOps).toBe(4)
    const upcoming = data((await call(cloud, 'myBookings', { scope: 'upcoming' }, 'demo-rider')).body).items
    expect(new Set(upcoming.map((i) => i.group))).toEqual(new Set(['upcoming']))
    const past = data((await call(cloud, 'myBookings', { scope: 'past' }, 'demo-rider')).body).items
    // Last week's 书法 class and the two volunteer activities the demo rider served (emulator/demo-volunteer.ts).
    expect(past.map((i) => i.group)).toEqual(['attended', 'attended', 'attended'])
  })

  it('tells someone with strikes about them, gently', async () => {
    const out = data((await call(cloud, 'myBookings', {}, 'demo-neighbor-11')).body)
    expect(out.strikeNotice).toBe('近30天：爽约1次')
    expect(out.items.map((i) => i.booking.status)).toContain('no_show')
  })
})

describe('courses', () => {
  it('listCourses: every active course with its venue, upcoming sessions and seats left (3 requests)', async () => {
    const res = await call(cloud, 'listCourses', {})
    const items = data(res.body).items
    const titles = items.map((c) => c.title)
    expect(titles).toEqual(expect.arrayContaining(['书法入门', '舒缓瑜伽', '朗诵与表达', '调配咖啡', '普法小讲堂', '手机摄影', '急救技能']))
    const yoga = items.find((c) => c._id === 'course-yoga')
    const sessions = cloud.db.find('sessions', { courseId: 'course-yoga', startAt: { $gt: cloud.clock.now() } })
    expect(yoga).toMatchObject({
      venueName: '友邻空间',
      instructor: expect.any(String),
      upcomingSessions: sessions.length,
      seatsLeft: sessions.reduce((n, s) => n + s.capacity - s.booked, 0),
      nextStartAt: Math.min(...sessions.map((s) => s.startAt))
    })
    expect(items.find((c) => c._id === 'course-pufa')?.venueName).toBe('枣林西社区')
    // The district for the cards and the map position for 导航 come with the list.
    expect(yoga?.venue).toMatchObject({ name: '友邻空间', district: '城关区', lat: expect.any(Number), lng: expect.any(Number) })
    expect(items.find((c) => c._id === 'course-pufa')?.venue).toMatchObject({ name: '枣林西社区', district: '安宁区' })
    expect(res.dbOps).toBe(3)
    const culture = data((await call(cloud, 'listCourses', { category: '文化' })).body).items
    expect(new Set(culture.map((c) => c.category))).toEqual(new Set(['文化']))
  })

  it('getCourse: the course, its venue (district and map position too) and upcoming sessions with the caller’s bookings', async () => {
    const out = data((await call(cloud, 'getCourse', { courseId: 'course-yoga' }, 'demo-rider')).body)
    expect(out.course).toMatchObject({ _id: 'course-yoga', title: '舒缓瑜伽', policy: expect.objectContaining({ waitlist: true }) })
    expect(out.venueName).toBe('友邻空间')
    const [stored] = cloud.db.find<{ address: string; hours: string; lat: number; lng: number }>('venues', { _id: 'venue-youlin' })
    expect(out.venue).toEqual({
      _id: 'venue-youlin',
      name: '友邻空间',
      district: '城关区',
      address: stored.address,
      hours: stored.hours,
      lat: stored.lat,
      lng: stored.lng
    })
    expect(out.venue?.address).toMatch(/\S/)
    expect(out.sessions.length).toBeGreaterThan(2)
    expect(out.sessions.filter((s) => s.mine).map((s) => s.mine?.status)).toEqual(['waitlisted'])
    expect((await call(cloud, 'getCourse', { courseId: uniqueId('missing') })).body).toMatchObject({ ok: false, code: 'NOT_FOUND' })
  })

  it('listVenues: every service centre with address, hours and map position, to anyone (1 request)', async () => {
    const res = await call(cloud, 'listVenues', {})
    const items = data(res.body).items
    expect(items).toHaveLength(cloud.db.count('venues'))
    expect(items.map((v) => v.name)).toEqual(expect.arrayContaining(['友邻空间', '枣林西社区']))
    for (const v of items) {
      expect(v).toMatchObject({ _id: expect.any(String), address: expect.stringMatching(/\S/), hours: expect.stringMatching(/\S/) })
      expect(typeof v.lat).toBe('number')
      expect(typeof v.lng).toBe('number')
    }
    expect(res.dbOps).toBe(1)
  })

  it('subscribeTemplates: the template id of each subscription the client asks for', async () => {
    const out = data((await call(cloud, 'subscribeTemplates', {})).body)
    expect(out.items.map((t) => t.kind)).toEqual(['confirmed', 'reminder', 'promoted'])
    for (const t of out.items) expect(t.templateId).toMatch(/\S/)
  })
})
