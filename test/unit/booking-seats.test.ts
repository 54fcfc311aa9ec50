/**
 * The seat table of a session read and changed in memory (core/booking/seats.ts): where a person is, who gets a freed
 * seat, and the session after each kind of seat change — the same changes the function writes to the database.
 */
import {
  afterCheckIn,
  afterFree,
  afterGiven,
  freedSeatHandover,
  placeOf,
  queueEntries,
  resolvePolicy,
  seatState,
  statusNow,
  stillFreeable,
  newBookingDoc,
  type SessionDoc
} from '@core/booking'
import { atWallClock, HOUR_MS, MINUTE_MS } from '@core/time'

const START = atWallClock('2025-12-02', '19:00')
const policy = resolvePolicy({}) // cutoff 120 min, hold 30 min
const BEFORE_CUTOFF = START - 3 * HOUR_MS
const AFTER_CUTOFF = START - HOUR_MS

/** A full class of two: a and b seated (b checked in), c left the queue, d and e wait. */
function session(over: Partial<SessionDoc> = {}): SessionDoc {
  return {
    _id: 'yoga-202512021900',
    courseId: 'yoga',
    title: '瑜伽',
    category: '健康',
    venueId: 'venue-youlin',
    startAt: START,
    endAt: START + 90 * MINUTE_MS,
    capacity: 2,
    booked: 2,
    waitlisted: 2,
    waitlistSeq: 3,
    status: 'scheduled',
    checkinSecret: 's',
    seats: { a: { at: 1 }, b: { at: 2, checkedInAt: 3 } },
    queue: ['', 'd', 'e'],
    waiting: { d: 10, e: 11 },
    createdAt: 0,
    updatedAt: 0,
    ...over
  }
}

describe('where the session has a person', () => {
  it('in a seat: confirmed, held (a hold not yet confirmed) or attended (checked in)', () => {
    const s = session({ seats: { a: { at: 1 }, h: { at: 1, holdUntilAt: START }, b: { at: 2, checkedInAt: 3 } } })
    expect(seatState(s, 'a')).toEqual({ kind: 'seat', entry: { at: 1 }, status: 'confirmed' })
    expect(seatState(s, 'h')).toMatchObject({ kind: 'seat', status: 'held' })
    expect(seatState(s, 'b')).toMatchObject({ kind: 'seat', status: 'attended' })
  })

  it('waiting: the stored sequence number, and the displayed position among those still waiting', () => {
    expect(seatState(session(), 'd')).toEqual({ kind: 'queued', index: 1, position: 2, shown: 1 })
    expect(seatState(session(), 'e')).toEqual({ kind: 'queued', index: 2, position: 3, shown: 2 })
    expect(seatState(session(), 'nobody')).toEqual({ kind: 'none' })
  })

  it('lists the queue without the entries that left', () => {
    expect(queueEntries(session()).map((e) => [e.openid, e.index, e.position, e._id])).toEqual([
      ['d', 1, 2, 'yoga-202512021900_d'],
      ['e', 2, 3, 'yoga-202512021900_e']
    ])
  })

  it('with the seat entry looked up by the database: the entry decides, else the queue', () => {
    const { seats: _seats, ...withoutSeats } = session()
    expect(placeOf(withoutSeats, 'a', { at: 1, holdUntilAt: START })).toMatchObject({ kind: 'seat', status: 'held' })
    expect(placeOf(withoutSeats, 'e', null)).toMatchObject({ kind: 'queued', shown: 2 })
    expect(placeOf({ _id: 'x' }, 'a', undefined)).toEqual({ kind: 'none' })
  })
})

describe('the status that counts', () => {
  const booking = (status: 'confirmed' | 'waitlisted' | 'held' | 'cancelled' | 'attended', over = {}) =>
    newBookingDoc(session(), 'p', status, 1, over)

  it('the seat table wins over a booking that has not caught up', () => {
    expect(statusNow({ kind: 'seat', entry: { at: 1 }, status: 'confirmed' }, booking('waitlisted'))).toEqual({ status: 'confirmed' })
    expect(statusNow({ kind: 'queued', index: 0, position: 1, shown: 1 }, null)).toEqual({ status: 'waitlisted' })
  })

  it('a booking holding a seat or a place the session no longer shows was released: it counts as cancelled', () => {
    for (const s of ['confirmed', 'held', 'waitlisted'] as const) expect(statusNow({ kind: 'none' }, booking(s))).toEqual({ status: 'cancelled' })
    expect(statusNow({ kind: 'none' }, booking('attended'))).toEqual({ status: 'attended' })
    expect(statusNow({ kind: 'none' }, null)).toBeNull()
  })

  it('a lottery entry is not in the seat table before the draw: its booking speaks for itself', () => {
    expect(statusNow({ kind: 'none' }, booking('waitlisted', { lottery: 'entered' }))).toEqual({ status: 'waitlisted' })
  })
})

describe('who gets a freed seat', () => {
  it('before the cutoff the head of the queue, at once; after it, as a hold until now + 30 min', () => {
    expect(freedSeatHandover(session(), policy, BEFORE_CUTOFF)).toEqual({ handover: { kind: 'promote', openid: 'd' }, index: 1 })
    expect(freedSeatHandover(session(), policy, AFTER_CUTOFF)).toEqual({
      handover: { kind: 'hold', openid: 'd', holdUntilAt: AFTER_CUTOFF + 30 * MINUTE_MS },
      index: 1
    })
  })

  it('nobody once the class started, with nobody waiting, or while a lottery is pending', () => {
    expect(freedSeatHandover(session(), policy, START)).toEqual({ handover: { kind: 'open', reason: 'started' }, index: -1 })
    expect(freedSeatHandover(session({ queue: ['', ''] }), policy, BEFORE_CUTOFF).handover).toEqual({ kind: 'open', reason: 'empty' })
    const lottery = resolvePolicy({ lottery: { closesBeforeH: 24 } })
    expect(freedSeatHandover(session(), lottery, BEFORE_CUTOFF).handover).toEqual({ kind: 'open', reason: 'lottery-pending' })
  })

  it('frees only the seats its caller may free: a run-out hold for the timer, an unclaimed seat for the release', () => {
    const now = START
    expect(stillFreeable(undefined, undefined, now)).toBe(false)
    expect(stillFreeable({ at: 1 }, undefined, now)).toBe(true)
    expect(stillFreeable({ at: 1, holdUntilAt: now }, 'expired-hold', now)).toBe(true)
    expect(stillFreeable({ at: 1, holdUntilAt: now + 1 }, 'expired-hold', now)).toBe(false)
    expect(stillFreeable({ at: 1 }, 'expired-hold', now)).toBe(false)
    expect(stillFreeable({ at: 1 }, 'unclaimed', now)).toBe(true)
    expect(stillFreeable({ at: 1, checkedInAt: 2 }, 'unclaimed', now)).toBe(false)
  })
})

describe('the session after a seat change', () => {
  const now = BEFORE_CUTOFF

  it('a seat handed over: the freer is out, the head is seated and leaves the queue; booked stays', () => {
    const after = afterFree(session(), 'a', { kind: 'promote', openid: 'd' }, 1, now)
    expect(after).toMatchObject({ booked: 2, waitlisted: 1, queue: ['', '', 'e'], waiting: { e: 11 }, updatedAt: now })
    expect(after.seats).toEqual({ b: { at: 2, checkedInAt: 3 }, d: { at: now } })
  })

  it('a seat that opens: one fewer booked, the queue untouched', () => {
    const after = afterFree(session(), 'a', { kind: 'open', reason: 'started' }, -1, now)
    expect(after).toMatchObject({ booked: 1, waitlisted: 2, queue: ['', 'd', 'e'] })
    expect(Object.keys(after.seats ?? {})).toEqual(['b'])
  })

  it('a free seat given to the head as a hold: one more booked, the hold on the new seat', () => {
    const after = afterGiven(session({ capacity: 3 }), { kind: 'hold', openid: 'd', holdUntilAt: START }, 1, now)
    expect(after).toMatchObject({ booked: 3, waitlisted: 1, queue: ['', '', 'e'] })
    expect(after.seats?.d).toEqual({ at: now, holdUntilAt: START })
  })

  it('a check-in: a hold becomes theirs; a walk-in takes a free seat, from the queue if they waited', () => {
    const held = session({ seats: { a: { at: 1, holdUntilAt: START } } })
    expect(afterCheckIn(held, 'a', now, null).seats?.a).toEqual({ at: 1, checkedInAt: now })
    const walkIn = afterCheckIn(session({ capacity: 3 }), 'w', now, {})
    expect(walkIn).toMatchObject({ booked: 3, waitlisted: 2 })
    expect(walkIn.seats?.w).toEqual({ at: now, checkedInAt: now })
    const fromQueue = afterCheckIn(session({ capacity: 3 }), 'e', now, { fromQueue: 2 })
    expect(fromQueue).toMatchObject({ booked: 3, waitlisted: 1, queue: ['', 'd', ''], waiting: { d: 10 } })
  })

  it('leaves the session it was given unchanged', () => {
    const before = session()
    const copy: unknown = JSON.parse(JSON.stringify(before))
    afterFree(before, 'a', { kind: 'promote', openid: 'd' }, 1, now)
    afterGiven(before, { kind: 'promote', openid: 'e' }, 2, now)
    afterCheckIn(before, 'd', now, { fromQueue: 1 })
    expect(before).toEqual(copy)
  })
})
