/**
 * A new person opens the H5 app, looks around, sets up a profile on 我的, reloads and finds it kept.
 * Taro's H5 buttons answer touch taps, so the phone context has touch and the test uses tap().
 */
import type { Browser } from 'playwright-core'
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

test('a new user lands on 首页, switches tabs, sets a profile on 我的, reloads and sees it kept', async () => {
  const context = await newPhone(browser)
  const page = await context.newPage()
  const pageErrors: string[] = []
  page.on('pageerror', (e) => pageErrors.push(e.message))

  await page.goto(`${cloud.url}/`)
  await page.waitForURL(/pages\/home\/index/)
  await visible(page.locator('.home__name').getByText('友邻空间'))

  await tabBar(page, '课程').tap()
  await page.waitForURL(/pages\/courses\/index/)
  await tabBar(page, '服务').tap()
  await page.waitForURL(/pages\/services\/index/)
  await tabBar(page, '我的').tap()
  await page.waitForURL(/pages\/me\/index/)

  // The first use of personal data asks for consent to the privacy notice.
  await page.locator('#privacy-agree').tap()

  await page.locator('#profile-nickname input').fill('小马哥')
  await page.locator('#profile-group').getByText('外卖骑手', { exact: true }).tap()
  await page.locator('#profile-community input').fill('酒泉路街道')
  await page.locator('#free-time-add').tap()
  await page.locator('#profile-save').tap()
  await visible(page.getByText('已保存'))

  await page.reload()
  await page.waitForURL(/pages\/me\/index/)
  await visible(page.locator('#profile-name').getByText('小马哥'))
  expect(await page.locator('#profile-community input').inputValue()).toBe('酒泉路街道')

  // What the page shows is what the cloud stored for this browser's own identity.
  const openid = await page.evaluate(() => (JSON.parse(window.localStorage.getItem('youlin.h5.openid') ?? 'null') as { data?: string } | null)?.data)
  expect(openid).toMatch(/^h5-/)
  const { profile } = data((await cloud.call('user', 'login', {}, openid)).body)
  expect(profile).toMatchObject({ nickname: '小马哥', group: 'rider', community: '酒泉路街道' })
  expect(profile.freeTimes).toHaveLength(1)
  expect(profile.privacyConsentAt).toEqual(expect.any(Number))
  expect(pageErrors).toEqual([])
  await context.close()
})
