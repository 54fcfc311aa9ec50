/**
 * The one way a screen shows remote data (a useRemote handle): a skeleton while the first load runs, the failure with
 * 重试, an empty state when the loaded data has nothing to show, else the content. Later reloads (pull-down refresh,
 * coming back, after an action) keep the content on screen and report a failure in a toast — useRemote decides that —
 * so only a first load ever shows the skeleton or the error here.
 */
import type { ReactNode } from 'react'
import type { RemoteHandle } from '@/cloud/use-remote'
import { EmptyView, ErrorView, LoadingView, type EmptyViewProps } from '@/components/state-view'

export interface RemoteEmpty<T> extends EmptyViewProps {
  /** Whether the loaded data has nothing to show. */
  when: (data: T) => boolean
}

export interface RemoteViewProps<T> {
  remote: Pick<RemoteHandle<T>, 'state' | 'reload'>
  /** Skeleton rows while the first load runs: about the height of what is coming. */
  rows?: number
  empty?: RemoteEmpty<T>
  children: (data: T) => ReactNode
}

export default function RemoteView<T>({ remote, rows, empty, children }: RemoteViewProps<T>) {
  const { state } = remote
  if (state.status === 'loading') return <LoadingView rows={rows} />
  if (state.status === 'error') return <ErrorView message={state.error.message} onRetry={() => void remote.reload()} />
  if (empty?.when(state.data)) {
    return (
      <EmptyView title={empty.title} description={empty.description}>
        {empty.children}
      </EmptyView>
    )
  }
  return <>{children(state.data)}</>
}
