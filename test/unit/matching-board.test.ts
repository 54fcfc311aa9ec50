import {
  amenitiesIn,
  composeService,
  designBoard,
  eligibilityText,
  myNeedView,
  organizerNeedView,
  providerReferralView,
  resourceServes,
  serviceCard,
  viewPoints,
  type ResourceDoc,
  type ServicePoint
} from '@core/matching'
import { atWallClock } from '@core/time'
import { CENTRE, need, NOW, offset, referral, service } from './support/matching-fixtures'

function resource(overrides: Partial<ResourceDoc> = {}): ResourceDoc {
  return {
    _id: 'res-lawyer',
    venueId: 'youlin',
    orgId: 'org-law',
    kind: 'PROFESSIONAL_LAWYER',
    title: '律师值班',
    description: '',
    quantity: 6,
    unit: '小时',
    availability: [{ weekday: 6, from: '09:00', to: '12:00' }],
    retired: false,
    createdAt: NOW,
    updatedAt: NOW,
    ...overrides
  }
}

const item = (code: string, demand: number, title = code) => ({ _id: `youlin-need-${code}`, code, title, demand, byGroup: { rider: demand - 1, resident: 1 } })

describe('service design board', () => {
  it('puts need items beside fitting services and resources; uncovered ones ranked by demand; coverage line', () => {
    const board = designBoard(
      [item('LEGAL_LABOR', 41, '夜间法律咨询'), item('BASIC_CHARGING', 30), item('SOCIAL_DATING', 12), item('CHILDCARE_HOLIDAY', 20)],
      [{ _id: 'youlin-resource-STATION_CHARGING', code: 'STATION_CHARGING', title: '充电点', demand: 3 }],
      [resource(), resource({ _id: 'res-goods', kind: 'GOODS', title: '防暑物资' }), resource({ _id: 'gone', retired: true })],
      [service(), service({ _id: 'draft', taxonomy: ['SOCIAL'], status: 'draft' }), service({ _id: 'paused', taxonomy: ['SOCIAL'], status: 'paused' })]
    )
    expect(board.coverage).toEqual({ covered: 2, total: 4, text: '4 项需求中 2 项已有服务' })
    expect(board.rows.map((row) => [row.code, row.covered])).toEqual([
      ['LEGAL_LABOR', true],
      ['BASIC_CHARGING', false],
      ['CHILDCARE_HOLIDAY', false],
      ['SOCIAL_DATING', true]
    ])
    expect(board.uncovered.map((row) => row.code)).toEqual(['BASIC_CHARGING', 'CHILDCARE_HOLIDAY'])
    const legal = board.rows[0]
    expect(legal).toMatchObject({ title: '夜间法律咨询', category: '法律咨询 · 劳动纠纷', services: [{ serviceId: 'svc-legal', relation: 'broader' }] })
    expect(legal.groups.map((g) => [g.label, g.count])).toEqual([
      ['外卖骑手', 40],
      ['居民', 1]
    ])
    expect(legal.resources.map((r) => r.id)).toEqual(['res-lawyer'])
    expect(board.rows[1].resources.map((r) => [r.id, r.amount])).toEqual([
      ['youlin-resource-STATION_CHARGING', '3 条意向'],
      ['res-goods', '6 小时']
    ])
    expect(board.idle).toEqual([])
  })

  it('a resource serves a need directly, through its parent, or through one of its children', () => {
    expect(resourceServes('PROFESSIONAL_LAWYER', 'LEGAL_LABOR')).toBe(true)
    expect(resourceServes('STATION_CHARGING', 'BASIC')).toBe(true)
    expect(resourceServes('GOODS', 'BASIC_MEAL')).toBe(true)
    expect(resourceServes('STATION_CHARGING', 'BASIC_MEAL')).toBe(false)
    expect(resourceServes('PROFESSIONAL_DOCTOR', 'LEGAL')).toBe(false)
  })

  it('composes a service from a need and resources: their common hours, a counted capacity, notes for the rest', () => {
    const room = resource({ _id: 'room', kind: 'VENUE_ROOM', orgId: 'org-space', title: '活动室', unit: '间', quantity: 1, availability: [{ weekday: 6, from: '10:00', to: '18:00' }] })
    const volunteers = resource({ _id: 'vol', kind: 'VOLUNTEER_GENERAL', title: '志愿律师助理', unit: '人', quantity: 4, availability: [] })
    const { fields, notes } = composeService(item('LEGAL_LABOR', 41, '夜间法律咨询'), [resource(), room, volunteers])
    expect(fields).toMatchObject({
      orgId: 'org-law',
      title: '夜间法律咨询',
      taxonomy: ['LEGAL_LABOR'],
      schedules: [{ weekday: 6, from: '10:00', to: '12:00' }],
      capacity: { perPeriod: 4, period: 'week' },
      resourceIds: ['res-lawyer', 'room', 'vol']
    })
    expect(notes).toEqual(
      expect.arrayContaining(['所选资源来自多个组织，服务先记在第一个组织名下', '活动室、志愿律师助理通常不用于法律咨询 · 劳动纠纷', '服务时间：周六 10–12 点'])
    )
    const apart = composeService(item('BASIC_CHARGING', 5), [
      resource({ kind: 'STATION_CHARGING', availability: [{ weekday: 1, from: '09:00', to: '10:00' }] }),
      resource({ _id: 'b', kind: 'STATION_WATER', availability: [{ weekday: 2, from: '09:00', to: '10:00' }] })
    ])
    expect(apart.fields.schedules).toEqual([])
    expect(apart.fields.amenities).toEqual(['充电', '饮水'])
    expect(apart.notes).toContain('所选资源的可用时间没有重合，请手动填写服务时间')
  })
})

describe('service points map', () => {
  const points: ServicePoint[] = [
    { id: 'centre:youlin', kind: 'centre', name: '友邻空间', address: '', ...CENTRE, amenities: ['充电', '饮水', '歇脚'], schedules: [], open24h: true },
    { id: 'station:laojie', kind: 'station', name: '老街驿站', address: '', ...offset(CENTRE, 900, 0), amenities: ['饮水'], schedules: [{ weekday: 2, from: '08:00', to: '20:00' }] },
    { id: 'service:far', kind: 'service', name: '奔马车行', address: '', ...offset(CENTRE, 3000, 0), amenities: ['修车'], schedules: [{ weekday: 6, from: '09:00', to: '17:00' }] },
    { id: 'centre:text', kind: 'centre', name: '幸福里', address: '', ...offset(CENTRE, 500, 0), amenities: [], schedules: [], hours: '每天 09:00–21:30' }
  ]

  it('nearest first with distance, walking minutes and the 15-minute circle; open now or 24 h', () => {
    const views = viewPoints(points, { now: NOW, near: CENTRE })
    expect(views.map((v) => [v.name, v.distanceM, v.withinCircle, v.openNow, v.open24h])).toEqual([
      ['友邻空间', 0, true, true, true],
      ['幸福里', 500, true, null, false],
      ['老街驿站', 900, true, true, false],
      ['奔马车行', 3000, false, false, false]
    ])
    expect(views[2].walkingMinutes).toBe(12)
  })

  it('filters by amenity, open now and the circle', () => {
    expect(viewPoints(points, { now: NOW, amenity: '饮水' }).map((v) => v.name)).toEqual(['友邻空间', '老街驿站'])
    const night = atWallClock('2025-05-20', '22:00')
    expect(viewPoints(points, { now: night, openNow: true }).map((v) => v.name)).toEqual(['友邻空间'])
    expect(viewPoints(points, { now: NOW, near: CENTRE, withinCircle: true, radiusM: 600 }).map((v) => v.name)).toEqual(['友邻空间', '幸福里'])
  })

  it("a centre's facilities in its own words become the map's amenities", () => {
    expect(amenitiesIn(['24小时便民服务点', '喝水热饭', '车辆充电', '途中休息', '“红色暖洋”公共图书馆'])).toEqual(['充电', '饮水', '热饭', '歇脚'])
    expect(amenitiesIn(['暖蜂驿站', '手机充电', '歇脚休息', '纳凉避暑', '饮用水'])).toEqual(['充电', '饮水', '歇脚'])
    expect(amenitiesIn(['党建展示区', '图书阅读区'])).toEqual([])
  })
})

describe('views', () => {
  it('a provider sees contact details only with consent, and the actions it can take', () => {
    const sent = referral({ status: 'sent' })
    const contact = { name: '王师傅', phone: '13812345678' }
    expect(providerReferralView(sent, need(), '法律咨询', contact).contact).toEqual(contact)
    const private_ = providerReferralView(sent, need({ consent: { shareContact: false, preciseLocation: false } }), '法律咨询', contact)
    expect(private_.contact).toBeUndefined()
    expect(private_.actions).toEqual(['accept', 'decline'])
    expect(private_.need).toMatchObject({ categoryLabel: '法律咨询 · 劳动纠纷', groupLabel: '外卖骑手', urgencyLabel: '一般' })
    expect(JSON.stringify(private_)).not.toContain('rk-rider-1')
  })

  it('the requester sees the next step and can rate a completed referral', () => {
    const view = myNeedView(need({ status: 'in_progress' }), [
      { referral: referral({ _id: 'r0', serviceId: 'svc-0', status: 'declined' }), serviceTitle: '甲律所' },
      { referral: referral({ status: 'scheduled', scheduledAt: NOW + 86_400_000 }), serviceTitle: '法律咨询' },
      { referral: referral({ _id: 'r2', status: 'proposed' }), serviceTitle: '乙律所' }
    ])
    expect(view.nextStep).toBe('“法律咨询”已为您预约，请按时前往')
    expect(view.referrals.map((r) => r.statusLabel)).toEqual(['已婉拒', '已预约'])
    expect(view.canWithdraw).toBe(true)
    const done = myNeedView(need({ status: 'resolved' }), [{ referral: referral({ status: 'completed', outcome: 'helped' }), serviceTitle: '法律咨询' }])
    expect(done).toMatchObject({ nextStep: '问题已解决，欢迎评价这次服务', canWithdraw: false, referrals: [{ canRate: true }] })
  })

  it('organizers see needs without the requester’s key', () => {
    const view = organizerNeedView(need())
    expect(view).not.toHaveProperty('requesterKey')
    expect(view).toMatchObject({ categoryLabel: '法律咨询 · 劳动纠纷', statusLabel: '正在对接', urgencyLabel: '一般' })
  })

  it('a service card says who, where, when and how far', () => {
    expect(eligibilityText({ groups: ['rider', 'courier'], minAge: 18, maxAge: 60 })).toBe('面向外卖骑手、快递员 · 18–60 岁')
    expect(eligibilityText({ groups: [] })).toBe('所有人')
    const card = serviceCard(service(), { orgName: '金城律所', now: NOW, near: offset(CENTRE, 800, 0), placesLeft: 3 })
    expect(card).toMatchObject({ distance: '800 米', nextOpen: '周六 9–11 点', openNow: false, placesLeft: 3, eligibility: '所有人', statusLabel: '服务中' })
    const allDay = serviceCard(service({ schedules: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday: weekday as 1, from: '00:00', to: '23:59' })) }), { orgName: '', now: NOW })
    expect(allDay).toMatchObject({ nextOpen: '24 小时', openNow: true })
  })
})
