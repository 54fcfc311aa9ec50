/**
 * 随手拍 in the browser on a phone (issue 12): a rider of 友邻空间's grid team reports a 飞线充电 problem with a photo (a
 * hurried double-tap on 上报 files one), the organizer resolves it with a photo of the result, and the rider sees it
 * 已解决 with that photo in 我的随手拍. The other grid pages open with the demo data. The cloud's clock is stopped on a
 * Wednesday morning and each browser's starts there.
 */
import fs from 'fs'
import type { Page } from 'playwright-core'
import type { GridMemberDoc, GridReportDoc } from '@core/community/grid'
import { WEDNESDAY_10_00 } from '../support/instants'
import { visible } from './support/browser'
import { addPerson, centreOf, riderStage, tapRepeatedly, type Phone } from './support/rider'

const NOW = WEDNESDAY_10_00
const RIDER = 'e2e-grid-rider'
const SHOTS = process.env.GRID_SHOTS

const stage = riderStage(NOW, (cloud) => {
  addPerson(cloud, RIDER, NOW, { nickname: '骑手小马', group: 'rider', community: '酒泉路街道' })
  const member: GridMemberDoc = {
    _id: RIDER,
    openid: RIDER,
    venueId: 'venue-youlin',
    outlet: '美团酒泉路站',
    company: '美团外卖',
    status: 'approved',
    appliedAt: NOW - 10 * 86_400_000,
    decidedAt: NOW - 9 * 86_400_000,
    decidedBy: 'demo-organizer',
    createdAt: NOW - 10 * 86_400_000,
    updatedAt: NOW - 9 * 86_400_000
  }
  cloud.db.insert('gridMembers', [member])
})

const shoot = async (phone: Phone, name: string) => {
  if (!SHOTS) return
  fs.mkdirSync(SHOTS, { recursive: true })
  await phone.page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true })
}

/** A small real PNG (a 2×2 image), what the phone's camera hands the page. */
const PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==', 'base64')

/** Taps what opens the photo picker and hands it a photo. */
async function pickPhoto(page: Page, selector: string, name: string): Promise<void> {
  const chooser = page.waitForEvent('filechooser')
  await page.locator(selector).tap()
  await (await chooser).setFiles({ name, mimeType: 'image/png', buffer: PHOTO })
}

const TEXT = '张掖路3号楼楼道里有电动车从窗户拉线充电，线搭在扶手上'

test('a rider reports 飞线充电 with a photo, the organizer resolves it with a photo, the rider sees it 已解决', async () => {
  const rider = await stage.open({ openid: RIDER, at: NOW, route: '/packages/grid/report' })
  const { page } = rider
  await visible(page.locator('#grid-report-form'))
  await page.locator('#grid-category-FLYING_CHARGE').tap()
  await pickPhoto(page, '#grid-photo-add', 'charge.png')
  await visible(page.locator('.grid__photo-image').first())
  await page.locator('#grid-near-venue-youlin').tap()
  await visible(page.locator('#grid-place'))
  await page.locator('#grid-text textarea').fill(TEXT)
  await shoot(rider, 'report-form')
  const submit = await centreOf(page.locator('#grid-submit'))
  await tapRepeatedly(page, submit, 2, 120)
  await visible(page.locator('#grid-report-done'))
  await shoot(rider, 'report-done')
  const filed = stage.cloud.db.find<GridReportDoc>('gridReports', { openid: RIDER })
  expect(filed).toHaveLength(1)
  expect(filed[0]).toMatchObject({ category: 'FLYING_CHARGE', venueId: 'venue-youlin', member: true, status: 'open', text: TEXT })
  expect(filed[0].photos).toHaveLength(1)
  const reportId = filed[0]._id

  // The organizer finds it on the open list (and the plan), resolves it with a photo of the result.
  const organizer = await stage.open({ openid: 'demo-organizer', at: NOW, route: '/packages/organizer/grid-reports' })
  const card = organizer.page.locator(`#grid-report-${reportId}`)
  await visible(card)
  await visible(organizer.page.locator('#grid-map'))
  await shoot(organizer, 'organizer-reports')
  await organizer.page.locator(`#grid-resolve-${reportId}`).tap()
  await organizer.page.locator(`#grid-note-${reportId} textarea`).fill('已拆除飞线，引导车主到小区充电桩充电')
  await pickPhoto(organizer.page, `#grid-resolve-photo-${reportId}`, 'after.png')
  await visible(organizer.page.locator(`#grid-form-${reportId} .grid__photo-image`))
  await shoot(organizer, 'organizer-resolve')
  await organizer.page.locator(`#grid-confirm-${reportId}`).tap()
  await card.waitFor({ state: 'detached' })
  const [resolved] = stage.cloud.db.find<GridReportDoc>('gridReports', { _id: reportId })
  expect(resolved.status).toBe('resolved')
  expect(resolved.resolution?.photo).toMatch(/^cloud:\/\//)
  expect(stage.cloud.db.find('notifications', { subjectId: reportId, openid: RIDER })).toHaveLength(1)

  // The rider sees it resolved, with the handler's photo.
  await page.goto(`${stage.cloud.url}/?as=${RIDER}#/packages/grid/mine`)
  await visible(page.locator(`#grid-status-${reportId}`))
  expect(await page.locator(`#grid-status-${reportId}`).innerText()).toBe('已解决')
  const photo = page.locator(`#grid-resolution-photo-${reportId} img`)
  await visible(photo)
  await page.waitForFunction((id) => {
    const img = document.querySelector<HTMLImageElement>(`#grid-resolution-photo-${id} img`)
    return img !== null && img.complete && img.naturalWidth > 0
  }, reportId)
  await shoot(rider, 'mine-resolved')
  expect(rider.errors).toEqual([])
  expect(organizer.errors).toEqual([])
})

test('the demo makes the grid pages alive: 西固 rider’s reports, the team badge, the organizer’s section and applications', async () => {
  const rider = await stage.open({ openid: 'demo-rider', at: NOW, route: '/packages/grid/mine' })
  await visible(rider.page.locator('#grid-mine'))
  await visible(rider.page.locator('[id^="grid-resolution-photo-"] img').first())
  await shoot(rider, 'demo-mine')
  await rider.page.goto(`${stage.cloud.url}/?as=demo-rider#/packages/grid/join`)
  await visible(rider.page.locator('#grid-badge'))
  expect(await rider.page.locator('#grid-badge').innerText()).toBe('兼职网格员')
  await shoot(rider, 'demo-join-badge')

  const resident = await stage.open({ openid: 'demo-resident', at: NOW, route: '/packages/grid/join' })
  await visible(resident.page.locator('#grid-apply'))
  await shoot(resident, 'demo-join-form')

  // With large text the form still fits the phone's width: nothing runs off to the side.
  const large = await stage.open({ openid: 'demo-resident', at: NOW, route: '/packages/grid/report', fontScale: 1.4 })
  await visible(large.page.locator('#grid-report-form'))
  await shoot(large, 'report-large-text')
  expect(await large.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)

  const organizer = await stage.open({ openid: 'demo-organizer', at: NOW, route: '/packages/organizer/index' })
  await visible(organizer.page.locator('#organizer-grid-figures'))
  await organizer.page.locator('#organizer-grid').scrollIntoViewIfNeeded()
  await shoot(organizer, 'organizer-home-grid')
  await organizer.page.goto(`${stage.cloud.url}/?as=demo-organizer#/packages/organizer/grid-applications`)
  await visible(organizer.page.locator('#grid-application-demo-courier'))
  await shoot(organizer, 'organizer-applications')
  await organizer.page.locator('#grid-approve-demo-courier').tap()
  await visible(organizer.page.locator('#grid-application-demo-courier').getByText('已加入'))
  expect(stage.cloud.db.find<GridMemberDoc>('gridMembers', { _id: 'demo-courier' })[0].status).toBe('approved')
  expect(rider.errors).toEqual([])
  expect(organizer.errors).toEqual([])
})

test('a first visitor who declines the privacy notice is asked to sign in; then both forms name what is missing beside each field', async () => {
  const visitor = await stage.open({ openid: 'e2e-grid-visitor', at: NOW, route: '/packages/grid/join', consented: false })
  const { page } = visitor
  await page.locator('.privacy-sheet__decline').tap()
  await visible(page.locator('#grid-join-sign-in'))
  await shoot(visitor, 'join-sign-in')
  await page.locator('#grid-join-sign-in .sign-in-gate__button').tap()
  await page.locator('#privacy-agree').tap()
  await visible(page.locator('#grid-apply'))

  // The schema the function checks with names both missing fields at once; picking a centre clears its problem.
  await page.locator('#grid-apply-submit').tap()
  await visible(page.locator('#venueId-error'))
  expect(await page.locator('#venueId-error').innerText()).toBe('请选择服务中心')
  expect(await page.locator('#outlet-error').innerText()).toBe('请填写网点')
  await page.locator('#grid-venue-venue-youlin').tap()
  await page.locator('#venueId-error').waitFor({ state: 'detached' })
  await visible(page.locator('#outlet-error'))
  await shoot(visitor, 'join-problems')

  await page.goto(`${stage.cloud.url}/?as=e2e-grid-visitor#/packages/grid/report`)
  await visible(page.locator('#grid-report-form'))
  await page.locator('#grid-submit').tap()
  await visible(page.locator('#category-error'))
  expect(await page.locator('#category-error').innerText()).toBe('请选择问题类别')
  expect(await page.locator('#location-error').innerText()).toBe('请选择位置')
  expect(await page.locator('#text-error').innerText()).toBe('请填写问题描述')
  await shoot(visitor, 'report-problems')
  expect(stage.cloud.db.find('gridReports', { openid: 'e2e-grid-visitor' })).toHaveLength(0)
  expect(stage.cloud.db.find('gridMembers', { openid: 'e2e-grid-visitor' })).toHaveLength(0)
  expect(visitor.errors).toEqual([])
})
