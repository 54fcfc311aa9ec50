/**
 * 服务点地图 (暖蜂驿站, 15分钟暖新服务圈): the centres, 驿站 and service places around the person — on WeChat's map, or a
 * plan drawn to scale in a browser (points-map pair) — with the 15-minute circle, and beside it the list: nearest first,
 * what each offers (充电, 饮水, 热饭 …), open now or 24 h, how far and how many minutes on foot, and 导航.
 *
 * The position is asked for only on 用我的位置 (or reused from the 服务 tab); without it the points are shown without
 * distances. Chips narrow the list to the circle, to what is open now, or to one amenity; a point tapped on the map is
 * scrolled to in the list.
 */
import { useState } from 'react'
import Taro from '@tarojs/taro'
import { ScrollView, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { ServicePointsInput } from '@core/api/service'
import { AMENITIES } from '@core/matching/points'
import { call } from '@/cloud/call'
import { useRefreshing, useRemote } from '@/cloud/use-remote'
import ChipRow from '@/components/chip-row'
import PageShell from '@/components/page-shell'
import RemoteView from '@/components/remote-view'
import VenueLine from '@/components/venue-line'
import { useNear } from '@/pages/services/near'
import PointsMap from './points-map'
import type { MapPoint } from './points-map-types'
import './points.scss'

const KIND_LABELS: Record<MapPoint['kind'], string> = { centre: '服务中心', station: '驿站', service: '服务点' }

function openText(p: MapPoint): string {
  if (p.open24h) return '24 小时开放'
  if (p.openNow === true) return '正在开放'
  if (p.openNow === false) return '现在未开放'
  return p.hours ?? '开放时间见现场'
}

export default function PointsPage() {
  const { near, locating, locate } = useNear()
  const [inside, setInside] = useState(false)
  const [openNow, setOpenNow] = useState(false)
  const [amenity, setAmenity] = useState<string | null>(null)
  const [selected, setSelected] = useState<string | null>(null)

  const query: ServicePointsInput = {
    ...(near ? { near } : {}),
    ...(inside && near ? { withinCircle: true } : {}),
    ...(openNow ? { openNow: true } : {}),
    ...(amenity ? { amenity: amenity as ServicePointsInput['amenity'] } : {})
  }
  const remote = useRemote(JSON.stringify(query), () => call('service', 'servicePoints', query))
  useRefreshing(remote)

  const select = (point: MapPoint) => {
    setSelected(point.id)
    void Taro.pageScrollTo({ selector: `#point-${elementId(point.id)}`, duration: 300 }).catch(() => undefined)
  }

  return (
    <PageShell className='points'>
      {near ? null : (
        <View className='card points__locate' id='points-locate-card'>
          <View className='card__text'>用你的位置画出 15 分钟步行范围，看看附近哪里能充电、喝水、歇脚。</View>
          <Button type='primary' className='tap-target' id='points-locate' loading={locating} onClick={() => void locate()}>
            用我的位置
          </Button>
        </View>
      )}
      <RemoteView remote={remote} rows={8}>
        {({ items, radiusM }) => (
          <>
            <PointsMap centre={near} radiusM={radiusM} points={items} onSelect={select} />
            <ScrollView scrollX enhanced showScrollbar={false} className='points__chips' id='points-filters'>
              <View className='points__chips-row'>
                <ChipRow
                  inline
                  label='范围和时间'
                  kind='checkbox'
                  chips={[
                    ...(near ? [{ key: 'inside', label: '15分钟内', id: 'points-inside', on: inside }] : []),
                    { key: 'open', label: '正在开放', id: 'points-open', on: openNow }
                  ]}
                  onTap={(key) => (key === 'inside' ? setInside((v) => !v) : setOpenNow((v) => !v))}
                />
                <ChipRow
                  inline
                  label='便民设施'
                  kind='radio'
                  chips={AMENITIES.map((a) => ({ key: a, label: a, id: `points-amenity-${a}`, on: amenity === a }))}
                  onTap={(key) => setAmenity(amenity === key ? null : key)}
                />
              </View>
            </ScrollView>
            {near ? (
              <View className='points__summary' id='points-summary'>
                {`15 分钟内有 ${items.filter((p) => p.withinCircle).length} 个服务点`}
              </View>
            ) : null}
            {items.length === 0 ? <View className='card card__text'>没有符合条件的服务点，放宽筛选看看。</View> : null}
            <View id='points-list'>
              {items.map((p, i) => (
                <View
                  key={p.id}
                  className={`card point${selected === p.id ? ' point--selected' : ''}`}
                  id={`point-${elementId(p.id)}`}
                  data-inside={p.withinCircle ? 'true' : 'false'}
                >
                  <View className='point__head'>
                    <Text className='point__number'>{i + 1}</Text>
                    <Text className='point__name'>{p.name}</Text>
                    <Text className='point__kind'>{KIND_LABELS[p.kind]}</Text>
                  </View>
                  <View className='point__line'>
                    <Text className={p.openNow ? 'point__open' : 'point__closed'}>{openText(p)}</Text>
                    {p.distanceM !== undefined ? <Text>{` · ${p.distanceM >= 1000 ? `${(p.distanceM / 1000).toFixed(1)} 公里` : `${p.distanceM} 米`} · 步行约 ${p.walkingMinutes} 分钟`}</Text> : null}
                  </View>
                  {p.amenities.length > 0 ? (
                    <View className='point__amenities'>
                      {p.amenities.map((a) => (
                        <Text key={a} className='point__amenity'>
                          {a}
                        </Text>
                      ))}
                    </View>
                  ) : null}
                  <VenueLine venue={{ _id: p.id, name: p.name, district: '', address: p.address, hours: p.hours ?? '', lat: p.lat, lng: p.lng }} idPrefix={`point-${elementId(p.id)}-place`} compact />
                </View>
              ))}
            </View>
          </>
        )}
      </RemoteView>
    </PageShell>
  )
}

/** A point id ('station:abc') as an element id. */
function elementId(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, '-')
}
