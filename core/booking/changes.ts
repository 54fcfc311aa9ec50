/**
 * The organizer's changes to a session — seats, time and note (updateSession), cancelling the class — decided before
 * anything is written, in the style of cancelDecision: the function asks here what to write (or which refusal to
 * answer) and only carries it out. seatsProblem is also what the edit sheet checks before it asks to confirm, so a
 * refusal the page could have seen never comes after 保存并通知.
 */
import { DomainError } from '../api/result'
import type { Issue } from '../schema'
import type { SessionDoc } from './model'

/** What the organizer asked to change; start and end come together (the input schema sees to that). */
export interface SessionEdit {
  capacity?: number
  startAt?: number
  endAt?: number
  note?: string
}

export interface SessionEditPlan {
  /** New number of seats: written only while no more people hold a seat than that. */
  capacity?: number
  /** New start and end, when either differs from the stored ones. */
  times?: { startAt: number; endAt: number }
  /** New note; '' removes it. */
  note?: string
  /** More seats than before: they go to the waitlist at once. */
  addsSeats: boolean
}

/** Fewer seats than people holding one (`booked`) cannot be: nobody's seat is taken away by an edit. */
export function seatsProblem(booked: number, capacity: number | undefined): Issue | undefined {
  if (capacity === undefined || capacity >= booked) return undefined
  return { message: `已有${booked}人占了座位，名额不能少于${booked}人`, path: ['capacity'] }
}

const seatsRefusal = (issue: Issue): DomainError => new DomainError('CONFLICT', issue.message, 'capacity')

/**
 * What updateSession writes. Refused for a cancelled or started class, for a new start in the past and for fewer
 * seats than people holding one as read. The write is conditional on `booked` as well, so a booking landing meanwhile
 * cannot slip under it; sessionEditConflict explains a write that matched nothing.
 */
export function sessionEditPlan(
  session: Pick<SessionDoc, 'status' | 'startAt' | 'endAt' | 'capacity' | 'booked'>,
  edit: SessionEdit,
  now: number
): SessionEditPlan {
  if (session.status === 'cancelled') throw new DomainError('CONFLICT', '这节课已取消，不能再修改')
  if (now >= session.startAt) throw new DomainError('CONFLICT', '课程已经开始，不能再修改')
  const { capacity, startAt, endAt, note } = edit
  if (startAt !== undefined && startAt <= now) throw new DomainError('INVALID_INPUT', '开始时间已经过了', 'startAt')
  const seats = seatsProblem(session.booked, capacity)
  if (seats) throw seatsRefusal(seats)
  const plan: SessionEditPlan = { addsSeats: capacity !== undefined && capacity > session.capacity }
  if (capacity !== undefined) plan.capacity = capacity
  if (startAt !== undefined && endAt !== undefined && (startAt !== session.startAt || endAt !== session.endAt)) plan.times = { startAt, endAt }
  if (note !== undefined) plan.note = note
  return plan
}

/** Why the conditional write of an edit matched nothing, judged on the session as it is now. */
export function sessionEditConflict(fresh: Pick<SessionDoc, 'status' | 'booked'>, edit: SessionEdit): DomainError {
  if (fresh.status === 'cancelled') return new DomainError('CONFLICT', '这节课刚刚被取消了')
  const seats = seatsProblem(fresh.booked, edit.capacity)
  if (seats) return seatsRefusal(seats)
  return new DomainError('CONFLICT', '这节课刚刚有变动，请刷新后再试')
}

/**
 * cancelSession: a scheduled class is flipped to cancelled (refused once it has started); asking again for a cancelled
 * one only finishes what a concurrent booking slipped in.
 */
export function cancelSessionDecision(session: Pick<SessionDoc, 'status' | 'startAt'>, now: number): 'flip' | 'already-cancelled' {
  if (session.status === 'cancelled') return 'already-cancelled'
  if (now >= session.startAt) throw new DomainError('CONFLICT', '课程已经开始，不能取消了')
  return 'flip'
}
