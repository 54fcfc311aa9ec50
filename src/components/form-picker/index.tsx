/**
 * Dates and times for forms, picked with the platform's own wheels instead of typed: a slip of the thumb cannot make
 * 2025-13-01 or 7:0. Times step by 15 minutes — the grid classes are planned on — as an hour wheel and a quarter
 * wheel (the native time wheel has no step). Both show the value in the field's place and report it in the same
 * text forms the schemas check ('YYYY-MM-DD', 'HH:mm').
 */
import { Picker, Text, View } from '@tarojs/components'
import { WEEKDAY_LABELS, atWallClock, parseHHmm, weekdayOf } from '@core/time'
import './index.scss'

const HOURS = Array.from({ length: 24 }, (_, h) => String(h).padStart(2, '0'))
const QUARTERS = ['00', '15', '30', '45']

/** The hour and quarter wheels, for another picker on the same grid (the free-time rows). */
export const TIME_WHEELS: string[][] = [HOURS, QUARTERS]

/** Wheel positions for 'HH:mm'; a time off the grid (set before the grid existed) starts at the quarter below it. */
export function quarterWheels(hhmm: string): [number, number] {
  const minutes = parseHHmm(hhmm)
  return [Math.floor(minutes / 60), Math.floor((minutes % 60) / 15)]
}

/** 'HH:mm' at the wheel positions. */
export const quarterTime = ([hour, quarter]: readonly number[]): string => `${HOURS[hour]}:${QUARTERS[quarter]}`

/** '2025-12-04 周四': the date as the schemas want it, with the weekday a person plans by. */
const dateLabel = (date: string): string => `${date} ${WEEKDAY_LABELS[weekdayOf(atWallClock(date, '00:00'))]}`

interface PickerFieldProps {
  /** Element id of the shown value (tests and the e2e flows tap it). */
  id: string
  /** What the value is, for screen readers: '开始日期'. */
  label: string
}

export interface DatePickerProps extends PickerFieldProps {
  /** 'YYYY-MM-DD', or '' while nothing is picked (the wheels then open on today, or the nearest date offered). */
  value: string
  /** Shown while `value` is ''. */
  placeholder?: string
  /** The first and last dates offered, 'YYYY-MM-DD'. */
  start: string
  end: string
  onChange: (date: string) => void
}

export function DatePicker({ id, label, value, placeholder = '请选择日期', start, end, onChange }: DatePickerProps) {
  return (
    <Picker className='form-picker__wheel form-picker__wheel--date' mode='date' value={value} start={start} end={end} onChange={(e) => onChange(String(e.detail.value))}>
      <View className='form-input form-picker' id={id} aria-role='button' aria-label={`${label} ${value || placeholder}`}>
        {value === '' ? <Text className='form-picker__placeholder'>{placeholder}</Text> : <Text>{dateLabel(value)}</Text>}
        <Text className='form-picker__more'>▾</Text>
      </View>
    </Picker>
  )
}

export interface TimePickerProps extends PickerFieldProps {
  /** 'HH:mm' */
  value: string
  onChange: (time: string) => void
}

export function TimePicker({ id, label, value, onChange }: TimePickerProps) {
  return (
    <Picker
      className='form-picker__wheel form-picker__wheel--time'
      mode='multiSelector'
      range={TIME_WHEELS}
      value={quarterWheels(value)}
      onChange={(e) => onChange(quarterTime(e.detail.value.map(Number)))}
    >
      <View className='form-input form-picker' id={id} aria-role='button' aria-label={`${label} ${value}`}>
        <Text>{value}</Text>
        <Text className='form-picker__more'>▾</Text>
      </View>
    </Picker>
  )
}
