/**
 * A quiet 提醒 button for the service's subscribe messages (订阅消息): WeChat sends one message per acceptance of a
 * one-time template, so each tap the person accepts allows one more, and the `service` function counts it (action
 * subscribe). It shows only where it can be kept — the platform can ask (not in a browser) and the template is
 * configured — so it never promises a message that cannot come.
 */
import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { MatchingTemplate } from '@core/matching'
import { call } from '@/cloud/call'
import { alertFail } from '@/platform/feedback'
import { serviceSubscriptions } from '@/platform/subscribe'
import './index.scss'

/** What the person is told after accepting, with how many messages are now on their account. */
const ACCEPTED: Readonly<Record<MatchingTemplate, (left: number) => string>> = {
  needProgress: (left) => `需求有新进度时会提醒你（还可提醒${left}次）`,
  referralTask: (left) => `有新转介时会提醒你（还可提醒${left}次）`
}

export interface RemindButtonProps {
  kind: MatchingTemplate
  label: string
  id: string
  /** The page's arrival guard, so a leftover tap does not open WeChat's prompt. */
  guard?: <A extends unknown[]>(handler: (...args: A) => void) => (...args: A) => void
}

export default function RemindButton({ kind, label, id, guard = (handler) => handler }: RemindButtonProps) {
  const [askable, setAskable] = useState(false)
  const [busy, setBusy] = useState(false)
  useEffect(() => {
    let live = true
    void serviceSubscriptions.prepare([kind]).then((ok) => live && setAskable(ok))
    return () => {
      live = false
    }
  }, [kind])
  if (!askable) return null

  const remind = async () => {
    if (busy) return
    setBusy(true)
    // Straight from the tap: WeChat shows its prompt only for a user gesture. A refusal just leaves things as they were.
    const accepted = await serviceSubscriptions.request([kind])
    if (accepted.length === 0) {
      setBusy(false)
      return
    }
    const res = await call('service', 'subscribe', { kinds: accepted })
    setBusy(false)
    if (!res.ok) alertFail('没能开启提醒', res)
    else void Taro.showToast({ title: ACCEPTED[kind](res.data.left[kind]), icon: 'none' })
  }

  return (
    <View className='remind-button'>
      <Button className='tap-target remind-button__button' fill='none' id={id} loading={busy} onClick={guard(() => void remind())}>
        {label}
      </Button>
    </View>
  )
}
