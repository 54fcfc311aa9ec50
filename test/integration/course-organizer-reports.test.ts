/**
 * Function `course`, organizer (管理端) reports, through the local cloud with the real bundle and wx-server-sdk: the
 * xlsx roster export in cloud storage and the course statistics.
 */
import { expect } from '@jest/globals'
import type { SessionDoc } from '@core/booking'
import { DAY_MS, MINUTE_MS } from '@core/time'
import { data, type TestCloud } from '../support/cloud'
import { shanghaiAt } from '../support/instants'
import {
  arrange,
  auditOf,
  call,
  day,
  newCourse,
  NOW,
  openExport,
  ORGANIZER,
  person,
  putSession,
  sheetRows,
  startOrganizerCloud
} from './course-organizer-support'

let cloud: TestCloud

beforeAll(async () => {
  cloud = await startOrganizerCloud()
})
afterAll(() => cloud.close())
// A test that moves the clock puts it back for the next.
afterEach(() => cloud.clock.set(NOW))

describe('exportRoster', () => {
  let courseId: string
  let past: SessionDoc
  let next: SessionDoc
  let rider: string
  let courier: string
  beforeAll(async () => {
    courseId = (await newCourse(cloud, { title: '调配咖啡' }))._id
    rider = person(cloud, 'rider', '酒泉路街道')
    courier = person(cloud, 'courier', '土门墩街道')
    past = putSession(cloud, courseId, shanghaiAt(day(-7), '19:00'), { capacity: 2 })
    next = putSession(cloud, courseId, shanghaiAt(day(7), '19:00'), { capacity: 2 })
    arrange(cloud, past, [
      { openid: rider, status: 'attended', over: { checkedInAt: shanghaiAt(day(-7), '18:52') } },
      { openid: courier, status: 'no_show', over: { releasedAt: past.startAt + 10 * MINUTE_MS } }
    ])
    arrange(cloud, next, [
      { openid: rider, status: 'confirmed' },
      { openid: courier, status: 'confirmed' },
      { openid: person(cloud, 'resident', '幸福里社区'), status: 'waitlisted' }
    ])
  })

  it('puts one session roster in an xlsx in cloud storage; the link downloads a workbook with the rows', async () => {
    const res = await call(cloud, 'exportRoster', { sessionId: past._id })
    const out = data(res.body)
    expect(out.fileID).toMatch(new RegExp(`^cloud://.+/exports/${courseId}/\\d+\\.xlsx$`))
    expect(out.fileName).toBe(`调配咖啡-名单-${day(-7)}.xlsx`)
    expect(out.rows).toBe(2)
    const workbook = await openExport(cloud, out)
    const roster = sheetRows(workbook, '名单')
    expect(roster[0]).toEqual(['上课时间', '昵称', '身份', '所在社区', '状态', '候补位次', '签到时间', '现场加入', '预约时间'])
    expect(roster).toHaveLength(3)
    expect(roster[1].slice(1, 7)).toEqual([expect.stringMatching(/^学员/), '外卖骑手', '酒泉路街道', '已签到', '', `${day(-7)} 18:52`])
    expect(roster[2].slice(2, 5)).toEqual(['快递员', '土门墩街道', '缺席'])
    expect(roster[1][0]).toBe(`${day(-7)} 周三 19:00–20:30`)
    const attendance = sheetRows(workbook, '出勤')
    expect(attendance[1].slice(1)).toEqual(['已开课', 2, 2, 0, 1, 1, 0.5])
    expect(auditOf(cloud, `sessions/${past._id}`)).toEqual([
      expect.objectContaining({ action: 'exportRoster', actor: ORGANIZER, detail: expect.objectContaining({ fileID: out.fileID, rows: 2 }) })
    ])
  })

  it('exports a whole course: every session on 名单 and one 出勤 row per session', async () => {
    // A minute after the first export (each export is its own file, named by when it was made).
    cloud.clock.advance(MINUTE_MS)
    const out = data((await call(cloud, 'exportRoster', { courseId })).body)
    expect(out.rows).toBe(5)
    const workbook = await openExport(cloud, out)
    const roster = sheetRows(workbook, '名单')
    expect(roster.slice(1).map((r) => r[4])).toEqual(['已签到', '缺席', '已预约', '已预约', '候补'])
    expect(roster[5].slice(2, 6)).toEqual(['居民', '幸福里社区', '候补', 1])
    const attendance = sheetRows(workbook, '出勤')
    expect(attendance.slice(1).map((r) => r.slice(1))).toEqual([
      ['已开课', 2, 2, 0, 1, 1, 0.5],
      ['未开课', 2, 2, 1, 0, 0, '']
    ])
    // The link is also reachable with the SDK's own download.
    const file = (await cloud.sdk().downloadFile({ fileID: out.fileID })) as { fileContent: Buffer }
    expect(file.fileContent.subarray(0, 2).toString()).toBe('PK')
  })

  it('needs exactly one of sessionId and courseId', async () => {
    expect((await call(cloud, 'exportRoster', {})).body).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    expect((await call(cloud, 'exportRoster', { sessionId: past._id, courseId })).body).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
  })
})

describe('courseStats', () => {
  it('counts held sessions, filled seats, attendance and distinct attendees by group on a known fixture', async () => {
    const courseId = (await newCourse(cloud, { title: '统计课' }))._id
    const [r1, r2, c1, d1] = [person(cloud, 'rider'), person(cloud, 'rider'), person(cloud, 'courier'), person(cloud, 'driver')]
    const noProfile = 'no-profile-person'
    const s1 = putSession(cloud, courseId, NOW - 14 * DAY_MS, { capacity: 4 })
    const s2 = putSession(cloud, courseId, NOW - 7 * DAY_MS, { capacity: 2 })
    const cancelled = putSession(cloud, courseId, NOW - 3 * DAY_MS, { capacity: 8, status: 'cancelled' })
    const upcoming = putSession(cloud, courseId, NOW + 3 * DAY_MS, { capacity: 6 })
    // s1: 3 had seats (2 attended, 1 no-show) of 4, one cancelled.
    arrange(cloud, s1, [
      { openid: r1, status: 'attended' },
      { openid: c1, status: 'attended' },
      { openid: d1, status: 'no_show' },
      { openid: r2, status: 'cancelled' }
    ])
    // s2: full; a walk-in took the released seat, so 3 people had a seat of 2 (counted as 2).
    arrange(cloud, s2, [
      { openid: r1, status: 'attended' },
      { openid: r2, status: 'no_show' },
      { openid: noProfile, status: 'attended', over: { walkIn: true } }
    ])
    arrange(cloud, cancelled, [{ openid: d1, status: 'cancelled' }])
    arrange(cloud, upcoming, [{ openid: c1, status: 'confirmed' }])
    const res = await call(cloud, 'courseStats', { courseId })
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
    const courseId = (await newCourse(cloud, { title: '新课' }))._id
    putSession(cloud, courseId, NOW + DAY_MS)
    const stats = data((await call(cloud, 'courseStats', { courseId })).body).stats
    expect(stats).toMatchObject({ sessionsHeld: 0, seatsOffered: 0, fillRate: 0, attendanceRate: 0, uniquePeople: 0 })
    expect((await call(cloud, 'courseStats', { courseId: 'ghost' })).body).toMatchObject({ ok: false, code: 'NOT_FOUND' })
  })
})
