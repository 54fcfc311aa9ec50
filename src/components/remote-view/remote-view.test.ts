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

async function tap(comp: SimComponent, selector: string): Promise<void> {
  const el = comp.querySelector(selector)
  if (!el) throw new Error(`nothing matches ${selector}`)
  el.dispatchEvent('tap')
  await settle()
}

const shown = (comp: SimComponent) => comp.querySelectorAll('.native-remote__item').map((i) => textOf(i))

test('the first load shows a skeleton, then the content', async () => {
  const comp = await mount([items('书法', '瑜伽')], 200)
  expect(comp.querySelector('.state-view--loading')).toBeTruthy()
  expect(shown(comp)).toEqual([])

  await simulate.sleep(250)

  expect(comp.querySelector('.state-view--loading')).toBeUndefined()
  expect(shown(comp)).toEqual(['书法', '瑜伽'])
})

test('a failed first load says why and offers 重试, which loads again and shows the content', async () => {
  const comp = await mount([NETWORK, items('朗诵')])
  const error = comp.querySelector('.state-view--error')
  expect(textOf(error)).toContain('没能加载出来')
  expect(textOf(error)).toContain('网络不太好，请稍后重试')

  await tap(comp, '.retry-button')

  expect(comp.querySelector('.state-view--error')).toBeUndefined()
  expect(shown(comp)).toEqual(['朗诵'])
})

test('while a retry runs the skeleton replaces the error', async () => {
  const comp = await mount([NETWORK, items('朗诵')], 100)
  await simulate.sleep(150)
  expect(comp.querySelector('.state-view--error')).toBeTruthy()

  await tap(comp, '.retry-button')

  expect(comp.querySelector('.state-view--error')).toBeUndefined()
  expect(comp.querySelector('.state-view--loading')).toBeTruthy()
  await simulate.sleep(150)
  expect(shown(comp)).toEqual(['朗诵'])
})

test('loaded data with nothing in it shows the empty state, not an empty list', async () => {
  const comp = await mount([items()])
  expect(textOf(comp)).toContain('还没有内容')
  expect(textOf(comp)).toContain('有了会显示在这里。')
  expect(comp.querySelector('.native-remote__items')).toBeUndefined()
})

test('a later reload that fails keeps the content and says why in a toast', async () => {
  const toast = jest.spyOn(wx, 'showToast')
  const comp = await mount([items('书法'), NETWORK])

  await tap(comp, '.native-remote__refresh')

  expect(shown(comp)).toEqual(['书法'])
  expect(comp.querySelector('.state-view--error')).toBeUndefined()
  expect(toast).toHaveBeenCalledWith(expect.objectContaining({ title: '网络不太好，请稍后重试' }))
  toast.mockRestore()
})

test('a later reload that succeeds replaces the content without a skeleton in between', async () => {
  const comp = await mount([items('书法'), items('书法', '咖啡')], 100)
  await simulate.sleep(150)

  await tap(comp, '.native-remote__refresh')
  expect(comp.querySelector('.state-view--loading')).toBeUndefined()
  expect(shown(comp)).toEqual(['书法'])

  await simulate.sleep(150)
  expect(shown(comp)).toEqual(['书法', '咖啡'])
})
