/**
 * The frame of every 管理端 page. It signs in and shows the tools only to the roles the page admits — organizers and
 * admins unless the page says otherwise (企业评分 admits its station managers, the scorers) — and everyone else sees a
 * clear 无权限 in the page's own words (the functions check the role again on every action). For a page about one
 * course or session, it reads that id from the route and says plainly how to get there when the link lacks it. Pages
 * get the person's profile and the route parameters, the required ones present.
 */
import type { ReactNode } from 'react'
import Taro, { useDidShow, useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { UserProfile } from '@core/api'
import { mayOrganize } from '@core/user'
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

/** Who a page is for, and what everyone else is told. */
export interface Admission {
  /** Whether the person may use the page: the rule the page's functions check again, from core. */
  admits: (profile: Pick<UserProfile, 'roles'>) => boolean
  /** The role as the privacy step names it: 才能确认你的「who」身份. */
  who: string
  /** What 无权限 says: who the page is for and whom to ask. */
  refusal: string
  /** Where 无权限 sends the person back to (a tab page). */
  back: { label: string; url: string }
}

/** The 管理端 pages: organizers of a centre and admins of every centre. */
export const ORGANIZERS: Admission = {
  admits: mayOrganize,
  who: '组织者',
  refusal: '管理端仅向友邻空间的组织者开放。如需开通，请联系酒泉路街道党群服务中心。',
  back: { label: '返回首页', url: '/pages/home/index' }
}

export interface OrganizerPageProps<K extends string> {
  className?: string
  /** Who may use the page; organizers and admins unless said. */
  admits?: Admission
  needs?: RouteNeeds<K>
  children: (view: OrganizerView<K>) => ReactNode
}

export default function OrganizerPage<K extends string = never>({ className, admits = ORGANIZERS, needs, children }: OrganizerPageProps<K>) {
  const session = useSession()
  const { params } = useRouter()
  useDidShow(() => {
    if (getSession().status !== 'ready') void signIn()
  })

  let body: ReactNode
  if (session.status === 'idle' || session.status === 'loading') body = <LoadingView />
  else if (session.status === 'needs-consent') {
    body = (
      <EmptyView title='需要你的同意' description={`同意隐私保护指引后，才能确认你的${admits.who}身份。`}>
        <View className='organizer__back'>
          <Button className='tap-target' type='primary' onClick={() => void signIn()}>
            查看隐私保护指引
          </Button>
        </View>
      </EmptyView>
    )
  } else if (session.status === 'error') body = <ErrorView message={session.error.message} onRetry={() => void signIn()} />
  else if (!admits.admits(session.profile)) {
    body = (
      <EmptyView title='无权限' description={admits.refusal}>
        <View className='organizer__back'>
          <Button className='tap-target' onClick={() => void Taro.switchTab({ url: admits.back.url })}>
            {admits.back.label}
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
