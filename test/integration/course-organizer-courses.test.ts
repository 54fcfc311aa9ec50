/**
 * Function `course`, organizer (管理端) actions on courses, through the local cloud with the real bundle and
 * wx-server-sdk: who may use any organizer action, listing archived courses, creating and editing a course.
 */
import { expect } from '@jest/globals'
import type { ActionInput } from '@core/api'
import { DAY_MS } from '@core/time'
import { data, type TestCloud } from '../support/cloud'
import { LIMIT_REQUESTS } from '../support/write-limits'
import {
  arrange,
  auditOf,
  baseCourse,
  call,
  callUntyped,
  day,
  newCourse,
  NOW,
  ORGANIZER,
  book,
  person,
  putSession,
  startOrganizerCloud,
  type OrganizerAction
} from './course-organizer-support'

let cloud: TestCloud

beforeAll(async () => {
  cloud = await startOrganizerCloud()
})
afterAll(() => cloud.close())

describe('who may use the organizer actions', () => {
  let courseId: string
  let sessionId: string
  beforeAll(async () => {
    courseId = (await newCourse(cloud, { title: '权限测试课' }))._id
    sessionId = putSession(cloud, courseId, NOW + 3 * DAY_MS)._id
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
    checkOut: { sessionId, openid: 'demo-rider' },
    checkOutAll: { sessionId },
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
      expect([action, anonymous.body]).toEqual([action, expect.objectContaining({ ok: false, code: 'UNAUTHENTICATED' })])
    }
    expect(cloud.db.count('audit')).toBe(before.audit)
    expect(cloud.db.count('courses')).toBe(before.courses)
    expect(cloud.db.find('sessions', { _id: sessionId })).toEqual(before.sessions)
  })
})

describe('listAllCourses', () => {
  it('lists archived courses too, after the active ones, so the organizer can reopen one; riders only see active ones', async () => {
    const shelved = await newCourse(cloud, { title: '已停课的剪纸' })
    await call(cloud, 'saveCourse', { ...baseCourse, courseId: shelved._id, title: '已停课的剪纸', status: 'archived' })
    const res = await call(cloud, 'listAllCourses', {})
    const items = data(res.body).items
    expect(items.find((c) => c._id === shelved._id)).toMatchObject({ status: 'archived', venueName: '友邻空间' })
    const firstArchived = items.findIndex((c) => c.status === 'archived')
    expect(items.slice(firstArchived).every((c) => c.status === 'archived')).toBe(true)
    // demo-organizer runs 友邻空间 only: the other centres' courses are not theirs to list.
    expect(items.filter((c) => c.status === 'active').length).toBe(cloud.db.count('courses', { status: 'active', venueId: 'venue-youlin' }))
    expect(res.dbOps).toBe(4)

    const publicList = data((await call(cloud, 'listCourses', {}, 'demo-rider')).body).items
    expect(publicList.map((c) => c._id)).not.toContain(shelved._id)
    expect((await call(cloud, 'listAllCourses', {}, 'demo-rider')).body).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    // Unknown fields are refused rather than quietly widening the public list.
    expect((await callUntyped(cloud, 'listCourses', { includeArchived: true }, 'demo-rider')).body).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
  })
})

describe('saveCourse', () => {
  it('creates a course with the default policy filled in, and records who did it', async () => {
    const res = await call(cloud, 'saveCourse', { ...baseCourse, title: ' 瑜伽 ', category: '健康', policy: { weeklyLimit: 2 } })
    const course = data(res.body).course
    expect(course).toMatchObject({ title: '瑜伽', category: '健康', venueId: 'venue-youlin', status: 'active' })
    expect(course.policy).toMatchObject({ weeklyLimit: 2, opensBeforeH: 168, closesBeforeMin: 30, waitlist: true })
    expect(course.policy.lottery).toBeUndefined()
    expect(cloud.db.find('courses', { _id: course._id })[0]).toEqual(course)
    expect(auditOf(cloud, `courses/${course._id}`)).toEqual([
      expect.objectContaining({ actor: ORGANIZER, fn: 'course', action: 'saveCourse', detail: expect.objectContaining({ created: true }) })
    ])
    // organizer + venue reads, the insert, the audit entry.
    expect(res.dbOps).toBe(4 + LIMIT_REQUESTS.later)
  })

  it('sets a waitlist cap: riders see 候补已满, and a book beyond it is refused', async () => {
    const course = await newCourse(cloud, { policy: { waitlistLimit: 1 } })
    expect(course.policy.waitlistLimit).toBe(1)
    const session = putSession(cloud, course._id, NOW + 2 * DAY_MS, { capacity: 1 })
    expect(await book(cloud, session._id, person(cloud, 'rider'))).toBe('confirmed')
    expect(await book(cloud, session._id, person(cloud, 'rider'))).toBe('waitlisted')
    const listed = data((await call(cloud, 'listSessions', { courseId: course._id }, person(cloud, 'rider'))).body).items
    expect(listed[0]).toMatchObject({ seatsLeft: 0, waitlisted: 1, waitlistFull: true })
    const refused = await cloud.call('course', 'book', { sessionId: session._id }, person(cloud, 'rider'))
    expect(refused.body).toMatchObject({ ok: false, code: 'WAITLIST_FULL', message: expect.stringContaining('候补已满（已有1人在候补）') })
  })

  it('edits: replaces the policy (a removed lottery is gone) and renames the course on its sessions too', async () => {
    const course = await newCourse(cloud, { title: '朗诵', policy: { lottery: { closesBeforeH: 24 } } })
    expect(course.policy.lottery).toEqual({ closesBeforeH: 24 })
    const session = putSession(cloud, course._id, NOW + 5 * DAY_MS, { title: '朗诵' })
    const edited = data(
      (await call(cloud, 'saveCourse', { ...baseCourse, courseId: course._id, title: '经典朗诵', policy: { maxUpcoming: 3 } })).body
    ).course
    expect(edited).toMatchObject({ _id: course._id, title: '经典朗诵', createdAt: course.createdAt })
    const stored = cloud.db.find('courses', { _id: course._id })[0]
    expect(stored.policy.lottery).toBeUndefined()
    expect(stored.policy.maxUpcoming).toBe(3)
    expect(stored).toEqual(edited)
    expect(cloud.db.find('sessions', { _id: session._id })[0].title).toBe('经典朗诵')
    expect(auditOf(cloud, `courses/${course._id}`).map((a) => a.detail.created)).toEqual([true, false])
  })

  it('will not switch a lottery off while people wait for its draw', async () => {
    const course = await newCourse(cloud, { title: '热门咖啡课', policy: { lottery: { closesBeforeH: 24 } } })
    const session = putSession(cloud, course._id, NOW + 4 * DAY_MS)
    arrange(cloud, session, [{ openid: person(cloud, 'rider'), status: 'waitlisted', over: { lottery: 'entered' } }])
    const res = await call(cloud, 'saveCourse', { ...baseCourse, courseId: course._id, policy: {} })
    expect(res.body).toMatchObject({ ok: false, code: 'CONFLICT', field: 'policy' })
    expect(res.body.ok ? '' : res.body.message).toContain('1人在等待抽签')
    expect(cloud.db.find('courses', { _id: course._id })[0].policy.lottery).toEqual({ closesBeforeH: 24 })
  })

  it('rejects an unknown venue or course and an inconsistent policy, writing nothing', async () => {
    const before = cloud.db.count('courses')
    expect((await call(cloud, 'saveCourse', { ...baseCourse, venueId: 'venue-nowhere' })).body).toEqual({
      ok: false,
      code: 'NOT_FOUND',
      message: '所选服务中心不存在',
      field: 'venueId'
    })
    expect((await call(cloud, 'saveCourse', { ...baseCourse, courseId: 'no-such-course' })).body).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
      field: 'courseId'
    })
    const policy = await call(cloud, 'saveCourse', { ...baseCourse, policy: { opensBeforeH: 1, closesBeforeMin: 90 } })
    expect(policy.body).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'policy.closesBeforeMin' })
    expect(policy.dbOps).toBe(0)
    expect((await callUntyped(cloud, 'saveCourse', { ...baseCourse, category: '体育' })).body).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'category' })
    expect(cloud.db.count('courses')).toBe(before)
  })
})
