/**
 * 随手拍 on the 管理端 home: what waits for the handler (reports to handle, applications to decide) and the grid's
 * record — problems resolved by category over the last months (the seed's "解决问题 60 余个") — leading to the two
 * grid pages.
 */
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { call } from '@/cloud/call'
import { useRefreshing, useRemote } from '@/cloud/use-remote'
import RemoteView from '@/components/remote-view'
import { useArrivalGuard } from '@/hooks/use-arrival-guard'
import './grid-pages.scss'

export default function GridSection() {
  const guard = useArrivalGuard()
  const remote = useRemote('organizer-grid', async () => {
    const [stats, waiting] = await Promise.all([call('community', 'gridStats', { months: 12 }), call('community', 'listGridApplications', { status: 'pending' })])
    if (!stats.ok) return stats
    if (!waiting.ok) return waiting
    return { ok: true as const, data: { stats: stats.data, waiting: waiting.data.items.length } }
  })
  useRefreshing(remote)
  const go = (page: string) => guard(() => void Taro.navigateTo({ url: `/packages/organizer/${page}` }))

  return (
    <View id='organizer-grid'>
      <View className='organizer__section'>随手拍 · 兼职网格员</View>
      <RemoteView remote={remote} rows={3}>
        {({ stats, waiting }) => (
          <>
            <View className='card' id='organizer-grid-figures'>
              <View className='card__title'>近 12 个月</View>
              <View className='grid-board__figures'>
                <View className='grid-board__figure'>
                  <Text className='grid-board__figure-value' id='organizer-grid-active'>
                    {stats.active}
                  </Text>
                  <Text className='grid-board__figure-label'>待处理</Text>
                </View>
                <View className='grid-board__figure'>
                  <Text className='grid-board__figure-value' id='organizer-grid-resolved'>
                    {stats.resolved}
                  </Text>
                  <Text className='grid-board__figure-label'>已解决</Text>
                </View>
                <View className='grid-board__figure'>
                  <Text className='grid-board__figure-value'>{stats.reported}</Text>
                  <Text className='grid-board__figure-label'>共上报</Text>
                </View>
              </View>
              {stats.byCategory.map((c) => (
                <View key={c.category} className='grid-board__row'>
                  <Text>{c.name}</Text>
                  <Text>{`解决 ${c.resolved} / 上报 ${c.reported}`}</Text>
                </View>
              ))}
            </View>
            <View className='org-row' id='organizer-grid-reports' hoverClass='org-row--pressed' aria-role='link' onClick={go('grid-reports')}>
              <View className='org-row__main'>
                <Text className='org-row__title'>随手拍处置</Text>
                <Text className='org-row__sub'>{stats.active > 0 ? `${stats.active} 个问题待处理 · 派单、办结、退回` : '派单、办结、退回'}</Text>
              </View>
              <Text className='org-row__side'>›</Text>
            </View>
            <View className='org-row' id='organizer-grid-applications' hoverClass='org-row--pressed' aria-role='link' onClick={go('grid-applications')}>
              <View className='org-row__main'>
                <Text className='org-row__title'>网格员审核</Text>
                <Text className='org-row__sub'>{waiting > 0 ? `${waiting} 份申请待审核` : '加入兼职网格员的申请'}</Text>
              </View>
              <Text className='org-row__side'>›</Text>
            </View>
          </>
        )}
      </RemoteView>
    </View>
  )
}
