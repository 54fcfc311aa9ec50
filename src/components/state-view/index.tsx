/** The three states every data-driven screen has besides its content: loading, nothing there, and failure. */
import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import { Button, Empty, Skeleton } from '@nutui/nutui-react-taro'
import emptyImage from '@/assets/state/empty.png'
import errorImage from '@/assets/state/error.png'
import './index.scss'

export function LoadingView({ rows = 4 }: { rows?: number }) {
  return (
    <View className='state-view state-view--loading' aria-busy='true' aria-label='加载中'>
      <Skeleton rows={rows} animated />
    </View>
  )
}

export interface EmptyViewProps {
  title: string
  description?: ReactNode
  children?: ReactNode
}

export function EmptyView({ title, description, children }: EmptyViewProps) {
  return (
    <Empty className='state-view' image={emptyImage} imageSize={120} title={title} description={description}>
      {children}
    </Empty>
  )
}

export interface ErrorViewProps {
  message: string
  onRetry: () => void
}

export function ErrorView({ message, onRetry }: ErrorViewProps) {
  return (
    <Empty className='state-view state-view--error' image={errorImage} imageSize={120} title='没能加载出来' description={message}>
      <View className='state-view__actions'>
        <Button type='primary' className='tap-target retry-button' onClick={onRetry}>
          重试
        </Button>
      </View>
    </Empty>
  )
}
