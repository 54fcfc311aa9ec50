/**
 * 中心数据, the public board: the centres' live figures as anyone may see them — needs heard, solved, activities held,
 * services listed, resources, people served by group, needs by category, how long until a first referral and until a
 * solution, and how often providers accept. Cells under 5 are hidden by the function (scope public) and said as
 * "少于 5", so no one can be picked out of a small group. A chip row narrows it to one centre.
 */
import { useState } from 'react'
import { useShareAppMessage } from '@tarojs/taro'
import { ScrollView, Text, View } from '@tarojs/components'
import type { StatsOutput } from '@core/api/service'
import shareCard from '@/assets/share-card.png'
import { call } from '@/cloud/call'
import { useRefreshing, useRemote } from '@/cloud/use-remote'
import ChipRow from '@/components/chip-row'
import PageShell from '@/components/page-shell'
import RemoteView from '@/components/remote-view'
import FigureChart from './figure-chart'
import './board.scss'

/** A count as shown: a hidden small cell reads "少于 5". */
const countText = (count: number | null): string => (count === null ? '少于 5' : String(count))
const hoursText = (hours: number | null): string => (hours === null ? '数据还不够' : hours < 48 ? `${hours} 小时` : `${Math.round(hours / 24)} 天`)
const rateText = (rate: number | null): string => (rate === null ? '数据还不够' : `${Math.round(rate * 100)}%`)

export default function BoardPage() {
  const [venueId, setVenueId] = useState<string | null>(null)
  const venues = useRemote('board-venues', () => call('course', 'listVenues', {}))
  const stats = useRemote(`board-${venueId ?? 'all'}`, () => call('service', 'stats', venueId ? { venueId, scope: 'public' } : { scope: 'public' }))
  useRefreshing(stats)
  useShareAppMessage(() => ({ title: '友邻空间 · 解决了多少需求', path: '/packages/service/board', imageUrl: shareCard }))

  return (
    <PageShell className='board'>
      {venues.data && venues.data.items.length > 1 ? (
        <ScrollView scrollX enhanced showScrollbar={false} className='board__chips' id='board-venues'>
          <View className='board__chips-row'>
            <ChipRow
              inline
              label='服务中心'
              kind='radio'
              chips={[{ key: '', label: '全部中心', id: 'board-venue-all', on: venueId === null }, ...venues.data.items.map((v) => ({ key: v._id, label: v.name, id: `board-venue-${v._id}`, on: venueId === v._id }))]}
              onTap={(key) => setVenueId(key || null)}
            />
          </View>
        </ScrollView>
      ) : null}
      <RemoteView remote={stats} rows={8}>
        {(figures) => <Figures figures={figures} />}
      </RemoteView>
    </PageShell>
  )
}

function Figures({ figures: f }: { figures: StatsOutput }) {
  const tiles = [
    { id: 'needs-solved', label: '需求得到解决', value: f.needsSolved },
    { id: 'activities', label: '场活动', value: f.activitiesHeld },
    { id: 'services', label: '项服务', value: f.services },
    { id: 'needs', label: '条需求', value: f.needs },
    { id: 'need-items', label: '个需求清单', value: f.needItems },
    { id: 'resources', label: '个资源清单', value: f.resources }
  ]
  return (
    <View id='board-figures'>
      <View className='board__tiles'>
        {tiles.map((t) => (
          <View key={t.id} className='board__tile' id={`board-${t.id}`}>
            <Text className='board__number'>{t.value}</Text>
            <Text className='board__label'>{t.label}</Text>
          </View>
        ))}
      </View>

      <View className='card' id='board-served'>
        <View className='card__title'>{`服务了哪些人（共 ${countText(f.peopleServedTotal)} 人）`}</View>
        <FigureChart id='board-chart-served' label='按人群统计的服务人数' bars={f.peopleServed.map((b) => ({ label: b.label, count: b.count }))} />
        <Breakdown rows={f.peopleServed} />
      </View>

      <View className='card' id='board-categories'>
        <View className='card__title'>大家需要什么</View>
        <FigureChart id='board-chart-categories' label='按类别统计的需求数' bars={f.needsByCategory.map((b) => ({ label: b.label, count: b.count }))} />
        <Breakdown rows={f.needsByCategory} />
      </View>

      <View className='card' id='board-speed'>
        <View className='card__title'>跟进得怎么样</View>
        <Line label='提出到第一次转介（中位数）' text={hoursText(f.medianHoursToFirstReferral)} />
        <Line label='提出到解决（中位数）' text={hoursText(f.medianHoursToResolution)} />
        <Line label='服务方接收转介' text={rateText(f.acceptanceRate)} />
        <Line label='因名额已满婉拒' text={rateText(f.noCapacityRate)} />
      </View>
      {f.suppressed ? <View className='board__note'>为保护个人信息，少于 5 人的数字不单独显示。</View> : null}
    </View>
  )
}

function Breakdown({ rows }: { rows: { key: string; label: string; count: number | null }[] }) {
  return (
    <View className='board__table'>
      {rows.map((r) => (
        <View key={r.key} className='board__row'>
          <Text className='board__row-label'>{r.label}</Text>
          <Text className='board__row-count'>{countText(r.count)}</Text>
        </View>
      ))}
    </View>
  )
}

function Line({ label, text }: { label: string; text: string }) {
  return (
    <View className='board__row'>
      <Text className='board__row-label'>{label}</Text>
      <Text className='board__row-count'>{text}</Text>
    </View>
  )
}
