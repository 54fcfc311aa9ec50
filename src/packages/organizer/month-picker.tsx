/**
 * Which month a 骑士之星 page (企业评分, 先锋指数排行) works on: the months open for scoring (core's rule — one, or two in
 * a month's last days so a late scorer can catch up), the newest chosen first. Like the centre chips, the row shows
 * only when there is a choice to make. The months are fixed when the page opens, so a page left open over midnight
 * does not move under the person's finger.
 */
import { useState } from 'react'
import { scorableMonths } from '@core/community/stars'
import { monthLabel } from '@core/time'
import ChipRow from '@/components/chip-row'

export interface StarMonth {
  /** The chosen month, '2026-11'. */
  month: string
  /** The chip row; nothing when only one month is open. */
  picker: JSX.Element | null
}

/** `label` is read by screen readers for the row; each chip's id is `${idPrefix}-${month}`. */
export function useStarMonth({ label, idPrefix }: { label: string; idPrefix: string }): StarMonth {
  const [months] = useState(() => scorableMonths(Date.now()))
  const [month, setMonth] = useState(months[0])
  const picker =
    months.length > 1 ? (
      <ChipRow
        className='star-months'
        label={label}
        kind='radio'
        chips={months.map((m) => ({ key: m, label: monthLabel(m), id: `${idPrefix}-${m}`, on: m === month }))}
        onTap={setMonth}
      />
    ) : null
  return { month, picker }
}
