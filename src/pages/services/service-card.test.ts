/**
 * @jest-environment jsdom
 *
 * A service on the 服务清单, compiled by `taro build native-components` and rendered by wcc under miniprogram-simulate:
 * open now or when next, places left or full, paused, and the distance only once the person's position is known.
 */
import type { ServiceCardData } from './service-card'
import { loadNativeComponent, settle, simulate, textOf, type SimComponent } from '../../../test/component/simulate'

let componentId = ''

beforeAll(async () => {
  componentId = await loadNativeComponent('pages/services/service-card-native', 'pages/services/index')
}, 180_000)

function service(patch: Partial<ServiceCardData> = {}): ServiceCardData {
  return {
    _id: 'svc-legal-night',
    title: '夜间法律咨询',
    orgName: '甘肃律师志愿团',
    status: 'active',
    statusLabel: '服务中',
    categories: [{ code: 'LEGAL', label: '法律咨询' }],
    eligibility: '所有人',
    location: { name: '友邻空间', address: '酒泉路', lat: 36.06105, lng: 103.83208 },
    distance: '约 800 米',
    distanceM: 800,
    nextOpen: '周三 19–21 点',
    openNow: false,
    placesLeft: 3,
    amenities: [],
    ...patch
  }
}

async function mount(props: { service: ServiceCardData; near?: boolean }): Promise<SimComponent> {
  const comp = simulate.render(componentId, { props })
  comp.attach(document.createElement('parent-wrapper'))
  await settle()
  return comp
}

test('a service not open now says when it next is and how many places are left', async () => {
  const text = textOf(await mount({ service: service() }))
  expect(text).toContain('夜间法律咨询')
  expect(text).toContain('下次 周三 19–21 点')
  expect(text).toContain('余 3 个名额')
  expect(text).not.toContain('正在服务')
})

test('open now is said on the card; a full service says so', async () => {
  const text = textOf(await mount({ service: service({ openNow: true, placesLeft: 0 }) }))
  expect(text).toContain('正在服务')
  expect(text).toContain('本期名额已满')
})

test('a paused service says it is paused instead of when it opens', async () => {
  const text = textOf(await mount({ service: service({ status: 'paused', statusLabel: '暂停' }) }))
  expect(text).toContain('暂停服务')
  expect(text).not.toContain('下次')
})

test('the distance shows only once the person’s position is known', async () => {
  expect(textOf(await mount({ service: service() }))).not.toContain('800 米')
  expect(textOf(await mount({ service: service(), near: true }))).toContain('友邻空间 · 约 800 米')
})
