/**
 * Steps 1–5 of function `courseTimer` (index.ts runs them, then messages.ts's 6 and 7), on the course function's
 * modules: seats through seats.ts, draws through lottery.ts, strikes through strikes.ts. Each step is idempotent —
 * running twice, or two runs at once, changes nothing the second time — because every change is conditional on the
 * state it moves from (seats through seats.ts, bookings on their status, sessions on a "done" field); so a step that
 * stops when its budget is spent leaves the rest for the next run:
 *   1. lotteries whose registration closed are drawn (the same routine as the organizer's drawLottery);
 *   2. holds that ran out pass on to the next in the waitlist (the holder's booking → cancelled, holdExpiredAt);
 *   3. at start + 10 min, confirmed seats nobody claimed are released (→ no_show) to the waitlist / walk-ins;
 *   4. after the class, strikes are settled from the bookings (core settleSessionStrikes);
 *   5. an hour before the start, class reminders are queued.
 */
import {
  bookingIdFor,
  drawDue,
  resolvePolicy,
  RELEASE_AFTER_MIN,
  seatState,
  seatsToRelease,
  type BookingStatus,
  type CoursePolicy
} from '@core/booking'
import { DAY_MS, MINUTE_MS } from '@core/time'
import { _ } from '../_shared'
import { runDraw } from '../course/lottery'
import { loadSession, store } from '../course/repo'
import { freeSeat } from '../course/seats'
import { settleSession } from '../course/strikes'
import { queueReminders, REMIND_BEFORE_MIN } from './messages'
import type { Budget } from './runner'

/** Sessions whose start + 10 min (or end) passed longer ago than this are left alone: the timer was down too long. */
const CATCH_UP_MS = 2 * DAY_MS

/** Policies of the given courses. */
async function policies(courseIds: readonly string[]): Promise<Map<string, CoursePolicy>> {
  if (courseIds.length === 0) return new Map()
  const courses = await store.findAll('courses', { _id: _.in([...new Set(courseIds)]) }, { _id: true, policy: true })
  return new Map(courses.map((c) => [c._id, resolvePolicy(c.policy)]))
}

/** 1. Draws of lottery sessions whose registration has closed. */
export async function drawLotteries(now: number, budget: Budget): Promise<number> {
  const courses = await store.findAll('courses', { 'policy.lottery': _.exists(true) }, { _id: true, policy: true })
  if (courses.length === 0) return 0
  const byCourse = new Map(courses.map((c) => [c._id, resolvePolicy(c.policy)]))
  const undrawn = await store.findAll(
    'sessions',
    { courseId: _.in([...byCourse.keys()]), status: 'scheduled', drawnAt: _.exists(false), startAt: _.gt(now) },
    { _id: true, courseId: true, startAt: true, status: true }
  )
  let drawn = 0
  for (const s of undrawn) {
    if (budget.spent()) break
    if (!drawDue(s, byCourse.get(s.courseId) as CoursePolicy, now)) continue
    if ((await runDraw(s._id, now, 'timer')).state === 'drawn') drawn++
  }
  return drawn
}

/** 2. Holds that ran out: the seat goes to the next person waiting (or opens). */
export async function expireHolds(now: number, budget: Budget): Promise<number> {
  const expired = await store.findAll('bookings', { status: 'held', holdUntilAt: _.lte(now) }, { _id: true, sessionId: true, openid: true })
  let passed = 0
  for (const sessionId of new Set(expired.map((b) => b.sessionId))) {
    if (budget.spent()) break
    const loaded = await loadSession(sessionId)
    if (!loaded) continue
    let session = loaded.session
    for (const b of expired.filter((x) => x.sessionId === sessionId)) {
      const res = await freeSeat({ session, policy: loaded.policy, openid: b.openid, now, only: 'expired-hold' })
      session = res.session
      if (!res.freed) continue
      passed++
      const held = { _id: b._id, status: 'held' }
      await store.update('bookings', held, { status: 'cancelled', holdExpiredAt: now, cancelledAt: now, holdUntilAt: _.remove(), updatedAt: now })
    }
  }
  return passed
}

/** 3. At start + 10 min: confirmed seats nobody claimed become no-shows and their seats are freed. */
export async function releaseUnclaimed(now: number, budget: Budget): Promise<number> {
  const releaseBefore = now - RELEASE_AFTER_MIN * MINUTE_MS
  const due = await store.findAll('sessions', {
    status: 'scheduled',
    releasedAt: _.exists(false),
    startAt: _.gt(releaseBefore - CATCH_UP_MS).and(_.lte(releaseBefore))
  })
  const policyOf = await policies(due.map((s) => s.courseId))
  let released = 0
  for (let session of due) {
    if (budget.spent()) break
    const policy = policyOf.get(session.courseId) ?? resolvePolicy(null)
    // Who holds a seat, as the session has it (checked in or not), in core's terms.
    const holders = Object.keys(session.seats ?? {}).map((openid) => {
      const state = seatState(session, openid)
      const entry = state.kind === 'seat' ? state.entry : { at: 0 }
      const status: BookingStatus = state.kind === 'seat' ? state.status : 'confirmed'
      return { openid, status, checkedInAt: entry.checkedInAt }
    })
    for (const h of seatsToRelease(session, holders, now)) {
      const res = await freeSeat({ session, policy, openid: h.openid, now, only: 'unclaimed' })
      session = res.session
      if (!res.freed) continue
      released++
      const confirmed = { _id: bookingIdFor(session._id, h.openid), status: 'confirmed' }
      await store.update('bookings', confirmed, { status: 'no_show', releasedAt: now, updatedAt: now })
    }
    await store.update('sessions', { _id: session._id, releasedAt: _.exists(false) }, { releasedAt: now })
  }
  return released
}

/** 4. Strikes after the class ended. */
export async function settleEnded(now: number, budget: Budget): Promise<number> {
  const ended = await store.findAll('sessions', { settledAt: _.exists(false), endAt: _.gt(now - CATCH_UP_MS).and(_.lte(now)) })
  let settled = 0
  for (const session of ended) {
    if (budget.spent()) break
    await settleSession(session, now)
    await store.update('sessions', { _id: session._id, settledAt: _.exists(false) }, { settledAt: now })
    settled++
  }
  return settled
}

/** 5. Reminders for classes starting within the hour (again if the organizer moved one). */
export async function remind(now: number, budget: Budget): Promise<number> {
  const soon = await store.findAll('sessions', {
    status: 'scheduled',
    startAt: _.gt(now).and(_.lte(now + REMIND_BEFORE_MIN * MINUTE_MS))
  })
  let queued = 0
  for (const session of soon) {
    if (budget.spent()) break
    if (session.remindedFor === session.startAt) continue
    queued += await queueReminders(session, now)
    await store.update('sessions', { _id: session._id, startAt: session.startAt }, { remindedFor: session.startAt })
  }
  return queued
}
