/**
 * The frame of every 管理端 page. It signs in and shows the tools only to organizers — everyone else sees a clear 无权限
 * (the functions check the role again on every organizer action) — and, for a page about one course or session, it
 * reads that id from the route and says plainly how to get there when the link lacks it. Pages get the organizer's
 * profile and the route parameters, the required ones present.
 */
import type { ReactNode } from 'react'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { UserProfile } from '@core/api'
import PageShell from '@/components/page-shell'
import { EmptyView, ErrorView, LoadingView } from '@/components/state-view'
import { getSession, signIn, useSession } from '@/session'
import './organizer-page.scss'

export interface OrganizerView<K extends string> {
  profile: UserProfile
  params: Record<K, string> & Partial<Record<string, string>>
}

export interface RouteNeeds<K extends string> {
  /** Route parameters the page cannot work without. */
  params: readonly K[]
  /** What to say when one is missing: where the page is meant to be opened from. */
  missing: { title: string; description: string }
}

export interface OrganizerPageProps<K extends string> {
  className?: string
  needs?: RouteNeeds<K>
  children: (view: OrganizerView<K>) => ReactNode
}

export default function OrganizerPage<K extends string = never>({ className, needs, children }: OrganizerPageProps<K>) {
  const session = useSession()
  const { params } = useRouter()
  useDidShow(() => {
    if (getSession().status !== 'ready') void signIn()
  })

  let body: ReactNode
  if (session.status === 'idle' || session.status === 'loading') body = <LoadingView />
  else if (session.status === 'needs-consent') {
    body = (
      <EmptyView title='需要你的同意' description='同意隐私保护指引后，才能确认你的组织者身份。'>
        <View className='organizer__back'>
          <Button className='tap-target' type='primary' onClick={() => void signIn()}>
            查看隐私保护指引
          </Button>
        </View>
      </EmptyView>
    )
  } else if (session.status === 'error') body = <ErrorView message={session.error.message} onRetry={() => void signIn()} />
  else if (!session.profile.roles.includes('organizer')) {
    body = (
      <EmptyView title='无权限' description='管理端仅向友邻空间的组织者开放。如需开通，请联系酒泉路街道党群服务中心。'>
        <View className='organizer__back'>
          <Button className='tap-target' onClick={() => void Taro.switchTab({ url: '/pages/home/index' })}>
            返回首页
          </Button>
        </View>
      </EmptyView>
    )
  } else if (needs && !needs.params.every((p) => params[p])) {
    body = <EmptyView title={needs.missing.title} description={needs.missing.description} />
  } else {
    // Every needed parameter was just checked to be a non-empty string.
    body = children({ profile: session.profile, params: params as OrganizerView<K>['params'] })
  }

  return <PageShell className={className ? `organizer ${className}` : 'organizer'}>{body}</PageShell>
}
