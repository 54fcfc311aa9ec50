import { DomainError } from '@core/api/result'
import {
  allocateFreedSeats,
  confirmHoldAction,
  decideFreedSeat,
  displayPosition,
  displayPositions,
  expiredHolds,
  resolvePolicy,
  waitlistQueue,
  type BookingStatus,
  type WaitlistEntry
} from '@core/booking'
import { atWallClock, MINUTE_MS } from '@core/time'

const policy = resolvePolicy({}) // cutoff 120 min, hold 30 min
const START = atWallClock('2025-12-02', '19:00')
const session = { startAt: START, status: 'scheduled' as const }
const entry = (_id: string, position: number | undefined, status: BookingStatus = 'waitlisted'): WaitlistEntry =>
  position === undefined ? { _id, status } : { _id, status, position }

// Stored sequence numbers 1..5; #2 left (cancelled), #4 was promoted.
const entries = [
  entry('e', 5),
  entry('a', 1),
  entry('b', 2, 'cancelled'),
  entry('c', 3),
  entry('d', 4, 'confirmed')
]

describe('waitlist positions', () => {
  it('queues the people still waiting by sequence number', () => {
    expect(waitlistQueue(entries).map((e) => e._id)).toEqual(['a', 'c', 'e'])
  })

  it('shows 1 + the number still waiting ahead, so positions shrink as people leave', () => {
    expect(displayPosition(1, entries)).toBe(1)
    expect(displayPosition(3, entries)).toBe(2)
    expect(displayPosition(5, entries)).toBe(3)
    const afterHeadLeaves = entries.map((e) => (e._id === 'a' ? { ...e, status: 'cancelled' as const } : e))
    expect(displayPosition(5, afterHeadLeaves)).toBe(2)
    expect(displayPositions(entries)).toEqual(new Map([['a', 1], ['c', 2], ['e', 3]]))
  })

  it('leaves lottery entrants without a position out of the queue', () => {
    expect(waitlistQueue([entry('x', undefined), entry('y', 7)]).map((e) => e._id)).toEqual(['y'])
  })

  it('gives positions without gaps or repeats for any number of joins', () => {
    const many = Array.from({ length: 970 }, (_, i) => entry(`u${i}`, i + 31))
    const shown = [...displayPositions(many).values()]
    expect(shown).toEqual(Array.from({ length: 970 }, (_, i) => i + 1))
  })
})

describe('a freed seat', () => {
  const cutoff = START - 120 * MINUTE_MS

  it('before the cutoff goes to the head of the waitlist at once', () => {
    expect(decideFreedSeat(session, entries, policy, cutoff - 1)).toEqual({ kind: 'promote', booking: entries[1] })
  })

  it('from the cutoff on is held for the head for 30 minutes', () => {
    expect(decideFreedSeat(session, entries, policy, cutoff)).toEqual({
      kind: 'hold',
      booking: entries[1],
      holdUntilAt: cutoff + 30 * MINUTE_MS
    })
  })

  it('a hold offered just before the start lasts only until the start', () => {
    expect(decideFreedSeat(session, entries, policy, START - 10 * MINUTE_MS)).toMatchObject({
      kind: 'hold',
      holdUntilAt: START
    })
  })

  it('after the start stays open for walk-ins', () => {
    expect(decideFreedSeat(session, entries, policy, START)).toEqual({ kind: 'open', reason: 'started' })
  })

  it('stays open when nobody waits, the waitlist is off, or the session was cancelled', () => {
    expect(decideFreedSeat(session, [], policy, cutoff - 1)).toEqual({ kind: 'open', reason: 'empty' })
    expect(decideFreedSeat(session, entries, resolvePolicy({ waitlist: false }), cutoff - 1)).toEqual({
      kind: 'open',
      reason: 'empty'
    })
    expect(decideFreedSeat({ ...session, status: 'cancelled' }, entries, policy, cutoff - 1)).toEqual({
      kind: 'open',
      reason: 'cancelled'
    })
  })

  it('before a lottery draw is left for the draw; after it the losers are the waitlist', () => {
    const lottery = resolvePolicy({ lottery: { closesBeforeH: 48 } })
    expect(decideFreedSeat(session, entries, lottery, cutoff - 1)).toEqual({ kind: 'open', reason: 'lottery-pending' })
    expect(decideFreedSeat({ ...session, drawnAt: START - 48 * 3600_000 }, entries, lottery, cutoff - 1)).toMatchObject({
      kind: 'promote',
      booking: { _id: 'a' }
    })
  })

  it('several freed seats go down the queue, the rest stay open', () => {
    const decisions = allocateFreedSeats(session, entries, policy, cutoff - 1, 4)
    expect(decisions.map((d) => (d.kind === 'open' ? d.kind : `${d.kind}:${d.booking._id}`))).toEqual([
      'promote:a',
      'promote:c',
      'promote:e',
      'open'
    ])
    expect(allocateFreedSeats(session, entries, policy, cutoff, 2).map((d) => d.kind)).toEqual(['hold', 'hold'])
  })
})

describe('holds', () => {
  const holdUntilAt = START - 60 * MINUTE_MS
  const held = { _id: 'h', status: 'held' as const, holdUntilAt }

  it('expire at holdUntilAt', () => {
    const bookings = [held, { _id: 'c', status: 'confirmed' as const }]
    expect(expiredHolds(bookings, holdUntilAt - 1)).toEqual([])
    expect(expiredHolds(bookings, holdUntilAt)).toEqual([held])
  })

  it('can be confirmed until then, and confirming twice is harmless', () => {
    expect(confirmHoldAction(held, holdUntilAt - 1)).toBe('confirm')
    expect(confirmHoldAction({ status: 'confirmed' }, holdUntilAt + 1)).toBe('already-confirmed')
  })

  it('an expired hold or none at all cannot be confirmed', () => {
    let err: unknown
    try {
      confirmHoldAction(held, holdUntilAt)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(DomainError)
    expect(err).toMatchObject({ code: 'CONFLICT', message: '保留时间已过，名额已顺延给下一位候补' })
    expect(() => confirmHoldAction({ status: 'waitlisted' }, 0)).toThrow('没有为您保留的名额')
    expect(() => confirmHoldAction(null, 0)).toThrow('没有为您保留的名额')
  })
})
