/** On WeChat: the platform's own question when the back button or gesture would leave the page. */
import Taro from '@tarojs/taro'
import type { LeaveGuard } from './survey-builder-leave-types'

export const leaveGuard: LeaveGuard = {
  hold: (message) => {
    void Taro.enableAlertBeforeUnload({ message })
    return () => void Taro.disableAlertBeforeUnload()
  }
}
