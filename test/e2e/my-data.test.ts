/**
 * 我的 → 我的数据 on a phone (issue 10, PII): demo-rider opens it from 我的, sees their bookings, questionnaire answers
 * (the phone number in full) and needs, and deletes everything. A hurried double-tap on 删除我的数据 only opens the
 * confirmation (its buttons ignore the leftover tap); 确认删除 runs each step and ends on 你的数据已删除, with nothing
 * of the person left in the store. Each step's progress shows, and a step that fails offers 重试, which finishes. At
 * 1.3× text size the page still fits the screen's width. The cloud's clock is stopped on a Wednesday morning and the
 * phone's starts there. MYDATA_SHOTS=<dir> keeps screenshots of each step.
 */
import type { Page } from 'playwright-core'
import { NEEDS_SURVEY_ID } from '../../emulator/demo-surveys'
import { data } from '../support/cloud'
import { WEDNESDAY_10_00 } from '../support/instants'
import { visible } from './support/browser'
import { centreOf, riderStage, tapRepeatedly } from './support/rider'

const NOW = WEDNESDAY_10_00
const SHOTS = process.env.MYDATA_SHOTS

const stage = riderStage(NOW)

const shoot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/my-data-${name}.png`, fullPage: false })
}

/** Nothing on the page is wider than the phone (a row that does not wrap would be). */
const overflowsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1)

const PHONE = '13987654321'
const answers = { group: 'rider', hours: 'after21', needs: ['rest'], freeTime: ['weekdayEvening'], wantContact: 'yes', contactConsent: true, name: '苟师傅', phone: PHONE }

test('demo-rider sees their data in 我的数据, a double-tap only asks, and 确认删除 erases it all', async () => {
  data((await stage.cloud.call('survey', 'submit', { surveyId: NEEDS_SURVEY_ID, answers, clientId: 'e2e-my-data-1' }, 'demo-rider')).body)
  const { page, errors } = await stage.open({ openid: 'demo-rider', at: NOW, route: '/pages/me/index' })
  await page.locator('#my-data-entry').tap()
  await page.waitForURL(/packages\/me\/my-data/)

  const bookings = page.locator('#my-data-bookings')
  await visible(bookings.getByText('书法入门').first())
  expect(await bookings.innerText()).toContain('已签到')
  await visible(page.locator('#my-data-needs').getByText('站点拖欠我两个月工资，押金也不退，想找律师问问怎么讨薪'))
  // Their own answers in full, the phone number unmasked: it is theirs.
  const surveys = page.locator('#my-data-surveys')
  await visible(surveys.getByText(PHONE))
  await surveys.scrollIntoViewIfNeeded()
  await shoot(page, '1-answers')
  expect(await page.locator('#my-data-messages').innerText()).toContain('需求进度提醒')
  expect(await overflowsWidth(page)).toBe(false)
  await shoot(page, '0-sections')

  const remove = page.locator('#my-data-delete')
  await remove.scrollIntoViewIfNeeded()
  await visible(remove)
  expect(await page.locator('#my-data-delete-card').innerText()).toContain('还没上的课会自动取消')
  await shoot(page, '2-delete-card')

  // A thumb in a hurry: the second tap lands where 确认删除 appears, and must not press it.
  await tapRepeatedly(page, await centreOf(remove), 2, 120)
  const confirm = page.locator('#dialog-confirm')
  await visible(confirm)
  await page.waitForTimeout(800)
  await visible(confirm)
  expect(stage.cloud.db.find('users', { _id: 'demo-rider' })).toHaveLength(1)
  await shoot(page, '3-confirm')

  // Each step shows as it goes: the questionnaire step is held in flight while the bookings are already done.
  const held = stage.cloud.faults.holdDatabaseRequest({ fn: 'survey', openid: 'demo-rider', request: 1 })
  // A step that fails stops with 重试; the retry runs the erasure again and finishes it.
  const failed = stage.cloud.faults.failDatabaseRequest({ fn: 'service', openid: 'demo-rider', request: 2 }, 'lost')
  await confirm.tap()
  await held.arrived
  const progress = page.locator('#my-data-progress')
  await visible(progress.locator('.my-data__step--done', { hasText: '课程预约' }))
  await visible(progress.locator('.my-data__step--running', { hasText: '问卷' }))
  await shoot(page, '4-progress')
  held.release()
  await visible(progress.locator('.my-data__step--failed', { hasText: '需求和转介' }))
  expect(failed.fired).toBe(true)
  await shoot(page, '5-failed')
  await page.locator('#my-data-retry').tap()
  await visible(page.locator('#my-data-erased'))
  await shoot(page, '6-erased')
  expect(stage.cloud.db.find('users', { _id: 'demo-rider' })).toEqual([])
  expect(stage.cloud.db.find('bookings', { openid: 'demo-rider' })).toEqual([])
  expect(stage.cloud.db.find('responses', { openid: 'demo-rider' })).toEqual([])

  await page.locator('#my-data-home').tap()
  await page.waitForURL(/pages\/home\/index/)
  expect(errors).toEqual([])
})

test('at 1.3× text size the sections and the delete card still fit the phone', async () => {
  const { page, errors } = await stage.open({ openid: 'demo-courier', at: NOW, route: '/packages/me/my-data', fontScale: 1.3 })
  await visible(page.locator('#my-data-bookings'))
  expect(await overflowsWidth(page)).toBe(false)
  await shoot(page, '7-large-text')
  await page.locator('#my-data-delete').scrollIntoViewIfNeeded()
  expect(await overflowsWidth(page)).toBe(false)
  await shoot(page, '8-large-text-delete')
  expect(errors).toEqual([])
})
