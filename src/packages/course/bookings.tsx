/**
 * 我的预约: upcoming (with waitlist positions, held seats to confirm before their countdown ends, check-in when the
 * window is open, where the class is with 导航, and cancelling), attended, and the rest that has ended. Cancelling
 * says what it is — 取消预约, 退出候补, 退出抽签, 放弃名额 — warns when it would be a late cancel (core isLateCancel, the
 * function's rule), and leaves an undo banner that books the same session again.
 */
import { useEffect, useMemo, useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { Booking, CourseVenue, MyBookingGroup, MyBookingItem, Result } from '@core/api'
import { checkinWindow, isActive, isLateCancel } from '@core/booking'
import { formatDateTime, formatRange } from '@core/time'
import { bookResultText, bookingLabel, whenLabel } from '@/booking/present'
import { courseDetailUrl } from '@/booking/route'
import { call } from '@/cloud/call'
import { newRequestId } from '@/cloud/request-id'
import { useRefreshing, useRemote } from '@/cloud/use-remote'
import ConfirmDialog from '@/components/confirm-dialog'
import PageShell from '@/components/page-shell'
import RemoteView from '@/components/remote-view'
import SegmentedTabs from '@/components/segmented-tabs'
import VenueLine, { placeName } from '@/components/venue-line'
import { useArrivalGuard, type TapGuard } from '@/hooks/use-arrival-guard'
import { countdown, useNow } from '@/hooks/use-now'
import { alertFail } from '@/platform/feedback'
import CheckinSheet from './checkin-sheet'
import './bookings.scss'

type Group = MyBookingGroup

const GROUPS: { key: Group; label: string; empty: string }[] = [
  { key: 'upcoming', label: '即将开始', empty: '还没有要上的课，去「课程」里约一节吧。' },
  { key: 'attended', label: '已签到', empty: '签到过的课会出现在这里。' },
  { key: 'past', label: '已结束', empty: '结束和取消的预约会出现在这里。' }
]

interface MyBookings {
  items: MyBookingItem[]
  strikeNotice?: string
  /** Centres by course id (listCourses): where each class is, for the line and 导航. */
  places: Map<string, CourseVenue>
}

async function loadBookings(): Promise<Result<MyBookings>> {
  const [mine, courses] = await Promise.all([call('course', 'myBookings', {}), call('course', 'listCourses', {})])
  if (!mine.ok) return mine
  // Places are a help, not the point: without them the list still shows.
  const places = new Map<string, CourseVenue>()
  if (courses.ok) for (const c of courses.data.items) if (c.venue) places.set(c._id, c.venue)
  return { ok: true, data: { items: mine.data.items, strikeNotice: mine.data.strikeNotice, places } }
}

interface Undo {
  sessionId: string
  text: string
  /** 重新预约, or 重新排队 after leaving a waitlist (the new place is at the back). */
  again: string
}

export default function BookingsPage() {
  const remote = useRemote('my-bookings', loadBookings)
  useRefreshing(remote)
  const data = remote.data
  const items = useMemo(() => data?.items ?? [], [data])
  const holding = items.some((i) => i.booking.status === 'held')
  // Seconds matter only for a hold countdown; otherwise a minute keeps labels and check-in buttons current.
  const now = useNow(holding ? 1000 : 30_000)

  const [group, setGroup] = useState<Group>('upcoming')
  const [cancelling, setCancelling] = useState<MyBookingItem | null>(null)
  const [checkingIn, setCheckingIn] = useState<MyBookingItem | null>(null)
  const [busy, setBusy] = useState(false)
  const [undo, setUndo] = useState<Undo | null>(null)
  // The buttons that open the cancel dialog and the check-in sheet: their taps are the ones a leftover would repeat.
  const guard = useArrivalGuard(undo ? `undo-${undo.sessionId}` : 'list')

  // A hold that ran out has passed to the next person: show the list as it now is.
  const expiredHolds = items.filter((i) => i.booking.status === 'held' && i.booking.holdUntilAt !== undefined && i.booking.holdUntilAt <= now).length
  const { reload } = remote
  useEffect(() => {
    if (expiredHolds > 0) void reload()
  }, [expiredHolds, reload])

  // The function groups and orders the items (upcoming soonest first, the rest latest first).
  const grouped = useMemo(() => {
    const out: Record<Group, MyBookingItem[]> = { upcoming: [], attended: [], past: [] }
    for (const item of items) out[item.group].push(item)
    return out
  }, [items])

  const cancel = async (item: MyBookingItem) => {
    setBusy(true)
    const res = await call('course', 'cancel', { sessionId: item.session._id })
    setBusy(false)
    setCancelling(null)
    if (!res.ok) {
      alertFail('没能取消', res)
      return
    }
    const late = res.data.lateCancel ? '（迟到取消）' : ''
    const { done, again } = CANCEL_WORDS[cancelKind(item.booking)]
    setUndo({ sessionId: item.session._id, text: `${done}「${item.session.title}」${whenLabel(item.session.startAt, Date.now())}${late}`, again })
    void remote.reload()
  }

  const rebook = async (target: Undo) => {
    setBusy(true)
    const res = await call('course', 'book', { sessionId: target.sessionId, requestId: newRequestId() })
    setBusy(false)
    if (!res.ok) {
      alertFail('没能重新预约', res)
      return
    }
    setUndo(null)
    setGroup('upcoming')
    void Taro.showToast({ title: bookResultText(res.data.booking).title, icon: 'none' })
    void remote.reload()
  }

  const confirmHold = async (item: MyBookingItem) => {
    setBusy(true)
    const res = await call('course', 'confirmHold', { sessionId: item.session._id })
    setBusy(false)
    if (res.ok) void Taro.showToast({ title: '已确认，名额是你的了', icon: 'none' })
    else alertFail('没能确认', res)
    void remote.reload()
  }

  const checkedIn = (booking: Booking) => {
    setCheckingIn(null)
    void Taro.showToast({ title: booking.walkIn ? '签到成功（现场名额）' : '签到成功', icon: 'success' })
    void remote.reload()
  }

  const meta = GROUPS.find((g) => g.key === group)!
  const shown = grouped[group]
  const emptyGroup = {
    when: () => shown.length === 0,
    title: `没有${meta.label}的预约`,
    description: meta.empty,
    children:
      group === 'upcoming' ? (
        <View className='bookings__empty-action'>
          <Button type='primary' className='tap-target' id='go-courses' onClick={() => void Taro.switchTab({ url: '/pages/courses/index' })}>
            去约课
          </Button>
        </View>
      ) : null
  }

  return (
    <PageShell className='bookings'>
      {undo ? (
        <View className='bookings__undo' id='undo-banner' aria-live='polite'>
          <Text className='bookings__undo-text'>{undo.text}</Text>
          <View className='bookings__undo-actions'>
            <Text className='bookings__undo-button' id='undo-rebook' aria-role='button' onClick={guard(() => !busy && void rebook(undo))}>
              {undo.again}
            </Text>
            <Text className='bookings__undo-close' id='undo-close' aria-role='button' aria-label='关闭提示' onClick={guard(() => setUndo(null))}>
              ×
            </Text>
          </View>
        </View>
      ) : null}

      {data?.strikeNotice ? (
        <View className='bookings__strikes' id='strike-notice'>
          {data.strikeNotice}
        </View>
      ) : null}

      <SegmentedTabs
        className='bookings__tabs'
        idPrefix='tab'
        tabs={GROUPS.map((g) => ({ key: g.key, label: `${g.label}${data ? ` ${grouped[g.key].length}` : ''}` }))}
        value={group}
        // When the undo banner goes, the tabs move up under the finger that tapped it: while that settles, a tab
        // change (its tap's spot unknown here) waits.
        onChange={guard(setGroup)}
      />

      <RemoteView remote={remote} rows={6} empty={emptyGroup}>
        {({ places }) => (
          <View className='bookings__list' id={`bookings-${group}`}>
            {shown.map((item) => (
              <BookingItem
                key={item.booking._id}
                item={item}
                now={now}
                venue={places.get(item.session.courseId)}
                busy={busy}
                guard={guard}
                onCancel={() => setCancelling(item)}
                onConfirmHold={() => void confirmHold(item)}
                onCheckin={() => setCheckingIn(item)}
              />
            ))}
          </View>
        )}
      </RemoteView>

      <ConfirmDialog
        open={cancelling !== null}
        title={cancelling ? CANCEL_WORDS[cancelKind(cancelling.booking)].title : ''}
        confirmText={cancelling ? CANCEL_WORDS[cancelKind(cancelling.booking)].button : ''}
        danger
        busy={busy}
        onConfirm={() => cancelling && void cancel(cancelling)}
        onCancel={() => setCancelling(null)}
      >
        {cancelling ? <CancelWarning item={cancelling} now={now} /> : null}
      </ConfirmDialog>

      {checkingIn ? (
        <CheckinSheet sessionId={checkingIn.session._id} title={checkingIn.session.title} onClose={() => setCheckingIn(null)} onDone={checkedIn} />
      ) : null}
    </PageShell>
  )
}

/** What giving up a booking is called: a seat is cancelled, a waitlist or lottery is left, a held seat declined. */
type CancelKind = 'seat' | 'waitlist' | 'lottery' | 'hold'

function cancelKind(booking: Booking): CancelKind {
  if (booking.status === 'waitlisted') return booking.lottery === 'entered' ? 'lottery' : 'waitlist'
  if (booking.status === 'held') return 'hold'
  return 'seat'
}

/** The dialog's title and button, the banner's verb, and the undo that follows. */
const CANCEL_WORDS: Record<CancelKind, { title: string; button: string; done: string; again: string }> = {
  seat: { title: '取消预约？', button: '取消预约', done: '已取消', again: '重新预约' },
  waitlist: { title: '退出候补？', button: '退出候补', done: '已退出候补', again: '重新排队' },
  lottery: { title: '退出抽签？', button: '退出抽签', done: '已退出抽签', again: '重新报名' },
  hold: { title: '放弃保留的名额？', button: '放弃名额', done: '已放弃保留的名额', again: '重新预约' }
}

/** What cancelling this booking means, with the late-cancel warning when the free deadline has passed. */
function CancelWarning({ item, now }: { item: MyBookingItem; now: number }) {
  const { booking, session } = item
  const when = `「${session.title}」${formatRange(session.startAt, session.endAt)}`
  if (booking.status === 'confirmed' && isLateCancel(session.cancelDeadlineAt, now)) {
    return (
      <View>
        <View>{when}</View>
        <View className='cancel-warning cancel-warning--late' id='cancel-late-warning'>
          {`已过免费取消时间（${formatDateTime(session.cancelDeadlineAt)}）。现在取消算一次迟到取消，记半次爽约；空出的名额如果被别人补上就不计。`}
        </View>
      </View>
    )
  }
  const detail =
    booking.status === 'confirmed'
      ? `${formatDateTime(session.cancelDeadlineAt)} 前取消不影响以后预约，名额会让给候补的人。`
      : booking.status === 'held'
        ? '放弃后这个名额会顺延给下一位候补。'
        : '退出后位置不再保留，之后再加入要重新排队。'
  return (
    <View>
      <View>{when}</View>
      <View className='cancel-warning'>{detail}</View>
    </View>
  )
}

interface BookingItemProps {
  item: MyBookingItem
  now: number
  venue?: CourseVenue
  busy: boolean
  guard: TapGuard
  onCancel: () => void
  onConfirmHold: () => void
  onCheckin: () => void
}

function BookingItem({ item, now, venue, busy, guard, onCancel, onConfirmHold, onCheckin }: BookingItemProps) {
  const { booking, session } = item
  const active = isActive(booking.status) && session.status !== 'cancelled'
  const checkin = checkinWindow(session.startAt)
  const canCheckin = active && now >= checkin.opensAt && now < checkin.closesAt
  const canCancel = active && now < session.startAt
  const held = booking.status === 'held' && booking.holdUntilAt !== undefined && booking.holdUntilAt > now
  return (
    <View
      className={`booking-item booking-item--${booking.status}`}
      id={`booking-${session._id}`}
      data-booking-id={booking._id}
      data-session-id={session._id}
      data-course-id={session.courseId}
      data-status={booking.status}
    >
      <View
        className='booking-item__head'
        aria-role='link'
        onClick={() => void Taro.navigateTo({ url: courseDetailUrl({ courseId: session.courseId }) })}
      >
        <Text className='booking-item__title'>{session.title}</Text>
        <Text className={`booking-item__status booking-item__status--${booking.status}`}>{bookingLabel(booking)}</Text>
      </View>
      <View className='booking-item__line'>{formatRange(session.startAt, session.endAt)}</View>
      {venue && item.group === 'upcoming' && active ? (
        <VenueLine venue={venue} idPrefix={`booking-venue-${session._id}`} compact />
      ) : venue ? (
        <View className='booking-item__line booking-item__muted'>{placeName(venue)}</View>
      ) : null}
      {session.status === 'cancelled' ? (
        <View className='booking-item__notice'>{`这节课已取消${session.cancelReason ? `：${session.cancelReason}` : ''}`}</View>
      ) : null}
      {held ? (
        <View className='booking-item__notice booking-item__hold' aria-live='polite'>
          {`有人取消，为你保留了一个名额，请在 ${countdown(booking.holdUntilAt as number, now)} 内确认，过时顺延给下一位。`}
        </View>
      ) : null}
      {booking.status === 'waitlisted' && booking.lottery === 'entered' && session.drawAt !== undefined ? (
        <View className='booking-item__muted'>{`${formatDateTime(session.drawAt)} 抽签`}</View>
      ) : null}
      {held || canCheckin || canCancel ? (
        <View className='booking-item__actions'>
          {canCancel ? (
            <Button fill='outline' className='booking-item__button booking-cancel' disabled={busy} onClick={guard(onCancel)}>
              {CANCEL_WORDS[cancelKind(booking)].button}
            </Button>
          ) : null}
          {canCheckin ? (
            <Button type='primary' className='booking-item__button booking-checkin' disabled={busy} onClick={guard(onCheckin)}>
              签到
            </Button>
          ) : null}
          {held ? (
            <Button type='primary' className='booking-item__button booking-confirm-hold' disabled={busy} onClick={guard(onConfirmHold)}>
              确认占位
            </Button>
          ) : null}
        </View>
      ) : null}
    </View>
  )
}
