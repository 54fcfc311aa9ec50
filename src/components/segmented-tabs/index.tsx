/** A pill-shaped switch between a few views of one page (课表 / 课程介绍, 即将开始 / 已签到 / 已结束). */
import { View } from '@tarojs/components'
import './index.scss'

export interface SegmentedTab<K extends string> {
  key: K
  label: string
}

export interface SegmentedTabsProps<K extends string> {
  tabs: readonly SegmentedTab<K>[]
  value: K
  onChange: (key: K) => void
  /** Element ids are `${idPrefix}-${key}`, e.g. `view-schedule`. */
  idPrefix: string
  className?: string
}

export default function SegmentedTabs<K extends string>({ tabs, value, onChange, idPrefix, className }: SegmentedTabsProps<K>) {
  return (
    <View className={`segmented-tabs${className ? ` ${className}` : ''}`} aria-role='tablist'>
      {tabs.map((t) => (
        <View
          key={t.key}
          id={`${idPrefix}-${t.key}`}
          className={`segmented-tabs__tab${value === t.key ? ' segmented-tabs__tab--on' : ''}`}
          aria-role='tab'
          aria-selected={value === t.key}
          onClick={() => onChange(t.key)}
        >
          {t.label}
        </View>
      ))}
    </View>
  )
}
