/**
 * 我的志愿: the hours a person has served (recorded at each check-out), all time and this year, and the activities
 * behind them, latest first. The sums are the function's (core volunteerSummary); this page only words them.
 */
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { hoursOf } from '@core/booking'
import { formatRange } from '@core/time'
import { call } from '@/cloud/call'
import { useRefreshing, useRemote } from '@/cloud/use-remote'
import PageShell from '@/components/page-shell'
import RemoteView from '@/components/remote-view'
import './mine.scss'

export default function MyVolunteeringPage() {
  const remote = useRemote('my-volunteering', () => call('course', 'myVolunteering', {}))
  useRefreshing(remote)
  return (
    <PageShell className='my-volunteering'>
      <RemoteView remote={remote} rows={5}>
        {({ totalMinutes, yearMinutes, items }) => (
          <>
            <View className='card my-volunteering__sums' id='volunteer-hours'>
              <View className='my-volunteering__sum'>
                <Text className='my-volunteering__figure' id='volunteer-hours-total'>
                  {hoursOf(totalMinutes)}
                </Text>
                <Text className='my-volunteering__unit'>累计志愿时长（小时）</Text>
              </View>
              <View className='my-volunteering__sum'>
                <Text className='my-volunteering__figure' id='volunteer-hours-year'>
                  {hoursOf(yearMinutes)}
                </Text>
                <Text className='my-volunteering__unit'>今年（小时）</Text>
              </View>
              <View className='my-volunteering__sum'>
                <Text className='my-volunteering__figure'>{items.length}</Text>
                <Text className='my-volunteering__unit'>参加活动（场）</Text>
              </View>
            </View>
            {items.length === 0 ? (
              <View className='card my-volunteering__empty'>
                <Text className='my-volunteering__text'>还没有志愿时长。报名一场活动，到场签到、结束签退后，时长会记在这里。</Text>
              </View>
            ) : (
              <View className='card'>
                <View className='card__title'>服务记录</View>
                {items.map((item) => (
                  <View key={item.bookingId} className='my-volunteering__item' id={`served-${item.sessionId}`}>
                    <View className='my-volunteering__item-main'>
                      <Text className='my-volunteering__item-title'>{item.title}</Text>
                      <Text className='my-volunteering__item-line'>{`${item.category} · ${item.venueName}`}</Text>
                      <Text className='my-volunteering__item-line'>{formatRange(item.startAt, item.endAt)}</Text>
                    </View>
                    <Text className='my-volunteering__item-hours'>{`${hoursOf(item.minutes)} 小时`}</Text>
                  </View>
                ))}
              </View>
            )}
            <View className='my-volunteering__action'>
              <Button type='primary' className='tap-target' id='go-volunteer' block onClick={() => void Taro.navigateTo({ url: '/packages/volunteer/index' })}>
                报名志愿活动
              </Button>
            </View>
          </>
        )}
      </RemoteView>
    </PageShell>
  )
}
