/**
 * @jest-environment jsdom
 *
 * FreeTimeEditor compiled by `taro build native-components` and rendered by WeChat's own template compiler (wcc)
 * under miniprogram-simulate: what a rider sees and taps when setting weekly free time on 我的.
 */
import type { FreeTime } from '@core/api'
import { FREE_TIMES_MAX } from '@core/user'
import { loadNativeComponent, settle, simulate, textOf, type SimComponent } from '../../../test/component/simulate'

type Rendered = SimComponent

let componentId = ''

beforeAll(async () => {
  componentId = await loadNativeComponent('components/free-time-editor/native', 'pages/me/index')
}, 120_000)

/** Renders the editor with `value` and records every `change` it reports. */
async function mount(value: FreeTime[]): Promise<{ comp: Rendered; changes: FreeTime[][] }> {
  const comp = simulate.render(componentId, { props: { value } })
  const changes: FreeTime[][] = []
  // j-component lets every simulated event bubble out of the component, a picker's own `change` included
  // (WeChat's doesn't, and the time wheels' value is an array too); the editor's event carries the list of windows.
  comp.addEventListener('change', (e) => {
    const value = (e.detail as { value?: unknown }).value
    if (Array.isArray(value) && value.every((v) => typeof v === 'object' && v !== null)) changes.push(value as FreeTime[])
  })
  comp.attach(document.createElement('parent-wrapper'))
  await settle()
  return { comp, changes }
}


const rows = (comp: Rendered) => comp.querySelectorAll('.free-time-row').map((r) => textOf(r))

/** Waits for a render to land: a fixed settle is too short on a busy machine for a list re-rendering many rows. */
async function until(done: () => boolean): Promise<void> {
  for (let waited = 0; !done() && waited < 3000; waited += 30) await settle()
}

async function tap(comp: Rendered, selector: string): Promise<void> {
  const el = comp.querySelector(selector)
  if (!el) throw new Error(`nothing matches ${selector}`)
  el.dispatchEvent('tap')
  await settle()
}

async function pick(comp: Rendered, selector: string, value: string | number | number[]): Promise<void> {
  const el = comp.querySelector(selector)
  if (!el) throw new Error(`nothing matches ${selector}`)
  el.dispatchEvent('change', { detail: { value } })
  await settle()
}

test('with no windows it explains what to add, and 添加时间段 adds a first row', async () => {
  const { comp, changes } = await mount([])
  expect(textOf(comp)).toContain('还没有填写空闲时间')
  expect(rows(comp)).toEqual([])

  await tap(comp, '.free-time-editor__add')
  await until(() => rows(comp).length === 1)

  expect(rows(comp)).toEqual(['周一 19:00 至 21:00 删除'])
  expect(textOf(comp)).not.toContain('还没有填写空闲时间')
  expect(changes).toEqual([[{ weekday: 1, from: '19:00', to: '21:00' }]])
})

test('a new row continues from the last one: the next day, same hours', async () => {
  const { comp, changes } = await mount([{ weekday: 2, from: '19:00', to: '21:30' }])
  expect(rows(comp)).toEqual(['周二 19:00 至 21:30 删除'])

  await tap(comp, '.free-time-editor__add')
  await until(() => rows(comp).length === 2)

  expect(rows(comp)).toEqual(['周二 19:00 至 21:30 删除', '周三 19:00 至 21:30 删除'])
  expect(changes.at(-1)).toEqual([
    { weekday: 2, from: '19:00', to: '21:30' },
    { weekday: 3, from: '19:00', to: '21:30' }
  ])
})

test('the eighth 添加时间段 after seven evenings adds a slot that does not clash, not 周一 at the same hours', async () => {
  const evenings = Array.from({ length: 7 }, (_, i): FreeTime => ({ weekday: (i + 1) as FreeTime['weekday'], from: '19:00', to: '21:00' }))
  const { comp, changes } = await mount(evenings)

  await tap(comp, '.free-time-editor__add')
  await until(() => rows(comp).length === 8)

  expect(rows(comp)).toHaveLength(8)
  expect(comp.querySelectorAll('.free-time-row--invalid')).toHaveLength(0)
  expect(textOf(comp)).not.toContain('重叠')
  expect(changes.at(-1)?.at(-1)).toEqual({ weekday: 1, from: '21:00', to: '23:00' })
})

test('删除 removes exactly that row', async () => {
  const { comp, changes } = await mount([
    { weekday: 2, from: '19:00', to: '21:30' },
    { weekday: 6, from: '09:00', to: '11:00' }
  ])

  const removeButtons = comp.querySelectorAll('.free-time-row__remove')
  expect(removeButtons).toHaveLength(2)
  removeButtons[0].dispatchEvent('tap')
  await until(() => rows(comp).length === 1)

  expect(rows(comp)).toEqual(['周六 09:00 至 11:00 删除'])
  expect(changes).toEqual([[{ weekday: 6, from: '09:00', to: '11:00' }]])
})

test('picking a weekday and times updates the row', async () => {
  const { comp, changes } = await mount([{ weekday: 1, from: '19:00', to: '21:00' }])

  await pick(comp, '.free-time-row__weekday-picker', 4) // the 5th entry of 周一…周日
  await pick(comp, '.free-time-row__from-picker', [20, 0]) // hour 20, the first quarter
  await pick(comp, '.free-time-row__to-picker', [22, 2])
  await until(() => rows(comp)[0] === '周五 20:00 至 22:30 删除')

  expect(rows(comp)).toEqual(['周五 20:00 至 22:30 删除'])
  expect(changes.at(-1)).toEqual([{ weekday: 5, from: '20:00', to: '22:30' }])
})

test('a window that ends before it starts is pointed out on its row', async () => {
  const { comp } = await mount([
    { weekday: 2, from: '19:00', to: '21:30' },
    { weekday: 3, from: '19:00', to: '21:30' }
  ])
  expect(comp.querySelectorAll('.free-time-row--invalid')).toHaveLength(0)

  const toPickers = comp.querySelectorAll('.free-time-row__to-picker')
  toPickers[1].dispatchEvent('change', { detail: { value: [18, 0] } })
  await until(() => comp.querySelectorAll('.free-time-row--invalid').length === 1)

  const invalid = comp.querySelectorAll('.free-time-row--invalid')
  expect(invalid).toHaveLength(1)
  expect(textOf(invalid[0])).toContain('周三 19:00 至 18:00')
  expect(textOf(invalid[0])).toContain('结束时间要晚于开始时间')
})

test('overlapping windows on the same day are pointed out', async () => {
  const { comp } = await mount([
    { weekday: 2, from: '19:00', to: '21:30' },
    { weekday: 2, from: '21:00', to: '22:00' }
  ])
  expect(textOf(comp.querySelector('.free-time-row--invalid'))).toContain('重叠')
})

test(`at ${FREE_TIMES_MAX} windows a readable sentence replaces the add button and says what to do`, async () => {
  const full = Array.from({ length: FREE_TIMES_MAX }, (_, i): FreeTime => ({
    weekday: ((i % 7) + 1) as FreeTime['weekday'],
    from: i < 7 ? '08:00' : '19:00',
    to: i < 7 ? '10:00' : '21:00'
  }))
  const { comp, changes } = await mount(full)
  expect(comp.querySelector('.free-time-editor__add')).toBeUndefined()
  expect(textOf(comp.querySelector('.free-time-editor__full'))).toBe(`已经有 ${FREE_TIMES_MAX} 个时间段（最多 ${FREE_TIMES_MAX} 个），删掉一个才能再添加。`)
  expect(rows(comp)).toHaveLength(FREE_TIMES_MAX)
  expect(changes).toEqual([])
})

test('a shortcut adds its windows at once, leaving out what is there; the times step by 15 minutes', async () => {
  const { comp, changes } = await mount([{ weekday: 3, from: '20:00', to: '22:00' }])

  await tap(comp, '#free-time-shortcut-weekday-evenings')
  await until(() => rows(comp).length === 5 && comp.querySelector('#free-time-shortcut-note') !== undefined)

  expect(rows(comp)).toEqual([
    '周三 20:00 至 22:00 删除',
    '周一 19:30 至 21:30 删除',
    '周二 19:30 至 21:30 删除',
    '周四 19:30 至 21:30 删除',
    '周五 19:30 至 21:30 删除'
  ])
  expect(comp.querySelectorAll('.free-time-row--invalid')).toHaveLength(0)
  expect(textOf(comp.querySelector('#free-time-shortcut-note'))).toContain('添加了 4 个时段')
  expect(changes).toHaveLength(1)

  await tap(comp, '#free-time-shortcut-weekday-evenings')
  await until(() => textOf(comp.querySelector('#free-time-shortcut-note')).startsWith('这些'))
  expect(rows(comp)).toHaveLength(5)
  expect(textOf(comp.querySelector('#free-time-shortcut-note'))).toBe('这些时段已经有了，或和已有的时段重叠')

  // The time wheels are hours and quarters: hour 7 and the last quarter make 07:45.
  await pick(comp, '.free-time-row__from-picker', [7, 3])
  await until(() => rows(comp)[0] === '周三 07:45 至 22:00 删除')
  expect(rows(comp)[0]).toBe('周三 07:45 至 22:00 删除')
})
