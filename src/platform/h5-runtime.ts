/**
 * What the H5 shell reads from Taro's H5 runtime beyond its public API, in one place so a Taro upgrade (package.json
 * pins 4.2.1) has one file to check; test/e2e/h5-shell.test.ts fails if any of it moves. Imported only by `.h5`
 * files: the weapp build never includes it.
 *
 * - Taro's generated H5 entry leaves the app config on `window.__taroAppConfig`: every page's route with the loader
 *   of its lazily loaded chunk, and the tab bar's pages.
 * - Events on Taro.eventCenter: the router announces each route change to the tab bar (which highlights the tab from
 *   it), announces launch once the app's DOM is mounted, and Taro.setNavigationBarTitle announces a new title.
 * - Taro's own H5 navigation bar (hidden in this app, which draws its own) and the slot it writes titles into.
 */
import Taro from '@tarojs/taro'

interface H5Route {
  /** 'pages/home/index' */
  path: string
  /** Starts loading the page's chunk; the first element settles when the page's module is ready. */
  load: () => [Promise<unknown>, ...unknown[]]
}

interface H5AppConfig {
  routes?: H5Route[]
  tabBar?: { list: Array<{ pagePath: string }> }
}

export const ROUTE_CHANGE_EVENT = '__taroRouterChange'
export const LAUNCH_EVENT = '__taroRouterLaunch'
export const TITLE_EVENT = '__taroH5SetNavigationBarTitle'
export const TARO_TITLE_SLOT = '#taro-navigation-bar .taro-navigation-bar-title'

const appConfig = (): H5AppConfig => (window as Window & { __taroAppConfig?: H5AppConfig }).__taroAppConfig ?? {}

/** The form routes are written in: 'pages/home/index' for '/pages/home/index?x=1'. */
export const routeOf = (url: string): string => url.split('?')[0].replace(/^\/+/, '')

export const findRoute = (url: string): H5Route | undefined => appConfig().routes?.find((r) => r.path === routeOf(url))

export const isTabPage = (url: string): boolean => (appConfig().tabBar?.list ?? []).some((tab) => routeOf(tab.pagePath) === routeOf(url))

/** Where Taro starts the app, so where 首页 leads. */
export const homeUrl = (): string => `/${appConfig().routes?.[0]?.path ?? 'pages/home/index'}`

/** The tab bar highlights the tab of the page the router last announced; this announces the page actually shown. */
export function announceShownPage(): void {
  const pages = Taro.getCurrentPages()
  const shown = pages[pages.length - 1]?.route
  if (shown) Taro.eventCenter.trigger(ROUTE_CHANGE_EVENT, { toLocation: { path: `/${routeOf(shown)}` } })
}
