/**
 * Weekly free-time windows (e.g. 周二 19:00–21:30): shortcuts for the usual patterns (工作日晚上 19:30–21:30 …), then
 * add, change and remove rows. Controlled: the parent owns the list. Rows are checked live with the same rule the
 * `user` function applies (core/user freeTimesSchema); 添加时间段 and the shortcuts only ever add windows that rule
 * accepts (core/user nextFreeTime, addFreeTimes). Times are picked on an hour wheel and a quarter wheel, the
 * 15-minute grid classes are planned on.
 */
import { useState } from 'react'
import { Button, Picker, Text, View } from '@tarojs/components'
import type { FreeTime } from '@core/api'
import { WEEKDAYS, WEEKDAY_LABELS } from '@core/time'
import { FREE_TIMES_MAX, addFreeTimes, freeTimesSchema, nextFreeTime } from '@core/user'
import { validate } from '@core/schema'
import { TIME_WHEELS, quarterTime, quarterWheels } from '@/components/form-picker'
import './index.scss'

export interface FreeTimeEditorProps {
  value: FreeTime[]
  onChange: (next: FreeTime[]) => void
  /** A message about the whole list from the last save attempt (e.g. from the server). */
  error?: string
}

const WEEKDAY_NAMES = WEEKDAYS.map((d) => WEEKDAY_LABELS[d])

const days = (weekdays: readonly FreeTime['weekday'][], from: string, to: string): FreeTime[] => weekdays.map((weekday) => ({ weekday, from, to }))

/** When riders, couriers and drivers are usually free: after the evening peak, the lull between meal peaks, weekends. */
const SHORTCUTS: { id: string; label: string; windows: FreeTime[] }[] = [
  { id: 'weekday-evenings', label: '工作日晚上 19:30–21:30', windows: days([1, 2, 3, 4, 5], '19:30', '21:30') },
  { id: 'weekday-afternoons', label: '工作日午后 14:00–16:30', windows: days([1, 2, 3, 4, 5], '14:00', '16:30') },
  { id: 'weekend-afternoons', label: '周末下午 14:00–17:00', windows: days([6, 7], '14:00', '17:00') },
  { id: 'weekend-evenings', label: '周末晚上 19:00–21:30', windows: days([6, 7], '19:00', '21:30') }
]

/** Which row the shared rule complains about, and what it says. */
function liveIssue(rows: FreeTime[]): { index?: number; message: string } | undefined {
  const checked = validate(freeTimesSchema, rows)
  if (checked.ok) return undefined
  const index = checked.field === undefined ? NaN : Number(checked.field.split('.')[0])
  return Number.isInteger(index) ? { index, message: checked.message } : { message: checked.message }
}

export default function FreeTimeEditor({ value, onChange, error }: FreeTimeEditorProps) {
  const issue = liveIssue(value)
  const next = value.length < FREE_TIMES_MAX ? nextFreeTime(value) : null
  // What the last shortcut did, said next to the shortcuts (a shortcut whose windows are all there adds nothing).
  const [shortcutNote, setShortcutNote] = useState('')

  const update = (index: number, patch: Partial<FreeTime>) =>
    onChange(value.map((row, i) => (i === index ? { ...row, ...patch } : row)))
  const remove = (index: number) => onChange(value.filter((_, i) => i !== index))
  const add = () => {
    if (next) onChange([...value, next])
  }
  const addShortcut = (windows: FreeTime[]) => {
    const result = addFreeTimes(value, windows)
    const left = windows.length - result.added
    setShortcutNote(
      result.added === 0
        ? '这些时段已经有了，或和已有的时段重叠'
        : left > 0
          ? `添加了 ${result.added} 个时段；另外 ${left} 个已有、重叠或超出 ${FREE_TIMES_MAX} 个，没有添加`
          : `添加了 ${result.added} 个时段，记得保存`
    )
    if (result.added > 0) onChange(result.windows)
  }

  return (
    <View className='free-time-editor'>
      <View className='free-time-editor__shortcuts' aria-role='group' aria-label='常用时段'>
        {SHORTCUTS.map((s) => (
          <View
            key={s.id}
            className='free-time-editor__shortcut'
            id={`free-time-shortcut-${s.id}`}
            hoverClass='free-time-editor__shortcut--pressed'
            aria-role='button'
            onClick={() => addShortcut(s.windows)}
          >
            {`+ ${s.label}`}
          </View>
        ))}
      </View>
      {shortcutNote ? (
        <View className='free-time-editor__note' id='free-time-shortcut-note' aria-live='polite'>
          {shortcutNote}
        </View>
      ) : null}
      {value.length === 0 ? (
        <View className='free-time-editor__empty'>还没有填写空闲时间。点上面的常用时段，或逐个添加，例如 周二 19:00–21:30。</View>
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
              <View className='free-time-row__pick free-time-row__weekday' id={`free-time-${i}-weekday`} aria-role='button' aria-label={`星期 ${WEEKDAY_LABELS[row.weekday]}`}>
                {WEEKDAY_LABELS[row.weekday]}
              </View>
            </Picker>
            <Picker
              className='free-time-row__from-picker'
              mode='multiSelector'
              range={TIME_WHEELS}
              value={quarterWheels(row.from)}
              onChange={(e) => update(i, { from: quarterTime(e.detail.value.map(Number)) })}
            >
              <View className='free-time-row__pick' id={`free-time-${i}-from`} aria-role='button' aria-label={`开始 ${row.from}`}>
                {row.from}
              </View>
            </Picker>
            <Text className='free-time-row__dash'>至</Text>
            <Picker
              className='free-time-row__to-picker'
              mode='multiSelector'
              range={TIME_WHEELS}
              value={quarterWheels(row.to)}
              onChange={(e) => update(i, { to: quarterTime(e.detail.value.map(Number)) })}
            >
              <View className='free-time-row__pick' id={`free-time-${i}-to`} aria-role='button' aria-label={`结束 ${row.to}`}>
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
      {next ? (
        <Button className='free-time-editor__add' id='free-time-add' hoverClass='none' onClick={add}>
          添加时间段
        </Button>
      ) : (
        // Not a greyed-out button: a plain sentence in readable contrast, saying what to do instead.
        <View className='free-time-editor__full' id='free-time-full'>
          {value.length >= FREE_TIMES_MAX ? `已经有 ${FREE_TIMES_MAX} 个时间段（最多 ${FREE_TIMES_MAX} 个），删掉一个才能再添加。` : '这一周已经排满，改一改已有的时间段吧。'}
        </View>
      )}
    </View>
  )
}
