/**
 * Function `course`, organizer (管理端) actions, through the local cloud with the real bundle and wx-server-sdk:
 * courses, session generation in Asia/Shanghai, roster, check-in code, xlsx export, stats, lottery, strikes, and
 * who may do any of it. Runs under TZ=UTC and TZ=Asia/Shanghai alike (the function's answers must not change).
 */
import ExcelJS from 'exceljs'
import type { ActionInput } from '@core/api'
import type { ExportRosterOutput, RecurrenceRule, SaveCourseInput, SaveCourseOutput } from '@core/api/course'
import {
  checkinCode as codeFor,
  drawLottery,
  lotterySeed,
  newSessionDoc,
  sessionIdFor,
  verifyDraw,
  type BookingDoc,
  type BookingStatus,
  type SeatEntry,
  type SessionDoc,
  type StrikeDoc
} from '@core/booking'
import { DAY_MS, HOUR_MS, MINUTE_MS, atWallClock, dateKey } from '@core/time'
import { data, startTestCloud, type TestCloud } from '../support/cloud'
import type { CourseAction } from './course-booking-support'

/** The actions only organizers may use. */
type OrganizerAction = Exclude<CourseAction, 'listSessions' | 'book' | 'cancel' | 'myBookings' | 'subscribeTemplates' | 'listCourses' | 'getCourse' | 'listVenues' | 'checkin' | 'confirmHold'>

let cloud: TestCloud

beforeAll(async () => {
  cloud = await startTestCloud({ seed: true })
})
afterAll(() => cloud.close())

const ORGANIZER = 'demo-organizer'

const call = <A extends CourseAction>(action: A, input: ActionInput<'course', A>, openid: string = ORGANIZER) =>
  cloud.call('course', action, input, openid)
/** For events the contract forbids. */
const callUntyped = (action: string, input: object, openid: string = ORGANIZER) => cloud.callUntyped('course', { action, ...input }, openid)

const auditOf = (target: string) => cloud.db.find('audit', { target })

const baseCourse: SaveCourseInput = {
  title: '书法入门',
  category: '文化',
  description: '从握笔开始，一起写好楷书。',
  cover: '',
  instructor: '马老师',
  venueId: 'venue-youlin'
}

async function newCourse(over: Partial<SaveCourseInput> = {}): Promise<SaveCourseOutput['course']> {
  return data((await call('saveCourse', { ...baseCourse, ...over })).body).course
}

let people = 0
/** A user with a profile, inserted directly (the roster and stats read nickname/group/community). */
function person(group: string, community = '酒泉路街道'): string {
  const openid = `p-${++people}-${group}`
  cloud.db.insert('users', [
    { _id: openid, nickname: `学员${people}`, avatarUrl: '', group, community, freeTimes: [], roles: [], strikes: 0, createdAt: 1, updatedAt: 1 }
  ])
  return openid
}

/** A stored session of `courseId` starting at `startAt`, made the way generation makes them. */
function putSession(courseId: string, startAt: number, over: Partial<SessionDoc> = {}): SessionDoc {
  const planned = { _id: sessionIdFor(courseId, startAt), courseId, startAt, endAt: startAt + 90 * MINUTE_MS, capacity: 10 }
  const doc: SessionDoc = {
    ...newSessionDoc(planned, { title: '测试课', category: '文化', venueId: 'venue-youlin' }, 'secret-' + planned._id, 1),
    ...over
  }
  cloud.db.insert('sessions', [doc])
  return doc
}

interface Row {
  openid: string
  status: BookingStatus
  /** A cancelled row that had a waitlist place (its sequence number stays used). */
  leftQueue?: boolean
  over?: Partial<BookingDoc>
}

/**
 * Stores bookings and makes the session agree with them, as seats.ts keeps it: seat holders in `seats`, the waitlist
 * in `queue` (in row order), the counters. For states no API call can reach from here (a class in the past).
 */
function arrange(session: SessionDoc, rows: Row[]): BookingDoc[] {
  const seats: Record<string, SeatEntry> = { ...(session.seats ?? {}) }
  const queue: string[] = [...(session.queue ?? [])]
  let entrants = 0
  const docs = rows.map(({ openid, status, leftQueue, over = {} }, i): BookingDoc => {
    const doc: BookingDoc = {
      _id: `${session._id}_${openid}`,
      sessionId: session._id,
      courseId: session.courseId,
      openid,
      status,
      startAt: session.startAt,
      endAt: session.endAt,
      createdAt: session.startAt - DAY_MS + i,
      updatedAt: session.startAt - DAY_MS + i,
      ...over
    }
    if (status === 'confirmed' || status === 'held' || status === 'attended') {
      seats[openid] = { at: doc.createdAt }
      if (status === 'attended') seats[openid].checkedInAt = doc.checkedInAt ?? session.startAt
      if (status === 'held') seats[openid].holdUntilAt = doc.holdUntilAt
    } else if (status === 'waitlisted' && doc.lottery === 'entered') {
      entrants++
    } else if (status === 'waitlisted') {
      queue.push(openid)
      doc.position = queue.length
    } else if (leftQueue) {
      queue.push('')
    }
    return doc
  })
  cloud.db.insert('bookings', docs)
  const session$ = {
    seats,
    queue,
    booked: Object.keys(seats).length,
    waitlisted: queue.filter((o) => o !== '').length + entrants + (session.waitlisted - (session.queue ?? []).filter((o) => o !== '').length),
    waitlistSeq: queue.length
  }
  cloud.db.update('sessions', { _id: session._id }, { $set: session$ })
  Object.assign(session, session$)
  return docs
}

/** Shanghai weekday (1 = Monday) of an instant, computed without the code under test. */
const shanghaiWeekday = (at: number): number => ((new Date(at + 8 * HOUR_MS).getUTCDay() + 6) % 7) + 1

const now0 = Date.now()
/** A Shanghai calendar date `days` from today. */
const day = (days: number): string => dateKey(now0 + days * DAY_MS)

describe('who may use the organizer actions', () => {
  let courseId: string
  let sessionId: string
  beforeAll(async () => {
    courseId = (await newCourse({ title: '权限测试课' }))._id
    sessionId = putSession(courseId, now0 + 3 * DAY_MS)._id
  })

  /** A valid input of every organizer action (checked against the contract), so only the caller is wrong. */
  const inputs = (): { [A in OrganizerAction]: ActionInput<'course', A> } => ({
    saveCourse: baseCourse,
    generateSessions: { courseId, rule: { weekdays: [2], startTime: '19:00', durationMin: 90, from: day(1), until: day(20), capacity: 10 } },
    updateSession: { sessionId, capacity: 5 },
    cancelSession: { sessionId, reason: '老师生病' },
    roster: { sessionId },
    markAttendance: { sessionId, openid: 'demo-courier', attended: true },
    checkinCode: { sessionId },
    exportRoster: { courseId },
    courseStats: { courseId },
    drawLottery: { sessionId },
    forgiveStrike: { strikeId: `${sessionId}_demo-rider` },
    listAllCourses: {}
  })

  it('refuses an ordinary user (FORBIDDEN) and a caller without identity (UNAUTHENTICATED), writing nothing', async () => {
    const before = { audit: cloud.db.count('audit'), courses: cloud.db.count('courses'), sessions: cloud.db.find('sessions', { _id: sessionId }) }
    for (const [action, input] of Object.entries(inputs())) {
      // The loop loses which input belongs to which action; the table above was checked.
      const rider = await cloud.callUntyped('course', { action, ...input }, 'demo-rider')
      expect([action, rider.body]).toEqual([action, { ok: false, code: 'FORBIDDEN', message: '只有服务中心的组织者可以这样做' }])
      // The one read is the caller's own account.
      expect([action, rider.dbOps]).toEqual([action, 1])
      const anonymous = await cloud.callUntyped('course', { action, ...input })
      expect([action, anonymous.body]).toMatchObject([action, { ok: false, code: 'UNAUTHENTICATED' }])
    }
    expect(cloud.db.count('audit')).toBe(before.audit)
    expect(cloud.db.count('courses')).toBe(before.courses)
    expect(cloud.db.find('sessions', { _id: sessionId })).toEqual(before.sessions)
  })
})

describe('listAllCourses', () => {
  it('lists archived courses too, after the active ones, so the organizer can reopen one; riders only see active ones', async () => {
    const shelved = await newCourse({ title: '已停课的剪纸' })
    await call('saveCourse', { ...baseCourse, courseId: shelved._id, title: '已停课的剪纸', status: 'archived' })
    const res = await call('listAllCourses', {})
    const items = data(res.body).items
    expect(items.find((c) => c._id === shelved._id)).toMatchObject({ status: 'archived', venueName: '友邻空间' })
    const firstArchived = items.findIndex((c) => c.status === 'archived')
    expect(items.slice(firstArchived).every((c) => c.status === 'archived')).toBe(true)
    expect(items.filter((c) => c.status === 'active').length).toBe(cloud.db.count('courses', { status: 'active' }))
    expect(res.dbOps).toBe(4)

    const publicList = data((await call('listCourses', {}, 'demo-rider')).body).items
    expect(publicList.map((c) => c._id)).not.toContain(shelved._id)
    expect((await call('listAllCourses', {}, 'demo-rider')).body).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    // Unknown fields are refused rather than quietly widening the public list.
    expect((await callUntyped('listCourses', { includeArchived: true }, 'demo-rider')).body).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
  })
})

describe('saveCourse', () => {
  it('creates a course with the default policy filled in, and records who did it', async () => {
    const res = await call('saveCourse', { ...baseCourse, title: ' 瑜伽 ', category: '健康', policy: { weeklyLimit: 2 } })
    const course = data(res.body).course
    expect(course).toMatchObject({ title: '瑜伽', category: '健康', venueId: 'venue-youlin', status: 'active' })
    expect(course.policy).toMatchObject({ weeklyLimit: 2, opensBeforeH: 168, closesBeforeMin: 30, waitlist: true })
    expect(course.policy.lottery).toBeUndefined()
    expect(cloud.db.find('courses', { _id: course._id })[0]).toEqual(course)
    expect(auditOf(`courses/${course._id}`)).toEqual([
      expect.objectContaining({ actor: ORGANIZER, fn: 'course', action: 'saveCourse', detail: expect.objectContaining({ created: true }) })
    ])
    // organizer + venue reads, the insert, the audit entry.
    expect(res.dbOps).toBe(4)
  })

  it('edits: replaces the policy (a removed lottery is gone) and renames the course on its sessions too', async () => {
    const course = await newCourse({ title: '朗诵', policy: { lottery: { closesBeforeH: 24 } } })
    expect(course.policy.lottery).toEqual({ closesBeforeH: 24 })
    const session = putSession(course._id, now0 + 5 * DAY_MS, { title: '朗诵' })
    const edited = data(
      (await call('saveCourse', { ...baseCourse, courseId: course._id, title: '经典朗诵', policy: { maxUpcoming: 3 } })).body
    ).course
    expect(edited).toMatchObject({ _id: course._id, title: '经典朗诵', createdAt: course.createdAt })
    const stored = cloud.db.find('courses', { _id: course._id })[0]
    expect(stored.policy.lottery).toBeUndefined()
    expect(stored.policy.maxUpcoming).toBe(3)
    expect(stored).toEqual(edited)
    expect(cloud.db.find('sessions', { _id: session._id })[0].title).toBe('经典朗诵')
    expect(auditOf(`courses/${course._id}`).map((a) => a.detail.created)).toEqual([true, false])
  })

  it('will not switch a lottery off while people wait for its draw', async () => {
    const course = await newCourse({ title: '热门咖啡课', policy: { lottery: { closesBeforeH: 24 } } })
    const session = putSession(course._id, now0 + 4 * DAY_MS)
    arrange(session, [{ openid: person('rider'), status: 'waitlisted', over: { lottery: 'entered' } }])
    const res = await call('saveCourse', { ...baseCourse, courseId: course._id, policy: {} })
    expect(res.body).toMatchObject({ ok: false, code: 'CONFLICT', field: 'policy' })
    expect(res.body.ok ? '' : res.body.message).toContain('1人在等待抽签')
    expect(cloud.db.find('courses', { _id: course._id })[0].policy.lottery).toEqual({ closesBeforeH: 24 })
  })

  it('rejects an unknown venue or course and an inconsistent policy, writing nothing', async () => {
    const before = cloud.db.count('courses')
    expect((await call('saveCourse', { ...baseCourse, venueId: 'venue-nowhere' })).body).toEqual({
      ok: false,
      code: 'NOT_FOUND',
      message: '所选服务中心不存在',
      field: 'venueId'
    })
    expect((await call('saveCourse', { ...baseCourse, courseId: 'no-such-course' })).body).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
      field: 'courseId'
    })
    const policy = await call('saveCourse', { ...baseCourse, policy: { opensBeforeH: 1, closesBeforeMin: 90 } })
    expect(policy.body).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'policy.closesBeforeMin' })
    expect(policy.dbOps).toBe(0)
    expect((await callUntyped('saveCourse', { ...baseCourse, category: '体育' })).body).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'category' })
    expect(cloud.db.count('courses')).toBe(before)
  })
})

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
      const at = atWallClock(day(d), '19:00')
      if ([2, 4].includes(shanghaiWeekday(at))) out.push(at)
    }
    return out
  }

  it('makes Tue/Thu 19:00 Shanghai sessions (11:00 UTC) with deterministic ids and their own check-in keys', async () => {
    const course = await newCourse({ title: '周二周四书法' })
    const res = await call('generateSessions', { courseId: course._id, rule: rule(day(1), day(21)) })
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
      expect(s._id).toBe(`${course._id}-${dateKey(s.startAt).replace(/-/g, '')}1900`)
      expect(s).not.toHaveProperty('checkinSecret')
    }
    const stored = cloud.db.find('sessions', { courseId: course._id })
    expect(stored).toHaveLength(expected.length)
    const secrets = stored.map((s: SessionDoc) => s.checkinSecret)
    for (const secret of secrets) expect(secret).toMatch(/^[0-9a-f]{32}$/)
    expect(new Set(secrets).size).toBe(secrets.length)
    expect(JSON.stringify(res.body)).not.toContain(secrets[0])
    expect(auditOf(`courses/${course._id}`).filter((a) => a.action === 'generateSessions')).toEqual([
      expect.objectContaining({ actor: ORGANIZER, detail: expect.objectContaining({ created: expected.length, existing: 0, past: 0 }) })
    ])
    // organizer, course, stored ids, one batch insert, the audit entry.
    expect(res.dbOps).toBe(5)
  })

  it('is idempotent: generating again creates nothing and leaves stored sessions untouched; past dates are skipped', async () => {
    const course = await newCourse({ title: '重复排课' })
    const first = data((await call('generateSessions', { courseId: course._id, rule: rule(day(1), day(14)) })).body)
    const storedBefore = cloud.db.find('sessions', { courseId: course._id })
    const again = data((await call('generateSessions', { courseId: course._id, rule: rule(day(1), day(14)) })).body)
    expect(again).toMatchObject({ created: 0, existing: first.created, past: 0 })
    expect(again.sessions.map((s) => s._id)).toEqual(first.sessions.map((s) => s._id))
    expect(cloud.db.find('sessions', { courseId: course._id })).toEqual(storedBefore)

    // A wider range reaching back two weeks: the old days are past, the known ones existing, the rest new.
    const wider = data((await call('generateSessions', { courseId: course._id, rule: rule(day(-14), day(28)) })).body)
    const past = tueThu(-14, 0).filter((at) => at <= Date.now()).length
    expect(wider).toMatchObject({ existing: first.created, past, created: tueThu(-14, 28).length - past - first.created })
    expect(cloud.db.count('sessions', { courseId: course._id })).toBe(first.created + wider.created)
  })

  it('concurrent generations of one rule create each session once', async () => {
    const course = await newCourse({ title: '并发排课' })
    const replies = await Promise.all(
      Array.from({ length: 6 }, () => call('generateSessions', { courseId: course._id, rule: rule(day(1), day(60)) }))
    )
    const outs = replies.map((r) => data(r.body))
    const expected = tueThu(1, 60).length
    expect(outs.reduce((sum, o) => sum + o.created, 0)).toBe(expected)
    for (const o of outs) expect(o.created + o.existing).toBe(expected)
    expect(cloud.db.count('sessions', { courseId: course._id })).toBe(expected)
  })

  it('refuses a rule that is malformed or a course that is archived', async () => {
    const course = await newCourse({ title: '停课的课', status: 'archived' })
    expect((await call('generateSessions', { courseId: course._id, rule: rule(day(1), day(7)) })).body).toMatchObject({
      ok: false,
      code: 'CONFLICT'
    })
    expect((await call('generateSessions', { courseId: course._id, rule: rule(day(7), day(1)) })).body).toMatchObject({
      ok: false,
      code: 'INVALID_INPUT',
      message: '结束日期不能早于开始日期'
    })
    expect((await call('generateSessions', { courseId: 'ghost', rule: rule(day(1), day(7)) })).body).toMatchObject({ ok: false, code: 'NOT_FOUND' })
    expect(cloud.db.count('sessions', { courseId: course._id })).toBe(0)
  })
})

/** Books through the API, as the person would (subscribed to all three templates). */
async function book(sessionId: string, openid: string): Promise<BookingDoc['status']> {
  const res = await cloud.call('course', 'book', { sessionId, subscribe: ['confirmed', 'reminder', 'promoted'] }, openid)
  return data(res.body).booking.status
}

const bookingOf = (sessionId: string, openid: string): BookingDoc => cloud.db.find('bookings', { _id: `${sessionId}_${openid}` })[0]
const sessionDoc = (sessionId: string): SessionDoc => cloud.db.find('sessions', { _id: sessionId })[0]

describe('updateSession', () => {
  let sessionId: string
  let people5: string[]
  beforeAll(async () => {
    const course = await newCourse({ title: '改时间的课' })
    sessionId = putSession(course._id, atWallClock(day(3), '19:00'), { capacity: 3 })._id
    people5 = Array.from({ length: 5 }, () => person('courier'))
    for (const openid of people5) await book(sessionId, openid)
  })

  it('will not drop the seats below the people holding one', async () => {
    const res = await call('updateSession', { sessionId, capacity: 2 })
    expect(res.body).toEqual({ ok: false, code: 'CONFLICT', message: '已有3人占了座位，名额不能少于3人', field: 'capacity' })
    expect(sessionDoc(sessionId)).toMatchObject({ capacity: 3, booked: 3 })
  })

  it('gives added seats to the waitlist at once', async () => {
    const res = await call('updateSession', { sessionId, capacity: 4 })
    const out = data(res.body)
    expect(out.session).toMatchObject({ capacity: 4, booked: 4, seatsLeft: 0, waitlisted: 1 })
    expect(out.notified).toBe(0)
    expect(bookingOf(sessionId, people5[3]).status).toBe('confirmed')
    expect(bookingOf(sessionId, people5[4])).toMatchObject({ status: 'waitlisted', position: 2 })
    expect(Object.keys(sessionDoc(sessionId).seats ?? {}).sort()).toEqual(people5.slice(0, 4).sort())
  })

  it('moves the class: bookings get the new time and everyone with a seat or a place a notice', async () => {
    await cloud.call('course', 'cancel', { sessionId }, people5[0])
    const startAt = atWallClock(day(3), '20:00')
    const res = await call('updateSession', { sessionId, startAt, endAt: startAt + HOUR_MS, note: '改到八点' })
    const out = data(res.body)
    expect(out.session).toMatchObject({ _id: sessionId, startAt, endAt: startAt + HOUR_MS, note: '改到八点' })
    expect(out.notified).toBe(4)
    for (const openid of people5) expect(bookingOf(sessionId, openid)).toMatchObject({ startAt, endAt: startAt + HOUR_MS })
    for (const openid of people5.slice(1)) {
      expect(bookingOf(sessionId, openid).notices).toEqual(expect.arrayContaining([{ kind: 'changed', at: expect.any(Number) }]))
    }
    expect(bookingOf(sessionId, people5[0]).notices ?? []).not.toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'changed' })]))
    const entries = auditOf(`sessions/${sessionId}`).filter((a) => a.action === 'updateSession')
    expect(entries).toHaveLength(2)
    expect(entries[1].detail).toMatchObject({ before: { startAt: atWallClock(day(3), '19:00') }, after: { startAt, note: '改到八点' }, notified: 4 })
  })

  it('refuses a start in the past, a started or cancelled class, and half a time change', async () => {
    expect((await call('updateSession', { sessionId, startAt: now0 - HOUR_MS, endAt: now0 })).body).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'startAt' })
    expect((await call('updateSession', { sessionId, startAt: now0 + DAY_MS })).body).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'endAt' })
    const started = putSession((await newCourse({ title: '已开始' }))._id, now0 - MINUTE_MS)
    expect((await call('updateSession', { sessionId: started._id, capacity: 20 })).body).toMatchObject({ ok: false, code: 'CONFLICT' })
  })
})

describe('cancelSession', () => {
  it('cancels every seat and place without strikes; each person gets a notice the timer sends', async () => {
    const course = await newCourse({ title: '老师生病的课' })
    const session = putSession(course._id, atWallClock(day(2), '19:00'), { capacity: 2 })
    const crowd = Array.from({ length: 5 }, () => person('rider'))
    expect(await Promise.all(crowd.slice(0, 4).map((o) => book(session._id, o)))).toEqual(expect.arrayContaining(['confirmed', 'confirmed', 'waitlisted', 'waitlisted']))
    await book(session._id, crowd[4])
    await cloud.call('course', 'cancel', { sessionId: session._id }, crowd[4])

    const res = await call('cancelSession', { sessionId: session._id, reason: '老师生病' })
    const out = data(res.body)
    expect(out.notified).toBe(4)
    expect(out.session).toMatchObject({ status: 'cancelled', cancelReason: '老师生病', booked: 0, waitlisted: 0 })
    const stored = sessionDoc(session._id)
    expect(stored.seats).toEqual({})
    expect((stored.queue ?? []).filter((o) => o !== '')).toEqual([])
    for (const openid of crowd.slice(0, 4)) {
      const b = bookingOf(session._id, openid)
      expect(b).toMatchObject({ status: 'cancelled', noticePending: true })
      expect(b.lateCancel).toBeUndefined()
      expect(b.notices).toEqual(expect.arrayContaining([{ kind: 'cancelled', at: expect.any(Number) }]))
    }
    expect(bookingOf(session._id, crowd[4]).notices ?? []).not.toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'cancelled' })]))
    expect(cloud.db.count('strikes', { sessionId: session._id })).toBe(0)
    expect(auditOf(`sessions/${session._id}`)).toEqual([
      expect.objectContaining({ action: 'cancelSession', actor: ORGANIZER, detail: { reason: '老师生病', notified: 4, wasBooked: 2 } })
    ])

    // Nobody can take a seat in the cancelled class, and asking again changes nothing.
    expect((await cloud.call('course', 'book', { sessionId: session._id }, crowd[0])).body).toMatchObject({ ok: false, code: 'BOOKING_CLOSED' })
    expect(bookingOf(session._id, crowd[0]).status).toBe('cancelled')
    const again = data((await call('cancelSession', { sessionId: session._id, reason: '老师生病' })).body)
    expect(again.notified).toBe(0)
    expect(auditOf(`sessions/${session._id}`)).toHaveLength(1)

    // The timer turns the notices into subscribe messages, one per person.
    await cloud.cloud.runTrigger('course', 'courseTimer')
    const queued = cloud.db.find('notifications', { sessionId: session._id, kind: 'cancelled' })
    expect(queued.map((n: { openid: string }) => n.openid).sort()).toEqual(crowd.slice(0, 4).sort())
    const sent = cloud.db.find('outbox', { touser: { $in: crowd.slice(0, 4) } })
    expect(sent.filter((m: { data: object }) => JSON.stringify(m.data).includes('本节课已取消'))).toHaveLength(4)
  })

  it('refuses a class that has started', async () => {
    const started = putSession((await newCourse({ title: '已开始的课' }))._id, now0 - MINUTE_MS)
    expect((await call('cancelSession', { sessionId: started._id, reason: '下雨' })).body).toMatchObject({ ok: false, code: 'CONFLICT' })
    expect(sessionDoc(started._id).status).toBe('scheduled')
  })
})

describe('markAttendance', () => {
  let sessionId: string
  let [a, b, c] = ['', '', '']
  beforeAll(async () => {
    // Booking stays open until the start here, so people can book a class starting in a few minutes.
    const course = await newCourse({ title: '马上开课', policy: { closesBeforeMin: 0 } })
    sessionId = putSession(course._id, now0 + 5 * MINUTE_MS, { capacity: 2 })._id
    ;[a, b, c] = [person('rider'), person('courier'), person('driver')]
    expect([await book(sessionId, a), await book(sessionId, b), await book(sessionId, c)]).toEqual(['confirmed', 'confirmed', 'waitlisted'])
  })

  it('present: the seat is claimed and the booking says attended', async () => {
    const res = await call('markAttendance', { sessionId, openid: a, attended: true })
    const entry = data(res.body).entry
    expect(entry).toMatchObject({ openid: a, status: 'attended', checkedInAt: expect.any(Number), group: 'rider' })
    expect(bookingOf(sessionId, a)).toMatchObject({ status: 'attended', checkedInAt: entry.checkedInAt })
    expect(sessionDoc(sessionId).seats?.[a]?.checkedInAt).toBe(entry.checkedInAt)
    expect(auditOf(`bookings/${sessionId}_${a}`)).toEqual([
      expect.objectContaining({ action: 'markAttendance', detail: { sessionId, openid: a, attended: true, from: 'confirmed' } })
    ])
  })

  it('absent: the seat is passed on (a hold for the head of the waitlist this close to the start)', async () => {
    const entry = data((await call('markAttendance', { sessionId, openid: b, attended: false })).body).entry
    expect(entry).toMatchObject({ openid: b, status: 'no_show' })
    expect(bookingOf(sessionId, b).status).toBe('no_show')
    expect(bookingOf(sessionId, c)).toMatchObject({ status: 'held', holdUntilAt: expect.any(Number) })
    const roster = data((await call('roster', { sessionId })).body).items
    expect(roster.map((e) => [e.openid, e.status])).toEqual([
      [a, 'attended'],
      [c, 'held'],
      [b, 'no_show']
    ])
  })

  it('a correction to present needs a free seat; the held person can be marked present', async () => {
    expect((await call('markAttendance', { sessionId, openid: b, attended: true })).body).toMatchObject({ ok: false, code: 'CONFLICT' })
    const entry = data((await call('markAttendance', { sessionId, openid: c, attended: true })).body).entry
    expect(entry).toMatchObject({ status: 'attended' })
    expect(sessionDoc(sessionId)).toMatchObject({ booked: 2, capacity: 2 })
    // Marking the same again writes nothing.
    const auditBefore = cloud.db.count('audit')
    expect(data((await call('markAttendance', { sessionId, openid: c, attended: true })).body).entry.status).toBe('attended')
    expect(cloud.db.count('audit')).toBe(auditBefore)
  })

  it('corrects attendance after the class was settled: strikes follow the correction', async () => {
    const course = await newCourse({ title: '昨天的课' })
    const session = putSession(course._id, now0 - DAY_MS, { capacity: 2 })
    const [here, late] = [person('rider'), person('rider')]
    const releasedAt = session.startAt + 10 * MINUTE_MS
    arrange(session, [
      { openid: here, status: 'attended' },
      { openid: late, status: 'no_show', over: { releasedAt } }
    ])
    cloud.db.update('sessions', { _id: session._id }, { $set: { releasedAt, settledAt: session.endAt } })
    const strikeId = `${session._id}_${late}`
    cloud.db.insert('strikes', [
      { _id: strikeId, openid: late, sessionId: session._id, courseId: course._id, kind: 'no_show', at: session.startAt, forgiven: false, createdAt: session.endAt, updatedAt: session.endAt }
    ])
    const present = await call('markAttendance', { sessionId: session._id, openid: late, attended: true })
    expect(data(present.body).entry).toMatchObject({ openid: late, status: 'attended' })
    expect(cloud.db.count('strikes', { _id: strikeId })).toBe(0)
    const absent = await call('markAttendance', { sessionId: session._id, openid: late, attended: false })
    expect(data(absent.body).entry).toMatchObject({ status: 'no_show' })
    expect(cloud.db.find('strikes', { _id: strikeId })[0]).toMatchObject({ kind: 'no_show', forgiven: false })
    expect(sessionDoc(session._id)).toMatchObject({ booked: 1 })
  })

  it('refuses before check-in opens and for someone without a booking', async () => {
    const later = putSession((await newCourse({ title: '明天的课' }))._id, now0 + DAY_MS)
    arrange(later, [{ openid: a, status: 'confirmed' }])
    expect((await call('markAttendance', { sessionId: later._id, openid: a, attended: true })).body).toMatchObject({ ok: false, code: 'CONFLICT' })
    expect(bookingOf(later._id, a).status).toBe('confirmed')
    expect((await call('markAttendance', { sessionId, openid: 'stranger', attended: true })).body).toMatchObject({ ok: false, code: 'NOT_FOUND', field: 'openid' })
  })
})

describe('roster', () => {
  it('lists every booking with name, group and check-in time, paging past the 100-row read limit', async () => {
    const course = await newCourse({ title: '大课' })
    const session = putSession(course._id, now0 + 2 * DAY_MS, { capacity: 150 })
    const seated = Array.from({ length: 150 }, (_, i) => person(i % 2 ? 'rider' : 'courier'))
    const waiting = Array.from({ length: 1003 }, () => person('driver'))
    const left = (i: number) => [10, 20, 30].includes(i)
    arrange(session, [
      ...seated.map((openid, i): Row => (i === 0 ? { openid, status: 'attended', over: { checkedInAt: now0 } } : { openid, status: 'confirmed' })),
      // Sequence numbers 1..1003; three have left the queue, so the displayed positions close up.
      ...waiting.map((openid, i): Row => (left(i) ? { openid, status: 'cancelled', leftQueue: true } : { openid, status: 'waitlisted' }))
    ])
    const res = await call('roster', { sessionId: session._id })
    const { session: view, items } = data(res.body)
    expect(view).toMatchObject({ _id: session._id, capacity: 150, booked: 150 })
    expect(view).not.toHaveProperty('checkinSecret')
    expect(items).toHaveLength(1153)
    expect(items[0]).toMatchObject({ openid: seated[0], status: 'attended', checkedInAt: now0, group: 'courier', nickname: expect.stringMatching(/^学员\d+$/) })
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
    const course = await newCourse({ title: '爽约记录课' })
    const session = putSession(course._id, now0 + 2 * DAY_MS)
    const [late, clean] = [person('rider'), person('courier')]
    arrange(session, [{ openid: late, status: 'confirmed' }, { openid: clean, status: 'confirmed' }])
    const strike = (n: number, kind: StrikeDoc['kind'], daysAgo: number, over: Partial<StrikeDoc> = {}): StrikeDoc => ({
      _id: `old-${n}-${session._id}_${late}`,
      openid: late,
      sessionId: `old-${n}-${session._id}`,
      courseId: course._id,
      kind,
      at: now0 - daysAgo * DAY_MS,
      forgiven: false,
      createdAt: now0 - daysAgo * DAY_MS,
      updatedAt: now0 - daysAgo * DAY_MS,
      ...over
    })
    cloud.db.insert('strikes', [
      strike(1, 'no_show', 3),
      strike(2, 'late_cancel', 10),
      strike(3, 'no_show', 40),
      strike(4, 'no_show', 5, { forgiven: true, forgivenReason: 'seat_taken', forgivenAt: now0 })
    ])
    const read = async () => data((await call('roster', { sessionId: session._id })).body).items
    const first = await read()
    expect(first.find((e) => e.openid === late)?.strikes).toEqual([
      { _id: `old-1-${session._id}_${late}`, kind: 'no_show', at: now0 - 3 * DAY_MS, sessionId: `old-1-${session._id}`, courseId: course._id },
      { _id: `old-2-${session._id}_${late}`, kind: 'late_cancel', at: now0 - 10 * DAY_MS, sessionId: `old-2-${session._id}`, courseId: course._id }
    ])
    expect(first.find((e) => e.openid === clean)?.strikes).toEqual([])

    await call('forgiveStrike', { strikeId: `old-1-${session._id}_${late}` })
    const after = await read()
    expect(after.find((e) => e.openid === late)?.strikes?.map((s) => s.kind)).toEqual(['late_cancel'])
  })

  it('answers NOT_FOUND for an unknown session', async () => {
    expect((await call('roster', { sessionId: 'nope' })).body).toMatchObject({ ok: false, code: 'NOT_FOUND', field: 'sessionId' })
  })
})

describe('checkinCode', () => {
  it('shows the rotating code of the session key, its QR text and the check-in window', async () => {
    const course = await newCourse({ title: '签到课' })
    const session = putSession(course._id, now0 + 5 * MINUTE_MS)
    const before = Date.now()
    const res = await call('checkinCode', { sessionId: session._id })
    const after = Date.now()
    const out = data(res.body)
    expect([codeFor(session.checkinSecret, session._id, before), codeFor(session.checkinSecret, session._id, after)]).toContain(out.code)
    expect(out.payload).toBe(`youlin-checkin:1:${session._id}:${out.code}`)
    expect(out.refreshAt % 60_000).toBe(0)
    expect(out.refreshAt).toBeGreaterThan(before - 60_000)
    expect(out.validUntil).toBe(out.refreshAt + 60_000)
    expect([out.opensAt, out.closesAt]).toEqual([session.startAt - 15 * MINUTE_MS, session.startAt + 15 * MINUTE_MS])
    expect(JSON.stringify(out)).not.toContain(session.checkinSecret)
    expect(res.dbOps).toBe(2)
  })

  it('has no code for a cancelled session', async () => {
    const session = putSession((await newCourse({ title: '取消的课' }))._id, now0 + HOUR_MS, { status: 'cancelled' })
    expect((await call('checkinCode', { sessionId: session._id })).body).toMatchObject({ ok: false, code: 'CHECKIN_CLOSED' })
  })
})

/** Downloads an export through its temporary link and opens it with exceljs. */
async function openExport(out: ExportRosterOutput): Promise<ExcelJS.Workbook> {
  const got = await cloud.request('GET', new URL(encodeURI(out.tempFileURL)).pathname)
  expect(got.status).toBe(200)
  const book = new ExcelJS.Workbook()
  await book.xlsx.load(got.body as unknown as ArrayBuffer)
  return book
}

const sheetRows = (book: ExcelJS.Workbook, name: string): unknown[][] => {
  const sheet = book.getWorksheet(name)
  if (!sheet) throw new Error(`no sheet ${name}`)
  const rows: unknown[][] = []
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)))
  return rows
}

describe('exportRoster', () => {
  let courseId: string
  let past: SessionDoc
  let next: SessionDoc
  let rider: string
  let courier: string
  beforeAll(async () => {
    courseId = (await newCourse({ title: '调配咖啡' }))._id
    rider = person('rider', '酒泉路街道')
    courier = person('courier', '土门墩街道')
    past = putSession(courseId, atWallClock(day(-7), '19:00'), { capacity: 2 })
    next = putSession(courseId, atWallClock(day(7), '19:00'), { capacity: 2 })
    arrange(past, [
      { openid: rider, status: 'attended', over: { checkedInAt: atWallClock(day(-7), '18:52') } },
      { openid: courier, status: 'no_show', over: { releasedAt: past.startAt + 10 * MINUTE_MS } }
    ])
    arrange(next, [
      { openid: rider, status: 'confirmed' },
      { openid: courier, status: 'confirmed' },
      { openid: person('resident', '幸福里社区'), status: 'waitlisted' }
    ])
  })

  it('puts one session roster in an xlsx in cloud storage; the link downloads a workbook with the rows', async () => {
    const res = await call('exportRoster', { sessionId: past._id })
    const out = data(res.body)
    expect(out.fileID).toMatch(new RegExp(`^cloud://.+/exports/${courseId}/\\d+\\.xlsx$`))
    expect(out.fileName).toBe(`调配咖啡-名单-${day(-7)}.xlsx`)
    expect(out.rows).toBe(2)
    const book = await openExport(out)
    const roster = sheetRows(book, '名单')
    expect(roster[0]).toEqual(['上课时间', '昵称', '身份', '所在社区', '状态', '候补位次', '签到时间', '现场加入', '预约时间'])
    expect(roster).toHaveLength(3)
    expect(roster[1].slice(1, 7)).toEqual([expect.stringMatching(/^学员/), '外卖骑手', '酒泉路街道', '已签到', '', `${day(-7)} 18:52`])
    expect(roster[2].slice(2, 5)).toEqual(['快递员', '土门墩街道', '缺席'])
    expect(String(roster[1][0])).toMatch(new RegExp(`^${day(-7)} 周. 19:00–20:30$`))
    const attendance = sheetRows(book, '出勤')
    expect(attendance[1].slice(1)).toEqual(['已开课', 2, 2, 0, 1, 1, 0.5])
    expect(auditOf(`sessions/${past._id}`)).toEqual([
      expect.objectContaining({ action: 'exportRoster', actor: ORGANIZER, detail: expect.objectContaining({ fileID: out.fileID, rows: 2 }) })
    ])
  })

  it('exports a whole course: every session on 名单 and one 出勤 row per session', async () => {
    const out = data((await call('exportRoster', { courseId })).body)
    expect(out.rows).toBe(5)
    const book = await openExport(out)
    const roster = sheetRows(book, '名单')
    expect(roster.slice(1).map((r) => r[4])).toEqual(['已签到', '缺席', '已预约', '已预约', '候补'])
    expect(roster[5].slice(2, 6)).toEqual(['居民', '幸福里社区', '候补', 1])
    const attendance = sheetRows(book, '出勤')
    expect(attendance.slice(1).map((r) => r.slice(1))).toEqual([
      ['已开课', 2, 2, 0, 1, 1, 0.5],
      ['未开课', 2, 2, 1, 0, 0, '']
    ])
    // The link is also reachable with the SDK's own download.
    const file = (await cloud.sdk().downloadFile({ fileID: out.fileID })) as { fileContent: Buffer }
    expect(file.fileContent.subarray(0, 2).toString()).toBe('PK')
  })

  it('needs exactly one of sessionId and courseId', async () => {
    expect((await call('exportRoster', {})).body).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    expect((await call('exportRoster', { sessionId: past._id, courseId })).body).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
  })
})

describe('courseStats', () => {
  it('counts held sessions, filled seats, attendance and distinct attendees by group on a known fixture', async () => {
    const courseId = (await newCourse({ title: '统计课' }))._id
    const [r1, r2, c1, d1] = [person('rider'), person('rider'), person('courier'), person('driver')]
    const noProfile = 'no-profile-person'
    const s1 = putSession(courseId, now0 - 14 * DAY_MS, { capacity: 4 })
    const s2 = putSession(courseId, now0 - 7 * DAY_MS, { capacity: 2 })
    const cancelled = putSession(courseId, now0 - 3 * DAY_MS, { capacity: 8, status: 'cancelled' })
    const upcoming = putSession(courseId, now0 + 3 * DAY_MS, { capacity: 6 })
    // s1: 3 had seats (2 attended, 1 no-show) of 4, one cancelled.
    arrange(s1, [
      { openid: r1, status: 'attended' },
      { openid: c1, status: 'attended' },
      { openid: d1, status: 'no_show' },
      { openid: r2, status: 'cancelled' }
    ])
    // s2: full; a walk-in took the released seat, so 3 people had a seat of 2 (counted as 2).
    arrange(s2, [
      { openid: r1, status: 'attended' },
      { openid: r2, status: 'no_show' },
      { openid: noProfile, status: 'attended', over: { walkIn: true } }
    ])
    arrange(cancelled, [{ openid: d1, status: 'cancelled' }])
    arrange(upcoming, [{ openid: c1, status: 'confirmed' }])
    const res = await call('courseStats', { courseId })
    expect(data(res.body).stats).toEqual({
      courseId,
      sessionsHeld: 2,
      seatsOffered: 6,
      seatsFilled: 5,
      fillRate: 5 / 6,
      attended: 4,
      attendanceRate: 4 / 5,
      uniquePeople: 3,
      byGroup: { rider: 1, courier: 1, driver: 0, resident: 0, other: 0, unknown: 1 }
    })
    // organizer, course, three aggregations.
    expect(res.dbOps).toBe(5)
  })

  it('is all zeros for a course that has not run yet, and NOT_FOUND for an unknown one', async () => {
    const courseId = (await newCourse({ title: '新课' }))._id
    putSession(courseId, now0 + DAY_MS)
    const stats = data((await call('courseStats', { courseId })).body).stats
    expect(stats).toMatchObject({ sessionsHeld: 0, seatsOffered: 0, fillRate: 0, attendanceRate: 0, uniquePeople: 0 })
    expect((await call('courseStats', { courseId: 'ghost' })).body).toMatchObject({ ok: false, code: 'NOT_FOUND' })
  })
})

describe('drawLottery', () => {
  const LOTTERY = { lottery: { closesBeforeH: 24 } }

  /** A lottery session whose registration closed an hour ago, with entrants waiting for the draw. */
  async function lotterySession(entrants: number, capacity: number) {
    const course = await newCourse({ title: '抽签瑜伽', policy: LOTTERY })
    const startAt = now0 + 23 * HOUR_MS
    const session = putSession(course._id, startAt, { capacity })
    const openids = Array.from({ length: entrants }, () => person('rider'))
    arrange(
      session,
      openids.map((openid) => ({ openid, status: 'waitlisted', over: { lottery: 'entered' } }))
    )
    return { course, session, openids, drawAt: startAt - 24 * HOUR_MS }
  }

  it('draws seeded and weighted, confirms the winners, queues the rest in draw order, and stores the audit record', async () => {
    const { course, session, openids, drawAt } = await lotterySession(12, 4)
    // History that sets the weights: openids[0] came before (not a first-timer); openids[1] lost the last draw.
    const earlier = putSession(course._id, now0 - 7 * DAY_MS, { drawnAt: now0 - 8 * DAY_MS })
    arrange(earlier, [
      { openid: openids[0], status: 'attended', over: { lottery: 'won' } },
      { openid: openids[1], status: 'waitlisted', over: { lottery: 'lost' } }
    ])

    const res = await call('drawLottery', { sessionId: session._id })
    const out = data(res.body)
    const expected = drawLottery(
      lotterySeed(session._id, drawAt),
      4,
      openids.map((openid, i) => ({ openid, firstTimer: i !== 0, lostLastDraw: i === 1 }))
    )
    expect(out.audit).toEqual(expected.audit)
    expect(verifyDraw(out.audit)).toBe(true)
    expect(out.audit.entrants.find((e) => e.openid === openids[0])?.weight).toBe(1)
    expect(out.audit.entrants.find((e) => e.openid === openids[1])?.weight).toBe(3)
    expect(out.audit.entrants.find((e) => e.openid === openids[2])?.weight).toBe(2)
    expect([out.winners, out.waitlisted]).toEqual([4, 8])
    expect(out.session).toMatchObject({ booked: 4, seatsLeft: 0, waitlisted: 8, mode: 'first-come', drawnAt: expect.any(Number) })

    const bookings = new Map(cloud.db.find('bookings', { sessionId: session._id }).map((b: BookingDoc) => [b.openid, b]))
    for (const openid of expected.winners) expect(bookings.get(openid)).toMatchObject({ status: 'confirmed', lottery: 'won' })
    expected.waitlist.forEach((openid, i) =>
      expect(bookings.get(openid)).toMatchObject({ status: 'waitlisted', lottery: 'lost', position: i + 1 })
    )
    expect(cloud.db.find('sessions', { _id: session._id })[0]).toMatchObject({ booked: 4, waitlisted: 8, waitlistSeq: 8 })
    expect(cloud.db.find('lotteryDraws', { _id: session._id })[0]).toMatchObject({
      sessionId: session._id,
      drawnBy: ORGANIZER,
      audit: expected.audit,
      winners: expected.winners
    })
    expect(auditOf(`sessions/${session._id}`)).toEqual([
      expect.objectContaining({ action: 'drawLottery', actor: ORGANIZER, detail: { seed: expected.audit.seed, entrants: 12, winners: 4 } })
    ])

    // Asking again changes nothing and answers with the same draw.
    const before = cloud.db.find('bookings', { sessionId: session._id })
    const again = data((await call('drawLottery', { sessionId: session._id })).body)
    expect(again.audit).toEqual(out.audit)
    expect(cloud.db.find('bookings', { sessionId: session._id })).toEqual(before)
    expect(auditOf(`sessions/${session._id}`)).toHaveLength(1)
  })

  it('draws once however many organizers press at the same time', async () => {
    const { session } = await lotterySession(30, 10)
    const replies = await Promise.all(Array.from({ length: 8 }, () => call('drawLottery', { sessionId: session._id })))
    const orders = new Set(replies.map((r) => JSON.stringify(data(r.body).audit.order)))
    expect(orders.size).toBe(1)
    expect(cloud.db.count('lotteryDraws', { _id: session._id })).toBe(1)
    expect(cloud.db.count('bookings', { sessionId: session._id, status: 'confirmed', lottery: 'won' })).toBe(10)
    const positions: number[] = cloud.db.find('bookings', { sessionId: session._id, status: 'waitlisted' }).map((b: BookingDoc) => b.position as number)
    expect(positions.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
    expect(cloud.db.find('sessions', { _id: session._id })[0]).toMatchObject({ booked: 10, waitlisted: 20, waitlistSeq: 20 })
    expect(auditOf(`sessions/${session._id}`).filter((a) => a.action === 'drawLottery')).toHaveLength(1)
  })

  it('with fewer entrants than seats everyone wins and the rest stays first come', async () => {
    const { session, openids } = await lotterySession(3, 8)
    const out = data((await call('drawLottery', { sessionId: session._id })).body)
    expect([out.winners, out.waitlisted]).toEqual([3, 0])
    expect(out.session).toMatchObject({ booked: 3, seatsLeft: 5, mode: 'first-come' })
    expect(cloud.db.count('bookings', { openid: { $in: openids }, status: 'confirmed' })).toBe(3)
  })

  it('refuses before registration closes, for a first-come course, and for an unknown session', async () => {
    const course = await newCourse({ title: '未到抽签', policy: LOTTERY })
    const early = putSession(course._id, now0 + 3 * DAY_MS)
    const res = await call('drawLottery', { sessionId: early._id })
    expect(res.body).toMatchObject({ ok: false, code: 'CONFLICT', message: expect.stringContaining('截止后才能抽签') })
    expect(cloud.db.find('sessions', { _id: early._id })[0].drawnAt).toBeUndefined()
    const plain = putSession((await newCourse({ title: '普通课' }))._id, now0 + HOUR_MS)
    expect((await call('drawLottery', { sessionId: plain._id })).body).toMatchObject({ ok: false, code: 'CONFLICT', message: '这门课不是抽签报名' })
    expect((await call('drawLottery', { sessionId: 'nope' })).body).toMatchObject({ ok: false, code: 'NOT_FOUND' })
  })
})

describe('forgiveStrike', () => {
  it('forgives a strike once, records who did it, and leaves a second request harmless', async () => {
    const session = putSession('strike-course', now0 - 2 * DAY_MS)
    const strike: StrikeDoc = {
      _id: `${session._id}_demo-rider`,
      openid: 'demo-rider',
      sessionId: session._id,
      courseId: session.courseId,
      kind: 'no_show',
      at: session.startAt,
      forgiven: false,
      createdAt: session.startAt,
      updatedAt: session.startAt
    }
    cloud.db.insert('strikes', [strike])
    const out = data((await call('forgiveStrike', { strikeId: strike._id })).body).strike
    expect(out).toMatchObject({ ...strike, forgiven: true, forgivenReason: 'organizer', forgivenBy: ORGANIZER, updatedAt: expect.any(Number) })
    expect(cloud.db.find('strikes', { _id: strike._id })[0]).toEqual(out)
    const again = await call('forgiveStrike', { strikeId: strike._id })
    expect(data(again.body).strike).toEqual(out)
    expect(auditOf(`strikes/${strike._id}`)).toEqual([
      expect.objectContaining({ action: 'forgiveStrike', actor: ORGANIZER, detail: { openid: 'demo-rider', sessionId: session._id, kind: 'no_show' } })
    ])
    expect((await call('forgiveStrike', { strikeId: 'nothing-here' })).body).toMatchObject({ ok: false, code: 'NOT_FOUND' })
  })
})
