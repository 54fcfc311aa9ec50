/**
 * Organizer actions on a course's sessions:
 *   generateSessions  {courseId, rule} → {created, existing, past, sessions}
 *   updateSession     {sessionId, capacity?, startAt?, endAt?, note?} → {session, notified}
 *   cancelSession     {sessionId, reason} → {session, notified}
 * What an edit or a cancel does is core's (sessionEditPlan, cancelSessionDecision); seats and the waitlist change only
 * through seats.ts, and the bookings follow with a notice for everyone affected.
 */
import { randomBytes } from 'crypto'
import {
  cancelSessionSchema,
  generateSessionsSchema,
  updateSessionSchema,
  type CancelSessionInput,
  type CancelSessionOutput,
  type GenerateSessionsInput,
  type GenerateSessionsOutput,
  type UpdateSessionInput,
  type UpdateSessionOutput
} from '@core/api/course'
import { DomainError } from '@core/api/result'
import {
  ACTIVE_STATUSES,
  cancelSessionDecision,
  expandRule,
  isLotteryEntry,
  newSessionDoc,
  planGeneration,
  queueEntries,
  resolvePolicy,
  sessionEditConflict,
  sessionEditPlan,
  toSessionView,
  type SessionDoc
} from '@core/booking'
import { _, action, audit, isDuplicateKeyError, PAGE_SIZE, requireShownTextsSafe, requireVenue } from '../../_shared'
import { readSession, requireSession, store } from '../repo'
import { countLotteryEntrants, editSession, fillFreeSeats, freeSeat, inBatches, leaveQueue, noticeFields } from '../seats'
import { courseOrThrow, type Ctx } from './reads'

/** Keeps each insert request a modest size (a rule yields at most 182 sessions). */
const INSERT_CHUNK = 100
const GENERATE_ATTEMPTS = 3

const storedSessions = (ids: string[]): Promise<SessionDoc[]> => store.find('sessions', { _id: _.in(ids) }, { limit: ids.length })

/**
 * Inserts the rule's sessions that are not stored yet, a batch per request. Session ids are deterministic, so a
 * second run, or a concurrent one, creates nothing twice: a batch that meets an id inserted meanwhile fails as a
 * whole, and the next attempt re-reads what is stored and inserts the rest.
 */
async function generateSessions(ctx: Ctx<GenerateSessionsInput>): Promise<GenerateSessionsOutput> {
  const { courseId, rule } = ctx.input
  const course = await courseOrThrow(courseId)
  requireVenue(ctx.user, course.venueId)
  if (course.status === 'archived') throw new DomainError('CONFLICT', '课程已停课，请先恢复课程再排课', 'courseId')
  const planned = expandRule(courseId, rule)
  const ids = planned.map((p) => p._id)
  let stored = await storedSessions(ids)
  let created: SessionDoc[] = []
  for (let attempt = 1; ; attempt++) {
    const plan = planGeneration(
      planned,
      stored.map((s) => s._id),
      ctx.now
    )
    // Each session's check-in codes are keyed by server-side randomness (core has none).
    const fresh = plan.create.map((p) => newSessionDoc(p, course, randomBytes(16).toString('hex'), ctx.now))
    try {
      for (let i = 0; i < fresh.length; i += INSERT_CHUNK) {
        const batch = fresh.slice(i, i + INSERT_CHUNK)
        await store.insertMany('sessions', batch)
        created = created.concat(batch)
      }
    } catch (err) {
      if (!isDuplicateKeyError(err) || attempt >= GENERATE_ATTEMPTS) throw err
      stored = await storedSessions(ids)
      continue
    }
    // Ids this call inserted in an earlier attempt show up as stored in a later one: they count as created.
    const mine = new Set(created.map((s) => s._id))
    const result = { created: created.length, existing: plan.existing.filter((id) => !mine.has(id)).length, past: plan.past }
    await audit(ctx, 'generateSessions', `courses/${courseId}`, { rule, ...result })
    const policy = resolvePolicy(course.policy)
    const byId = new Map([...stored, ...fresh].map((s) => [s._id, s]))
    const sessions = [...byId.values()].sort((a, b) => a.startAt - b.startAt).map((s) => toSessionView(s, policy))
    return { ...result, sessions }
  }
}

/**
 * Capacity, time or note. Fewer seats than people holding one is refused (the write is conditional on `booked`, so a
 * booking landing meanwhile cannot slip under it); more seats go to the waitlist at once (seats.ts fillFreeSeats).
 * A new time is copied onto the bookings, and everyone with a seat or a place gets a 'changed' notice.
 */
async function updateSession(ctx: Ctx<UpdateSessionInput>): Promise<UpdateSessionOutput> {
  const { sessionId, ...edit } = ctx.input
  // The note is shown to everyone who opens the session, and told to those booked.
  const [{ session, policy }] = await Promise.all([
    requireSession(sessionId),
    requireShownTextsSafe([{ field: 'note', label: '备注', text: edit.note }], ctx.openid)
  ])
  requireVenue(ctx.user, session.venueId)
  const plan = sessionEditPlan(session, edit, ctx.now)

  if (!(await editSession(sessionId, plan, ctx.now))) throw sessionEditConflict(await readSession(sessionId), edit)

  let after = await readSession(sessionId)
  if (plan.addsSeats) {
    const given = await fillFreeSeats({ session: after, policy, now: ctx.now })
    if (given.length > 0) after = await readSession(sessionId)
  }
  let notified = 0
  if (plan.times) {
    const times = { ...plan.times, updatedAt: ctx.now }
    notified = await store.update('bookings', { sessionId, status: _.in([...ACTIVE_STATUSES]) }, { ...times, ...noticeFields('changed', ctx.now) })
    await store.update('bookings', { sessionId, status: _.nin([...ACTIVE_STATUSES]) }, times)
  }
  await audit(ctx, 'updateSession', `sessions/${sessionId}`, {
    before: { capacity: session.capacity, startAt: session.startAt, endAt: session.endAt, note: session.note ?? '' },
    after: { capacity: after.capacity, startAt: after.startAt, endAt: after.endAt, note: after.note ?? '' },
    notified
  })
  return { session: toSessionView(after, policy), notified }
}

/**
 * Cancels the class: the session first (from then on nobody can book it), then every seat and waitlist place is given
 * up through seats.ts — nobody is promoted into a cancelled class — and every booking with a seat, a place or a
 * lottery entry is cancelled with a 'cancelled' notice (no late cancel: no strike). Asking again finishes anything a
 * concurrent booking slipped in and otherwise changes nothing.
 */
async function cancelSession(ctx: Ctx<CancelSessionInput>): Promise<CancelSessionOutput> {
  const { sessionId, reason } = ctx.input
  // The reason is told to everyone booked.
  const [{ session, policy }] = await Promise.all([
    requireSession(sessionId),
    requireShownTextsSafe([{ field: 'reason', label: '取消原因', text: reason }], ctx.openid)
  ])
  requireVenue(ctx.user, session.venueId)
  let flipped = false
  if (cancelSessionDecision(session, ctx.now) === 'flip') {
    const scheduled = { _id: sessionId, status: 'scheduled' }
    flipped = (await store.update('sessions', scheduled, { status: 'cancelled', cancelReason: reason, updatedAt: ctx.now })) === 1
  }

  const cancelled = await readSession(sessionId)
  await inBatches(Object.keys(cancelled.seats ?? {}), async (openid) => {
    await freeSeat({ session: cancelled, policy, openid, now: ctx.now })
  })
  await inBatches(queueEntries(cancelled), async ({ openid }) => {
    await leaveQueue(cancelled, openid, ctx.now)
  })

  const active = await store.findAll('bookings', { sessionId, status: _.in([...ACTIVE_STATUSES]) }, { _id: true, status: true, lottery: true })
  let notified = 0
  for (let i = 0; i < active.length; i += PAGE_SIZE) {
    const ids = active.slice(i, i + PAGE_SIZE).map((b) => b._id)
    notified += await store.update(
      'bookings',
      { _id: _.in(ids), status: _.in([...ACTIVE_STATUSES]) },
      { status: 'cancelled', cancelledAt: ctx.now, holdUntilAt: _.remove(), updatedAt: ctx.now, ...noticeFields('cancelled', ctx.now) }
    )
  }
  // Lottery entrants wait outside the queue; the session only counts them.
  const entrants = active.filter(isLotteryEntry).length
  if (entrants > 0) await countLotteryEntrants(sessionId, -entrants, ctx.now)
  if (flipped || notified > 0) {
    await audit(ctx, 'cancelSession', `sessions/${sessionId}`, { reason, notified, wasBooked: session.booked })
  }
  return { session: toSessionView(await readSession(sessionId), policy), notified }
}

export const sessionActions = {
  generateSessions: action({ input: generateSessionsSchema, auth: 'organizer', limit: 'organizing', run: generateSessions }),
  updateSession: action({ input: updateSessionSchema, auth: 'organizer', limit: 'organizing', run: updateSession }),
  cancelSession: action({ input: cancelSessionSchema, auth: 'organizer', limit: 'organizing', run: cancelSession })
}
