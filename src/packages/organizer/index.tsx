/** 管理端: only for organizers; everyone else sees a clear 无权限. The management tools are later subpackage pages. */
import Taro, { useDidShow } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import PageShell from '@/components/page-shell'
import { EmptyView, ErrorView, LoadingView } from '@/components/state-view'
import { getSession, signIn, useSession } from '@/session'
import './index.scss'

export default function OrganizerPage() {
  const session = useSession()
  useDidShow(() => {
    if (getSession().status !== 'ready') void signIn()
  })

  if (session.status === 'idle' || session.status === 'loading') {
    return (
      <PageShell>
        <LoadingView />
      </PageShell>
    )
  }
  if (session.status === 'needs-consent') {
    return (
      <PageShell className='organizer'>
        <EmptyView title='需要你的同意' description='同意隐私保护指引后，才能确认你的组织者身份。'>
          <View className='organizer__back'>
            <Button type='primary' size='small' onClick={() => void signIn()}>
              查看隐私保护指引
            </Button>
          </View>
        </EmptyView>
      </PageShell>
    )
  }
  if (session.status === 'error') {
    return (
      <PageShell>
        <ErrorView message={session.error.message} onRetry={() => void signIn()} />
      </PageShell>
    )
  }
  if (!session.profile.roles.includes('organizer')) {
    return (
      <PageShell className='organizer'>
        <EmptyView title='无权限' description='管理端仅向友邻空间的组织者开放。如需开通，请联系酒泉路街道党群服务中心。'>
          <View className='organizer__back'>
            <Button size='small' onClick={() => void Taro.switchTab({ url: '/pages/home/index' })}>
              返回首页
            </Button>
          </View>
        </EmptyView>
      </PageShell>
    )
  }
  return (
    <PageShell className='organizer'>
      <View className='card' id='organizer-welcome'>
        <View className='card__title'>友邻空间 · 组织者</View>
        <View className='card__text'>
          {session.profile.nickname || '组织者'}，你好。课程排期、签到、需求对接和问卷统计等管理功能会在这里提供入口。
        </View>
      </View>
    </PageShell>
  )
}
