/**
 * @jest-environment jsdom
 *
 * DatePicker and TimePicker compiled by `taro build native-components` and rendered by wcc under miniprogram-simulate:
 * what an organizer sees in the date and time fields and what a pick on the wheels turns into — dates as YYYY-MM-DD
 * with their weekday, times on the 15-minute grid.
 */
import { loadNativeComponent, settle, simulate, textOf, until, type SimComponent } from '../../../test/component/simulate'

let componentId = ''

beforeAll(async () => {
  componentId = await loadNativeComponent('components/form-picker/native', 'packages/organizer/generate')
}, 120_000)

async function mount(props: Record<string, unknown> = {}): Promise<{ comp: SimComponent; picks: unknown[] }> {
  const comp = simulate.render(componentId, { props })
  const picks: unknown[] = []
  // j-component lets the wheel's own `change` bubble out too; the wrapper's event is `pick`.
  comp.addEventListener('pick', (e) => picks.push(e.detail))
  comp.attach(document.createElement('parent-wrapper'))
  await settle()
  return { comp, picks }
}

async function pick(comp: SimComponent, selector: string, value: unknown): Promise<void> {
  const el = comp.querySelector(selector)
  if (!el) throw new Error(`nothing matches ${selector}`)
  el.dispatchEvent('change', { detail: { value } })
  await settle()
}

test('the fields show the date with its weekday and the time', async () => {
  const { comp } = await mount({ date: '2025-12-04', time: '19:00' })
  expect(textOf(comp.querySelector('#picked-date'))).toBe('2025-12-04 周四 ▾')
  expect(textOf(comp.querySelector('#picked-time'))).toBe('19:00 ▾')
})

test('the time wheels are hours and quarter hours: hour 20 and the fourth quarter make 20:45', async () => {
  const { comp, picks } = await mount()
  await pick(comp, '.form-picker__wheel--time', [20, 3])
  await until(() => textOf(comp.querySelector('#picked-time')) === '20:45 ▾')
  expect(textOf(comp.querySelector('#picked-time'))).toBe('20:45 ▾')
  expect(picks).toEqual([{ time: '20:45' }])
})

test('midnight and the first quarter make 00:00, the last hour and quarter 23:45', async () => {
  const { comp, picks } = await mount()
  await pick(comp, '.form-picker__wheel--time', [0, 0])
  await pick(comp, '.form-picker__wheel--time', [23, 3])
  expect(picks).toEqual([{ time: '00:00' }, { time: '23:45' }])
})

test('a time set before the grid existed is shown as it is until a new one is picked', async () => {
  const { comp, picks } = await mount({ time: '19:10' })
  expect(textOf(comp.querySelector('#picked-time'))).toBe('19:10 ▾')
  await pick(comp, '.form-picker__wheel--time', [19, 1])
  expect(picks).toEqual([{ time: '19:15' }])
})

test('a picked date is reported as YYYY-MM-DD and shown with its weekday', async () => {
  const { comp, picks } = await mount({ date: '2025-12-04' })
  await pick(comp, '.form-picker__wheel--date', '2026-01-01')
  await until(() => textOf(comp.querySelector('#picked-date')) === '2026-01-01 周四 ▾')
  expect(textOf(comp.querySelector('#picked-date'))).toBe('2026-01-01 周四 ▾')
  expect(picks).toEqual([{ date: '2026-01-01' }])
})
