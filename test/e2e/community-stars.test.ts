/**
 * 骑士之星 in the browser on a phone (issue 12): the organizer opens the month's ranking, chooses the star, writes the
 * citation and publishes — a hurried double-tap on 发布 publishes once — and the public wall shows the star; a
 * station manager scores a rider of theirs; a rider reads their 先锋指数. The cloud's clock stands on Wednesday 25
 * November 2026, in November's last days, so November is open; each browser's clock starts there.
 */
import { WEDNESDAY_10_00 } from '../support/instants'
import { visible } from './support/browser'
import { smallTapTargets } from './support/organizer'
import { centreOf, riderStage, tapRepeatedly, type Phone } from './support/rider'

const NOW = WEDNESDAY_10_00
const MONTH = '2026-11'
const SHOTS = process.env.STARS_SHOTS

const stage = riderStage(NOW)

const phoneAs = (openid: string, route: string): Promise<Phone> => stage.open({ openid, at: NOW, route })

const shoot = async (phone: Phone, name: string) => {
  if (SHOTS) await phone.page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: false })
}

const CITATION = '服务亮承诺零投诉，每周到友邻空间学习，带动站点 3 名新骑手加入志愿服务队。'

test('the organizer publishes the month’s 骑士之星 (a double-tap publishes once) and the public wall shows it', async () => {
  const organizer = await phoneAs('demo-organizer', '/packages/organizer/stars-ranking')
  const { page } = organizer
  const row = page.locator('#rank-demo-star-wei')
  await visible(row)
  expect(await page.locator('#rank-demo-star-wei-index').innerText()).toMatch(/^\d+(\.\d)?/)
  await shoot(organizer, 'ranking')
  expect(await smallTapTargets(page)).toEqual([])

  await page.locator('#rank-demo-star-wei-choose').tap()
  await page.locator('#star-citation textarea').fill(CITATION)
  await shoot(organizer, 'ranking-choose')
  await page.locator('#star-publish').tap()
  await visible(page.locator('#dialog-confirm'))
  await shoot(organizer, 'ranking-confirm')
  await tapRepeatedly(page, await centreOf(page.locator('#dialog-confirm')), 2, 120)
  await visible(page.locator('#star-published'))
  await shoot(organizer, 'ranking-published')
  expect(await page.locator('#star-published').innerText()).toContain('王小伟')
  expect(stage.cloud.db.find('starAwards', { venueId: 'venue-youlin', month: MONTH })).toHaveLength(1)
  expect(organizer.errors).toEqual([])

  const visitor = await phoneAs('demo-resident', '/packages/stars/index?venueId=venue-youlin')
  const card = visitor.page.locator(`#star-venue-youlin_${MONTH}`)
  await visible(card)
  await shoot(visitor, 'wall')
  const text = await card.innerText()
  expect(text).toContain('王小伟')
  expect(text).toContain(CITATION)
  await visitor.page.locator('#star-rules').scrollIntoViewIfNeeded()
  await shoot(visitor, 'wall-rules')
  expect(visitor.errors).toEqual([])
})

test('a station manager scores a rider of their station', async () => {
  const scorer = await phoneAs('demo-scorer', '/packages/organizer/stars-score')
  const { page } = scorer
  await visible(page.locator('#star-rider-demo-star-zhao'))
  await shoot(scorer, 'score-list')
  await page.locator('#score-month-2026-11').tap()
  await page.locator('#star-score-demo-star-zhao').tap()
  await page.locator('#score-demo-star-zhao-commitment-5').tap()
  await page.locator('#score-demo-star-zhao-safety-4').tap()
  await page.locator('#score-demo-star-zhao-team-5').tap()
  // 40×5/5 + 30×4/5 + 30×5/5 = 40 + 24 + 30 = 94
  expect(await page.locator('#star-total-demo-star-zhao').innerText()).toContain('94')
  await shoot(scorer, 'score-form')
  await page.locator('#star-save-demo-star-zhao').tap()
  await page.locator('#star-form-demo-star-zhao').waitFor({ state: 'detached' })
  expect(await page.locator('#star-rider-demo-star-zhao').innerText()).toContain('94 分')
  const stored = stage.cloud.db.find<{ total: number }>('starScores', { riderId: 'demo-star-zhao', month: MONTH, side: 'enterprise' })
  expect(stored.map((s) => s.total)).toEqual([94])
  expect(scorer.errors).toEqual([])
})

test('a rider reads their 先锋指数 and what their activity adds', async () => {
  const rider = await phoneAs('demo-star-wei', '/packages/stars/mine')
  await visible(rider.page.locator('#my-star-index'))
  await visible(rider.page.locator('#my-star-activity'))
  await shoot(rider, 'mine')
  await rider.page.locator('#my-star-prev').tap()
  await visible(rider.page.locator('#my-star-enterprise'))
  await shoot(rider, 'mine-last-month')
  expect(rider.errors).toEqual([])
})

test('with a large text setting the ranking and the wall still fit the phone’s width', async () => {
  for (const [openid, route, name] of [
    ['demo-organizer', '/packages/organizer/stars-ranking', 'ranking-large-text'],
    ['demo-resident', '/packages/stars/index', 'wall-large-text']
  ] as const) {
    const phone = await stage.open({ openid, at: NOW, route, fontScale: 1.4 })
    await visible(phone.page.locator(openid === 'demo-organizer' ? '#star-ranking' : '#stars-list'))
    await shoot(phone, name)
    const overflow = await phone.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
    expect([name, overflow]).toEqual([name, 0])
    expect(phone.errors).toEqual([])
  }
})
