/**
 * @jest-environment jsdom
 *
 * The question renderers with their form state, compiled by `taro build native-components` and rendered by wcc under
 * miniprogram-simulate: what a respondent sees of each question type, what their taps and typing become as answers
 * (the shapes DESIGN.md §3 fixes), when problems show — after input, all of a page on 下一页 — show-if following the
 * answers live, and the organizer-facing and read-only forms of the same renderers.
 */
import { atWallClock } from '@core/time'
import { loadNativeComponent, settle, simulate, textOf, type SimComponent } from '../../../test/component/simulate'

let componentId = ''

beforeAll(async () => {
  componentId = await loadNativeComponent('components/survey/native', 'packages/survey/fill')
}, 180_000)

const NOW = atWallClock('2026-11-25', '10:00')

const GROUP = {
  id: 'group',
  type: 'single',
  title: '您的身份',
  required: true,
  options: [
    { value: 'rider', label: '外卖骑手' },
    { value: 'resident', label: '居民' }
  ]
}

const definition = (pages: object[], settings: object = {}) => ({
  title: '测试问卷',
  pages,
  settings: { limit: 'onePerPerson', channels: ['self', 'proxy'], ...settings }
})

const onePage = (...questions: object[]) => definition([{ id: 'p1', questions }])

interface Mounted {
  comp: SimComponent
  /** The answers after every change, latest last. */
  answers: Record<string, unknown>[]
  steps: unknown[]
  last: () => Record<string, unknown>
}

async function mount(def: object, props: Record<string, unknown> = {}): Promise<Mounted> {
  const comp = simulate.render(componentId, { props: { definition: def, now: NOW, ...props } })
  const answers: Record<string, unknown>[] = []
  const steps: unknown[] = []
  comp.addEventListener('answers', (e) => answers.push((e.detail as { answers: Record<string, unknown> }).answers))
  comp.addEventListener('step', (e) => steps.push(e.detail))
  comp.attach(document.createElement('parent-wrapper'))
  await settle()
  return { comp, answers, steps, last: () => answers[answers.length - 1] ?? {} }
}

function find(comp: SimComponent, selector: string) {
  const el = comp.querySelector(selector)
  if (!el) throw new Error(`nothing matches ${selector}`)
  return el
}

let taps = 0

/** A tap where a finger lands: each on its own spot, so none reads as the repeat of a hurried double tap. */
async function tap(comp: SimComponent, selector: string): Promise<void> {
  taps += 1
  find(comp, selector).dispatchEvent('tap', { detail: { x: (taps * 53) % 390, y: 100 + ((taps * 37) % 600) } })
  await settle()
}

/** The texts of the chosen rows of a choice question. */
const chosen = (comp: SimComponent, id: string) => comp.querySelectorAll(`#q-${id} .survey-option--on`).map((n) => textOf(n))

/** Typing ends with leaving the field, as a thumb moving on does. */
async function type(comp: SimComponent, selector: string, value: string, leave = true): Promise<void> {
  const input = find(comp, selector)
  input.dispatchEvent('input', { detail: { value } })
  await settle()
  if (leave) {
    input.dispatchEvent('blur', { detail: { value } })
    await settle()
  }
}

const errorOf = (comp: SimComponent, id: string) => textOf(comp.querySelector(`#q-${id}-error`))

test('a single choice answers the option value, one at a time, and marks the chosen row', async () => {
  const { comp, last } = await mount(onePage(GROUP))
  expect(textOf(find(comp, '#q-group'))).toBe('1. 您的身份 * 外卖骑手 居民')
  await tap(comp, '#q-group-opt-rider')
  await tap(comp, '#q-group-opt-resident')
  expect(last()).toEqual({ group: 'resident' })
  expect(chosen(comp, 'group')).toEqual(['● 居民'])
})

test('a multiple choice counts against its maximum, says so instead of taking a third, and keeps 都不需要 alone', async () => {
  const needs = {
    id: 'needs',
    type: 'multi',
    title: '您最需要哪些帮助？',
    maxSelect: 2,
    options: [
      { value: 'legal', label: '法律咨询' },
      { value: 'health', label: '健康义诊' },
      { value: 'skills', label: '技能提升' },
      { value: 'none', label: '暂时都不需要', exclusive: true }
    ]
  }
  const { comp, last } = await mount(onePage(needs))
  expect(textOf(find(comp, '#q-needs-count'))).toBe('最多选2项 · 已选0项')
  await tap(comp, '#q-needs-opt-skills')
  await tap(comp, '#q-needs-opt-legal')
  // Stored in the order of the options, as core canonicalises it.
  expect(last()).toEqual({ needs: ['legal', 'skills'] })
  await tap(comp, '#q-needs-opt-health')
  expect(textOf(find(comp, '#q-needs-count'))).toBe('最多只能选2项，先取消一项再选')
  expect(last()).toEqual({ needs: ['legal', 'skills'] })
  await tap(comp, '#q-needs-opt-none')
  expect(last()).toEqual({ needs: ['none'] })
  await tap(comp, '#q-needs-opt-health')
  expect(last()).toEqual({ needs: ['health'] })
  await tap(comp, '#q-needs-opt-health')
  expect(last()).toEqual({})
})

test('a mobile number is checked once typed and left, in core’s words, and the problem clears as it is fixed', async () => {
  const phone = { id: 'phone', type: 'text', title: '手机号', format: 'mobile', pii: 'phone' }
  const { comp, last } = await mount(onePage(phone))
  await type(comp, '#q-phone-input', '1381234', false)
  expect(errorOf(comp, 'phone')).toBe('')
  await type(comp, '#q-phone-input', '1381234')
  expect(errorOf(comp, 'phone')).toBe('手机号格式不正确')
  await type(comp, '#q-phone-input', '138 1234 5678', false)
  expect(errorOf(comp, 'phone')).toBe('')
  expect(last()).toEqual({ phone: '138 1234 5678' })
})

test('an id number with a wrong check character is refused; a number question keeps what was typed to say what is wrong', async () => {
  const id = { id: 'idno', type: 'text', title: '身份证号', format: 'idcard', pii: 'idcard', consent: 'ok' }
  const consent = { id: 'ok', type: 'consent', title: '同意', statement: '仅用于核实身份。' }
  const days = { id: 'days', type: 'number', title: '每周工作几天？', integer: true, min: 1, max: 7, unit: '天' }
  const { comp, last } = await mount(onePage(consent, id, days))
  await tap(comp, '#q-ok-agree')
  await type(comp, '#q-idno-input', '62010219900101123X')
  expect(errorOf(comp, 'idno')).toBe('身份证号校验位不正确，请核对')
  await type(comp, '#q-days-input', '3a')
  expect(errorOf(comp, 'days')).toBe('“每周工作几天”请填写数字')
  await type(comp, '#q-days-input', '8')
  expect(errorOf(comp, 'days')).toBe('“每周工作几天”不能大于7天')
  await type(comp, '#q-days-input', '5')
  expect(errorOf(comp, 'days')).toBe('')
  expect(last().days).toBe(5)
  expect(textOf(find(comp, '#q-days'))).toContain('天')
})

test('a long text counts its characters and says how many to remove instead of cutting it', async () => {
  const other = { id: 'other', type: 'textarea', title: '还有什么需求？', maxLength: 10 }
  const { comp } = await mount(onePage(other))
  expect(textOf(find(comp, '#q-other-count'))).toBe('0/10')
  await type(comp, '#q-other-input', '晚上想学做饭', false)
  expect(textOf(find(comp, '#q-other-count'))).toBe('6/10')
  await type(comp, '#q-other-input', '晚上十点以后想学做饭和理发')
  expect(textOf(find(comp, '#q-other-count'))).toBe('最多10个字，请删掉3个')
  expect(errorOf(comp, 'other')).toContain('10')
})

test('a 1–5 rating is five stars with the chosen score in words; a 0–10 rating takes 0', async () => {
  const stars = { id: 'stars', type: 'rating', title: '满意吗？', scale: '1-5', lowLabel: '不满意', highLabel: '很满意' }
  const scale = { id: 'nps', type: 'rating', title: '推荐给朋友吗？', scale: '0-10' }
  const { comp, last } = await mount(onePage(stars, scale))
  await tap(comp, '#q-stars-score-4')
  expect(textOf(find(comp, '#q-stars-chosen'))).toBe('4分')
  expect(textOf(find(comp, '#q-stars'))).toContain('1分 不满意')
  await tap(comp, '#q-nps-score-0')
  expect(last()).toEqual({ stars: 4, nps: 0 })
  expect(comp.querySelectorAll('#q-nps .survey-rating__item')).toHaveLength(11)
})

test('a region opens on the districts (甘肃省 and 兰州市 taken without a tap) and answers the four names', async () => {
  const street = { id: 'street', type: 'region', title: '常在哪个街道？', levels: 4 }
  const { comp, last } = await mount(onePage(street))
  expect(textOf(find(comp, '#q-street-input'))).toBe('请选择街道 ▾')
  await tap(comp, '#q-street-input')
  expect(textOf(find(comp, '#q-street-sheet'))).toContain('选择区县')
  expect(textOf(find(comp, '#q-street-sheet'))).toContain('甘肃省 兰州市 城关区 七里河区 安宁区 西固区')
  await tap(comp, '#q-street-region-0')
  expect(textOf(find(comp, '#q-street-sheet'))).toContain('选择街道')
  await tap(comp, '#q-street-region-0')
  expect(last()).toEqual({ street: ['甘肃省', '兰州市', '城关区', '酒泉路街道'] })
  expect(comp.querySelector('#q-street-sheet')).toBeUndefined()
  expect(textOf(find(comp, '#q-street-input'))).toBe('兰州市城关区酒泉路街道 ▾')
})

test('a date shows a placeholder until picked and answers the day as Shanghai midnight', async () => {
  const visit = { id: 'visit', type: 'date', title: '上次来中心是哪天？', maxOffsetDays: 0 }
  const { comp, last } = await mount(onePage(visit))
  expect(textOf(find(comp, '#q-visit-input'))).toBe('请选择日期 ▾')
  const wheel = find(comp, '#q-visit .form-picker__wheel--date')
  wheel.dispatchEvent('change', { detail: { value: '2026-11-20' } })
  await settle()
  expect(last()).toEqual({ visit: atWallClock('2026-11-20', '00:00') })
  expect(textOf(find(comp, '#q-visit-input'))).toBe('2026-11-20 周五 ▾')
})

test('questions behind a consent appear only once it is given; the visit form records the resident’s spoken consent', async () => {
  const consent = { id: 'ok', type: 'consent', title: '个人信息使用同意', statement: '手机号仅用于回访，加密保存。' }
  const phone = { id: 'phone', type: 'text', title: '手机号', format: 'mobile', pii: 'phone', consent: 'ok' }
  const self = await mount(onePage(consent, phone))
  expect(textOf(find(self.comp, '#q-ok'))).toContain('手机号仅用于回访，加密保存。 我已阅读并同意以上内容')
  expect(self.comp.querySelector('#q-phone')).toBeUndefined()
  await tap(self.comp, '#q-ok-agree')
  expect(self.last()).toEqual({ ok: true })
  expect(self.comp.querySelector('#q-phone')).toBeTruthy()
  await tap(self.comp, '#q-ok-agree')
  expect(self.last()).toEqual({})
  expect(self.comp.querySelector('#q-phone')).toBeUndefined()

  const proxy = await mount(onePage(consent, phone), { mode: 'proxy' })
  expect(textOf(find(proxy.comp, '#q-ok-agree'))).toBe('已向受访者读过以上内容，受访者口头同意')
})

test('show-if follows the answers live: 收工时间 shows for a rider and hides for a resident', async () => {
  const hours = {
    id: 'hours',
    type: 'single',
    title: '您通常几点收工？',
    showIf: { op: 'eq', question: 'group', value: 'rider' },
    options: [
      { value: 'before21', label: '21点前' },
      { value: 'after21', label: '21点以后' }
    ]
  }
  const { comp } = await mount(onePage(GROUP, hours))
  expect(comp.querySelector('#q-hours')).toBeUndefined()
  await tap(comp, '#q-group-opt-rider')
  expect(textOf(find(comp, '#q-hours'))).toContain('2. 您通常几点收工？')
  await tap(comp, '#q-group-opt-resident')
  expect(comp.querySelector('#q-hours')).toBeUndefined()
})

test('下一页 on an unfinished page shows every problem of the page at once and stays; once fixed it moves on', async () => {
  const days = { id: 'days', type: 'number', title: '每周工作几天？', required: true, integer: true, min: 1, max: 7 }
  const def = definition([
    { id: 'p1', questions: [GROUP, days] },
    { id: 'p2', questions: [{ id: 'free', type: 'textarea', title: '有什么想说的？' }] }
  ])
  const { comp, steps } = await mount(def)
  expect(textOf(find(comp, '#native-page'))).toBe('1/2')
  expect(errorOf(comp, 'group')).toBe('')
  await tap(comp, '#native-next')
  expect(steps[0]).toEqual({ kind: 'blocked', message: '请选择“您的身份”', questionId: 'group' })
  expect(errorOf(comp, 'group')).toBe('请选择“您的身份”')
  expect(errorOf(comp, 'days')).toBe('请填写“每周工作几天”')
  await tap(comp, '#q-group-opt-rider')
  expect(errorOf(comp, 'group')).toBe('')
  await type(comp, '#q-days-input', '6')
  await tap(comp, '#native-next')
  expect(steps[1]).toEqual({ kind: 'page', pageId: 'p2' })
  expect(textOf(find(comp, '#native-page'))).toBe('2/2')
  expect(textOf(find(comp, '#native-next'))).toBe('提交')
})

test('read-only shows each answer in words, and 未回答 for what was left out', async () => {
  const needs = {
    id: 'needs',
    type: 'multi',
    title: '需要哪些帮助？',
    options: [
      { value: 'legal', label: '法律咨询' },
      { value: 'skills', label: '技能提升' }
    ]
  }
  const stars = { id: 'stars', type: 'rating', title: '满意吗？', scale: '1-5' }
  const street = { id: 'street', type: 'region', title: '街道', levels: 4 }
  const { comp } = await mount(onePage(needs, stars, street), {
    readOnly: true,
    initial: { needs: ['legal', 'skills'], street: ['甘肃省', '兰州市', '七里河区', '土门墩街道'] }
  })
  expect(textOf(find(comp, '#q-needs'))).toBe('1. 需要哪些帮助？ 法律咨询、技能提升')
  expect(textOf(find(comp, '#q-stars'))).toBe('2. 满意吗？ 未回答')
  expect(textOf(find(comp, '#q-street'))).toBe('3. 街道 兰州市七里河区土门墩街道')
  expect(comp.querySelector('.survey-option')).toBeUndefined()
})

test('a location question offers WeChat’s map; an image question says how many photos of what size it takes', async () => {
  const place = { id: 'place', type: 'location', title: '常在哪儿等单？', pii: 'location', consent: 'ok' }
  const consent = { id: 'ok', type: 'consent', title: '同意', statement: '位置只用于安排驿站。' }
  const photos = { id: 'photos', type: 'image', title: '拍一下现场', maxCount: 3, maxSizeKB: 5120 }
  const note = { id: 'tip', type: 'note', title: '以下两题可以跳过' }
  const { comp } = await mount(onePage(note, photos, consent, place), { initial: { ok: true } })
  expect(textOf(find(comp, '#q-tip'))).toBe('以下两题可以跳过')
  expect(textOf(find(comp, '#q-photos-add'))).toBe('＋ 添加图片 0/3')
  expect(textOf(find(comp, '#q-photos'))).toContain('最多3张，每张不超过5 MB')
  expect(textOf(find(comp, '#q-place-locate'))).toBe('在地图上选择')
  expect(textOf(find(comp, '#q-place'))).toContain('不必精确到门牌')
})
