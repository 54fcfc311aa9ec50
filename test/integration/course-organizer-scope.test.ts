/**
 * Function `course`, which centre's courses an organizer manages (DESIGN.md ⚑ Roles): demo-organizer runs 友邻空间
 * only, so every organizer action on another centre's course, session or strike answers FORBIDDEN and changes
 * nothing; demo-admin manages every centre; listings are narrowed to the caller's centres.
 */
import type { ActionInput } from '@core/api'
import type { CourseDoc } from '@core/booking'
import { DAY_MS } from '@core/time'
import { OTHER_VENUE_MESSAGE } from '../../cloudfunctions/_shared/scope'
import { data, type TestCloud } from '../support/cloud'
import { baseCourse, call, day, newCourse, NOW, ORGANIZER, putSession, startOrganizerCloud, type OrganizerAction } from './course-organizer-support'

const ADMIN = 'demo-admin'
const OTHER_VENUE = 'venue-laojie'

let cloud: TestCloud
let courseId: string
let sessionId: string
let strikeId: string

beforeAll(async () => {
  cloud = await startOrganizerCloud()
  // The admin creates 兰州老街's course through the API; its session and a strike are arranged in the store.
  courseId = data((await call(cloud, 'saveCourse', { ...baseCourse, title: '老街的书法课', venueId: OTHER_VENUE }, ADMIN)).body).course._id
  sessionId = putSession(cloud, courseId, NOW + 3 * DAY_MS, { venueId: OTHER_VENUE })._id
  strikeId = `${sessionId}_demo-rider`
  cloud.db.insert('strikes', [
    { _id: strikeId, openid: 'demo-rider', kind: 'no_show', at: NOW - DAY_MS, sessionId, courseId, forgiven: false, createdAt: NOW - DAY_MS, updatedAt: NOW - DAY_MS }
  ])
})
afterAll(() => cloud.close())

/** A valid input of every organizer action on 兰州老街's course, so only the caller's centre is wrong. */
const inputs = (): { [A in OrganizerAction]: ActionInput<'course', A> } => ({
  saveCourse: { ...baseCourse, courseId, venueId: OTHER_VENUE },
  generateSessions: { courseId, rule: { weekdays: [2], startTime: '19:00', durationMin: 90, from: day(1), until: day(20), capacity: 10 } },
  updateSession: { sessionId, capacity: 5 },
  cancelSession: { sessionId, reason: '老师生病' },
  roster: { sessionId },
  markAttendance: { sessionId, openid: 'demo-courier', attended: true },
  checkinCode: { sessionId },
  exportRoster: { courseId },
  courseStats: { courseId },
  drawLottery: { sessionId },
  forgiveStrike: { strikeId },
  checkOut: { sessionId, openid: 'demo-rider' },
  checkOutAll: { sessionId },
  listAllCourses: { venueId: OTHER_VENUE }
})

describe("another centre's courses", () => {
  it('every organizer action answers FORBIDDEN to demo-organizer and writes nothing', async () => {
    const before = {
      audit: cloud.db.count('audit'),
      course: cloud.db.find('courses', { _id: courseId }),
      sessions: cloud.db.find('sessions', { courseId }),
      strike: cloud.db.find('strikes', { _id: strikeId }),
      files: cloud.db.count('files')
    }
    for (const [action, input] of Object.entries(inputs())) {
      // The loop loses which input belongs to which action; the table above was checked.
      const res = await cloud.callUntyped('course', { action, ...input }, ORGANIZER)
      expect([action, res.body]).toEqual([action, expect.objectContaining({ ok: false, code: 'FORBIDDEN', message: OTHER_VENUE_MESSAGE })])
    }
    expect(cloud.db.count('audit')).toBe(before.audit)
    expect(cloud.db.find('courses', { _id: courseId })).toEqual(before.course)
    expect(cloud.db.find('sessions', { courseId })).toEqual(before.sessions)
    expect(cloud.db.find('strikes', { _id: strikeId })).toEqual(before.strike)
    expect(cloud.db.count('files')).toBe(before.files)
  })

  it('an organizer can neither create a course at another centre nor move one of theirs there', async () => {
    const created = await call(cloud, 'saveCourse', { ...baseCourse, venueId: OTHER_VENUE })
    expect(created.body).toEqual({ ok: false, code: 'FORBIDDEN', message: OTHER_VENUE_MESSAGE, field: 'venueId' })
    const own = await newCourse(cloud, { title: '友邻空间的瑜伽' })
    const moved = await call(cloud, 'saveCourse', { ...baseCourse, courseId: own._id, title: own.title, venueId: OTHER_VENUE })
    expect(moved.body).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(cloud.db.find<CourseDoc>('courses', { _id: own._id })[0].venueId).toBe('venue-youlin')
  })

  it("the organizer's course list holds only their centre's courses; the admin's holds every centre's", async () => {
    const mine = data((await call(cloud, 'listAllCourses', {})).body).items
    expect(mine.length).toBeGreaterThan(0)
    expect(new Set(mine.map((c) => c.venueId))).toEqual(new Set(['venue-youlin']))
    const all = data((await call(cloud, 'listAllCourses', {}, ADMIN)).body).items
    expect(all.map((c) => c._id)).toEqual(expect.arrayContaining([courseId, 'course-pufa', ...mine.map((c) => c._id)]))
  })

  it('demo-admin manages them: roster, stats and an edit go through, the edit audited', async () => {
    expect(data((await call(cloud, 'roster', { sessionId }, ADMIN)).body).items).toEqual([])
    expect(data((await call(cloud, 'courseStats', { courseId }, ADMIN)).body).stats.courseId).toBe(courseId)
    const edited = await call(cloud, 'updateSession', { sessionId, capacity: 12 }, ADMIN)
    expect(data(edited.body).session.capacity).toBe(12)
    expect(cloud.db.find('audit', { target: `sessions/${sessionId}` })).toEqual([expect.objectContaining({ actor: ADMIN, action: 'updateSession' })])
  })
})
