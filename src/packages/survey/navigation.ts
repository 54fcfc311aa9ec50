/**
 * Going back to the questionnaire list from a page that replaced the filling: back down the stack when the list is
 * right below (it refreshes itself on show), otherwise in place — the page may have been opened from a shared link
 * with nothing below it.
 */
import Taro from '@tarojs/taro'

export const LIST_ROUTE = 'packages/survey/index'

export function backToList(): void {
  const pages = Taro.getCurrentPages()
  const below = pages.length > 1 ? pages[pages.length - 2] : undefined
  if (below?.route?.replace(/^\//, '') === LIST_ROUTE) void Taro.navigateBack({ delta: 1 })
  else void Taro.redirectTo({ url: `/${LIST_ROUTE}` })
}
