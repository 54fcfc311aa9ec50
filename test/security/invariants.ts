/**
 * What must hold in the store whatever happened before — concurrent storms, a process killed mid-write and restarted,
 * a benchmark's burst — written once and read straight from the documents, so the storm tests, the crash test and the
 * benchmarks all ask the same questions.
 *
 * Each check answers a list of violations (one readable line each, naming the document), not a pass/fail: a test
 * expects the list empty and a failure shows every broken rule at once, with the ids to look at. The rules themselves
 * come from core wherever core decides (the referral and need status machines are replayed through actOnReferral and
 * moveNeed, seat statuses through seatStatus), so a check cannot drift from the code it checks.
 */
import {
  isLotteryEntry,
  isLotteryPending,
  queueEntries,
  resolvePolicy,
  seatStatus,
  SEAT_STATUSES,
  type BookingDoc,
  type CourseDoc,
  type SessionDoc
} from '@core/booking'
import {
  actOnReferral,
  CLOSED_NEED_STATUSES,
  moveNeed,
  OPEN_REFERRAL_STATUSES,
  type NeedDoc,
  type NeedStatus,
  type ReferralAction,
  type ReferralDoc,
  type ReferralStatus,
  type StatusChange
} from '@core/matching'
import type { ResponseDoc, SurveyDoc } from '@core/survey'
import type { Doc } from '../../emulator/db'

/** What the checks read: any store that finds documents by query (the test cloud's, or one opened on a data directory). */
export interface StoreReader {
  find<T = Doc>(collection: string, query?: Doc): T[]
}

const sorted = (values: Iterable<string>): string[] => [...values].sort()
const sameSet = (a: Iterable<string>, b: Iterable<string>): boolean => sorted(a).join('\n') === sorted(b).join('\n')

/**
 * What the session document alone must say at every instant, even the instant a process died: each seat or queue
 * change is one conditional update of it (cloudfunctions/course/seats.ts), so `booked` = people in `seats` ≤ capacity,
 * `waitlistSeq` = the waitlist log's length, `waiting` = its live entries, nobody waiting twice.
 */
function seatTableBreaks(session: SessionDoc): string[] {
  const at = `session ${session._id}`
  const out: string[] = []
  const seated = Object.keys(session.seats ?? {}).length
  const live = queueEntries(session).map((e) => e.openid)
  if (session.booked !== seated) out.push(`${at}: booked ${session.booked} but ${seated} people in seats`)
  if (session.booked > session.capacity) out.push(`${at}: booked ${session.booked} over capacity ${session.capacity}`)
  if (session.waitlistSeq !== (session.queue ?? []).length) out.push(`${at}: waitlistSeq ${session.waitlistSeq} ≠ queue length ${(session.queue ?? []).length}`)
  if (!sameSet(Object.keys(session.waiting ?? {}), live)) out.push(`${at}: waiting ≠ live queue entries`)
  if (new Set(live).size !== live.length) out.push(`${at}: someone waits twice`)
  return out
}

/** seatTableBreaks of each session: what holds before any booking has caught up with it (after a crash, before retries). */
export function seatTableViolations(store: StoreReader, sessionIds: readonly string[]): string[] {
  return sessionIds.flatMap((id) => {
    const session = store.find<SessionDoc>('sessions', { _id: id })[0]
    return session ? seatTableBreaks(session) : [`session ${id}: missing`]
  })
}

/**
 * The seats and waitlist of each session, against its bookings (seatTableBreaks, and):
 *   - exactly the people in `seats` have a booking holding a seat, in the status their seat entry says (attended once
 *     checked in, held while a hold runs);
 *   - `waitlisted` = live entries of the waitlist log plus lottery entrants; each live entry's booking is waitlisted with position = its sequence number, no other booking
 *     is waitlisted, so the positions people see (their rank among those waiting) run 1..n without gaps or repeats;
 *   - no seat free while someone waits for it (when the rules hand freed seats on: scheduled, not started, no draw
 *     pending, waitlist on, before the cutoff) — a freed seat that was not passed on;
 *   - a cancelled session holds nobody;
 *   - `promotionsAtMost` (optional, from the caller's own record of joins): no booking promoted more often than its
 *     person joined the waitlist — a seat passed on twice.
 */
export function bookingViolations(
  store: StoreReader,
  sessionIds: readonly string[],
  now: number,
  promotionsAtMost?: ReadonlyMap<string, number>
): string[] {
  const out: string[] = []
  for (const sessionId of sessionIds) {
    const session = store.find<SessionDoc>('sessions', { _id: sessionId })[0]
    if (!session) {
      out.push(`session ${sessionId}: missing`)
      continue
    }
    const at = `session ${sessionId}`
    const course = store.find<CourseDoc>('courses', { _id: session.courseId })[0]
    const policy = resolvePolicy(course?.policy ?? {})
    const bookings = store.find<BookingDoc>('bookings', { sessionId })
    const seats = session.seats ?? {}
    const live = queueEntries(session)

    out.push(...seatTableBreaks(session))
    const holding = bookings.filter((b) => SEAT_STATUSES.includes(b.status))
    if (!sameSet(holding.map((b) => b.openid), Object.keys(seats))) {
      out.push(`${at}: seat-holding bookings [${sorted(holding.map((b) => b.openid)).join()}] ≠ seats [${sorted(Object.keys(seats)).join()}]`)
    }
    for (const b of holding) {
      const entry = seats[b.openid]
      if (entry && seatStatus(entry) !== b.status) out.push(`${at}: booking ${b._id} is ${b.status}, its seat says ${seatStatus(entry)}`)
    }

    const entrants = bookings.filter((b) => isLotteryEntry(b)).length
    if (session.waitlisted !== live.length + entrants) {
      out.push(`${at}: waitlisted ${session.waitlisted} ≠ ${live.length} queued + ${entrants} lottery entrants`)
    }
    const waitingBookings = bookings.filter((b) => b.status === 'waitlisted' && !isLotteryEntry(b))
    const expected = new Map(live.map((e) => [e.openid, e.index + 1]))
    for (const b of waitingBookings) {
      const position = expected.get(b.openid)
      if (position === undefined) out.push(`${at}: booking ${b._id} waitlisted but not in the queue`)
      else if (b.position !== position) out.push(`${at}: booking ${b._id} has position ${b.position}, the queue says ${position}`)
    }
    for (const openid of expected.keys()) {
      if (!waitingBookings.some((b) => b.openid === openid)) out.push(`${at}: ${openid} queued without a waitlisted booking`)
    }
    for (const openid of Object.keys(seats)) if (expected.has(openid)) out.push(`${at}: ${openid} holds a seat and waits`)

    const handsOn =
      session.status === 'scheduled' &&
      now < session.startAt &&
      !isLotteryPending(session, policy) &&
      policy.waitlist &&
      now < session.startAt - policy.waitlistCutoffMin * 60_000
    if (handsOn && session.booked < session.capacity && live.length > 0) {
      out.push(`${at}: ${session.capacity - session.booked} seat(s) free while ${live.length} wait`)
    }
    if (session.status === 'cancelled') {
      if (session.booked !== 0 || live.length !== 0) out.push(`${at}: cancelled but ${session.booked} seated, ${live.length} waiting`)
      for (const b of bookings) if (b.status === 'confirmed' || b.status === 'held' || b.status === 'waitlisted') out.push(`${at}: booking ${b._id} still ${b.status} in a cancelled session`)
    }

    if (promotionsAtMost) {
      for (const b of bookings) {
        const given = (b.notices ?? []).filter((n) => n.kind === 'promoted' || n.kind === 'held').length
        const bound = promotionsAtMost.get(b._id) ?? 0
        if (given > bound) out.push(`${at}: booking ${b._id} given a seat from the waitlist ${given} times, joined ${bound}`)
      }
    }
  }
  return out
}

/**
 * Each questionnaire's responses: where the survey takes one per person, at most one submitted response per person
 * (openid when self-filled, phone hash when entered on a visit); one response per clientId (a retried submit is the
 * same response); the survey's counters (`responses`, `quotaCounts`) equal what is stored, and no count is left marked
 * as not yet stored (core counting.ts) — which holds once every submit ran to an end, crashed ones retried.
 */
export function surveyViolations(store: StoreReader, surveyIds: readonly string[]): string[] {
  const out: string[] = []
  for (const surveyId of surveyIds) {
    const survey = store.find<SurveyDoc>('surveys', { _id: surveyId })[0]
    if (!survey) {
      out.push(`survey ${surveyId}: missing`)
      continue
    }
    const at = `survey ${surveyId}`
    const responses = store.find<ResponseDoc>('responses', { surveyId })
    const submitted = responses.filter((r) => r.status === 'submitted')
    const repeated = (keys: string[]): string[] => keys.filter((k, i) => keys.indexOf(k) !== i)
    for (const clientId of new Set(repeated(responses.map((r) => r.clientId)))) out.push(`${at}: clientId ${clientId} stored twice`)
    if (survey.definition.settings.limit === 'onePerPerson') {
      const people = submitted.map((r) => (r.channel === 'self' ? `openid ${r.openid}` : `phone ${r.phoneHash}`))
      for (const who of new Set(repeated(people))) out.push(`${at}: ${who} has more than one response`)
    }
    if (survey.responses !== submitted.length) out.push(`${at}: counter says ${survey.responses} responses, ${submitted.length} stored`)
    for (const [quota, count] of Object.entries(survey.quotaCounts)) {
      const taken = submitted.filter((r) => r.quotas.includes(quota)).length
      if (count !== taken) out.push(`${at}: quota ${quota} counts ${count}, ${taken} responses took it`)
    }
    for (const responseId of Object.keys(survey.counting ?? {})) out.push(`${at}: response ${responseId} counted and still marked as not stored`)
  }
  return out
}

/** A stand-in action for each referral move, so a history step can be replayed through core's actOnReferral. */
const MOVES: readonly ((at: number) => ReferralAction)[] = [
  () => ({ type: 'send' }),
  () => ({ type: 'accept' }),
  () => ({ type: 'decline', reason: 'other' }),
  (at) => ({ type: 'schedule', scheduledAt: at + 1 }),
  () => ({ type: 'complete', outcome: 'helped' }),
  () => ({ type: 'rate', rating: 5 }),
  () => ({ type: 'cancel', note: '核对' })
]

/** Whether core's status machine lets `step.by` move a referral from `step.from` to `step.to`. */
function referralStepAllowed(referral: ReferralDoc, step: StatusChange<ReferralStatus>): boolean {
  if (step.from === undefined) return false
  const before: ReferralDoc = { ...referral, status: step.from, history: [] }
  return MOVES.some((move) => {
    const moved = actOnReferral(before, move(step.at), step.by, step.at)
    return moved.ok && moved.value.status === step.to
  })
}

function needStepAllowed(need: NeedDoc, step: StatusChange<NeedStatus>): boolean {
  if (step.from === undefined) return false
  const before: NeedDoc = { ...need, status: step.from, history: [] }
  return moveNeed(before, { to: step.to, at: step.at, by: step.by, note: step.note ?? '核对', duplicateOf: `${need._id}-other` }).ok
}

/** Breaks in a status history: it must start at `first`, each step from where the last one ended, end at `status`. */
function pathBreaks<S extends string>(
  what: string,
  history: readonly StatusChange<S>[],
  first: readonly S[],
  status: S,
  allowed: (step: StatusChange<S>) => boolean
): string[] {
  const out: string[] = []
  if (history.length === 0) return [`${what}: no history`]
  if (history[0].from !== undefined || !first.includes(history[0].to)) out.push(`${what}: history starts at ${history[0].to}`)
  for (let i = 1; i < history.length; i++) {
    const step = history[i]
    if (step.from !== history[i - 1].to) out.push(`${what}: step ${i} from ${step.from}, the last step ended at ${history[i - 1].to}`)
    else if (!allowed(step)) out.push(`${what}: step ${i} ${step.from} → ${step.to} by ${step.by} is not a move of its status machine`)
  }
  if (history[history.length - 1].to !== status) out.push(`${what}: status ${status}, its history ends at ${history[history.length - 1].to}`)
  return out
}

/** Need statuses that wait on a referral someone is acting on; the others have none open. */
const WAITING_ON_REFERRAL: readonly NeedStatus[] = ['referred', 'in_progress']

/**
 * Each need and its referrals:
 *   - one referral per need and service (no referral in two states: one document, whose status is where its history ends);
 *   - every history, the need's and each referral's, is a path of core's status machine (actOnReferral, moveNeed);
 *   - the need's status agrees with its open referrals: an open need waits on a referral (referred / in_progress)
 *     exactly when one is open, and is in_progress once one was accepted; a closed need has none open.
 */
export function referralViolations(store: StoreReader, needIds: readonly string[]): string[] {
  const out: string[] = []
  for (const needId of needIds) {
    const need = store.find<NeedDoc>('needs', { _id: needId })[0]
    if (!need) {
      out.push(`need ${needId}: missing`)
      continue
    }
    const at = `need ${needId}`
    out.push(...pathBreaks(at, need.history, ['submitted'] as NeedStatus[], need.status, (step) => needStepAllowed(need, step)))
    const referrals = store.find<ReferralDoc>('referrals', { needId })
    const services = referrals.map((r) => r.serviceId)
    for (const serviceId of new Set(services.filter((s, i) => services.indexOf(s) !== i))) out.push(`${at}: two referrals to service ${serviceId}`)
    for (const r of referrals) {
      out.push(...pathBreaks(`referral ${r._id}`, r.history, ['proposed'] as ReferralStatus[], r.status, (step) => referralStepAllowed(r, step)))
    }
    const open = referrals.filter((r) => r.status !== 'proposed' && OPEN_REFERRAL_STATUSES.includes(r.status))
    const describe = `${open.length} open referral(s) [${open.map((r) => r.status).join()}]`
    if (CLOSED_NEED_STATUSES.includes(need.status)) {
      if (open.length > 0) out.push(`${at}: ${need.status} with ${describe}`)
    } else if (open.length === 0) {
      if (WAITING_ON_REFERRAL.includes(need.status)) out.push(`${at}: ${need.status} with no open referral`)
    } else if (!WAITING_ON_REFERRAL.includes(need.status)) {
      out.push(`${at}: ${need.status} with ${describe}`)
    } else if (open.some((r) => r.status !== 'sent') && need.status !== 'in_progress') {
      out.push(`${at}: ${need.status} though a referral was accepted: ${describe}`)
    }
  }
  return out
}
