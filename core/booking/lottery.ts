/**
 * The lottery for oversubscribed classes: weighted sampling without replacement (Efraimidis–Spirakis), reproducible
 * from the audit record alone.
 *
 * Each entrant's draw value u ∈ (0,1) comes from SHA-256(seed, digest of all entrants, openid), so it depends neither
 * on the order the database returns entrants nor on who else entered — except through the digest, which nobody can
 * know before registration closes (so no one can pick the account that draws best). Key = ln(u) / weight; the highest
 * keys win. Weight = 1, +1 for a first-timer (never attended this course), +1 for someone who lost the last draw.
 */
import type { BookingStatus, LotteryMark, SessionStatus } from './model'
import { drawAtFor, type CoursePolicy } from './policy'
import { sha256, toHex } from './digest'

export const LOTTERY_ALGORITHM = 'efraimidis-spirakis/sha256/v1'

export interface LotteryEntrant {
  openid: string
  firstTimer: boolean
  lostLastDraw: boolean
}

export interface AuditEntrant extends LotteryEntrant {
  weight: number
  /** The draw value in (0,1), from the hash. */
  u: number
  /** ln(u) / weight; higher ranks first. */
  key: number
}

export interface DrawAudit {
  algorithm: typeof LOTTERY_ALGORITHM
  seed: string
  capacity: number
  /** SHA-256 hex of the sorted openids, one per line. */
  entrantsDigest: string
  /** Sorted by openid. */
  entrants: AuditEntrant[]
  /** Every entrant, best key first. */
  order: string[]
}

export interface DrawResult {
  /** Get seats, in draw order. */
  winners: string[]
  /** Everyone else, in draw order: the waitlist after the draw. */
  waitlist: string[]
  audit: DrawAudit
}

/** The seed of a session's draw: public and fixed in advance, so the draw cannot be re-rolled. */
export const lotterySeed = (sessionId: string, drawAt: number): string => `${sessionId}:${drawAt}`

export const entrantWeight = (e: Pick<LotteryEntrant, 'firstTimer' | 'lostLastDraw'>): number =>
  1 + (e.firstTimer ? 1 : 0) + (e.lostLastDraw ? 1 : 0)

const byOpenid = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0)

/** 52 bits of the hash → a double strictly inside (0,1), exactly representable. */
function drawValue(seed: string, digest: string, openid: string): number {
  const hex = toHex(sha256(`${seed}\n${digest}\n${openid}`)).slice(0, 13)
  return (parseInt(hex, 16) + 0.5) / 2 ** 52
}

/** `capacity`: the seats the draw gives out (the session's capacity minus seats already taken). */
export function drawLottery(seed: string, capacity: number, entrants: readonly LotteryEntrant[]): DrawResult {
  if (!Number.isInteger(capacity) || capacity < 0) throw new RangeError(`Invalid capacity ${capacity}`)
  const sorted = [...entrants].sort((a, b) => byOpenid(a.openid, b.openid))
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i].openid === sorted[i - 1].openid) throw new RangeError(`Duplicate entrant ${sorted[i].openid}`)
  }
  const entrantsDigest = toHex(sha256(sorted.map((e) => e.openid).join('\n')))
  const audited = sorted.map((e): AuditEntrant => {
    const weight = entrantWeight(e)
    const u = drawValue(seed, entrantsDigest, e.openid)
    const { openid, firstTimer, lostLastDraw } = e
    return { openid, firstTimer, lostLastDraw, weight, u, key: Math.log(u) / weight }
  })
  const order = [...audited].sort((a, b) => b.key - a.key || byOpenid(a.openid, b.openid)).map((e) => e.openid)
  return {
    winners: order.slice(0, capacity),
    waitlist: order.slice(capacity),
    audit: { algorithm: LOTTERY_ALGORITHM, seed, capacity, entrantsDigest, entrants: audited, order }
  }
}

/** Re-runs a draw from its audit record: true when every weight, value and the order come out the same. */
export function verifyDraw(audit: DrawAudit): boolean {
  if (audit.algorithm !== LOTTERY_ALGORITHM) return false
  const again = drawLottery(audit.seed, audit.capacity, audit.entrants).audit
  const same = (a: AuditEntrant, b: AuditEntrant | undefined): boolean =>
    !!b &&
    a.openid === b.openid &&
    a.firstTimer === b.firstTimer &&
    a.lostLastDraw === b.lostLastDraw &&
    a.weight === b.weight &&
    a.u === b.u &&
    a.key === b.key
  return (
    again.entrantsDigest === audit.entrantsDigest &&
    again.entrants.length === audit.entrants.length &&
    again.entrants.every((e, i) => same(e, audit.entrants[i])) &&
    again.order.length === audit.order.length &&
    again.order.every((id, i) => id === audit.order[i])
  )
}

/** What entrantFlags needs of the person's past bookings. */
export interface LotteryHistoryBooking {
  courseId: string
  startAt: number
  status: BookingStatus
  lottery?: LotteryMark
}

/**
 * firstTimer: never attended this course. lostLastDraw: their latest drawn entry for this course lost and they never
 * got a seat afterwards either (a loser promoted from the waitlist did get in).
 */
export function entrantFlags(
  history: readonly LotteryHistoryBooking[],
  courseId: string
): Pick<LotteryEntrant, 'firstTimer' | 'lostLastDraw'> {
  const course = history.filter((b) => b.courseId === courseId)
  const firstTimer = !course.some((b) => b.status === 'attended')
  const drawn = course.filter((b) => b.lottery === 'won' || b.lottery === 'lost').sort((a, b) => b.startAt - a.startAt)
  const last = drawn[0]
  const gotSeat: readonly BookingStatus[] = ['confirmed', 'held', 'attended', 'no_show']
  const lostLastDraw = !!last && last.lottery === 'lost' && !gotSeat.includes(last.status)
  return { firstTimer, lostLastDraw }
}

/** The timer draws a session once its registration has closed (and never a cancelled session or twice). */
export function drawDue(
  session: { startAt: number; status: SessionStatus; drawnAt?: number },
  policy: CoursePolicy,
  now: number
): boolean {
  const drawAt = drawAtFor(session.startAt, policy)
  return drawAt !== null && session.status === 'scheduled' && session.drawnAt === undefined && now >= drawAt
}

export interface DrawOutcome {
  /** openids whose entry becomes confirmed, lottery 'won'. */
  confirm: string[]
  /** openids whose entry stays waitlisted, lottery 'lost', with these sequence numbers (draw order). */
  waitlist: { openid: string; position: number }[]
  /** The session's waitlistSeq after the draw. */
  waitlistSeq: number
}

/** Turns a draw into booking changes; `waitlistSeq` is the session's current sequence. */
export function drawOutcome(result: Pick<DrawResult, 'winners' | 'waitlist'>, waitlistSeq: number): DrawOutcome {
  return {
    confirm: [...result.winners],
    waitlist: result.waitlist.map((openid, i) => ({ openid, position: waitlistSeq + i + 1 })),
    waitlistSeq: waitlistSeq + result.waitlist.length
  }
}

/** The stored record of one session's draw (collection `lotteryDraws`, `_id` = the session id: one draw per session). */
export interface LotteryDrawDoc {
  _id: string
  sessionId: string
  courseId: string
  drawAt: number
  /** Organizer openid, or 'timer'. */
  drawnBy: string
  /** Seed, entrants with flags, weights and draw values, and the full order: enough to re-run it (verifyDraw). */
  audit: DrawAudit
  winners: string[]
  waitlist: { openid: string; position: number }[]
  /** The session's waitlistSeq after the draw. */
  waitlistSeq: number
  createdAt: number
}

/** The record of a draw made now of `session` (its seats free and its waitlist sequence as read). */
export function newDrawDoc(
  session: { _id: string; courseId: string; waitlistSeq: number },
  result: DrawResult,
  drawAt: number,
  drawnBy: string,
  now: number
): LotteryDrawDoc {
  const outcome = drawOutcome(result, session.waitlistSeq)
  return {
    _id: session._id,
    sessionId: session._id,
    courseId: session.courseId,
    drawAt,
    drawnBy,
    audit: result.audit,
    winners: outcome.confirm,
    waitlist: outcome.waitlist,
    waitlistSeq: outcome.waitlistSeq,
    createdAt: now
  }
}

/** What applying a stored draw does to the session and the entries. */
export const outcomeOfDraw = (draw: Pick<LotteryDrawDoc, 'winners' | 'waitlist' | 'waitlistSeq'>): DrawOutcome => ({
  confirm: draw.winners,
  waitlist: draw.waitlist,
  waitlistSeq: draw.waitlistSeq
})
