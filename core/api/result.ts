/** The envelope every cloud function returns (DESIGN.md §3): never thrown, always one of these two shapes. */
export type ErrorCode =
  | 'INVALID_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'BOOKING_CLOSED'
  | 'QUOTA_EXCEEDED'
  /** No seat, and the session's waitlist is at its cap (core/booking/policy.ts). */
  | 'WAITLIST_FULL'
  /** Check-in attempted outside 15 min before – 15 min after the start. */
  | 'CHECKIN_CLOSED'
  | 'CONTENT_RISKY'
  /** Too many writes from one person in a short time (core/rate-limit.ts); `retryAfter` says how long to wait. */
  | 'RATE_LIMITED'
  | 'INTERNAL'

export interface Ok<T> {
  ok: true
  data: T
}

export interface Fail {
  ok: false
  code: ErrorCode
  /** Chinese, written for the person using the app. */
  message: string
  /** Which input field is wrong, when one is (so forms can point at it). */
  field?: string
  /** RATE_LIMITED only: seconds to wait before trying again. */
  retryAfter?: number
}

export type Result<T> = Ok<T> | Fail

/** A rule said no. Handlers throw it from anywhere; the function wrapper turns it into a Fail. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly field?: string
  ) {
    super(message)
    this.name = 'DomainError'
  }
}

export const ok = <T>(data: T): Ok<T> => ({ ok: true, data })

export const fail = (code: ErrorCode, message: string, field?: string): Fail =>
  field === undefined ? { ok: false, code, message } : { ok: false, code, message, field }
