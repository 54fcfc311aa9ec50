/** The app's one way to report a failed action that needs acknowledging: a themed alert with the function's message. */
import Taro from '@tarojs/taro'
import type { Fail } from '@core/api'
import { palette } from '@/theme/tokens'

export function alertFail(title: string, fail: Fail): void {
  void Taro.showModal({ title, content: fail.message, showCancel: false, confirmText: '知道了', confirmColor: palette.primary })
}
