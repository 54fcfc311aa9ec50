/**
 * Issue 8, the organizer's questionnaire pages on a phone, with touch taps, against the demo questionnaires:
 * 走访录入 with the network cut (the entry waits on the phone, survives the page being closed, is sent once when the
 * phone is back online — also when the first answer is lost on the way back), the results' charts drawn on their
 * canvases, 清单审核 approving a group into the centre's 需求清单, and the masked xlsx export downloaded and read back.
 * The cloud's clock is stopped on a Wednesday morning and the browser's starts there too.
 */
import ExcelJS from 'exceljs'
import type { Page } from 'playwright-core'
import type { ResponseDoc } from '@core/survey'
import { NEEDS_SURVEY_ID } from '../../emulator/demo-surveys'
import { WEDNESDAY_10_00 } from '../support/instants'
import { visible } from './support/browser'
import { openPage, organizerStage, smallTapTargets } from './support/organizer'

const NOW = WEDNESDAY_10_00
const SHOTS = process.env.E2E_SHOTS

const stage = organizerStage(NOW)

const shot = async (page: Page, name: string) => {
  if (SHOTS) await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: false })
}

/** The proxy responses of the needs questionnaire entered at this place. */
const storedAt = (place: string): ResponseDoc[] =>
  stage.cloud.db.find<ResponseDoc>('responses', { surveyId: NEEDS_SURVEY_ID, channel: 'proxy' }).filter((r) => r.visit?.place === place)

/** One visit through the form: the visit facts, then a resident who wants 照看子女 and no call back (two pages). */
async function enterVisit(page: Page, place: string, respondentPhone: string): Promise<void> {
  await visible(page.locator('#visit-form'))
  await page.locator('#visit-place input').fill(place)
  await page.locator('#visit-phone input').fill(respondentPhone)
  await page.locator('#visit-consent').tap()
  await page.locator('#q-group-opt-resident').tap()
  await page.locator('#visit-next').tap()
  await visible(page.locator('#q-needs-opt-childcare'))
  await page.locator('#q-needs-opt-childcare').tap()
  await page.locator('#q-freeTime-opt-weekendDay').tap()
  await page.locator('#q-wantContact-opt-no').tap()
  await page.locator('#visit-save').tap()
}

test('走访录入 offline: the entry waits on the phone, outlives the page, and is stored once when back online', async () => {
  const { page } = stage.phone
  const context = page.context()
  await openPage(stage.phone, stage.cloud, `survey-visit?surveyId=${NEEDS_SURVEY_ID}`)
  await visible(page.locator('#visit-form'))
  expect(await page.locator('#visit-form .form-field__error, #visit-problem').count()).toBe(0)
  expect(await smallTapTargets(page)).toEqual([])

  await context.setOffline(true)
  await visible(page.locator('#visit-network', { hasText: '现在离线' }))
  await enterVisit(page, '雁滩路骑手驿站', '13912345678')
  await visible(page.locator('#visit-pending', { hasText: '1 条待同步' }))
  await visible(page.locator('#visit-queue [data-state="waiting"]'))
  // The form starts afresh for the next resident met at the same place.
  await visible(page.locator('#q-group-opt-resident'))
  expect(await page.locator('#visit-place input').inputValue()).toBe('雁滩路骑手驿站')
  expect(await page.locator('#visit-phone input').inputValue()).toBe('')
  expect(await page.locator('#visit-consent').getAttribute('aria-checked')).toBe('false')
  await shot(page, 'visit-offline-queued')
  expect(storedAt('雁滩路骑手驿站')).toHaveLength(0)

  // Closed while offline; opened again once the phone is back: the entry is still there and goes out by itself.
  await page.close()
  await context.setOffline(false)
  const again = await context.newPage()
  await again.clock.install({ time: NOW })
  await again.goto(`${stage.cloud.url}/#/packages/organizer/survey-visit?surveyId=${NEEDS_SURVEY_ID}`)
  await visible(again.locator('#visit-queue [data-state="synced"]'))
  await visible(again.locator('#visit-pending', { hasText: '本机没有待同步的录入' }))
  await shot(again, 'visit-synced')
  expect(await again.locator('#visit-sync').getAttribute('class')).toContain('nut-button-disabled')

  const stored = storedAt('雁滩路骑手驿站')
  expect(stored).toHaveLength(1)
  expect(stored[0]).toMatchObject({ status: 'submitted', channel: 'proxy' })
  // Who heard the consent: the organizer's name from the session, as prefilled.
  expect(stored[0].visit?.verbalConsent.by).toBe('友邻空间小马')
  expect(stored[0].answers).toMatchObject({ group: 'resident', needs: ['childcare'], wantContact: 'no' })
})

test('走访录入: an answer lost on the way back leaves the entry waiting; 立即同步 sends it again and it is stored once', async () => {
  const { page } = stage.phone
  await openPage(stage.phone, stage.cloud, `survey-visit?surveyId=${NEEDS_SURVEY_ID}`)
  await visible(page.locator('#visit-form'))

  // The first submit reaches the function, but its answer never reaches the phone.
  let lost = 0
  await page.route('**/functions/survey', async (route) => {
    const body = route.request().postData() ?? ''
    if (lost === 0 && body.includes('"action":"submit"')) {
      lost += 1
      await route.fetch()
      await route.abort('connectionreset')
      return
    }
    await route.continue()
  })
  const failed = page.waitForEvent('requestfailed', { predicate: (r) => r.url().endsWith('/functions/survey') })
  await enterVisit(page, '东岗西路快递站', '13812340000')
  await failed
  await visible(page.locator('#visit-pending', { hasText: '1 条待同步' }))
  expect(lost).toBe(1)
  expect(storedAt('东岗西路快递站')).toHaveLength(1)

  // A fast double tap on 立即同步: one sync, and the function recognises the entry it already has.
  await page.locator('#visit-sync').tap()
  await page.locator('#visit-sync').tap()
  await visible(page.locator('#visit-queue [data-state="synced"]'))
  await visible(page.locator('#visit-queue', { hasText: '之前已录入，没有重复保存' }))
  await shot(page, 'visit-replayed')
  expect(storedAt('东岗西路快递站')).toHaveLength(1)
  expect(stage.phone.errors).toEqual([])
})

test('统计结果: each question’s chart is drawn on its canvas', async () => {
  const { page } = stage.phone
  await openPage(stage.phone, stage.cloud, `survey-results?surveyId=${NEEDS_SURVEY_ID}`)
  const chart = page.locator('#result-needs canvas').first()
  await visible(chart)
  await chart.scrollIntoViewIfNeeded()
  // Pixels that are not the card's white background: bars, labels, gridlines.
  const drawn = async () =>
    chart.evaluate((canvas: HTMLCanvasElement) => {
      const context = canvas.getContext('2d')
      if (!context || canvas.width === 0 || canvas.height === 0) return 0
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height)
      let inked = 0
      for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && (data[i] < 240 || data[i + 1] < 240 || data[i + 2] < 240)) inked += 1
      return inked
    })
  // Drawn on the next tick after layout: wait for ink rather than for a fixed time.
  let inked = 0
  for (let tries = 0; tries < 40 && inked <= 2000; tries += 1) {
    inked = await drawn()
    if (inked <= 2000) await page.waitForTimeout(250)
  }
  expect(inked).toBeGreaterThan(2000)
  await shot(page, 'results-chart')
  expect(await smallTapTargets(page)).toEqual([])
  expect(stage.phone.errors).toEqual([])
})

test('清单审核: approving a group makes it an item of the centre’s 需求清单', async () => {
  const { page } = stage.phone
  await openPage(stage.phone, stage.cloud, 'survey-review?venueId=venue-youlin')
  const group = page.locator('#review .review__group').first()
  await visible(group)
  const code = await group.getAttribute('data-code')
  const name = await group.locator('.review__name').innerText()
  await shot(page, 'review-before')
  expect(await smallTapTargets(page)).toEqual([])
  await page.locator(`#review-approve-${code}`).tap()
  await visible(page.locator('#review-sheet'))
  await page.waitForTimeout(400)
  await page.locator('#review-confirm').tap()
  await page.locator('#review-sheet').waitFor({ state: 'detached' })
  await page.locator(`#review-group-${code}`).waitFor({ state: 'detached' })
  await visible(page.locator(`#review-item-${code}`))
  expect(await page.locator(`#review-item-${code}`).innerText()).toContain(name)
  await shot(page, 'review-after')
  expect(stage.phone.errors).toEqual([])
})

test('导出答卷: the xlsx downloads, and its phone numbers are masked', async () => {
  const { page } = stage.phone
  await openPage(stage.phone, stage.cloud, `survey?surveyId=${NEEDS_SURVEY_ID}`)
  await visible(page.locator('#survey-export'))
  expect(await smallTapTargets(page)).toEqual([])
  await page.locator('#survey-export').tap()
  await visible(page.locator('#export-open'))
  await page.waitForTimeout(400)
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-open').tap()])
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/)
  const path = await download.path()

  const book = new ExcelJS.Workbook()
  await book.xlsx.readFile(path)
  const cells = book.worksheets.flatMap((sheet) => {
    const values: string[] = []
    sheet.eachRow((row) => row.eachCell((cell) => values.push(String(cell.text))))
    return values
  })
  expect(cells.filter((text) => /^1\d{2}\*{4}\d{4}$/.test(text)).length).toBeGreaterThan(0)
  expect(cells.filter((text) => /^1\d{10}$/.test(text))).toEqual([])
  expect(stage.phone.errors).toEqual([])
})
