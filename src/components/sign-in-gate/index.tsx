/**
 * The door of a page that is the person's own (随手拍, 兼职网格员, 党员登记, 提需求): it signs in on arrival — the
 * privacy notice on a first visit — and shows the page once signed in. Until then a card says why the page needs to
 * know who they are, with 登录 to try again after declining; when the sign-in failed, it also says why. The session is
 * the app's one (useSession), so a sign-in finished anywhere opens every gate at once.
 *
 * What it shows (SignInGateView) takes the session state as a value, so the component test can show each state
 * without a sign-in behind it.
 */
import { useEffect, type ReactNode } from 'react'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { getSession, signIn, useSession, type SessionState } from '@/session'
import './index.scss'

export interface SignInWords {
  /** Element id of the card, e.g. `grid-sign-in`. */
  id: string
  /** What signing in is for: 先登录再上报. */
  title: string
  /** Why the page needs to know who they are, and what to do. */
  reason: string
}

export interface SignInGateProps extends SignInWords {
  /** The page as a signed-in person sees it; mounted only then. */
  children: ReactNode
}

export default function SignInGate({ children, ...words }: SignInGateProps) {
  const session = useSession()
  useEffect(() => {
    if (getSession().status !== 'ready') void signIn()
  }, [])
  return (
    <SignInGateView {...words} session={session} onSignIn={() => void signIn()}>
      {children}
    </SignInGateView>
  )
}

export interface SignInGateViewProps extends SignInGateProps {
  session: SessionState
  onSignIn: () => void
}

/** The page when signed in, else the card: what the gate shows for a session state. */
export function SignInGateView({ session, onSignIn, children, ...words }: SignInGateViewProps) {
  return session.status === 'ready' ? <>{children}</> : <SignInPrompt {...words} session={session} onSignIn={onSignIn} />
}

interface SignInPromptProps extends SignInWords {
  session: Exclude<SessionState, { status: 'ready' }>
  onSignIn: () => void
}

function SignInPrompt({ id, title, reason, session, onSignIn }: SignInPromptProps) {
  const busy = session.status === 'loading'
  return (
    <View className='card sign-in-gate' id={id}>
      <View className='card__title'>{title}</View>
      <View className='card__text'>{reason}</View>
      {session.status === 'error' ? <View className='sign-in-gate__error'>{`没能登录：${session.error.message}`}</View> : null}
      <View className='sign-in-gate__actions'>
        <Button type='primary' className='tap-target sign-in-gate__button' loading={busy} disabled={busy} onClick={onSignIn}>
          登录
        </Button>
      </View>
    </View>
  )
}
