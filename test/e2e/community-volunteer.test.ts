/**
 * Issue 12, volunteering (善治合伙人) in the browser on a phone: a rider finds a volunteer activity under 志愿服务, signs
 * up through the course booking sheet (a fast double-tap on 确认预约 makes one booking), checks in at the door with
 * the code on 我的预约, the organizer checks them out on the session page after the activity, and the rider sees the
 * hours on 我的 and on 我的志愿. Each step opens a phone at its own instant, the cloud's clock set there too.
 */
import { mkdirSync } from 'fs'
import type { Page } from 'playwright-core'
import { checkinCode, type BookingDoc, type SessionDoc } from '@core/booking'
import { DAY_MS, MINUTE_MS } from '@core/time'
import { addActivity, addSlot } from '../integration/course-volunteer-support'
import { WEDNESDAY_10_00 } from '../support/instants'
import { visible } from './support/browser'
import { openOrganizer, openPage, smallTapTargets } from './support/organizer'
import { addPerson, centreOf, riderStage, tapRepeatedly } from './support/rider'

const AT = WEDNESDAY_10_00
const RIDER = 'e2e-volunteer'
const SHOTS = '/tmp/shots-volunteer'

let slot: SessionDoc

const stage = riderStage(AT, (cloud) => {
  addPerson(cloud, RIDER, AT, { nickname: '热心的骑手', group: 'rider' })
  const activity = addActivity(cloud, { title: '文明交通劝导', category: '文明宣传', venueId: 'venue-youlin', description: '在友邻空间门口路口劝导文明出行。', instructor: '友邻空间' })
  slot = addSlot(cloud, activity, { startsIn: 2 * DAY_MS, minutes: 120, capacity: 8 })
})

const shot = (page: Page, name: string) => page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true })
const bookingOf = (): BookingDoc | undefined => stage.cloud.db.find<BookingDoc>('bookings', { _id: `${slot._id}_${RIDER}` })[0]

beforeAll(() => mkdirSync(SHOTS, { recursive: true }))

test('a rider signs up for a volunteer activity, is checked in and out, and sees the hours on 我的', async () => {
  // 志愿服务 from 首页: the activity by its category, then its detail and the booking sheet.
  const home = await stage.open({ openid: RIDER, at: AT, route: '/pages/home/index' })
  await home.page.locator('#entry-volunteer').tap()
  const card = home.page.locator(`#volunteer-slot-${slot._id}`)
  await visible(card)
  await visible(home.page.locator('#volunteer-group-civility'))
  await shot(home.page, '1-volunteer-index')
  await card.tap()
  await home.page.waitForURL(/packages\/course\/detail/)
  await visible(home.page.locator('#book-button:not([disabled])'))
  expect(await home.page.locator('.course-detail__line', { hasText: '负责人' }).count()).toBe(1)
  await home.page.locator('#book-button').tap()
  await visible(home.page.locator('#book-confirm'))
  await home.page.waitForTimeout(700)
  await shot(home.page, '2-signup-sheet')
  await tapRepeatedly(home.page, await centreOf(home.page.locator('#book-confirm')), 2, 120)
  await visible(home.page.locator('#book-result[data-status="confirmed"]'))
  await home.page.waitForTimeout(1000)
  expect(stage.cloud.db.find('bookings', { openid: RIDER })).toEqual([expect.objectContaining({ sessionId: slot._id, status: 'confirmed' })])
  expect(home.errors).toEqual([])
  await home.close()

  // At the door, five minutes before the start: 签到 with the code on the screen there.
  const door = slot.startAt - 5 * MINUTE_MS
  stage.cloud.clock.set(door)
  const mine = await stage.open({ openid: RIDER, at: door, route: '/packages/course/bookings' })
  const item = mine.page.locator(`#booking-${slot._id}`)
  await visible(item)
  await item.locator('.booking-checkin').tap()
  await visible(mine.page.locator('#checkin-sheet'))
  await mine.page.locator('#checkin-code input').fill(checkinCode(slot.checkinSecret, slot._id, door))
  await mine.page.locator('#checkin-submit').tap()
  await mine.page.locator('#checkin-sheet').waitFor({ state: 'detached' })
  expect(bookingOf()).toMatchObject({ status: 'attended', checkedInAt: door })
  expect(mine.errors).toEqual([])
  await mine.close()

  // After the activity (ten minutes past its end): the organizer checks the rider out on the session page.
  const after = slot.endAt + 10 * MINUTE_MS
  stage.cloud.clock.set(after)
  const organizer = await openOrganizer(stage.browser, stage.cloud, after)
  await openPage(organizer, stage.cloud, `session?sessionId=${slot._id}`)
  const row = organizer.page.locator(`#roster-${RIDER}`)
  await visible(row.locator('.roster-checkout'))
  await visible(organizer.page.locator('#session-checkout-all'))
  await shot(organizer.page, '3-organizer-session')
  expect(await smallTapTargets(organizer.page)).toEqual([])
  await tapRepeatedly(organizer.page, await centreOf(row.locator('.roster-checkout')), 2, 120)
  await visible(row.locator('.roster-entry__status', { hasText: '已签退' }))
  await organizer.page.waitForTimeout(800)
  await shot(organizer.page, '4-organizer-checked-out')
  // Checked in 5 minutes early, out 10 minutes late: the slot's two hours. The double-tap's second tap hit nothing.
  expect(bookingOf()).toMatchObject({ status: 'attended', checkedOutAt: after, volunteerMinutes: 120 })
  expect(stage.cloud.db.find('audit', { target: `bookings/${slot._id}_${RIDER}` })).toEqual([expect.objectContaining({ action: 'checkOut' })])
  expect(await row.locator('.roster-absent, .roster-checkout').count()).toBe(0)
  expect(organizer.errors).toEqual([])
  await organizer.close()

  // 我的: the hours beside 我的志愿; there, the total, this year and the activity.
  const me = await stage.open({ openid: RIDER, at: after, route: '/pages/me/index' })
  await visible(me.page.locator('#my-volunteer-entry'))
  await me.page.waitForLoadState('networkidle')
  await visible(me.page.locator('#me-volunteer-hours', { hasText: '累计 2 小时' }))
  await shot(me.page, '5-me')
  await me.page.locator('#my-volunteer-entry').tap()
  await visible(me.page.locator('#volunteer-hours-total', { hasText: '2' }))
  await visible(me.page.locator(`#served-${slot._id}`, { hasText: '文明交通劝导' }))
  await shot(me.page, '6-my-volunteering')
  expect(me.errors).toEqual([])
})

test('the demo rider finds their recorded hours on first start', async () => {
  const phone = await stage.open({ openid: 'demo-rider', at: AT, route: '/packages/volunteer/mine' })
  await visible(phone.page.locator('#volunteer-hours-total'))
  expect(Number(await phone.page.locator('#volunteer-hours-total').innerText())).toBeGreaterThan(0)
  expect(await phone.page.locator('.my-volunteering__item').count()).toBeGreaterThan(0)
  await shot(phone.page, '7-demo-rider-mine')
  expect(phone.errors).toEqual([])
})
