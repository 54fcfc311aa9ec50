/**
 * In a browser: Taro has no alert before unload here, so while held, the app's way back (the title bar's 返回 and
 * every navigateBack) asks first and stays on a 取消 with a `fail` result (the title bar then lets it be tapped
 * again), and closing or reloading the tab gets the browser's own question.
 */
import Taro from '@tarojs/taro'
import { palette } from '@/theme/tokens'
import type { LeaveGuard } from './survey-builder-leave-types'

export const leaveGuard: LeaveGuard = {
  hold: (message) => {
    // The very function in place (the app's own navigateBack, navigation.h5.ts), to put back exactly as it was.
    const goBack = Reflect.get<typeof Taro, 'navigateBack'>(Taro, 'navigateBack')
    Taro.navigateBack = async (option) => {
      const { confirm } = await Taro.showModal({ title: '还没有保存', content: message, confirmText: '离开', cancelText: '继续编辑', confirmColor: palette.danger })
      return confirm ? goBack(option) : { errMsg: 'navigateBack:fail the organizer stayed to save' }
    }
    const onUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault()
    }
    window.addEventListener('beforeunload', onUnload)
    return () => {
      Taro.navigateBack = goBack
      window.removeEventListener('beforeunload', onUnload)
    }
  }
}
