/**
 * 骑士之星 公示墙: each centre's published stars, newest month first — who, their station, the 先锋指数 and the
 * organizer's citation — with a chip per centre, then how the stars are chosen (rules.tsx). Open to anyone, also
 * before signing in; a message to a new star opens it on their centre. Sharing sends the star on show.
 */
import { useState } from 'react'
import Taro, { useRouter, useShareAppMessage } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { StarAward } from '@core/api/community'
import shareCard from '@/assets/share-card.png'
import { call } from '@/cloud/call'
import { useRefreshing, useRemote } from '@/cloud/use-remote'
import ChipRow from '@/components/chip-row'
import PageShell from '@/components/page-shell'
import RemoteView from '@/components/remote-view'
import StarRules from './rules'
import './stars.scss'
import { monthLabel } from '@core/time'

const ALL = 'all'

async function loadWall() {
  const [wall, centres] = await Promise.all([call('community', 'stars', {}), call('community', 'centres', {})])
  if (!wall.ok) return wall
  if (!centres.ok) return centres
  const names = new Map(centres.data.items.map((c) => [c._id, c.name]))
  return { ok: true as const, data: { items: wall.data.items, names } }
}

export default function StarsWallPage() {
  const { params } = useRouter()
  const remote = useRemote('stars-wall', loadWall)
  useRefreshing(remote)
  const [venue, setVenue] = useState(params.venueId ?? ALL)
  const shown = (remote.data?.items ?? []).filter((s) => venue === ALL || s.venueId === venue)
  const names = remote.data?.names
  const top = shown[0]

  useShareAppMessage(() => ({
    title: top ? `${monthLabel(top.month)}骑士之星：${top.name}（${names?.get(top.venueId) ?? ''}）` : '骑士之星 · 新就业群体党员先锋',
    path: `/packages/stars/index${venue === ALL ? '' : `?venueId=${encodeURIComponent(venue)}`}`,
    imageUrl: shareCard
  }))

  return (
    <PageShell className='stars'>
      <View className='stars__hero'>
        <View className='stars__hero-title'>骑士之星</View>
        <View className='stars__hero-text'>党员骑手立足岗位、敬业奉献，每月由企业和社区双评分，量化「先锋指数」评选。</View>
        <Button className='tap-target stars__mine' id='stars-mine' onClick={() => void Taro.navigateTo({ url: '/packages/stars/mine' })}>
          我的先锋指数 ›
        </Button>
      </View>
      <RemoteView remote={remote} rows={4}>
        {({ items }) => {
          const venues = [...new Set(items.map((s) => s.venueId))]
          return (
            <>
              {venues.length > 1 ? (
                <ChipRow
                  className='stars__venues'
                  label='服务中心'
                  kind='radio'
                  chips={[
                    { key: ALL, label: '全部', id: 'stars-venue-all', on: venue === ALL },
                    ...venues.map((v) => ({ key: v, label: names?.get(v) ?? v, id: `stars-venue-${v}`, on: venue === v }))
                  ]}
                  onTap={setVenue}
                />
              ) : null}
              {shown.length === 0 ? (
                <View className='card card__text' id='stars-empty'>
                  这里还没有公布的骑士之星，每月评选结果公布后会出现在这里。
                </View>
              ) : (
                <View id='stars-list'>
                  {shown.map((star) => (
                    <StarCard key={star._id} star={star} centre={names?.get(star.venueId) ?? ''} />
                  ))}
                </View>
              )}
            </>
          )
        }}
      </RemoteView>
      <StarRules />
    </PageShell>
  )
}

function StarCard({ star, centre }: { star: StarAward; centre: string }) {
  return (
    <View className='card star-card' id={`star-${star._id}`}>
      <View className='star-card__head'>
        <Text className='star-card__month'>{`${monthLabel(star.month)} · ${centre}`}</Text>
        <Text className='star-card__badge'>骑士之星</Text>
      </View>
      <View className='star-card__body'>
        <View className='star-card__who'>
          <View className='star-card__name'>{star.name}</View>
          <View className='star-card__station'>{star.station}</View>
        </View>
        <View className='star-card__index'>
          {star.index}
          <Text className='star-card__index-label'>先锋指数</Text>
        </View>
      </View>
      <View className='star-card__citation'>{star.citation}</View>
      <View className='star-card__parts'>{`企业评分 ${star.enterpriseScore} · 社区评分 ${star.communityScore} · 活动分 ${star.activityPoints}`}</View>
    </View>
  )
}
