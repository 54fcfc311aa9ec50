/**
 * The hours a person has served as a volunteer, said on 我的 beside its 我的志愿 entry ('累计 12.5 小时'), read again
 * each time 我的 is shown so a check-out done meanwhile counts. While it loads, or if it cannot, the entry's plain
 * hint stays: the link matters more than the figure.
 */
import { useDidShow } from '@tarojs/taro'
import { Text } from '@tarojs/components'
import { hoursOf } from '@core/booking'
import { call } from '@/cloud/call'
import { useRemote } from '@/cloud/use-remote'

export default function VolunteerHours({ className, fallback }: { className: string; fallback: string }) {
  const remote = useRemote('me-volunteer-hours', () => call('course', 'myVolunteering', {}))
  useDidShow(() => {
    void remote.reload()
  })
  const total = remote.data?.totalMinutes
  return (
    <Text className={className} id='me-volunteer-hours'>
      {total === undefined ? `${fallback} ›` : `累计 ${hoursOf(total)} 小时 ›`}
    </Text>
  )
}
