/**
 * RemoteView as a native custom component (built by `taro build native-components`, listed under `components` in
 * app.config.ts), for the component tests. A native host cannot pass a load function, so this wrapper loads from
 * `answers` — the replies of successive loads, the last one repeating — each after `delayMs`, shows the items as a
 * list, and has a 刷新 control standing in for pull-down refresh.
 */
import { useRef } from 'react'
import { Text, View } from '@tarojs/components'
import type { Result } from '@core/api'
import { useRemote } from '@/cloud/use-remote'
import RemoteView from './index'

export interface NativeRemoteViewProps {
  answers?: Result<string[]>[]
  delayMs?: number
}

export default function NativeRemoteView({ answers, delayMs }: NativeRemoteViewProps) {
  const calls = useRef(0)
  const remote = useRemote('items', () => {
    const replies = answers ?? []
    const reply = replies[Math.min(calls.current++, replies.length - 1)]
    return new Promise<Result<string[]>>((resolve) => setTimeout(() => resolve(reply), delayMs ?? 0))
  })
  return (
    <View>
      <View className='native-remote__refresh' onClick={() => void remote.reload()}>
        刷新
      </View>
      <RemoteView remote={remote} rows={2} empty={{ when: (items) => items.length === 0, title: '还没有内容', description: '有了会显示在这里。' }}>
        {(items) => (
          <View className='native-remote__items'>
            {items.map((item) => (
              <Text key={item} className='native-remote__item'>
                {item}
              </Text>
            ))}
          </View>
        )}
      </RemoteView>
    </View>
  )
}
