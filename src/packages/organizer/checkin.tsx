/**
 * The check-in screen the organizer shows at the door: the session's 6-digit code and its QR, replaced every minute
 * (at `refreshAt`) — people scan it on weapp or type the digits. Valid from 15 min before to 15 min after the start.
 */
import { useEffect } from 'react'
import Taro, { useDidHide, useDidShow } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import type { CheckinCodeOutput } from '@core/api'
import { formatTime } from '@core/time'
import { call } from '@/cloud/call'
import { useRemote } from '@/cloud/use-remote'
import RemoteView from '@/components/remote-view'
import { countdown, useNow } from '@/hooks/use-now'
import CheckinQr from './checkin-qr'
import OrganizerPage, { type RouteNeeds } from './organizer-page'
import './checkin.scss'

const NEEDS: RouteNeeds<'sessionId'> = { params: ['sessionId'], missing: { title: '没有找到这节课', description: '请从课次名单页进入。' } }

export default function CheckinPage() {
  return (
    <OrganizerPage className='checkin-page' needs={NEEDS}>
      {({ params }) => <CheckinScreen sessionId={params.sessionId} />}
    </OrganizerPage>
  )
}

function CheckinScreen({ sessionId }: { sessionId: string }) {
  const remote = useRemote(sessionId, () => call('course', 'checkinCode', { sessionId }))
  const now = useNow(1000)
  const refreshAt = remote.data?.refreshAt
  const due = refreshAt !== undefined && now >= refreshAt

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

  // A new code every period: fetch it as soon as the current one is due (the old one stays valid a little longer).
  const { reload } = remote
  useEffect(() => {
    if (due) void reload()
  }, [due, reload])

  return <RemoteView remote={remote} rows={4}>{(code) => <CodeCard code={code} now={now} due={due} />}</RemoteView>
}

function CodeCard({ code: c, now, due }: { code: CheckinCodeOutput; now: number; due: boolean }) {
  const span = `${formatTime(c.opensAt)}–${formatTime(c.closesAt)}`
  return (
    <View className='card checkin-screen'>
      <Text className='checkin-screen__title'>扫码或输入签到码</Text>
      <Text className='organizer__muted'>{`签到时间 ${span}`}</Text>
      {now < c.opensAt ? <Text className='organizer__error'>{`签到还没开始，${formatTime(c.opensAt)} 起学员可以签到`}</Text> : null}
      {now >= c.closesAt ? <Text className='organizer__error'>签到已结束</Text> : null}
      <CheckinQr payload={c.payload} label={`签到二维码，签到码 ${c.code}`} />
      <Text className='checkin-screen__code' id='checkin-code-value' aria-label={`签到码 ${c.code.split('').join(' ')}`}>
        {c.code}
      </Text>
      <Text className='organizer__muted' id='checkin-refresh'>
        {due ? '正在换新码…' : `${countdown(c.refreshAt, now)} 后换新码`}
      </Text>
    </View>
  )
}
