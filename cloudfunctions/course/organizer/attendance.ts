/**
 * Organizer actions at the class:
 *   roster          {sessionId} → {session, items}: each person with their active strikes
 *   markAttendance  {sessionId, openid, attended} → {entry}
 *   checkinCode     {sessionId} → {phase, title, startAt, endAt, opensAt, closesAt} and, while check-in is open,
 *                   {code, payload, refreshAt, validUntil}
 * The roster lines are core's (rosterOf, rosterEntry), read from the seat table and the bookings.
 */
import {
  checkinCodeSchema,
  markAttendanceSchema,
  rosterSchema,
  type CheckinCodeOutput,
  type MarkAttendanceInput,
  type MarkAttendanceOutput,
  type RosterOutput,
  type RosterStrike
} from '@core/api/course'
import { DomainError } from '@core/api/result'
import {
  absentBooking,
  attendanceChanged,
  attendanceDecision,
  attendedBooking,
  bookingIdFor,
  checkinCodeInfo,
  checkinPayload,
  checkinPhase,
  checkinWindow,
  noSeatForAttendee,
  rosterEntry,
  rosterOf,
  rosterOpenids,
  seatState,
  shownPositions,
  strikesSince,
  toSessionView,
  type BookingDoc
} from '@core/booking'
import { _, action, audit, requireVenue } from '../../_shared'
import { putBooking, readSession, requireSession, store } from '../repo'
import { checkInSeat, freeSeat } from '../seats'
import { settleSession } from '../strikes'
import { peopleByOpenid, sessionBookings, type Ctx } from './reads'

/** The listed people's strikes that still count, newest first: one paged query for everyone, not one per person. */
async function activeStrikesOf(openids: readonly string[], now: number): Promise<Map<string, RosterStrike[]>> {
  const out = new Map<string, RosterStrike[]>()
  if (openids.length === 0) return out
  const docs = await store.findAll(
    'strikes',
    { openid: _.in([...new Set(openids)]), forgiven: false, at: _.gt(strikesSince(now)) },
    { _id: true, openid: true, kind: true, at: true, sessionId: true, courseId: true }
  )
  for (const d of docs.sort((a, b) => b.at - a.at)) {
    const list = out.get(d.openid) ?? []
    list.push({ _id: d._id, kind: d.kind, at: d.at, sessionId: d.sessionId, courseId: d.courseId })
    out.set(d.openid, list)
  }
  return out
}

async function roster(ctx: Ctx<{ sessionId: string }>): Promise<RosterOutput> {
  const { sessionId } = ctx.input
  const now = ctx.now
  const { session, policy } = await requireSession(sessionId)
  requireVenue(ctx.user, session.venueId)
  const bookings = await sessionBookings(sessionId)
  const openids = rosterOpenids(session, bookings)
  const [people, strikes] = await Promise.all([peopleByOpenid(openids), activeStrikesOf(openids, now)])
  const items = rosterOf(session, bookings, people).map((e) => ({ ...e, strikes: strikes.get(e.openid) ?? [] }))
  return { session: toSessionView(session, policy), items }
}

/**
 * The organizer records who is here (from 15 minutes before the start, when check-in opens, and any time after, to
 * correct it). Present: seats.ts checkInSeat — their seat is claimed, or someone without one takes a free seat.
 * Absent: seats.ts freeSeat passes the seat on (before the start) or opens it. The booking follows; strikes are
 * settled again if the class was already settled, so a correction counts.
 */
async function markAttendance(ctx: Ctx<MarkAttendanceInput>): Promise<MarkAttendanceOutput> {
  const { sessionId, openid, attended } = ctx.input
  const { session, policy } = await requireSession(sessionId)
  requireVenue(ctx.user, session.venueId)
  const id = bookingIdFor(sessionId, openid)
  const [current, person] = await Promise.all([store.get('bookings', id), store.get('users', openid)])
  const decision = attendanceDecision(session, seatState(session, openid), current, attended, ctx.now)
  const booking = current as BookingDoc

  let after = session
  let next: BookingDoc
  if (decision.kind === 'present') {
    const { result, session: s } = await checkInSeat({ session, openid, now: ctx.now })
    if (result === 'full') throw noSeatForAttendee()
    // Cancelled since the decision above: refused as marking a cancelled class is.
    if (result === 'cancelled') throw new DomainError('CONFLICT', '这节课已取消')
    after = s
    next = attendedBooking(booking, after.seats?.[openid]?.checkedInAt ?? ctx.now, result === 'took-seat', ctx.now)
  } else {
    if (decision.freesSeat) after = (await freeSeat({ session, policy, openid, now: ctx.now })).session
    next = absentBooking(booking, ctx.now)
  }

  let stored = booking
  if (attendanceChanged(booking, next)) {
    const put = await putBooking(booking, next)
    stored = put.wrote ? next : put.doc ?? next
    if (after.settledAt !== undefined) await settleSession(after, ctx.now)
    await audit(ctx, 'markAttendance', `bookings/${id}`, { sessionId, openid, attended, from: booking.status })
  }
  return { entry: rosterEntry(after, openid, stored, person ?? undefined, shownPositions(after)) }
}

/** The code only inside the check-in window: a code handed out early or late would be one nobody can use. */
async function checkinCode(ctx: Ctx<{ sessionId: string }>): Promise<CheckinCodeOutput> {
  const now = ctx.now
  const session = await readSession(ctx.input.sessionId)
  requireVenue(ctx.user, session.venueId)
  const phase = checkinPhase(session, now)
  if (phase === 'cancelled') throw new DomainError('CHECKIN_CLOSED', '这节课已取消，不需要签到')
  const view = { title: session.title, startAt: session.startAt, endAt: session.endAt, ...checkinWindow(session.startAt) }
  if (phase !== 'open') return { phase, ...view }
  const info = checkinCodeInfo(session.checkinSecret, session._id, now)
  return { phase, ...view, ...info, payload: checkinPayload(session._id, info.code) }
}

export const attendanceActions = {
  roster: action({ input: rosterSchema, auth: 'organizer', run: roster }),
  markAttendance: action({ input: markAttendanceSchema, auth: 'organizer', limit: 'organizing', run: markAttendance }),
  checkinCode: action({ input: checkinCodeSchema, auth: 'organizer', run: checkinCode })
}
