import {
  bookSchema,
  checkinSchema,
  exportRosterSchema,
  generateSessionsSchema,
  listSessionsSchema,
  markAttendanceSchema,
  saveCourseSchema,
  updateSessionSchema
} from '@core/api'
import { newBookingDoc, resolvePolicy, toBookingView, toSessionView, type BookingDoc, type SessionDoc } from '@core/booking'
import { atWallClock, DAY_MS, HOUR_MS, MINUTE_MS } from '@core/time'
import { validate } from '@core/schema'

const START = atWallClock('2025-12-02', '19:00')

describe('course action inputs', () => {
  it('listSessions: optional range (at most 62 days), course and filter', () => {
    expect(validate(listSessionsSchema, {})).toEqual({ ok: true, value: {} })
    expect(validate(listSessionsSchema, { from: START, to: START + 14 * DAY_MS, filter: { evening: true } })).toEqual({
      ok: true,
      value: { from: START, to: START + 14 * DAY_MS, filter: { evening: true } }
    })
    expect(validate(listSessionsSchema, { from: START, to: START })).toMatchObject({ field: 'to', message: '结束时间要晚于开始时间' })
    expect(validate(listSessionsSchema, { from: START, to: START + 63 * DAY_MS })).toMatchObject({
      field: 'to',
      message: '一次最多查看62天的课程'
    })
    expect(validate(listSessionsSchema, { from: START / 1000 })).toMatchObject({ field: 'from', message: '开始时间不是有效的时间' })
    expect(validate(listSessionsSchema, { filter: { weekend: 1 } })).toMatchObject({ field: 'filter.weekend' })
  })

  it('book: a session id and an optional request id for retries', () => {
    expect(validate(bookSchema, { sessionId: 'yoga-202512021900', requestId: 'r-9f8e7d6c' })).toMatchObject({ ok: true })
    expect(validate(bookSchema, { sessionId: 'yoga 1' })).toMatchObject({ field: 'sessionId', message: '课程场次不正确' })
    expect(validate(bookSchema, { sessionId: 'yoga', requestId: 'x' })).toMatchObject({ field: 'requestId' })
    expect(validate(bookSchema, { sessionId: 'yoga', status: 'confirmed' })).toMatchObject({ field: 'status' })
    expect(validate(bookSchema, {})).toMatchObject({ field: 'sessionId', message: '请填写课程场次' })
  })

  it('saveCourse: course fields with Chinese labels, the policy checked as a whole', () => {
    const course = {
      title: ' 瑜伽 ',
      category: '健康',
      description: '舒展身体，\n缓解久坐和骑行的疲劳',
      cover: '',
      instructor: '李老师',
      venueId: 'venue-youlin',
      policy: { weeklyLimit: 2 }
    }
    expect(validate(saveCourseSchema, course)).toEqual({ ok: true, value: { ...course, title: '瑜伽' } })
    expect(validate(saveCourseSchema, { ...course, title: '' })).toMatchObject({ field: 'title', message: '请填写课程名称' })
    expect(validate(saveCourseSchema, { ...course, category: '体育' })).toMatchObject({ field: 'category', message: '课程类别不在可选范围内' })
    expect(validate(saveCourseSchema, { ...course, cover: 'http://x/y.png' })).toMatchObject({ field: 'cover' })
    expect(validate(saveCourseSchema, { ...course, policy: { opensBeforeH: 48, lottery: { closesBeforeH: 72 } } })).toMatchObject({
      field: 'policy.lottery.closesBeforeH',
      message: '抽签截止要在报名开放之后'
    })
  })

  it('generateSessions: the rule’s errors point into it', () => {
    const rule = { weekdays: [2], startTime: '19:00', durationMin: 90, from: '2025-12-01', until: '2025-12-31', capacity: 20 }
    expect(validate(generateSessionsSchema, { courseId: 'yoga', rule })).toMatchObject({ ok: true })
    expect(validate(generateSessionsSchema, { courseId: 'yoga', rule: { ...rule, until: '2025-11-01' } })).toMatchObject({
      field: 'rule.until',
      message: '结束日期不能早于开始日期'
    })
  })

  it('updateSession: something to change; start and end together, 15–480 minutes apart', () => {
    expect(validate(updateSessionSchema, { sessionId: 's' })).toMatchObject({ ok: false, message: '没有需要保存的修改' })
    expect(validate(updateSessionSchema, { sessionId: 's', capacity: 25 })).toMatchObject({ ok: true })
    expect(validate(updateSessionSchema, { sessionId: 's', startAt: START })).toMatchObject({ field: 'endAt', message: '请同时填写开始和结束时间' })
    expect(validate(updateSessionSchema, { sessionId: 's', startAt: START, endAt: START + 10 * MINUTE_MS })).toMatchObject({
      field: 'endAt',
      message: '每节课时长应在15–480分钟之间'
    })
    expect(validate(updateSessionSchema, { sessionId: 's', startAt: START, endAt: START + HOUR_MS })).toMatchObject({ ok: true })
  })

  it('exportRoster: exactly one of a session or a course', () => {
    expect(validate(exportRosterSchema, { sessionId: 's' })).toMatchObject({ ok: true })
    expect(validate(exportRosterSchema, { courseId: 'c' })).toMatchObject({ ok: true })
    expect(validate(exportRosterSchema, {})).toMatchObject({ ok: false, message: '请选择要导出的一节课或一门课程' })
    expect(validate(exportRosterSchema, { sessionId: 's', courseId: 'c' })).toMatchObject({ ok: false })
  })

  it('checkin and markAttendance', () => {
    expect(validate(checkinSchema, { sessionId: 's', code: ' 012345 ' })).toEqual({ ok: true, value: { sessionId: 's', code: '012345' } })
    expect(validate(checkinSchema, { sessionId: 's', code: '12345' })).toMatchObject({ field: 'code', message: '签到码应为6位数字' })
    expect(validate(markAttendanceSchema, { sessionId: 's', openid: 'demo-rider', attended: 'yes' })).toMatchObject({
      field: 'attended'
    })
  })
})

describe('views', () => {
  const doc: SessionDoc = {
    _id: 'yoga-202512021900',
    courseId: 'yoga',
    title: '瑜伽',
    category: '健康',
    venueId: 'venue-youlin',
    startAt: START,
    endAt: START + 90 * MINUTE_MS,
    capacity: 20,
    booked: 20,
    waitlisted: 4,
    waitlistSeq: 6,
    status: 'scheduled',
    checkinSecret: 'server-only',
    createdAt: 1,
    updatedAt: 2
  }

  it('a session never shows its check-in secret and says how booking works', () => {
    const view = toSessionView(doc, resolvePolicy({}))
    expect(view).toEqual({
      _id: doc._id,
      courseId: 'yoga',
      title: '瑜伽',
      category: '健康',
      venueId: 'venue-youlin',
      startAt: START,
      endAt: START + 90 * MINUTE_MS,
      capacity: 20,
      booked: 20,
      seatsLeft: 0,
      waitlisted: 4,
      status: 'scheduled',
      mode: 'first-come',
      bookingOpensAt: START - 168 * HOUR_MS,
      bookingClosesAt: START - 30 * MINUTE_MS,
      cancelDeadlineAt: START - 120 * MINUTE_MS
    })
    expect(JSON.stringify(view)).not.toContain('server-only')
  })

  it('a lottery session shows its draw time until drawn', () => {
    const lottery = resolvePolicy({ lottery: { closesBeforeH: 48 } })
    expect(toSessionView(doc, lottery)).toMatchObject({ mode: 'lottery', drawAt: START - 48 * HOUR_MS })
    expect(toSessionView({ ...doc, drawnAt: START - 47 * HOUR_MS }, lottery)).toMatchObject({
      mode: 'first-come',
      drawnAt: START - 47 * HOUR_MS
    })
  })

  it('a booking shows the displayed position only while waiting, and no openid', () => {
    const booking: BookingDoc = {
      ...newBookingDoc({ ...doc, courseId: 'yoga', startAt: START, endAt: START + 90 * MINUTE_MS }, 'demo-rider', 'waitlisted', 1),
      position: 6,
      requestId: 'r-12345678'
    }
    expect(booking._id).toBe('yoga-202512021900_demo-rider')
    expect(toBookingView(booking, 2)).toEqual({
      _id: booking._id,
      sessionId: doc._id,
      courseId: 'yoga',
      status: 'waitlisted',
      position: 2,
      startAt: START,
      endAt: START + 90 * MINUTE_MS,
      createdAt: 1,
      updatedAt: 1
    })
    expect(toBookingView({ ...booking, status: 'confirmed' }, 2)).not.toHaveProperty('position')
    expect(toBookingView({ ...booking, status: 'held', holdUntilAt: START - HOUR_MS })).toMatchObject({ holdUntilAt: START - HOUR_MS })
  })
})
