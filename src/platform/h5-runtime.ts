/**
 * What the H5 shell reads from Taro's H5 runtime beyond its public API, in one place so a Taro upgrade (package.json
 * pins 4.2.1) has one file to check; test/e2e/h5-shell.test.ts fails if any of it moves. Imported only by `.h5`
 * files: the weapp build never includes it.
 *
 * - Taro's generated H5 entry leaves the app config on `window.__taroAppConfig`: every page's route, and the tab
 *   bar's pages.
 * - Events on Taro.eventCenter: the router announces launch once the app's DOM is mounted, and
 *   Taro.setNavigationBarTitle announces a new title.
 * - Taro's own H5 navigation bar (hidden in this app, which draws its own) and the slot it writes titles into.
 */
interface H5Route {
  /** 'pages/home/index' */
  path: string
}

interface H5AppConfig {
  routes?: H5Route[]
  tabBar?: { list: Array<{ pagePath: string }> }
}

export const LAUNCH_EVENT = '__taroRouterLaunch'
export const TITLE_EVENT = '__taroH5SetNavigationBarTitle'
export const TARO_TITLE_SLOT = '#taro-navigation-bar .taro-navigation-bar-title'

const appConfig = (): H5AppConfig => (window as Window & { __taroAppConfig?: H5AppConfig }).__taroAppConfig ?? {}

/** The form routes are written in: 'pages/home/index' for '/pages/home/index?x=1'. */
export const routeOf = (url: string): string => url.split('?')[0].replace(/^\/+/, '')

export const isTabPage = (url: string): boolean => (appConfig().tabBar?.list ?? []).some((tab) => routeOf(tab.pagePath) === routeOf(url))

/** Where Taro starts the app, so where 首页 leads. */
export const homeUrl = (): string => `/${appConfig().routes?.[0]?.path ?? 'pages/home/index'}`
