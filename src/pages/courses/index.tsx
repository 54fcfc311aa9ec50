import { Text, View } from '@tarojs/components'
import PageShell from '@/components/page-shell'
import { EmptyView } from '@/components/state-view'
import './index.scss'

const AREAS = [
  { name: '文化', examples: '朗诵' },
  { name: '艺术', examples: '书法' },
  { name: '健康', examples: '瑜伽' },
  { name: '生活技能', examples: '调配咖啡' }
]

export default function CoursesPage() {
  return (
    <PageShell className='courses'>
      <View className='card'>
        <View className='card__title'>多元课程</View>
        <View className='card__text'>
          书法课、瑜伽课、朗诵课、调配咖啡课……友邻空间围绕文化、艺术、健康、生活技能等多个领域，结合“两企三新”不同群体的工作生活作息设置课程，适合骑手、快递员、网约车司机在碎片时间参加。
        </View>
        <View className='courses__areas'>
          {AREAS.map((a) => (
            <View key={a.name} className='courses__area'>
              <Text className='courses__area-name'>{a.name}</Text>
              <Text className='courses__area-examples'>{a.examples}</Text>
            </View>
          ))}
        </View>
      </View>
      <EmptyView title='暂无可预约的课次' description='中心排好的每一节课会列在这里，可按时间预约。' />
    </PageShell>
  )
}
