/**
 * Issue 7, the organizer's forms in the browser on a phone: 生成课时 says nothing before any input, then every
 * problem at once in plain words; 修改课次 says that fewer seats than people booked cannot be before asking to
 * confirm, and a save the function refuses comes back to the organizer's own edits.
 * The cloud's clock is stopped on a Wednesday morning and the browser's starts there too.
 */
import { REPEAT_WITHIN_MS } from '@/hooks/use-arrival-guard'
import { sessionIdFor } from '@core/booking'
import { data } from '../support/cloud'
import { shanghai, WEDNESDAY_10_00 } from '../support/instants'
import { visible } from './support/browser'
import { openPage, organizerStage } from './support/organizer'

const NOW = WEDNESDAY_10_00
/** The demo data's 书法 class tomorrow evening: 14 of 16 seats taken. */
const TOMORROW = sessionIdFor('course-shufa', shanghai('2026-11-26T19:00:00'))

const stage = organizerStage(NOW)

test('生成课时: nothing is wrong before any input; then every problem shows at once, once each, in plain words', async () => {
  const { page } = stage.phone
  await openPage(stage.phone, stage.cloud, 'generate?courseId=course-shufa')
  const form = page.locator('#generate-form')
  await visible(page.locator('#rule-preview-empty'))
  const errors = form.locator('.form-field__error, .organizer__error')
  expect(await errors.count()).toBe(0)

  await page.locator('#rule-duration input').fill('5')
  await page.locator('#rule-capacity input').fill('0')
  await visible(page.locator('#rule-capacity-error'))
  expect(await errors.allInnerTexts()).toEqual(['请选择每周哪几天上课', '每节时长不能小于15分钟', '每节名额不能小于1人'])
  const text = await form.innerText()
  expect(text).not.toContain('重复规则')
  expect(text.split('请选择每周哪几天上课')).toHaveLength(2)
  expect(stage.phone.errors).toEqual([])
})

test('修改课次: too few seats is said before 保存并通知, and a refused save keeps every edit', async () => {
  const { page } = stage.phone
  await openPage(stage.phone, stage.cloud, `session?sessionId=${TOMORROW}`)
  await page.locator('#session-edit').tap()
  const sheet = page.locator('#session-form')
  await visible(sheet)
  const capacity = page.locator('#session-form-capacity input')
  const note = page.locator('#session-form-note input')

  // Fewer seats than the 14 people holding one: said at once, and 保存 asks nothing.
  await capacity.fill('10')
  await visible(page.locator('#session-capacity-error', { hasText: '已有14人占了座位，名额不能少于14人' }))
  await page.locator('#session-form-save').tap()
  await page.waitForTimeout(500)
  expect(await page.locator('#dialog-confirm').count()).toBe(0)

  // 14 is fine as the page knows it; someone books while the organizer reads the confirmation, so the save is refused.
  await capacity.fill('14')
  await note.fill('换到二楼教室')
  await page.locator('#session-capacity-error').waitFor({ state: 'detached' })
  await page.locator('#session-form-save').tap()
  await visible(page.locator('#dialog-confirm'))
  expect(data((await stage.cloud.call('course', 'book', { sessionId: TOMORROW }, 'demo-resident')).body).booking.status).toBe('confirmed')
  await page.locator('#dialog-confirm').tap()

  await visible(page.locator('#session-capacity-error', { hasText: '已有15人占了座位，名额不能少于15人' }))
  await visible(sheet)
  expect(await capacity.inputValue()).toBe('14')
  expect(await note.inputValue()).toBe('换到二楼教室')

  // One more seat and it saves, note included.
  await capacity.fill('15')
  await page.locator('#session-capacity-error').waitFor({ state: 'detached' })
  await page.locator('#session-form-save').tap()
  // A person reads the question before answering it: a tap on the same spot sooner is the double-tap the guard drops.
  await visible(page.locator('#dialog-confirm'))
  await page.waitForTimeout(REPEAT_WITHIN_MS)
  await page.locator('#dialog-confirm').tap()
  await sheet.waitFor({ state: 'detached' })
  await visible(page.locator('#session-card', { hasText: '已约 15/15' }))
  expect(stage.cloud.db.find('sessions', { _id: TOMORROW })[0]).toMatchObject({ capacity: 15, note: '换到二楼教室' })
  expect(stage.phone.errors).toEqual([])
})
