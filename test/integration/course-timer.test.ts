/**
 * Function `courseTimer`, the periodic work of course booking behind its timer trigger, through the local cloud on a
 * fixed Wednesday morning: subscription messages (queued once, sent once — the local cloud's `outbox` is the delivery
 * log), class reminders, holds that run out, seats released at start + 10 min, strikes settled after class, lotteries
 * drawn; every step idempotent, a failing step never stopping the others, template ids only from configuration, and
 * none of it reachable by a client.
 */
import { expect } from '@jest/globals'
import type { BookInput, SubscribeTemplatesOutput } from '@core/api/course'
import { bookingIdFor, newBookingDoc, type NotificationDoc } from '@core/booking'
import { DAY_MS, HOUR_MS, MINUTE_MS } from '@core/time'
import { LOCAL_FUNCTION_ENV, localFunctionEnv } from '../../emulator/function-env'
import { startTestCloud, type TestCloud } from '../support/cloud'
import { WEDNESDAY_10_00 } from '../support/instants'
import { addCourse, addSession, bookingDoc, bookingsOf, call, data, expectConsistent, runTimer, sessionDoc } from './course-booking-support'

let cloud: TestCloud

beforeAll(async () => {
  cloud = await startTestCloud({ at: WEDNESDAY_10_00, functions: ['course', 'courseTimer'] })
})
afterAll(() => cloud.close())

const now = (): number => cloud.clock.now()
const book = (sessionId: string, openid: string, extra: Omit<BookInput, 'sessionId'> = {}) => call(cloud, 'book', { sessionId, ...extra }, openid)
const delivered = (touser: string) => cloud.db.find('outbox', { touser })
const notificationsOf = (openid: string): NotificationDoc[] => cloud.db.find('notifications', { openid })
const timerEvent = () => ({ Type: 'Timer', TriggerName: 'everyMinute', Time: new Date(now()).toISOString(), Message: '' })

/** console.error lines written while `fn` runs (the functions run in this process and log there). */
async function errorsDuring(fn: () => Promise<void>): Promise<string[]> {
  const lines: string[] = []
  const spy = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    lines.push(args.map(String).join(' '))
  })
  try {
    await fn()
  } finally {
    spy.mockRestore()
  }
  return lines
}

describe('who runs it', () => {
  it('only the platform trigger: the same event from a client is an unknown action that touches nothing', async () => {
    const course = addCourse(cloud)
    const { _id } = addSession(cloud, course)
    await book(_id, 'not-a-timer', { subscribe: ['confirmed'] })
    const res = await cloud.callUntyped('courseTimer', timerEvent(), 'not-a-timer')
    expect(res.body).toEqual({ ok: false, code: 'INVALID_INPUT', message: '未知的操作', field: 'action' })
    expect(res.dbOps).toBe(0)
    expect(delivered('not-a-timer')).toHaveLength(0)
    const report = await runTimer(cloud)
    expect(report).toMatchObject({ ok: true, data: expect.objectContaining({ sent: expect.any(Number), stepsFailed: [] }) })
    expect(delivered('not-a-timer')).toHaveLength(1)
  })

  it('the course function no longer takes timer events: it has no trigger, and the event is an unknown action', async () => {
    await expect(cloud.cloud.runTrigger('course', 'courseTimer')).rejects.toThrow('courseTimer')
    const res = await cloud.callUntyped('course', timerEvent())
    expect(res.body).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'action' })
    expect(res.dbOps).toBe(0)
  })
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
    const soon = now() + 50 * MINUTE_MS
    cloud.db.update('sessions', { _id }, { $set: { startAt: soon, endAt: soon + HOUR_MS } })
    await runTimer(cloud)
    await runTimer(cloud)
    expect(delivered('remind-me')).toEqual([expect.objectContaining({ templateId: 'local-class-reminder' })])
    const moved = now() + 40 * MINUTE_MS
    cloud.db.update('sessions', { _id }, { $set: { startAt: moved, endAt: moved + HOUR_MS } })
    await runTimer(cloud)
    expect(delivered('remind-me')).toHaveLength(2)
  })
})

describe('template ids come only from configuration', () => {
  it('the local cloud sets its own ids as function environment, keeping any a developer set', async () => {
    const offered = data((await call(cloud, 'subscribeTemplates', {})).body).items
    expect(offered).toEqual([
      { kind: 'confirmed', templateId: 'local-booking-confirmed' },
      { kind: 'reminder', templateId: 'local-class-reminder' },
      { kind: 'promoted', templateId: 'local-waitlist-promoted' }
    ])
    expect(localFunctionEnv({ SUBSCRIBE_TEMPLATE_REMINDER: 'tmpl-from-the-console' })).toEqual({
      SUBSCRIBE_TEMPLATE_CONFIRMED: 'local-booking-confirmed',
      SUBSCRIBE_TEMPLATE_PROMOTED: 'local-waitlist-promoted',
      SUBSCRIBE_TEMPLATE_NEED_PROGRESS: 'local-need-progress',
      SUBSCRIBE_TEMPLATE_REFERRAL_TASK: 'local-referral-task'
    })
  })

  it('deployed without them: a logged configuration error, no template offered, no message sent with a made-up id', async () => {
    const course = addCourse(cloud)
    const { _id } = addSession(cloud, course)
    const saved = { ...process.env }
    for (const name of Object.keys(LOCAL_FUNCTION_ENV)) delete process.env[name]
    let offered: SubscribeTemplatesOutput | undefined
    let report: Awaited<ReturnType<typeof runTimer>> | undefined
    try {
      const errors = await errorsDuring(async () => {
        offered = data((await call(cloud, 'subscribeTemplates', {})).body)
        await book(_id, 'unconfigured', { subscribe: ['confirmed'] })
        report = await runTimer(cloud)
      })
      expect(errors).toEqual(
        expect.arrayContaining([
          expect.stringContaining('[course.subscribeTemplates] configuration error: environment variable SUBSCRIBE_TEMPLATE_CONFIRMED is not set'),
          expect.stringContaining('[courseTimer.send] configuration error: environment variable SUBSCRIBE_TEMPLATE_CONFIRMED is not set')
        ])
      )
    } finally {
      Object.assign(process.env, saved)
    }
    expect(offered).toEqual({ items: [] })
    expect(data(report!)).toMatchObject({ sent: 0, failed: 1, stepsFailed: [] })
    expect(delivered('unconfigured')).toHaveLength(0)
    expect(notificationsOf('unconfigured')).toEqual([
      expect.objectContaining({ status: 'failed', error: 'configuration: SUBSCRIBE_TEMPLATE_CONFIRMED is not set', attempts: 0 })
    ])
  })
})

it('a step that fails is logged by name, and the other steps still run — sending last', async () => {
  const course = addCourse(cloud)
  // A damaged session (no title) starting within the hour: queueing its reminder throws.
  const damaged = addSession(cloud, course, { startsIn: 30 * MINUTE_MS })
  cloud.db.update('sessions', { _id: damaged._id }, { $unset: { title: '' } })
  cloud.db.insert('bookings', [newBookingDoc(damaged, 'reminded-of-damage', 'confirmed', now() - HOUR_MS, { subscribe: ['reminder'] })])
  const { _id } = addSession(cloud, course)
  await book(_id, 'still-told', { subscribe: ['confirmed'] })
  let report: Awaited<ReturnType<typeof runTimer>> | undefined
  const errors = await errorsDuring(async () => {
    report = await runTimer(cloud)
  })
  expect(data(report!)).toMatchObject({ stepsFailed: ['reminders'], remindersQueued: 0, noticesQueued: 1, sent: 1 })
  expect(errors).toEqual([expect.stringMatching(/^\[courseTimer\] step reminders failed: TypeError/)])
  expect(delivered('still-told')).toEqual([expect.objectContaining({ templateId: 'local-booking-confirmed' })])

  // Repaired, the next run reminds them.
  cloud.db.update('sessions', { _id: damaged._id }, { $set: { title: course.title } })
  expect(data(await runTimer(cloud))).toMatchObject({ stepsFailed: [], remindersQueued: 1 })
})

it('a hold that runs out passes to the next person waiting', async () => {
  const course = addCourse(cloud, { waitlistCutoffMin: 180, holdMinutes: 30 })
  const { _id } = addSession(cloud, course, { startsIn: 2 * HOUR_MS, capacity: 1, seated: ['giver'], queued: ['dawdler', 'patient'] })
  await call(cloud, 'cancel', { sessionId: _id }, 'giver')
  expect(bookingDoc(cloud, _id, 'dawdler')?.status).toBe('held')
  const past = now() - 1000
  cloud.db.update('sessions', { _id }, { $set: { 'seats.dawdler.holdUntilAt': past } })
  cloud.db.update('bookings', { _id: bookingIdFor(_id, 'dawdler') }, { $set: { holdUntilAt: past } })
  const report = data(await runTimer(cloud))
  expect(report).toMatchObject({ holdsPassedOn: 1 })
  expect(bookingDoc(cloud, _id, 'dawdler')).toMatchObject({ status: 'cancelled', holdExpiredAt: now() })
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
  for (const p of ['absent-1', 'absent-2']) expect(bookingDoc(cloud, s._id, p)).toMatchObject({ status: 'no_show', releasedAt: now() })
  expect(bookingDoc(cloud, s._id, 'came')?.status).toBe('attended')
  // After the start a freed seat is not handed down the waitlist: it is there for whoever walks in.
  expect(bookingDoc(cloud, s._id, 'hopeful')?.status).toBe('waitlisted')
  expect(sessionDoc(cloud, s._id)).toMatchObject({ booked: 1, releasedAt: now() })
  expectConsistent(cloud, s._id)
  expect(data(await runTimer(cloud)).seatsReleased).toBe(0)
})

it('after class, strikes are settled: forgiven when the seat was taken by someone else', async () => {
  const course = addCourse(cloud)
  const s = addSession(cloud, course, { startsIn: -2 * HOUR_MS, minutes: 90, capacity: 2, fields: { releasedAt: now() - HOUR_MS } })
  const booked = now() - DAY_MS
  cloud.db.insert('bookings', [
    newBookingDoc(s, 'late-canceller', 'cancelled', booked, { lateCancel: true, cancelledAt: s.startAt - 30 * MINUTE_MS }),
    newBookingDoc(s, 'no-show', 'no_show', booked, { releasedAt: s.startAt + 10 * MINUTE_MS }),
    newBookingDoc(s, 'attendee', 'attended', booked)
  ])
  expect(data(await runTimer(cloud)).sessionsSettled).toBeGreaterThanOrEqual(1)
  const strikes = cloud.db.find('strikes', { sessionId: s._id })
  // One seat was refilled (attended 1 + vacated 2 − capacity 2 = 1): the earliest vacated, the late cancel, is forgiven.
  expect(strikes.map((x) => [x.openid, x.kind, x.forgiven]).sort()).toEqual([
    ['late-canceller', 'late_cancel', true],
    ['no-show', 'no_show', false]
  ])
  expect(sessionDoc(cloud, s._id).settledAt).toBe(now())
  expect(data(await runTimer(cloud)).sessionsSettled).toBe(0)
})

it('draws a lottery once its registration has closed, seats the winners and queues the rest', async () => {
  const course = addCourse(cloud, { lottery: { closesBeforeH: 24 } })
  const { _id } = addSession(cloud, course, { startsIn: 3 * DAY_MS, capacity: 2 })
  const entrants = ['lot-a', 'lot-b', 'lot-c', 'lot-d', 'lot-e']
  for (const p of entrants) await book(_id, p)
  // Registration closes 24 h before the start: move the class to 20 h from now.
  const start = now() + 20 * HOUR_MS
  cloud.db.update('sessions', { _id }, { $set: { startAt: start, endAt: start + HOUR_MS } })
  expect(data(await runTimer(cloud)).drawn).toBe(1)
  const bookings = bookingsOf(cloud, _id)
  expect(bookings.filter((b) => b.status === 'confirmed' && b.lottery === 'won')).toHaveLength(2)
  const lost = bookings.filter((b) => b.status === 'waitlisted' && b.lottery === 'lost')
  expect(lost.map((b) => b.position).sort()).toEqual([1, 2, 3])
  expect(sessionDoc(cloud, _id)).toMatchObject({ booked: 2, waitlisted: 3, drawnAt: now() })
  expectConsistent(cloud, _id)
  expect(data(await runTimer(cloud)).drawn).toBe(0)
})

it('running again changes nothing', async () => {
  await runTimer(cloud)
  const snapshot = () => ['sessions', 'bookings', 'strikes', 'notifications', 'outbox'].map((c) => cloud.db.find(c))
  const before = snapshot()
  const report = data(await runTimer(cloud))
  expect(report).toEqual({
    drawn: 0,
    holdsPassedOn: 0,
    seatsReleased: 0,
    sessionsSettled: 0,
    remindersQueued: 0,
    noticesQueued: 0,
    sent: 0,
    failed: 0,
    stepsFailed: []
  })
  expect(snapshot()).toEqual(before)
})
