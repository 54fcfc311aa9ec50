/**
 * Issue 7, the organizer at the door, in the browser on a phone: the roster gives one count and keeps its rows still
 * while they are marked (fast double-taps included), 未到 waits for the start, people are found by name, the check-in
 * screen says which day and shows a code only while check-in is open, and every control is big enough for a thumb.
 * The cloud's clock is stopped on a Wednesday morning and the browser's starts there too.
 */
import type { Browser, Locator } from 'playwright-core'
import { sessionIdFor } from '@core/booking'
import { MINUTE_MS } from '@core/time'
import { addCourse, addSession } from '../integration/course-booking-support'
import { startTestCloud, type TestCloud } from '../support/cloud'
import { shanghai, WEDNESDAY_10_00 } from '../support/instants'
import { launchBrowser, visible } from './support/browser'
import { H5_DIR } from './support/build'
import { openOrganizer, openPage, smallTapTargets, type OrganizerPhone } from './support/organizer'

const NOW = WEDNESDAY_10_00
/** The demo data's 书法 class of last week (attendance taken: 11 came, 2 did not) and this week's, tomorrow. */
const LAST_WEEK = sessionIdFor('course-shufa', shanghai('2026-11-18T19:00:00'))
const TOMORROW = sessionIdFor('course-shufa', shanghai('2026-11-26T19:00:00'))
const NEIGHBOURS = ['demo-neighbor-01', 'demo-neighbor-02', 'demo-neighbor-03', 'demo-neighbor-04']

let cloud: TestCloud
let browser: Browser
/** A class starting in 10 minutes (check-in open) and one starting in 20 (check-in opens in 5). */
let soon: string
let opening: string
let phone: OrganizerPhone

beforeAll(async () => {
  cloud = await startTestCloud({ at: NOW, seed: true, staticDir: H5_DIR })
  browser = await launchBrowser()
  const course = addCourse(cloud, {}, { title: '马上开课' })
  soon = addSession(cloud, course, { startsIn: 10 * MINUTE_MS, capacity: 6, seated: NEIGHBOURS })._id
  opening = addSession(cloud, course, { startsIn: 20 * MINUTE_MS, capacity: 6, seated: NEIGHBOURS })._id
})

afterAll(async () => {
  await browser?.close()
  await cloud?.close()
})

beforeEach(async () => {
  phone = await openOrganizer(browser, cloud, NOW)
})

afterEach(async () => {
  await phone.close()
  cloud.clock.set(NOW)
})

/** The number the first match of `pattern` captures in the element's text. */
async function countIn(locator: Locator, pattern: RegExp): Promise<number> {
  const match = pattern.exec(await locator.innerText())
  if (!match) throw new Error(`"${pattern.source}" not found in: ${await locator.innerText()}`)
  return Number(match[1])
}

const rowOrder = (rows: Locator): Promise<string[]> => rows.evaluateAll((els) => els.map((el) => el.getAttribute('data-openid') ?? ''))

test('last week’s roster: the card and the list give one count, and marking 未到 leaves the row where it was', async () => {
  const { page } = phone
  await openPage(phone, cloud, `session?sessionId=${LAST_WEEK}`)
  const rows = page.locator('#roster .roster-entry')
  await visible(rows.first())
  const card = page.locator('#session-card')
  const list = page.locator('#roster')
  expect(await countIn(card, /已约 (\d+)/)).toBe(13)
  expect(await countIn(list, /已预约（(\d+)）/)).toBe(13)

  const before = await rowOrder(rows)
  const rider = page.locator('#roster-demo-rider')
  await rider.locator('.roster-absent').tap()
  await visible(page.locator('#roster-demo-rider[data-status="no_show"]'))
  // The reload after marking has landed too: the roster is the server's again.
  await page.waitForLoadState('networkidle')
  expect(await rowOrder(rows)).toEqual(before)
  expect(await countIn(card, /已约 (\d+)/)).toBe(13)
  expect(await countIn(list, /已预约（(\d+)）/)).toBe(13)
  expect(phone.errors).toEqual([])
})

test('before the start only 到场 is offered; a fast double-tap on it marks once and moves nothing', async () => {
  const { page } = phone
  await openPage(phone, cloud, `session?sessionId=${TOMORROW}`)
  await visible(page.locator('#roster .roster-entry').first())
  expect(await page.locator('#roster .roster-present, #roster .roster-absent').count()).toBe(0)

  await openPage(phone, cloud, `session?sessionId=${soon}`)
  const rows = page.locator('#roster .roster-entry')
  await visible(rows.first())
  expect(await page.locator('#roster .roster-present').count()).toBe(NEIGHBOURS.length)
  expect(await page.locator('#roster .roster-absent').count()).toBe(0)

  const before = await rowOrder(rows)
  const present = page.locator(`#roster-${NEIGHBOURS[1]} .roster-present`)
  const box = await present.boundingBox()
  if (!box) throw new Error('到场 is not on screen')
  await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2)
  await page.waitForTimeout(120)
  await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2)
  await visible(page.locator(`#roster-${NEIGHBOURS[1]}[data-status="attended"]`))
  await page.waitForLoadState('networkidle')
  expect(await rowOrder(rows)).toEqual(before)
  expect(cloud.db.find('audit', { action: 'markAttendance', target: `bookings/${soon}_${NEIGHBOURS[1]}` })).toHaveLength(1)
  expect(phone.errors).toEqual([])
})

test('the roster finds people by name', async () => {
  const { page } = phone
  await openPage(phone, cloud, `session?sessionId=${LAST_WEEK}`)
  const rows = page.locator('#roster .roster-entry')
  await visible(rows.first())
  const everyone = await rows.count()
  await page.locator('#roster-search input').fill('骑手')
  await page.waitForFunction((n) => document.querySelectorAll('#roster .roster-entry').length < n, everyone)
  const names = await page.locator('#roster .roster-entry__name').allInnerTexts()
  expect(names.length).toBeGreaterThan(0)
  for (const name of names) expect(name).toContain('骑手')
  await page.locator('#roster-search input').fill('')
  await page.waitForFunction((n) => document.querySelectorAll('#roster .roster-entry').length === n, everyone)
  expect(phone.errors).toEqual([])
})

test('the check-in screen says which day, and shows a code only while check-in is open', async () => {
  const { page } = phone
  const code = page.locator('#checkin-code-value')

  // Tomorrow's class: the date, when check-in opens, and no code yet.
  await openPage(phone, cloud, `checkin?sessionId=${TOMORROW}`)
  const screen = page.locator('.checkin-screen')
  await visible(screen)
  await expect(screen.innerText()).resolves.toContain('11月26日')
  await expect(screen.innerText()).resolves.toContain('明天 18:45')
  expect(await code.count()).toBe(0)
  expect(await page.locator('#checkin-qr').count()).toBe(0)

  // Last week's class: no 签到码 on its page, and its check-in screen says it is over.
  await openPage(phone, cloud, `session?sessionId=${LAST_WEEK}`)
  await visible(page.locator('#session-card'))
  expect(await page.locator('#session-checkin').count()).toBe(0)
  await openPage(phone, cloud, `checkin?sessionId=${LAST_WEEK}`)
  await visible(page.locator('.checkin-screen', { hasText: '签到已结束' }))
  expect(await code.count()).toBe(0)

  // A class whose check-in opens in five minutes: the code appears by itself when it does.
  await openPage(phone, cloud, `checkin?sessionId=${opening}`)
  await visible(page.locator('.checkin-screen', { hasText: '10:05' }))
  expect(await code.count()).toBe(0)
  cloud.clock.set(NOW + 5 * MINUTE_MS + 1000)
  await page.clock.fastForward(5 * MINUTE_MS + 1000)
  await visible(code)
  expect(await code.innerText()).toMatch(/^\d{6}$/)
  expect(phone.errors).toEqual([])
})

test('every control on the organizer pages is at least 44 px either way', async () => {
  const { page } = phone
  const pages: [string, string, string][] = [
    ['管理端', '', '#organizer-courses .organizer-course'],
    ['课程', 'course?courseId=course-shufa', '#organizer-sessions .organizer-session'],
    ['课次（签到中）', `session?sessionId=${soon}`, '#roster .roster-present'],
    ['课次（上周）', `session?sessionId=${LAST_WEEK}`, '#roster .roster-forgive'],
    ['签到码', `checkin?sessionId=${soon}`, '#checkin-code-value'],
    ['生成课时', 'generate?courseId=course-shufa', '#generate-submit'],
    ['编辑课程', 'course-edit?courseId=course-shufa', '#course-form-save']
  ]
  const small: Record<string, string[]> = {}
  for (const [name, route, ready] of pages) {
    await openPage(phone, cloud, route === '' ? 'index' : route)
    await visible(page.locator(ready).first())
    const found = await smallTapTargets(page)
    if (found.length > 0) small[name] = found
  }
  expect(small).toEqual({})
  expect(phone.errors).toEqual([])
})
