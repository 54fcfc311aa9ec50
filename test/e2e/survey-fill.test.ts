/**
 * Issue 8, filling a questionnaire on a 390×844 phone with touch taps: a rider finds 新就业群体需求调查 from 首页,
 * answers through the show-if branches (收工时间 for riders, 法律问题 after 法律咨询), leaves, picks it up on another
 * phone where the server's draft brings back their answers and page, gives contact details behind the consent, and
 * double-taps 提交 — one response is stored, the thank-you says what happens next, and the questionnaire says 已提交
 * afterwards. Also: 不用了 ends the questionnaire early by its page jump; answers typed with no connection are kept on
 * the phone and saved once it is back; 我的 → 我的问卷 lists the draft; every control is a 44 px target and the
 * pages survive 1.3× text.
 */
import type { Page } from 'playwright-core'
import { shanghai } from '../support/instants'
import { data } from '../support/cloud'
import { visible } from './support/browser'
import { addPerson, centreOf, type Phone, riderStage, tapRepeatedly } from './support/rider'

const AT = shanghai('2026-11-25T18:20:00')
const NEEDS = 'survey-needs-2025'
const FILL = `/packages/survey/fill?id=${NEEDS}`

const stage = riderStage(AT)

async function open(openid: string, route: string, fontScale?: number): Promise<Phone> {
  return stage.open({ openid, at: AT, route, fontScale })
}

/** A tap by finger on the element's centre (scrolled into view first). */
async function tap(page: Page, selector: string): Promise<void> {
  const target = page.locator(selector)
  await visible(target)
  await target.scrollIntoViewIfNeeded()
  await target.tap()
}

async function typeInto(page: Page, questionId: string, text: string): Promise<void> {
  const input = page.locator(`#q-${questionId}-input input`)
  await input.scrollIntoViewIfNeeded()
  await input.tap()
  await input.fill(text)
  await input.blur()
}

const pageShown = (page: Page, pageId: string) => visible(page.locator(`#survey-page-${pageId}`))

/** The server's draft of `openid`, as saveDraft stored it. */
const draftOf = (openid: string) => stage.cloud.db.find<{ answers: Record<string, unknown>; clientId: string }>('surveyDrafts', { surveyId: NEEDS, openid })

async function savedOnServer(page: Page): Promise<void> {
  await visible(page.locator('#survey-saved', { hasText: '已保存' }))
}

test('a rider fills 需求调查 through its show-if branches, resumes on another phone, and one double-tapped 提交 stores one response', async () => {
  const openid = 'e2e-rider-fill'
  addPerson(stage.cloud, openid, AT, { nickname: '小王', group: 'rider' })

  const first = await open(openid, '/pages/home/index')
  let page = first.page
  await tap(page, '#entry-needs')
  await tap(page, `#survey-${NEEDS}`)
  await pageShown(page, 'basics')
  await visible(page.locator('#survey-pii', { hasText: '姓名、手机号' }))
  await visible(page.locator('#survey-progress', { hasText: '第 1/3 页' }))

  // 下一页 on an empty page: every problem of the page at once, and it stays.
  await tap(page, '#survey-next')
  await visible(page.locator('#q-group-error', { hasText: '请选择“您的身份”' }))
  await pageShown(page, 'basics')

  // Show-if: 收工时间 and 工作天数 appear for a rider only.
  expect(await page.locator('#q-hours').count()).toBe(0)
  await tap(page, '#q-group-opt-rider')
  await expect(page.locator('#q-group-error').count()).resolves.toBe(0)
  await tap(page, '#q-hours-opt-after21')
  await typeInto(page, 'workDays', '9')
  await visible(page.locator('#q-workDays-error', { hasText: '不能大于7天' }))
  await typeInto(page, 'workDays', '6')
  await expect(page.locator('#q-workDays-error').count()).resolves.toBe(0)
  await tap(page, '#survey-next')

  await pageShown(page, 'needs')
  await visible(page.locator('#survey-progress', { hasText: '第 2/3 页' }))
  expect(await page.locator('#q-legalTopic').count()).toBe(0)
  await tap(page, '#q-needs-opt-legal')
  await tap(page, '#q-legalTopic-opt-labor')
  await tap(page, '#q-needs-opt-skills')
  await tap(page, '#q-skillTopics-opt-digital')
  await tap(page, '#q-freeTime-opt-weekdayEvening')
  await tap(page, '#q-satisfaction-score-4')
  await savedOnServer(page)
  expect(draftOf(openid)[0].answers).toMatchObject({ group: 'rider', hours: 'after21', workDays: 6, needs: ['legal', 'skills'], legalTopic: 'labor' })
  expect(first.errors).toEqual([])
  await first.close()

  // Another phone, same person: the server's draft brings the answers and the page back.
  const second = await open(openid, FILL)
  page = second.page
  await pageShown(page, 'needs')
  await visible(page.locator('#survey-resumed', { hasText: '保存的内容继续填写' }))
  await visible(page.locator('#q-legalTopic-opt-labor[data-on="true"]'))
  await visible(page.locator('#q-satisfaction-chosen', { hasText: '4分' }))
  await tap(page, '#q-wantContact-opt-yes')
  await tap(page, '#survey-next')

  await pageShown(page, 'contact')
  // The resumed note belongs to the page the filling picked up on, not to every page after it.
  expect(await page.locator('#survey-resumed').count()).toBe(0)
  // Contact details only after the separate consent.
  expect(await page.locator('#q-phone').count()).toBe(0)
  await tap(page, '#q-contactConsent-agree')
  await typeInto(page, 'name', '王师傅')
  await typeInto(page, 'phone', '1381234')
  await visible(page.locator('#q-phone-error', { hasText: '手机号格式不正确' }))
  await typeInto(page, 'phone', '13812345678')
  await tap(page, '#q-street-input')
  await tap(page, '.survey-region__option >> text=城关区')
  await tap(page, '.survey-region__option >> text=酒泉路街道')
  await visible(page.locator('#q-street-input', { hasText: '兰州市城关区酒泉路街道' }))

  // A hurried double tap on 提交: one response.
  const submit = page.locator('#survey-submit')
  await submit.scrollIntoViewIfNeeded()
  await tapRepeatedly(page, await centreOf(submit), 2, 120)
  await visible(page.locator('#survey-thanks', { hasText: '提交成功' }))
  await visible(page.locator('#survey-thanks-text', { hasText: '两周内整理出需求清单' }))

  const stored = stage.cloud.db.find<{ status: string; channel: string; answers: Record<string, unknown>; sealed: Record<string, unknown> }>('responses', { surveyId: NEEDS, openid })
  expect(stored).toHaveLength(1)
  expect(stored[0]).toMatchObject({ status: 'submitted', channel: 'self' })
  expect(stored[0].answers).toMatchObject({ needs: ['legal', 'skills'], street: ['甘肃省', '兰州市', '城关区', '酒泉路街道'] })
  expect(Object.keys(stored[0].sealed).sort()).toEqual(['name', 'phone'])
  expect(draftOf(openid)).toHaveLength(0)

  // Back to the questionnaire: 已提交, not the form.
  await page.goto(`${stage.cloud.url}/?as=${openid}#${FILL}`)
  await visible(page.locator('#survey-submitted', { hasText: '你已经提交过这份问卷' }))
  expect(await page.locator('#survey-submit').count()).toBe(0)
  // And the function itself keeps it at one, whatever a client sends.
  const again = data((await stage.cloud.call('survey', 'submit', { surveyId: NEEDS, answers: { group: 'resident', needs: ['none'], freeTime: ['weekendDay'], wantContact: 'no' }, clientId: 'another-filling-1' }, openid)).body)
  expect(again.replayed).toBe(true)
  expect(stage.cloud.db.find('responses', { surveyId: NEEDS, openid })).toHaveLength(1)
  expect(second.errors).toEqual([])
})

test('不用了 on 回访 ends the questionnaire on page 2 (its page jump): 提交 takes the place of 下一页', async () => {
  const { page, errors } = await open('e2e-resident-short', FILL)
  await tap(page, '#q-group-opt-resident')
  // Not a worker: no 收工时间.
  expect(await page.locator('#q-hours').count()).toBe(0)
  await tap(page, '#survey-next')
  await pageShown(page, 'needs')
  await tap(page, '#q-needs-opt-none')
  await tap(page, '#q-freeTime-opt-weekendDay')
  await visible(page.locator('#survey-next'))
  await tap(page, '#q-wantContact-opt-no')
  await visible(page.locator('#survey-progress', { hasText: '第 2/2 页' }))
  await tap(page, '#survey-submit')
  await visible(page.locator('#survey-thanks', { hasText: '提交成功' }))
  expect(stage.cloud.db.find('responses', { surveyId: NEEDS, openid: 'e2e-resident-short' })).toHaveLength(1)
  expect(errors).toEqual([])
})

test('answers given with no connection stay on the phone, say so, and are saved once it is back; 我的问卷 lists the draft', async () => {
  const openid = 'e2e-offline-fill'
  addPerson(stage.cloud, openid, AT, { nickname: '小李', group: 'courier' })
  const { page, errors } = await open(openid, FILL)
  await pageShown(page, 'basics')
  await page.context().setOffline(true)
  await tap(page, '#q-group-opt-courier')
  await visible(page.locator('#survey-saved', { hasText: '已存在本机' }))
  // Closing the app keeps them: the reload comes back with the connection, and saves what the phone kept.
  await page.context().setOffline(false)
  await page.reload()
  await pageShown(page, 'basics')
  await visible(page.locator('#q-group-opt-courier[data-on="true"]'))
  await savedOnServer(page)
  expect(draftOf(openid)[0].answers).toEqual({ group: 'courier' })

  await page.goto(`${stage.cloud.url}/?as=${openid}#/pages/me/index`)
  await tap(page, '#my-surveys-entry')
  await visible(page.locator('#survey-tab-mine.segmented-tabs__tab--on'))
  await visible(page.locator(`#survey-${NEEDS}`, { hasText: '填了一半' }))
  await visible(page.locator(`#survey-${NEEDS}`, { hasText: '继续填写' }))
  expect(errors.filter((e) => !/Failed to fetch|NetworkError/.test(e))).toEqual([])
})

/** Interactive elements of the page in front smaller than 44×44 CSS px. */
function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const selector = '[aria-role="button"], [aria-role="link"], [aria-role="tab"], [aria-role="radio"], [aria-role="checkbox"], .nut-button, input, textarea, .form-picker'
    const pages = Array.from(document.querySelectorAll<HTMLElement>('.taro_page')).filter((p) => p.getClientRects().length > 0 && getComputedStyle(p).display !== 'none')
    const root = pages[pages.length - 1] ?? document.body
    const found: string[] = []
    for (const el of Array.from(root.querySelectorAll<HTMLElement>(selector))) {
      const target = el.tagName === 'INPUT' ? (el.closest<HTMLElement>('taro-input-core, .form-input') ?? el) : el
      const box = target.getBoundingClientRect()
      if (box.width === 0 || box.height === 0) continue
      if (box.width < 43.5 || box.height < 43.5) found.push(`${target.id || target.className.toString().split(' ')[0]} ${Math.round(box.width)}×${Math.round(box.height)}`)
    }
    return [...new Set(found)]
  })
}

/** Elements of the page in front that reach past the screen's sides. */
function spilling(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth
    const out: string[] = []
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('.taro_page *'))) {
      if (el.getClientRects().length === 0) continue
      const box = el.getBoundingClientRect()
      if (box.right > width + 1 || box.left < -1) out.push(`${el.className.toString().split(' ')[0] || el.tagName} ${Math.round(box.left)}–${Math.round(box.right)}`)
    }
    return [...new Set(out)].slice(0, 10)
  })
}

test.each([1, 1.3])('every control of the list and the filling page is a 44 px target, with nothing spilling sideways, at %s× text', async (scale) => {
  const { page } = await open(`e2e-thumbs-${scale}`, '/packages/survey/index', scale)
  await visible(page.locator(`#survey-${NEEDS}`))
  expect(await smallTargets(page)).toEqual([])
  expect(await spilling(page)).toEqual([])

  await page.goto(`${stage.cloud.url}/?as=e2e-thumbs-${scale}#${FILL}`)
  await tap(page, '#q-group-opt-rider')
  await visible(page.locator('#q-hours'))
  expect(await smallTargets(page)).toEqual([])
  expect(await spilling(page)).toEqual([])
  await tap(page, '#q-hours-opt-after21')
  await typeInto(page, 'workDays', '5')
  await tap(page, '#survey-next')
  await pageShown(page, 'needs')
  expect(await smallTargets(page)).toEqual([])
  expect(await spilling(page)).toEqual([])
})
