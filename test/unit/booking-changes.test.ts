/**
 * The organizer's decisions about a session (core/booking/changes.ts, attendance.ts): what updateSession writes or
 * why it refuses, whether cancelSession flips the class, and what marking attendance does to the seat and the booking.
 */
import { DomainError } from '@core/api/result'
import {
  absentBooking,
  attendanceChanged,
  attendanceDecision,
  attendanceMarks,
  attendedBooking,
  cancelSessionDecision,
  newBookingDoc,
  sessionEditConflict,
  sessionEditPlan,
  seatsProblem,
  type SeatState
} from '@core/booking'
import { atWallClock, HOUR_MS, MINUTE_MS } from '@core/time'

const START = atWallClock('2025-12-02', '19:00')
const END = START + 90 * MINUTE_MS
const NOW = START - 5 * HOUR_MS
const session = { status: 'scheduled' as const, startAt: START, endAt: END, capacity: 10, booked: 6 }

const refusal = (fn: () => unknown): { code: string; message: string; field?: string } => {
  try {
    fn()
  } catch (e) {
    if (e instanceof DomainError) return { code: e.code, message: e.message, ...(e.field ? { field: e.field } : {}) }
    throw e
  }
  throw new Error('expected a refusal')
}

describe('updateSession', () => {
  it('writes what changed: seats, a moved time, the note', () => {
    expect(sessionEditPlan(session, { capacity: 12 }, NOW)).toEqual({ capacity: 12, addsSeats: true })
    expect(sessionEditPlan(session, { capacity: 8 }, NOW)).toEqual({ capacity: 8, addsSeats: false })
    const later = START + HOUR_MS
    expect(sessionEditPlan(session, { startAt: later, endAt: later + HOUR_MS, note: '' }, NOW)).toEqual({
      times: { startAt: later, endAt: later + HOUR_MS },
      note: '',
      addsSeats: false
    })
  })

  it('the same time again is no move (nobody is told)', () => {
    expect(sessionEditPlan(session, { startAt: START, endAt: END, note: '带瑜伽垫' }, NOW)).toEqual({ note: '带瑜伽垫', addsSeats: false })
  })

  it('refuses a cancelled or started class and a start in the past', () => {
    expect(refusal(() => sessionEditPlan({ ...session, status: 'cancelled' }, { capacity: 3 }, NOW))).toEqual({ code: 'CONFLICT', message: '这节课已取消，不能再修改' })
    expect(refusal(() => sessionEditPlan(session, { capacity: 3 }, START))).toMatchObject({ code: 'CONFLICT', message: '课程已经开始，不能再修改' })
    expect(refusal(() => sessionEditPlan(session, { startAt: NOW, endAt: NOW + HOUR_MS }, NOW))).toEqual({
      code: 'INVALID_INPUT',
      message: '开始时间已经过了',
      field: 'startAt'
    })
  })

  it('refuses fewer seats than people holding one, with the words the edit sheet shows before confirming', () => {
    expect(seatsProblem(6, 6)).toBeUndefined()
    expect(seatsProblem(6, undefined)).toBeUndefined()
    expect(seatsProblem(6, 5)).toEqual({ message: '已有6人占了座位，名额不能少于6人', path: ['capacity'] })
    expect(refusal(() => sessionEditPlan(session, { capacity: 5 }, NOW))).toEqual({ code: 'CONFLICT', message: '已有6人占了座位，名额不能少于6人', field: 'capacity' })
    expect(sessionEditPlan(session, { capacity: 6 }, NOW)).toEqual({ capacity: 6, addsSeats: false })
  })

  it('explains a write that found the session changed', () => {
    expect(refusal(() => { throw sessionEditConflict({ status: 'cancelled', booked: 0 }, {}) })).toMatchObject({ message: '这节课刚刚被取消了' })
    expect(refusal(() => { throw sessionEditConflict({ status: 'scheduled', booked: 7 }, { capacity: 5 }) })).toEqual({
      code: 'CONFLICT',
      message: '已有7人占了座位，名额不能少于7人',
      field: 'capacity'
    })
    expect(refusal(() => { throw sessionEditConflict({ status: 'scheduled', booked: 3 }, { capacity: 5 }) })).toMatchObject({ message: '这节课刚刚有变动，请刷新后再试' })
  })
})

describe('cancelSession', () => {
  it('flips a scheduled class, refuses a started one, and only finishes up a cancelled one', () => {
    expect(cancelSessionDecision(session, NOW)).toBe('flip')
    expect(refusal(() => cancelSessionDecision(session, START))).toMatchObject({ code: 'CONFLICT', message: '课程已经开始，不能取消了' })
    expect(cancelSessionDecision({ status: 'cancelled', startAt: START }, START + HOUR_MS)).toBe('already-cancelled')
  })
})

describe('markAttendance', () => {
  const s = { _id: 's1', courseId: 'yoga', startAt: START, endAt: END }
  const OPEN = START - 15 * MINUTE_MS
  const seated: SeatState = { kind: 'seat', entry: { at: NOW }, status: 'confirmed' }
  const none: SeatState = { kind: 'none' }
  const confirmed = newBookingDoc(s, 'p', 'confirmed', NOW)

  it('is refused without a booking, for a cancelled class, and before check-in opens', () => {
    expect(refusal(() => attendanceDecision(session, none, null, true, OPEN))).toEqual({ code: 'NOT_FOUND', message: '这位学员没有预约这节课', field: 'openid' })
    expect(refusal(() => attendanceDecision({ ...session, status: 'cancelled' }, seated, confirmed, true, OPEN))).toMatchObject({ message: '这节课已取消' })
    expect(refusal(() => attendanceDecision(session, seated, confirmed, true, OPEN - 1))).toMatchObject({ code: 'CONFLICT' })
    expect(attendanceDecision(session, seated, confirmed, true, OPEN)).toEqual({ kind: 'present' })
  })

  it('offers 到场 from when check-in opens and 未到 only from the start; refuses 未到 before it', () => {
    expect(attendanceMarks(session, OPEN - 1)).toEqual({ present: false, absent: false })
    expect(attendanceMarks(session, OPEN)).toEqual({ present: true, absent: false })
    expect(attendanceMarks(session, START)).toEqual({ present: true, absent: true })
    expect(attendanceMarks({ ...session, status: 'cancelled' }, START)).toEqual({ present: false, absent: false })
    expect(refusal(() => attendanceDecision(session, seated, confirmed, false, START - 1))).toEqual({ code: 'CONFLICT', message: '还没开课，19:00 开课后才能记未到' })
    expect(attendanceDecision(session, seated, confirmed, true, START - 1)).toEqual({ kind: 'present' })
  })

  it('absent frees a seat the session has; nobody waiting or without a seat can be absent', () => {
    expect(attendanceDecision(session, seated, confirmed, false, START)).toEqual({ kind: 'absent', freesSeat: true })
    // Released at start + 10 min already: the booking says no_show, the seat is gone.
    expect(attendanceDecision(session, none, { ...confirmed, status: 'no_show' }, false, START)).toEqual({ kind: 'absent', freesSeat: false })
    const queued: SeatState = { kind: 'queued', index: 0, position: 1, shown: 1 }
    expect(refusal(() => attendanceDecision(session, queued, confirmed, false, START))).toMatchObject({ message: '这位学员还在候补，没有座位' })
    expect(refusal(() => attendanceDecision(session, none, { ...confirmed, status: 'cancelled' }, false, START))).toMatchObject({ message: '这位学员已取消预约' })
    expect(refusal(() => attendanceDecision(session, none, { ...confirmed, status: 'waitlisted' }, false, START))).toMatchObject({ message: '这位学员还没有座位' })
  })

  it('the booking says attended (a walk-in when they took a free seat), or no_show without a check-in', () => {
    const held = { ...confirmed, status: 'held' as const, holdUntilAt: START }
    expect(attendedBooking(held, OPEN, true, START)).toEqual({ ...confirmed, status: 'attended', checkedInAt: OPEN, walkIn: true, updatedAt: START })
    const came = attendedBooking(confirmed, OPEN, false, START)
    expect(came).not.toHaveProperty('walkIn')
    expect(absentBooking(came, START + HOUR_MS)).toEqual({ ...confirmed, status: 'no_show', updatedAt: START + HOUR_MS })
  })

  it('marking again the same way changes nothing', () => {
    const came = attendedBooking(confirmed, OPEN, false, START)
    expect(attendanceChanged(came, attendedBooking(came, OPEN, false, START + 1))).toBe(false)
    expect(attendanceChanged(came, attendedBooking(came, OPEN + 1, false, START + 1))).toBe(true)
    expect(attendanceChanged(confirmed, absentBooking(confirmed, START))).toBe(true)
  })
})
