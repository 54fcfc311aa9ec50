/**
 * 修改课次: change a session's seats, time (start and end together, on the 15-minute wheels) and note in a bottom
 * sheet. Only changed fields are sent; the session page asks for confirmation (saying who will be told) before it saves.
 * Problems show beside their fields from the first change on, all at once; 没有需要保存的修改 only after 保存. Fewer
 * seats than people holding one is one of them (core's seatsProblem, which the function applies too), so it is said
 * here rather than after 保存并通知. The sheet stays open under the confirmation, so a save the function refuses
 * comes back to the organizer's own edits, with the reason beside its field.
 */
import { useState } from 'react'
import { Input, View } from '@tarojs/components'
import { Button, Popup } from '@nutui/nutui-react-taro'
import { updateSessionSchema, type Fail, type Session, type UpdateSessionInput } from '@core/api'
import { seatsProblem } from '@core/booking'
import { DAY_MS, atWallClock, dateKey, formatTime } from '@core/time'
import { validate } from '@core/schema'
import FormField from '@/components/form-field'
import { FORM, problemsOf, type Problems } from '@/components/form-field/problems'
import { DatePicker, TimePicker } from '@/components/form-picker'

/** How far ahead a session may be moved. */
const MOVE_AHEAD_DAYS = 365

interface Draft {
  capacity: string
  date: string
  start: string
  end: string
  note: string
}

const draftOf = (session: Session): Draft => ({
  capacity: String(session.capacity),
  date: dateKey(session.startAt),
  start: formatTime(session.startAt),
  end: formatTime(session.endAt),
  note: session.note ?? ''
})

/** What changed, as updateSession takes it; a seats field that is not a number is sent as NaN for the schema to name. */
function changesOf(session: Session, draft: Draft): UpdateSessionInput {
  const input: UpdateSessionInput = { sessionId: session._id }
  const seats = draft.capacity.trim() === '' ? NaN : Number(draft.capacity.trim())
  if (seats !== session.capacity) input.capacity = seats
  const startAt = atWallClock(draft.date, draft.start)
  const endAt = atWallClock(draft.date, draft.end)
  if (startAt !== session.startAt || endAt !== session.endAt) {
    input.startAt = startAt
    input.endAt = endAt
  }
  if (draft.note.trim() !== (session.note ?? '')) input.note = draft.note.trim()
  return input
}

/** The fields of the sheet a refusal can be about; anything else is said under the form. */
const FIELDS = ['capacity', 'startAt', 'endAt', 'note']

/** Every problem of the changes, the schema's and the seats rule's, by field. */
function problemsOfChanges(session: Session, changes: UpdateSessionInput): Problems {
  const found = problemsOf(updateSessionSchema, changes)
  const seats = seatsProblem(session.booked, changes.capacity)
  if (seats && found.capacity === undefined) found.capacity = seats.message
  return found
}

export interface SessionEditSheetProps {
  session: Session
  /** The function's refusal of the last save, until the next edit. */
  fail: Fail | null
  onEdited: () => void
  onClose: () => void
  onSubmit: (input: UpdateSessionInput) => void
}

export default function SessionEditSheet({ session, fail, onEdited, onClose, onSubmit }: SessionEditSheetProps) {
  const [draft, setDraft] = useState(() => draftOf(session))
  const [edited, setEdited] = useState(false)
  const [tried, setTried] = useState(false)
  const [today] = useState(() => Date.now())

  const changes = changesOf(session, draft)
  const checked = edited || tried ? problemsOfChanges(session, changes) : {}
  const failKey = fail ? (FIELDS.find((f) => fail.field === f) ?? FORM) : undefined
  const problems: Problems = fail && failKey ? { ...checked, [failKey]: fail.message } : checked
  const edit = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }))
    setEdited(true)
    onEdited()
  }

  const submit = () => {
    setTried(true)
    const valid = validate(updateSessionSchema, changes)
    if (valid.ok && Object.keys(problemsOfChanges(session, changes)).length === 0) onSubmit(valid.value)
  }

  return (
    <Popup visible position='bottom' round onClose={onClose} className='org-sheet'>
      <View className='org-sheet__body org-form' id='session-form' aria-role='dialog' aria-label='修改课次'>
        <View className='org-sheet__title'>修改课次</View>
        <FormField label='名额' name='session-capacity' error={problems.capacity}>
          <Input className='form-input' id='session-form-capacity' type='number' value={draft.capacity} onInput={(e) => edit({ capacity: e.detail.value })} />
        </FormField>
        <FormField label='日期' name='session-date'>
          <DatePicker
            id='session-form-date'
            label='日期'
            value={draft.date}
            start={dateKey(today)}
            end={dateKey(today + MOVE_AHEAD_DAYS * DAY_MS)}
            onChange={(date) => edit({ date })}
          />
        </FormField>
        <View className='org-form__row'>
          <FormField label='开始' name='session-start' error={problems.startAt}>
            <TimePicker id='session-form-start' label='开始时间' value={draft.start} onChange={(start) => edit({ start })} />
          </FormField>
          <FormField label='结束' name='session-end' error={problems.endAt}>
            <TimePicker id='session-form-end' label='结束时间' value={draft.end} onChange={(end) => edit({ end })} />
          </FormField>
        </View>
        <FormField label='备注' name='session-note' hint='如：换到二楼教室' error={problems.note}>
          <Input className='form-input' id='session-form-note' maxlength={200} value={draft.note} onInput={(e) => edit({ note: e.detail.value })} />
        </FormField>
        {(tried || fail) && problems[FORM] ? (
          <View className='organizer__error' id='session-form-error' aria-role='alert'>
            {problems[FORM]}
          </View>
        ) : null}
        <View className='org-sheet__actions'>
          <Button className='tap-target org-sheet__button' fill='outline' id='session-form-back' onClick={onClose}>
            返回
          </Button>
          <Button className='tap-target org-sheet__button' type='primary' id='session-form-save' onClick={submit}>
            保存
          </Button>
        </View>
      </View>
    </Popup>
  )
}
