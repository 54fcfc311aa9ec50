/**
 * 服务: where 需求征集 (questionnaires) and 服务清单 (the service list) will live. Until they land the page says so
 * plainly — what each will do, and what a person can do now: tell a service centre in person (each listed with its
 * district and 导航) or book a class — rather than an empty list that looks broken.
 */
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { call } from '@/cloud/call'
import { useRemote } from '@/cloud/use-remote'
import PageShell from '@/components/page-shell'
import RemoteView from '@/components/remote-view'
import VenueLine from '@/components/venue-line'
import './index.scss'

const COMING: { id: string; title: string; text: string }[] = [
  {
    id: 'needs',
    title: '需求征集',
    text: '填一份简短的问卷，说说就业创业、权益保障、婚恋交友、技能提升上的“急难愁盼”；也可以请社区工作人员上门代填。'
  },
  {
    id: 'service-list',
    title: '服务清单',
    text: '看看健康义诊、照看子女、法律咨询等服务；提出的需求会对接到合适的服务，有人跟进到解决。'
  }
]

export default function ServicesPage() {
  const venues = useRemote('venues', () => call('course', 'listVenues', {}))
  return (
    <PageShell className='services'>
      <View className='card services__coming' id='services-coming'>
        <View className='services__badge'>即将上线</View>
        <View className='card__title'>需求征集和服务清单还在准备中</View>
        <View className='card__text'>街道正在整理线上问卷和服务清单，上线后会在这里：</View>
        {COMING.map((c) => (
          <View key={c.id} className='services__item' id={c.id}>
            <View className='services__item-title'>{c.title}</View>
            <View className='services__item-text'>{c.text}</View>
          </View>
        ))}
      </View>

      <View className='card'>
        <View className='card__title'>现在就想说说你的需要？</View>
        <View className='card__text'>可以到离你近的服务中心当面说说，也可以等问卷上线后再填。顺路还能约一节课。</View>
        <Button type='primary' className='services__courses' id='services-go-courses' onClick={() => void Taro.switchTab({ url: '/pages/courses/index' })}>
          去看课程
        </Button>
      </View>

      <View className='card' id='services-venues'>
        <View className='card__title'>服务中心</View>
        <RemoteView remote={venues} rows={3}>
          {({ items }) => (
            <View>
              {items.map((v) => (
                <VenueLine key={v._id} venue={v} idPrefix={`services-venue-${v._id}`} />
              ))}
            </View>
          )}
        </RemoteView>
      </View>
    </PageShell>
  )
}
