/**
 * Function `course`, organizer (管理端) actions on sessions, through the local cloud with the real bundle and
 * wx-server-sdk: weekly generation in Asia/Shanghai, moving or resizing a session, cancelling it with notices. Runs under
 * TZ=UTC and TZ=Asia/Shanghai alike (the function's answers must not change).
 */
import { expect } from '@jest/globals'
import type { RecurrenceRule } from '@core/api/course'
import type { SessionDoc } from '@core/booking'
import { DAY_MS, HOUR_MS, MINUTE_MS } from '@core/time'
import { data, type TestCloud } from '../support/cloud'
import { shanghaiAt, shanghaiDate, shanghaiWeekday } from '../support/instants'
import { LIMIT_REQUESTS } from '../support/write-limits'
import { bookingDoc, sessionDoc } from './course-booking-support'
import { auditOf, book, call, day, newCourse, NOW, ORGANIZER, person, putSession, startOrganizerCloud } from './course-organizer-support'

let cloud: TestCloud

beforeAll(async () => {
  cloud = await startOrganizerCloud()
})
afterAll(() => cloud.close())

describe('generateSessions', () => {
  const rule = (from: string, until: string, over: Partial<RecurrenceRule> = {}): RecurrenceRule => ({
    weekdays: [2, 4],
    startTime: '19:00',
    durationMin: 90,
    from,
    until,
    capacity: 12,
    ...over
  })

  /** Tuesdays and Thursdays from `from` to `until` (Shanghai dates), counted without the rule code. */
  function tueThu(fromDays: number, untilDays: number): number[] {
    const out: number[] = []
    for (let d = fromDays; d <= untilDays; d++) {
      const at = shanghaiAt(day(d), '19:00')
      if ([2, 4].includes(shanghaiWeekday(at))) out.push(at)
    }
    return out
  }

  it('makes Tue/Thu 19:00 Shanghai sessions (11:00 UTC) with deterministic ids and their own check-in keys', async () => {
    const course = await newCourse(cloud, { title: '周二周四书法' })
    const res = await call(cloud, 'generateSessions', { courseId: course._id, rule: rule(day(1), day(21)) })
    const out = data(res.body)
    const expected = tueThu(1, 21)
    expect(out).toMatchObject({ created: expected.length, existing: 0, past: 0 })
    expect(out.sessions.map((s) => s.startAt)).toEqual(expected)
    for (const s of out.sessions) {
      const d = new Date(s.startAt)
      expect([d.getUTCHours(), d.getUTCMinutes()]).toEqual([11, 0])
      expect([2, 4]).toContain(shanghaiWeekday(s.startAt))
      expect(s.endAt - s.startAt).toBe(90 * MINUTE_MS)
      expect(s).toMatchObject({ courseId: course._id, title: '周二周四书法', capacity: 12, booked: 0, seatsLeft: 12, status: 'scheduled' })
      expect(s._id).toBe(`${course._id}-${shanghaiDate(s.startAt).replace(/-/g, '')}1900`)
      expect(s).not.toHaveProperty('checkinSecret')
    }
    const stored = cloud.db.find('sessions', { courseId: course._id })
    expect(stored).toHaveLength(expected.length)
    const secrets = stored.map((s: SessionDoc) => s.checkinSecret)
    for (const secret of secrets) expect(secret).toMatch(/^[0-9a-f]{32}$/)
    expect(new Set(secrets).size).toBe(secrets.length)
    expect(JSON.stringify(res.body)).not.toContain(secrets[0])
    expect(auditOf(cloud, `courses/${course._id}`).filter((a) => a.action === 'generateSessions')).toEqual([
      expect.objectContaining({ actor: ORGANIZER, detail: expect.objectContaining({ created: expected.length, existing: 0, past: 0 }) })
    ])
    // organizer, course, stored ids, one batch insert, the audit entry.
    expect(res.dbOps).toBe(5 + LIMIT_REQUESTS.later)
  })

  it('is idempotent: generating again creates nothing and leaves stored sessions untouched; past dates are skipped', async () => {
    const course = await newCourse(cloud, { title: '重复排课' })
    const first = data((await call(cloud, 'generateSessions', { courseId: course._id, rule: rule(day(1), day(14)) })).body)
    const storedBefore = cloud.db.find('sessions', { courseId: course._id })
    const again = data((await call(cloud, 'generateSessions', { courseId: course._id, rule: rule(day(1), day(14)) })).body)
    expect(again).toMatchObject({ created: 0, existing: first.created, past: 0 })
    expect(again.sessions.map((s) => s._id)).toEqual(first.sessions.map((s) => s._id))
    expect(cloud.db.find('sessions', { courseId: course._id })).toEqual(storedBefore)

    // A wider range reaching back two weeks: the old days are past, the known ones existing, the rest new.
    const wider = data((await call(cloud, 'generateSessions', { courseId: course._id, rule: rule(day(-14), day(28)) })).body)
    const past = tueThu(-14, 0).filter((at) => at <= NOW).length
    expect(wider).toMatchObject({ existing: first.created, past, created: tueThu(-14, 28).length - past - first.created })
    expect(cloud.db.count('sessions', { courseId: course._id })).toBe(first.created + wider.created)
  })

  it('concurrent generations of one rule create each session once', async () => {
    const course = await newCourse(cloud, { title: '并发排课' })
    const replies = await Promise.all(
      Array.from({ length: 6 }, () => call(cloud, 'generateSessions', { courseId: course._id, rule: rule(day(1), day(60)) }))
    )
    const outs = replies.map((r) => data(r.body))
    const expected = tueThu(1, 60).length
    expect(outs.reduce((sum, o) => sum + o.created, 0)).toBe(expected)
    for (const o of outs) expect(o.created + o.existing).toBe(expected)
    expect(cloud.db.count('sessions', { courseId: course._id })).toBe(expected)
  })

  it('refuses a rule that is malformed or a course that is archived', async () => {
    const course = await newCourse(cloud, { title: '停课的课', status: 'archived' })
    expect((await call(cloud, 'generateSessions', { courseId: course._id, rule: rule(day(1), day(7)) })).body).toMatchObject({
      ok: false,
      code: 'CONFLICT'
    })
    expect((await call(cloud, 'generateSessions', { courseId: course._id, rule: rule(day(7), day(1)) })).body).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
      message: '结束日期不能早于开始日期'
    })
    expect((await call(cloud, 'generateSessions', { courseId: 'ghost', rule: rule(day(1), day(7)) })).body).toMatchObject({ ok: false, code: 'NOT_FOUND' })
    expect(cloud.db.count('sessions', { courseId: course._id })).toBe(0)
  })
})

describe('updateSession', () => {
  let sessionId: string
  let people5: string[]
  beforeAll(async () => {
    const course = await newCourse(cloud, { title: '改时间的课' })
    sessionId = putSession(cloud, course._id, shanghaiAt(day(3), '19:00'), { capacity: 3 })._id
    people5 = Array.from({ length: 5 }, () => person(cloud, 'courier'))
    for (const openid of people5) await book(cloud, sessionId, openid)
  })

  it('will not drop the seats below the people holding one', async () => {
    const res = await call(cloud, 'updateSession', { sessionId, capacity: 2 })
    expect(res.body).toEqual({ ok: false, code: 'CONFLICT', message: '已有3人占了座位，名额不能少于3人', field: 'capacity' })
    expect(sessionDoc(cloud, sessionId)).toMatchObject({ capacity: 3, booked: 3 })
  })

  it('gives added seats to the waitlist at once', async () => {
    const res = await call(cloud, 'updateSession', { sessionId, capacity: 4 })
    const out = data(res.body)
    expect(out.session).toMatchObject({ capacity: 4, booked: 4, seatsLeft: 0, waitlisted: 1 })
    expect(out.notified).toBe(0)
    expect(bookingDoc(cloud, sessionId, people5[3])?.status).toBe('confirmed')
    expect(bookingDoc(cloud, sessionId, people5[4])).toMatchObject({ status: 'waitlisted', position: 2 })
    expect(Object.keys(sessionDoc(cloud, sessionId).seats ?? {}).sort()).toEqual(people5.slice(0, 4).sort())
  })

  it('moves the class: bookings get the new time and everyone with a seat or a place a notice', async () => {
    await cloud.call('course', 'cancel', { sessionId }, people5[0])
    const startAt = shanghaiAt(day(3), '20:00')
    const res = await call(cloud, 'updateSession', { sessionId, startAt, endAt: startAt + HOUR_MS, note: '改到八点' })
    const out = data(res.body)
    expect(out.session).toMatchObject({ _id: sessionId, startAt, endAt: startAt + HOUR_MS, note: '改到八点' })
    expect(out.notified).toBe(4)
    for (const openid of people5) expect(bookingDoc(cloud, sessionId, openid)).toMatchObject({ startAt, endAt: startAt + HOUR_MS })
    for (const openid of people5.slice(1)) {
      expect(bookingDoc(cloud, sessionId, openid)?.notices).toEqual(expect.arrayContaining([{ kind: 'changed', at: expect.any(Number) }]))
    }
    expect(bookingDoc(cloud, sessionId, people5[0])?.notices ?? []).not.toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'changed' })]))
    const entries = auditOf(cloud, `sessions/${sessionId}`).filter((a) => a.action === 'updateSession')
    expect(entries).toHaveLength(2)
    expect(entries[1].detail).toMatchObject({ before: { startAt: shanghaiAt(day(3), '19:00') }, after: { startAt, note: '改到八点' }, notified: 4 })
  })

  it('refuses a start in the past, a started or cancelled class, and half a time change', async () => {
    expect((await call(cloud, 'updateSession', { sessionId, startAt: NOW - HOUR_MS, endAt: NOW })).body).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'startAt' })
    expect((await call(cloud, 'updateSession', { sessionId, startAt: NOW + DAY_MS })).body).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'endAt' })
    const started = putSession(cloud, (await newCourse(cloud, { title: '已开始' }))._id, NOW - MINUTE_MS)
    expect((await call(cloud, 'updateSession', { sessionId: started._id, capacity: 20 })).body).toMatchObject({ ok: false, code: 'CONFLICT' })
  })
})

describe('cancelSession', () => {
  it('cancels every seat and place without strikes; each person gets a notice the timer sends', async () => {
    const course = await newCourse(cloud, { title: '老师生病的课' })
    const session = putSession(cloud, course._id, shanghaiAt(day(2), '19:00'), { capacity: 2 })
    const crowd = Array.from({ length: 5 }, () => person(cloud, 'rider'))
    expect(await Promise.all(crowd.slice(0, 4).map((o) => book(cloud, session._id, o)))).toEqual(expect.arrayContaining(['confirmed', 'confirmed', 'waitlisted', 'waitlisted']))
    await book(cloud, session._id, crowd[4])
    await cloud.call('course', 'cancel', { sessionId: session._id }, crowd[4])

    const res = await call(cloud, 'cancelSession', { sessionId: session._id, reason: '老师生病' })
    const out = data(res.body)
    expect(out.notified).toBe(4)
    expect(out.session).toMatchObject({ status: 'cancelled', cancelReason: '老师生病', booked: 0, waitlisted: 0 })
    const stored = sessionDoc(cloud, session._id)
    expect(stored.seats).toEqual({})
    expect((stored.queue ?? []).filter((o) => o !== '')).toEqual([])
    for (const openid of crowd.slice(0, 4)) {
      const b = bookingDoc(cloud, session._id, openid)
      expect(b).toMatchObject({ status: 'cancelled', noticePending: true })
      expect(b?.lateCancel).toBeUndefined()
      expect(b?.notices).toEqual(expect.arrayContaining([{ kind: 'cancelled', at: expect.any(Number) }]))
    }
    expect(bookingDoc(cloud, session._id, crowd[4])?.notices ?? []).not.toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'cancelled' })]))
    expect(cloud.db.count('strikes', { sessionId: session._id })).toBe(0)
    expect(auditOf(cloud, `sessions/${session._id}`)).toEqual([
      expect.objectContaining({ action: 'cancelSession', actor: ORGANIZER, detail: { reason: '老师生病', notified: 4, wasBooked: 2 } })
    ])

    // Nobody can take a seat in the cancelled class, and asking again changes nothing.
    expect((await cloud.call('course', 'book', { sessionId: session._id }, crowd[0])).body).toMatchObject({ ok: false, code: 'BOOKING_CLOSED' })
    expect(bookingDoc(cloud, session._id, crowd[0])?.status).toBe('cancelled')
    const again = data((await call(cloud, 'cancelSession', { sessionId: session._id, reason: '老师生病' })).body)
    expect(again.notified).toBe(0)
    expect(auditOf(cloud, `sessions/${session._id}`)).toHaveLength(1)

    // The timer turns the notices into subscribe messages, one per person.
    await cloud.cloud.runTrigger('courseTimer', 'everyMinute')
    const queued = cloud.db.find('notifications', { sessionId: session._id, kind: 'cancelled' })
    expect(queued.map((n: { openid: string }) => n.openid).sort()).toEqual(crowd.slice(0, 4).sort())
    const sent = cloud.db.find('outbox', { touser: { $in: crowd.slice(0, 4) } })
    expect(sent.filter((m: { data: object }) => JSON.stringify(m.data).includes('本节课已取消'))).toHaveLength(4)
  })

  it('refuses a class that has started', async () => {
    const started = putSession(cloud, (await newCourse(cloud, { title: '已开始的课' }))._id, NOW - MINUTE_MS)
    expect((await call(cloud, 'cancelSession', { sessionId: started._id, reason: '下雨' })).body).toMatchObject({ ok: false, code: 'CONFLICT' })
    expect(sessionDoc(cloud, started._id).status).toBe('scheduled')
  })
})
