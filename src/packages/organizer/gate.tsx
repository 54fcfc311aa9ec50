/**
 * Every 管理端 page sits behind this: it signs in, and shows the tools only to organizers; everyone else sees a
 * clear 无权限 (the functions check the role again on every organizer action).
 */
import type { ReactNode } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { UserProfile } from '@core/api'
import PageShell from '@/components/page-shell'
import { EmptyView, ErrorView, LoadingView } from '@/components/state-view'
import { getSession, signIn, useSession } from '@/session'
import './gate.scss'

export interface OrganizerGateProps {
  className?: string
  /** Rendered once the person is known to be an organizer. */
  children: (profile: UserProfile) => ReactNode
}

export default function OrganizerGate({ className, children }: OrganizerGateProps) {
  const session = useSession()
  useDidShow(() => {
    if (getSession().status !== 'ready') void signIn()
  })
  const shellClass = className ? `organizer ${className}` : 'organizer'

  if (session.status === 'idle' || session.status === 'loading') {
    return (
      <PageShell className={shellClass}>
        <LoadingView />
      </PageShell>
    )
  }
  if (session.status === 'needs-consent') {
    return (
      <PageShell className={shellClass}>
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
      <PageShell className={shellClass}>
        <ErrorView message={session.error.message} onRetry={() => void signIn()} />
      </PageShell>
    )
  }
  if (!session.profile.roles.includes('organizer')) {
    return (
      <PageShell className={shellClass}>
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
  return <PageShell className={shellClass}>{children(session.profile)}</PageShell>
}
