/**
 * 组织关系 in the browser on a phone (issue 12): demo-rider registers to find their party organization — 提交 without
 * the consent box ticked says so beside it and sends nothing, a hurried double tap once ticked files one registration
 * — and sees it among their registrations; demo-organizer finds it masked in 组织关系, opens the full detail (audited)
 * and marks it contacted; the rider sees the step. Screenshots go to /tmp/shots-party when PARTY_SHOTS names a folder.
 */
import { REPEAT_WITHIN_MS } from '@/hooks/use-arrival-guard'
import type { AuditDoc } from '../../cloudfunctions/_shared'
import { WEDNESDAY_10_00 } from '../support/instants'
import { visible } from './support/browser'
import { centreOf, type Phone, riderStage, tapRepeatedly } from './support/rider'

const NOW = WEDNESDAY_10_00
const SHOTS = process.env.PARTY_SHOTS
const stage = riderStage(NOW)

const phoneAs = (openid: string, route: string): Promise<Phone> => stage.open({ openid, at: NOW, route })

const shoot = async (phone: Phone, name: string) => {
  if (SHOTS) await phone.page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true })
}

const REGISTRATION = 'party-relation-demo-rider'

test('a rider registers with consent (one registration for a double tap); the organizer sees it masked, opens it, follows up', async () => {
  const rider = await phoneAs('demo-rider', '/packages/party/index')
  const { page } = rider
  await visible(page.locator('#party-form'))
  await shoot(rider, 'party-empty')
  await page.locator('#party-name input').fill('王建军')
  await page.locator('#party-phone input').fill('13812345678')
  await page.locator('#party-current-org input').fill('美团外卖城关站')
  await page.locator('#party-relation-at input').fill('天水市秦州区皂郊镇党委')
  await page.locator('#party-venue-venue-youlin').tap()
  await page.locator('#party-note textarea').fill('晚上九点后方便接电话')

  // Without the consent box: the problem is said beside it, nothing is sent.
  await page.locator('#party-submit').tap()
  await visible(page.locator('#consent-error'))
  expect(await page.locator('#consent-error').innerText()).toContain('勾选同意')
  await shoot(rider, 'party-consent-missing')
  expect(stage.cloud.db.find('partyRegistrations', { openid: 'demo-rider' })).toEqual([])

  // Reading the problem and ticking the box takes a person longer than one hurried press lasts.
  await page.waitForTimeout(REPEAT_WITHIN_MS)
  await page.locator('#party-consent-check').tap()
  // Ticked, the problem under the box goes and 提交 moves up: aim at where it is then.
  await page.locator('#consent-error').waitFor({ state: 'detached' })
  await page.locator('#party-submit').scrollIntoViewIfNeeded()
  const submit = await centreOf(page.locator('#party-submit'))
  await tapRepeatedly(page, submit, 2, 120)
  await visible(page.locator('#party-mine-relation'))
  expect(stage.cloud.db.find('partyRegistrations', { openid: 'demo-rider' })).toHaveLength(1)
  expect(await page.locator('#party-mine-relation').getAttribute('data-status')).toBe('submitted')
  await shoot(rider, 'party-registered')

  // The organizer: masked in the list, whole after 查看完整信息 (one audit entry), then 改为已联系.
  const organizer = await phoneAs('demo-organizer', '/packages/organizer/party-manage')
  const row = organizer.page.locator(`#party-row-${REGISTRATION}`)
  await visible(row)
  expect(await row.innerText()).toContain('王** · 138****5678')
  await shoot(organizer, 'party-manage')
  await row.tap()
  await visible(organizer.page.locator('#party-reveal'))
  await organizer.page.waitForTimeout(500)
  await organizer.page.locator('#party-reveal').tap()
  await visible(organizer.page.locator('#party-detail'))
  expect(await organizer.page.locator('#party-detail').innerText()).toContain('天水市秦州区皂郊镇党委')
  expect(stage.cloud.db.find<AuditDoc>('audit', { action: 'viewParty', target: `partyRegistrations/${REGISTRATION}` })).toHaveLength(1)
  await organizer.page.locator('#party-follow-note textarea').fill('已电话联系，周六来中心')
  await shoot(organizer, 'party-sheet')
  await organizer.page.locator('#party-move-contacted').tap()
  await row.waitFor({ state: 'detached' })
  expect(stage.cloud.db.find<{ status: string }>('partyRegistrations', { _id: REGISTRATION })[0].status).toBe('contacted')

  await page.reload()
  await visible(page.locator('#party-mine-relation[data-status="contacted"]'))
  expect(await page.locator('#party-mine-relation').innerText()).toContain('已电话联系，周六来中心')
  await shoot(rider, 'party-contacted')
  expect([...rider.errors, ...organizer.errors]).toEqual([])
})
