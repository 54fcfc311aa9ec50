/**
 * 首页: who the centre is and four big tiles: 课程预约, 我的预约, 需求征集 (the questionnaires) and 服务清单 (the 服务 tab,
 * where a need can be filed and followed too).
 */
import Taro, { useShareAppMessage } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import PageShell from '@/components/page-shell'
import shareCard from '@/assets/share-card.png'
import './index.scss'
import NearestCentreCard from './nearest-centre'

interface Entry {
  id: string
  title: string
  hint: string
  url: string
  /** A tab page (switchTab) or a page on top of this one (navigateTo). */
  tab: boolean
}

const ENTRIES: Entry[] = [
  { id: 'entry-courses', title: '课程预约', hint: '书法、瑜伽、朗诵、咖啡', url: '/pages/courses/index', tab: true },
  { id: 'entry-bookings', title: '我的预约', hint: '候补、签到、取消', url: '/packages/course/bookings', tab: false },
  { id: 'entry-needs', title: '需求征集', hint: '说说你的急难愁盼', url: '/packages/survey/index', tab: false },
  { id: 'entry-services', title: '服务清单', hint: '义诊、法律咨询、照看子女', url: '/pages/services/index', tab: true },
  { id: 'entry-centres', title: '服务中心', hint: '十个中心，找离你最近的', url: '/packages/centre/centres', tab: false },
  { id: 'entry-grid-report', title: '随手拍', hint: '飞线充电、垃圾乱堆，报给社区', url: '/packages/grid/report', tab: false },
  { id: 'entry-volunteer', title: '志愿服务', hint: '平安建设、助老扶弱、赛事保障', url: '/packages/volunteer/index', tab: false },
  { id: 'entry-stars', title: '骑士之星', hint: '党员骑手先锋指数', url: '/packages/stars/index', tab: false },
  { id: 'entry-deliberation', title: '商圈议事', hint: '提议题、投票，商量着办', url: '/packages/deliberation/index', tab: false },
]

const open = (e: Entry) => void (e.tab ? Taro.switchTab({ url: e.url }) : Taro.navigateTo({ url: e.url }))

export default function HomePage() {
  useShareAppMessage(() => ({
    title: '友邻空间 · 新兴领域区域性党群活动服务中心',
    path: '/pages/home/index',
    imageUrl: shareCard
  }))

  return (
    <PageShell className='home'>
      <View className='home__hero'>
        <View className='home__name'>友邻空间</View>
        <View className='home__full-name'>新兴领域区域性党群活动服务中心</View>
        <View className='home__place'>兰州市城关区酒泉路街道</View>
        <View className='home__slogan'>为城市新兴领域青年量身定制“文化套餐”</View>
      </View>

      <View className='home__grid'>
        {ENTRIES.map((e) => (
          <View key={e.id} id={e.id} className='home__entry' hoverClass='home__entry--pressed' aria-role='button' onClick={() => open(e)}>
            <Text className='home__entry-title'>
              {e.title}
            </Text>
            <Text className='home__entry-hint'>{e.hint}</Text>
          </View>
        ))}
      </View>

      <NearestCentreCard />

      <View className='card'>
        <View className='card__title'>关于友邻空间</View>
        <View className='card__text'>
          围绕文化、艺术、健康、生活技能等多个领域，结合“两企三新”不同群体的工作生活作息设置多元课程，满足业余时间的多样化和个性化需求。
        </View>
        <View className='card__text home__para'>
          这里建有“青年之家”“职工之家”，实现阵地、文化、服务、资源共享，着力为新兴领域群体解决就业创业、权益保障、婚恋交友、技能提升等现实需求。
        </View>
      </View>
    </PageShell>
  )
}
