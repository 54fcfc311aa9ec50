/**
 * Opening a page in a browser. Every page of the H5 build is a lazily loaded chunk, and when that chunk fails to load
 * (offline, a dropped connection) Taro has already changed the address and the tab bar has already highlighted the
 * tapped tab, yet the old page stays and nothing says why. So every call that opens a page (navigateTo, redirectTo,
 * switchTab, reLaunch) first loads the page's chunk and only then lets Taro navigate: `start` wraps those functions on
 * the Taro object, where the pages and the tab bar's taps look them up, since Taro's H5 router has no hook before a
 * route loads. A page that cannot load changes nothing: the page shown stays as it was, the highlight goes back to it,
 * and a dialog says 网络不太好，页面没有打开 with 重试. A chunk failing on any other way in (the first page of a shared
 * link, the browser's own back button) gets the same dialog; there 重试 reloads.
 *
 * Going back from the only page (one opened from a shared link) would make Taro's H5 router reload that page, a form
 * and all, where WeChat would stay put; it leads to 首页 instead, as the title bar's 首页 button does.
 *
 * Only the latest request counts: a page whose chunk arrives after the person has asked for another is not opened.
 * Callers `void` these calls, so a page that did not open resolves with a `fail` result rather than rejecting: the
 * person has been told already.
 *
 * Taro's own H5 navigation bar stays hidden in this app but still receives every title, as HTML: its title slot is
 * removed once the app is mounted, so a course title can never become markup. The visible title bar is
 * components/page-shell/title-bar.h5.tsx.
 */
import Taro from '@tarojs/taro'
import { palette } from '@/theme/tokens'
import { announceShownPage, findRoute, homeUrl, LAUNCH_EVENT, TARO_TITLE_SLOT } from './h5-runtime'
import type { PageNavigation } from './types'

interface OpenOption {
  url: string
  fail?: (res: TaroGeneral.CallbackResult) => void
  complete?: (res: TaroGeneral.CallbackResult) => void
}

type Opener<O extends OpenOption> = (option: O) => Promise<TaroGeneral.CallbackResult>

/** webpack's script chunks fail with a ChunkLoadError, its CSS chunks with the code CSS_CHUNK_LOAD_FAILED. */
function isChunkFailure(reason: unknown): boolean {
  return reason instanceof Error && (reason.name === 'ChunkLoadError' || (reason as Error & { code?: unknown }).code === 'CSS_CHUNK_LOAD_FAILED')
}

let dialogShown = false

/** One dialog at a time: more taps while it is up (on other tabs, say) add nothing. */
async function sayPageDidNotOpen(retry: () => void): Promise<void> {
  if (dialogShown) return
  dialogShown = true
  try {
    const { confirm } = await Taro.showModal({
      title: '网络不太好，页面没有打开',
      content: '请检查网络，再点「重试」。',
      confirmText: '重试',
      cancelText: '取消',
      confirmColor: palette.primary
    })
    if (confirm) retry()
  } finally {
    dialogShown = false
  }
}

let latestRequest = 0

function loadingFirst<O extends OpenOption>(name: string, open: Opener<O>): Opener<O> {
  const guarded: Opener<O> = async (option) => {
    const request = ++latestRequest
    const didNotOpen = (reason: string): TaroGeneral.CallbackResult => {
      const res = { errMsg: `${name}:fail ${reason}` }
      option.fail?.(res)
      option.complete?.(res)
      return res
    }
    try {
      await findRoute(option.url)?.load()[0]
    } catch (error) {
      // Anything but a failed download is a bug in the page itself: let it surface.
      if (!isChunkFailure(error)) throw error
      if (request === latestRequest) {
        announceShownPage()
        void sayPageDidNotOpen(() => void guarded(option))
      }
      return didNotOpen('the page could not be loaded')
    }
    if (request !== latestRequest) return didNotOpen('another page was asked for meanwhile')
    return open(option)
  }
  return guarded
}

export const pageNavigation: PageNavigation = {
  start: () => {
    Taro.navigateTo = loadingFirst('navigateTo', Taro.navigateTo.bind(Taro))
    Taro.redirectTo = loadingFirst('redirectTo', Taro.redirectTo.bind(Taro))
    Taro.switchTab = loadingFirst('switchTab', Taro.switchTab.bind(Taro))
    Taro.reLaunch = loadingFirst('reLaunch', Taro.reLaunch.bind(Taro))
    const goBack = Taro.navigateBack.bind(Taro)
    Taro.navigateBack = (option) => (Taro.getCurrentPages().length > 1 ? goBack(option) : Taro.switchTab({ url: homeUrl() }))
    window.addEventListener('unhandledrejection', (event) => {
      if (!isChunkFailure(event.reason)) return
      event.preventDefault()
      announceShownPage()
      void sayPageDidNotOpen(() => window.location.reload())
    })
    Taro.eventCenter.once(LAUNCH_EVENT, () => document.querySelector(TARO_TITLE_SLOT)?.remove())
  }
}
