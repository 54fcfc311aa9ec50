/** 骑士之星 on the 管理端 home: the month's ranking, where the community side is scored and the star published. */
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useArrivalGuard } from '@/hooks/use-arrival-guard'

export default function StarsSection() {
  const guard = useArrivalGuard()
  return (
    <View id='organizer-stars'>
      <View className='organizer__section'>骑士之星</View>
      <View
        className='org-row'
        id='organizer-stars-ranking'
        hoverClass='org-row--pressed'
        aria-role='link'
        onClick={guard(() => void Taro.navigateTo({ url: '/packages/organizer/stars-ranking' }))}
      >
        <View className='org-row__main'>
          <Text className='org-row__title'>先锋指数排行</Text>
          <Text className='org-row__sub'>社区评分，评选并发布本月骑士之星</Text>
        </View>
        <Text className='org-row__side'>›</Text>
      </View>
    </View>
  )
}
