/**
 * Issue 8, the questionnaire builder on a phone (390 × 844, touch): the organizer builds a short questionnaire with a
 * show-if, sees core's problems beside their fields (none before input, all at once on 保存), deletes with 撤销,
 * previews it with the respondents' renderers (the branch appears and disappears), publishes it — and residents get
 * it from `survey list` — then edits it into a second version, told so before. Unsaved edits ask before leaving.
 * Every control is at least 44 px, also with text enlarged 1.3×.
 */
import path from 'path'
import type { Page } from 'playwright-core'
import type { GetSurveyDefinitionOutput, ListSurveysOutput } from '@core/api/survey'
import { data } from '../support/cloud'
import { WEDNESDAY_10_00 } from '../support/instants'
import { visible } from './support/browser'
import { openPage, organizerStage, smallTapTargets } from './support/organizer'

const NOW = WEDNESDAY_10_00
const SHOTS = path.join(__dirname, '..', '..', 'dist', 'e2e-shots')

const stage = organizerStage(NOW)

/** Screenshots to look at after a run (dist/ is not committed). */
const shot = (page: Page, name: string) => page.screenshot({ path: path.join(SHOTS, `survey-builder-${name}.png`) })

/** Types into a Taro input or textarea (the real element sits inside Taro's wrapper). */
const type = (page: Page, id: string, text: string) => page.locator(`#${id} input, #${id} textarea`).first().fill(text)

async function addQuestion(page: Page, kind: string, id: string, title: string) {
  await page.locator('#builder-add-p1').tap()
  await page.locator(`#builder-add-p1-${kind}`).tap()
  await visible(page.locator(`#bq-${id}-title`))
  await type(page, `bq-${id}-title`, title)
}

test('builds a questionnaire with a show-if, previews the branch, publishes it, and residents get it', async () => {
  const { page } = stage.phone
  await openPage(stage.phone, stage.cloud, 'survey-builder')
  await visible(page.locator('#builder-title'))
  // Nothing is wrong before any input.
  expect(await page.locator('.form-field__error, .organizer__error').count()).toBe(0)

  // 保存 on an empty questionnaire: every problem at once, each beside its field and listed by place.
  await page.locator('#builder-save').tap()
  await visible(page.locator('#builder-problems'))
  await visible(page.locator('#builder-title-error'))
  expect(await page.locator('#builder-problems').innerText()).toContain('第1页')
  await shot(page, 'problems')

  await type(page, 'builder-title', '夜间歇脚需求')
  await page.locator('#builder-title-error').waitFor({ state: 'detached' })
  await addQuestion(page, 'single', 'q1', '您的身份')
  await type(page, 'bq-q1-opt-0-label', '骑手')
  await type(page, 'bq-q1-opt-1-label', '居民')
  await addQuestion(page, 'text', 'q2', '您常在哪个站点歇脚')

  // Show-if as question → operator → value, read back in words.
  await page.locator('#bq-q2-showif-add').tap()
  await visible(page.locator('#bq-q2-showif-0-question-q1[data-on="true"]'))
  await page.locator('#bq-q2-showif-0-value-o1').tap()
  await visible(page.locator('#bq-q2-showif-words', { hasText: '当“您的身份”为“骑手”时' }))

  // Moving it above the question it reads is a problem beside the condition; moving it back clears it.
  await page.locator('#bq-q2-up').tap()
  await visible(page.locator('#bq-q2-showIf-error', { hasText: '只能引用本题之前的题目' }))
  await page.locator('#bq-q2-down').tap()
  await page.locator('#bq-q2-showIf-error').waitFor({ state: 'detached' })

  // Delete, then 撤销.
  await addQuestion(page, 'multi', 'q3', '还想要什么')
  await page.locator('#bq-q3-delete').tap()
  await page.locator('#bq-q3').waitFor({ state: 'detached' })
  await visible(page.locator('#builder-undo', { hasText: '已删除「还想要什么」' }))
  await page.locator('#builder-undo-button').tap()
  await visible(page.locator('#bq-q3'))
  await page.locator('#bq-q3-delete').tap()
  await page.locator('#bq-q3').waitFor({ state: 'detached' })
  await page.locator('#bq-q2-head').tap()
  await page.locator('#builder-problems').waitFor({ state: 'detached' })
  await shot(page, 'questions')

  // Preview: the branch appears for 骑手 and disappears for 居民.
  await page.locator('#builder-view-preview').tap()
  await visible(page.locator('#builder-preview #q-q1'))
  expect(await page.locator('#builder-preview #q-q2').count()).toBe(0)
  await page.locator('#q-q1-opt-o1').tap()
  await visible(page.locator('#builder-preview #q-q2'))
  await shot(page, 'preview')
  await page.locator('#q-q1-opt-o2').tap()
  await page.locator('#builder-preview #q-q2').waitFor({ state: 'detached' })

  // 发布 saves and publishes.
  await page.locator('#builder-publish').tap()
  await visible(page.locator('#dialog-confirm', { hasText: '保存并发布' }))
  await page.locator('#dialog-confirm').tap()
  await visible(page.locator('#builder-state', { hasText: '进行中' }))
  await visible(page.locator('#builder-saved', { hasText: '已保存' }))

  const listed = data<ListSurveysOutput>((await stage.cloud.call('survey', 'list', {}, 'demo-resident')).body).items.find((item) => item.title === '夜间歇脚需求')
  expect(listed).toMatchObject({ status: 'published', availability: 'open', version: 1 })
  const stored = data<GetSurveyDefinitionOutput>((await stage.cloud.call('survey', 'getDefinition', { surveyId: listed!._id }, 'demo-organizer')).body)
  expect(stored.definition.pages[0].questions.map((q) => [q.id, q.type, q.title, q.showIf])).toEqual([
    ['q1', 'single', '您的身份', undefined],
    ['q2', 'text', '您常在哪个站点歇脚', { op: 'eq', question: 'q1', value: 'o1' }]
  ])

  // An edit of the published questionnaire is its second version, said before saving.
  await page.locator('#builder-view-questions').tap()
  await type(page, 'builder-title', '夜间歇脚需求调查')
  await visible(page.locator('#builder-saved', { hasText: '有未保存的修改' }))
  await page.locator('#builder-save').tap()
  await visible(page.locator('.confirm-dialog', { hasText: '保存为第2版' }))
  await page.locator('#dialog-confirm').tap()
  await visible(page.locator('#builder-heading', { hasText: '第2版' }))
  expect(data<GetSurveyDefinitionOutput>((await stage.cloud.call('survey', 'getDefinition', { surveyId: listed!._id }, 'demo-organizer')).body).versions).toEqual([1, 2])

  // The questionnaire's own page leads back into the builder with what was saved.
  await openPage(stage.phone, stage.cloud, `survey?surveyId=${listed!._id}`)
  await page.locator('#survey-edit').tap()
  await visible(page.locator('#builder-heading', { hasText: '第2版' }))
  expect(await page.locator('#builder-title input').inputValue()).toBe('夜间歇脚需求调查')
  await visible(page.locator('#bq-q2-showif-summary', { hasText: '当“您的身份”为“骑手”时显示' }))
  expect(stage.phone.errors).toEqual([])
})

test('JSON: text that is no questionnaire is refused; a pasted definition loads with its problems beside their fields', async () => {
  const { page } = stage.phone
  await openPage(stage.phone, stage.cloud, 'survey-builder')
  await visible(page.locator('#builder-title'))
  await page.locator('#builder-view-json').tap()
  await type(page, 'builder-json-import', '{"title": "半截')
  await page.locator('#builder-json-load').tap()
  await visible(page.locator('#builder-json-refused', { hasText: '不是有效的 JSON' }))

  const pasted = {
    title: '资源征集',
    pages: [{ id: 'p1', questions: [{ id: 'q1', type: 'multi', title: '能提供什么', options: [{ value: 'venue', label: '场地', tags: ['resource:VENUE'] }, { value: 'lawyer', label: '' }] }] }],
    settings: { limit: 'unlimited', channels: ['self'] }
  }
  await type(page, 'builder-json-import', JSON.stringify(pasted))
  await page.locator('#builder-json-load').tap()
  await visible(page.locator('#bq-q1'))
  await expect(page.locator('#builder-title input').inputValue()).resolves.toBe('资源征集')
  await visible(page.locator('#builder-problems', { hasText: '第1页 第1题（q1）' }))
  await page.locator('#bq-q1-head').tap()
  await visible(page.locator('#bq-q1-opt-1-error', { hasText: '请填写选项文字' }))
  await visible(page.locator('#bq-q1-opt-0-tag-resource-VENUE'))
  await shot(page, 'imported')
  await type(page, 'bq-q1-opt-1-label', '律师咨询')
  await page.locator('#bq-q1-opt-1-error').waitFor({ state: 'detached' })
  await page.locator('#builder-problems').waitFor({ state: 'detached' })
  expect(stage.phone.errors).toEqual([])
})

test('a hurried double tap deletes or moves one thing: the card that slides under the finger is left alone', async () => {
  const { page } = stage.phone
  await openPage(stage.phone, stage.cloud, 'survey-builder')
  await visible(page.locator('#builder-title'))
  for (const [id, title] of [['q1', '第一题'], ['q2', '第二题'], ['q3', '第三题']]) {
    await addQuestion(page, 'text', id, title)
    await page.locator(`#bq-${id}-toggle`).tap()
  }
  const doubleTap = async (selector: string) => {
    const box = (await page.locator(selector).boundingBox())!
    await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2)
    await page.waitForTimeout(80)
    await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2)
    await page.waitForTimeout(400)
  }
  const order = () => page.locator('.builder-question').evaluateAll((cards) => cards.map((card) => card.id))

  await doubleTap('#bq-q3-up')
  expect(await order()).toEqual(['bq-q1', 'bq-q3', 'bq-q2'])
  await doubleTap('#bq-q1-delete')
  expect(await order()).toEqual(['bq-q3', 'bq-q2'])
  expect(stage.phone.errors).toEqual([])
})

test('unsaved edits ask before leaving; 继续编辑 keeps them', async () => {
  const { page } = stage.phone
  await openPage(stage.phone, stage.cloud, 'index')
  await page.locator('#survey-new').tap()
  await visible(page.locator('#builder-title'))
  await type(page, 'builder-title', '还没保存的问卷')
  await visible(page.locator('#builder-saved', { hasText: '有未保存的修改' }))
  await page.locator('#title-bar-back').tap()
  // Taro's modal: its outer element has no box of its own; the dialog is its content.
  const dialog = page.locator('.taro-modal__content', { hasText: '还没有保存' })
  await visible(dialog)
  await dialog.getByText('继续编辑').tap()
  await dialog.waitFor({ state: 'hidden' })
  expect(page.url()).toContain('survey-builder')
  expect(await page.locator('#builder-title input').inputValue()).toBe('还没保存的问卷')
  expect(stage.phone.errors).toEqual([])
})

test('every control of the builder is at least 44 px, at 1× and with text enlarged 1.3×', async () => {
  const { page } = stage.phone
  await openPage(stage.phone, stage.cloud, 'survey-builder')
  await visible(page.locator('#builder-title'))
  await addQuestion(page, 'multi', 'q1', '需要哪些服务')
  await addQuestion(page, 'text', 'q2', '其他需要')
  await page.locator('#bq-q2-showif-add').tap()
  await visible(page.locator('#bq-q2-showif-0-op-has'))
  const small: Record<string, string[]> = { '1×': await smallTapTargets(page) }
  await page.evaluate(() => {
    const enlarged = document.createElement('style')
    enlarged.textContent = `html { font-size: ${parseFloat(getComputedStyle(document.documentElement).fontSize) * 1.3}px !important }`
    document.head.appendChild(enlarged)
  })
  await page.waitForTimeout(300)
  small['1.3×'] = await smallTapTargets(page)
  const spills = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1)
  await shot(page, 'enlarged')
  await page.locator('#builder-view-settings').tap()
  await visible(page.locator('#builder-settings'))
  await page.locator('#builder-quota-add').tap()
  await page.locator('#builder-quota-0-when-add').tap()
  await visible(page.locator('#builder-quota-0-when-0-op-has'))
  small['设置 1.3×'] = await smallTapTargets(page)
  await shot(page, 'settings-enlarged')
  expect(small).toEqual({ '1×': [], '1.3×': [], '设置 1.3×': [] })
  expect(spills).toBe(false)
  expect(stage.phone.errors).toEqual([])
})
