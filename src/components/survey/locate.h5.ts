/**
 * A location answer in a browser: the phone's current position. Browsers report WGS-84; answers are GCJ-02 (what
 * WeChat's map and the centres' coordinates use), so the position is shifted before it is answered.
 */
import Taro from '@tarojs/taro'
import { wgs84ToGcj02 } from './gcj02'
import type { Locator } from './locate-types'

export const locator: Locator = {
  label: '使用我现在的位置',
  hint: '网页版不能在地图上选点，可以用手机当前的位置；在微信小程序里可以在地图上选择。',
  locate: async () => {
    try {
      const at = await Taro.getLocation({ type: 'wgs84' })
      return { ok: true, point: wgs84ToGcj02({ lat: at.latitude, lng: at.longitude }) }
    } catch {
      return { ok: false, message: '没能获取当前位置：请允许浏览器使用位置后再试，或在微信小程序里在地图上选择。这道题不是必答时也可以跳过。' }
    }
  }
}
