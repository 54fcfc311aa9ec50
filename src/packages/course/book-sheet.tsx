/**
 * The last of the three booking taps: a bottom sheet that says what will happen (a seat, the waitlist or the lottery;
 * what cancelling would cost — already a late cancel when the free deadline has passed), asks for subscription
 * messages on weapp, books, and shows the answer in place — 预约成功, or 已加入候补，第 N 位 — or the function's reason
 * in plain Chinese.
 *
 * Built for a hurried thumb: taps that arrive while the sheet or its result slides in are dropped (useArrivalGuard),
 * and no button sits where the tap that led here landed. 确认预约 is above the bottom row (预约 was in the bar's bottom
 * row), the result's 完成 is in the bottom row's left half (under 确认预约 there is only text), and the bar's
 * 我的预约 that follows is on the right.
 */
import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, Popup } from '@nutui/nutui-react-taro'
import { SUBSCRIPTION_KINDS, type Booking, type Fail, type Session } from '@core/api'
import { formatDateTime, formatRange } from '@core/time'
import { SUBSCRIPTION_LABELS, bookAction, bookResultText, cancelTerms, seatLabel } from '@/booking/present'
import { call } from '@/cloud/call'
import { newRequestId } from '@/cloud/request-id'
import { useArrivalGuard } from '@/hooks/use-arrival-guard'
import { useNow } from '@/hooks/use-now'
import { errorTitle } from '@/platform/feedback'
import { subscriptions } from '@/platform/subscribe'

export interface BookSheetProps {
  session: Session
  /** The centre's name. */
  place?: string
  waitlist: boolean
  onClose: () => void
  onBooked: (booking: Booking) => void
}

type Phase = { kind: 'confirm' } | { kind: 'busy' } | { kind: 'failed'; fail: Fail } | { kind: 'done'; booking: Booking }

export default function BookSheet({ session, place, waitlist, onClose, onBooked }: BookSheetProps) {
  const [phase, setPhase] = useState<Phase>({ kind: 'confirm' })
  const guard = useArrivalGuard(phase.kind === 'done' ? 'result' : 'form')
  // Its own clock, by the second: the deadline it states must not pass unnoticed while the sheet is open.
  const now = useNow(1000, phase.kind !== 'done')
  // One id per sheet: a retry after a lost answer is recognised by the function and not booked twice.
  const [requestId] = useState(newRequestId)
  const [canSubscribe, setCanSubscribe] = useState(false)
  useEffect(() => {
    let live = true
    void subscriptions.prepare().then((ok) => live && setCanSubscribe(ok))
    return () => {
      live = false
    }
  }, [])
  const seats = seatLabel(session, now, waitlist)
  const full = session.mode === 'first-come' && session.seatsLeft === 0
  const action = bookAction(session).confirm
  const terms = cancelTerms(session, now)

  const confirm = async () => {
    setPhase({ kind: 'busy' })
    // Straight from the tap: WeChat only shows the subscription prompt for a user gesture.
    const subscribe = await subscriptions.request()
    const res = await call('course', 'book', { sessionId: session._id, requestId, ...(subscribe.length > 0 ? { subscribe } : {}) })
    if (!res.ok) {
      setPhase({ kind: 'failed', fail: res })
      return
    }
    setPhase({ kind: 'done', booking: res.data.booking })
    onBooked(res.data.booking)
  }

  const busy = phase.kind === 'busy'
  // The waitlist filled up after the list was read: another tap would be refused the same way until someone leaves it.
  const waitlistFull = phase.kind === 'failed' && phase.fail.code === 'WAITLIST_FULL'
  let body
  if (phase.kind === 'done') {
    const text = bookResultText(phase.booking)
    body = (
      <View className='book-sheet__result' id='book-result' data-status={phase.booking.status} aria-live='polite'>
        <View className={`book-sheet__badge book-sheet__badge--${phase.booking.status}`}>{phase.booking.status === 'confirmed' ? '✓' : '…'}</View>
        <View className='book-sheet__result-title'>{text.title}</View>
        <View className='book-sheet__result-detail'>{text.detail}</View>
        <View className='book-sheet__actions book-sheet__actions--result'>
          <Button className='book-sheet__button' id='book-done' type='primary' onClick={guard(onClose)}>
            完成
          </Button>
          <Button
            className='book-sheet__button'
            id='book-view-mine'
            fill='outline'
            onClick={guard(() => void Taro.redirectTo({ url: '/packages/course/bookings' }))}
          >
            查看我的预约
          </Button>
        </View>
      </View>
    )
  } else {
    body = (
      <>
        <View className='book-sheet__title'>{session.title}</View>
        <View className='book-sheet__row'>
          <Text className='book-sheet__key'>时间</Text>
          <Text className='book-sheet__value'>{formatRange(session.startAt, session.endAt)}</Text>
        </View>
        {place ? (
          <View className='book-sheet__row'>
            <Text className='book-sheet__key'>地点</Text>
            <Text className='book-sheet__value'>{place}</Text>
          </View>
        ) : null}
        <View className='book-sheet__row'>
          <Text className='book-sheet__key'>名额</Text>
          <Text className='book-sheet__value'>{session.mode === 'lottery' ? `${session.capacity}个，抽签决定` : seats.text}</Text>
        </View>
        <View className='book-sheet__notes'>
          {session.mode === 'lottery' && session.drawAt !== undefined ? (
            <View className='book-sheet__note'>{`${formatDateTime(session.drawAt)} 抽签，结果会通知你；没抽中的人按抽签顺序候补。`}</View>
          ) : full ? (
            <View className='book-sheet__note'>名额已满，确认后加入候补队列；有人取消时按顺序递补。</View>
          ) : null}
          {terms.late ? (
            <View className='book-sheet__note book-sheet__note--late' id='book-late-cancel'>
              {terms.text}
            </View>
          ) : (
            <View className='book-sheet__note'>{terms.text}</View>
          )}
          {canSubscribe ? (
            <View className='book-sheet__note'>{`接下来会询问是否接收${SUBSCRIPTION_KINDS.map((k) => SUBSCRIPTION_LABELS[k]).join('、')}通知，可按需选择。`}</View>
          ) : null}
        </View>
        {phase.kind === 'failed' ? (
          <View className='book-sheet__error' id='book-error' data-code={phase.fail.code} aria-role='alert'>
            <View className='book-sheet__error-title'>{errorTitle(phase.fail.code)}</View>
            <View className='book-sheet__error-text'>{phase.fail.message}</View>
          </View>
        ) : null}
        <View className='book-sheet__actions book-sheet__actions--form'>
          <Button className='book-sheet__button' id='book-confirm' type='primary' block loading={busy} disabled={waitlistFull} onClick={guard(() => void confirm())}>
            {phase.kind === 'failed' && phase.fail.code === 'INTERNAL' ? '重试' : action}
          </Button>
          <Button className='book-sheet__button' id='book-cancel' fill='outline' block disabled={busy} onClick={guard(onClose)}>
            返回
          </Button>
        </View>
      </>
    )
  }

  return (
    <Popup visible position='bottom' round closeOnOverlayClick={!busy} onOverlayClick={guard(() => true, false)} onClose={onClose} className='book-sheet'>
      <View className='book-sheet__body' id='book-sheet' aria-role='dialog' aria-label={action}>
        {body}
      </View>
    </Popup>
  )
}
