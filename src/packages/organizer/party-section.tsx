/** 组织关系 on the 管理端 home: one row to the centre's registrations (party-manage.tsx). */
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useArrivalGuard } from '@/hooks/use-arrival-guard'

export default function PartySection() {
  const guard = useArrivalGuard()
  return (
    <View id='organizer-party'>
      <View className='organizer__section'>组织关系</View>
      <View
        className='org-row'
        id='organizer-party-manage'
        hoverClass='org-row--pressed'
        aria-role='link'
        onClick={guard(() => void Taro.navigateTo({ url: '/packages/organizer/party-manage' }))}
      >
        <View className='org-row__main'>
          <Text className='org-row__title'>组织关系安家 · 入党意愿</Text>
          <Text className='org-row__sub'>联系登记的党员和想入党的骑手，跟进到安家</Text>
        </View>
        <Text className='org-row__side'>›</Text>
      </View>
    </View>
  )
}
