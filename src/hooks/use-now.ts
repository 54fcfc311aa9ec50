/** The current time, re-read every `everyMs` while `active` (countdowns, "2小时内开始", labels that expire). */
import { useEffect, useState } from 'react'

export function useNow(everyMs: number, active = true): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    if (!active) return undefined
    const tick = () => setNow(Date.now())
    // Re-read at once when the pace changes or ticking resumes: the last reading can be a whole old interval stale.
    const first = setTimeout(tick, 0)
    const timer = setInterval(tick, everyMs)
    return () => {
      clearTimeout(first)
      clearInterval(timer)
    }
  }, [everyMs, active])
  return now
}

/** 'mm:ss' (or 'h:mm:ss') left until `at`; '00:00' once passed. */
export function countdown(at: number, now: number): string {
  const total = Math.max(0, Math.ceil((at - now) / 1000))
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = total % 60
  const mmss = `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`
  return h > 0 ? `${h}:${mmss}` : mmss
}
