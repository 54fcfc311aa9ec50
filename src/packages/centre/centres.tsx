/**
 * 服务中心: the directory of the centres the seed names. With the position (asked only on the 离我近 tap, or the one the
 * 服务 tab already got) they come nearest first with the distance; without it, by name. Each row says what a rider
 * decides by on the road: open now (枣林西 never closes), district and street, hours, how far it serves. The row
 * opens the centre's page. The function measures and decides 开放中 (community.centres), so the list reloads on a tap.
 */
import Taro, { useShareAppMessage } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import type { CentreItem } from '@core/api/community'
import shareCard from '@/assets/share-card.png'
import { call } from '@/cloud/call'
import { useRefreshing, useRemote } from '@/cloud/use-remote'
import ChipRow from '@/components/chip-row'
import PageShell from '@/components/page-shell'
import RemoteView from '@/components/remote-view'
import { useArrivalGuard, type TapGuard } from '@/hooks/use-arrival-guard'
import { centreUrl, placeLine } from '@/pages/home/centre-choice'
import { useNear } from '@/pages/services/near'
import OpenBadge from '@/components/open-badge'
import { radiusText } from './present'
import './centres.scss'

export default function CentresPage() {
  const guard = useArrivalGuard()
  const { near, locating, locate, forget } = useNear()
  const centres = useRemote(near ? `centres-${near.lat},${near.lng}` : 'centres', () => call('community', 'centres', near ? { near } : {}))
  useRefreshing(centres)
  useShareAppMessage(() => ({ title: '兰州新兴领域党群服务中心 · 找离你最近的', path: '/packages/centre/centres', imageUrl: shareCard }))

  return (
    <PageShell className='centres'>
      <View className='centres__intro'>新就业群体身边的“加油站”：歇脚、充电、喝水热饭、学习交流，都可以来。</View>
      <ChipRow
        className='centres__chips'
        label='排序'
        kind='checkbox'
        chips={[{ key: 'near', label: locating ? '定位中…' : '离我近', id: 'centres-near', on: near !== undefined }]}
        onTap={() => void (near ? forget() : locate())}
      />
      <RemoteView
        remote={centres}
        rows={6}
        empty={{ when: ({ items }) => items.length === 0, title: '还没有服务中心', description: '下拉可以刷新。' }}
      >
        {({ items }) => (
          <View id='centre-list'>
            {items.map((centre) => (
              <CentreRow key={centre._id} centre={centre} guard={guard} />
            ))}
          </View>
        )}
      </RemoteView>
    </PageShell>
  )
}

function CentreRow({ centre, guard }: { centre: CentreItem; guard: TapGuard }) {
  return (
    <View
      className='centre-row'
      id={`centre-${centre._id}`}
      hoverClass='centre-row--pressed'
      aria-role='link'
      aria-label={centre.name}
      onClick={guard(() => void Taro.navigateTo({ url: centreUrl(centre._id) }))}
    >
      <View className='centre-row__head'>
        <Text className='centre-row__name'>{centre.name}</Text>
        <OpenBadge centre={centre} />
      </View>
      <Text className='centre-row__line'>{placeLine(centre)}</Text>
      <Text className='centre-row__line'>{centre.hours}</Text>
      <Text className='centre-row__line centre-row__muted'>{`服务半径 ${radiusText(centre.radiusM)}${centre.amenities.length > 0 ? ` · ${centre.amenities.slice(0, 3).join('、')}` : ''}`}</Text>
    </View>
  )
}
