/** Stored documents → what the client sees: secrets stripped, derived numbers filled in. */
import type { Booking, Session } from '../api/course'
import type { BookingDoc, SessionDoc } from './model'
import { cancelDeadlineFor, closesAtFor, drawAtFor, isLotteryPending, isWaitlistFull, opensAtFor, type CoursePolicy } from './policy'
import type { SeatState } from './seats'

export function toSessionView(doc: SessionDoc, policy: CoursePolicy): Session {
  const view: Session = {
    _id: doc._id,
    courseId: doc.courseId,
    title: doc.title,
    category: doc.category,
    venueId: doc.venueId,
    ...(doc.kind === 'volunteer' ? { kind: doc.kind } : {}),
    startAt: doc.startAt,
    endAt: doc.endAt,
    capacity: doc.capacity,
    booked: doc.booked,
    seatsLeft: Math.max(0, doc.capacity - doc.booked),
    waitlisted: doc.waitlisted,
    status: doc.status,
    mode: isLotteryPending(doc, policy) ? 'lottery' : 'first-come',
    bookingOpensAt: opensAtFor(doc.startAt, policy),
    bookingClosesAt: closesAtFor(doc.startAt, policy),
    cancelDeadlineAt: cancelDeadlineFor(doc.startAt, policy)
  }
  const drawAt = drawAtFor(doc.startAt, policy)
  if (drawAt !== null) view.drawAt = drawAt
  if (view.mode === 'first-come' && view.seatsLeft === 0 && policy.waitlist && isWaitlistFull(doc, policy)) view.waitlistFull = true
  if (doc.drawnAt !== undefined) view.drawnAt = doc.drawnAt
  if (doc.note) view.note = doc.note
  if (doc.cancelReason) view.cancelReason = doc.cancelReason
  return view
}

/** `position` is the displayed position (waitlist.displayPosition), given only while waiting. */
export function toBookingView(doc: BookingDoc, position?: number): Booking {
  const view: Booking = {
    _id: doc._id,
    sessionId: doc.sessionId,
    courseId: doc.courseId,
    status: doc.status,
    startAt: doc.startAt,
    endAt: doc.endAt,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt
  }
  if (doc.status === 'waitlisted' && position !== undefined) view.position = position
  if (doc.lottery !== undefined) view.lottery = doc.lottery
  if (doc.status === 'held' && doc.holdUntilAt !== undefined) view.holdUntilAt = doc.holdUntilAt
  if (doc.checkedInAt !== undefined) view.checkedInAt = doc.checkedInAt
  if (doc.checkedOutAt !== undefined) view.checkedOutAt = doc.checkedOutAt
  if (doc.volunteerMinutes !== undefined) view.volunteerMinutes = doc.volunteerMinutes
  if (doc.walkIn) view.walkIn = true
  if (doc.lateCancel) view.lateCancel = true
  return view
}

/** The booking as the person sees it: the displayed waitlist position comes from where the session has them. */
export const bookingView = (doc: BookingDoc, state: SeatState): Booking =>
  toBookingView(doc, state.kind === 'queued' ? state.shown : undefined)
