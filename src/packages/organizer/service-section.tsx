/**
 * 服务 on the 管理端 home: the four tools of the third capability — 需求 (triage and merge), 匹配 (run matching, confirm
 * referrals), 服务设计 (the design board: coverage, uncovered needs, compose a service) and 数据 (the centre's figures).
 */
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { useArrivalGuard } from '@/hooks/use-arrival-guard'

const TOOLS = [
  { id: 'service-needs', title: '需求清单', hint: '受理、合并重复' },
  { id: 'service-match', title: '需求匹配', hint: '对接服务，发出转介' },
  { id: 'service-board', title: '服务设计', hint: '覆盖情况，组建服务' },
  { id: 'service-dashboard', title: '服务数据', hint: '解决了多少需求，跟进快不快' }
] as const

export default function ServiceSection() {
  const guard = useArrivalGuard()
  return (
    <View id='organizer-services'>
      <View className='organizer__section'>服务</View>
      {TOOLS.map((tool) => (
        <View
          key={tool.id}
          className='org-row'
          id={`organizer-${tool.id}`}
          hoverClass='org-row--pressed'
          aria-role='link'
          onClick={guard(() => void Taro.navigateTo({ url: `/packages/organizer/${tool.id}` }))}
        >
          <View className='org-row__main'>
            <Text className='org-row__title'>{tool.title}</Text>
            <Text className='org-row__sub'>{tool.hint}</Text>
          </View>
          <Text className='org-row__side'>›</Text>
        </View>
      ))}
    </View>
  )
}
