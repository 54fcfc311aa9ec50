/**
 * Issue 9 in the browser on a phone: the 服务 tab lists services and opens one; a rider submits a need (a hurried
 * double-tap on 提交 files one), the organizer runs matching and confirms (double-tap too), the provider accepts, sets
 * a time and completes it, and the rider sees each status change in 我的需求, rates it, and is warned on filing the
 * same kind of need again; the service points map shows the points inside the 15-minute circle;
 * the design board shows coverage. The cloud's clock is stopped on a Wednesday morning and each browser's starts there.
 */
import { REPEAT_WITHIN_MS } from '@/hooks/use-arrival-guard'
import type { StoredNeed } from '../../cloudfunctions/service/repo/sealed-needs'
import { openedNeed } from '../integration/service-support'
import { WEDNESDAY_10_00 } from '../support/instants'
import { visible } from './support/browser'
import { centreOf, type Phone, riderStage, tapRepeatedly } from './support/rider'

const NOW = WEDNESDAY_10_00
const SHOTS = process.env.SERVICE_SHOTS

const stage = riderStage(NOW)

async function phoneAs(openid: string, route: string): Promise<Phone> {
  return stage.open({ openid, at: NOW, route })
}

const shoot = async (phone: Phone, name: string) => {
  if (SHOTS) await phone.page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: false })
}

test('服务 tab: the list by category, and a service with its hours, places left and 导航', async () => {
  const phone = await phoneAs('demo-rider', '/pages/services/index')
  const { page } = phone
  const cards = page.locator('#service-list .service-card')
  await visible(cards.first())
  await shoot(phone, 'services-tab')
  expect(await cards.count()).toBeGreaterThan(5)
  await page.locator('[id^="category-"]').first().tap()
  await shoot(phone, 'services-category')
  await visible(cards.first())
  await cards.first().tap()
  await visible(page.locator('#service-title'))
  await visible(page.locator('#service-hours'))
  await shoot(phone, 'service-detail')
  expect(phone.errors).toEqual([])
})

const NEED_TEXT = '跑单的站点拖欠了我两个月工资，想找律师问问怎么申请劳动仲裁'

test('a rider’s need goes to matching, is referred, accepted by the provider, and the rider sees it move', async () => {
  // The rider files the need, tapping 提交 twice in a hurry.
  const rider = await phoneAs('demo-rider', '/packages/service/need')
  await visible(rider.page.locator('#need-form'))
  await rider.page.locator('#need-category-LEGAL').tap()
  await rider.page.locator('#need-category-LEGAL_LABOR').tap()
  await rider.page.locator('#need-text textarea').fill(NEED_TEXT)
  await rider.page.locator('#need-urgency-high').tap()
  await rider.page.locator('#need-venue-venue-youlin').tap()
  await rider.page.locator('#need-share-contact').tap()
  await shoot(rider, 'need-form')
  const submit = await centreOf(rider.page.locator('#need-submit'))
  await tapRepeatedly(rider.page, submit, 2, 120)
  await visible(rider.page.locator('#need-submitted'))
  await shoot(rider, 'need-submitted')
  const filed = stage.cloud.db.find<StoredNeed>('needs', { source: 'self' }).filter((need) => openedNeed(need).text === NEED_TEXT)
  expect(filed).toHaveLength(1)
  const needId = String(filed[0]._id)

  // The organizer takes it in, runs matching and sends the referral, tapping 发出转介 twice.
  const organizer = await phoneAs('demo-organizer', '/packages/organizer/service-needs')
  await visible(organizer.page.locator(`#need-row-${needId}`))
  await shoot(organizer, 'organizer-needs')
  await organizer.page.locator(`#need-triage-${needId}`).tap()
  await organizer.page.locator(`#need-row-${needId}`).waitFor({ state: 'detached' })
  await organizer.page.goto(`${stage.cloud.url}/?as=demo-organizer#/packages/organizer/service-match`)
  await visible(organizer.page.locator('#match-run'))
  await organizer.page.locator('#match-run').tap()
  const proposal = organizer.page.locator(`#proposal-${needId}`)
  await visible(proposal)
  await shoot(organizer, 'organizer-match')
  expect(await proposal.locator('.service-proposal__reasons').innerText()).toMatch(/·/)
  const serviceId = await proposal.getAttribute('data-service-id')
  await organizer.page.waitForTimeout(500)
  const confirm = await centreOf(organizer.page.locator('#match-confirm'))
  await tapRepeatedly(organizer.page, confirm, 2, 120)
  await visible(organizer.page.locator('#match-sent'))
  await shoot(organizer, 'organizer-sent')
  const referrals = stage.cloud.db.find('referrals', { needId })
  expect(referrals).toHaveLength(1)
  expect(referrals[0]).toMatchObject({ serviceId, status: 'sent' })

  // The rider sees it was referred.
  await rider.page.goto(`${stage.cloud.url}/?as=demo-rider#/packages/service/my-needs`)
  const status = rider.page.locator(`#my-need-${needId}-status`)
  await visible(status)
  expect(await status.innerText()).toBe('已转介')

  // The lawyers' services are the ones that fit; the provider acts for them and accepts.
  expect(referrals[0].orgId).toBe('org-gansu-lawyers')
  const referralId = String(referrals[0]._id)
  const provider = await phoneAs('demo-provider', '/packages/service/referrals')
  const card = provider.page.locator(`#referral-${referralId}`)
  await visible(card)
  await shoot(provider, 'provider-inbox')
  expect(await card.innerText()).toContain(NEED_TEXT)
  await provider.page.locator(`#referral-${referralId}-accept`).tap()
  await provider.page.locator('#referrals-tab-open').tap()
  await visible(provider.page.locator(`#referral-${referralId}[data-status="accepted"]`))
  await shoot(provider, 'provider-accepted')

  await rider.page.reload()
  await visible(status)
  expect(await status.innerText()).toBe('服务中')
  await rider.page.locator(`#my-need-${needId}-timeline-toggle`).tap()
  await visible(rider.page.locator(`#my-need-${needId}-timeline`))
  await shoot(rider, 'my-needs-timeline')

  // The provider sets a time, then marks it done; the rider sees it solved and rates it. (Each phone is brought to the
  // front before use: a page in the background gets no animation frames, and the sheets slide in on them.)
  // The provider comes back to the list a moment after the tab changed, as a person does: a tap while what is shown
  // is still settling, or on the spot of the previous one, is the leftover of a hurried press, which the page drops.
  await provider.page.bringToFront()
  await provider.page.waitForTimeout(REPEAT_WITHIN_MS)
  await provider.page.locator(`#referral-${referralId}-schedule`).tap()
  await visible(provider.page.locator('#referral-sheet'))
  await provider.page.waitForTimeout(500)
  await shoot(provider, 'provider-schedule')
  await provider.page.locator('#referral-sheet-confirm').tap()
  await visible(provider.page.locator(`#referral-${referralId}[data-status="scheduled"]`))
  // A tap right as the sheet closes is the leftover of a hurried one, which the page drops: answer as a person does.
  await provider.page.waitForTimeout(REPEAT_WITHIN_MS)
  await provider.page.locator(`#referral-${referralId}-complete`).tap()
  await visible(provider.page.locator('#referral-sheet'))
  await provider.page.waitForTimeout(500)
  await provider.page.locator('#complete-helped').tap()
  await provider.page.locator('#referral-sheet-confirm').tap()
  await provider.page.locator('#referrals-tab-done').tap()
  await visible(provider.page.locator(`#referral-${referralId}[data-status="completed"]`))
  expect(provider.errors).toEqual([])

  await rider.page.bringToFront()
  await rider.page.reload()
  await visible(status)
  expect(await status.innerText()).toBe('已解决')
  await rider.page.locator(`#rate-${referralId}-5`).tap()
  await rider.page.locator(`#rate-${referralId}-send`).tap()
  await rider.page.locator(`#rate-${referralId}`).waitFor({ state: 'detached' })
  await shoot(rider, 'my-needs-rated')
  expect(stage.cloud.db.find('referrals', { _id: referralId })[0]).toMatchObject({ status: 'rated', rating: 5 })

  // Filing the same kind of need again warns, links to the first one, and saves it all the same.
  await rider.page.goto(`${stage.cloud.url}/?as=demo-rider#/packages/service/need?category=LEGAL_LABOR`)
  await visible(rider.page.locator('#need-form'))
  await rider.page.locator('#need-text textarea').fill('还是拖欠工资的事，想再问问律师仲裁要准备什么')
  await rider.page.locator('#need-venue-venue-youlin').tap()
  await rider.page.locator('#need-submit').tap()
  await visible(rider.page.locator('#need-duplicates'))
  await shoot(rider, 'need-duplicate')
  await rider.page.locator(`#need-duplicate-${needId}`).tap()
  await visible(rider.page.locator(`#my-need-${needId}-timeline`))
  expect(rider.errors).toEqual([])
  expect(organizer.errors).toEqual([])
})

test('服务设计 shows the coverage line and the uncovered needs first', async () => {
  const organizer = await phoneAs('demo-organizer', '/packages/organizer/service-board')
  const coverage = organizer.page.locator('#board-coverage')
  await visible(coverage)
  await shoot(organizer, 'design-board')
  expect(await coverage.innerText()).toMatch(/\d+ 项需求中 \d+ 项已有服务/)
  expect(organizer.errors).toEqual([])
})

test('服务点地图: with the person’s position, the plan draws the points inside the 15-minute circle and lists them nearest first', async () => {
  const phone = await phoneAs('demo-rider', '/packages/service/points')
  const { page } = phone
  // Beside 友邻空间, as a browser reports it (WGS-84; the page shifts it to the map's GCJ-02).
  await page.context().grantPermissions(['geolocation'])
  await page.context().setGeolocation({ latitude: 36.0599, longitude: 103.8262 })
  await page.locator('#points-locate').tap()
  const summary = page.locator('#points-summary')
  await visible(summary)
  await visible(page.locator('#points-map'))
  await shoot(phone, 'points-map')
  const inside = Number(/有 (\d+) 个/.exec(await summary.innerText())?.[1])
  expect(inside).toBeGreaterThan(0)
  expect(await page.locator('#points-map [data-inside="true"]').count()).toBe(inside)
  expect(await page.locator('#points-caption').innerText()).toContain('示意图')
  await page.locator('#points-inside').tap()
  await page.waitForLoadState('networkidle')
  await visible(page.locator('#points-list .point').first())
  expect(await page.locator('#points-list .point').count()).toBe(inside)
  expect(await page.locator('#points-list .point[data-inside="false"]').count()).toBe(0)
  await page.locator('#points-list').scrollIntoViewIfNeeded()
  await shoot(phone, 'points-list')
  expect(phone.errors).toEqual([])
})

test('中心数据: the public board shows the centres’ figures and hides small cells', async () => {
  const phone = await phoneAs('demo-resident', '/packages/service/board')
  await visible(phone.page.locator('#board-figures'))
  await phone.page.waitForTimeout(300)
  await shoot(phone, 'public-board')
  expect(Number(await phone.page.locator('#board-needs-solved .board__number').innerText())).toBeGreaterThan(0)
  expect(phone.errors).toEqual([])
})
