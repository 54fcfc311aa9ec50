/**
 * 商圈协商议事 in the browser on a phone: a rider member of 瑞德摩尔商圈 opens the topic voting now, picks a proposal and
 * confirms with a hurried double tap (one ballot stored); the organizer (demo-admin) closes voting from 管理端; the
 * rider sees the results as bars. Also: the list's states, 提议题 and the organizer page, photographed on the phone size
 * when DELIBERATION_SHOTS names a folder. The cloud's clock is stopped on a Wednesday morning and each browser's starts there.
 */
import type { TopicDoc, VoteDoc } from '@core/community/deliberation'
import { REPEAT_WITHIN_MS } from '@/hooks/use-arrival-guard'
import { DEMO_TOPICS } from '../../emulator/demo-deliberation'
import { WEDNESDAY_10_00 } from '../support/instants'
import { visible } from './support/browser'
import { smallTapTargets } from './support/organizer'
import { centreOf, riderStage, tapRepeatedly, type Phone } from './support/rider'

const NOW = WEDNESDAY_10_00
const SHOTS = process.env.DELIBERATION_SHOTS
const TOPIC = DEMO_TOPICS.lockers

const stage = riderStage(NOW)

const shoot = async (phone: Phone, name: string, fullPage = false) => {
  if (SHOTS) await phone.page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage })
}

test('商圈议事 lists the district’s topics by state, and a member can raise one', async () => {
  const phone = await stage.open({ openid: 'demo-rider', at: NOW, route: '/packages/deliberation/index?venueId=venue-ruide' })
  const { page } = phone
  await visible(page.locator(`#topic-${TOPIC}`))
  await visible(page.locator('#deliberation-member[data-status="approved"]'))
  await shoot(phone, 'deliberation-index')
  await page.locator('#deliberation-filter-done').tap()
  await visible(page.locator(`#topic-${DEMO_TOPICS.parking}`))
  await visible(page.locator(`#topic-${DEMO_TOPICS.smoking}`))
  await shoot(phone, 'deliberation-index-done')
  await page.locator('#deliberation-filter-coming').tap()
  await visible(page.locator(`#topic-${DEMO_TOPICS.signs}`))
  expect(await smallTapTargets(page)).toEqual([])

  await page.locator('#deliberation-raise').tap()
  await visible(page.locator('#raise-title'))
  await page.locator('#raise-title input').fill('商圈公厕夜间开放')
  await page.locator('#raise-description textarea').fill('晚上九点后公厕就锁门了，夜班骑手和商户都不方便，希望延长开放时间。')
  await shoot(phone, 'deliberation-raise')
  const submit = await centreOf(page.locator('#raise-submit'))
  await tapRepeatedly(page, submit, 2, 120)
  await visible(page.locator('#topic-detail[data-status="raised"]'))
  expect(stage.cloud.db.find<TopicDoc>('deliberationTopics', { title: '商圈公厕夜间开放' })).toHaveLength(1)
  expect(phone.errors).toEqual([])
})

test('a topic is voted and closed: one ballot for a double tap, results after the organizer closes', async () => {
  const rider = await stage.open({ openid: 'demo-rider', at: NOW, route: `/packages/deliberation/topic?topicId=${TOPIC}` })
  await visible(rider.page.locator('#topic-ballot'))
  await visible(rider.page.locator('#topic-turnout'))
  // Before the close nothing tells how the others voted.
  expect(await rider.page.locator('#topic-results').count()).toBe(0)
  await rider.page.locator('#proposal-p1').tap()
  await shoot(rider, 'topic-voting', true)
  await rider.page.locator('#topic-vote').tap()
  await visible(rider.page.locator('#dialog-confirm'))
  await rider.page.waitForTimeout(400)
  await shoot(rider, 'topic-confirm')
  const confirm = await centreOf(rider.page.locator('#dialog-confirm'))
  await tapRepeatedly(rider.page, confirm, 2, 120)
  await visible(rider.page.locator('#topic-my-vote'))
  const mine = stage.cloud.db.find<VoteDoc>('deliberationVotes', { topicId: TOPIC, openid: 'demo-rider' })
  expect(mine).toHaveLength(1)
  expect(mine[0].proposalId).toBe('p1')
  const counted = stage.cloud.db.find<TopicDoc>('deliberationTopics', { _id: TOPIC })[0].votes
  expect(counted).toEqual({ p1: 4, p2: 1, p3: 1 })
  await shoot(rider, 'topic-voted')

  // The organizer closes voting from 管理端.
  const admin = await stage.open({ openid: 'demo-admin', at: NOW, route: '/packages/organizer/deliberation-manage?venueId=venue-ruide' })
  await visible(admin.page.locator(`#manage-topic-${TOPIC}`))
  await visible(admin.page.locator('#deliberation-applications'))
  await shoot(admin, 'manage-voting')
  // A tap while the list is still settling is taken for the leftover of a hurried press and dropped: wait as a person does.
  await admin.page.waitForTimeout(REPEAT_WITHIN_MS)
  await admin.page.locator(`#step-${TOPIC}`).tap()
  await visible(admin.page.locator('#dialog-confirm'))
  await admin.page.waitForTimeout(400)
  await admin.page.locator('#dialog-confirm').tap()
  await visible(admin.page.locator(`#manage-tally-${TOPIC}`))
  await shoot(admin, 'manage-closed')
  expect(stage.cloud.db.find<TopicDoc>('deliberationTopics', { _id: TOPIC })[0]).toMatchObject({ status: 'closed', tally: { total: 6, winners: ['p1'] } })

  // The rider sees the results.
  await rider.page.bringToFront()
  await rider.page.reload()
  await visible(rider.page.locator('#topic-results'))
  expect(await rider.page.locator('#topic-status').innerText()).toBe('已计票')
  expect(await rider.page.locator('#result-p1').innerText()).toContain('4 票 · 67%')
  await shoot(rider, 'topic-results', true)
  expect(rider.errors).toEqual([])
  expect(admin.errors).toEqual([])
})

test('a decided topic shows its decision and follow-ups, at a large text size', async () => {
  const phone = await stage.open({ openid: 'demo-courier', at: NOW, route: `/packages/deliberation/topic?topicId=${DEMO_TOPICS.parking}`, fontScale: 1.3 })
  await visible(phone.page.locator('#topic-decision'))
  await visible(phone.page.locator('#topic-follow-ups'))
  await shoot(phone, 'topic-decided', true)
  expect(phone.errors).toEqual([])
})
