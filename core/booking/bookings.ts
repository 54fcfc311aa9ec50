/**
 * The person's booking document: the one factory of its shape (newBookingDoc) and every change the booking rules
 * make to it — following the seat table, entering a lottery, a seat handed over from the waitlist, cancelling,
 * confirming a hold. The session's seat table is the truth (seats.ts); a booking is written to match it, so these
 * functions take where the session has the person and answer the document to store.
 */
import type { BookingDoc, BookingStatus, NoticeKind, SessionDoc, SubscriptionKind } from './model'
import { bookingIdFor } from './model'
import type { GivenSeat, SeatState } from './seats'

/** What a booking copies from its session (for the quota rules and 我的预约, without reading the session). */
export type BookingSession = Pick<SessionDoc, '_id' | 'courseId' | 'startAt' | 'endAt'>

/** Everything a new booking may carry besides who, which session and its status. */
export type BookingExtras = Omit<Partial<BookingDoc>, '_id' | 'sessionId' | 'courseId' | 'openid' | 'startAt' | 'endAt' | 'status'>

/** A booking of `session` for `openid`, created (and last changed) at `at`; `extras` may set an earlier createdAt. */
export function newBookingDoc(session: BookingSession, openid: string, status: BookingStatus, at: number, extras: BookingExtras = {}): BookingDoc {
  return {
    _id: bookingIdFor(session._id, openid),
    sessionId: session._id,
    courseId: session.courseId,
    openid,
    status,
    startAt: session.startAt,
    endAt: session.endAt,
    createdAt: at,
    updatedAt: at,
    ...extras
  }
}

/** Which subscription template a message uses: the person must have accepted that one. */
export const NOTICE_TEMPLATE: Readonly<Record<NoticeKind, SubscriptionKind>> = Object.freeze({
  confirmed: 'confirmed',
  promoted: 'promoted',
  held: 'promoted',
  reminder: 'reminder',
  changed: 'reminder',
  cancelled: 'reminder'
})

/** What one call adds to the booking besides its status. */
export interface BookingIntent {
  requestId?: string
  subscribe?: SubscriptionKind[]
  /** A message about this change, if the person subscribed to its template. */
  notice?: NoticeKind
  walkIn?: boolean
}

function withRequest(next: BookingDoc, intent: BookingIntent): BookingDoc {
  if (intent.requestId !== undefined) next.requestId = intent.requestId
  if (intent.subscribe !== undefined) next.subscribe = intent.subscribe
  return next
}

/**
 * The booking the session says this person should have, built on what is stored (a cancelled one starts afresh), or
 * null when the stored one already matches. Only for people the session has in a seat or in the queue.
 */
export function bookingFromSession(
  session: BookingSession,
  openid: string,
  state: Extract<SeatState, { kind: 'seat' | 'queued' }>,
  current: BookingDoc | null,
  intent: BookingIntent,
  now: number
): BookingDoc | null {
  const status: BookingStatus = state.kind === 'seat' ? state.status : 'waitlisted'
  const inLine =
    current !== null &&
    current.status === status &&
    (state.kind !== 'queued' || current.position === state.position) &&
    (state.kind !== 'seat' || state.status !== 'held' || current.holdUntilAt === state.entry.holdUntilAt)
  // A second tap of someone already in line changes nothing (its retry finds the same booking the same way).
  if (inLine) return null
  const fresh = current === null || current.status === 'cancelled'
  const next = withRequest(
    fresh ? newBookingDoc(session, openid, status, now, { createdAt: current?.createdAt ?? now }) : { ...current, status, updatedAt: now },
    intent
  )
  if (intent.walkIn) next.walkIn = true
  if (state.kind === 'queued') next.position = state.position
  delete next.holdUntilAt
  if (state.kind === 'seat' && state.entry.holdUntilAt !== undefined) next.holdUntilAt = state.entry.holdUntilAt
  if (state.kind === 'seat' && state.entry.checkedInAt !== undefined) next.checkedInAt = state.entry.checkedInAt
  const subscribed = next.subscribe ?? []
  if (intent.notice && subscribed.includes(NOTICE_TEMPLATE[intent.notice])) {
    next.notices = [...(fresh ? [] : next.notices ?? []), { kind: intent.notice, at: now }]
    next.noticePending = true
  }
  return next
}

/** A lottery entry: waitlisted with no position until the draw (a cancelled booking of the session starts afresh). */
export function lotteryEntryBooking(session: BookingSession, openid: string, current: BookingDoc | null, intent: BookingIntent, now: number): BookingDoc {
  return withRequest(newBookingDoc(session, openid, 'waitlisted', now, { lottery: 'entered', createdAt: current?.createdAt ?? now }), intent)
}

/** The message a person gets when a seat reaches them from the waitlist. */
export const handoverNotice = (h: GivenSeat): NoticeKind => (h.kind === 'hold' ? 'held' : 'promoted')

/** What changes on the booking of the person a seat was handed to: waitlisted → confirmed, or held until a time. */
export function handoverChange(h: GivenSeat, now: number): Pick<BookingDoc, 'status' | 'holdUntilAt' | 'promotedAt'> {
  return h.kind === 'hold' ? { status: 'held', holdUntilAt: h.holdUntilAt, promotedAt: now } : { status: 'confirmed', promotedAt: now }
}

/**
 * The booking of someone handed a seat before their own `book` wrote it (they joined the queue a moment ago at
 * `index`): created here with the message, and their `book` then finds it.
 */
export function handedOverBooking(session: BookingSession, h: GivenSeat, index: number, now: number): BookingDoc {
  const { status, ...change } = handoverChange(h, now)
  return newBookingDoc(session, h.openid, status, now, {
    position: index + 1,
    ...change,
    notices: [{ kind: handoverNotice(h), at: now }],
    noticePending: true
  })
}

/** The booking after the person cancelled it (late: a confirmed seat given up after the free-cancellation deadline). */
export function cancelledBooking(current: BookingDoc, lateCancel: boolean, now: number): BookingDoc {
  const next: BookingDoc = { ...current, status: 'cancelled', cancelledAt: now, updatedAt: now }
  delete next.holdUntilAt
  if (lateCancel) next.lateCancel = true
  return next
}

/** The booking after the person confirmed the seat held for them. */
export function confirmedHoldBooking(held: BookingDoc, now: number): BookingDoc {
  const next: BookingDoc = { ...held, status: 'confirmed', updatedAt: now }
  delete next.holdUntilAt
  return next
}
