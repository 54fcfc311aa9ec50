/**
 * The lottery draw of one session, shared by the organizer's `drawLottery` action and the timer:
 *
 *   runDraw(sessionId: string, now: number, drawnBy: string): Promise<DrawRun>
 *
 * `drawnBy` is the organizer's openid or 'timer'. It draws only when due (registration closed: now ≥ drawAt, see
 * core drawDue) and at most once per session; calling it again, or concurrently, answers with the stored draw. The
 * rules (weights, seed, order, positions) are core's (drawLottery, entrantFlags, drawOutcome, lotterySeed); this file
 * only reads and writes.
 *
 * Two steps, each safe to repeat:
 * 1. the draw record `lotteryDraws/<sessionId>` (seed, entrants with flags, weights and draw values, order, winners,
 *    waitlist positions) is inserted with a deterministic `_id`: a concurrent second drawer gets a duplicate key and
 *    uses the stored record, so there is one draw, and a crash after it leaves the record for the next run to apply;
 * 2. seats.ts `seatDrawResult` applies it to the session in one conditional update (seats for the winners, the
 *    queue for the rest, `drawnAt`), then the entries follow: won → confirmed, lost → waitlisted with a position
 *    (an entry left behind by a crash is brought in line by the person's next action, as everywhere in seats.ts).
 * A session that changed between the two (its seats or queue moved) is re-read and the same record applied again;
 * after a few lost rounds runDraw answers 'busy' and the next call (the timer's next run) tries again.
 */
import {
  drawAtFor,
  drawDue,
  drawLottery,
  entrantFlags,
  lotterySeed,
  newDrawDoc,
  outcomeOfDraw,
  type CoursePolicy,
  type LotteryDrawDoc,
  type LotteryEntrant,
  type LotteryHistoryBooking,
  type SessionDoc
} from '@core/booking'
import { _, isDuplicateKeyError, PAGE_SIZE } from '../_shared'
import { loadSession, readSession, store } from './repo'
import { seatDrawResult } from './seats'

export type DrawRun =
  /** This call applied the draw. */
  | { state: 'drawn'; session: SessionDoc; policy: CoursePolicy; draw: LotteryDrawDoc }
  /** An earlier (or concurrent) call did; `draw` is null only for a session marked drawn without a record. */
  | { state: 'already-drawn'; session: SessionDoc; policy: CoursePolicy; draw: LotteryDrawDoc | null }
  | { state: 'not-found' }
  | { state: 'not-lottery' | 'cancelled'; session: SessionDoc; policy: CoursePolicy }
  | { state: 'not-due'; session: SessionDoc; policy: CoursePolicy; drawAt: number }
  /** The session kept changing while the draw was applied; nothing is lost, call again. */
  | { state: 'busy' }

/** Rounds of "the session changed under us, apply again" before giving up. */
const APPLY_ATTEMPTS = 3

const storedDraw = (sessionId: string): Promise<LotteryDrawDoc | null> => store.get('lotteryDraws', sessionId)

/** Entrants with the flags that set their weights: their history with this course (attended before? lost last draw?). */
async function entrantsOf(session: SessionDoc): Promise<LotteryEntrant[]> {
  const entries = await store.findAll('bookings', { sessionId: session._id, status: 'waitlisted', lottery: 'entered' }, { _id: true, openid: true })
  const openids = entries.map((b) => b.openid)
  const history = new Map<string, LotteryHistoryBooking[]>()
  for (let i = 0; i < openids.length; i += PAGE_SIZE) {
    const rows = await store.findAll(
      'bookings',
      { courseId: session.courseId, openid: _.in(openids.slice(i, i + PAGE_SIZE)) },
      { _id: true, openid: true, courseId: true, startAt: true, status: true, lottery: true }
    )
    for (const row of rows) history.set(row.openid, [...(history.get(row.openid) ?? []), row])
  }
  return openids.map((openid) => ({ openid, ...entrantFlags(history.get(openid) ?? [], session.courseId) }))
}

/** Makes the draw and stores it, or returns the one stored first. */
async function makeDraw(session: SessionDoc, drawAt: number, drawnBy: string, now: number): Promise<LotteryDrawDoc> {
  const stored = await storedDraw(session._id)
  if (stored) return stored
  const entrants = await entrantsOf(session)
  const seats = Math.max(0, session.capacity - session.booked)
  const draw = newDrawDoc(session, drawLottery(lotterySeed(session._id, drawAt), seats, entrants), drawAt, drawnBy, now)
  try {
    await store.insert('lotteryDraws', draw)
    return draw
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err
    const first = await storedDraw(session._id)
    if (!first) throw err
    return first
  }
}

export async function runDraw(sessionId: string, now: number, drawnBy: string): Promise<DrawRun> {
  const loaded = await loadSession(sessionId)
  if (!loaded) return { state: 'not-found' }
  const { policy } = loaded
  let session = loaded.session
  if (session.drawnAt !== undefined) return { state: 'already-drawn', session, policy, draw: await storedDraw(sessionId) }
  const drawAt = drawAtFor(session.startAt, policy)
  if (drawAt === null) return { state: 'not-lottery', session, policy }
  if (session.status === 'cancelled') return { state: 'cancelled', session, policy }
  if (!drawDue(session, policy, now)) return { state: 'not-due', session, policy, drawAt }

  const draw = await makeDraw(session, drawAt, drawnBy, now)
  const outcome = outcomeOfDraw(draw)
  for (let attempt = 0; attempt < APPLY_ATTEMPTS; attempt++) {
    if (await seatDrawResult({ session, policy, outcome, now })) {
      return { state: 'drawn', session: await readSession(sessionId), policy, draw }
    }
    session = await readSession(sessionId)
    if (session.drawnAt !== undefined) return { state: 'already-drawn', session, policy, draw }
  }
  return { state: 'busy' }
}
