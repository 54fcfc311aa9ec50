import Taro, { useDidShow } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import PageShell from '@/components/page-shell'
import ProfileCard from '@/components/profile-card'
import { EmptyView, ErrorView, LoadingView } from '@/components/state-view'
import { getSession, signIn, useSession } from '@/session'
import type { Role } from '@core/api'
import ProfileForm from './profile-form'
import './index.scss'
import type { ComponentType } from 'react'
import VolunteerHours from '@/components/volunteer-hours'

interface Entry {
  id: string
  title: string
  hint: string
  url: string
  /** Shown only to people with this role. */
  role?: Role
  /** A live hint (e.g. the hours served) in place of `hint`, which it shows until it has its figure. */
  LiveHint?: ComponentType<{ className: string; fallback: string }>
}

/** What 我的 leads to, in the order a rider looks for it; the role pages last. */
const ENTRIES: readonly Entry[] = [
  { id: 'my-bookings-entry', title: '我的预约', hint: '候补、签到、取消', url: '/packages/course/bookings' },
  { id: 'my-surveys-entry', title: '我的问卷', hint: '填过的、没填完的', url: '/packages/survey/index?tab=mine' },
  { id: 'my-needs-entry', title: '我的需求', hint: '进度、评价', url: '/packages/service/my-needs' },
  { id: 'my-grid-reports-entry', title: '我的随手拍', hint: '处理进度、结果照片', url: '/packages/grid/mine' },
  { id: 'my-grid-team-entry', title: '兼职网格员', hint: '申请加入、我的徽章', url: '/packages/grid/join' },
  { id: 'my-volunteer-entry', title: '我的志愿', hint: '志愿时长、服务记录', url: '/packages/volunteer/mine', LiveHint: VolunteerHours },
  { id: 'my-star-entry', title: '我的先锋指数', hint: '骑士之星评选', url: '/packages/stars/mine' },
  { id: 'stars-score-entry', title: '企业评分', hint: '站长专用', url: '/packages/organizer/stars-score', role: 'scorer' },
  { id: 'my-party-entry', title: '组织关系', hint: '党员找组织、我想入党', url: '/packages/party/index' },
  { id: 'my-data-entry', title: '我的数据', hint: '查看、删除', url: '/packages/me/my-data' },
  { id: 'referrals-entry', title: '转介待办', hint: '服务方专用', url: '/packages/service/referrals', role: 'provider' },
  { id: 'organizer-entry', title: '管理端', hint: '组织者专用', url: '/packages/organizer/index', role: 'organizer' }
]

async function refresh(): Promise<void> {
  const fail = await signIn()
  // On first load the page shows the error itself; on a later refresh the profile stays and a toast says why.
  if (fail && getSession().status === 'ready') void Taro.showToast({ title: fail.message, icon: 'none' })
}

export default function MePage() {
  const session = useSession()
  useDidShow(() => {
    void refresh()
  })

  let body
  switch (session.status) {
    case 'idle':
    case 'loading':
      body = <LoadingView rows={6} />
      break
    case 'needs-consent':
      body = (
        <EmptyView title='需要你的同意' description='同意隐私保护指引后，才能查看和编辑个人资料。'>
          <View className='me__consent'>
            <Button type='primary' className='tap-target' onClick={() => void refresh()}>
              查看隐私保护指引
            </Button>
          </View>
        </EmptyView>
      )
      break
    case 'error':
      body = <ErrorView message={session.error.message} onRetry={() => void refresh()} />
      break
    case 'ready':
      body = (
        <>
          <ProfileCard profile={session.profile} />
          {ENTRIES.filter((entry) => entry.role === undefined || session.profile.roles.includes(entry.role)).map((entry) => (
            <View
              key={entry.id}
              className='card me__link'
              id={entry.id}
              hoverClass='me__link--pressed'
              aria-role='link'
              onClick={() => void Taro.navigateTo({ url: entry.url })}
            >
              <Text className='me__link-title'>{entry.title}</Text>
              {entry.LiveHint ? <entry.LiveHint className='me__link-hint' fallback={entry.hint} /> : <Text className='me__link-hint'>{entry.hint} ›</Text>}
            </View>
          ))}
          <ProfileForm key={session.profile.updatedAt} openid={session.openid} profile={session.profile} />
        </>
      )
      break
  }

  return <PageShell className='me'>{body}</PageShell>
}
