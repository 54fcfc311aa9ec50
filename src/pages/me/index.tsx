import Taro, { useDidShow } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import PageShell from '@/components/page-shell'
import ProfileCard from '@/components/profile-card'
import { EmptyView, ErrorView, LoadingView } from '@/components/state-view'
import { getSession, signIn, useSession } from '@/session'
import ProfileForm from './profile-form'
import './index.scss'

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
          <View
            className='card me__link'
            id='my-bookings-entry'
            hoverClass='me__link--pressed'
            aria-role='link'
            onClick={() => void Taro.navigateTo({ url: '/packages/course/bookings' })}
          >
            <Text className='me__link-title'>我的预约</Text>
            <Text className='me__link-hint'>候补、签到、取消 ›</Text>
          </View>
          <View
            className='card me__link'
            id='my-surveys-entry'
            hoverClass='me__link--pressed'
            aria-role='link'
            onClick={() => void Taro.navigateTo({ url: '/packages/survey/index?tab=mine' })}
          >
            <Text className='me__link-title'>我的问卷</Text>
            <Text className='me__link-hint'>填过的、没填完的 ›</Text>
          </View>
          <View
            className='card me__link'
            id='my-needs-entry'
            hoverClass='me__link--pressed'
            aria-role='link'
            onClick={() => void Taro.navigateTo({ url: '/packages/service/my-needs' })}
          >
            <Text className='me__link-title'>我的需求</Text>
            <Text className='me__link-hint'>进度、评价 ›</Text>
          </View>
          {session.profile.roles.includes('provider') ? (
            <View
              className='card me__link'
              id='referrals-entry'
              hoverClass='me__link--pressed'
              aria-role='link'
              onClick={() => void Taro.navigateTo({ url: '/packages/service/referrals' })}
            >
              <Text className='me__link-title'>转介待办</Text>
              <Text className='me__link-hint'>服务方专用 ›</Text>
            </View>
          ) : null}
          {session.profile.roles.includes('organizer') ? (
            <View
              className='card me__link'
              id='organizer-entry'
              hoverClass='me__link--pressed'
              aria-role='link'
              onClick={() => void Taro.navigateTo({ url: '/packages/organizer/index' })}
            >
              <Text className='me__link-title'>管理端</Text>
              <Text className='me__link-hint'>组织者专用 ›</Text>
            </View>
          ) : null}
          <ProfileForm key={session.profile.updatedAt} openid={session.openid} profile={session.profile} />
        </>
      )
      break
  }

  return <PageShell className='me'>{body}</PageShell>
}
