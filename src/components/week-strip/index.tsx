/**
 * Days in a row (Asia/Shanghai calendar) with how many sessions each day has: a week by default, the 课程 page's two
 * weeks in one row that scrolls sideways (seven days and a bit of the eighth show, so the rest is clearly there).
 * Tapping a day selects it; tapping the selected day again shows every day. Each day is a thumb-sized target, which
 * seven days plus week arrows in one screen width could not be. Controlled: the parent owns the selection.
 */
import { ScrollView, Text, View } from '@tarojs/components'
import { DAY_MS, WEEKDAY_LABELS, dateKey, formatDate, formatDay, partsOf, startOfDay, weekdayOf } from '@core/time'
import './index.scss'

export interface StripDay {
  /** 'YYYY-MM-DD' (Shanghai): the selection key and the element id suffix. */
  key: string
  /** 00:00 Shanghai of that day. */
  at: number
  count: number
}

/** The `count` days from `firstDay` (any instant on the first day) with the number of `startAts` on each. */
export function buildWeek(firstDay: number, startAts: readonly number[], count = 7): StripDay[] {
  const first = startOfDay(firstDay)
  const days = Array.from({ length: count }, (_, i): StripDay => {
    const at = first + i * DAY_MS
    return { key: dateKey(at), at, count: 0 }
  })
  const byKey = new Map(days.map((d) => [d.key, d]))
  for (const startAt of startAts) {
    const day = byKey.get(dateKey(startAt))
    if (day) day.count++
  }
  return days
}

export interface WeekStripProps {
  days: StripDay[]
  selected: string | null
  now: number
  onSelect: (key: string | null) => void
}

/** 今天 / 明天 / 后天 when formatDay has a word for the day, else the weekday. */
function dayName(at: number, now: number): string {
  const relative = formatDay(at, now)
  return relative === formatDate(at) ? WEEKDAY_LABELS[weekdayOf(at)] : relative
}

export default function WeekStrip({ days, selected, now, onSelect }: WeekStripProps) {
  return (
    <ScrollView scrollX enhanced showScrollbar={false} className='week-strip'>
      <View className='week-strip__days' aria-role='tablist' aria-label='按日期查看'>
        {days.map((d) => {
          const on = d.key === selected
          const p = partsOf(d.at)
          return (
            <View
              key={d.key}
              id={`week-day-${d.key}`}
              className={`week-strip__day${on ? ' week-strip__day--selected' : ''}${d.count === 0 ? ' week-strip__day--empty' : ''}`}
              data-date={d.key}
              data-count={d.count}
              aria-role='tab'
              aria-selected={on}
              aria-label={`${formatDate(d.at)}，${d.count === 0 ? '没有课' : `${d.count}节课`}`}
              onClick={() => onSelect(on ? null : d.key)}
            >
              <Text className='week-strip__name'>{dayName(d.at, now)}</Text>
              <Text className='week-strip__date'>{p.day}</Text>
              <Text className='week-strip__count'>{d.count === 0 ? '–' : `${d.count}节`}</Text>
            </View>
          )
        })}
      </View>
    </ScrollView>
  )
}
