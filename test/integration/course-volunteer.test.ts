/**
 * Volunteer activities (善治合伙人) through the local cloud: an activity is a course with kind 'volunteer', so signing
 * up is `book` with its capacity and waitlist, checking in is `checkin` with the door code; what is new is the
 * organizer's check-out, which records the minutes served on the booking (clamped to the slot, quarter hours,
 * idempotent), 我的志愿's sums, and that course lists and volunteer lists never mix. Scoping: another centre's
 * organizer is refused.
 */
import { expect } from '@jest/globals'
import { checkinCode, type BookingDoc } from '@core/booking'
import { DAY_MS, HOUR_MS, MINUTE_MS } from '@core/time'
import { startTestCloud, type TestCloud } from '../support/cloud'
import { WEDNESDAY_10_00 } from '../support/instants'
import { LIMIT_REQUESTS } from '../support/write-limits'
import { addCourse, addSession, bookingDoc, call, data } from './course-booking-support'
import { addActivity, addSlot } from './course-volunteer-support'

const NOW = WEDNESDAY_10_00
const ORGANIZER = 'demo-organizer'

let cloud: TestCloud

beforeAll(async () => {
  cloud = await startTestCloud({ at: NOW, seed: true, functions: ['course'] })
})
afterAll(() => cloud.close())
afterEach(() => cloud.clock.set(NOW))

const auditCount = (): number => cloud.db.count('audit')

describe('我的志愿', () => {
  it("sums the caller's recorded hours (the demo's, before the tests below add any), all time and this year, with what and where", async () => {
    const res = await call(cloud, 'myVolunteering', {}, 'demo-rider')
    const mine = data(res.body)
    const stored = cloud.db.find<BookingDoc>('bookings', { openid: 'demo-rider', status: 'attended', volunteerMinutes: { $gt: 0 } })
    expect(stored.length).toBeGreaterThan(0)
    expect(mine.totalMinutes).toBe(stored.reduce((n, b) => n + (b.volunteerMinutes ?? 0), 0))
    expect(mine.items).toHaveLength(stored.length)
    expect(mine.items[0]).toMatchObject({ title: expect.any(String), venueName: expect.stringMatching(/皋兰路|科技创新园/) })
    expect(mine.items.map((i) => i.startAt)).toEqual([...mine.items.map((i) => i.startAt)].sort((a, b) => b - a))
    expect(res.dbOps).toBe(3)
    const none = await call(cloud, 'myVolunteering', {}, 'demo-resident')
    expect(data(none.body)).toEqual({ totalMinutes: 0, yearMinutes: 0, items: [] })
    expect(none.dbOps).toBe(1)
  })
})

describe('courses and volunteer activities are listed apart', () => {
  it('listSessions and listCourses show courses unless asked for volunteer activities', async () => {
    const sessions = data((await call(cloud, 'listSessions', {})).body).items
    expect(sessions.length).toBeGreaterThan(0)
    expect(sessions.every((s) => s.kind === undefined && s.courseId.startsWith('course-'))).toBe(true)
    const slots = data((await call(cloud, 'listSessions', { kind: 'volunteer', to: NOW + 7 * DAY_MS })).body).items
    expect(slots.length).toBeGreaterThan(0)
    expect(slots.every((s) => s.kind === 'volunteer')).toBe(true)
    expect(new Set(slots.map((s) => s.venueId))).toEqual(new Set(['venue-gaolanlu', 'venue-kejiyuan', 'venue-xigu', 'venue-youlin']))

    const courses = data((await call(cloud, 'listCourses', {})).body).items
    expect(courses.some((c) => c.kind === 'volunteer')).toBe(false)
    const activities = data((await call(cloud, 'listCourses', { kind: 'volunteer' })).body).items
    expect(activities.map((c) => c.category).sort()).toEqual(['平安建设', '平安建设', '文明宣传', '城市环境', '助老扶弱', '赛事保障'].sort())
    expect(activities.every((c) => c.upcomingSessions > 0)).toBe(true)
  })

  it("the organizer's own list has both kinds", async () => {
    const items = data((await call(cloud, 'listAllCourses', {}, ORGANIZER)).body).items
    expect(items.some((c) => c.kind === 'volunteer')).toBe(true)
    expect(items.some((c) => c.kind !== 'volunteer')).toBe(true)
    expect(items.every((c) => c.venueId === 'venue-youlin')).toBe(true)
  })
})

describe('publishing an activity', () => {
  const activity = {
    kind: 'volunteer' as const,
    title: '文明交通劝导',
    category: '文明宣传' as const,
    description: '路口劝导文明出行。',
    cover: '',
    instructor: '友邻空间',
    venueId: 'venue-youlin'
  }

  it('takes volunteer categories for activities and course categories for courses, nothing across', async () => {
    const wrong = await call(cloud, 'saveCourse', { ...activity, category: '文化' }, ORGANIZER)
    expect(wrong.body).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'category', message: '请选择志愿活动的类别' })
    const course = await call(cloud, 'saveCourse', { ...activity, kind: 'course' }, ORGANIZER)
    expect(course.body).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'category', message: '请选择课程类别' })

    const saved = data((await call(cloud, 'saveCourse', activity, ORGANIZER)).body).course
    expect(saved).toMatchObject({ kind: 'volunteer', category: '文明宣传' })
    // An edit that leaves the kind out keeps it, and is checked against it.
    const { kind: _kind, ...edit } = activity
    const edited = await call(cloud, 'saveCourse', { ...edit, courseId: saved._id, category: '健康' }, ORGANIZER)
    expect(edited.body).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'category' })

    const made = data(
      (
        await call(
          cloud,
          'generateSessions',
          { courseId: saved._id, rule: { weekdays: [6], startTime: '10:00', durationMin: 120, from: '2026-11-26', until: '2026-12-06', capacity: 8 } },
          ORGANIZER
        )
      ).body
    )
    expect(made.created).toBe(2)
    expect(made.sessions.every((s) => s.kind === 'volunteer' && s.category === '文明宣传')).toBe(true)
    const listed = data((await call(cloud, 'listSessions', { kind: 'volunteer', courseId: saved._id })).body).items
    expect(listed).toHaveLength(2)
    expect(data((await call(cloud, 'listSessions', { courseId: saved._id })).body).items).toHaveLength(0)
  })
})

describe('signing up, checking in and out', () => {
  it('sign-up is booking: a full slot puts the next volunteer on the waitlist', async () => {
    const slot = addSlot(cloud, addActivity(cloud), { startsIn: 2 * DAY_MS, capacity: 1 })
    const first = data((await call(cloud, 'book', { sessionId: slot._id }, 'demo-rider')).body).booking
    const second = data((await call(cloud, 'book', { sessionId: slot._id }, 'demo-courier')).body).booking
    expect([first.status, second.status, second.position]).toEqual(['confirmed', 'waitlisted', 1])
  })

  it('check-in with the door code, then the organizer checks out: minutes from the start, rounded, recorded once', async () => {
    const slot = addSlot(cloud, addActivity(cloud), { startsIn: 10 * MINUTE_MS, minutes: 120, seated: ['demo-rider'] })
    const checked = await call(cloud, 'checkin', { sessionId: slot._id, code: checkinCode(slot.checkinSecret, slot._id, NOW) }, 'demo-rider')
    expect(data(checked.body).booking).toMatchObject({ status: 'attended', checkedInAt: NOW })

    // Too early: the activity has not started.
    const early = await call(cloud, 'checkOut', { sessionId: slot._id, openid: 'demo-rider' }, ORGANIZER)
    expect(early.body).toMatchObject({ ok: false, code: 'CONFLICT' })

    // 67 minutes after the start (check-in 10 minutes before it does not count): 60 minutes.
    cloud.clock.set(slot.startAt + 67 * MINUTE_MS)
    const audits = auditCount()
    const out = await call(cloud, 'checkOut', { sessionId: slot._id, openid: 'demo-rider' }, ORGANIZER)
    expect(data(out.body).entry).toMatchObject({ status: 'attended', checkedOutAt: slot.startAt + 67 * MINUTE_MS, volunteerMinutes: 60 })
    expect(out.dbOps).toBe(6 + LIMIT_REQUESTS.later)
    expect(bookingDoc(cloud, slot._id, 'demo-rider')).toMatchObject({ checkedOutAt: slot.startAt + 67 * MINUTE_MS, volunteerMinutes: 60 })
    expect(auditCount()).toBe(audits + 1)

    // Again, later: nothing changes, nothing is audited.
    cloud.clock.set(slot.endAt + HOUR_MS)
    const again = await call(cloud, 'checkOut', { sessionId: slot._id, openid: 'demo-rider' }, ORGANIZER)
    expect(data(again.body).entry).toMatchObject({ volunteerMinutes: 60 })
    expect(auditCount()).toBe(audits + 1)

    // A corrected time past the end counts up to the end.
    const corrected = await call(cloud, 'checkOut', { sessionId: slot._id, openid: 'demo-rider', at: slot.endAt + 30 * MINUTE_MS }, ORGANIZER)
    expect(data(corrected.body).entry).toMatchObject({ volunteerMinutes: 120 })
    expect(auditCount()).toBe(audits + 2)
  })

  it('someone not checked in, and a course, get no hours', async () => {
    const slot = addSlot(cloud, addActivity(cloud), { startsIn: -HOUR_MS, seated: ['demo-courier'] })
    const notIn = await call(cloud, 'checkOut', { sessionId: slot._id, openid: 'demo-courier' }, ORGANIZER)
    expect(notIn.body).toMatchObject({ ok: false, code: 'CONFLICT', field: 'openid' })

    const course = addCourse(cloud)
    const cls = addSession(cloud, course, { startsIn: -HOUR_MS })
    const present = addSlot(cloud, course, { startsIn: -2 * HOUR_MS, present: { 'demo-rider': NOW - 2 * HOUR_MS }, fields: { kind: undefined } })
    for (const sessionId of [cls._id, present._id]) {
      const res = await call(cloud, 'checkOut', { sessionId, openid: 'demo-rider' }, ORGANIZER)
      expect(res.body).toMatchObject({ ok: false, code: 'CONFLICT', message: '只有志愿活动需要签退记录时长' })
    }
    expect(bookingDoc(cloud, present._id, 'demo-rider')?.volunteerMinutes).toBeUndefined()
    const all = await call(cloud, 'checkOutAll', { sessionId: present._id }, ORGANIZER)
    expect(all.body).toMatchObject({ ok: false, code: 'CONFLICT' })
  })

  it('checkOutAll checks out everyone present who is not yet, in one tap', async () => {
    const slot = addSlot(cloud, addActivity(cloud), {
      startsIn: -2 * HOUR_MS,
      minutes: 90,
      seated: ['demo-resident'],
      present: { 'demo-rider': NOW - 2 * HOUR_MS - 5 * MINUTE_MS, 'demo-courier': NOW - 2 * HOUR_MS + 30 * MINUTE_MS }
    })
    const res = await call(cloud, 'checkOutAll', { sessionId: slot._id }, ORGANIZER)
    const out = data(res.body)
    expect(out.checkedOut).toBe(2)
    const minutes = Object.fromEntries(out.items.map((e) => [e.openid, e.volunteerMinutes]))
    expect(minutes).toEqual({ 'demo-rider': 90, 'demo-courier': 60 })
    expect(bookingDoc(cloud, slot._id, 'demo-resident')?.volunteerMinutes).toBeUndefined()
    const again = data((await call(cloud, 'checkOutAll', { sessionId: slot._id }, ORGANIZER)).body)
    expect(again.checkedOut).toBe(0)

    // Corrected to absent: the hours go with the check-in.
    const absent = await call(cloud, 'markAttendance', { sessionId: slot._id, openid: 'demo-courier', attended: false }, ORGANIZER)
    expect(data(absent.body).entry).toMatchObject({ status: 'no_show' })
    const stored = bookingDoc(cloud, slot._id, 'demo-courier')
    expect([stored?.status, stored?.checkedOutAt, stored?.volunteerMinutes]).toEqual(['no_show', undefined, undefined])
  })

  it("another centre's organizer is refused and nothing is written", async () => {
    const slot = addSlot(cloud, addActivity(cloud, { venueId: 'venue-gaolanlu' }), { startsIn: -HOUR_MS, present: { 'demo-rider': NOW - HOUR_MS } })
    const before = bookingDoc(cloud, slot._id, 'demo-rider')
    const audits = auditCount()
    for (const res of [
      await call(cloud, 'checkOut', { sessionId: slot._id, openid: 'demo-rider' }, ORGANIZER),
      await call(cloud, 'checkOutAll', { sessionId: slot._id }, ORGANIZER)
    ]) {
      expect(res.body).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    }
    expect(bookingDoc(cloud, slot._id, 'demo-rider')).toEqual(before)
    expect(auditCount()).toBe(audits)
    expect(data((await call(cloud, 'checkOut', { sessionId: slot._id, openid: 'demo-rider' }, 'demo-admin')).body).entry.volunteerMinutes).toBe(60)
  })
})

