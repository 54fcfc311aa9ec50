/**
 * SignInGateView as a native custom component (built by `taro build native-components`, listed under `components` in
 * app.config.ts), for the component tests: the session state comes in as props (`status`, and `message` for a
 * failure), the page behind the gate is one line of text, and each 登录 tap is reported as a `signin` event.
 */
import { Text } from '@tarojs/components'
import type { UserProfile } from '@core/api'
import type { SessionState } from '@/session'
import { SignInGateView } from './index'

interface NativeScope {
  triggerEvent(name: string, detail: unknown): void
}

export interface NativeSignInGateProps {
  status?: SessionState['status']
  message?: string
  $scope?: NativeScope
}

function sessionOf(status: SessionState['status'], message: string): SessionState {
  if (status === 'error') return { status, error: { ok: false, code: 'INTERNAL', message } }
  if (status === 'ready') {
    const profile: UserProfile = { openid: 'demo-rider', nickname: '骑手小王', avatarUrl: '', group: 'rider', community: '', freeTimes: [], roles: [], createdAt: 0, updatedAt: 0 }
    return { status, openid: profile.openid, profile }
  }
  return { status }
}

export default function NativeSignInGate({ status, message, $scope }: NativeSignInGateProps) {
  return (
    <SignInGateView
      id='test-sign-in'
      title='先登录再上报'
      reason='社区处理后会告诉你结果，需要知道是谁报的。同意隐私保护指引后就能上报。'
      session={sessionOf(status ?? 'needs-consent', message ?? '')}
      onSignIn={() => $scope?.triggerEvent('signin', {})}
    >
      <Text className='native-gate__page'>上报表单</Text>
    </SignInGateView>
  )
}
