/**
 * Function `course`, the periodic work behind timer trigger `courseTimer`, through the local cloud: subscription
 * messages (queued once, sent once — the local cloud's `outbox` is the delivery log), class reminders, holds that run
 * out, seats released at start + 10 min, strikes settled after class, lotteries drawn; every step idempotent, and
 * none of it reachable by a client.
 */
import type { BookInput } from '@core/api/course'
import { bookingIdFor, type BookingDoc, type NotificationDoc, type StrikeDoc } from '@core/booking'
import { DAY_MS, HOUR_MS, MINUTE_MS } from '@core/time'
import { startTestCloud, type TestCloud } from '../support/cloud'
import { addCourse, addSession, bookingDoc, bookingsOf, call, data, expectConsistent, runTimer, sessionDoc } from './course-booking-support'

let cloud: TestCloud

beforeAll(async () => {
  cloud = await startTestCloud({ functions: ['course'] })
})
afterAll(() => cloud.close())

const book = (sessionId: string, openid: string, extra: Omit<BookInput, 'sessionId'> = {}) => call(cloud, 'book', { sessionId, ...extra }, openid)
const delivered = (touser: string) => cloud.db.find('outbox', { touser })
const notificationsOf = (openid: string): NotificationDoc[] => cloud.db.find('notifications', { openid })

it('runs only from the platform trigger: the same event from a client is an unknown action', async () => {
  const course = addCourse(cloud)
  const { _id } = addSession(cloud, course)
  await book(_id, 'not-a-timer', { subscribe: ['confirmed'] })
  const res = await cloud.callUntyped('course', { Type: 'Timer', TriggerName: 'courseTimer', Time: new Date().toISOString(), Message: '' }, 'not-a-timer')
  expect(res.body).toEqual({ ok: false, code: 'INVALID_INPUT', message: '未知的操作', field: 'action' })
  expect(res.dbOps).toBe(0)
  expect(delivered('not-a-timer')).toHaveLength(0)
  const report = await runTimer(cloud)
  expect(report).toMatchObject({ ok: true, data: expect.objectContaining({ sent: expect.any(Number) }) })
  expect(delivered('not-a-timer')).toHaveLength(1)
})

describe('subscription messages', () => {
  it('a booking confirmation is queued once and delivered once with the confirmed template', async () => {
    const course = addCourse(cloud, {}, { title: '书法入门' })
    const { _id } = addSession(cloud, course)
    await book(_id, 'confirm-me', { subscribe: ['confirmed'] })
    await book(_id, 'not-subscribed', { subscribe: ['reminder'] })
    await runTimer(cloud)
    await runTimer(cloud)
    const [message] = delivered('confirm-me')
    expect(delivered('confirm-me')).toHaveLength(1)
    expect(message).toMatchObject({
      templateId: 'local-booking-confirmed',
      page: 'packages/course/bookings',
      data: { thing1: { value: '书法入门' }, phrase4: { value: '预约成功' }, thing3: { value: '友邻空间' } }
    })
    expect(message.data.time2.value).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d$/)
    expect(notificationsOf('confirm-me')).toEqual([expect.objectContaining({ status: 'sent', kind: 'confirmed', attempts: 1 })])
    expect(bookingDoc(cloud, _id, 'confirm-me')).not.toHaveProperty('noticePending')
    expect(delivered('not-subscribed')).toHaveLength(0)
  })

  it('three timer runs at once never deliver a message twice', async () => {
    const course = addCourse(cloud, { weeklyLimit: 14 })
    const { _id } = addSession(cloud, course, { capacity: 40 })
    const people = Array.from({ length: 30 }, (_, i) => `concurrent-msg-${i}`)
    await Promise.all(people.map((p) => book(_id, p, { subscribe: ['confirmed'] })))
    await Promise.all([runTimer(cloud), runTimer(cloud), runTimer(cloud)])
    await runTimer(cloud)
    for (const p of people) {
      expect([p, delivered(p).length]).toEqual([p, 1])
      expect([p, notificationsOf(p).map((n) => n.status)]).toEqual([p, ['sent']])
    }
  })

  it('a promotion from the waitlist sends the promoted template', async () => {
    const course = addCourse(cloud)
    const { _id } = addSession(cloud, course, { capacity: 1, seated: ['seat-giver'] })
    await book(_id, 'promote-me', { subscribe: ['promoted'] })
    await call(cloud, 'cancel', { sessionId: _id }, 'seat-giver')
    await runTimer(cloud)
    expect(delivered('promote-me')).toEqual([
      expect.objectContaining({ templateId: 'local-waitlist-promoted', data: expect.objectContaining({ phrase4: { value: '递补成功' } }) })
    ])
  })

  it('a class reminder goes out an hour before, once; a moved class is reminded again', async () => {
    const course = addCourse(cloud)
    const { _id } = addSession(cloud, course, { startsIn: 3 * HOUR_MS })
    await book(_id, 'remind-me', { subscribe: ['reminder'] })
    await runTimer(cloud)
    expect(delivered('remind-me')).toHaveLength(0)
    const soon = Date.now() + 50 * MINUTE_MS
    cloud.db.update('sessions', { _id }, { $set: { startAt: soon, endAt: soon + HOUR_MS } })
    await runTimer(cloud)
    await runTimer(cloud)
    expect(delivered('remind-me')).toEqual([expect.objectContaining({ templateId: 'local-class-reminder' })])
    const moved = Date.now() + 40 * MINUTE_MS
    cloud.db.update('sessions', { _id }, { $set: { startAt: moved, endAt: moved + HOUR_MS } })
    await runTimer(cloud)
    expect(delivered('remind-me')).toHaveLength(2)
  })
})

it('a hold that runs out passes to the next person waiting', async () => {
  const course = addCourse(cloud, { waitlistCutoffMin: 180, holdMinutes: 30 })
  const { _id } = addSession(cloud, course, { startsIn: 2 * HOUR_MS, capacity: 1, seated: ['giver'], queued: ['dawdler', 'patient'] })
  await call(cloud, 'cancel', { sessionId: _id }, 'giver')
  expect(bookingDoc(cloud, _id, 'dawdler')?.status).toBe('held')
  const past = Date.now() - 1000
  cloud.db.update('sessions', { _id }, { $set: { 'seats.dawdler.holdUntilAt': past } })
  cloud.db.update('bookings', { _id: bookingIdFor(_id, 'dawdler') }, { $set: { holdUntilAt: past } })
  const report = data(await runTimer(cloud))
  expect(report).toMatchObject({ holdsPassedOn: 1 })
  expect(bookingDoc(cloud, _id, 'dawdler')).toMatchObject({ status: 'cancelled', holdExpiredAt: expect.any(Number) })
  expect(bookingDoc(cloud, _id, 'patient')).toMatchObject({ status: 'held' })
  expectConsistent(cloud, _id)
  expect(data(await runTimer(cloud))).toMatchObject({ holdsPassedOn: 0 })
})

it('at start + 10 min unclaimed seats are released: no-shows, seats open for walk-ins', async () => {
  const course = addCourse(cloud)
  const s = addSession(cloud, course, { startsIn: -11 * MINUTE_MS, capacity: 3, seated: ['came', 'absent-1', 'absent-2'], queued: ['hopeful'] })
  cloud.db.update('sessions', { _id: s._id }, { $set: { 'seats.came.checkedInAt': s.startAt - MINUTE_MS } })
  cloud.db.update('bookings', { _id: bookingIdFor(s._id, 'came') }, { $set: { status: 'attended', checkedInAt: s.startAt - MINUTE_MS } })
  const report = data(await runTimer(cloud))
  expect(report.seatsReleased).toBe(2)
  for (const p of ['absent-1', 'absent-2']) expect(bookingDoc(cloud, s._id, p)).toMatchObject({ status: 'no_show', releasedAt: expect.any(Number) })
  expect(bookingDoc(cloud, s._id, 'came')?.status).toBe('attended')
  // After the start a freed seat is not handed down the waitlist: it is there for whoever walks in.
  expect(bookingDoc(cloud, s._id, 'hopeful')?.status).toBe('waitlisted')
  expect(sessionDoc(cloud, s._id)).toMatchObject({ booked: 1, releasedAt: expect.any(Number) })
  expectConsistent(cloud, s._id)
  expect(data(await runTimer(cloud)).seatsReleased).toBe(0)
})

it('after class, strikes are settled: forgiven when the seat was taken by someone else', async () => {
  const course = addCourse(cloud)
  const now = Date.now()
  const s = addSession(cloud, course, { startsIn: -2 * HOUR_MS, minutes: 90, capacity: 2, fields: { releasedAt: now - HOUR_MS } })
  const booking = (openid: string, extra: Partial<BookingDoc>): BookingDoc => ({
    _id: bookingIdFor(s._id, openid),
    sessionId: s._id,
    courseId: course._id,
    openid,
    status: 'attended',
    startAt: s.startAt,
    endAt: s.endAt,
    createdAt: now - DAY_MS,
    updatedAt: now - DAY_MS,
    ...extra
  })
  cloud.db.insert('bookings', [
    booking('late-canceller', { status: 'cancelled', lateCancel: true, cancelledAt: s.startAt - 30 * MINUTE_MS }),
    booking('no-show', { status: 'no_show', releasedAt: s.startAt + 10 * MINUTE_MS }),
    booking('attendee', {})
  ])
  expect(data(await runTimer(cloud)).sessionsSettled).toBeGreaterThanOrEqual(1)
  const strikes = cloud.db.find('strikes', { sessionId: s._id }) as StrikeDoc[]
  // One seat was refilled (attended 1 + vacated 2 − capacity 2 = 1): the earliest vacated, the late cancel, is forgiven.
  expect(strikes.map((x) => [x.openid, x.kind, x.forgiven]).sort()).toEqual([
    ['late-canceller', 'late_cancel', true],
    ['no-show', 'no_show', false]
  ])
  expect(sessionDoc(cloud, s._id).settledAt).toEqual(expect.any(Number))
  expect(data(await runTimer(cloud)).sessionsSettled).toBe(0)
})

it('draws a lottery once its registration has closed, seats the winners and queues the rest', async () => {
  const course = addCourse(cloud, { lottery: { closesBeforeH: 24 } })
  const { _id } = addSession(cloud, course, { startsIn: 3 * DAY_MS, capacity: 2 })
  const entrants = ['lot-a', 'lot-b', 'lot-c', 'lot-d', 'lot-e']
  for (const p of entrants) await book(_id, p)
  // Registration closes 24 h before the start: move the class to 20 h from now.
  const start = Date.now() + 20 * HOUR_MS
  cloud.db.update('sessions', { _id }, { $set: { startAt: start, endAt: start + HOUR_MS } })
  expect(data(await runTimer(cloud)).drawn).toBe(1)
  const bookings = bookingsOf(cloud, _id)
  expect(bookings.filter((b) => b.status === 'confirmed' && b.lottery === 'won')).toHaveLength(2)
  const lost = bookings.filter((b) => b.status === 'waitlisted' && b.lottery === 'lost')
  expect(lost.map((b) => b.position).sort()).toEqual([1, 2, 3])
  expect(sessionDoc(cloud, _id)).toMatchObject({ booked: 2, waitlisted: 3, drawnAt: expect.any(Number) })
  expectConsistent(cloud, _id)
  expect(data(await runTimer(cloud)).drawn).toBe(0)
})

it('running again changes nothing', async () => {
  await runTimer(cloud)
  const snapshot = () => ['sessions', 'bookings', 'strikes', 'notifications', 'outbox'].map((c) => cloud.db.find(c))
  const before = snapshot()
  const report = data(await runTimer(cloud))
  expect(report).toEqual({ drawn: 0, holdsPassedOn: 0, seatsReleased: 0, sessionsSettled: 0, remindersQueued: 0, noticesQueued: 0, sent: 0, failed: 0 })
  expect(snapshot()).toEqual(before)
})
