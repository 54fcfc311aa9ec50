/**
 * A thumb in a hurry taps twice or three times on one spot. When the first tap opens a sheet or a page (or moves a
 * sheet to its next step), the next taps land on whatever slid under the finger: 确认预约 under 预约, 完成 under
 * 确认预约, a second detail page under the card that opened the first. Every control that opens something, and every
 * control of a sheet opened by a tap, wraps its handler with this guard. It drops:
 *   - a tap that repeats the previous guarded tap: on the same spot, moments later (one press, not two decisions);
 *   - while what is shown is still settling, a tap whose spot is unknown (an overlay closing, say).
 * A deliberate tap elsewhere acts at once, however quick.
 *
 * `step` names what is shown; a new step (the result replacing the form) starts a new settling time. It is recorded in
 * a layout effect, after the new buttons are committed and before the platform can deliver another tap to them.
 */
import { useCallback, useLayoutEffect, useRef } from 'react'

/** NutUI's popup slides in for 300 ms; the repeated taps of one hurried press follow within ~150 ms more. */
export const ARRIVAL_SETTLE_MS = 450
/** Taps of one hurried press: this close in time… */
export const REPEAT_WITHIN_MS = 600
/** …and in place (CSS px on H5, px on weapp): a fingertip's width. */
const SAME_SPOT_PX = 40

interface Tap {
  x: number
  y: number
  at: number
}

/** The last tap any guarded handler saw, across components: the one that opened a sheet is remembered by its opener. */
let lastTap: Tap | undefined

/** Where a tap landed: a browser click carries client coordinates, a WeChat tap its touches and `detail.x/y`. */
function pointOf(event: unknown): { x: number; y: number } | undefined {
  if (typeof event !== 'object' || event === null) return undefined
  const e = event as { clientX?: unknown; clientY?: unknown; changedTouches?: ArrayLike<{ clientX: number; clientY: number }>; detail?: { x?: unknown; y?: unknown } }
  if (typeof e.clientX === 'number' && typeof e.clientY === 'number') return { x: e.clientX, y: e.clientY }
  const touch = e.changedTouches?.[0]
  if (touch) return { x: touch.clientX, y: touch.clientY }
  if (typeof e.detail?.x === 'number' && typeof e.detail.y === 'number') return { x: e.detail.x, y: e.detail.y }
  return undefined
}

const repeats = (tap: Tap, previous: Tap | undefined): boolean =>
  previous !== undefined &&
  tap.at - previous.at < REPEAT_WITHIN_MS &&
  Math.abs(tap.x - previous.x) <= SAME_SPOT_PX &&
  Math.abs(tap.y - previous.y) <= SAME_SPOT_PX

/** Decides whether a tap acts, and remembers it as the previous tap. */
function acceptTap(event: unknown, settlesAt: number): boolean {
  const now = Date.now()
  const point = pointOf(event)
  const previous = lastTap
  if (point) lastTap = { ...point, at: now }
  // Where the tap landed is unknown: while settling, assume the worst.
  return point ? !repeats({ ...point, at: now }, previous) : now >= settlesAt
}

export interface TapGuard {
  /** Wraps a tap handler: it runs unless the tap is a leftover. */
  <A extends unknown[]>(handler: (...args: A) => void): (...args: A) => void
  /** Wraps a callback whose answer decides (a popup's onOverlayClick): `dropped` is the answer to a leftover. */
  <A extends unknown[], R>(handler: (...args: A) => R, dropped: R): (...args: A) => R
}

export function useArrivalGuard(step: string | number | boolean = 'shown', settleMs = ARRIVAL_SETTLE_MS): TapGuard {
  // Until the first layout effect runs nothing is on screen to tap; Infinity keeps it shut until then.
  const settlesAt = useRef(Number.POSITIVE_INFINITY)
  useLayoutEffect(() => {
    settlesAt.current = Date.now() + settleMs
  }, [step, settleMs])
  return useCallback<TapGuard>(
    <A extends unknown[], R>(handler: (...args: A) => R, dropped?: R) =>
      (...args: A) =>
        (acceptTap(args[0], settlesAt.current) ? handler(...args) : dropped) as R,
    []
  )
}
