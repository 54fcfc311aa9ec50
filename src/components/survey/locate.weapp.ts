/** A location answer on WeChat: the place picked on WeChat's map (GCJ-02 already), with its name. */
import Taro from '@tarojs/taro'
import type { Locator } from './locate-types'

const errMsgOf = (err: unknown): string =>
  typeof err === 'object' && err !== null && typeof (err as { errMsg?: unknown }).errMsg === 'string' ? (err as { errMsg: string }).errMsg : ''

export const locator: Locator = {
  label: '在地图上选择',
  hint: '在地图上选一个大致位置即可，不必精确到门牌。',
  locate: async () => {
    try {
      const picked = await Taro.chooseLocation({})
      return { ok: true, point: { lat: picked.latitude, lng: picked.longitude }, ...(picked.name ? { name: picked.name } : {}) }
    } catch (err) {
      const errMsg = errMsgOf(err)
      if (/cancel/i.test(errMsg)) return null
      if (/auth|deny|denied|permission/i.test(errMsg)) return { ok: false, message: '没有使用位置的权限，请在右上角“设置”中允许后再试' }
      return { ok: false, message: '没能打开地图，请稍后再试' }
    }
  }
}
