/**
 * The gentle no-show policy for free classes. A no-show (1 point) or a late cancel (½ point, "no-show-lite") is a
 * strike unless the seat went to someone else; strikes count for 30 days; 3 points shorten the person's booking
 * window (policy.ts), they never ban. Organizers can forgive any strike.
 */
import { DAY_MS, MINUTE_MS } from '../time'
import { bookingIdFor, type BookingStatus, type SessionStatus } from './model'

export const STRIKE_LIMIT = 3
export const STRIKE_WINDOW_DAYS = 30
export const STRIKE_WINDOW_MS = STRIKE_WINDOW_DAYS * DAY_MS
/** With STRIKE_LIMIT points, booking opens only this many hours before the start. */
export const SHORTENED_OPENS_BEFORE_H = 24
/** Unclaimed confirmed seats are released this long after the start. */
export const RELEASE_AFTER_MIN = 10

export type StrikeKind = 'no_show' | 'late_cancel'
export const STRIKE_POINTS: Readonly<Record<StrikeKind, number>> = Object.freeze({ no_show: 1, late_cancel: 0.5 })

export type ForgivenReason = 'seat_taken' | 'organizer'

/** One per person per session: `_id` = the booking id, so settling again overwrites instead of adding. */
export interface StrikeDoc {
  _id: string
  openid: string
  sessionId: string
  courseId: string
  kind: StrikeKind
  /** The session's start: strikes age from the class they concern. */
  at: number
  forgiven: boolean
  forgivenReason?: ForgivenReason
  /** openid of the organizer who forgave it. */
  forgivenBy?: string
  forgivenAt?: number
  createdAt: number
  updatedAt: number
}

export interface SettleSession {
  _id: string
  courseId: string
  startAt: number
  capacity: number
  status: SessionStatus
}

export interface SettleBooking {
  openid: string
  status: BookingStatus
  lateCancel?: boolean
  cancelledAt?: number
  releasedAt?: number
}

export interface StrikeSettlement {
  /** Strike documents to write (set by `_id`). */
  upsert: StrikeDoc[]
  /** Existing strike ids that no longer apply (e.g. attendance was corrected). */
  remove: string[]
}

/**
 * The strikes a session leaves behind, recomputed from its bookings (idempotent: run it whenever attendance changes
 * and after the class). A vacated seat was "taken by someone else" when more people attended than the seats not
 * vacated: forgiven = clamp(attended + vacated − capacity, 0, vacated), earliest vacated first (an early late cancel
 * is likelier to have been refilled than a seat released at start + 10 min). Organizer forgiveness is kept.
 * A class the organizer cancelled leaves no strikes, even for those who had cancelled late before that.
 */
export function settleSessionStrikes(
  session: SettleSession,
  bookings: readonly SettleBooking[],
  existing: readonly StrikeDoc[],
  now: number
): StrikeSettlement {
  const releaseAt = session.startAt + RELEASE_AFTER_MIN * MINUTE_MS
  const classHeld = session.status !== 'cancelled'
  const vacated = bookings
    .filter((b) => classHeld && (b.status === 'no_show' || (b.status === 'cancelled' && b.lateCancel === true)))
    .map((b): { openid: string; kind: StrikeKind; vacatedAt: number } => ({
      openid: b.openid,
      kind: b.status === 'no_show' ? 'no_show' : 'late_cancel',
      vacatedAt: b.status === 'no_show' ? b.releasedAt ?? releaseAt : b.cancelledAt ?? session.startAt
    }))
    .sort((a, b) => a.vacatedAt - b.vacatedAt || (a.openid < b.openid ? -1 : a.openid > b.openid ? 1 : 0))
  const attended = bookings.filter((b) => b.status === 'attended').length
  const taken = Math.min(vacated.length, Math.max(0, attended + vacated.length - session.capacity))

  const byId = new Map(existing.map((d) => [d._id, d]))
  const upsert = vacated.map((v, i): StrikeDoc => {
    const _id = bookingIdFor(session._id, v.openid)
    const prev = byId.get(_id)
    const doc: StrikeDoc = {
      _id,
      openid: v.openid,
      sessionId: session._id,
      courseId: session.courseId,
      kind: v.kind,
      at: session.startAt,
      forgiven: false,
      createdAt: prev?.createdAt ?? now,
      updatedAt: now
    }
    if (prev?.forgivenReason === 'organizer') {
      const { forgivenBy, forgivenAt } = prev
      return { ...doc, forgiven: true, forgivenReason: 'organizer', forgivenBy, forgivenAt }
    }
    if (i < taken) return { ...doc, forgiven: true, forgivenReason: 'seat_taken', forgivenAt: prev?.forgivenAt ?? now }
    return doc
  })
  const kept = new Set(upsert.map((d) => d._id))
  const remove = existing.filter((d) => d.sessionId === session._id && !kept.has(d._id)).map((d) => d._id)
  return { upsert, remove }
}

export interface StrikeSummary {
  /** Sum of STRIKE_POINTS of unforgiven strikes in the last 30 days: compare with STRIKE_LIMIT. */
  points: number
  noShows: number
  lateCancels: number
}

/** A person's strikes that still count at `now` (classes that started within the last 30 days, or later). */
export function activeStrikes(
  records: readonly Pick<StrikeDoc, 'kind' | 'at' | 'forgiven'>[],
  now: number
): StrikeSummary {
  const summary: StrikeSummary = { points: 0, noShows: 0, lateCancels: 0 }
  for (const r of records) {
    if (r.forgiven || r.at <= now - STRIKE_WINDOW_MS) continue
    summary.points += STRIKE_POINTS[r.kind]
    if (r.kind === 'no_show') summary.noShows++
    else summary.lateCancels++
  }
  return summary
}

/** The earliest instant strikes can be active at `now`: query strike records with `at > since`. */
export const strikesSince = (now: number): number => now - STRIKE_WINDOW_MS

/**
 * An upper bound of the person's strike points at `now`, from their own bookings: strikes are recorded after class
 * from exactly these (no-shows, late cancels) and may since have been forgiven, so the records never count more.
 * Lets `book` skip reading the strike records whenever the bound cannot matter.
 */
export function strikeBound(bookings: readonly { startAt: number; status: BookingStatus; lateCancel?: boolean }[], now: number): number {
  const since = strikesSince(now)
  let bound = 0
  for (const b of bookings) {
    if (b.startAt <= since || b.startAt > now) continue
    if (b.status === 'no_show') bound += STRIKE_POINTS.no_show
    else if (b.status === 'cancelled' && b.lateCancel === true) bound += STRIKE_POINTS.late_cancel
  }
  return bound
}

/** An organizer forgives a strike; forgiving twice changes nothing. */
export function forgiveStrike(record: StrikeDoc, organizer: string, now: number): StrikeDoc {
  if (record.forgivenReason === 'organizer') return record
  return {
    ...record,
    forgiven: true,
    forgivenReason: 'organizer',
    forgivenBy: organizer,
    forgivenAt: now,
    updatedAt: now
  }
}

/** A line for 我的: '近30天：爽约1次、临时取消2次' — or null when nothing counts. */
export function strikeNotice(summary: StrikeSummary): string | null {
  const parts: string[] = []
  if (summary.noShows > 0) parts.push(`爽约${summary.noShows}次`)
  if (summary.lateCancels > 0) parts.push(`临时取消${summary.lateCancels}次`)
  if (parts.length === 0) return null
  const tail =
    summary.points >= STRIKE_LIMIT
      ? `，课程在开课前${SHORTENED_OPENS_BEFORE_H}小时才对您开放报名（记录满${STRIKE_WINDOW_DAYS}天后自动恢复）`
      : ''
  return `近${STRIKE_WINDOW_DAYS}天：${parts.join('、')}${tail}`
}
