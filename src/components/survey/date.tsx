/**
 * A date question on the platform's date wheels (form-picker's DatePicker), offering only the days the question
 * accepts on the day of answering (core dateBounds: fixed days or days relative to today). The answer is that day's
 * 00:00 in Shanghai (core/survey values), whatever the phone's own time zone.
 */
import type { DateQuestion } from '@core/survey/definition'
import { dateBounds } from '@core/survey/answers'
import { atWallClock, dateKey, DAY_MS } from '@core/time'
import { DatePicker } from '@/components/form-picker'
import type { ControlProps } from './types'

/** Without a bound, the wheels reach a century back (birth dates) and ten years ahead. */
const OPEN_PAST_DAYS = 100 * 366
const OPEN_FUTURE_DAYS = 10 * 366

/** The first and last day the wheels offer, 'YYYY-MM-DD'. */
export function dateWheelRange(question: DateQuestion, now: number): { start: string; end: string } {
  const { min, max } = dateBounds(question, now)
  return {
    start: dateKey(min ?? now - OPEN_PAST_DAYS * DAY_MS),
    end: dateKey(max ?? now + OPEN_FUTURE_DAYS * DAY_MS)
  }
}

export function DateAnswer({ question, value, onChange, onSettle, now, idBase }: ControlProps<DateQuestion>) {
  const { start, end } = dateWheelRange(question, now)
  return (
    <DatePicker
      id={`${idBase}-input`}
      label={question.title}
      value={typeof value === 'number' ? dateKey(value) : ''}
      start={start}
      end={end}
      onChange={(date) => {
        onChange(atWallClock(date, '00:00'))
        onSettle?.()
      }}
    />
  )
}
