/**
 * Issue 7, booking as a rider in a hurry does it, on a 390×844 phone at Wednesday 17:37 (Shanghai): a double-tap on
 * 预约 opens the sheet and books nothing; a triple-tap on 确认预约 books once and the result stays; booking the 19:30
 * class after its 17:30 free-cancel deadline says first that cancelling will count; 候补 and 抽签报名 say what they
 * do; leaving a waitlist is called that; a first booking asks for a nickname and 身份.
 */
import type { Page } from 'playwright-core'
import { shanghai } from '../support/instants'
import { data } from '../support/cloud'
import { visible } from './support/browser'
import { addPerson, centreOf, type Phone, riderStage, seededSession, tapRepeatedly } from './support/rider'

/** Seven minutes past the 17:30 free-cancel deadline of tonight's 19:30 瑜伽; its booking closes at 19:00. */
const AT = shanghai('2026-11-25T17:37:00')

const stage = riderStage(AT)

async function detail(openid: string, courseId: string, sessionId: string, consented = true): Promise<Phone> {
  const phone = await stage.open({
    openid,
    at: AT,
    consented,
    route: `/packages/course/detail?courseId=${courseId}&sessionId=${encodeURIComponent(sessionId)}`
  })
  await visible(phone.page.locator('#book-button:not([disabled])'))
  return phone
}

const bookingsOf = (openid: string) => stage.cloud.db.find<{ _id: string; status: string; lateCancel?: boolean }>('bookings', { openid })

/** The bar's hint under the chosen session. */
const barHint = (page: Page) => page.locator('.course-detail__bar-sub').innerText()

test('a double-tap on 预约 opens the sheet and books nothing; a triple-tap on 确认预约 books once and the result stays', async () => {
  addPerson(stage.cloud, 'e2e-hurry', AT, { nickname: '赶时间的骑手', group: 'rider' })
  const session = seededSession(stage.cloud, 'course-firstaid')
  const { page, errors } = await detail('e2e-hurry', 'course-firstaid', session._id)

  await tapRepeatedly(page, await centreOf(page.locator('#book-button')), 2, 120)
  await visible(page.locator('#book-confirm'))
  // Long enough for any tap that landed on the arriving sheet to have booked.
  await page.waitForTimeout(1000)
  expect(await page.locator('#book-result').count()).toBe(0)
  expect(bookingsOf('e2e-hurry')).toEqual([])

  // The sheet's buttons are where they finally sit, not where 预约 was.
  const bookBox = (await page.locator('#book-button').boundingBox())!
  const confirmBox = (await page.locator('#book-confirm').boundingBox())!
  expect(confirmBox.y + confirmBox.height <= bookBox.y || confirmBox.y >= bookBox.y + bookBox.height || confirmBox.x + confirmBox.width <= bookBox.x).toBe(true)

  await tapRepeatedly(page, await centreOf(page.locator('#book-confirm')), 3, 120)
  await visible(page.locator('#book-result[data-status="confirmed"]'))
  await page.waitForTimeout(1500)
  await visible(page.locator('#book-result[data-status="confirmed"]'))
  expect(page.url()).toContain('/packages/course/detail')
  expect(bookingsOf('e2e-hurry')).toEqual([expect.objectContaining({ _id: `${session._id}_e2e-hurry`, status: 'confirmed' })])

  // 完成 is not where 确认预约 was, and the bar's 我的预约 that replaces 预约 is not where 完成 was.
  const doneBox = (await page.locator('#book-done').boundingBox())!
  const overlaps = (a: typeof doneBox, b: typeof doneBox) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height
  expect(overlaps(doneBox, confirmBox)).toBe(false)
  await page.locator('#book-done').tap()
  await page.locator('#book-sheet').waitFor({ state: 'detached' })
  await visible(page.locator('#book-button', { hasText: '我的预约' }))
  expect(overlaps(doneBox, (await page.locator('#book-button').boundingBox())!)).toBe(false)
  expect(errors).toEqual([])
})

test('a double-tap on a class card in 课程 opens its detail once, with that class still chosen', async () => {
  addPerson(stage.cloud, 'e2e-card', AT, { nickname: '手快', group: 'courier' })
  const phone = await stage.open({ openid: 'e2e-card', at: AT, route: '/pages/courses/index' })
  const { page, errors } = phone
  await page.locator('#filter-all').tap()
  const card = page.locator('.courses .session-card[data-course-id="course-shufa"]').first()
  await visible(card)
  await tapRepeatedly(page, await centreOf(card), 2, 120)
  await page.waitForURL(/packages\/course\/detail/)
  await visible(page.locator('#book-button:not([disabled])'))
  await page.waitForTimeout(1000)
  expect(await page.locator('.course-detail__bar').count()).toBe(1)
  expect(await barHint(page)).toContain('点「预约」确认')
  expect(errors).toEqual([])
})

test('booking after the free-cancel deadline says before booking that cancelling now counts, as the function then does', async () => {
  addPerson(stage.cloud, 'e2e-late', AT, { nickname: '晚到的骑手', group: 'courier' })
  const session = seededSession(stage.cloud, 'course-yoga')
  const { page, errors } = await detail('e2e-late', 'course-yoga', session._id)

  await page.locator('#book-button').tap()
  const sheet = page.locator('#book-sheet')
  await visible(sheet)
  await visible(sheet.locator('#book-late-cancel'))
  expect(await sheet.innerText()).not.toContain('前可以免费取消')
  expect(await sheet.locator('#book-late-cancel').innerText()).toContain('迟到取消')

  await page.locator('#book-confirm').tap()
  await visible(page.locator('#book-result[data-status="confirmed"]'))

  // Cancelling right after is what the sheet said: a late cancel.
  const cancelled = await stage.cloud.call('course', 'cancel', { sessionId: session._id }, 'e2e-late')
  expect(data(cancelled.body).lateCancel).toBe(true)
  expect(errors).toEqual([])
})

test('the bar says what 候补 and 抽签报名 do, not 点「预约」确认', async () => {
  addPerson(stage.cloud, 'e2e-bar', AT, { nickname: '看看再说', group: 'driver' })
  const full = seededSession(stage.cloud, 'course-yoga', 1)
  const { page } = await detail('e2e-bar', 'course-yoga', full._id)
  await visible(page.locator('#book-button', { hasText: '候补' }))
  expect(await barHint(page)).not.toContain('预约」')
  expect(await barHint(page)).toContain('候补')

  const lottery = seededSession(stage.cloud, 'course-coffee')
  const coffee = await detail('e2e-bar', 'course-coffee', lottery._id)
  await visible(coffee.page.locator('#book-button', { hasText: '抽签报名' }))
  expect(await barHint(coffee.page)).not.toContain('预约」')
  expect(await barHint(coffee.page)).toContain('抽签')
})

test('joining and leaving a waitlist is called that: no free-cancel promise, 退出候补 and 已退出候补', async () => {
  addPerson(stage.cloud, 'e2e-queue', AT, { nickname: '排队的人', group: 'resident' })
  const full = seededSession(stage.cloud, 'course-yoga', 1)
  const { page, errors } = await detail('e2e-queue', 'course-yoga', full._id)

  await page.locator('#book-button').tap()
  const sheet = page.locator('#book-sheet')
  await visible(sheet.locator('#book-confirm', { hasText: '加入候补' }))
  expect(await sheet.innerText()).not.toContain('免费取消')
  await page.locator('#book-confirm').tap()
  await visible(page.locator('#book-result[data-status="waitlisted"]'))

  await page.locator('#book-view-mine').tap()
  const item = page.locator(`.booking-item[data-session-id="${full._id}"]`)
  await visible(item)
  await item.locator('.booking-cancel').tap()
  const confirm = page.locator('#dialog-confirm')
  await visible(confirm)
  expect(await confirm.innerText()).toBe('退出候补')
  await confirm.tap()
  await visible(page.locator('#undo-banner'))
  const banner = await page.locator('#undo-banner').innerText()
  expect(banner).toContain('已退出候补')
  expect(banner).not.toContain('已取消')

  // 重新排队 in a hurry: the banner goes and the tabs move up under the finger; the second tap must not switch tabs.
  await tapRepeatedly(page, await centreOf(page.locator('#undo-rebook')), 2, 120)
  await page.locator('#undo-banner').waitFor({ state: 'detached' })
  await page.waitForTimeout(800)
  await visible(page.locator('#tab-upcoming.segmented-tabs__tab--on'))
  await visible(item)
  expect(errors).toEqual([])
})

test('a first booking asks for a nickname and 身份, saves them, then goes on to the booking', async () => {
  const session = seededSession(stage.cloud, 'course-firstaid', 1)
  const { page, errors } = await detail('e2e-newcomer', 'course-firstaid', session._id)

  await page.locator('#book-button').tap()
  const ask = page.locator('#profile-sheet')
  await visible(ask)
  await ask.locator('#profile-sheet-nickname input').fill('新来的骑手')
  await ask.locator('#profile-sheet-group').getByText('外卖骑手', { exact: true }).tap()
  await ask.locator('#profile-sheet-save').tap()

  await visible(page.locator('#book-confirm'))
  const [user] = stage.cloud.db.find<{ nickname: string; group: string }>('users', { _id: 'e2e-newcomer' })
  expect(user).toMatchObject({ nickname: '新来的骑手', group: 'rider' })
  // 确认预约 sits where 保存并继续预约 was: a tap there at once would be the save tap's leftover, so read first.
  await page.waitForTimeout(700)
  await page.locator('#book-confirm').tap()
  await visible(page.locator('#book-result[data-status="confirmed"]'))
  expect(errors).toEqual([])
})
