/**
 * The person's booking document (core/booking/bookings.ts): its one factory, how it follows the seat table, and the
 * booking after each change; plus the strike bound that lets `book` skip reading strike records.
 */
import {
  bookingFromSession,
  cancelledBooking,
  confirmedHoldBooking,
  handedOverBooking,
  handoverChange,
  lotteryEntryBooking,
  newBookingDoc,
  resolvePolicy,
  strikeBound,
  strikesMayShorten,
  type BookingDoc,
  type SeatState
} from '@core/booking'
import { atWallClock, DAY_MS, HOUR_MS, MINUTE_MS } from '@core/time'

const START = atWallClock('2025-12-02', '19:00')
const session = { _id: 'yoga-202512021900', courseId: 'yoga', startAt: START, endAt: START + 90 * MINUTE_MS }
const NOW = START - DAY_MS
const EARLIER = NOW - HOUR_MS

const seat: SeatState = { kind: 'seat', entry: { at: NOW }, status: 'confirmed' }
const queued: SeatState = { kind: 'queued', index: 4, position: 5, shown: 2 }

describe('newBookingDoc, the one shape of a booking', () => {
  it('carries its deterministic id, the session copy, the status and both timestamps', () => {
    expect(newBookingDoc(session, 'rider', 'confirmed', NOW)).toEqual({
      _id: 'yoga-202512021900_rider',
      sessionId: 'yoga-202512021900',
      courseId: 'yoga',
      openid: 'rider',
      status: 'confirmed',
      startAt: START,
      endAt: START + 90 * MINUTE_MS,
      createdAt: NOW,
      updatedAt: NOW
    })
  })

  it('takes extras, including an earlier creation time', () => {
    expect(newBookingDoc(session, 'rider', 'waitlisted', NOW, { position: 3, createdAt: EARLIER })).toMatchObject({
      status: 'waitlisted',
      position: 3,
      createdAt: EARLIER,
      updatedAt: NOW
    })
  })
})

describe('a booking follows the seat table', () => {
  it('a new seat: a fresh confirmed booking with the request and the accepted templates', () => {
    const next = bookingFromSession(session, 'rider', seat, null, { requestId: 'req-12345678', subscribe: ['confirmed'] }, NOW)
    expect(next).toEqual({ ...newBookingDoc(session, 'rider', 'confirmed', NOW), requestId: 'req-12345678', subscribe: ['confirmed'] })
  })

  it('a message is written only for a template the person accepted', () => {
    const subscribed = bookingFromSession(session, 'r', seat, null, { subscribe: ['confirmed'], notice: 'confirmed' }, NOW)
    expect(subscribed).toMatchObject({ notices: [{ kind: 'confirmed', at: NOW }], noticePending: true })
    const not = bookingFromSession(session, 'r', seat, null, { subscribe: ['reminder'], notice: 'confirmed' }, NOW)
    expect(not).not.toHaveProperty('notices')
  })

  it('in the queue: waitlisted with the stored sequence number', () => {
    expect(bookingFromSession(session, 'r', queued, null, {}, NOW)).toMatchObject({ status: 'waitlisted', position: 5 })
  })

  it('a cancelled booking starts afresh but keeps when it was first made', () => {
    const old = { ...newBookingDoc(session, 'r', 'cancelled', EARLIER), lateCancel: true, cancelledAt: EARLIER }
    const next = bookingFromSession(session, 'r', seat, old, {}, NOW) as BookingDoc
    expect(next).toEqual(newBookingDoc(session, 'r', 'confirmed', NOW, { createdAt: EARLIER }))
  })

  it('a hold or a check-in in the seat table shows on the booking; a stale hold time goes', () => {
    const current = newBookingDoc(session, 'r', 'waitlisted', EARLIER, { position: 5 })
    const held: SeatState = { kind: 'seat', entry: { at: NOW, holdUntilAt: START }, status: 'held' }
    expect(bookingFromSession(session, 'r', held, current, {}, NOW)).toMatchObject({ status: 'held', holdUntilAt: START, updatedAt: NOW })
    const came: SeatState = { kind: 'seat', entry: { at: NOW, checkedInAt: NOW }, status: 'attended' }
    const attended = bookingFromSession(session, 'r', came, { ...current, holdUntilAt: START }, { walkIn: true }, NOW)
    expect(attended).toMatchObject({ status: 'attended', checkedInAt: NOW, walkIn: true })
    expect(attended).not.toHaveProperty('holdUntilAt')
  })

  it('null when the stored booking already matches (a second tap changes nothing)', () => {
    expect(bookingFromSession(session, 'r', seat, newBookingDoc(session, 'r', 'confirmed', EARLIER), {}, NOW)).toBeNull()
    expect(bookingFromSession(session, 'r', queued, newBookingDoc(session, 'r', 'waitlisted', EARLIER, { position: 5 }), {}, NOW)).toBeNull()
    expect(bookingFromSession(session, 'r', queued, newBookingDoc(session, 'r', 'waitlisted', EARLIER, { position: 4 }), {}, NOW)).not.toBeNull()
  })
})

describe('the booking after each change', () => {
  it('a lottery entry: waitlisted, entered, no position', () => {
    const entry = lotteryEntryBooking(session, 'r', null, { requestId: 'req-12345678' }, NOW)
    expect(entry).toEqual({ ...newBookingDoc(session, 'r', 'waitlisted', NOW, { lottery: 'entered' }), requestId: 'req-12345678' })
  })

  it('a seat handed over from the waitlist: promoted at once, or held until a time', () => {
    expect(handoverChange({ kind: 'promote', openid: 'r' }, NOW)).toEqual({ status: 'confirmed', promotedAt: NOW })
    expect(handoverChange({ kind: 'hold', openid: 'r', holdUntilAt: START }, NOW)).toEqual({ status: 'held', holdUntilAt: START, promotedAt: NOW })
  })

  it('a handed-over seat whose booking was not written yet: created with its place and the message', () => {
    expect(handedOverBooking(session, { kind: 'hold', openid: 'r', holdUntilAt: START }, 6, NOW)).toEqual(
      newBookingDoc(session, 'r', 'held', NOW, {
        position: 7,
        holdUntilAt: START,
        promotedAt: NOW,
        notices: [{ kind: 'held', at: NOW }],
        noticePending: true
      })
    )
  })

  it('cancelled: the hold goes, a late cancel is marked', () => {
    const held = newBookingDoc(session, 'r', 'held', EARLIER, { holdUntilAt: START })
    expect(cancelledBooking(held, false, NOW)).toEqual({ ...newBookingDoc(session, 'r', 'cancelled', EARLIER), cancelledAt: NOW, updatedAt: NOW })
    expect(cancelledBooking(newBookingDoc(session, 'r', 'confirmed', EARLIER), true, NOW)).toMatchObject({ lateCancel: true })
  })

  it('a confirmed hold: confirmed, without the hold time', () => {
    const held = newBookingDoc(session, 'r', 'held', EARLIER, { holdUntilAt: START })
    expect(confirmedHoldBooking(held, NOW)).toEqual({ ...newBookingDoc(session, 'r', 'confirmed', EARLIER), updatedAt: NOW })
  })
})

describe('the strike bound of book', () => {
  const past = (daysAgo: number, status: BookingDoc['status'], lateCancel?: true) => ({ startAt: NOW - daysAgo * DAY_MS, status, lateCancel })

  it('adds a point per no-show and half per late cancel of classes in the last 30 days that have started', () => {
    const mine = [past(3, 'no_show'), past(5, 'cancelled', true), past(6, 'cancelled'), past(2, 'attended'), past(31, 'no_show'), past(-1, 'no_show')]
    expect(strikeBound(mine, NOW)).toBe(1.5)
    expect(strikeBound([], NOW)).toBe(0)
  })

  it('makes the records worth reading only when they could still keep booking closed', () => {
    const policy = resolvePolicy({}) // opens 168 h before
    const farAhead = NOW + 100 * HOUR_MS
    expect(strikesMayShorten(farAhead, policy, 3, NOW)).toBe(true)
    expect(strikesMayShorten(farAhead, policy, 2.5, NOW)).toBe(false)
    // Within the shortened window (24 h before) booking is open anyway.
    expect(strikesMayShorten(NOW + 20 * HOUR_MS, policy, 3, NOW)).toBe(false)
    // A course that opens only 24 h before is never shortened.
    expect(strikesMayShorten(farAhead, resolvePolicy({ opensBeforeH: 24 }), 5, NOW)).toBe(false)
  })
})
