/**
 * The H5 shell around the pages (issue 7, bug 14). WeChat draws a navigation bar with a back arrow and loads
 * subpackages itself; in a browser the app has to: a subpage gets a title bar with 返回 (or 首页 when a shared link
 * opened it), a page that cannot load offline says so instead of leaving a highlighted tab and the old page, and the
 * browser finds its favicon. Taro's H5 buttons answer touch taps, so taps are touch taps.
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core'
import { data, startTestCloud, type TestCloud } from '../support/cloud'
import { launchBrowser, newPhone, tabBar, visible } from './support/browser'
import { H5_DIR } from './support/build'

let cloud: TestCloud
let browser: Browser

beforeAll(async () => {
  cloud = await startTestCloud({ seed: true, staticDir: H5_DIR })
  browser = await launchBrowser()
})

afterAll(async () => {
  await browser?.close()
  await cloud?.close()
})

interface Phone {
  context: BrowserContext
  page: Page
  /** Uncaught errors of the page: none is expected, offline or not. */
  errors: string[]
}

async function openPhone(path = '/'): Promise<Phone> {
  const context = await newPhone(browser)
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(`${cloud.url}${path}`)
  return { context, page, errors }
}

/** The title bar of the page in front (pages below it stay in the document, hidden). */
const titleBar = (page: Page): Locator => page.locator('#title-bar:visible').last()

/** Waits until the page in front has slid into place, so what is measured is where it stays. */
const settled = (page: Page): Promise<unknown> =>
  page.waitForFunction(() => {
    const bars = Array.from(document.querySelectorAll('#title-bar')).filter((bar) => bar.getClientRects().length > 0)
    return bars.length === 1 && bars[0].getBoundingClientRect().left === 0
  })

/** The label of the highlighted tab. */
const selectedTab = (page: Page): Promise<string> => page.locator('.taro-tabbar__tabbar .weui-bar__item_on .weui-tabbar__label').innerText()

/** The size a finger needs: at least 44×44 CSS px. */
async function expectTappable(target: Locator): Promise<void> {
  const box = await target.boundingBox()
  expect(box).not.toBeNull()
  expect(box!.width).toBeGreaterThanOrEqual(44)
  expect(box!.height).toBeGreaterThanOrEqual(44)
}

test('a subpage opened from 课程 shows its title and a 返回 that leads back; tab pages have no title bar', async () => {
  const { context, page, errors } = await openPhone()
  await page.waitForURL(/pages\/home\/index/)
  await tabBar(page, '课程').tap()
  const card = page.locator('.courses .session-card').first()
  await visible(card)
  await expect(page.locator('#title-bar:visible').count()).resolves.toBe(0)

  const title = await card.getAttribute('data-title')
  await card.tap()
  await page.waitForURL(/packages\/course\/detail/)
  const bar = titleBar(page)
  await visible(bar)
  // The page names itself after the course once it has loaded (setNavigationBarTitle).
  await visible(bar.locator('.title-bar__title', { hasText: title! }))
  await settled(page)
  await expect(bar.locator('#title-bar-home').count()).resolves.toBe(0)
  const back = bar.locator('#title-bar-back')
  await expectTappable(back)

  await back.tap()
  await page.waitForURL(/pages\/courses\/index/)
  await visible(page.locator('.courses .session-card').first())
  expect(await selectedTab(page)).toBe('课程')
  expect(errors).toEqual([])
  await context.close()
})

test('a subpage opened straight from a shared link offers 首页, since there is nothing to go back to', async () => {
  const { context, page, errors } = await openPhone('/#/packages/course/bookings')
  const bar = titleBar(page)
  await visible(bar.locator('.title-bar__title', { hasText: '我的预约' }))
  await settled(page)
  await expect(bar.locator('#title-bar-back').count()).resolves.toBe(0)
  const home = bar.locator('#title-bar-home')
  await expectTappable(home)

  await home.tap()
  await page.waitForURL(/pages\/home\/index/)
  await visible(page.locator('.home__name'))
  expect(await selectedTab(page)).toBe('首页')
  expect(errors).toEqual([])
  await context.close()
})

test('a page that goes back when done, opened from a shared link, lands on 首页 instead of reloading itself', async () => {
  const { context, page: first } = await openPhone('/?as=demo-organizer')
  await tabBar(first, '我的').tap()
  await first.locator('#privacy-agree').tap()
  await first.close()
  // The link opens in a new tab of the same browser: the same person, no history.
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(`${cloud.url}/#/packages/organizer/generate?courseId=course-langsong`)
  await visible(page.locator('#generate-submit'))
  await page.locator('#rule-weekday-3').tap()
  await page.locator('#generate-submit').tap()

  await page.waitForURL(/pages\/home\/index/)
  await visible(page.locator('.home__name'))
  expect(errors).toEqual([])
  await context.close()
})

test('a course title written like HTML stays plain text in the title bar and never runs', async () => {
  const title = '<img src=x onerror=xss=1>瑜伽'
  const form = { title, category: '健康', description: '', cover: '', instructor: '', venueId: 'venue-youlin' } as const
  const courseId = data((await cloud.call('course', 'saveCourse', form, 'demo-organizer')).body).course._id

  const { context, page, errors } = await openPhone(`/#/packages/course/detail?courseId=${encodeURIComponent(courseId)}`)
  await visible(page.locator('#detail-title', { hasText: title }))
  // Give a smuggled image time to fail and fire its handler.
  await page.waitForTimeout(500)
  expect(await page.evaluate(() => (window as unknown as { xss?: number }).xss)).toBeUndefined()
  expect(await page.locator('img[src="x"]').count()).toBe(0)
  await visible(titleBar(page).locator('.title-bar__title', { hasText: title }))
  expect(errors).toEqual([])
  await context.close()
})

test('with text enlarged 1.3×, the title bar and the tab bar still fit', async () => {
  const { context, page, errors } = await openPhone()
  await visible(page.locator('.home__name'))
  // As a larger system text size would: Taro sizes the root font from the screen width, everything else is rem.
  await page.evaluate(() => {
    const enlarged = document.createElement('style')
    enlarged.textContent = `html { font-size: ${parseFloat(getComputedStyle(document.documentElement).fontSize) * 1.3}px !important }`
    document.head.appendChild(enlarged)
  })

  await tabBar(page, '课程').tap()
  const tabs = page.locator('.taro-tabbar__tabbar')
  await visible(tabs)
  const tabBox = (await tabs.boundingBox())!
  for (const label of await page.locator('.taro-tabbar__tabbar .weui-tabbar__label').all()) {
    const box = (await label.boundingBox())!
    expect(box.y).toBeGreaterThanOrEqual(tabBox.y)
    expect(box.y + box.height).toBeLessThanOrEqual(tabBox.y + tabBox.height + 0.5)
  }

  await page.locator('.courses .session-card').first().tap()
  await page.waitForURL(/packages\/course\/detail/)
  const bar = titleBar(page)
  await visible(bar)
  await settled(page)
  await expectTappable(bar.locator('#title-bar-back'))
  const barBox = (await bar.boundingBox())!
  const titleBox = (await bar.locator('.title-bar__title').boundingBox())!
  // One line, inside the bar and the screen.
  expect(titleBox.y).toBeGreaterThanOrEqual(barBox.y)
  expect(titleBox.y + titleBox.height).toBeLessThanOrEqual(barBox.y + barBox.height + 0.5)
  expect(titleBox.x + titleBox.width).toBeLessThanOrEqual(390)
  const lines = await bar.locator('.title-bar__title').evaluate((el) => Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight)))
  expect(lines).toBe(1)
  expect(errors).toEqual([])
  await context.close()
})

test('offline, a tab that cannot load says why, keeps the highlight on the page shown, and opens on 重试', async () => {
  const { context, page, errors } = await openPhone()
  await page.waitForURL(/pages\/home\/index/)
  await visible(page.locator('.home__name'))

  await context.setOffline(true)
  await tabBar(page, '课程').tap()
  await visible(page.getByText('网络不太好，页面没有打开'))
  expect(await selectedTab(page)).toBe('首页')
  expect(page.url()).toMatch(/pages\/home\/index/)
  await expect(page.locator('.home__name').isVisible()).resolves.toBe(true)

  await context.setOffline(false)
  await page.getByText('重试', { exact: true }).tap()
  await page.waitForURL(/pages\/courses\/index/)
  await visible(page.locator('.courses .session-card').first())
  expect(await selectedTab(page)).toBe('课程')
  expect(errors).toEqual([])
  await context.close()
})

test('offline, a page opened from a subpage fails without losing that subpage, and 返回 still leads back', async () => {
  const { context, page, errors } = await openPhone('/?as=demo-organizer')
  await page.waitForURL(/pages\/home\/index/)
  await tabBar(page, '我的').tap()
  await page.locator('#privacy-agree').tap()
  await page.locator('#organizer-entry').tap()
  await page.locator('#organizer-courses .organizer-course').first().tap()
  await page.waitForURL(/packages\/organizer\/course\?/)
  const session = page.locator('#organizer-sessions .organizer-session').first()
  await visible(session)
  // A mark on the shown course page: a page rebuilt behind the person's back would lose it.
  await page.evaluate(() => {
    const shown = document.querySelectorAll('.organizer-session')
    shown[0].setAttribute('data-kept', 'yes')
  })

  await context.setOffline(true)
  await session.tap()
  await visible(page.getByText('网络不太好，页面没有打开'))
  expect(page.url()).toMatch(/packages\/organizer\/course\?/)
  await page.getByText('取消', { exact: true }).tap()

  await context.setOffline(false)
  await session.tap()
  await page.waitForURL(/packages\/organizer\/session\?/)
  await titleBar(page).locator('#title-bar-back').tap()
  await page.waitForURL(/packages\/organizer\/course\?/)
  await visible(page.locator('.organizer-session[data-kept="yes"]'))
  await titleBar(page).locator('#title-bar-back').tap()
  await page.waitForURL(/packages\/organizer\/index/)
  expect(errors).toEqual([])
  await context.close()
})

test('offline, an address changed outside the app (a typed link, the browser’s back button) also says why; 重试 reloads', async () => {
  const { context, page, errors } = await openPhone()
  await page.waitForURL(/pages\/home\/index/)
  await visible(page.locator('.home__name'))

  await context.setOffline(true)
  await page.evaluate(() => {
    window.location.hash = '#/pages/me/index'
  })
  await visible(page.getByText('网络不太好，页面没有打开'))
  expect(await selectedTab(page)).toBe('首页')

  await context.setOffline(false)
  await page.getByText('重试', { exact: true }).tap()
  await page.waitForURL(/pages\/me\/index/)
  await visible(page.locator('.me'))
  expect(await selectedTab(page)).toBe('我的')
  expect(errors).toEqual([])
  await context.close()
})

test('the browser finds the favicon: it is linked, served, and nothing the app loads is missing', async () => {
  const icon = await cloud.request('GET', '/favicon.ico')
  expect(icon.status).toBe(200)
  expect(icon.headers['content-type']).toBe('image/x-icon')
  // An ICO file: reserved 0, type 1 (icon), then at least one image.
  expect(icon.body.readUInt16LE(0)).toBe(0)
  expect(icon.body.readUInt16LE(2)).toBe(1)
  expect(icon.body.readUInt16LE(4)).toBeGreaterThan(0)

  const context = await newPhone(browser)
  const page = await context.newPage()
  const missing: string[] = []
  page.on('response', (r) => {
    if (r.status() >= 400) missing.push(`${r.status()} ${r.url()}`)
  })
  await page.goto(`${cloud.url}/`)
  await visible(page.locator('.home__name'))
  expect(await page.locator('link[rel="icon"]').first().getAttribute('href')).toBe('/favicon.ico')
  // Let the browser ask for the icon before checking what it got.
  await page.waitForTimeout(300)
  expect(missing).toEqual([])
  await context.close()
})
