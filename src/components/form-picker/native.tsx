/**
 * DatePicker and TimePicker as one native custom component (built by `taro build native-components`, listed under
 * `components` in app.config.ts), for the component tests: it keeps the picked values itself and reports each pick as
 * a `pick` event with `detail.date` or `detail.time`.
 */
import { useState } from 'react'
import { View } from '@tarojs/components'
import { DatePicker, TimePicker } from './index'

interface NativeScope {
  triggerEvent(name: string, detail: unknown): void
}

export interface NativeFormPickerProps {
  date?: string
  time?: string
  $scope?: NativeScope
}

export default function NativeFormPicker({ date, time, $scope }: NativeFormPickerProps) {
  const [day, setDay] = useState(date ?? '2025-12-04')
  const [at, setAt] = useState(time ?? '19:00')
  return (
    <View>
      <DatePicker
        id='picked-date'
        label='日期'
        value={day}
        start='2025-12-01'
        end='2026-11-30'
        onChange={(next) => {
          setDay(next)
          $scope?.triggerEvent('pick', { date: next })
        }}
      />
      <TimePicker
        id='picked-time'
        label='时间'
        value={at}
        onChange={(next) => {
          setAt(next)
          $scope?.triggerEvent('pick', { time: next })
        }}
      />
    </View>
  )
}
