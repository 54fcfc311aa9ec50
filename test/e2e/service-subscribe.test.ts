/**
 * A browser has no subscribe messages (订阅消息): on H5 the 提醒 buttons of 我的需求, 转介待办 and 需求匹配 are not shown,
 * so no page promises a message that cannot come, and a need is filed without asking and without counting consent.
 */
import type { MessageConsentDoc } from '@core/matching'
import { WEDNESDAY_10_00 } from '../support/instants'
import { visible } from './support/browser'
import { type Phone, riderStage } from './support/rider'

const NOW = WEDNESDAY_10_00

const stage = riderStage(NOW)

const phoneAs = async (openid: string, route: string): Promise<Phone> => {
  return stage.open({ openid, at: NOW, route })
}

test('no 提醒 button on H5: 我的需求, 转介待办, 需求匹配', async () => {
  const rider = await phoneAs('demo-rider', '/packages/service/my-needs')
  await visible(rider.page.locator('#my-needs-list .card').first())
  expect(await rider.page.locator('#my-needs-remind').count()).toBe(0)

  const provider = await phoneAs('demo-provider', '/packages/service/referrals')
  await visible(provider.page.locator('#referrals-list'))
  expect(await provider.page.locator('#referrals-remind').count()).toBe(0)

  const organizer = await phoneAs('demo-organizer', '/packages/organizer/service-match')
  await visible(organizer.page.locator('#match-run'))
  expect(await organizer.page.locator('#match-remind').count()).toBe(0)
  expect([...rider.errors, ...provider.errors, ...organizer.errors]).toEqual([])
})

test('a need filed on H5 counts no acceptance', async () => {
  const before = stage.cloud.db.find<MessageConsentDoc>('messageConsents', { openid: 'demo-courier' })
  const courier = await phoneAs('demo-courier', '/packages/service/need')
  await visible(courier.page.locator('#need-form'))
  await courier.page.locator('#need-category-LEGAL').tap()
  await courier.page.locator('#need-category-LEGAL_LABOR').tap()
  await courier.page.locator('#need-text textarea').fill('快递站扣了我半个月工资，想问问怎么办')
  await courier.page.locator('#need-venue-venue-youlin').tap()
  await courier.page.locator('#need-submit').tap()
  await visible(courier.page.locator('#need-submitted'))
  expect(stage.cloud.db.find<MessageConsentDoc>('messageConsents', { openid: 'demo-courier' })).toEqual(before)
  expect(courier.errors).toEqual([])
})
