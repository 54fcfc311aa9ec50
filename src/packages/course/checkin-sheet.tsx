/**
 * Checking in at the class: scan the code on the organizer's screen (weapp) or type its 6 digits (both platforms).
 * A scanned code names its own session, so scanning checks in to the class actually in front of the person. Opened
 * by a tap, so its buttons ignore the leftover taps of a double-tap while it slides in (useArrivalGuard).
 */
import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Input, View } from '@tarojs/components'
import { Button, Popup } from '@nutui/nutui-react-taro'
import { checkinSchema, type Booking, type Fail } from '@core/api'
import { parseCheckinPayload } from '@core/booking'
import { validate } from '@core/schema'
import { call } from '@/cloud/call'
import { useArrivalGuard } from '@/hooks/use-arrival-guard'
import { errorTitle } from '@/platform/feedback'

export interface CheckinSheetProps {
  sessionId: string
  title: string
  onClose: () => void
  onDone: (booking: Booking) => void
}

/** Scans a QR code; null when the person closes the camera. */
async function scan(): Promise<string | null> {
  try {
    const res = await Taro.scanCode({ onlyFromCamera: true, scanType: ['qrCode'] })
    return res.result
  } catch {
    return null
  }
}

export default function CheckinSheet({ sessionId, title, onClose, onDone }: CheckinSheetProps) {
  const [code, setCode] = useState('')
  const [busy, setBusy] = useState(false)
  const [fail, setFail] = useState<Fail | null>(null)
  const guard = useArrivalGuard()

  const submit = async (target: string, value: string) => {
    const checked = validate(checkinSchema, { sessionId: target, code: value })
    if (!checked.ok) {
      setFail(checked)
      return
    }
    setBusy(true)
    setFail(null)
    const res = await call('course', 'checkin', checked.value)
    setBusy(false)
    if (res.ok) onDone(res.data.booking)
    else setFail(res)
  }

  const scanAndSubmit = async () => {
    const text = await scan()
    if (text === null) return
    const parsed = parseCheckinPayload(text)
    if (!parsed) {
      setFail({ ok: false, code: 'INVALID_INPUT', message: '这不是友邻空间的签到码，请扫描现场屏幕上的二维码' })
      return
    }
    await submit(parsed.sessionId, parsed.code)
  }

  return (
    <Popup visible position='bottom' round closeOnOverlayClick={!busy} onOverlayClick={guard(() => true, false)} onClose={onClose} className='checkin-sheet'>
      <View className='checkin-sheet__body' id='checkin-sheet' aria-role='dialog' aria-label='签到'>
        <View className='checkin-sheet__title'>{`签到 · ${title}`}</View>
        {process.env.TARO_ENV === 'weapp' ? (
          <>
            <Button type='primary' block className='checkin-sheet__button' id='checkin-scan' disabled={busy} onClick={guard(() => void scanAndSubmit())}>
              扫码签到
            </Button>
            <View className='checkin-sheet__or'>或输入现场屏幕上的 6 位签到码</View>
          </>
        ) : (
          <View className='checkin-sheet__or'>输入现场屏幕上的 6 位签到码</View>
        )}
        <Input
          className='checkin-sheet__input'
          id='checkin-code'
          type='number'
          maxlength={6}
          placeholder='6 位数字'
          value={code}
          aria-label='签到码'
          onInput={(e) => {
            setCode(e.detail.value)
            setFail(null)
          }}
          onConfirm={() => void submit(sessionId, code)}
        />
        {fail ? (
          <View className='checkin-sheet__error' id='checkin-error' data-code={fail.code} aria-role='alert'>
            {`${errorTitle(fail.code)}：${fail.message}`}
          </View>
        ) : null}
        <View className='checkin-sheet__actions'>
          <Button className='checkin-sheet__button' fill='outline' id='checkin-close' disabled={busy} onClick={guard(onClose)}>
            返回
          </Button>
          <Button className='checkin-sheet__button' type='primary' id='checkin-submit' loading={busy} onClick={guard(() => void submit(sessionId, code))}>
            签到
          </Button>
        </View>
      </View>
    </Popup>
  )
}
