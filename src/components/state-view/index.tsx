/** The three states every data-driven screen has besides its content: loading, nothing there, and failure. */
import type { ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
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

/**
 * The title and description in our own elements: NutUI's are sized in CSS px, which H5's px conversion skips for its
 * classes, so a larger text setting would not reach them.
 */
const titled = (title: string) => <Text className='state-view__title'>{title}</Text>
const described = (description: ReactNode) => (description === undefined || description === null ? undefined : <Text className='state-view__description'>{description}</Text>)

export function EmptyView({ title, description, children }: EmptyViewProps) {
  return (
    <Empty className='state-view' image={emptyImage} imageSize={120} title={titled(title)} description={described(description)}>
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
    <Empty className='state-view state-view--error' image={errorImage} imageSize={120} title={titled('没能加载出来')} description={described(message)}>
      <View className='state-view__actions'>
        <Button type='primary' className='tap-target retry-button' onClick={onRetry}>
          重试
        </Button>
      </View>
    </Empty>
  )
}
