/**
 * WeekStrip as a native custom component (built by `taro build native-components`, listed under `components` in
 * app.config.ts), for the component tests: it keeps the selection itself and reports each tap as a `select` event
 * with `detail.key` (null = the whole week again).
 */
import { useState } from 'react'
import { useNow } from '@/hooks/use-now'
import WeekStrip, { buildWeek } from './index'

interface NativeScope {
  triggerEvent(name: string, detail: unknown): void
}

export interface NativeWeekStripProps {
  /** Any instant on the first day shown. */
  firstDay?: number
  /** Session start instants to count per day. */
  startAts?: number[]
  now?: number
  $scope?: NativeScope
}

export default function NativeWeekStrip({ firstDay, startAts, now, $scope }: NativeWeekStripProps) {
  const [selected, setSelected] = useState<string | null>(null)
  // Without a given `now` the strip keeps its own clock, so 今天 moves on at midnight.
  const clock = useNow(60_000, now === undefined)
  const today = now ?? clock
  const select = (key: string | null) => {
    setSelected(key)
    $scope?.triggerEvent('select', { key })
  }
  return <WeekStrip days={buildWeek(firstDay ?? today, startAts ?? [])} selected={selected} now={today} onSelect={select} />
}
