/**
 * 企业评分: a station manager (role scorer) scores their own party-member riders for the month, the enterprise side
 * of the 骑士之星 evaluation. Only their riders are listed (the function answers nothing else); each row says whether
 * it is scored and opens the criteria to score or correct. In a month's last days last month is still open too, so
 * a late scorer can catch up. Everyone else sees a clear 无权限.
 */
import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { MyStarRidersOutput, SideScores } from '@core/api/community'
import { monthLabel } from '@core/time'
import { hasRole } from '@core/user'
import { call } from '@/cloud/call'
import { useRefreshing, useRemote } from '@/cloud/use-remote'
import RemoteView from '@/components/remote-view'
import { useArrivalGuard } from '@/hooks/use-arrival-guard'
import { useStarMonth } from './month-picker'
import OrganizerPage, { type Admission } from './organizer-page'
import StarScoreForm from './stars-score-form'
import './stars-pages.scss'

type Rider = MyStarRidersOutput['items'][number]

/** Station managers score their own riders; the function checks the role again (and the riders are theirs). */
const SCORERS: Admission = {
  admits: (profile) => hasRole(profile, 'scorer'),
  who: '评分人',
  refusal: '企业评分仅向站点站长开放。如需开通，请联系所在片区的党群服务中心。',
  back: { label: '返回我的', url: '/pages/me/index' }
}

export default function StarsScorePage() {
  return (
    <OrganizerPage className='stars-score' admits={SCORERS}>
      {() => <ScoreList />}
    </OrganizerPage>
  )
}

function ScoreList() {
  const { month, picker } = useStarMonth({ label: '评分月份', idPrefix: 'score-month' })
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
      {picker}
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
