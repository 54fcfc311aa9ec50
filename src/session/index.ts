/**
 * Who is using the app: one login per app run, shared by every page (我的, 管理端 …).
 * Order matters: privacy consent first, then `user.login`, then the consent is recorded on the server.
 */
import { useSyncExternalStore } from 'react'
import type { Fail, Result, UpdateProfileInput, UpdateProfileOutput, UserProfile } from '@core/api'
import { call } from '@/cloud/call'
import { privacyConsent } from '@/privacy/privacy'

export type SessionState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'needs-consent' }
  | { status: 'error'; error: Fail }
  | { status: 'ready'; openid: string; profile: UserProfile }

let state: SessionState = { status: 'idle' }
let inflight: Promise<Fail | undefined> | null = null
const listeners = new Set<() => void>()

function setState(next: SessionState): void {
  state = next
  listeners.forEach((l) => l())
}

export const getSession = (): SessionState => state

async function login(): Promise<Fail | undefined> {
  if (state.status !== 'ready') setState({ status: 'loading' })
  if (!(await privacyConsent.ensure())) {
    setState({ status: 'needs-consent' })
    return undefined
  }
  const res = await call('user', 'login', {})
  if (!res.ok) {
    // A failed refresh keeps what is already on screen; the caller decides how to mention it.
    if (state.status !== 'ready') setState({ status: 'error', error: res })
    return res
  }
  let profile = res.data.profile
  if (profile.privacyConsentAt === undefined) {
    const recorded = await call('user', 'updateProfile', { privacyConsent: true })
    if (recorded.ok) profile = recorded.data.profile
  }
  setState({ status: 'ready', openid: res.data.openid, profile })
  return undefined
}

/** Logs in (or refreshes the profile). Concurrent callers share one request. Resolves with the Fail, if any. */
export function signIn(): Promise<Fail | undefined> {
  if (!inflight) {
    inflight = login().finally(() => {
      inflight = null
    })
  }
  return inflight
}

/**
 * Signs in only when the privacy notice was agreed before, never asking: the 课程 page reads free time for its
 * default filter this way, and a first visit there does not open the privacy notice.
 */
export async function signInQuietly(): Promise<void> {
  if (state.status !== 'idle' || !(await privacyConsent.given())) return
  await signIn()
}

export async function saveProfile(input: UpdateProfileInput): Promise<Result<UpdateProfileOutput>> {
  const res = await call('user', 'updateProfile', input)
  if (res.ok && state.status === 'ready') setState({ ...state, profile: res.data.profile })
  return res
}

/**
 * Forgets the signed-in person after 我的数据 erased their account: every page that needs a profile signs in again,
 * which starts a fresh, empty one.
 */
export function endSession(): void {
  setState({ status: 'idle' })
}

const subscribe = (listener: () => void) => {
  listeners.add(listener)
  return () => {
    listeners.delete(listener)
  }
}

export function useSession(): SessionState {
  return useSyncExternalStore(subscribe, getSession)
}
