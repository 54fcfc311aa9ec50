/**
 * A row of tappable chips: a single choice (radio) or independent toggles (checkbox). Big targets (44 px high), no
 * wheel pickers — easy with one thumb, and each chip has a stable id for tests. `inline` keeps the chips on one line
 * so several groups can share one sideways-scrolling row (the 课程 filters).
 */
import { View } from '@tarojs/components'
import './index.scss'

export interface Chip {
  key: string
  label: string
  /** Element id, e.g. `filter-evening`. */
  id: string
  on: boolean
}

export interface ChipRowProps {
  /** Read by screen readers for the whole group. */
  label: string
  chips: Chip[]
  /** radio: exactly one is on; checkbox: each toggles on its own. */
  kind: 'radio' | 'checkbox'
  onTap: (key: string) => void
  /** One line that never wraps, for a row that scrolls sideways. */
  inline?: boolean
  className?: string
}

export default function ChipRow({ label, chips, kind, onTap, inline, className }: ChipRowProps) {
  return (
    <View className={`chip-row${inline ? ' chip-row--inline' : ''}${className ? ` ${className}` : ''}`} aria-role={kind === 'radio' ? 'radiogroup' : 'group'} aria-label={label}>
      {chips.map((c) => (
        <View
          key={c.key}
          id={c.id}
          className={`chip-row__chip${c.on ? ' chip-row__chip--on' : ''}`}
          data-on={c.on ? 'true' : 'false'}
          aria-role={kind}
          aria-checked={c.on}
          onClick={() => onTap(c.key)}
        >
          {c.label}
        </View>
      ))}
    </View>
  )
}
