/**
 * @jest-environment jsdom
 *
 * WeekStrip compiled by `taro build native-components` and rendered by WeChat's own template compiler (wcc) under
 * miniprogram-simulate: the 7-day strip above the 课程 list, where a rider picks a day.
 */
import { atWallClock } from '@core/time'
import { loadNativeComponent, settle, simulate, textOf, until, type SimComponent } from '../../../test/component/simulate'

let componentId = ''

beforeAll(async () => {
  componentId = await loadNativeComponent('components/week-strip/native', 'pages/courses/index')
}, 120_000)

/** Wednesday 2025-12-03, 10:00 in Lanzhou: the strip runs Wed → Tue. */
const NOW = atWallClock('2025-12-03', '10:00')

async function mount(startAts: number[]): Promise<{ comp: SimComponent; selections: (string | null)[] }> {
  const comp = simulate.render(componentId, { props: { firstDay: NOW, startAts, now: NOW } })
  const selections: (string | null)[] = []
  comp.addEventListener('select', (e) => {
    const detail = e.detail as { key?: unknown }
    if (detail && 'key' in detail) selections.push(detail.key as string | null)
  })
  comp.attach(document.createElement('parent-wrapper'))
  await settle()
  return { comp, selections }
}



const days = (comp: SimComponent) => comp.querySelectorAll('.week-strip__day').map((d) => textOf(d))
const selected = (comp: SimComponent) => comp.querySelectorAll('.week-strip__day--selected').map((d) => textOf(d))

async function tapDay(comp: SimComponent, index: number): Promise<void> {
  comp.querySelectorAll('.week-strip__day')[index].dispatchEvent('tap')
  await settle()
}

test('shows seven Shanghai days from today with the number of sessions on each', async () => {
  const { comp } = await mount([
    atWallClock('2025-12-03', '19:00'),
    atWallClock('2025-12-03', '20:30'),
    atWallClock('2025-12-04', '19:30'),
    // 23:30 UTC on the 5th is already Saturday the 6th in Lanzhou.
    Date.UTC(2025, 11, 5, 23, 30),
    // Outside the week: not counted anywhere.
    atWallClock('2025-12-10', '19:00')
  ])
  expect(days(comp)).toEqual(['今天 3 2节', '明天 4 1节', '后天 5 –', '周六 6 1节', '周日 7 –', '周一 8 –', '周二 9 –'])
  expect(selected(comp)).toEqual([])
})

test('tapping a day selects it; tapping it again shows the whole week', async () => {
  const { comp, selections } = await mount([atWallClock('2025-12-04', '19:30')])

  await tapDay(comp, 1)
  await until(() => selected(comp).length === 1)
  expect(selected(comp)).toEqual(['明天 4 1节'])

  await tapDay(comp, 3)
  await until(() => selected(comp)[0] !== '明天 4 1节')
  expect(selected(comp)).toEqual(['周六 6 –'])

  await tapDay(comp, 3)
  await until(() => selected(comp).length === 0)
  expect(selected(comp)).toEqual([])
  expect(selections).toEqual(['2025-12-04', '2025-12-06', null])
})
