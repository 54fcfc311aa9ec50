/**
 * A thumb in a hurry taps twice or three times on one spot. When the first tap opens a sheet (or moves it to its
 * next step), the next taps land on whatever slid under the finger: 确认预约 under 预约, 完成 under 确认预约. Every sheet
 * opened by a tap wraps its handlers with this guard, and so do the buttons that open sheets (their taps are the ones
 * remembered). A tap is a leftover, and dropped, when it arrives while the sheet is still settling AND repeats the
 * previous tap: on the same spot, moments later. A deliberate tap elsewhere acts at once, however quick.
 *
 * `step` names what is shown; a new step (the result replacing the form) starts a new settling time. It is recorded in
 * a layout effect, after the new buttons are committed and before the platform can deliver another tap to them.
 */
import { useCallback, useLayoutEffect, useRef } from 'react'

/** NutUI's popup slides in for 300 ms; the repeated taps of one hurried press follow within ~150 ms more. */
export const ARRIVAL_SETTLE_MS = 450
/** Taps of one hurried press: this close in time… */
const REPEAT_WITHIN_MS = 600
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

export type TapGuard = <A extends unknown[]>(handler: (...args: A) => void) => (...args: A) => void

export function useArrivalGuard(step: string | number | boolean = 'shown', settleMs = ARRIVAL_SETTLE_MS): TapGuard {
  // Until the first layout effect runs nothing is on screen to tap; Infinity keeps it shut until then.
  const settlesAt = useRef(Number.POSITIVE_INFINITY)
  useLayoutEffect(() => {
    settlesAt.current = Date.now() + settleMs
  }, [step, settleMs])
  return useCallback(
    <A extends unknown[]>(handler: (...args: A) => void) =>
      (...args: A) => {
        const now = Date.now()
        const point = pointOf(args[0])
        const previous = lastTap
        if (point) lastTap = { ...point, at: now }
        // Where the tap landed is unknown (an overlay closing, say): while settling, assume the worst.
        const leftover = now < settlesAt.current && (point === undefined || repeats({ ...point, at: now }, previous))
        if (!leftover) handler(...args)
      },
    []
  )
}
