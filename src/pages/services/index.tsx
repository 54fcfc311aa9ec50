/**
 * 服务: the centre's 服务清单 and the ways into the rest of the capability. First the four things a person comes for
 * (提需求, 我的需求, the service points map, the centre's figures; a provider also sees its 转介 inbox), then the list,
 * narrowed by one sideways row of chips: open now, near me (asks for the location only on that tap), and a category.
 *
 * The list is the function's (listServices filters and sorts on the server, nearest first once a position is known),
 * so a chip reloads it; types come from the API contract only, which keeps the matching rules out of the main package.
 */
import { useEffect, useMemo, useState } from 'react'
import Taro, { useShareAppMessage } from '@tarojs/taro'
import { ScrollView, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { ListServicesInput, TaxonomyItem } from '@core/api/service'
import shareCard from '@/assets/share-card.png'
import { call } from '@/cloud/call'
import { useRefreshing, useRemote } from '@/cloud/use-remote'
import ChipRow from '@/components/chip-row'
import PageShell from '@/components/page-shell'
import RemoteView from '@/components/remote-view'
import { useArrivalGuard } from '@/hooks/use-arrival-guard'
import { signInQuietly, useSession } from '@/session'
import { useNear } from './near'
import ServiceCardView from './service-card'
import './index.scss'

interface Entry {
  id: string
  title: string
  hint: string
  url: string
}

const ENTRIES: Entry[] = [
  { id: 'entry-need-new', title: '提需求', hint: '说说你的急难愁盼', url: '/packages/service/need' },
  { id: 'entry-my-needs', title: '我的需求', hint: '进度、评价', url: '/packages/service/my-needs' },
  { id: 'entry-points', title: '服务点地图', hint: '15分钟暖新服务圈', url: '/packages/service/points' },
  { id: 'entry-board', title: '中心数据', hint: '解决了多少需求', url: '/packages/service/board' }
]

const PROVIDER_ENTRY: Entry = { id: 'entry-referrals', title: '转介待办', hint: '接收、预约、完成', url: '/packages/service/referrals' }

export default function ServicesPage() {
  const session = useSession()
  const guard = useArrivalGuard()
  const [category, setCategory] = useState<string | null>(null)
  const [openNow, setOpenNow] = useState(false)
  const { near, locating, locate, forget } = useNear()

  useEffect(() => {
    void signInQuietly()
  }, [])

  useShareAppMessage(() => ({ title: '友邻空间服务清单 · 义诊、法律咨询、照看子女', path: '/pages/services/index', imageUrl: shareCard }))

  const taxonomy = useRemote('need-taxonomy', () => call('service', 'taxonomy', { list: 'need' }))
  const query = useMemo((): ListServicesInput => {
    const q: ListServicesInput = { limit: 50 }
    if (category) q.category = category
    if (openNow) q.openNow = true
    if (near) q.near = near
    return q
  }, [category, openNow, near])
  const services = useRemote(JSON.stringify(query), () => call('service', 'listServices', query))
  useRefreshing(services)

  const roots = useMemo(() => (taxonomy.data?.items ?? []).filter((item: TaxonomyItem) => !item.parent), [taxonomy.data])
  const entries = session.status === 'ready' && session.profile.roles.includes('provider') ? [...ENTRIES, PROVIDER_ENTRY] : ENTRIES

  const toggleNear = () => (near ? forget() : locate())
  const clearFilters = () => {
    setCategory(null)
    setOpenNow(false)
  }

  return (
    <PageShell className='services'>
      <View className='services__grid'>
        {entries.map((e) => (
          <View
            key={e.id}
            id={e.id}
            className='services__entry'
            hoverClass='services__entry--pressed'
            aria-role='link'
            onClick={guard(() => void Taro.navigateTo({ url: e.url }))}
          >
            <Text className='services__entry-title'>{e.title}</Text>
            <Text className='services__entry-hint'>{e.hint}</Text>
          </View>
        ))}
      </View>

      <View className='services__section'>服务清单</View>
      <ScrollView scrollX enhanced showScrollbar={false} className='services__chips' id='service-filters'>
        <View className='services__chips-row'>
          <ChipRow
            inline
            label='按时间和距离筛选'
            kind='checkbox'
            chips={[
              { key: 'open', label: '正在服务', id: 'filter-open-now', on: openNow },
              { key: 'near', label: locating ? '定位中…' : '离我近', id: 'filter-near', on: near !== undefined }
            ]}
            onTap={(key) => (key === 'open' ? setOpenNow((v) => !v) : void toggleNear())}
          />
          <ChipRow
            inline
            label='服务类别'
            kind='radio'
            chips={roots.map((item) => ({ key: item.code, label: item.name, id: `category-${item.code}`, on: category === item.code }))}
            onTap={(key) => setCategory(category === key ? null : key)}
          />
        </View>
      </ScrollView>

      <RemoteView
        remote={services}
        rows={6}
        empty={{
          when: ({ items }) => items.length === 0,
          title: category || openNow ? '没有符合条件的服务' : '还没有服务',
          description: category || openNow ? '换个类别，或放宽筛选看看。也可以直接提需求，中心会帮你找。' : '中心整理好服务后会出现在这里，下拉可以刷新。',
          children:
            category || openNow ? (
              <View className='services__clear'>
                <Button type='primary' className='tap-target' id='filters-clear' onClick={clearFilters}>
                  清除筛选
                </Button>
              </View>
            ) : undefined
        }}
      >
        {({ items, total }) => (
          <View id='service-list'>
            {items.map((service) => (
              <ServiceCardView key={service._id} service={service} near={near} guard={guard} />
            ))}
            {total > items.length ? <View className='services__more'>{`共 ${total} 项，选个类别看看其余的`}</View> : null}
          </View>
        )}
      </RemoteView>
    </PageShell>
  )
}
