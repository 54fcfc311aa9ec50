/**
 * Organizer actions at the end of a volunteer activity (善治合伙人), the one thing a volunteer slot has that a class
 * has not — the check-out that records the hours on the booking:
 *   checkOut     {sessionId, openid, at?} → {entry}: one volunteer, now or at a corrected time
 *   checkOutAll  {sessionId} → {checkedOut, items}: everyone present and not yet checked out, one tap after the end
 * Who may be checked out and how many minutes it counts is core's (checkOutDecision). Check-in stays the booking's
 * (checkin with the door code, or markAttendance); the seat table is not touched: a check-out frees no seat.
 */
import {
  checkOutAllSchema,
  checkOutSchema,
  type CheckOutAllOutput,
  type CheckOutInput,
  type CheckOutOutput
} from '@core/api/course'
import { bookingIdFor, checkOutDecision, kindOf, requireCheckOutOpen, rosterEntry, shownPositions, type BookingDoc } from '@core/booking'
import { action, audit, requireVenue } from '../../_shared'
import { putBooking, requireSession, store } from '../repo'
import { peopleByOpenid, type Ctx } from './reads'

async function checkOut(ctx: Ctx<CheckOutInput>): Promise<CheckOutOutput> {
  const { sessionId, openid, at } = ctx.input
  const { session, course } = await requireSession(sessionId)
  requireVenue(ctx.user, session.venueId)
  const id = bookingIdFor(sessionId, openid)
  const [current, person] = await Promise.all([store.get('bookings', id), store.get('users', openid)])
  const decision = checkOutDecision(kindOf(course), session, current, at, ctx.now)
  let stored = current as BookingDoc
  if (decision.kind === 'record') {
    const put = await putBooking(stored, decision.booking)
    stored = put.wrote ? decision.booking : put.doc ?? stored
    if (put.wrote) {
      await audit(ctx, 'checkOut', `bookings/${id}`, {
        sessionId,
        openid,
        checkedOutAt: decision.booking.checkedOutAt,
        volunteerMinutes: decision.booking.volunteerMinutes
      })
    }
  }
  return { entry: rosterEntry(session, openid, stored, person ?? undefined, shownPositions(session)) }
}

/** Requests: the session, its present bookings, one write per person checked out, their profiles, one audit. */
async function checkOutAll(ctx: Ctx<{ sessionId: string }>): Promise<CheckOutAllOutput> {
  const { sessionId } = ctx.input
  const { session, course } = await requireSession(sessionId)
  requireVenue(ctx.user, session.venueId)
  const kind = kindOf(course)
  requireCheckOutOpen(kind, session, ctx.now)
  const present = await store.findAll('bookings', { sessionId, status: 'attended' })
  // Each person's check-out is its own conditional write: all of them at once.
  const written = await Promise.all(
    present.map(async (booking) => {
      const decision = checkOutDecision(kind, session, booking, undefined, ctx.now)
      if (decision.kind === 'unchanged') return { booking, wrote: false }
      const put = await putBooking(booking, decision.booking)
      return { booking: put.wrote ? decision.booking : put.doc ?? booking, wrote: put.wrote }
    })
  )
  const after: BookingDoc[] = written.map((w) => w.booking)
  const done = written.filter((w) => w.wrote).map((w) => w.booking.openid)
  const people = await peopleByOpenid(after.map((b) => b.openid))
  if (done.length > 0) await audit(ctx, 'checkOutAll', `sessions/${sessionId}`, { checkedOut: done })
  const shown = shownPositions(session)
  return {
    checkedOut: done.length,
    items: after.map((b) => rosterEntry(session, b.openid, b, people.get(b.openid), shown))
  }
}

export const volunteerActions = {
  checkOut: action({ input: checkOutSchema, auth: 'organizer', limit: 'organizing', run: checkOut }),
  checkOutAll: action({ input: checkOutAllSchema, auth: 'organizer', limit: 'organizing', run: checkOutAll })
}
