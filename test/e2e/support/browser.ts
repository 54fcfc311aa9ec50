import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core'

/** Debian's chromium, driven headless; the flags keep it off the (closed) network and working as root. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync'
    ]
  })
}

/** A phone-sized touch context: Taro's H5 buttons react to touch taps, not mouse clicks. */
export function newPhone(browser: Browser): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai'
  })
}

/** The H5 tab bar item with this label. */
export const tabBar = (page: Page, label: string): Locator => page.locator('.taro-tabbar__tabbar').getByText(label, { exact: true })

/** Waits until the element is shown (fails the test with Playwright's message after the timeout). */
export const visible = (locator: Locator): Promise<void> => locator.waitFor({ state: 'visible', timeout: 15_000 })
