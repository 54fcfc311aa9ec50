/**
 * Loading one piece of remote data for a screen: the first load shows loading → ready | error; later reloads
 * (pull-down refresh, coming back to the page, after an action) keep what is on screen and only report a failure
 * in a toast, so a flaky connection never blanks a list someone is reading. Screens render the handle through
 * components/remote-view.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import Taro, { useDidShow, usePullDownRefresh } from '@tarojs/taro'
import type { Fail, Result } from '@core/api'

export type Remote<T> = { status: 'loading' } | { status: 'error'; error: Fail } | { status: 'ready'; data: T }

const LOADING = { status: 'loading' } as const

export interface RemoteHandle<T> {
  state: Remote<T>
  /** The loaded data, for what a screen derives from it outside its RemoteView; undefined until the first success. */
  data: T | undefined
  /** Loads again; resolves when done (for stopPullDownRefresh). */
  reload: () => Promise<void>
  /** Replaces the shown data after a successful action, without a request. */
  update: (change: (data: T) => T) => void
}

/**
 * `load` runs on mount and whenever `key` changes. `key === null` means "not ready to load yet" (e.g. a page
 * parameter still missing): the state stays loading. Answers to superseded requests are dropped.
 */
export function useRemote<T>(key: string | null, load: () => Promise<Result<T>>): RemoteHandle<T> {
  const [state, setState] = useState<Remote<T>>(LOADING)
  // A new key shows loading at once, set while rendering (not from an effect) so the old data never paints again.
  const [loadedKey, setLoadedKey] = useState(key)
  if (loadedKey !== key) {
    setLoadedKey(key)
    setState(LOADING)
  }
  const seq = useRef(0)
  // What reload needs from the latest render; reload itself stays stable so effects keyed on it run once per key.
  const latest = useRef({ load, status: state.status })
  useEffect(() => {
    latest.current = { load, status: state.status }
  })

  const reload = useCallback(async () => {
    const mine = ++seq.current
    // A retry after a failed first load shows the skeleton again, so the tap on 重试 visibly does something.
    if (latest.current.status === 'error') setState(LOADING)
    const res = await latest.current.load()
    if (mine !== seq.current) return
    if (res.ok) setState({ status: 'ready', data: res.data })
    else if (latest.current.status === 'ready') void Taro.showToast({ title: res.message, icon: 'none' })
    else setState({ status: 'error', error: res })
  }, [])

  useEffect(() => {
    if (key !== null) void reload()
  }, [key, reload])

  const update = useCallback((change: (data: T) => T) => {
    setState((s) => (s.status === 'ready' ? { status: 'ready', data: change(s.data) } : s))
  }, [])

  return { state, data: state.status === 'ready' ? state.data : undefined, reload, update }
}

/**
 * The list behaviours every data screen shares: pull-down refresh (the page config sets enablePullDownRefresh), and
 * a quiet reload when the person comes back to the page (e.g. after booking on the detail page). A show while the
 * first load is still running (the page's own first show) does not start a second one.
 */
export function useRefreshing<T>(remote: RemoteHandle<T>): void {
  const status = useRef(remote.state.status)
  useEffect(() => {
    status.current = remote.state.status
  })
  useDidShow(() => {
    if (status.current !== 'loading') void remote.reload()
  })
  usePullDownRefresh(() => {
    void remote.reload().finally(() => Taro.stopPullDownRefresh())
  })
}
