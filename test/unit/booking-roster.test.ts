/**
 * A session's roster (core/booking/roster.ts): one line per person, the seat table speaking for people a booking lags
 * behind, in roster order.
 */
import {
  keepOrder,
  newBookingDoc,
  rosterCounts,
  rosterEntry,
  rosterMatches,
  rosterOf,
  rosterOpenids,
  rosterSection,
  shownPositions,
  type RosterPerson,
  type SessionDoc
} from '@core/booking'
import { atWallClock, HOUR_MS, MINUTE_MS } from '@core/time'

const START = atWallClock('2025-12-02', '19:00')
const T = START - 2 * HOUR_MS

const session: SessionDoc = {
  _id: 's1',
  courseId: 'yoga',
  title: '瑜伽',
  category: '健康',
  venueId: 'venue-youlin',
  startAt: START,
  endAt: START + 90 * MINUTE_MS,
  capacity: 3,
  booked: 3,
  waitlisted: 2,
  waitlistSeq: 3,
  status: 'scheduled',
  checkinSecret: 's',
  seats: { came: { at: T, checkedInAt: START - MINUTE_MS }, held: { at: T + 2, holdUntilAt: START }, unwritten: { at: T + 5 } },
  queue: ['', 'second', 'third'],
  waiting: { second: T, third: T },
  createdAt: 0,
  updatedAt: T + 9
}

const people = new Map<string, RosterPerson>([
  ['came', { _id: 'came', nickname: '小王', group: 'rider', community: '酒泉路' }],
  ['third', { _id: 'third', nickname: '小李', group: 'courier', community: '' }]
])

const bookings = [
  newBookingDoc(session, 'third', 'waitlisted', T + 3, { position: 3 }),
  newBookingDoc(session, 'left', 'cancelled', T - 1, { lateCancel: true }),
  newBookingDoc(session, 'came', 'confirmed', T + 1),
  // Behind the session: the seat table already has the hold.
  newBookingDoc(session, 'held', 'waitlisted', T + 2, { position: 1 }),
  newBookingDoc(session, 'second', 'waitlisted', T + 4, { position: 2, lottery: 'lost' }),
  newBookingDoc(session, 'gone', 'no_show', T, { checkedInAt: START - 2 * MINUTE_MS })
]

describe('a session roster', () => {
  const roster = rosterOf(session, bookings, people)

  it('orders those still expected (seats and holds, by booking time), who came, who did not, the waitlist in queue order, then those who left', () => {
    expect(roster.map((e) => [e.openid, e.status, e.position])).toEqual([
      ['held', 'held', undefined],
      ['unwritten', 'confirmed', undefined],
      ['came', 'attended', undefined],
      ['gone', 'no_show', undefined],
      ['second', 'waitlisted', 1],
      ['third', 'waitlisted', 2],
      ['left', 'cancelled', undefined]
    ])
  })

  it('takes status, hold and check-in from the seat table, the rest from the booking and the profile', () => {
    expect(roster.find((e) => e.openid === 'came')).toEqual({
      bookingId: 's1_came',
      openid: 'came',
      nickname: '小王',
      group: 'rider',
      community: '酒泉路',
      status: 'attended',
      checkedInAt: START - MINUTE_MS,
      createdAt: T + 1
    })
    expect(roster.find((e) => e.openid === 'held')).toMatchObject({ status: 'held', holdUntilAt: START })
    expect(roster.find((e) => e.openid === 'gone')).toMatchObject({ checkedInAt: START - 2 * MINUTE_MS })
    expect(roster.find((e) => e.openid === 'second')).toMatchObject({ lottery: 'lost', nickname: '', group: '' })
    expect(roster.find((e) => e.openid === 'left')).toMatchObject({ lateCancel: true })
  })

  it('lists someone the session has whose booking is still being written, from their seat', () => {
    expect(roster.find((e) => e.openid === 'unwritten')).toEqual({
      bookingId: 's1_unwritten',
      openid: 'unwritten',
      nickname: '',
      group: '',
      community: '',
      status: 'confirmed',
      createdAt: T + 5
    })
  })

  it('shows one person the same way alone (markAttendance) as in the roster', () => {
    const alone = rosterEntry(session, 'third', bookings[0], people.get('third'), shownPositions(session))
    expect(alone).toEqual(roster.find((e) => e.openid === 'third'))
  })

  it('needs the profiles of everyone booked, seated or waiting', () => {
    expect(new Set(rosterOpenids(session, bookings))).toEqual(new Set(['third', 'left', 'came', 'held', 'second', 'gone', 'unwritten']))
  })
})

describe('the roster at the door', () => {
  const roster = rosterOf(session, bookings, people)

  it('counts every number from the lines: the class list is everyone with a seat or who had one and did not come', () => {
    expect(roster.map(rosterSection)).toEqual(['class', 'class', 'class', 'class', 'waitlist', 'waitlist', 'left'])
    expect(rosterCounts(roster)).toEqual({ booked: 4, checkedIn: 1, absent: 1, expected: 2, lottery: 0, waitlist: 2, left: 1 })
    expect(rosterSection({ status: 'waitlisted', lottery: 'entered' })).toBe('lottery')
    expect(rosterCounts([{ status: 'waitlisted', lottery: 'entered' }])).toMatchObject({ booked: 0, lottery: 1 })
  })

  it('marking someone absent changes what they are, not how many booked', () => {
    const marked = roster.map((e) => (e.openid === 'unwritten' ? { ...e, status: 'no_show' as const } : e))
    expect(rosterCounts(marked)).toMatchObject({ booked: 4, absent: 2, expected: 1 })
  })

  it('keeps the rows a page has shown where they were; new ones follow in roster order', () => {
    const shown = roster.map((e) => e.bookingId)
    const after = rosterOf({ ...session, seats: { ...session.seats, came: { at: T } } }, bookings, people)
    // 'came' is no longer checked in in the seat table, so roster order would move it up; the page keeps it in place.
    expect(after.map((e) => e.openid)).not.toEqual(roster.map((e) => e.openid))
    expect(keepOrder(shown, after).map((e) => e.openid)).toEqual(roster.map((e) => e.openid))
    const fresh = { ...roster[0], bookingId: 's1_new', openid: 'new' }
    expect(keepOrder(shown.slice(1), [fresh, ...roster]).map((e) => e.openid)).toEqual([...roster.slice(1).map((e) => e.openid), 'new', 'held'])
    expect(keepOrder([], roster)).toEqual(roster)
  })

  it('finds people by part of their nickname, any letter case', () => {
    expect(roster.filter((e) => rosterMatches(e, ' 小王 ')).map((e) => e.openid)).toEqual(['came'])
    expect(rosterMatches({ nickname: 'Amy骑手' }, 'amy')).toBe(true)
    expect(roster.filter((e) => rosterMatches(e, '')).length).toBe(roster.length)
    expect(rosterMatches({ nickname: '' }, '王')).toBe(false)
  })
})
