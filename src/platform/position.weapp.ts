/** WeChat asks the person once (the reason is in app.config's permission) and answers in GCJ-02 directly. */
import Taro from '@tarojs/taro'
import type { PositionReader } from './types'

export const position: PositionReader = {
  read: async () => {
    try {
      const { latitude, longitude } = await Taro.getLocation({ type: 'gcj02' })
      return { ok: true, point: { lat: latitude, lng: longitude } }
    } catch {
      return { ok: false, code: 'FORBIDDEN', message: '没能获取位置。可以在设置里允许使用位置，或直接按名称找服务。' }
    }
  }
}
