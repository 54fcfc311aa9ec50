/**
 * @jest-environment jsdom
 *
 * SignInGateView compiled by `taro build native-components` and rendered by wcc under miniprogram-simulate: what a
 * page that is the person's own shows before they are signed in (why, and 登录), while a sign-in runs, after one
 * failed, and that the page itself appears only once they are signed in.
 */
import { loadNativeComponent, settle, simulate, textOf, type SimComponent } from '../../../test/component/simulate'

let componentId = ''

beforeAll(async () => {
  componentId = await loadNativeComponent('components/sign-in-gate/native', 'packages/grid/report')
}, 120_000)

async function mount(props: Record<string, unknown>): Promise<{ comp: SimComponent; taps: unknown[] }> {
  const comp = simulate.render(componentId, { props })
  const taps: unknown[] = []
  comp.addEventListener('signin', (e) => taps.push(e.detail))
  comp.attach(document.createElement('parent-wrapper'))
  await settle()
  return { comp, taps }
}

const page = (comp: SimComponent) => comp.querySelector('.native-gate__page')

test('after declining the privacy notice: the card says why, and 登录 asks again', async () => {
  const { comp, taps } = await mount({ status: 'needs-consent' })
  const card = comp.querySelector('#test-sign-in')
  expect(textOf(card)).toContain('先登录再上报')
  expect(textOf(card)).toContain('需要知道是谁报的')
  expect(page(comp)).toBeUndefined()

  comp.querySelector('.sign-in-gate__button')?.dispatchEvent('tap')
  await settle()
  expect(taps).toHaveLength(1)
})

test('a failed sign-in says why on the card, under the reason', async () => {
  const { comp } = await mount({ status: 'error', message: '网络不太好，请稍后重试' })
  expect(textOf(comp.querySelector('.sign-in-gate__error'))).toBe('没能登录：网络不太好，请稍后重试')
  expect(page(comp)).toBeUndefined()
})

test('while the sign-in runs, the card stays and its button shows it is working', async () => {
  const { comp } = await mount({ status: 'loading' })
  expect(textOf(comp.querySelector('#test-sign-in'))).toContain('先登录再上报')
  expect(comp.querySelector('.sign-in-gate__error')).toBeUndefined()
  expect(comp.querySelector('.nut-button-loading')).toBeTruthy()
})

test('signed in: the page, and no card', async () => {
  const { comp } = await mount({ status: 'ready' })
  expect(textOf(page(comp))).toBe('上报表单')
  expect(comp.querySelector('#test-sign-in')).toBeUndefined()
})
