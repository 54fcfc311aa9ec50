/**
 * 我的随手拍: every report of the caller's, newest first, each with its timeline and the handler's resolution photo
 * (report-card.tsx). Pull down to refresh; coming back from 随手拍 reloads quietly.
 */
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { call } from '@/cloud/call'
import { useRefreshing, useRemote } from '@/cloud/use-remote'
import PageShell from '@/components/page-shell'
import RemoteView from '@/components/remote-view'
import { useArrivalGuard } from '@/hooks/use-arrival-guard'
import ReportCard from '@/components/report-card'
import '@/components/report-card/index.scss'

export default function MyReportsPage() {
  const remote = useRemote('grid-mine', () => call('community', 'myReports', {}))
  useRefreshing(remote)
  const guard = useArrivalGuard()
  const report = guard(() => void Taro.navigateTo({ url: '/packages/grid/report' }))

  return (
    <PageShell className='grid'>
      <RemoteView
        remote={remote}
        rows={6}
        empty={{
          when: ({ items }) => items.length === 0,
          title: '还没有上报过',
          description: '跑单路上看到飞线充电、垃圾乱堆、设施损坏，拍一张报给社区。',
          children: (
            <View className='grid__actions'>
              <Button type='primary' className='tap-target' id='grid-mine-report' onClick={report}>
                随手拍
              </Button>
            </View>
          )
        }}
      >
        {({ items }) => (
          <View id='grid-mine'>
            {items.map((item) => (
              <ReportCard key={item._id} report={item} />
            ))}
            <View className='grid__actions'>
              <Button type='primary' className='tap-target' id='grid-mine-report' onClick={report}>
                再报一条
              </Button>
            </View>
          </View>
        )}
      </RemoteView>
    </PageShell>
  )
}
