/**
 * 企业评分: a station manager (role scorer) scores their own party-member riders for the month, the enterprise side
 * of the 骑士之星 evaluation. Only their riders are listed (the function answers nothing else); each row says whether
 * it is scored and opens the criteria to score or correct. In a month's last days last month is still open too, so
 * a late scorer can catch up. Everyone else sees a clear 无权限.
 */
import { useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { MyStarRidersOutput, SideScores } from '@core/api/community'
import { scorableMonths } from '@core/community/stars'
import { call } from '@/cloud/call'
import { useRefreshing, useRemote } from '@/cloud/use-remote'
import ChipRow from '@/components/chip-row'
import PageShell from '@/components/page-shell'
import RemoteView from '@/components/remote-view'
import { EmptyView, ErrorView, LoadingView } from '@/components/state-view'
import { useArrivalGuard } from '@/hooks/use-arrival-guard'
import { getSession, signIn, useSession } from '@/session'
import StarScoreForm from './stars-score-form'
import './organizer-page.scss'
import './stars-pages.scss'
import { monthLabel } from '@core/time'

type Rider = MyStarRidersOutput['items'][number]

export default function StarsScorePage() {
  const session = useSession()
  useDidShow(() => {
    if (getSession().status !== 'ready') void signIn()
  })
  let body
  if (session.status === 'idle' || session.status === 'loading') body = <LoadingView />
  else if (session.status === 'needs-consent') body = <EmptyView title='需要你的同意' description='同意隐私保护指引后，才能确认你的评分人身份。' />
  else if (session.status === 'error') body = <ErrorView message={session.error.message} onRetry={() => void signIn()} />
  else if (!session.profile.roles.includes('scorer')) {
    body = (
      <EmptyView title='无权限' description='企业评分仅向站点站长开放。如需开通，请联系所在片区的党群服务中心。'>
        <View className='organizer__back'>
          <Button className='tap-target' onClick={() => void Taro.switchTab({ url: '/pages/me/index' })}>
            返回我的
          </Button>
        </View>
      </EmptyView>
    )
  } else body = <ScoreList />
  return <PageShell className='organizer stars-score'>{body}</PageShell>
}

function ScoreList() {
  const [months] = useState(() => scorableMonths(Date.now()))
  const [month, setMonth] = useState(months[0])
  const remote = useRemote(`star-riders-${month}`, () => call('community', 'myStarRiders', { month }))
  useRefreshing(remote)
  const [open, setOpen] = useState<string | null>(null)
  const guard = useArrivalGuard(open ?? 'list')

  const saved = (riderId: string, scores: SideScores) => {
    remote.update((d) => ({ ...d, items: d.items.map((r) => (r.riderId === riderId ? { ...r, enterprise: scores } : r)) }))
    setOpen(null)
    void Taro.showToast({ title: '已保存', icon: 'success' })
  }

  return (
    <>
      <View className='card'>
        <View className='card__title'>企业评分</View>
        <View className='card__text'>每月为本站点的党员骑手打分，和社区评分、骑手的志愿服务与网格上报一起算出「先锋指数」，评出骑士之星。</View>
      </View>
      {months.length > 1 ? (
        <ChipRow
          className='star-months'
          label='评分月份'
          kind='radio'
          chips={months.map((m) => ({ key: m, label: monthLabel(m), id: `score-month-${m}`, on: m === month }))}
          onTap={setMonth}
        />
      ) : null}
      <RemoteView
        remote={remote}
        rows={4}
        empty={{ when: ({ items }) => items.length === 0, title: '还没有需要您评分的骑手', description: '站点的党员骑手由党群服务中心登记后，会出现在这里。' }}
      >
        {({ items, scorable, closedMessage }) => (
          <View id='star-riders'>
            <View className='organizer__section'>{`${monthLabel(month)} · 已评 ${items.filter((r) => r.enterprise).length}/${items.length}`}</View>
            {!scorable && closedMessage ? <View className='card card__text'>{closedMessage}</View> : null}
            {items.map((rider) => (
              <RiderCard
                key={rider.riderId}
                rider={rider}
                month={month}
                open={open === rider.riderId}
                scorable={scorable}
                onToggle={guard(() => setOpen((o) => (o === rider.riderId ? null : rider.riderId)))}
                onSaved={(scores) => saved(rider.riderId, scores)}
              />
            ))}
          </View>
        )}
      </RemoteView>
    </>
  )
}

interface RiderCardProps {
  rider: Rider
  month: string
  open: boolean
  scorable: boolean
  onToggle: () => void
  onSaved: (scores: SideScores) => void
}

function RiderCard({ rider, month, open, scorable, onToggle, onSaved }: RiderCardProps) {
  return (
    <View className='card star-rider' id={`star-rider-${rider.riderId}`}>
      <View className='star-rider__head'>
        <View>
          <Text className='star-rider__name'>{rider.name}</Text>
          <View className='star-rider__station'>{rider.station}</View>
        </View>
        <Text className={`star-rider__state${rider.enterprise ? ' star-rider__state--done' : ''}`}>
          {rider.enterprise ? `${rider.enterprise.total} 分` : '未评分'}
        </Text>
      </View>
      {scorable ? (
        <View className='star-rider__actions'>
          <Button className='tap-target' fill={open || rider.enterprise ? 'outline' : 'solid'} type='primary' id={`star-score-${rider.riderId}`} onClick={onToggle}>
            {open ? '收起' : rider.enterprise ? '修改评分' : '打分'}
          </Button>
        </View>
      ) : null}
      {open ? <StarScoreForm riderId={rider.riderId} month={month} side='enterprise' saved={rider.enterprise} onSaved={onSaved} /> : null}
    </View>
  )
}
