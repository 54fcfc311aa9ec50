/**
 * The roster of one session for its organizer: people grouped as 已预约 / 抽签报名 / 候补 / 已取消 with their check-in
 * status, 到场 / 未到 marking once check-in has opened, and each active strike with 原谅. The marking and forgiving
 * happen here; the session page only hands over its roster data to update and reload.
 */
import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { USER_GROUP_LABELS, type RosterEntry, type RosterOutput, type RosterStrike } from '@core/api'
import { formatDate, formatTime } from '@core/time'
import { BOOKING_STATUS_LABELS } from '@/booking/present'
import { call } from '@/cloud/call'
import type { RemoteHandle } from '@/cloud/use-remote'
import { EmptyView } from '@/components/state-view'
import { alertFail } from '@/platform/feedback'
import './roster.scss'

type RosterGroup = '已预约' | '抽签报名' | '候补' | '已取消'

const ROSTER_GROUPS: readonly RosterGroup[] = ['已预约', '抽签报名', '候补', '已取消']

function rosterGroup(e: RosterEntry): RosterGroup {
  if (e.status === 'cancelled') return '已取消'
  if (e.status === 'waitlisted') return e.lottery === 'entered' ? '抽签报名' : '候补'
  return '已预约'
}

function entryStatus(e: RosterEntry): string {
  if (e.status === 'attended') return `${e.walkIn ? '现场签到' : '已签到'}${e.checkedInAt !== undefined ? ` ${formatTime(e.checkedInAt)}` : ''}`
  if (e.status === 'waitlisted') return e.lottery === 'entered' ? '抽签报名' : `候补第${e.position ?? '-'}位`
  if (e.status === 'held') return `保留中${e.holdUntilAt !== undefined ? `，${formatTime(e.holdUntilAt)} 前确认` : ''}`
  if (e.status === 'cancelled' && e.lateCancel) return '迟到取消'
  return BOOKING_STATUS_LABELS[e.status]
}

const STRIKE_LABELS: Record<RosterStrike['kind'], string> = { no_show: '爽约', late_cancel: '临时取消' }

export interface RosterProps {
  sessionId: string
  items: RosterEntry[]
  /** Check-in has opened (and the session is not cancelled): attendance can be marked. */
  canMark: boolean
  roster: Pick<RemoteHandle<RosterOutput>, 'update' | 'reload'>
}

export default function Roster({ sessionId, items, canMark, roster }: RosterProps) {
  const [marking, setMarking] = useState<string | null>(null)
  const [forgiving, setForgiving] = useState<string | null>(null)

  const mark = async (entry: RosterEntry, attended: boolean) => {
    setMarking(entry.openid)
    const res = await call('course', 'markAttendance', { sessionId, openid: entry.openid, attended })
    setMarking(null)
    if (!res.ok) return alertFail('没能标记', res)
    // The entry comes back without strikes: keep the shown ones, then reload, since a correction can settle strikes again.
    roster.update((d) => ({
      ...d,
      items: d.items.map((e) => (e.openid === entry.openid ? { ...res.data.entry, strikes: e.strikes } : e))
    }))
    void roster.reload()
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
  const checkedIn = items.filter((e) => e.status === 'attended').length
  return (
    <View id='roster'>
      <View className='organizer__section'>{`名单 · 已签到 ${checkedIn} 人`}</View>
      {ROSTER_GROUPS.map((g) => {
        const entries = items.filter((e) => rosterGroup(e) === g)
        if (entries.length === 0) return null
        return (
          <View key={g} className='card roster-group'>
            <View className='card__title'>{`${g}（${entries.length}）`}</View>
            {entries.map((e) => (
              <View key={e.bookingId} className='roster-entry' id={`roster-${e.openid}`} data-openid={e.openid} data-status={e.status}>
                <View className='roster-entry__who'>
                  <Text className='roster-entry__name'>{e.nickname || '未设置昵称'}</Text>
                  <Text className='roster-entry__meta'>{[e.group ? USER_GROUP_LABELS[e.group] : '', e.community].filter(Boolean).join(' · ')}</Text>
                </View>
                <Text className={`roster-entry__status roster-entry__status--${e.status}`}>{entryStatus(e)}</Text>
                {canMark && g === '已预约' ? (
                  <View className='roster-entry__marks'>
                    <Button
                      size='mini'
                      className='roster-present'
                      type={e.status === 'attended' ? 'primary' : 'default'}
                      loading={marking === e.openid}
                      aria-label={`${e.nickname}到场`}
                      onClick={() => void mark(e, true)}
                    >
                      到场
                    </Button>
                    <Button
                      size='mini'
                      className='roster-absent'
                      type={e.status === 'no_show' ? 'primary' : 'default'}
                      disabled={marking === e.openid}
                      aria-label={`${e.nickname}未到`}
                      onClick={() => void mark(e, false)}
                    >
                      未到
                    </Button>
                  </View>
                ) : null}
                {e.strikes?.length ? (
                  <View className='roster-entry__strikes'>
                    {e.strikes.map((s) => (
                      <View key={s._id} className='roster-strike' id={`strike-${s._id}`} data-kind={s.kind}>
                        <Text className='roster-strike__text'>{`${formatDate(s.at)} ${STRIKE_LABELS[s.kind]}`}</Text>
                        <Button
                          size='mini'
                          className='roster-forgive'
                          loading={forgiving === s._id}
                          aria-label={`原谅${e.nickname}${formatDate(s.at)}的${STRIKE_LABELS[s.kind]}`}
                          onClick={() => void forgive(s)}
                        >
                          原谅
                        </Button>
                      </View>
                    ))}
                  </View>
                ) : null}
              </View>
            ))}
          </View>
        )
      })}
    </View>
  )
}

