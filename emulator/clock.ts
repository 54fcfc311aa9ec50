/**
 * The local cloud's clock: the instant each function invocation runs at, and what timer triggers and demo data see.
 *
 * Why it exists: booking rules reason about weeks, windows and cutoffs in Asia/Shanghai, so a test that placed data
 * relative to the real clock passed or failed by the day it ran (the weekly-limit test failed every Monday). Tests
 * stop the clock at a chosen instant, or shift it, per test; nothing patches `Date`. The runner hands the reading to
 * each invocation in its SCF context (`localClockAt`), where the function framework takes its `now` from; on
 * CloudBase the field is absent and `now` is the wall clock.
 *
 * A running clock (the default) is the wall clock plus an optional shift; a stopped one stays put until it is set or
 * advanced again.
 */
export interface ClockState {
  /** The instant it reads now, epoch ms. */
  now: number
  /** Present when stopped. */
  stoppedAt?: number
  /** Added to the wall clock while running. */
  shiftMs: number
}

export class CloudClock {
  private stoppedAt: number | undefined
  private shiftMs = 0

  now(): number {
    return this.stoppedAt ?? Date.now() + this.shiftMs
  }

  /** Stops the clock at `at`. */
  set(at: number): void {
    if (!Number.isFinite(at)) throw new RangeError(`clock: not an instant: ${at}`)
    this.stoppedAt = Math.trunc(at)
  }

  /** Moves the clock by `ms` (negative goes back), stopped or running. */
  advance(ms: number): void {
    if (!Number.isFinite(ms)) throw new RangeError(`clock: not a duration: ${ms}`)
    if (this.stoppedAt !== undefined) this.stoppedAt += Math.trunc(ms)
    else this.shiftMs += Math.trunc(ms)
  }

  /** Runs at the wall clock shifted by `ms`. */
  shift(ms: number): void {
    if (!Number.isFinite(ms)) throw new RangeError(`clock: not a duration: ${ms}`)
    this.stoppedAt = undefined
    this.shiftMs = Math.trunc(ms)
  }

  /** Back to the wall clock. */
  reset(): void {
    this.stoppedAt = undefined
    this.shiftMs = 0
  }

  state(): ClockState {
    const state: ClockState = { now: this.now(), shiftMs: this.shiftMs }
    if (this.stoppedAt !== undefined) state.stoppedAt = this.stoppedAt
    return state
  }
}
