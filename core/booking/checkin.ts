/**
 * Check-in at the class: the organizer's screen shows a 6-digit code (and a QR of it) that changes every minute;
 * people scan or type it. The code is HOTP-style (RFC 4226 dynamic truncation of HMAC-SHA256 over the session id and
 * the minute), keyed by the session's server-only secret, so codes seen earlier do not reveal later ones. Codes exist
 * only inside the check-in window (checkinPhase): the screen, the function that hands codes out and the one that
 * accepts them all ask the same question.
 */
import type { Fail } from '../api/result'
import { DomainError } from '../api/result'
import { formatDay, formatTime, MINUTE_MS } from '../time'
import type { BookingStatus, SessionStatus } from './model'
import { RELEASE_AFTER_MIN } from './noshow'
import { hmacSha256 } from './digest'

export const CHECKIN_PERIOD_MS = 60_000
export const CHECKIN_OPENS_BEFORE_MIN = 15
export const CHECKIN_CLOSES_AFTER_MIN = 15
export const CHECKIN_CODE_PATTERN = /^\d{6}$/

/** Check-in is possible in [opensAt, closesAt). */
export const checkinWindow = (startAt: number): { opensAt: number; closesAt: number } => ({
  opensAt: startAt - CHECKIN_OPENS_BEFORE_MIN * MINUTE_MS,
  closesAt: startAt + CHECKIN_CLOSES_AFTER_MIN * MINUTE_MS
})

/** Where a session stands for check-in at `now`: no code before the window opens or after it closes. */
export type CheckinPhase = 'cancelled' | 'not-yet' | 'open' | 'over'

export function checkinPhase(session: { startAt: number; status: SessionStatus }, now: number): CheckinPhase {
  if (session.status === 'cancelled') return 'cancelled'
  const { opensAt, closesAt } = checkinWindow(session.startAt)
  if (now < opensAt) return 'not-yet'
  return now < closesAt ? 'open' : 'over'
}

/** '今天 18:45' / '明天 18:45' / '11月27日 周五 18:45': when check-in opens, said from `now`. */
export const checkinOpensLabel = (startAt: number, now: number): string => {
  const { opensAt } = checkinWindow(startAt)
  return `${formatDay(opensAt, now)} ${formatTime(opensAt)}`
}

function codeForPeriod(secret: string, sessionId: string, period: number): string {
  const mac = hmacSha256(secret, `${sessionId}:${period}`)
  const offset = mac[mac.length - 1] & 0x0f
  const bin = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3]
  return String(bin % 1_000_000).padStart(6, '0')
}

const periodOf = (now: number): number => Math.floor(now / CHECKIN_PERIOD_MS)

export const checkinCode = (secret: string, sessionId: string, now: number): string =>
  codeForPeriod(secret, sessionId, periodOf(now))

export interface CheckinCodeInfo {
  code: string
  /** When the screen should show the next code. */
  refreshAt: number
  /** The code is still accepted until then (one more period, for people mid-typing). */
  validUntil: number
}

export function checkinCodeInfo(secret: string, sessionId: string, now: number): CheckinCodeInfo {
  const period = periodOf(now)
  return {
    code: codeForPeriod(secret, sessionId, period),
    refreshAt: (period + 1) * CHECKIN_PERIOD_MS,
    validUntil: (period + 2) * CHECKIN_PERIOD_MS
  }
}

/**
 * Is `code` right for this session at `now`? Accepts the current and the previous minute's code, and only while
 * check-in is open (15 min before to 15 min after the start).
 */
export function verifyCheckinCode(
  secret: string,
  session: { _id: string; startAt: number; status: SessionStatus },
  code: string,
  now: number
): { ok: true } | Fail {
  const phase = checkinPhase(session, now)
  if (phase === 'cancelled') return { ok: false, code: 'CHECKIN_CLOSED', message: '这节课已取消' }
  if (phase === 'not-yet') {
    return {
      ok: false,
      code: 'CHECKIN_CLOSED',
      message: `签到还没开始，${checkinOpensLabel(session.startAt, now)} 起可以签到（开课前${CHECKIN_OPENS_BEFORE_MIN}分钟）`
    }
  }
  if (phase === 'over') {
    return { ok: false, code: 'CHECKIN_CLOSED', message: `签到已结束（开课后${CHECKIN_CLOSES_AFTER_MIN}分钟内有效）` }
  }
  const period = periodOf(now)
  const trimmed = code.trim()
  const accepted = [codeForPeriod(secret, session._id, period), codeForPeriod(secret, session._id, period - 1)]
  if (CHECKIN_CODE_PATTERN.test(trimmed) && accepted.includes(trimmed)) return { ok: true }
  return { ok: false, code: 'INVALID_INPUT', message: '签到码不对或已过期，请看现场屏幕上最新的签到码', field: 'code' }
}

const PAYLOAD_PREFIX = 'youlin-checkin:1:'
const PAYLOAD_PATTERN = /^youlin-checkin:1:([A-Za-z0-9_-]{1,160}):(\d{6})$/

/** The text inside the check-in QR code. */
export const checkinPayload = (sessionId: string, code: string): string => `${PAYLOAD_PREFIX}${sessionId}:${code}`

/** Reads a scanned QR; null for anything that is not our check-in code. */
export function parseCheckinPayload(text: string): { sessionId: string; code: string } | null {
  const m = PAYLOAD_PATTERN.exec(text.trim())
  return m ? { sessionId: m[1], code: m[2] } : null
}

/**
 * What a valid check-in does to the person's booking:
 * attend — they hold a seat (confirmed, or a hold they had not confirmed yet);
 * already — checked in before (a second scan changes nothing);
 * take-seat — they hold no seat (waitlisted, released at start + 10 min, cancelled, or never booked): they get one
 *             only if a seat is free (conditional increment), as a walk-in.
 */
export type CheckinAction = 'attend' | 'already' | 'take-seat'

export function checkinAction(booking: { status: BookingStatus } | null | undefined): CheckinAction {
  if (!booking) return 'take-seat'
  if (booking.status === 'attended') return 'already'
  if (booking.status === 'confirmed' || booking.status === 'held') return 'attend'
  return 'take-seat'
}

/** Thrown when a take-seat check-in finds no free seat. */
export const noSeatAtDoor = (): DomainError => new DomainError('CONFLICT', '现场名额已满，请向工作人员询问是否还能加座')

/**
 * Confirmed seats nobody has claimed by start + 10 min: they become no_show (releasedAt = now) and their seats go to
 * the waitlist / walk-ins. Empty before then.
 */
export function seatsToRelease<T extends { status: BookingStatus; checkedInAt?: number }>(
  session: { startAt: number; status: SessionStatus },
  bookings: readonly T[],
  now: number
): T[] {
  if (session.status === 'cancelled' || now < session.startAt + RELEASE_AFTER_MIN * MINUTE_MS) return []
  return bookings.filter((b) => b.status === 'confirmed' && b.checkedInAt === undefined)
}
