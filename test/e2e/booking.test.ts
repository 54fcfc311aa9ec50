/**
 * Issue 3 in the browser: a rider sets free time, filters 「适合我的空闲时间」, books a yoga session, finds it in
 * 我的预约 and cancels it; an organizer creates a course, generates sessions from a weekly rule and sees them, finds an
 * archived course and forgives a no-show from a roster.
 */
import type { Browser, Page } from 'playwright-core'
import { formatTime, startOfDay } from '@core/time'
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

async function openAs(openid: string | null): Promise<{ page: Page; errors: string[] }> {
  const context = await newPhone(browser)
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(openid ? `${cloud.url}/?as=${openid}` : `${cloud.url}/`)
  await page.waitForURL(/pages\/home\/index/)
  await tabBar(page, '我的').tap()
  await page.locator('#privacy-agree').tap()
  return { page, errors }
}

const browserOpenid = (page: Page): Promise<string> =>
  page.evaluate(() => JSON.parse(window.localStorage.getItem('youlin.h5.openid') ?? 'null')?.data)

test('a rider sets free time, filters by it, books a yoga session, sees it in 我的预约 and cancels it', async () => {
  const { page, errors } = await openAs(null)

  // Every evening 19:00–21:00: each tap of 添加时间段 adds the next weekday with the same window.
  await page.locator('#profile-nickname input').fill('夜班骑手')
  for (let day = 1; day <= 7; day++) await page.locator('#free-time-add').tap()
  await page.locator('#profile-save').tap()
  await visible(page.getByText('已保存'))

  await tabBar(page, '课程').tap()
  await page.locator('#filter-fits-free-time').tap()
  await visible(page.locator('#filter-fits-free-time[data-on="true"]'))
  const cards = page.locator('.courses .session-card')
  await visible(cards.first())
  // Only sessions inside a 19:00–21:00 window are left.
  for (const startAt of await cards.evaluateAll((els) => els.map((el) => Number(el.getAttribute('data-start-at'))))) {
    expect(formatTime(startAt) >= '19:00').toBe(true)
  }

  const yoga = page.locator('.courses .session-card[data-title*="瑜伽"][data-state="open"]').first()
  const sessionId = await yoga.getAttribute('data-session-id')
  await yoga.tap()
  await page.locator('#book-button').tap()
  await page.locator('#book-confirm').tap()
  await visible(page.locator('#book-result[data-status="confirmed"]'))

  const openid = await browserOpenid(page)
  expect(cloud.db.find('bookings', { _id: `${sessionId}_${openid}` })[0]).toMatchObject({ status: 'confirmed' })

  await page.locator('#book-view-mine').tap()
  const item = page.locator(`.booking-item[data-session-id="${sessionId}"]`)
  await visible(item)
  expect(await item.getAttribute('data-status')).toBe('confirmed')
  await item.locator('.booking-cancel').tap()
  await page.locator('#dialog-confirm').tap()
  await visible(page.locator('#undo-banner'))
  expect(cloud.db.find('bookings', { _id: `${sessionId}_${openid}` })[0]).toMatchObject({ status: 'cancelled' })
  expect(errors).toEqual([])
})

test('an organizer creates a course, generates weekly sessions from a rule and sees them listed', async () => {
  const { page, errors } = await openAs('demo-organizer')
  await page.locator('#organizer-entry').tap()
  await page.locator('#course-new').tap()

  await page.locator('#course-form-title input').fill('太极入门')
  await page.locator('#course-form-instructor input').fill('马师傅')
  await page.locator('#course-form-description textarea').fill('适合久坐久骑的放松练习，零基础可学。')
  await page.locator('#course-form-category-health').tap()
  await page.locator('#course-form-venue-venue-youlin').tap()
  await page.locator('#course-form-save').tap()
  await page.waitForURL(/packages\/organizer\/course\?/)

  // Tuesdays and Thursdays at 19:00 Shanghai for the next four weeks.
  const today = startOfDay(Date.now())
  const day = (n: number) => new Date(today + n * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10)
  await page.locator('#course-generate').tap()
  await page.locator('#rule-weekday-2').tap()
  await page.locator('#rule-weekday-4').tap()
  await page.locator('#rule-start-time input').fill('19:00')
  await page.locator('#rule-duration input').fill('60')
  await page.locator('#rule-from input').fill(day(1))
  await page.locator('#rule-until input').fill(day(28))
  await page.locator('#rule-capacity input').fill('20')
  await visible(page.locator('#rule-preview-summary'))
  await page.locator('#generate-submit').tap()

  await page.waitForURL(/packages\/organizer\/course\?/)
  const listed = page.locator('#organizer-sessions .organizer-session')
  await visible(listed.first())
  const [course] = cloud.db.find('courses', { title: '太极入门' })
  const stored = cloud.db.find('sessions', { courseId: course._id }, { sort: { startAt: 1 } })
  expect(stored).toHaveLength(8)
  expect(await listed.count()).toBe(8)
  // 19:00 in Shanghai is 11:00 UTC, on Tuesdays and Thursdays.
  for (const s of stored) {
    expect(new Date(s.startAt).getUTCHours()).toBe(11)
    expect([2, 4]).toContain(new Date(s.startAt).getUTCDay())
  }
  expect(errors).toEqual([])
})

test('an organizer finds an archived course under 已归档 and forgives a rider’s no-show from the roster', async () => {
  const form = { title: '剪纸（已停）', category: '艺术', description: '', cover: '', instructor: '', venueId: 'venue-lanmu' } as const
  const created = await cloud.call('course', 'saveCourse', form, 'demo-organizer')
  const courseId = data(created.body).course._id
  await cloud.call('course', 'saveCourse', { ...form, courseId, status: 'archived' }, 'demo-organizer')

  const [held] = cloud.db.find('bookings', { openid: 'demo-rider', status: 'waitlisted' })
  const strikeId = `e2e-old-session_demo-rider`
  const at = Date.now() - 3 * 86_400_000
  cloud.db.insert('strikes', [
    { _id: strikeId, openid: 'demo-rider', sessionId: 'e2e-old-session', courseId: held.courseId, kind: 'no_show', at, forgiven: false, createdAt: at, updatedAt: at }
  ])

  const { page, errors } = await openAs('demo-organizer')
  await page.locator('#organizer-entry').tap()
  await visible(page.locator('#organizer-courses .organizer-course').first())
  await expect(page.locator(`#organizer-course-${courseId}`).count()).resolves.toBe(0)
  await page.locator('#organizer-archived-toggle').tap()
  await visible(page.locator(`#organizer-course-${courseId}`))

  await page.goto(`${cloud.url}/#/packages/organizer/session?sessionId=${encodeURIComponent(held.sessionId)}`)
  const strike = page.locator(`#strike-${strikeId}`)
  await visible(strike)
  await strike.locator('.roster-forgive').tap()
  await strike.waitFor({ state: 'detached' })
  expect(cloud.db.find('strikes', { _id: strikeId })[0]).toMatchObject({ forgiven: true, forgivenReason: 'organizer', forgivenBy: 'demo-organizer' })
  expect(errors).toEqual([])
})
