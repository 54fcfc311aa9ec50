/** WeChat reports the network type ('none' when offline) and each change of it. */
import Taro from '@tarojs/taro'
import type { NetworkWatch } from './types'

export const network: NetworkWatch = {
  online: async () => {
    try {
      return (await Taro.getNetworkType()).networkType !== 'none'
    } catch {
      return true
    }
  },
  watch: (listener) => {
    const heard = (status: { isConnected: boolean }) => listener(status.isConnected)
    Taro.onNetworkStatusChange(heard)
    return () => Taro.offNetworkStatusChange(heard)
  }
}
