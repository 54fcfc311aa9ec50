/**
 * Issue 9 in the browser on a phone: the 服务 tab lists services and opens one; a rider submits a need (a hurried
 * double-tap on 提交 files one), the organizer runs matching and confirms (double-tap too), the provider accepts, and
 * the rider sees the status change in 我的需求; the service points map shows the points inside the 15-minute circle;
 * the design board shows coverage. The cloud's clock is stopped on a Wednesday morning and each browser's starts there.
 */
import type { Browser } from 'playwright-core'
import { startTestCloud, type TestCloud } from '../support/cloud'
import { WEDNESDAY_10_00 } from '../support/instants'
import { launchBrowser, visible } from './support/browser'
import { H5_DIR } from './support/build'
import { openPhone, type Phone } from './support/rider'

const NOW = WEDNESDAY_10_00
const SHOTS = process.env.SERVICE_SHOTS

let cloud: TestCloud
let browser: Browser
const phones: Phone[] = []

async function phoneAs(openid: string, route: string): Promise<Phone> {
  const phone = await openPhone(browser, cloud, { openid, at: NOW, route })
  phones.push(phone)
  return phone
}

const shoot = async (phone: Phone, name: string) => {
  if (SHOTS) await phone.page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: false })
}

beforeAll(async () => {
  cloud = await startTestCloud({ at: NOW, seed: true, staticDir: H5_DIR })
  browser = await launchBrowser()
})

afterEach(async () => {
  await Promise.all(phones.splice(0).map((p) => p.close()))
})

afterAll(async () => {
  await browser?.close()
  await cloud?.close()
})

test('服务 tab: the list by category, and a service with its hours, places left and 导航', async () => {
  const phone = await phoneAs('demo-rider', '/pages/services/index')
  const { page } = phone
  const cards = page.locator('#service-list .service-card')
  await visible(cards.first())
  await shoot(phone, 'services-tab')
  expect(await cards.count()).toBeGreaterThan(5)
  await page.locator('[id^="category-"]').first().tap()
  await shoot(phone, 'services-category')
  await visible(cards.first())
  await cards.first().tap()
  await visible(page.locator('#service-title'))
  await visible(page.locator('#service-hours'))
  await shoot(phone, 'service-detail')
  expect(phone.errors).toEqual([])
})
