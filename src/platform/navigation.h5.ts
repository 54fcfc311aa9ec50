/**
 * Page navigation in a browser, where Taro's H5 router differs from WeChat's:
 *
 * Going back from the only page (one opened from a shared link) would make Taro's H5 router reload that page, a form
 * and all, where WeChat would stay put; it leads to 首页 instead, as the title bar's 首页 button does.
 *
 * Taro's own H5 navigation bar stays hidden in this app but still receives every title, as HTML: its title slot is
 * removed once the app is mounted, so a course title can never become markup. The visible title bar is
 * components/page-shell/title-bar.h5.tsx.
 */
import Taro from '@tarojs/taro'
import { homeUrl, LAUNCH_EVENT, TARO_TITLE_SLOT } from './h5-runtime'
import type { PageNavigation } from './types'

export const pageNavigation: PageNavigation = {
  start: () => {
    const goBack = Taro.navigateBack.bind(Taro)
    Taro.navigateBack = (option) => (Taro.getCurrentPages().length > 1 ? goBack(option) : Taro.switchTab({ url: homeUrl() }))
    Taro.eventCenter.once(LAUNCH_EVENT, () => document.querySelector(TARO_TITLE_SLOT)?.remove())
  }
}
