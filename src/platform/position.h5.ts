/**
 * A browser reports WGS-84, a few hundred metres from the GCJ-02 points in our lists, so the position is shifted first
 * (the same conversion a questionnaire's location answer uses). A person who says no gets the same answer as on weapp.
 */
import Taro from '@tarojs/taro'
import { wgs84ToGcj02 } from '@/components/survey/gcj02'
import type { PositionReader } from './types'

export const position: PositionReader = {
  read: async () => {
    try {
      const at = await Taro.getLocation({ type: 'wgs84' })
      return { ok: true, point: wgs84ToGcj02({ lat: at.latitude, lng: at.longitude }) }
    } catch {
      return { ok: false, code: 'FORBIDDEN', message: '没能获取位置。可以在浏览器设置里允许使用位置，或直接按名称找服务。' }
    }
  }
}
