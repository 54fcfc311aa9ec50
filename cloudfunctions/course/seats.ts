/**
 * Seats and the waitlist of a session: the one module that changes a session's `capacity`, `booked`, `seats`,
 * `queue`, `waitlistSeq` and `waitlisted`. book, cancel, check-in, confirmHold, the timer and the organizer's actions
 * (cancelSession, markAttendance, updateSession, drawLottery) all go through these functions.
 *
 * Why the session document holds the truth
 *   CloudBase transactions are document-level and a hot document makes them fail (DESIGN §5), so a seat cannot be
 *   taken "in one transaction with its booking". Instead every seat change is ONE conditional update of the session
 *   that names the person: `seats.<openid>` is added together with `booked: _.inc(1)` only while it is absent and
 *   `booked < capacity`, and removed together with `booked: _.inc(-1)` (or handed to the next person) only while it is
 *   present. So whatever races or crashes happen:
 *     - `booked` = number of entries in `seats` ≤ capacity: no overbooking and no leaked seat;
 *     - a person holds at most one seat, and a seat is freed — and passed on — exactly once (the second freer's
 *       condition no longer matches);
 *     - joining the waitlist appends to `queue` (a log: an entry that leaves becomes '') and increments
 *       `waitlistSeq` in the same update, so sequence numbers are unique and gap-free, and the queue order is the join
 *       order; `waiting.<openid>` marks who waits, so every condition is a key lookup, never a scan of the queue; a
 *       join lands only while `waitlisted` is under the session's cap (core's waitlistLimitFor), so the queue — and
 *       with it the document every book reads and writes — stays a few KB;
 *     - nobody gets a seat or a place in a cancelled class: every update that gives one asks for the status it was
 *       decided on, so one landing after cancelSession's flip fails and is decided again (cancelSession empties the
 *       seats and the queue once, after its flip).
 *   Bookings follow: right after the session update the person's booking is written to match, conditional on the
 *   status it is expected to have, so a late follower write never undoes a newer change. A crash between the two
 *   leaves the booking behind the session; that person's next book / cancel / check-in (a retry) reads the session
 *   and repairs the booking.
 *
 * Who gets a seat and what the session looks like afterwards are core's rules (core/booking/seats.ts); this module
 * holds the conditions and the writes. Each function notes its database requests in the uncontended case; a lost race
 * costs one re-read and a retry.
 *
 * How the organizer actions use it (never change those session fields any other way):
 *   cancelSession   set `status: 'cancelled'` and the bookings' notices (noticeFields); free every seat and place;
 *                   uncount the lottery entrants (countLotteryEntrants).
 *   markAttendance  present → checkInSeat, then the booking → attended; absent → freeSeat, then → no_show.
 *   updateSession   editSession writes the new capacity (conditional on `booked` ≤ it), then fillFreeSeats.
 *   drawLottery     seatDrawResult applies the draw (seats for winners, queue for the rest), not a recount.
 */
import { DomainError } from '@core/api/result'
import {
  afterCheckIn,
  afterFree,
  afterGiven,
  allocateFreedSeats,
  bookingIdFor,
  freedSeatHandover,
  handedOverBooking,
  handoverChange,
  handoverNotice,
  handoverOf,
  headSeat,
  queueEntries,
  seatState,
  stillFreeable,
  type BookingNotice,
  type CoursePolicy,
  type DrawOutcome,
  type FreeOnly,
  type GivenSeat,
  type Handover,
  type NoticeKind,
  type SeatEntry,
  type SessionDoc,
  type SessionEditPlan
} from '@core/booking'
import { _, isDuplicateKeyError, type Patch, type Where } from '../_shared'
import { queuePath, readPersonSeat, readSession, seatPath, store, waitPath, type PersonSeat } from './repo'

/** A seat change that keeps losing races this often means something is wrong, not busy. */
const MAX_ATTEMPTS = 200

const busy = (): DomainError => new DomainError('CONFLICT', '预约的人太多了，请稍后再试')

const updateSession = (where: Where, data: Patch): Promise<boolean> => store.update('sessions', where, data).then((n) => n === 1)

/** The fields that tell the timer a booking has messages to queue (courseTimer/messages.ts). */
export function noticeFields(kind: NoticeKind, now: number): { notices: unknown; noticePending: true } {
  const notice: BookingNotice = { kind, at: now }
  return { notices: _.push([notice]), noticePending: true }
}

/**
 * A free seat for someone who neither holds one nor waits (a booking, a walk-in). One request; false when the
 * session is full or cancelled, its capacity changed since it was read, or the person already holds a seat or waits.
 */
export function claimSeat(session: SessionDoc, openid: string, now: number, entry: Partial<SeatEntry> = {}): Promise<boolean> {
  return updateSession(
    {
      _id: session._id,
      status: 'scheduled',
      capacity: session.capacity,
      booked: _.lt(session.capacity),
      [seatPath(openid)]: _.exists(false),
      [waitPath(openid)]: _.exists(false)
    },
    { booked: _.inc(1), [seatPath(openid)]: { ...entry, at: now }, updatedAt: now }
  )
}

/** Where a join left the person: in the queue (with the session as the append left it, whole), or not. */
export type Joined = ({ joined: true } | { joined: false }) & PersonSeat

/**
 * Appends the person to the waitlist while it has room (`waitlisted` < `limit`) and answers where the session has
 * them afterwards. One request, however many join at the same moment: the append returns the session as it left it,
 * so the place is read off the queue there, never guessed from a count read earlier. Conditional on the class being
 * scheduled and the person neither seated nor waiting; when it does not land, one read says where the session has
 * them — in a seat or the queue (a promotion or a concurrent tap of theirs got there first) or nowhere (the class was
 * cancelled since it was read, or the waitlist filled up: the session answered shows which).
 */
export async function joinQueue(sessionId: string, openid: string, limit: number, now: number): Promise<Joined> {
  const after = await store.updateAndReturn(
    'sessions',
    {
      _id: sessionId,
      status: 'scheduled',
      waitlisted: _.lt(limit),
      [seatPath(openid)]: _.exists(false),
      [waitPath(openid)]: _.exists(false)
    },
    { queue: _.push([openid]), [waitPath(openid)]: now, waitlistSeq: _.inc(1), waitlisted: _.inc(1), updatedAt: now }
  )
  if (after) return { joined: true, session: after, state: seatState(after, openid) }
  return { joined: false, ...(await readPersonSeat(sessionId, openid)) }
}

/** Takes a waiting person off the waitlist. One request; false when they were not waiting. */
export async function leaveQueue(session: SessionDoc, openid: string, now: number): Promise<boolean> {
  const index = (session.queue ?? []).indexOf(openid)
  if (index < 0) return false
  return updateSession(
    { _id: session._id, [queuePath(index)]: openid },
    { [queuePath(index)]: '', [waitPath(openid)]: _.remove(), waitlisted: _.inc(-1), updatedAt: now }
  )
}

/**
 * Lottery entrants wait outside the queue until the draw; the session only counts them in `waitlisted`: +1 for an
 * entry, −n for entries withdrawn or cancelled with the class. One request.
 */
export async function countLotteryEntrants(sessionId: string, delta: number, now: number): Promise<void> {
  await store.updateDoc('sessions', sessionId, { waitlisted: _.inc(delta), updatedAt: now })
}

/**
 * The organizer's edit of a scheduled session (seats, time, note) in one conditional update: a new capacity only while
 * no more people hold a seat than that, so a booking landing meanwhile cannot slip under it. One request; false when
 * the session was cancelled or fuller than the new capacity (sessionEditConflict says which).
 */
export function editSession(sessionId: string, plan: SessionEditPlan, now: number): Promise<boolean> {
  const where: Where = { _id: sessionId, status: 'scheduled' }
  const data: Patch = { updatedAt: now }
  if (plan.capacity !== undefined) {
    where.booked = _.lte(plan.capacity)
    data.capacity = plan.capacity
  }
  if (plan.times) Object.assign(data, plan.times)
  if (plan.note !== undefined) data.note = plan.note === '' ? _.remove() : plan.note
  return updateSession(where, data)
}

/**
 * The booking of the person who just got a seat from the waitlist follows the session: waitlisted → confirmed (or
 * held), with a 'promoted'/'held' message. One request. If their booking is not there yet (their `book` joined the
 * queue a moment ago and has not written it), it is created here, and their `book` finds it.
 */
async function followHandover(session: SessionDoc, h: GivenSeat, index: number, now: number): Promise<void> {
  const waiting = { _id: bookingIdFor(session._id, h.openid), status: 'waitlisted' }
  const change = { ...handoverChange(h, now), ...noticeFields(handoverNotice(h), now), updatedAt: now }
  if ((await store.update('bookings', waiting, change)) === 1) return
  if (await store.get('bookings', waiting._id)) return
  try {
    await store.insert('bookings', handedOverBooking(session, h, index, now))
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err
    // Their book wrote it in between: follow the session once more.
    await store.update('bookings', waiting, change)
  }
}

export interface FreeSeatArgs {
  /** As read recently; re-read here when a race is lost. */
  session: SessionDoc
  policy: CoursePolicy
  openid: string
  now: number
  /** Free it only if the hold has run out (the timer), or only if nobody checked in (release at start + 10 min). */
  only?: FreeOnly
}

export type FreeSeatResult =
  | { freed: true; handover: Handover; session: SessionDoc }
  /** The person held no such seat (any more): someone else freed it first, or it was never theirs. */
  | { freed: false; session: SessionDoc }

/**
 * THE routine that frees a seat: takes `openid`'s seat away and passes it on as core's freedSeatHandover says — to the
 * head of the waitlist at once (before the cutoff), as a hold (after it), or nobody (the seat opens: no one waits,
 * the class started, or a lottery is pending). One conditional session update does both halves, so a seat is
 * freed and passed on exactly once however many callers race; then the new holder's booking follows (1 request).
 * The caller writes the freed person's own booking (cancelled / no_show / …) afterwards.
 *
 * Requests: 1 (seat opens) or 2 (seat handed over); +1 re-read per lost race.
 */
export async function freeSeat(args: FreeSeatArgs): Promise<FreeSeatResult> {
  const { policy, openid, now, only } = args
  let session = args.session
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (!stillFreeable(session.seats?.[openid], only, now)) return { freed: false, session }
    const { handover, index } = freedSeatHandover(session, policy, now)
    // The handover is decided on the status as read: a class cancelled since then gives the seat to nobody.
    const where: Where = { _id: session._id, status: session.status, [seatPath(openid)]: _.exists(true) }
    if (only === 'expired-hold') where[`${seatPath(openid)}.holdUntilAt`] = _.lte(now)
    if (only === 'unclaimed') where[`${seatPath(openid)}.checkedInAt`] = _.exists(false)
    const data: Patch = { [seatPath(openid)]: _.remove(), updatedAt: now }
    if (handover.kind === 'open') {
      // "Nobody waits" must still be true when the seat opens: nobody joined since the read.
      if (handover.reason === 'empty') where.waitlistSeq = session.waitlistSeq
      data.booked = _.inc(-1)
    } else {
      where[queuePath(index)] = handover.openid
      where[seatPath(handover.openid)] = _.exists(false)
      data[seatPath(handover.openid)] = headSeat(handover, now)
      data[queuePath(index)] = ''
      data[waitPath(handover.openid)] = _.remove()
      data.waitlisted = _.inc(-1)
    }
    if (await updateSession(where, data)) {
      if (handover.kind !== 'open') await followHandover(session, handover, index, now)
      return { freed: true, handover, session: afterFree(session, openid, handover, index, now) }
    }
    session = await readSession(session._id)
  }
  throw busy()
}

/**
 * Gives free seats (capacity − booked) to the head(s) of the waitlist, as core's allocateFreedSeats says: after the
 * organizer raised the capacity, or when someone joined the waitlist while a seat was opening. Each seat is one
 * conditional update (+1 for the new holder's booking). Returns who got one.
 */
export async function fillFreeSeats(args: { session: SessionDoc; policy: CoursePolicy; now: number }): Promise<Handover[]> {
  const { policy, now } = args
  let session = args.session
  const given: Handover[] = []
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const free = session.capacity - session.booked
    if (free <= 0) return given
    const next = allocateFreedSeats(session, queueEntries(session), policy, now, free)[0]
    if (next.kind === 'open') return given
    const handover = handoverOf(next) as GivenSeat
    const { index } = next.booking
    const took = await updateSession(
      {
        _id: session._id,
        status: 'scheduled',
        capacity: session.capacity,
        booked: session.booked,
        [queuePath(index)]: handover.openid,
        [seatPath(handover.openid)]: _.exists(false)
      },
      {
        booked: _.inc(1),
        [seatPath(handover.openid)]: headSeat(handover, now),
        [queuePath(index)]: '',
        [waitPath(handover.openid)]: _.remove(),
        waitlisted: _.inc(-1),
        updatedAt: now
      }
    )
    if (took) {
      await followHandover(session, handover, index, now)
      given.push(handover)
      session = afterGiven(session, handover, index, now)
    } else {
      session = await readSession(session._id)
    }
  }
  throw busy()
}

/** What checkInSeat did ('cancelled': the class was cancelled since it was read, and nobody takes a seat in it). */
export type CheckInSeat = 'checked-in' | 'took-seat' | 'full' | 'cancelled'

/**
 * The person is here (check-in code, or the organizer marks them present). With a seat (confirmed or held): the seat
 * is marked claimed in person, so the release at start + 10 min skips it, and a hold becomes theirs. Without one: they
 * take a free seat if there is one (leaving the waitlist if they were on it), else 'full'. One request. Returns the
 * session as the update left it.
 */
export async function checkInSeat(args: { session: SessionDoc; openid: string; now: number }): Promise<{ result: CheckInSeat; session: SessionDoc }> {
  const { openid, now } = args
  let session = args.session
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const state = seatState(session, openid)
    if (state.kind === 'seat') {
      if (state.entry.checkedInAt !== undefined) return { result: 'checked-in', session }
      const claimed = await updateSession(
        { _id: session._id, [`${seatPath(openid)}.at`]: _.exists(true) },
        { [`${seatPath(openid)}.checkedInAt`]: now, [`${seatPath(openid)}.holdUntilAt`]: _.remove(), updatedAt: now }
      )
      if (claimed) return { result: 'checked-in', session: afterCheckIn(session, openid, now, null) }
    } else {
      if (session.status === 'cancelled') return { result: 'cancelled', session }
      if (session.booked >= session.capacity) return { result: 'full', session }
      if (state.kind === 'none') {
        if (await claimSeat(session, openid, now, { checkedInAt: now })) {
          return { result: 'took-seat', session: afterCheckIn(session, openid, now, {}) }
        }
      } else {
        const took = await updateSession(
          {
            _id: session._id,
            status: 'scheduled',
            capacity: session.capacity,
            booked: _.lt(session.capacity),
            [queuePath(state.index)]: openid,
            [seatPath(openid)]: _.exists(false)
          },
          {
            booked: _.inc(1),
            [seatPath(openid)]: { at: now, checkedInAt: now },
            [queuePath(state.index)]: '',
            [waitPath(openid)]: _.remove(),
            waitlisted: _.inc(-1),
            updatedAt: now
          }
        )
        if (took) return { result: 'took-seat', session: afterCheckIn(session, openid, now, { fromQueue: state.index }) }
      }
    }
    session = await readSession(session._id)
  }
  throw busy()
}

/** A held seat becomes the person's own, if the hold has not run out. One request; false = no live hold. */
export function confirmHeldSeat(sessionId: string, openid: string, now: number): Promise<boolean> {
  return updateSession(
    { _id: sessionId, [`${seatPath(openid)}.holdUntilAt`]: _.gt(now) },
    { [`${seatPath(openid)}.holdUntilAt`]: _.remove(), updatedAt: now }
  )
}

/**
 * A lottery draw takes effect, once: the winners get seats and the rest join the waitlist in draw order (so their
 * sequence numbers are the ones drawOutcome gave them), `drawnAt` is set. One request, conditional on the session
 * being undrawn and unchanged in booked/waitlistSeq since `session` was read (else false: re-read and decide again).
 * Then the entries follow (one request each): won → confirmed, lost → waitlisted with its position; an entrant who
 * withdrew in the meantime gets no seat or place (it is passed on / given up here).
 */
export async function seatDrawResult(args: { session: SessionDoc; policy: CoursePolicy; outcome: DrawOutcome; now: number }): Promise<boolean> {
  const { session, policy, outcome, now } = args
  const data: Patch = {
    drawnAt: now,
    booked: _.inc(outcome.confirm.length),
    waitlistSeq: outcome.waitlistSeq,
    waitlisted: outcome.waitlist.length,
    updatedAt: now
  }
  for (const openid of outcome.confirm) data[seatPath(openid)] = { at: now }
  for (const { openid } of outcome.waitlist) data[waitPath(openid)] = now
  if (outcome.waitlist.length > 0) data.queue = _.push(outcome.waitlist.map((w) => w.openid))
  const applied = await updateSession(
    {
      _id: session._id,
      drawnAt: _.exists(false),
      booked: session.booked,
      waitlistSeq: session.waitlistSeq,
      capacity: _.gte(session.booked + outcome.confirm.length)
    },
    data
  )
  if (!applied) return false

  const entered = { sessionId: session._id, status: 'waitlisted', lottery: 'entered' }
  const follow = async (openid: string, change: Patch): Promise<boolean> =>
    (await store.update('bookings', { ...entered, _id: bookingIdFor(session._id, openid) }, { ...change, updatedAt: now })) === 1
  const withdrawn: string[] = []
  const lostWithdrawn: string[] = []
  await inBatches(outcome.confirm, async (openid) => {
    if (!(await follow(openid, { status: 'confirmed', lottery: 'won', ...noticeFields('confirmed', now) }))) withdrawn.push(openid)
  })
  await inBatches(outcome.waitlist, async ({ openid, position }) => {
    if (!(await follow(openid, { lottery: 'lost', position }))) lostWithdrawn.push(openid)
  })
  if (withdrawn.length === 0 && lostWithdrawn.length === 0) return true
  let current = await readSession(session._id)
  for (const openid of lostWithdrawn) await leaveQueue(current, openid, now)
  for (const openid of withdrawn) current = (await freeSeat({ session: current, policy, openid, now })).session
  return true
}

/** Parallel single-document writes, a modest number at a time. */
export async function inBatches<T>(items: readonly T[], fn: (item: T) => Promise<void>, size = 50): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(fn))
}
