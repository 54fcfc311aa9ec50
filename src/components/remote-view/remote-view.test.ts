/**
 * @jest-environment jsdom
 *
 * RemoteView compiled by `taro build native-components` and rendered by wcc under miniprogram-simulate: what a screen
 * of remote data shows while its first load runs, when it fails (and 重试), when there is nothing, and that a later
 * reload keeps what is on screen and says why it failed in a toast.
 */
import type { Result } from '@core/api'
import { loadNativeComponent, settle, simulate, textOf, type SimComponent } from '../../../test/component/simulate'

let componentId = ''

beforeAll(async () => {
  componentId = await loadNativeComponent('components/remote-view/native', 'pages/courses/index')
}, 120_000)

const NETWORK: Result<string[]> = { ok: false, code: 'INTERNAL', message: '网络不太好，请稍后重试' }
const items = (...names: string[]): Result<string[]> => ({ ok: true, data: names })

/** miniprogram-simulate's mocked wx; Taro's showToast ends up here. */
const wx = (global as unknown as { wx: { showToast: (options: { title: string }) => unknown } }).wx

async function mount(answers: Result<string[]>[], delayMs = 0): Promise<SimComponent> {
  const comp = simulate.render(componentId, { props: { answers, delayMs } })
  comp.attach(document.createElement('parent-wrapper'))
  await settle()
  return comp
}

/**
 * Loads answer on timers, and a busy machine stretches them: wait (up to 3 s) for what should come rather than a fixed
 * time; the expectations after it say what is wrong if it never comes.
 */
async function until(shows: () => unknown): Promise<void> {
  for (let waited = 0; !shows() && waited < 3000; waited += 20) await simulate.sleep(20)
}

/** Long enough that what shows while a load runs can be looked at before it ends. */
const SLOW = 600

async function tap(comp: SimComponent, selector: string): Promise<void> {
  const el = comp.querySelector(selector)
  if (!el) throw new Error(`nothing matches ${selector}`)
  el.dispatchEvent('tap')
  await settle()
}

const shown = (comp: SimComponent) => comp.querySelectorAll('.native-remote__item').map((i) => textOf(i))

test('the first load shows a skeleton, then the content', async () => {
  const comp = await mount([items('书法', '瑜伽')], SLOW)
  expect(comp.querySelector('.state-view--loading')).toBeTruthy()
  expect(shown(comp)).toEqual([])

  await until(() => shown(comp).length > 0)

  expect(comp.querySelector('.state-view--loading')).toBeUndefined()
  expect(shown(comp)).toEqual(['书法', '瑜伽'])
})

test('a failed first load says why and offers 重试, which loads again and shows the content', async () => {
  const comp = await mount([NETWORK, items('朗诵')])
  await until(() => comp.querySelector('.state-view--error'))
  const error = comp.querySelector('.state-view--error')
  expect(textOf(error)).toContain('没能加载出来')
  expect(textOf(error)).toContain('网络不太好，请稍后重试')
  // In the state view's own elements, which are sized so that a larger text setting reaches them.
  expect(textOf(comp.querySelector('.state-view__title'))).toBe('没能加载出来')
  expect(textOf(comp.querySelector('.state-view__description'))).toBe('网络不太好，请稍后重试')

  await tap(comp, '.retry-button')
  await until(() => shown(comp).length > 0)

  expect(comp.querySelector('.state-view--error')).toBeUndefined()
  expect(shown(comp)).toEqual(['朗诵'])
})

test('while a retry runs the skeleton replaces the error', async () => {
  const comp = await mount([NETWORK, items('朗诵')], SLOW)
  await until(() => comp.querySelector('.state-view--error'))

  await tap(comp, '.retry-button')

  expect(comp.querySelector('.state-view--error')).toBeUndefined()
  expect(comp.querySelector('.state-view--loading')).toBeTruthy()
  await until(() => shown(comp).length > 0)
  expect(shown(comp)).toEqual(['朗诵'])
})

test('loaded data with nothing in it shows the empty state, not an empty list', async () => {
  const comp = await mount([items()])
  await until(() => textOf(comp).includes('还没有内容'))
  expect(textOf(comp.querySelector('.state-view__title'))).toBe('还没有内容')
  expect(textOf(comp.querySelector('.state-view__description'))).toBe('有了会显示在这里。')
  expect(comp.querySelector('.native-remote__items')).toBeUndefined()
})

test('a later reload that fails keeps the content and says why in a toast', async () => {
  const toast = jest.spyOn(wx, 'showToast')
  const comp = await mount([items('书法'), NETWORK])
  await until(() => shown(comp).length > 0)

  await tap(comp, '.native-remote__refresh')
  await until(() => toast.mock.calls.length > 0)

  expect(shown(comp)).toEqual(['书法'])
  expect(comp.querySelector('.state-view--error')).toBeUndefined()
  expect(toast).toHaveBeenCalledWith(expect.objectContaining({ title: '网络不太好，请稍后重试' }))
  toast.mockRestore()
})

test('a later reload that succeeds replaces the content without a skeleton in between', async () => {
  const comp = await mount([items('书法'), items('书法', '咖啡')], SLOW)
  await until(() => shown(comp).length > 0)

  await tap(comp, '.native-remote__refresh')
  expect(comp.querySelector('.state-view--loading')).toBeUndefined()
  expect(shown(comp)).toEqual(['书法'])

  await until(() => shown(comp).length === 2)
  expect(shown(comp)).toEqual(['书法', '咖啡'])
})
