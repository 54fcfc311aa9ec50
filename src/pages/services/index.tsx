import { View } from '@tarojs/components'
import PageShell from '@/components/page-shell'
import { EmptyView } from '@/components/state-view'

export default function ServicesPage() {
  return (
    <PageShell className='services'>
      <View className='card' id='needs'>
        <View className='card__title'>需求征集</View>
        <View className='card__text'>
          通过“线上问卷调查+线下走访问询”，面向“两企三新”征集需求清单和资源清单。就业创业、权益保障、婚恋交友、技能提升……你的“急难愁盼”都可以告诉我们。
        </View>
      </View>
      <View className='card' id='service-list'>
        <View className='card__title'>服务清单</View>
        <View className='card__text'>
          由需求和资源对接形成服务清单，内容涉及健康义诊、照看子女、法律咨询等多个方面，为新就业群体解决“后顾之忧”。
        </View>
      </View>
      <EmptyView title='暂无开放的问卷和服务' description='街道发布的需求问卷和服务清单会列在这里。' />
    </PageShell>
  )
}
