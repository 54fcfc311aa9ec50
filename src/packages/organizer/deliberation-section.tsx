/** 商圈议事 on the 管理端 home: the one tool of the part — applications to join, and each topic's next step. */
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useArrivalGuard } from '@/hooks/use-arrival-guard'

export default function DeliberationSection() {
  const guard = useArrivalGuard()
  return (
    <View id='organizer-deliberation'>
      <View className='organizer__section'>商圈议事</View>
      <View
        className='org-row'
        id='organizer-deliberation-manage'
        hoverClass='org-row--pressed'
        aria-role='link'
        onClick={guard(() => void Taro.navigateTo({ url: '/packages/organizer/deliberation-manage' }))}
      >
        <View className='org-row__main'>
          <Text className='org-row__title'>商圈协商议事</Text>
          <Text className='org-row__sub'>入会审核、安排议事会、投票计票、公布决定</Text>
        </View>
        <Text className='org-row__side'>›</Text>
      </View>
    </View>
  )
}
