/**
 * The booking races the deep storms found (storms.test.ts with SECURITY_DEEP=1), each forced in order by holding one
 * database request (emulator/faults.ts):
 *   - a person cancelling their waitlist place just as a freed seat is handed to them kept the seat (their booking
 *     said cancelled): the cancel's leave-the-queue write found them no longer queued and gave up;
 *   - a person cancelling while their own book was between taking the seat and writing the booking was told
 *     NOT_FOUND, and the book then wrote a confirmed booking the session no longer backed;
 *   - a person who cancelled their waitlist place and booked again at once, the book taking a seat that had opened and
 *     writing its booking before the cancel wrote its own, held that seat with a booking saying cancelled: the cancel
 *     took the new booking for the one whose place it had removed and cancelled it over the seat;
 *   - a person booking a full class as the organizer cancelled it joined the waitlist after cancelSession had emptied
 *     it, and stayed waiting for a cancelled class: the append did not ask that the class still be scheduled;
 *   - a seat freed by a cancel decided on the class as scheduled, landing after cancelSession had read the class back,
 *     was handed to the head of the waitlist of a cancelled class, and nobody took it away again; a walk-in checking
 *     in as the class was cancelled took a seat in it the same way;
 *   - a person who booked, cancelled, booked again and cancelled while that book was between its seat and its booking
 *     held no seat with a booking saying confirmed: the cancel wrote cancelled over cancelled with the same updatedAt
 *     (the clock stopped, or one millisecond), so the book's write, conditional on status and updatedAt, still landed;
 *   - a person cancelling their seat as the organizer marked them present lost the seat with a booking saying attended:
 *     the cancel, decided on the seat before the check-in, freed the checked-in seat, and its booking write then lost
 *     to the attendance's.
 */
import { bookingIdFor, checkinCode, type BookingDoc } from '@core/booking'
import { data, startTestCloud, type TestCloud } from '../support/cloud'
import { WEDNESDAY_10_00 } from '../support/instants'
import { addCourse, addSession, sessionDoc } from '../integration/course-booking-support'
import { limitRequestsBefore } from '../support/write-limits'
import { bookingViolations } from './invariants'

const NOW = WEDNESDAY_10_00
let cloud: TestCloud

beforeAll(async () => {
  cloud = await startTestCloud({ at: NOW, seed: true, functions: ['course'] })
}, 60_000)
afterAll(() => cloud.close())
afterEach(() => cloud.faults.clear())

const booking = (sessionId: string, openid: string): BookingDoc | undefined => cloud.db.find<BookingDoc>('bookings', { _id: bookingIdFor(sessionId, openid) })[0]

test('cancelling a waitlist place just as the seat is handed over frees that seat: passed on to the next, not kept', async () => {
  const course = addCourse(cloud)
  // How many requests a cancel from the waitlist makes: its last is the booking, the one before leaves the queue.
  const trial = addSession(cloud, course, { capacity: 1, seated: ['trial-seat'], queued: ['trial-waiter'] })
  const { dbOps } = await cloud.call('course', 'cancel', { sessionId: trial._id }, 'trial-waiter')
  const { _id } = addSession(cloud, course, { capacity: 1, seated: ['leaver'], queued: ['waiter', 'next'] })
  const held = cloud.faults.holdDatabaseRequest({ fn: 'course', openid: 'waiter', request: dbOps - 1 })
  const cancelling = cloud.call('course', 'cancel', { sessionId: _id }, 'waiter')
  await held.arrived
  data((await cloud.call('course', 'cancel', { sessionId: _id }, 'leaver')).body)
  expect(Object.keys(sessionDoc(cloud, _id).seats ?? {})).toEqual(['waiter'])
  held.release()
  expect(data((await cancelling).body).booking.status).toBe('cancelled')
  expect(Object.keys(sessionDoc(cloud, _id).seats ?? {})).toEqual(['next'])
  expect(booking(_id, 'waiter')?.status).toBe('cancelled')
  expect(booking(_id, 'next')?.status).toBe('confirmed')
  expect(bookingViolations(cloud.db, [_id], NOW)).toEqual([])
})

test('cancelling while the same person’s book is still writing its booking: the cancel wins and the book says so', async () => {
  const course = addCourse(cloud, { weeklyLimit: 14, maxUpcoming: 20 })
  const { _id } = addSession(cloud, course, { capacity: 2 })
  // book with a free seat, after the write limit's count: 1 the session and course with the person's recent bookings,
  // 2 the seat, 3 the booking.
  const request = limitRequestsBefore(cloud.db, 'quick-thumb', 'personal') + 3
  const held = cloud.faults.holdDatabaseRequest({ fn: 'course', openid: 'quick-thumb', request })
  const booking1 = cloud.call('course', 'book', { sessionId: _id, requestId: 'quick-thumb-1' }, 'quick-thumb')
  await held.arrived
  expect(Object.keys(sessionDoc(cloud, _id).seats ?? {})).toEqual(['quick-thumb'])
  expect(data((await cloud.call('course', 'cancel', { sessionId: _id }, 'quick-thumb')).body).booking.status).toBe('cancelled')
  held.release()
  expect(data((await booking1).body).booking.status).toBe('cancelled')
  expect(sessionDoc(cloud, _id).booked).toBe(0)
  expect(booking(_id, 'quick-thumb')?.status).toBe('cancelled')
  expect(bookingViolations(cloud.db, [_id], NOW)).toEqual([])
})

test('cancelling a waitlist place while the same person books a seat that opened: the later book keeps its seat and booking', async () => {
  const course = addCourse(cloud, { weeklyLimit: 14, maxUpcoming: 20 })
  // How many requests a cancel from the waitlist makes after the write limit's: its last is the booking.
  const trial = addSession(cloud, course, { capacity: 1, seated: ['trial-seat-2'], queued: ['trial-waiter-2'] })
  const trialLimit = limitRequestsBefore(cloud.db, 'trial-waiter-2', 'personal')
  const { dbOps } = await cloud.call('course', 'cancel', { sessionId: trial._id }, 'trial-waiter-2')
  const { _id } = addSession(cloud, course, { capacity: 1, seated: ['leaver-2'], queued: ['changes-mind'] })
  const request = limitRequestsBefore(cloud.db, 'changes-mind', 'personal') + dbOps - trialLimit
  const held = cloud.faults.holdDatabaseRequest({ fn: 'course', openid: 'changes-mind', request })
  const cancelling = cloud.call('course', 'cancel', { sessionId: _id }, 'changes-mind')
  await held.arrived
  // Off the waitlist, the booking not yet written: the seat opens, and the same person books it.
  expect(sessionDoc(cloud, _id).queue).toEqual([''])
  data((await cloud.call('course', 'cancel', { sessionId: _id }, 'leaver-2')).body)
  expect(data((await cloud.call('course', 'book', { sessionId: _id }, 'changes-mind')).body).booking.status).toBe('confirmed')
  held.release()
  // The cancel came first and the book after it: the cancel is answered with where the book left them.
  expect(data((await cancelling).body).booking.status).toBe('confirmed')
  expect(Object.keys(sessionDoc(cloud, _id).seats ?? {})).toEqual(['changes-mind'])
  expect(booking(_id, 'changes-mind')?.status).toBe('confirmed')
  expect(bookingViolations(cloud.db, [_id], NOW)).toEqual([])
})

test('booking a full class while the organizer cancels it: the booking is refused, nobody waits for a cancelled class', async () => {
  const course = addCourse(cloud, { weeklyLimit: 14, maxUpcoming: 20 })
  const { _id } = addSession(cloud, course, { capacity: 1, seated: ['early-bird'] })
  // book of a full class, after the write limit's count: 1 the session and course with the person's recent bookings,
  // 2 the append to the waitlist.
  const request = limitRequestsBefore(cloud.db, 'last-minute', 'personal') + 2
  const held = cloud.faults.holdDatabaseRequest({ fn: 'course', openid: 'last-minute', request })
  const booking1 = cloud.call('course', 'book', { sessionId: _id }, 'last-minute')
  await held.arrived
  data((await cloud.call('course', 'cancelSession', { sessionId: _id, reason: '老师临时有事' }, 'demo-organizer')).body)
  held.release()
  const refused = (await booking1).body
  expect(refused.ok ? refused : refused.code).toBe('BOOKING_CLOSED')
  expect(sessionDoc(cloud, _id)).toMatchObject({ status: 'cancelled', booked: 0, waitlisted: 0 })
  expect(booking(_id, 'last-minute')).toBeUndefined()
  expect(bookingViolations(cloud.db, [_id], NOW)).toEqual([])
})

test('a seat freed as the organizer cancels the class is not handed to the head of the waitlist', async () => {
  const course = addCourse(cloud, { weeklyLimit: 14, maxUpcoming: 20 })
  const { _id } = addSession(cloud, course, { capacity: 1, seated: ['going-home'], queued: ['hopeful'] })
  // cancel of a seat, after the write limit's count: 1 the session and course, 2 the booking, 3 the seat and its
  // handover, decided on the session as read in 1.
  const seat = cloud.faults.holdDatabaseRequest({ fn: 'course', openid: 'going-home', request: limitRequestsBefore(cloud.db, 'going-home', 'personal') + 3 })
  // cancelSession, after the write limit's count: 1 the session and course, 2 the check of the reason's text, 3 the
  // flip, 4 the session read back, 5 the first seat given up.
  const giveUp = cloud.faults.holdDatabaseRequest({ fn: 'course', openid: 'demo-organizer', request: limitRequestsBefore(cloud.db, 'demo-organizer', 'organizing') + 5 })
  const cancelling = cloud.call('course', 'cancel', { sessionId: _id }, 'going-home')
  await seat.arrived
  const cancellingClass = cloud.call('course', 'cancelSession', { sessionId: _id, reason: '老师临时有事' }, 'demo-organizer')
  await giveUp.arrived
  expect(sessionDoc(cloud, _id)).toMatchObject({ status: 'cancelled', seats: { 'going-home': {} }, queue: ['hopeful'] })
  seat.release()
  expect(data((await cancelling).body).booking.status).toBe('cancelled')
  giveUp.release()
  data((await cancellingClass).body)
  expect(sessionDoc(cloud, _id)).toMatchObject({ status: 'cancelled', booked: 0, waitlisted: 0 })
  expect(Object.keys(sessionDoc(cloud, _id).seats ?? {})).toEqual([])
  expect(booking(_id, 'hopeful')?.status).toBe('cancelled')
  expect(bookingViolations(cloud.db, [_id], NOW)).toEqual([])
})

test('walking in as the organizer cancels the class: the check-in is refused, no seat in a cancelled class', async () => {
  const course = addCourse(cloud, { weeklyLimit: 14, maxUpcoming: 20 })
  const { _id, checkinSecret } = addSession(cloud, course, { startsIn: 10 * 60_000, capacity: 2 })
  // check-in of someone without a booking, after the write limit's count: 1 the session, 2 the booking, 3 the seat.
  const request = limitRequestsBefore(cloud.db, 'walk-in', 'personal') + 3
  const held = cloud.faults.holdDatabaseRequest({ fn: 'course', openid: 'walk-in', request })
  const checkingIn = cloud.call('course', 'checkin', { sessionId: _id, code: checkinCode(checkinSecret, _id, NOW) }, 'walk-in')
  await held.arrived
  data((await cloud.call('course', 'cancelSession', { sessionId: _id, reason: '老师临时有事' }, 'demo-organizer')).body)
  held.release()
  const refused = (await checkingIn).body
  expect(refused.ok ? refused : refused.code).toBe('CHECKIN_CLOSED')
  expect(sessionDoc(cloud, _id)).toMatchObject({ status: 'cancelled', booked: 0 })
  expect(Object.keys(sessionDoc(cloud, _id).seats ?? {})).toEqual([])
  expect(booking(_id, 'walk-in')).toBeUndefined()
  expect(bookingViolations(cloud.db, [_id], NOW)).toEqual([])
})

test('booking again after a cancel, and cancelling while that book writes its booking: the booking stays cancelled, no seat', async () => {
  const course = addCourse(cloud, { weeklyLimit: 14, maxUpcoming: 20 })
  const { _id } = addSession(cloud, course, { capacity: 2 })
  data((await cloud.call('course', 'book', { sessionId: _id }, 'second-thoughts')).body)
  data((await cloud.call('course', 'cancel', { sessionId: _id }, 'second-thoughts')).body)
  // The cancelled booking is what the next book reads and writes over. Book with a free seat, after the write
  // limit's count: 1 the session and course with the person's recent bookings, 2 the seat, 3 the booking.
  const request = limitRequestsBefore(cloud.db, 'second-thoughts', 'personal') + 3
  const held = cloud.faults.holdDatabaseRequest({ fn: 'course', openid: 'second-thoughts', request })
  const booking2 = cloud.call('course', 'book', { sessionId: _id }, 'second-thoughts')
  await held.arrived
  expect(Object.keys(sessionDoc(cloud, _id).seats ?? {})).toEqual(['second-thoughts'])
  // Under the stopped clock this cancel writes the booking cancelled over cancelled with the same updatedAt: only a
  // revision of the booking tells the held book that it was written meanwhile.
  expect(data((await cloud.call('course', 'cancel', { sessionId: _id }, 'second-thoughts')).body).booking.status).toBe('cancelled')
  held.release()
  expect(data((await booking2).body).booking.status).toBe('cancelled')
  expect(sessionDoc(cloud, _id).booked).toBe(0)
  expect(booking(_id, 'second-thoughts')?.status).toBe('cancelled')
  expect(bookingViolations(cloud.db, [_id], NOW)).toEqual([])
})

test('cancelling a seat as the organizer marks the person present: the cancel is refused, the checked-in seat stays', async () => {
  const course = addCourse(cloud, { weeklyLimit: 14, maxUpcoming: 20, cancelBeforeMin: 0 })
  const { _id } = addSession(cloud, course, { startsIn: 10 * 60_000, capacity: 2, seated: ['at-the-door'] })
  // cancel of a seat, after the write limit's count: 1 the session and course, 2 the booking, 3 the seat and its
  // handover, decided on the seat as read in 1 (not checked in).
  const request = limitRequestsBefore(cloud.db, 'at-the-door', 'personal') + 3
  const held = cloud.faults.holdDatabaseRequest({ fn: 'course', openid: 'at-the-door', request })
  const cancelling = cloud.call('course', 'cancel', { sessionId: _id }, 'at-the-door')
  await held.arrived
  data((await cloud.call('course', 'markAttendance', { sessionId: _id, openid: 'at-the-door', attended: true }, 'demo-organizer')).body)
  expect(sessionDoc(cloud, _id).seats?.['at-the-door']?.checkedInAt).toBe(NOW)
  held.release()
  const refused = (await cancelling).body
  expect(refused.ok ? refused : refused.code).toBe('CONFLICT')
  expect(Object.keys(sessionDoc(cloud, _id).seats ?? {})).toEqual(['at-the-door'])
  expect(booking(_id, 'at-the-door')?.status).toBe('attended')
  expect(bookingViolations(cloud.db, [_id], NOW)).toEqual([])
})
