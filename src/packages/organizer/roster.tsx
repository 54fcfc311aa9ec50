/**
 * The roster of one session for its organizer, shaped for the door: one count line (from core's rosterCounts, the
 * same rule as the session card), a name search, and people grouped as 已预约 / 抽签报名 / 候补 / 已取消 — those still
 * expected first. 到场 is offered once check-in opens and 未到 once the class has started (core's attendanceMarks;
 * the function refuses the same). A row never moves while the page is in front, so a second tap cannot land on a
 * neighbour: the order first shown is kept (keepOrder) until the organizer pulls to refresh or comes back. Each active
 * strike has 原谅. The marking and forgiving happen here; the session page hands over its roster data. At a volunteer
 * activity under way or over, someone present has 签退, which records their hours (course.checkOut).
 */
import { useRef, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { USER_GROUP_LABELS, type RosterEntry, type RosterOutput, type RosterStrike } from '@core/api'
import { hoursOf, keepOrder, rosterCounts, rosterMatches, rosterSection, type RosterSection } from '@core/booking'
import { formatDate, formatTime } from '@core/time'
import { BOOKING_STATUS_LABELS } from '@/booking/present'
import { call } from '@/cloud/call'
import type { RemoteHandle } from '@/cloud/use-remote'
import { EmptyView } from '@/components/state-view'
import { alertFail } from '@/platform/feedback'
import './roster.scss'

const SECTIONS: readonly { key: RosterSection; title: string }[] = [
  { key: 'class', title: '已预约' },
  { key: 'lottery', title: '抽签报名' },
  { key: 'waitlist', title: '候补' },
  { key: 'left', title: '已取消' }
]

/** `atDoor`: check-in has opened, so a seat nobody has claimed yet reads as still to come. */
function entryStatus(e: RosterEntry, atDoor: boolean): string {
  if (e.status === 'attended' && e.checkedOutAt !== undefined) {
    return `已签退 ${formatTime(e.checkedOutAt)} · ${hoursOf(e.volunteerMinutes ?? 0)} 小时`
  }
  if (e.status === 'attended') return `${e.walkIn ? '现场签到' : '已签到'}${e.checkedInAt !== undefined ? ` ${formatTime(e.checkedInAt)}` : ''}`
  if (e.status === 'waitlisted') return e.lottery === 'entered' ? '抽签报名' : `候补第${e.position ?? '-'}位`
  if (e.status === 'held') return `保留中${e.holdUntilAt !== undefined ? `，${formatTime(e.holdUntilAt)} 前确认` : ''}`
  if (e.status === 'confirmed' && atDoor) return '待签到'
  if (e.status === 'cancelled' && e.lateCancel) return '迟到取消'
  return BOOKING_STATUS_LABELS[e.status]
}

const STRIKE_LABELS: Record<RosterStrike['kind'], string> = { no_show: '爽约', late_cancel: '临时取消' }

const sameOrder = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((id, i) => id === b[i])

export interface RosterProps {
  sessionId: string
  items: RosterEntry[]
  /** Which marks may be made now (core attendanceMarks). */
  marks: { present: boolean; absent: boolean }
  roster: Pick<RemoteHandle<RosterOutput>, 'update' | 'reload'>
  /** A volunteer activity that has started: people present can be checked out (签退). */
  checkOut?: boolean
}

export default function Roster({ sessionId, items, marks, roster, checkOut = false }: RosterProps) {
  const [marking, setMarking] = useState<string | null>(null)
  const [forgiving, setForgiving] = useState<string | null>(null)
  const [query, setQuery] = useState('')
  // Taps arriving while a mark is on its way (a fast double-tap) are dropped: state would only catch up a render later.
  const busy = useRef(false)

  // The order the page has shown; adopted while rendering so a reload never paints rows in a new order first.
  const [order, setOrder] = useState<string[]>([])
  const ordered = keepOrder(order, items)
  const shownIds = ordered.map((e) => e.bookingId)
  if (!sameOrder(order, shownIds)) setOrder(shownIds)
  // Coming back or pulling down asks for a fresh look: the door order again (who is still expected first).
  useDidShow(() => setOrder([]))
  usePullDownRefresh(() => setOrder([]))

  const mark = async (entry: RosterEntry, attended: boolean) => {
    if (busy.current) return
    busy.current = true
    setMarking(entry.openid)
    const res = await call('course', 'markAttendance', { sessionId, openid: entry.openid, attended })
    busy.current = false
    setMarking(null)
    if (!res.ok) return alertFail('没能标记', res)
    // The entry comes back without strikes: keep the shown ones, then reload, since a correction can settle strikes again.
    roster.update((d) => ({
      ...d,
      items: d.items.map((e) => (e.openid === entry.openid ? { ...res.data.entry, strikes: e.strikes } : e))
    }))
    void roster.reload()
  }

  const checkOutOne = async (entry: RosterEntry) => {
    if (busy.current) return
    busy.current = true
    setMarking(entry.openid)
    const res = await call('course', 'checkOut', { sessionId, openid: entry.openid })
    busy.current = false
    setMarking(null)
    if (!res.ok) return alertFail('没能签退', res)
    void Taro.showToast({ title: `已签退，记录 ${hoursOf(res.data.entry.volunteerMinutes ?? 0)} 小时`, icon: 'none' })
    roster.update((d) => ({
      ...d,
      items: d.items.map((e) => (e.openid === entry.openid ? { ...res.data.entry, strikes: e.strikes } : e))
    }))
  }

  const forgive = async (strike: RosterStrike) => {
    setForgiving(strike._id)
    const res = await call('course', 'forgiveStrike', { strikeId: strike._id })
    setForgiving(null)
    if (!res.ok) return alertFail('没能原谅', res)
    void Taro.showToast({ title: '已原谅，不再计入', icon: 'none' })
    await roster.reload()
  }

  if (items.length === 0) return <EmptyView title='还没有人预约' description='有人预约后，名单和签到情况会显示在这里。' />
  const counts = rosterCounts(items)
  const found = ordered.filter((e) => rosterMatches(e, query))
  const searching = query.trim() !== ''
  return (
    <View id='roster'>
      <View className='roster-bar'>
        {marks.present ? (
          <View className='roster-bar__counts' id='roster-counts'>
            {`到场 ${counts.checkedIn} · 未到 ${counts.absent} · 待签到 ${counts.expected}`}
          </View>
        ) : null}
        <Input
          className='form-input roster-bar__search'
          id='roster-search'
          type='text'
          confirmType='search'
          placeholder='搜索昵称'
          value={query}
          onInput={(e) => setQuery(e.detail.value)}
        />
        {searching ? <View className='organizer__muted'>{found.length > 0 ? `找到 ${found.length} 人` : '没有找到这个昵称'}</View> : null}
      </View>
      {SECTIONS.map(({ key, title }) => {
        const entries = found.filter((e) => rosterSection(e) === key)
        if (entries.length === 0) return null
        return (
          <View key={key} className='card roster-group' id={`roster-group-${key}`}>
            <View className='card__title'>{`${title}（${key === 'class' ? counts.booked : counts[key]}）`}</View>
            {entries.map((e) => (
              <RosterRow
                key={e.bookingId}
                entry={e}
                atDoor={marks.present}
                marks={key === 'class' ? marks : { present: false, absent: false }}
                volunteer={checkOut && key === 'class'}
                marking={marking === e.openid}
                forgiving={forgiving}
                onMark={(attended) => void mark(e, attended)}
                onCheckOut={() => void checkOutOne(e)}
                onForgive={(s) => void forgive(s)}
              />
            ))}
          </View>
        )
      })}
    </View>
  )
}

interface RosterRowProps {
  entry: RosterEntry
  atDoor: boolean
  marks: { present: boolean; absent: boolean }
  /** A volunteer activity under way or over: present people get 签退 (until checked out) and never 未到. */
  volunteer: boolean
  marking: boolean
  forgiving: string | null
  onMark: (attended: boolean) => void
  onCheckOut: () => void
  onForgive: (strike: RosterStrike) => void
}

function RosterRow({ entry: e, atDoor, marks, volunteer, marking, forgiving, onMark, onCheckOut, onForgive }: RosterRowProps) {
  const name = e.nickname || '未设置昵称'
  const present = volunteer && e.status === 'attended'
  const checkOut = present && e.checkedOutAt === undefined
  return (
    <View className='roster-entry' id={`roster-${e.openid}`} data-openid={e.openid} data-status={e.status}>
      <View className='roster-entry__who'>
        <Text className='roster-entry__name'>{name}</Text>
        <Text className='roster-entry__meta'>{[e.group ? USER_GROUP_LABELS[e.group] : '', e.community].filter(Boolean).join(' · ')}</Text>
        <Text className={`roster-entry__status roster-entry__status--${e.status}`}>{entryStatus(e, atDoor)}</Text>
      </View>
      {marks.present || marks.absent || checkOut ? (
        // 到场 sits rightmost and stays put: 未到 appears to its left at the start, never under a thumb on 到场.
        <View className='roster-entry__marks'>
          {checkOut ? (
            <Button className='tap-target roster-checkout' type='success' disabled={marking} aria-label={`${name}签退`} onClick={onCheckOut}>
              签退
            </Button>
          ) : null}
          {/* Someone present at a volunteer activity is not marked absent: 签退 takes 未到's place, and once it is done the
              place stays empty, so the second tap of a hurried double-tap lands on nothing. */}
          {marks.absent && !present ? (
            <Button
              className='tap-target roster-absent'
              type={e.status === 'no_show' ? 'primary' : 'default'}
              disabled={marking}
              aria-label={`${name}未到`}
              onClick={() => onMark(false)}
            >
              未到
            </Button>
          ) : null}
          {marks.present ? (
            <Button
              className='tap-target roster-present'
              type={e.status === 'attended' ? 'primary' : 'default'}
              loading={marking}
              aria-label={`${name}到场`}
              onClick={() => onMark(true)}
            >
              到场
            </Button>
          ) : null}
        </View>
      ) : null}
      {e.strikes?.length ? (
        <View className='roster-entry__strikes'>
          {e.strikes.map((s) => (
            <View key={s._id} className='roster-strike' id={`strike-${s._id}`} data-kind={s.kind}>
              <Text className='roster-strike__text'>{`${formatDate(s.at)} ${STRIKE_LABELS[s.kind]}`}</Text>
              <Button
                className='tap-target roster-forgive'
                loading={forgiving === s._id}
                aria-label={`原谅${name}${formatDate(s.at)}的${STRIKE_LABELS[s.kind]}`}
                onClick={() => onForgive(s)}
              >
                原谅
              </Button>
            </View>
          ))}
        </View>
      ) : null}
    </View>
  )
}
