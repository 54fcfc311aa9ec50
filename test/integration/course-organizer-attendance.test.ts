/**
 * Function `course`, organizer (管理端) actions at the door, through the local cloud with the real bundle and
 * wx-server-sdk: marking attendance (and correcting it after settlement), the roster with strikes, the check-in code.
 */
import { expect } from '@jest/globals'
import { checkinCode as codeFor, type StrikeDoc } from '@core/booking'
import { DAY_MS, HOUR_MS, MINUTE_MS } from '@core/time'
import { data, type TestCloud } from '../support/cloud'
import { bookingDoc, sessionDoc } from './course-booking-support'
import { arrange, auditOf, book, call, newCourse, NOW, person, putSession, startOrganizerCloud, type Row } from './course-organizer-support'

let cloud: TestCloud

beforeAll(async () => {
  cloud = await startOrganizerCloud()
})
afterAll(() => cloud.close())
// A test that moves the clock puts it back for the next.
afterEach(() => cloud.clock.set(NOW))

describe('markAttendance', () => {
  let sessionId: string
  let [a, b, c] = ['', '', '']
  beforeAll(async () => {
    // Booking stays open until the start here, so people can book a class starting in a few minutes.
    const course = await newCourse(cloud, { title: '马上开课', policy: { closesBeforeMin: 0 } })
    sessionId = putSession(cloud, course._id, NOW + 5 * MINUTE_MS, { capacity: 2 })._id
    ;[a, b, c] = [person(cloud, 'rider'), person(cloud, 'courier'), person(cloud, 'driver')]
    expect([await book(cloud, sessionId, a), await book(cloud, sessionId, b), await book(cloud, sessionId, c)]).toEqual(['confirmed', 'confirmed', 'waitlisted'])
  })

  it('present: the seat is claimed and the booking says attended', async () => {
    const res = await call(cloud, 'markAttendance', { sessionId, openid: a, attended: true })
    const entry = data(res.body).entry
    expect(entry).toMatchObject({ openid: a, status: 'attended', checkedInAt: NOW, group: 'rider' })
    expect(bookingDoc(cloud, sessionId, a)).toMatchObject({ status: 'attended', checkedInAt: entry.checkedInAt })
    expect(sessionDoc(cloud, sessionId).seats?.[a]?.checkedInAt).toBe(entry.checkedInAt)
    expect(auditOf(cloud, `bookings/${sessionId}_${a}`)).toEqual([
      expect.objectContaining({ action: 'markAttendance', detail: { sessionId, openid: a, attended: true, from: 'confirmed' } })
    ])
  })

  it('未到 waits for the start: refused before it, saying when, and nothing changes', async () => {
    const res = await call(cloud, 'markAttendance', { sessionId, openid: b, attended: false })
    expect(res.body).toEqual({ ok: false, code: 'CONFLICT', message: '还没开课，10:05 开课后才能记未到' })
    expect(bookingDoc(cloud, sessionId, b)?.status).toBe('confirmed')
    expect(sessionDoc(cloud, sessionId)).toMatchObject({ booked: 2 })
  })

  it('absent once the class has started: the seat opens for someone at the door (nobody is promoted into a class under way)', async () => {
    cloud.clock.set(NOW + 5 * MINUTE_MS)
    const entry = data((await call(cloud, 'markAttendance', { sessionId, openid: b, attended: false })).body).entry
    expect(entry).toMatchObject({ openid: b, status: 'no_show' })
    expect(bookingDoc(cloud, sessionId, b)?.status).toBe('no_show')
    expect(bookingDoc(cloud, sessionId, c)?.status).toBe('waitlisted')
    expect(sessionDoc(cloud, sessionId)).toMatchObject({ booked: 1 })
    const roster = data((await call(cloud, 'roster', { sessionId })).body).items
    expect(roster.map((e) => [e.openid, e.status])).toEqual([
      [a, 'attended'],
      [b, 'no_show'],
      [c, 'waitlisted']
    ])
  })

  it('a correction to present needs a free seat; someone waiting can take the one that opened', async () => {
    cloud.clock.set(NOW + 6 * MINUTE_MS)
    const entry = data((await call(cloud, 'markAttendance', { sessionId, openid: c, attended: true })).body).entry
    expect(entry).toMatchObject({ status: 'attended', walkIn: true })
    expect(sessionDoc(cloud, sessionId)).toMatchObject({ booked: 2, capacity: 2 })
    expect((await call(cloud, 'markAttendance', { sessionId, openid: b, attended: true })).body).toMatchObject({ ok: false, code: 'CONFLICT' })
    // Marking the same again writes nothing.
    const auditBefore = cloud.db.count('audit')
    expect(data((await call(cloud, 'markAttendance', { sessionId, openid: c, attended: true })).body).entry.status).toBe('attended')
    expect(cloud.db.count('audit')).toBe(auditBefore)
  })

  it('corrects attendance after the class was settled: strikes follow the correction', async () => {
    const course = await newCourse(cloud, { title: '昨天的课' })
    const session = putSession(cloud, course._id, NOW - DAY_MS, { capacity: 2 })
    const [here, late] = [person(cloud, 'rider'), person(cloud, 'rider')]
    const releasedAt = session.startAt + 10 * MINUTE_MS
    arrange(cloud, session, [
      { openid: here, status: 'attended' },
      { openid: late, status: 'no_show', over: { releasedAt } }
    ])
    cloud.db.update('sessions', { _id: session._id }, { $set: { releasedAt, settledAt: session.endAt } })
    const strikeId = `${session._id}_${late}`
    cloud.db.insert('strikes', [
      { _id: strikeId, openid: late, sessionId: session._id, courseId: course._id, kind: 'no_show', at: session.startAt, forgiven: false, createdAt: session.endAt, updatedAt: session.endAt }
    ])
    const present = await call(cloud, 'markAttendance', { sessionId: session._id, openid: late, attended: true })
    expect(data(present.body).entry).toMatchObject({ openid: late, status: 'attended' })
    expect(cloud.db.count('strikes', { _id: strikeId })).toBe(0)
    const absent = await call(cloud, 'markAttendance', { sessionId: session._id, openid: late, attended: false })
    expect(data(absent.body).entry).toMatchObject({ status: 'no_show' })
    expect(cloud.db.find('strikes', { _id: strikeId })[0]).toMatchObject({ kind: 'no_show', forgiven: false })
    expect(sessionDoc(cloud, session._id)).toMatchObject({ booked: 1 })
  })

  it('refuses before check-in opens and for someone without a booking', async () => {
    const later = putSession(cloud, (await newCourse(cloud, { title: '明天的课' }))._id, NOW + DAY_MS)
    arrange(cloud, later, [{ openid: a, status: 'confirmed' }])
    expect((await call(cloud, 'markAttendance', { sessionId: later._id, openid: a, attended: true })).body).toMatchObject({ ok: false, code: 'CONFLICT' })
    expect(bookingDoc(cloud, later._id, a)?.status).toBe('confirmed')
    expect((await call(cloud, 'markAttendance', { sessionId, openid: 'stranger', attended: true })).body).toMatchObject({ ok: false, code: 'NOT_FOUND', field: 'openid' })
  })
})

describe('roster', () => {
  it('lists every booking with name, group and check-in time, paging past the 100-row read limit', async () => {
    const course = await newCourse(cloud, { title: '大课' })
    const session = putSession(cloud, course._id, NOW + 2 * DAY_MS, { capacity: 150 })
    const seated = Array.from({ length: 150 }, (_, i) => person(cloud, i % 2 ? 'rider' : 'courier'))
    const waiting = Array.from({ length: 1003 }, () => person(cloud, 'driver'))
    const left = (i: number) => [10, 20, 30].includes(i)
    arrange(cloud, session, [
      ...seated.map((openid, i): Row => (i === 0 ? { openid, status: 'attended', over: { checkedInAt: NOW } } : { openid, status: 'confirmed' })),
      // Sequence numbers 1..1003; three have left the queue, so the displayed positions close up.
      ...waiting.map((openid, i): Row => (left(i) ? { openid, status: 'cancelled', leftQueue: true } : { openid, status: 'waitlisted' }))
    ])
    const res = await call(cloud, 'roster', { sessionId: session._id })
    const { session: view, items } = data(res.body)
    expect(view).toMatchObject({ _id: session._id, capacity: 150, booked: 150 })
    expect(view).not.toHaveProperty('checkinSecret')
    expect(items).toHaveLength(1153)
    // Those still expected first, then who came.
    expect(items[0]).toMatchObject({ openid: seated[1], status: 'confirmed' })
    expect(items[149]).toMatchObject({ openid: seated[0], status: 'attended', checkedInAt: NOW, group: 'courier' })
    expect(items[149].nickname).toMatch(/^学员\d+$/)
    const queue = items.filter((e) => e.status === 'waitlisted')
    expect(queue).toHaveLength(1000)
    expect(queue.map((e) => e.position)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 1))
    expect(queue.map((e) => e.openid)).toEqual(waiting.filter((_, i) => !left(i)))
    expect(items.slice(-3).map((e) => e.status)).toEqual(['cancelled', 'cancelled', 'cancelled'])
    expect(items.find((e) => e.openid === seated[1])).toMatchObject({ group: 'rider', community: '酒泉路街道', status: 'confirmed' })
    expect(items.every((e) => Array.isArray(e.strikes) && e.strikes.length === 0)).toBe(true)
    // organizer, session with its course, two pages of bookings, two chunks of profiles, everyone's strikes.
    expect(res.dbOps).toBe(7)
  })

  it('shows each person the strikes that still count, from any class, so the organizer can forgive them', async () => {
    const course = await newCourse(cloud, { title: '爽约记录课' })
    const session = putSession(cloud, course._id, NOW + 2 * DAY_MS)
    const [late, clean] = [person(cloud, 'rider'), person(cloud, 'courier')]
    arrange(cloud, session, [{ openid: late, status: 'confirmed' }, { openid: clean, status: 'confirmed' }])
    const strike = (n: number, kind: StrikeDoc['kind'], daysAgo: number, over: Partial<StrikeDoc> = {}): StrikeDoc => ({
      _id: `old-${n}-${session._id}_${late}`,
      openid: late,
      sessionId: `old-${n}-${session._id}`,
      courseId: course._id,
      kind,
      at: NOW - daysAgo * DAY_MS,
      forgiven: false,
      createdAt: NOW - daysAgo * DAY_MS,
      updatedAt: NOW - daysAgo * DAY_MS,
      ...over
    })
    cloud.db.insert('strikes', [
      strike(1, 'no_show', 3),
      strike(2, 'late_cancel', 10),
      strike(3, 'no_show', 40),
      strike(4, 'no_show', 5, { forgiven: true, forgivenReason: 'seat_taken', forgivenAt: NOW })
    ])
    const read = async () => data((await call(cloud, 'roster', { sessionId: session._id })).body).items
    const first = await read()
    expect(first.find((e) => e.openid === late)?.strikes).toEqual([
      { _id: `old-1-${session._id}_${late}`, kind: 'no_show', at: NOW - 3 * DAY_MS, sessionId: `old-1-${session._id}`, courseId: course._id },
      { _id: `old-2-${session._id}_${late}`, kind: 'late_cancel', at: NOW - 10 * DAY_MS, sessionId: `old-2-${session._id}`, courseId: course._id }
    ])
    expect(first.find((e) => e.openid === clean)?.strikes).toEqual([])

    await call(cloud, 'forgiveStrike', { strikeId: `old-1-${session._id}_${late}` })
    const after = await read()
    expect(after.find((e) => e.openid === late)?.strikes?.map((s) => s.kind)).toEqual(['late_cancel'])
  })

  it('answers NOT_FOUND for an unknown session', async () => {
    expect((await call(cloud, 'roster', { sessionId: 'nope' })).body).toMatchObject({ ok: false, code: 'NOT_FOUND', field: 'sessionId' })
  })
})

describe('checkinCode', () => {
  it('shows the rotating code of the session key, its QR text and the check-in window', async () => {
    const course = await newCourse(cloud, { title: '签到课' })
    const session = putSession(cloud, course._id, NOW + 5 * MINUTE_MS)
    // Mid-minute: the code is this minute's, the screen refreshes on the next whole minute, and it is accepted a minute more.
    cloud.clock.set(NOW + 25_000)
    const res = await call(cloud, 'checkinCode', { sessionId: session._id })
    const out = data(res.body)
    if (out.phase !== 'open') throw new Error(`expected an open check-in, got ${out.phase}`)
    expect(out.code).toBe(codeFor(session.checkinSecret, session._id, NOW + 25_000))
    expect(out.payload).toBe(`youlin-checkin:1:${session._id}:${out.code}`)
    expect([out.refreshAt, out.validUntil]).toEqual([NOW + MINUTE_MS, NOW + 2 * MINUTE_MS])
    expect(out).toMatchObject({
      title: '测试课',
      startAt: session.startAt,
      endAt: session.endAt,
      opensAt: session.startAt - 15 * MINUTE_MS,
      closesAt: session.startAt + 15 * MINUTE_MS
    })
    expect(JSON.stringify(out)).not.toContain(session.checkinSecret)
    expect(res.dbOps).toBe(2)
  })

  it('gives no code before check-in opens or after it closes, only which class, which day and when', async () => {
    const course = await newCourse(cloud, { title: '签到窗口课' })
    const tomorrow = putSession(cloud, course._id, NOW + DAY_MS)
    const before = data((await call(cloud, 'checkinCode', { sessionId: tomorrow._id })).body)
    expect(before).toEqual({
      phase: 'not-yet',
      title: '测试课',
      startAt: tomorrow.startAt,
      endAt: tomorrow.endAt,
      opensAt: tomorrow.startAt - 15 * MINUTE_MS,
      closesAt: tomorrow.startAt + 15 * MINUTE_MS
    })
    const lastWeek = putSession(cloud, course._id, NOW - 7 * DAY_MS)
    expect(data((await call(cloud, 'checkinCode', { sessionId: lastWeek._id })).body)).toMatchObject({ phase: 'over', startAt: lastWeek.startAt })
    // The window's edges: open from 15 minutes before the start, over 15 minutes after it.
    cloud.clock.set(tomorrow.startAt - 15 * MINUTE_MS)
    const open = data((await call(cloud, 'checkinCode', { sessionId: tomorrow._id })).body)
    expect(open.phase === 'open' && open.code).toMatch(/^\d{6}$/)
    cloud.clock.set(tomorrow.startAt + 15 * MINUTE_MS)
    expect(data((await call(cloud, 'checkinCode', { sessionId: tomorrow._id })).body)).not.toHaveProperty('code')
  })

  it('has no code for a cancelled session', async () => {
    const session = putSession(cloud, (await newCourse(cloud, { title: '取消的课' }))._id, NOW + HOUR_MS, { status: 'cancelled' })
    expect((await call(cloud, 'checkinCode', { sessionId: session._id })).body).toMatchObject({ ok: false, code: 'CHECKIN_CLOSED' })
  })
})
