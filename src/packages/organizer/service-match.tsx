/**
 * 需求匹配 (管理端): 开始匹配 runs the function's matching over the centre's matchable needs (nothing is written), and
 * shows each proposal as a person would judge it — the need, the service, and the reasons in words ("同属法律咨询 ·
 * 800 米 · 周六 9–11 点可约 · 余 3 名额") — all chosen, so a glance and one tap sends them. 发出转介 confirms the chosen
 * ones; a pair that stopped being valid meanwhile (need moved on, service full) comes back as skipped, with why. Needs
 * no service could take are listed under the proposals with the reason.
 *
 * The confirm button is off while a confirm runs, and a confirmed run is cleared: a hurried second tap sends nothing
 * twice (the function's referral ids are per need and service as well). 新转介提醒我 (in WeChat only) lets one more
 * 待办事项 message (a decline, a referral that did not help) through each time it is accepted.
 */
import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { ConfirmProposalsOutput, MatchOutput } from '@core/api/service'
import { call } from '@/cloud/call'
import RemindButton from '@/components/remind-button'
import { useArrivalGuard } from '@/hooks/use-arrival-guard'
import { alertFail } from '@/platform/feedback'
import OrganizerPage from './organizer-page'
import { useServiceVenue } from './service-venue'
import './service-pages.scss'

const pairKey = (p: { needId: string; serviceId: string }) => `${p.needId}|${p.serviceId}`

export default function ServiceMatchPage() {
  return <OrganizerPage className='service-page'>{() => <Matching />}</OrganizerPage>
}

function Matching() {
  const { venueId, picker } = useServiceVenue()
  const [run, setRun] = useState<MatchOutput | null>(null)
  const [chosen, setChosen] = useState<Set<string>>(new Set())
  const [busy, setBusy] = useState<'match' | 'confirm' | null>(null)
  const [sent, setSent] = useState<ConfirmProposalsOutput | null>(null)
  const guard = useArrivalGuard(`${run ? 'run' : 'none'}-${sent ? 'sent' : 'open'}`)

  const match = async () => {
    if (!venueId || busy) return
    setBusy('match')
    setSent(null)
    const res = await call('service', 'match', { venueId })
    setBusy(null)
    if (!res.ok) {
      alertFail('没能匹配', res)
      return
    }
    setRun(res.data)
    setChosen(new Set(res.data.proposals.map(pairKey)))
  }
  const confirm = async () => {
    if (!venueId || !run || busy) return
    const proposals = run.proposals.filter((p) => chosen.has(pairKey(p))).map(({ needId, serviceId }) => ({ needId, serviceId }))
    if (proposals.length === 0) return
    setBusy('confirm')
    const res = await call('service', 'confirmProposals', { venueId, proposals })
    setBusy(null)
    if (!res.ok) {
      alertFail('没能发出转介', res)
      return
    }
    setSent(res.data)
    setRun(null)
    setChosen(new Set())
  }
  const toggle = (key: string) =>
    setChosen((current) => {
      const next = new Set(current)
      if (next.has(key)) next.delete(key)
      else next.add(key)
      return next
    })

  return (
    <>
      {picker}
      <View className='card' id='match-intro'>
        <View className='card__title'>为已受理的需求对接服务</View>
        <View className='card__text'>先看建议，不合适的取消勾选，再发出转介。服务方接收或婉拒后，需求进度会通知到本人。</View>
        <View className='organizer__actions'>
          <Button className='tap-target' type='primary' id='match-run' disabled={!venueId} loading={busy === 'match'} onClick={guard(() => void match())}>
            {run ? '重新匹配' : '开始匹配'}
          </Button>
        </View>
        <RemindButton kind='referralTask' label='新转介提醒我' id='match-remind' guard={guard} />
      </View>

      {sent ? (
        <View className='card service-sent' id='match-sent'>
          <View className='card__title'>{`已发出 ${sent.referrals.length} 条转介`}</View>
          {sent.skipped.map((s) => (
            <View key={pairKey(s)} className='organizer__error'>
              {s.reason}
            </View>
          ))}
        </View>
      ) : null}

      {run ? (
        <View id='match-result'>
          <View className='organizer__section'>{`${run.needs} 条需求，${run.served} 条有建议`}</View>
          {run.proposals.length === 0 ? <View className='card card__text'>这一轮没有可对接的服务。</View> : null}
          {run.proposals.map((p) => {
            const key = pairKey(p)
            const on = chosen.has(key)
            return (
              <View
                key={key}
                className={`card service-proposal${on ? ' service-proposal--on' : ''}`}
                id={`proposal-${p.needId}`}
                data-service-id={p.serviceId}
                aria-role='checkbox'
                aria-checked={on}
                onClick={() => toggle(key)}
              >
                <View className='service-proposal__head'>
                  <Text className='service-proposal__check'>{on ? '✓' : ''}</Text>
                  <Text className='service-proposal__category'>{p.categoryLabel}</Text>
                  <Text className='service-proposal__score'>{`${Math.round(p.score * 100)} 分`}</Text>
                </View>
                <View className='service-proposal__need'>{p.needText}</View>
                <View className='service-proposal__service'>{`→ ${p.serviceTitle}`}</View>
                <View className='service-proposal__reasons'>{p.reasonLine}</View>
              </View>
            )
          })}
          {run.unmatched.length > 0 ? (
            <View id='match-unmatched'>
              <View className='organizer__section'>{`暂时没有合适服务（${run.unmatched.length}）`}</View>
              {run.unmatched.map((u) => (
                <View key={u.needId} className='org-row' id={`unmatched-${u.needId}`}>
                  <View className='org-row__main'>
                    <Text className='org-row__sub'>{u.reason}</Text>
                  </View>
                </View>
              ))}
            </View>
          ) : null}
          {run.proposals.length > 0 ? (
            <View className='service-page__bar'>
              <Button
                className='tap-target service-page__bar-button'
                type='primary'
                id='match-confirm'
                disabled={chosen.size === 0}
                loading={busy === 'confirm'}
                onClick={guard(() => void confirm())}
              >
                {`发出转介（${chosen.size}）`}
              </Button>
            </View>
          ) : null}
        </View>
      ) : null}
    </>
  )
}

