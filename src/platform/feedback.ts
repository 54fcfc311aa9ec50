/**
 * How the app tells a person that something failed: a heading per error code, with the function's own message
 * (Chinese, for users) as the explanation under it, and one themed alert for failures that need acknowledging.
 */
import Taro from '@tarojs/taro'
import type { ErrorCode, Fail } from '@core/api'
import { palette } from '@/theme/tokens'

const ERROR_TITLES: Record<ErrorCode, string> = {
  INVALID_INPUT: '填写有误',
  UNAUTHENTICATED: '请先登录',
  FORBIDDEN: '没有权限',
  NOT_FOUND: '没有找到',
  CONFLICT: '没能完成',
  BOOKING_CLOSED: '现在不能预约',
  QUOTA_EXCEEDED: '超出预约上限',
  WAITLIST_FULL: '候补已满',
  CHECKIN_CLOSED: '不在签到时间',
  CONTENT_RISKY: '内容需要修改',
  RATE_LIMITED: '操作太频繁',
  INTERNAL: '出了点问题'
}

/** A heading for a failure; a code this build does not know yet reads as the general one. */
export const errorTitle = (code: ErrorCode): string => ERROR_TITLES[code] ?? ERROR_TITLES.INTERNAL

export function alertFail(title: string, fail: Fail): void {
  void Taro.showModal({ title, content: fail.message, showCancel: false, confirmText: '知道了', confirmColor: palette.primary })
}
