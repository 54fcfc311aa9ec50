/**
 * Weekly free-time windows (e.g. 周二 19:00–21:30): add, change and remove rows. Controlled: the parent owns the list.
 * Rows are checked live with the same rule the `user` function applies (core/user freeTimesSchema), so a window that
 * ends before it starts, or overlaps another, is pointed out before saving.
 */
import { Button, Picker, Text, View } from '@tarojs/components'
import type { FreeTime } from '@core/api'
import { FREE_TIMES_MAX, freeTimesSchema } from '@core/user'
import { WEEKDAYS, WEEKDAY_LABELS } from '@core/time'
import './index.scss'
import { validate } from '@core/schema'

export interface FreeTimeEditorProps {
  value: FreeTime[]
  onChange: (next: FreeTime[]) => void
  /** A message about the whole list from the last save attempt (e.g. from the server). */
  error?: string
}

const WEEKDAY_NAMES = WEEKDAYS.map((d) => WEEKDAY_LABELS[d])

/** A new row continues from the last one (next day, same hours), so a regular evening slot takes one tap per day. */
function nextWindow(rows: FreeTime[]): FreeTime {
  const last = rows[rows.length - 1]
  if (!last) return { weekday: 1, from: '19:00', to: '21:00' }
  return { weekday: ((last.weekday % 7) + 1) as FreeTime['weekday'], from: last.from, to: last.to }
}

/** Which row the shared rule complains about, and what it says. */
function liveIssue(rows: FreeTime[]): { index?: number; message: string } | undefined {
  const checked = validate(freeTimesSchema, rows)
  if (checked.ok) return undefined
  const index = checked.field === undefined ? NaN : Number(checked.field.split('.')[0])
  return Number.isInteger(index) ? { index, message: checked.message } : { message: checked.message }
}

export default function FreeTimeEditor({ value, onChange, error }: FreeTimeEditorProps) {
  const issue = liveIssue(value)
  const full = value.length >= FREE_TIMES_MAX

  const update = (index: number, patch: Partial<FreeTime>) =>
    onChange(value.map((row, i) => (i === index ? { ...row, ...patch } : row)))
  const remove = (index: number) => onChange(value.filter((_, i) => i !== index))
  const add = () => {
    if (!full) onChange([...value, nextWindow(value)])
  }

  return (
    <View className='free-time-editor'>
      {value.length === 0 ? (
        <View className='free-time-editor__empty'>还没有填写空闲时间。添加你通常有空的时段，例如 周二 19:00–21:30。</View>
      ) : null}
      {value.map((row, i) => (
        <View key={i} className={`free-time-row${issue?.index === i ? ' free-time-row--invalid' : ''}`}>
          <View className='free-time-row__fields'>
            <Picker
              className='free-time-row__weekday-picker'
              mode='selector'
              range={WEEKDAY_NAMES}
              value={row.weekday - 1}
              onChange={(e) => update(i, { weekday: (Number(e.detail.value) + 1) as FreeTime['weekday'] })}
            >
              <View className='free-time-row__pick free-time-row__weekday' id={`free-time-${i}-weekday`}>
                {WEEKDAY_LABELS[row.weekday]}
              </View>
            </Picker>
            <Picker className='free-time-row__from-picker' mode='time' value={row.from} onChange={(e) => update(i, { from: String(e.detail.value) })}>
              <View className='free-time-row__pick' id={`free-time-${i}-from`}>
                {row.from}
              </View>
            </Picker>
            <Text className='free-time-row__dash'>至</Text>
            <Picker className='free-time-row__to-picker' mode='time' value={row.to} onChange={(e) => update(i, { to: String(e.detail.value) })}>
              <View className='free-time-row__pick' id={`free-time-${i}-to`}>
                {row.to}
              </View>
            </Picker>
            <Button className='free-time-row__remove' id={`free-time-${i}-remove`} hoverClass='none' onClick={() => remove(i)}>
              删除
            </Button>
          </View>
          {issue?.index === i ? <View className='free-time-row__error'>{issue.message}</View> : null}
        </View>
      ))}
      {issue && issue.index === undefined ? <View className='free-time-editor__error'>{issue.message}</View> : null}
      {!issue && error ? <View className='free-time-editor__error'>{error}</View> : null}
      {/* `disabled={false}` would still render a `disabled` attribute on H5, which Taro's button styles grey out. */}
      <Button
        className={`free-time-editor__add${full ? ' free-time-editor__add--full' : ''}`}
        id='free-time-add'
        hoverClass='none'
        disabled={full || undefined}
        onClick={add}
      >
        {full ? `最多 ${FREE_TIMES_MAX} 个时间段` : '添加时间段'}
      </Button>
    </View>
  )
}
