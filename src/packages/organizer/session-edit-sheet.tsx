/**
 * 修改课次: change a session's seats, time (start and end together) and note in a bottom sheet. Only changed fields
 * are sent; the session page asks for confirmation (people are notified) before it saves.
 */
import { useState } from 'react'
import { Input, View } from '@tarojs/components'
import { Button, Popup } from '@nutui/nutui-react-taro'
import { updateSessionSchema, type Session, type UpdateSessionInput } from '@core/api'
import { isCalendarDate } from '@core/booking'
import { HHMM_PATTERN, atWallClock, dateKey, formatTime } from '@core/time'
import FormField from '@/components/form-field'

export default function SessionEditSheet({ session, onClose, onSubmit }: { session: Session; onClose: () => void; onSubmit: (input: UpdateSessionInput) => void }) {
  const [capacity, setCapacity] = useState(String(session.capacity))
  const [date, setDate] = useState(dateKey(session.startAt))
  const [start, setStart] = useState(formatTime(session.startAt))
  const [end, setEnd] = useState(formatTime(session.endAt))
  const [note, setNote] = useState(session.note ?? '')
  const [error, setError] = useState<string | undefined>()

  const submit = () => {
    if (!isCalendarDate(date.trim())) return setError('日期应为 YYYY-MM-DD 格式，例如 2025-12-01')
    if (!HHMM_PATTERN.test(start.trim()) || !HHMM_PATTERN.test(end.trim())) return setError('时间应为 HH:mm 格式，例如 19:00')
    const startAt = atWallClock(date.trim(), start.trim())
    const endAt = atWallClock(date.trim(), end.trim())
    const input: UpdateSessionInput = { sessionId: session._id }
    const seats = capacity.trim() === '' ? NaN : Number(capacity.trim())
    if (seats !== session.capacity) input.capacity = seats
    if (startAt !== session.startAt || endAt !== session.endAt) {
      input.startAt = startAt
      input.endAt = endAt
    }
    if (note.trim() !== (session.note ?? '')) input.note = note.trim()
    const checked = updateSessionSchema.parse(input)
    if (!checked.ok) return setError(checked.message)
    onSubmit(checked.value)
  }

  return (
    <Popup visible position='bottom' round onClose={onClose} className='org-sheet'>
      <View className='org-sheet__body org-form' id='session-form' aria-role='dialog' aria-label='修改课次'>
        <View className='org-sheet__title'>修改课次</View>
        <FormField label='名额' name='session-capacity'>
          <Input className='form-input' id='session-form-capacity' type='number' value={capacity} onInput={(e) => setCapacity(e.detail.value)} />
        </FormField>
        <FormField label='日期' name='session-date'>
          <Input className='form-input' id='session-form-date' placeholder='YYYY-MM-DD' maxlength={10} value={date} onInput={(e) => setDate(e.detail.value)} />
        </FormField>
        <View className='org-form__row'>
          <FormField label='开始' name='session-start'>
            <Input className='form-input' id='session-form-start' placeholder='HH:mm' maxlength={5} value={start} onInput={(e) => setStart(e.detail.value)} />
          </FormField>
          <FormField label='结束' name='session-end'>
            <Input className='form-input' id='session-form-end' placeholder='HH:mm' maxlength={5} value={end} onInput={(e) => setEnd(e.detail.value)} />
          </FormField>
        </View>
        <FormField label='备注' name='session-note' hint='如：换到二楼教室'>
          <Input className='form-input' id='session-form-note' maxlength={200} value={note} onInput={(e) => setNote(e.detail.value)} />
        </FormField>
        {error ? (
          <View className='organizer__error' id='session-form-error' aria-role='alert'>
            {error}
          </View>
        ) : null}
        <View className='org-sheet__actions'>
          <Button className='org-sheet__button' fill='outline' onClick={onClose}>
            返回
          </Button>
          <Button className='org-sheet__button' type='primary' id='session-form-save' onClick={submit}>
            保存
          </Button>
        </View>
      </View>
    </Popup>
  )
}
