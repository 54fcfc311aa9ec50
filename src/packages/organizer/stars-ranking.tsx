/**
 * 骑士之星 of a centre (organizers): the month's ranking by 先锋指数 — each rider's enterprise and community scores, the
 * activity points and the index, computed by the function with core's formula — the community side scored right
 * here, and the month's star chosen and published with a citation, after a confirmation that says what is published
 * and whether a side is still unscored (then it goes out on the organizer's word). Once published the star heads the
 * page and the month's scores are fixed. The centre is the organizer's (chips for an admin or several centres).
 */
import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { RankingRow, SideScores, StarAward } from '@core/api/community'
import { CITATION_MAX } from '@core/api/community'
import { monthLabel } from '@core/time'
import { call } from '@/cloud/call'
import { useRefreshing, useRemote } from '@/cloud/use-remote'
import ConfirmDialog from '@/components/confirm-dialog'
import RemoteView from '@/components/remote-view'
import { useArrivalGuard } from '@/hooks/use-arrival-guard'
import { alertFail } from '@/platform/feedback'
import { useStarMonth } from './month-picker'
import OrganizerPage from './organizer-page'
import { useServiceVenue } from './service-venue'
import StarScoreForm from './stars-score-form'
import './service-pages.scss'
import './stars-pages.scss'

export default function StarsRankingPage() {
  return <OrganizerPage className='stars-ranking'>{() => <Ranking />}</OrganizerPage>
}

/** What the organizer has open on a row: the community scores, or the citation of the star. */
type Opened = { riderId: string; what: 'score' | 'choose' } | null

function Ranking() {
  const { venueId, venue, picker } = useServiceVenue()
  const { month, picker: monthPicker } = useStarMonth({ label: '评选月份', idPrefix: 'ranking-month' })
  const remote = useRemote(venueId ? `star-ranking-${venueId}-${month}` : null, () => call('community', 'starRanking', { venueId, month }))
  useRefreshing(remote)
  const [opened, setOpened] = useState<Opened>(null)
  const [citation, setCitation] = useState('')
  const [confirming, setConfirming] = useState<RankingRow | null>(null)
  const [busy, setBusy] = useState(false)
  const guard = useArrivalGuard(opened ? `${opened.what}-${opened.riderId}` : 'list')

  const toggle = (riderId: string, what: 'score' | 'choose') =>
    setOpened((o) => (o?.riderId === riderId && o.what === what ? null : { riderId, what }))

  const scored = (riderId: string) => (scores: SideScores) => {
    setOpened(null)
    void Taro.showToast({ title: '已保存', icon: 'success' })
    // The index and the ranks move with the new scores: the function computes them again.
    remote.update((d) => ({ ...d, items: d.items.map((r) => (r.riderId === riderId ? { ...r, community: scores } : r)) }))
    void remote.reload()
  }

  const publish = async () => {
    const rider = confirming
    if (!rider || !venueId || busy) return
    setBusy(true)
    const halfScored = !rider.enterprise || !rider.community
    const res = await call('community', 'publishStar', { venueId, month, riderId: rider.riderId, citation: citation.trim(), ...(halfScored ? { override: true as const } : {}) })
    setBusy(false)
    setConfirming(null)
    if (!res.ok) {
      alertFail('没能发布', res)
      return
    }
    const star: StarAward = res.data.star
    setOpened(null)
    setCitation('')
    remote.update((d) => ({ ...d, star }))
    void Taro.showToast({ title: '已发布', icon: 'success' })
  }

  return (
    <>
      {picker}
      {monthPicker}
      <RemoteView
        remote={remote}
        rows={5}
        empty={{ when: ({ items }) => items.length === 0, title: '本中心还没有参评的党员骑手', description: '骑手由站点站长登记评分后，会出现在排行里。' }}
      >
        {({ items, star, scorable, closedMessage }) => (
          <View id='star-ranking'>
            {star ? <PublishedStar star={star} /> : null}
            {!scorable && closedMessage ? <View className='card card__text'>{closedMessage}</View> : null}
            <View className='organizer__section'>{`${venue?.name ?? ''} ${monthLabel(month)} 先锋指数排行`}</View>
            {items.map((row) => (
              <RankCard
                key={row.riderId}
                row={row}
                month={month}
                open={opened?.riderId === row.riderId ? opened.what : null}
                editable={scorable && !star}
                citation={citation}
                onCitation={setCitation}
                onScore={guard(() => toggle(row.riderId, 'score'))}
                onChoose={guard(() => toggle(row.riderId, 'choose'))}
                onPublish={guard(() => setConfirming(row))}
                onScored={scored(row.riderId)}
              />
            ))}
          </View>
        )}
      </RemoteView>
      <ConfirmDialog
        open={confirming !== null}
        title={`发布${monthLabel(month)}骑士之星？`}
        confirmText='发布'
        busy={busy}
        onConfirm={() => void publish()}
        onCancel={() => setConfirming(null)}
      >
        {confirming
          ? `${confirming.name}（先锋指数 ${confirming.index}）将出现在骑士之星公示墙上，并收到通知。${
              !confirming.enterprise || !confirming.community ? '这位骑手的企业评分或社区评分还没有完成，仍然发布吗？' : ''
            }发布后本月评分不能再修改。`
          : ''}
      </ConfirmDialog>
    </>
  )
}

function PublishedStar({ star }: { star: StarAward }) {
  return (
    <View className='card star-published' id='star-published'>
      <Text className='star-published__label'>{`${monthLabel(star.month)} 骑士之星 · 已发布`}</Text>
      <View className='star-published__name'>{`${star.name} · 先锋指数 ${star.index}`}</View>
      <View className='star-rider__station'>{star.station}</View>
      <View className='star-published__citation'>{star.citation}</View>
    </View>
  )
}

interface RankCardProps {
  row: RankingRow
  month: string
  open: 'score' | 'choose' | null
  editable: boolean
  citation: string
  onCitation: (text: string) => void
  onScore: () => void
  onChoose: () => void
  onPublish: () => void
  onScored: (scores: SideScores) => void
}

function RankCard({ row, month, open, editable, citation, onCitation, onScore, onChoose, onPublish, onScored }: RankCardProps) {
  const parts = [
    `企业 ${row.enterprise ? row.enterpriseScore : '未评'}`,
    `社区 ${row.community ? row.communityScore : '未评'}`,
    `活动 ${row.activityPoints}`
  ]
  return (
    <View className='card star-rank' id={`rank-${row.riderId}`}>
      <View className='star-rank__row'>
        <Text className={`star-rank__rank${row.rank <= 3 ? ' star-rank__rank--top' : ''}`}>{row.rank}</Text>
        <View className='star-rank__main'>
          <View className='star-rider__name'>{row.name}</View>
          <View className='star-rider__station'>{row.station}</View>
        </View>
        <View className='star-rank__index' id={`rank-${row.riderId}-index`}>
          {row.index}
          <Text className='star-rank__index-label'>先锋指数</Text>
        </View>
      </View>
      <View className='star-rank__parts'>
        {parts.map((p) => (
          <Text key={p}>{p}</Text>
        ))}
      </View>
      {editable ? (
        <View className='star-rider__actions'>
          <Button className='tap-target' fill='outline' type='primary' id={`rank-${row.riderId}-score`} onClick={onScore}>
            {open === 'score' ? '收起' : row.community ? '修改社区评分' : '社区评分'}
          </Button>
          <Button className='tap-target' type='primary' fill={open === 'choose' ? 'outline' : 'solid'} id={`rank-${row.riderId}-choose`} onClick={onChoose}>
            {open === 'choose' ? '收起' : '选为骑士之星'}
          </Button>
        </View>
      ) : null}
      {open === 'score' ? <StarScoreForm riderId={row.riderId} month={month} side='community' saved={row.community} onSaved={onScored} /> : null}
      {open === 'choose' ? (
        <View>
          <Textarea
            className='star-textarea star-textarea--long'
            id='star-citation'
            value={citation}
            maxlength={CITATION_MAX}
            placeholder='推荐语：这位骑手本月做了什么（会公示在骑士之星墙上）'
            onInput={(e) => onCitation(e.detail.value)}
          />
          <View className='star-rider__actions'>
            <Button className='tap-target' type='primary' id='star-publish' disabled={citation.trim() === ''} onClick={onPublish}>
              发布骑士之星
            </Button>
          </View>
        </View>
      ) : null}
    </View>
  )
}
