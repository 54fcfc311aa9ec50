/**
 * The booking path of function `course`:
 *   book         {sessionId, requestId?, subscribe?} → {booking}: confirmed, waitlisted with its position, or a lottery entry
 *   cancel       {sessionId} → {booking, lateCancel}
 *   confirmHold  {sessionId} → {booking}
 *   checkin      {sessionId, code} → {booking}
 * The rules are core's (core/booking); seats and the waitlist change only through seats.ts, where the session document
 * is the truth. What this file adds is the person's booking document, kept in line with the session.
 *
 * `book` in the common case (a seat is free) is 3 requests: the session with its course and the person's bookings
 * from 30 days back for the quota and strike rules (1), the seat (2), the booking (3). Joining the waitlist is also 3
 * however many join at once — the read, the append, the booking — because the append answers the session as it left
 * it and the place is read there. A seat that looked free but was taken meanwhile adds the lost claim (4). A full
 * waitlist is refused with WAITLIST_FULL before anything is written: at once when the session as read says so (1
 * request), else after the append that did not land and a read of why (3). The write limit in front of every write
 * action adds its own (cloudfunctions/_shared/limits.ts).
 *
 * Order of writes, and what a crash between them leaves: the session first (one conditional update that names the
 * person: their seat, or their place in the queue), the booking second. The invariant `booked` = people in `seats` ≤
 * capacity holds at every instant, because it lives in that one document. A crash in between leaves the person in
 * the seat table with no booking (or an older one); their retry — same requestId or a new tap — finds them there and
 * only writes the booking to match, never taking a second seat or place. cancel frees the seat first, then marks the
 * booking cancelled: after a crash the booking still says confirmed, and the retry finds no seat to free and just
 * marks it.
 */
import type { BookInput, BookOutput, CancelOutput, CheckinOutput, ConfirmHoldOutput } from '@core/api/course'
import { DomainError } from '@core/api/result'
import {
  activeStrikes,
  assertBookingOpen,
  assertQuota,
  assertWaitlistAllowed,
  assertWaitlistRoom,
  bookingFromSession,
  bookingIdFor,
  bookingView,
  bookingWindow,
  cancelDecision,
  cancelledBooking,
  checkinAction,
  confirmedHoldBooking,
  confirmHoldAction,
  existingBookingAction,
  isActive,
  isLotteryEntry,
  lotteryEntryBooking,
  newBookingDoc,
  noSeatAtDoor,
  seatState,
  statusNow,
  strikeBound,
  strikesMayShorten,
  strikesSince,
  toBookingView,
  verifyCheckinCode,
  waitlistLimitFor,
  type BookingDoc,
  type BookingIntent,
  type CoursePolicy,
  type SeatState,
  type SessionDoc
} from '@core/booking'
import { _ } from '../_shared'
import { loadForPerson, putBooking, readPersonSeat, readSession, requireSession, sessionNotFound, store, type PersonSeat } from './repo'
import { checkInSeat, claimSeat, confirmHeldSeat, countLotteryEntrants, fillFreeSeats, freeSeat, joinQueue, leaveQueue } from './seats'

/**
 * Brings the person's booking in line with where the session has them (after a seat or queue change, or to repair a
 * crash). One request when the booking was as read; a concurrent writer costs a re-read of both and another try.
 * Returns the booking and the session state it matches.
 */
async function followSession(seen: PersonSeat, openid: string, current: BookingDoc | null, intent: BookingIntent, now: number): Promise<{ doc: BookingDoc; state: SeatState }> {
  let { session, state } = seen
  for (let attempt = 0; attempt < 3; attempt++) {
    if (state.kind === 'none') break
    const next = bookingFromSession(session, openid, state, current, intent, now)
    if (next === null) return { doc: current as BookingDoc, state }
    const put = await putBooking(current, next)
    if (put.wrote) return { doc: next, state }
    current = put.doc
    ;({ session, state } = await readPersonSeat(session._id, openid))
  }
  if (current) return { doc: current, state }
  throw new DomainError('CONFLICT', '预约的人太多了，请稍后再试')
}

const answer = (r: { doc: BookingDoc; state: SeatState }): BookOutput => ({ booking: bookingView(r.doc, r.state) })

/**
 * Strike points for the booking window. The person's recent bookings bound them from above (strikeBound): the strike
 * records are read only when that bound could shorten this window.
 */
async function strikePoints(openid: string, session: SessionDoc, policy: CoursePolicy, mine: readonly BookingDoc[], now: number): Promise<number> {
  if (!strikesMayShorten(session.startAt, policy, strikeBound(mine, now), now)) return 0
  return activeStrikes(await store.findAll('strikes', { openid, at: _.gt(strikesSince(now)) }), now).points
}

/** A lottery entry: waitlisted with no position until the draw. The session's `waitlisted` counts entrants. */
async function enterLottery(session: SessionDoc, openid: string, current: BookingDoc | null, intent: BookingIntent, now: number): Promise<BookingDoc> {
  const next = lotteryEntryBooking(session, openid, current, intent, now)
  const put = await putBooking(current, next)
  if (!put.wrote) {
    if (put.doc) return put.doc
    throw new DomainError('CONFLICT', '预约的人太多了，请稍后再试')
  }
  await countLotteryEntrants(session._id, 1, now)
  return next
}

export async function book(openid: string, input: BookInput, now: number): Promise<BookOutput> {
  // The person's bookings the rules look at come with the session: classes from 30 days back on (the strike window
  // covers this week).
  const found = await loadForPerson(input.sessionId, openid, strikesSince(now))
  if (!found) throw sessionNotFound()
  const { session, policy, state, mine } = found
  const id = bookingIdFor(session._id, openid)
  const current = mine.find((b) => b._id === id) ?? null
  // A retried request is answered with what it did, whatever happened since.
  if (current && input.requestId !== undefined && current.requestId === input.requestId) {
    return { booking: bookingView(current, state) }
  }
  const intent: BookingIntent = { requestId: input.requestId, subscribe: input.subscribe }
  // Already in a seat or the queue: a second tap, or a retry after a crash between the seat and the booking write.
  if (state.kind !== 'none') return answer(await followSession(found, openid, current, intent, now))
  if (existingBookingAction(statusNow(state, current)) === 'return-existing') {
    return { booking: bookingView(current as BookingDoc, state) }
  }

  const points = await strikePoints(openid, session, policy, mine, now)
  const mode = assertBookingOpen(bookingWindow(session, policy, now, points))
  assertQuota(session, policy, mine, now)
  if (mode === 'lottery') return { booking: bookingView(await enterLottery(session, openid, current, intent, now), state) }

  if (session.booked < session.capacity && (await claimSeat(session, openid, now))) {
    const seated: SeatState = { kind: 'seat', entry: { at: now }, status: 'confirmed' }
    return answer(await followSession({ session, state: seated }, openid, current, { ...intent, notice: 'confirmed' }, now))
  }
  assertWaitlistAllowed(policy)
  assertWaitlistRoom(session, policy)
  const joined = await joinQueue(session._id, openid, waitlistLimitFor(policy, session.capacity), now)
  if (!joined.joined && joined.state.kind === 'none') {
    // Neither a seat nor a place: the class may have been cancelled (or have closed) since it was read, or the
    // waitlist filled up meanwhile.
    assertBookingOpen(bookingWindow(joined.session, policy, now, points))
    assertWaitlistRoom(joined.session, policy)
  }
  const result = await followSession(joined, openid, current, intent, now)
  if (joined.joined && joined.session.booked < joined.session.capacity) {
    // A seat opened while they were joining: it goes to the head of the waitlist, maybe them. The append answered
    // the session whole, so the seats are given from it without reading it again.
    const given = await fillFreeSeats({ session: joined.session, policy, now })
    if (given.some((g) => g.kind !== 'open' && g.openid === openid)) {
      const after = await readPersonSeat(session._id, openid)
      return answer({ doc: (await store.get('bookings', id)) ?? result.doc, state: after.state })
    }
  }
  return answer(result)
}

/**
 * Takes the person out of the session, wherever they are by the time the write lands: a promotion can move them from
 * the waitlist to a seat (or a hold) between the read and the write, and then it is that seat the cancel frees. Only
 * a seat nobody has claimed in person: a check-in landing between the read and the write makes the booking attended,
 * which is not cancelled, so the cancel is decided again and refused. One request, plus a read and a try when they
 * moved.
 */
async function leaveSession(session: SessionDoc, policy: CoursePolicy, openid: string, state: SeatState, now: number): Promise<void> {
  let seen = session
  let place = state
  for (let attempt = 0; attempt < 3 && place.kind !== 'none'; attempt++) {
    const left =
      place.kind === 'seat' ? (await freeSeat({ session: seen, policy, openid, now, only: 'unclaimed' })).freed : await leaveQueue(seen, openid, now)
    if (left) return
    seen = await readSession(session._id)
    place = seatState(seen, openid)
    if (place.kind === 'seat') cancelDecision(seen, { status: place.status }, policy, now)
  }
  if (place.kind !== 'none') throw new DomainError('CONFLICT', '预约的人太多了，请稍后再试')
}

export async function cancel(openid: string, sessionId: string, now: number): Promise<CancelOutput> {
  const { session, policy } = await requireSession(sessionId)
  const id = bookingIdFor(sessionId, openid)
  const current = await store.get('bookings', id)
  const state = seatState(session, openid)
  const decision = cancelDecision(session, statusNow(state, current), policy, now)
  // The session first (so a retry after a crash finds the seat already freed), then the booking.
  await leaveSession(session, policy, openid, state, now)
  // In the seat table with no booking yet: their book is still between its seat and its booking. The cancel writes
  // the booking, cancelled, so that book finds it instead of writing one the session no longer backs.
  const booked = current ?? (state.kind === 'none' ? null : newBookingDoc(session, openid, state.kind === 'seat' ? state.status : 'waitlisted', now))
  if (!booked) throw new DomainError('NOT_FOUND', '您没有预约这节课')
  const none: SeatState = { kind: 'none' }
  if (decision.kind === 'already-cancelled' && booked.status === 'cancelled') {
    return { booking: bookingView(booked, none), lateCancel: booked.lateCancel === true }
  }
  const lateCancel = decision.kind === 'cancel' && decision.lateCancel
  let next = cancelledBooking(booked, lateCancel, now)
  let put = await putBooking(current, next)
  if (!put.wrote && put.doc && isActive(put.doc.status)) {
    // A book of theirs wrote a booking first. Either it is the one whose seat or place this cancel just took away
    // (the session has them nowhere: cancel that booking too), or it came after the leave and holds a new seat or
    // place, which the session shows: the later book stands, and the cancel is answered with it.
    const after = await readPersonSeat(sessionId, openid)
    if (after.state.kind !== 'none') return { booking: bookingView(put.doc, after.state), lateCancel: false }
    next = cancelledBooking(put.doc, lateCancel, now)
    put = await putBooking(put.doc, next)
  }
  if (!put.wrote) {
    // A second tap cancelled it first.
    const doc = put.doc ?? booked
    return { booking: bookingView(doc, none), lateCancel: doc.lateCancel === true }
  }
  if (current && isLotteryEntry(current) && state.kind === 'none') {
    await countLotteryEntrants(sessionId, -1, now)
  }
  return { booking: bookingView(next, none), lateCancel }
}

export async function confirmHold(openid: string, sessionId: string, now: number): Promise<ConfirmHoldOutput> {
  const id = bookingIdFor(sessionId, openid)
  const current = await store.get('bookings', id)
  const held = current as BookingDoc
  if (confirmHoldAction(current, now) === 'already-confirmed') return { booking: toBookingView(held) }
  if (!(await confirmHeldSeat(sessionId, openid, now))) {
    // The hold was confirmed by a second tap, or it ran out and passed on: the session says which.
    const seen = await readPersonSeat(sessionId, openid)
    if (seen.state.kind !== 'seat' || seen.state.status === 'held') throw new DomainError('CONFLICT', '保留时间已过，名额已顺延给下一位候补')
    return answer(await followSession(seen, openid, held, {}, now))
  }
  const next = confirmedHoldBooking(held, now)
  const put = await putBooking(held, next)
  return { booking: toBookingView(put.wrote ? next : put.doc ?? next) }
}

export async function checkin(openid: string, sessionId: string, code: string, now: number): Promise<CheckinOutput> {
  const session = await readSession(sessionId)
  const verdict = verifyCheckinCode(session.checkinSecret, session, code, now)
  if (!verdict.ok) throw new DomainError(verdict.code, verdict.message, verdict.field)
  const current = await store.get('bookings', bookingIdFor(sessionId, openid))
  // Checked in before, and the booking shows it: a second scan changes nothing.
  if (checkinAction(statusNow(seatState(session, openid), current)) === 'already' && current?.status === 'attended') {
    return { booking: toBookingView(current) }
  }
  const { result, session: after } = await checkInSeat({ session, openid, now })
  if (result === 'full') throw noSeatAtDoor()
  // Cancelled between the code check and the seat: refused as a check-in of a cancelled class is.
  if (result === 'cancelled') throw new DomainError('CHECKIN_CLOSED', '这节课已取消')
  const seen = { session: after, state: seatState(after, openid) }
  return answer(await followSession(seen, openid, current, { walkIn: result === 'took-seat' }, now))
}
