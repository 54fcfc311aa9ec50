/**
 * The check-in screen the organizer props up at the door: which class and which day, then — only while check-in is
 * open (15 min before to 15 min after the start) — the 6-digit code and its QR, replaced every minute (at
 * `refreshAt`); people scan it on weapp or type the digits. Before the window it says when the code will appear and
 * shows it by itself at that moment; after, it says check-in is over. The function gives out no code outside the
 * window either, so the screen cannot show one nobody could use.
 */
import { useEffect } from 'react'
import Taro, { useDidHide, useDidShow } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import type { CheckinCodeOutput } from '@core/api'
import { checkinOpensLabel } from '@core/booking'
import { formatRange, formatTime } from '@core/time'
import { call } from '@/cloud/call'
import { useRemote } from '@/cloud/use-remote'
import RemoteView from '@/components/remote-view'
import { countdown, useNow } from '@/hooks/use-now'
import CheckinQr from './checkin-qr'
import OrganizerPage, { type RouteNeeds } from './organizer-page'
import './checkin.scss'

const NEEDS: RouteNeeds<'sessionId'> = { params: ['sessionId'], missing: { title: '没有找到这节课', description: '请从课次名单页进入。' } }

/** How long to wait before asking again when the answer is not the next one yet (this phone's clock runs ahead). */
const ASK_AGAIN_MS = 1000

export default function CheckinPage() {
  return (
    <OrganizerPage className='checkin-page' needs={NEEDS}>
      {({ params }) => <CheckinScreen sessionId={params.sessionId} />}
    </OrganizerPage>
  )
}

/** When what the screen shows changes next: a new code, the window opening or closing; never once it is over. */
function nextChangeAt(c: CheckinCodeOutput | undefined): number | undefined {
  if (!c) return undefined
  if (c.phase === 'not-yet') return c.opensAt
  if (c.phase === 'open') return Math.min(c.refreshAt, c.closesAt)
  return undefined
}

function CheckinScreen({ sessionId }: { sessionId: string }) {
  const remote = useRemote(sessionId, () => call('course', 'checkinCode', { sessionId }))
  const now = useNow(1000)
  const changeAt = nextChangeAt(remote.data)
  const due = changeAt !== undefined && now >= changeAt

  // The phone is propped up at the door: keep the screen on while this page is in front.
  const keepScreenOn = (on: boolean) => {
    if (process.env.TARO_ENV === 'weapp') void Taro.setKeepScreenOn({ keepScreenOn: on }).catch(() => undefined)
  }
  useEffect(() => {
    keepScreenOn(true)
    return () => keepScreenOn(false)
  }, [])
  useDidShow(() => keepScreenOn(true))
  useDidHide(() => keepScreenOn(false))

  // Fetch what comes next once it is due (the old code stays valid a little longer); an answer that is still the old
  // one (each answer is a new object) asks again shortly.
  const { reload, data } = remote
  useEffect(() => {
    if (!due) return undefined
    const timer = setTimeout(() => void reload(), ASK_AGAIN_MS)
    return () => clearTimeout(timer)
  }, [due, data, reload])

  return <RemoteView remote={remote} rows={4}>{(c) => <CheckinCard c={c} now={now} due={due} />}</RemoteView>
}

function CheckinCard({ c, now, due }: { c: CheckinCodeOutput; now: number; due: boolean }) {
  return (
    <View className='card checkin-screen' id='checkin-screen' data-phase={c.phase}>
      <Text className='checkin-screen__class'>{c.title}</Text>
      <Text className='checkin-screen__when' id='checkin-when'>
        {formatRange(c.startAt, c.endAt)}
      </Text>
      {c.phase === 'open' ? (
        <>
          <Text className='checkin-screen__title'>扫码或输入签到码</Text>
          <CheckinQr payload={c.payload} label={`签到二维码，签到码 ${c.code}`} />
          <Text className='checkin-screen__code' id='checkin-code-value' aria-label={`签到码 ${c.code.split('').join(' ')}`}>
            {c.code}
          </Text>
          <Text className='organizer__muted' id='checkin-refresh'>
            {due ? '正在换新码…' : `${countdown(c.refreshAt, now)} 后换新码 · ${formatTime(c.closesAt)} 签到截止`}
          </Text>
        </>
      ) : c.phase === 'not-yet' ? (
        <View className='checkin-screen__state' id='checkin-not-yet'>
          <Text className='checkin-screen__title'>签到还没开始</Text>
          <Text className='checkin-screen__next'>{`${checkinOpensLabel(c.startAt, now)} 起显示签到码`}</Text>
          <Text className='organizer__muted'>到时签到码会自动出现在这里，不用刷新。</Text>
        </View>
      ) : (
        <View className='checkin-screen__state' id='checkin-over'>
          <Text className='checkin-screen__title'>签到已结束</Text>
          <Text className='organizer__muted'>{`${formatTime(c.closesAt)} 已截止。谁到了、谁没到，可以回到名单里改。`}</Text>
        </View>
      )}
    </View>
  )
}
