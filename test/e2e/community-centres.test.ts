/**
 * The centres directory on a phone: 首页's centre card shows 友邻空间 before anyone shares a position and opens its page
 * with its courses, services and figures; once the rider shares where they are (beside the 西固 centre), the card
 * names the nearest centre and 全部中心 lists every centre nearest first, 枣林西 open around the clock. The cloud's
 * clock is stopped on a Wednesday morning and the phone's starts there.
 */
import { WEDNESDAY_10_00 } from '../support/instants'
import { visible } from './support/browser'
import { centreOf, type Phone, riderStage, tapRepeatedly } from './support/rider'

const NOW = WEDNESDAY_10_00
const SHOTS = process.env.CENTRES_SHOTS

const stage = riderStage(NOW)

const shoot = async (phone: Phone, name: string, fullPage = false) => {
  if (!SHOTS) return
  // Past the page's slide-in.
  await phone.page.waitForTimeout(500)
  await phone.page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage })
}

test('首页 → 你的服务中心 (友邻空间) → its page: where, hours, areas, figures, its courses and services', async () => {
  const phone = await stage.open({ openid: 'demo-rider', at: NOW, route: '/pages/home/index' })
  const { page } = phone
  await visible(page.locator('#nearest-centre-name'))
  expect(await page.locator('#nearest-centre-name').innerText()).toBe('友邻空间')
  expect(await page.locator('#nearest-centre').innerText()).toContain('开放中')
  await page.locator('#nearest-centre').scrollIntoViewIfNeeded()
  await shoot(phone, 'home-card')

  // A hurried double tap opens the centre once: one back step returns to 首页.
  await tapRepeatedly(page, await centreOf(page.locator('#nearest-centre-open')), 2, 120)
  await visible(page.locator('#centre-name'))
  expect(await page.locator('#centre-name').innerText()).toBe('友邻空间')
  await visible(page.locator('#centre-address-navigate'))
  expect(await page.locator('#centre-hours').innerText()).toContain('09:00')
  expect(await page.locator('#centre-areas').innerText()).toContain('青年之家')
  expect(await page.locator('#centre-figures').innerText()).toMatch(/需求清单[\s\S]*小程序里[\s\S]*需求已解决/)
  await shoot(phone, 'centre-top')
  const courses = page.locator('#centre-courses .centre-course')
  await visible(courses.first())
  expect(await page.locator('#centre-courses').innerText()).toContain('书法入门')
  expect(await courses.first().innerText()).toMatch(/下次 .+ \d{2}:\d{2} · 近期\d+节，剩\d+位/)
  const services = page.locator('#centre-services .service-card')
  await visible(services.first())
  await page.locator('#centre-courses').scrollIntoViewIfNeeded()
  await shoot(phone, 'centre-courses')
  await page.locator('#centre-services').scrollIntoViewIfNeeded()
  await shoot(phone, 'centre-services')
  await shoot(phone, 'centre-full', true)

  // A course opens its own page; 返回 twice is 首页 again.
  const back = async () => {
    await page.waitForTimeout(500)
    await page.locator('#title-bar-back >> visible=true').tap()
  }
  await courses.first().tap()
  await visible(page.locator('#detail-title'))
  await back()
  await visible(page.locator('#centre-name'))
  await back()
  await visible(page.locator('#nearest-centre-name'))
  expect(phone.errors).toEqual([])
})

test('with the position beside 西固, the card names 西固区 and 全部中心 lists every centre nearest first', async () => {
  const phone = await stage.open({ openid: 'demo-courier', at: NOW, route: '/pages/home/index' })
  const { page } = phone
  // A few hundred metres from the 西固 centre, as a browser reports it (WGS-84; the page shifts it to GCJ-02).
  await page.context().grantPermissions(['geolocation'])
  await page.context().setGeolocation({ latitude: 36.0962, longitude: 103.6195 })
  await visible(page.locator('#nearest-centre-locate'))
  // The page settled (the card loaded, nothing moving), so the tap lands on the button.
  await page.waitForLoadState('networkidle')
  await page.locator('#nearest-centre-locate').tap()
  await page.locator('#nearest-centre-name', { hasText: '西固区' }).waitFor({ timeout: 15_000 })
  expect(await page.locator('#nearest-centre').innerText()).toMatch(/离你最近的服务中心[\s\S]*距你 \d+/)
  await page.locator('#nearest-centre').scrollIntoViewIfNeeded()
  await shoot(phone, 'home-card-nearest')

  await page.locator('#nearest-centre-all').tap()
  const rows = page.locator('#centre-list .centre-row')
  await visible(rows.first())
  expect(await rows.count()).toBe(10)
  expect(await rows.first().getAttribute('id')).toBe('centre-venue-xigu')
  expect(await page.locator('#centre-venue-zaolinxi').innerText()).toContain('24小时开放')
  await shoot(phone, 'centres-directory')

  await page.locator('#centre-venue-lanmu').tap()
  await visible(page.locator('#centre-name'))
  expect(await page.locator('#centre-area').innerText()).toContain('2,000 平方米')
  expect(await page.locator('#centre-figures').innerText()).toContain('321')
  await shoot(phone, 'centre-lanmu')
  expect(phone.errors).toEqual([])
})

test('large text: a centre page still reads, 枣林西 open around the clock', async () => {
  const phone = await stage.open({ openid: 'demo-resident', at: NOW, route: '/packages/centre/detail?centreId=venue-zaolinxi', fontScale: 1.4 })
  await visible(phone.page.locator('#centre-name'))
  expect(await phone.page.locator('.centre__intro .open-badge').innerText()).toBe('24小时开放')
  await shoot(phone, 'centre-zaolinxi-large-text')
  expect(phone.errors).toEqual([])
})
