/**
 * A session's roster (core/booking/roster.ts): one line per person, the seat table speaking for people a booking lags
 * behind, in roster order.
 */
import { newBookingDoc, rosterEntry, rosterOf, rosterOpenids, shownPositions, type RosterPerson, type SessionDoc } from '@core/booking'
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

  it('orders seat holders, holds, no-shows, the waitlist in queue order, then those who left', () => {
    expect(roster.map((e) => [e.openid, e.status, e.position])).toEqual([
      ['came', 'attended', undefined],
      ['unwritten', 'confirmed', undefined],
      ['held', 'held', undefined],
      ['gone', 'no_show', undefined],
      ['second', 'waitlisted', 1],
      ['third', 'waitlisted', 2],
      ['left', 'cancelled', undefined]
    ])
  })

  it('takes status, hold and check-in from the seat table, the rest from the booking and the profile', () => {
    expect(roster[0]).toEqual({
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
