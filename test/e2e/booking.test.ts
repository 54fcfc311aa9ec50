/**
 * Issue 3 in the browser: a rider sets free time, filters 「适合我的空闲时间」, books a yoga session, finds it in
 * 我的预约 and cancels it; an organizer creates a course, generates sessions from a weekly rule (picked on wheels) and
 * sees them, finds an archived course and forgives a no-show from a roster, and changes a session's seats.
 */
import type { Browser, Locator, Page } from 'playwright-core'
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

/**
 * Opens a picker and waits until its wheels have slid all the way up: a wheel reads a tap by where on the screen it
 * lands (its shading covers the rows), so rows must be tapped where they finally sit.
 */
async function openWheels(page: Page, trigger: string): Promise<Locator> {
  await page.locator(trigger).tap()
  await page.waitForFunction(() => {
    const panel = Array.from(document.querySelectorAll<HTMLElement>('.weui-picker')).find((p) => p.getClientRects().length > 0)
    return panel !== undefined && Math.abs(panel.getBoundingClientRect().bottom - window.innerHeight) < 1
  })
  return page.locator('.weui-picker:visible')
}

/** Taps the row showing `text` in column `column` of open wheels. */
async function tapWheelRow(page: Page, wheels: Locator, column: number, text: string): Promise<void> {
  const row = wheels.locator('.weui-picker__group').nth(column).locator('.weui-picker__item', { hasText: new RegExp(`^${text}$`) })
  const box = await row.boundingBox()
  if (!box) throw new Error(`picker row ${text} is not on screen`)
  await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2)
}

/** The identity the H5 build keeps for this browser (`{data: openid}` under youlin.h5.openid). */
const browserOpenid = (page: Page): Promise<string | undefined> =>
  page.evaluate(() => (JSON.parse(window.localStorage.getItem('youlin.h5.openid') ?? 'null') as { data?: string } | null)?.data)

test('a rider sets free time, filters by it, books a yoga session, sees it in 我的预约 and cancels it', async () => {
  const { page, errors } = await openAs(null)

  // Every evening 19:00–21:00: each tap of 添加时间段 adds the next weekday with the same window.
  // A nickname and 身份 first: without them the first booking asks for them (rider-booking.test.ts).
  await page.locator('#profile-nickname input').fill('夜班骑手')
  await page.locator('#profile-group').getByText('外卖骑手', { exact: true }).tap()
  for (let day = 1; day <= 7; day++) await page.locator('#free-time-add').tap()
  await page.locator('#profile-save').tap()
  await visible(page.getByText('已保存'))

  // With free time set, 适合我的空闲时间 is already on.
  await tabBar(page, '课程').tap()
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

  // Tuesdays and Thursdays at 19:30 Shanghai for the next four weeks (the dates the form starts with).
  const today = startOfDay(Date.now())
  const day = (n: number) => new Date(today + n * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10)
  await page.locator('#course-generate').tap()

  // An untouched form is incomplete, not wrong: no problems yet. A first change shows every problem at once.
  await visible(page.locator('#rule-preview-empty'))
  const problems = page.locator('#generate-form .form-field__error')
  expect(await problems.count()).toBe(0)
  await page.locator('#rule-capacity input').fill('0')
  await visible(page.locator('#rule-capacity-error'))
  await visible(page.locator('#rule-weekdays-error'))
  await page.locator('#rule-weekday-2').tap()
  await page.locator('#rule-weekday-4').tap()
  await page.locator('#rule-duration input').fill('60')
  await page.locator('#rule-capacity input').fill('20')
  await page.waitForFunction(() => document.querySelectorAll('#generate-form .form-field__error').length === 0)

  // The start time on the wheels: the hour stays 19, the quarter wheel goes to 30.
  const time = await openWheels(page, '#rule-start-time')
  await tapWheelRow(page, time, 1, '30')
  await time.getByText('确定').tap()
  await visible(page.locator('#rule-start-time', { hasText: '19:30' }))
  // The date wheels open on the form's dates and give them back as they were.
  await visible(page.locator('#rule-from', { hasText: day(1) }))
  const until = await openWheels(page, '#rule-until')
  await until.getByText('确定').tap()
  await visible(page.locator('#rule-until', { hasText: day(28) }))

  await visible(page.locator('#rule-preview-summary'))
  await page.locator('#generate-submit').tap()

  await page.waitForURL(/packages\/organizer\/course\?/)
  const listed = page.locator('#organizer-sessions .organizer-session')
  await visible(listed.first())
  const [course] = cloud.db.find('courses', { title: '太极入门' })
  const stored = cloud.db.find('sessions', { courseId: course._id }, { sort: { startAt: 1 } })
  expect(stored).toHaveLength(8)
  expect(await listed.count()).toBe(8)
  // 19:30 in Shanghai is 11:30 UTC, on Tuesdays and Thursdays.
  for (const s of stored) {
    expect(new Date(s.startAt).getUTCHours()).toBe(11)
    expect(new Date(s.startAt).getUTCMinutes()).toBe(30)
    expect([2, 4]).toContain(new Date(s.startAt).getUTCDay())
  }
  expect(errors).toEqual([])
})

test('an organizer finds an archived course under 已归档 and forgives a rider’s no-show from the roster', async () => {
  const form = { title: '剪纸（已停）', category: '艺术', description: '', cover: '', instructor: '', venueId: 'venue-youlin' } as const
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

test('an organizer changes a session’s seats: problems show only after a change, 保存 with none says so', async () => {
  const [session] = cloud.db.find(
    'sessions',
    { courseId: 'course-langsong', status: 'scheduled', startAt: { $gt: Date.now() + 86_400_000 } },
    { sort: { startAt: 1 } }
  )
  const seats = session.capacity + 5
  const { page, errors } = await openAs('demo-organizer')
  await page.goto(`${cloud.url}/#/packages/organizer/session?sessionId=${encodeURIComponent(session._id)}`)
  await page.locator('#session-edit').tap()
  const sheet = page.locator('#session-form')
  await visible(sheet)
  expect(await sheet.locator('.form-field__error').count()).toBe(0)

  await page.locator('#session-form-save').tap()
  await visible(page.locator('#session-form-error', { hasText: '没有需要保存的修改' }))
  await page.locator('#session-form-capacity input').fill('')
  await visible(page.locator('#session-capacity-error'))
  await page.locator('#session-form-capacity input').fill(String(seats))
  await page.locator('#session-capacity-error').waitFor({ state: 'detached' })
  await page.locator('#session-form-save').tap()
  await page.locator('#dialog-confirm').tap()

  await visible(page.locator('#session-card', { hasText: `/${seats}` }))
  expect(cloud.db.find('sessions', { _id: session._id })[0]).toMatchObject({ capacity: seats })
  expect(errors).toEqual([])
})

