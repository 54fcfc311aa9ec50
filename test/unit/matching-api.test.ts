import {
  closeNeedSchema,
  confirmProposalsSchema,
  declineReferralSchema,
  matchSchema,
  mergeNeedSchema,
  rateReferralSchema,
  recordNeedSchema,
  saveResourceSchema,
  saveServiceSchema,
  servicePointsSchema,
  statsSchema,
  submitNeedSchema,
  taxonomySchema,
  type SaveServiceInput,
  type ServiceApi
} from '@core/api/service'
import type { ServiceFields } from '@core/matching'
import { validate } from '@core/schema'

/** `true` only when T has every key of K. */
type HasKeys<T, K extends PropertyKey> = [K] extends [keyof T] ? true : false

type Contract = [
  HasKeys<ServiceApi['taxonomy']['output']['items'][number], 'code' | 'name' | 'parent'>,
  HasKeys<ServiceApi['submitNeed']['output']['need'], '_id' | 'status'>,
  HasKeys<ServiceApi['match']['output']['proposals'][number], 'needId' | 'serviceId' | 'score' | 'reasons'>,
  HasKeys<ServiceApi['stats']['output'], 'needs' | 'resources' | 'services' | 'needsSolved' | 'activitiesHeld'>,
  ServiceFields & { venueId: string } extends SaveServiceInput ? true : false
]

const fails = (result: ReturnType<typeof validate>) => (result.ok ? undefined : { message: result.message, field: result.field })

const serviceInput = {
  venueId: 'youlin',
  orgId: 'org-law',
  title: '夜间法律咨询',
  description: '律师解答劳动纠纷',
  taxonomy: ['LEGAL_LABOR'],
  eligibility: { groups: ['rider'], minAge: 18 },
  locations: [{ name: '友邻空间', address: '兰州市城关区', lat: 36.06, lng: 103.83 }],
  serviceAreaM: 3000,
  schedules: [{ weekday: 6, from: '19:00', to: '21:00' }],
  capacity: { perPeriod: 5, period: 'week' }
}

describe('service API input schemas', () => {
  it('submitNeed carries the ⚑ category and text, checked against the taxonomy', () => {
    expect(validate(submitNeedSchema, { category: 'LEGAL_LABOR', text: ' 老板拖欠工资 ' })).toEqual({ ok: true, value: { category: 'LEGAL_LABOR', text: '老板拖欠工资' } })
    expect(fails(validate(submitNeedSchema, { category: 'VENUE', text: 'x' }))).toEqual({ message: '需求类别不在分类表中', field: 'category' })
    expect(fails(validate(submitNeedSchema, { category: 'LEGAL', text: '' }))).toEqual({ message: '请填写需求描述', field: 'text' })
    expect(fails(validate(submitNeedSchema, { category: 'LEGAL', text: 'x', urgency: 'asap' }))).toEqual({ message: '紧急程度不在可选范围内', field: 'urgency' })
    expect(fails(validate(submitNeedSchema, { category: 'LEGAL', text: 'x', requesterKey: 'someone' }))).toEqual({ message: '不支持的字段：requesterKey', field: 'requesterKey' })
    const full = {
      category: 'LEGAL',
      text: '想咨询工伤',
      urgency: 'high',
      availability: [{ weekday: 6, from: '09:00', to: '12:00' }],
      location: { lat: 36.06, lng: 103.83 },
      consent: { shareContact: true },
      photos: ['cloud://env/needs/a.jpg'],
      age: 32,
      clientId: 'c-2025-0520-abcdef'
    }
    expect(validate(submitNeedSchema, full)).toEqual({ ok: true, value: full })
  })

  it('weekly windows must run forward and not overlap', () => {
    const windows = (availability: unknown) => fails(validate(submitNeedSchema, { category: 'LEGAL', text: 'x', availability }))
    expect(windows([{ weekday: 6, from: '12:00', to: '09:00' }])).toEqual({ message: '方便的时间第1项的结束时间要晚于开始时间', field: 'availability.0.to' })
    expect(windows([{ weekday: 6, from: '09:00', to: '12:00' }, { weekday: 6, from: '11:00', to: '13:00' }])).toEqual({
      message: '周六的方便的时间 09:00–12:00 和 11:00–13:00 重叠了',
      field: 'availability.1'
    })
    expect(fails(validate(saveServiceSchema, { ...serviceInput, schedules: [] }))).toEqual({ message: '请至少填写一项服务时间', field: 'schedules' })
  })

  it('recordNeed requires the visit and the person’s verbal consent', () => {
    const visit = { venueId: 'youlin', category: 'BASIC_CHARGING', text: '电瓶没电', group: 'courier', visitPlace: '老街', entererName: '小马' }
    expect(fails(validate(recordNeedSchema, visit))).toEqual({ message: '请先向对方说明并取得口头同意', field: 'verbalConsent' })
    expect(validate(recordNeedSchema, { ...visit, verbalConsent: true }).ok).toBe(true)
  })

  it('saveService checks ages, area and places; its fields are the ones composeService drafts', () => {
    expect(validate(saveServiceSchema, serviceInput).ok).toBe(true)
    expect(fails(validate(saveServiceSchema, { ...serviceInput, eligibility: { groups: [], minAge: 60, maxAge: 18 } }))).toEqual({
      message: '最大年龄不能小于最小年龄',
      field: 'eligibility.maxAge'
    })
    expect(fails(validate(saveServiceSchema, { ...serviceInput, locations: [] }))).toEqual({ message: '设置服务范围前请先添加服务地点', field: 'serviceAreaM' })
    expect(fails(validate(saveServiceSchema, { ...serviceInput, capacity: { perPeriod: 0, period: 'week' } }))).toEqual({
      message: '服务名额的名额不能小于1人',
      field: 'capacity.perPeriod'
    })
    expect(fails(validate(saveServiceSchema, { ...serviceInput, taxonomy: ['STATION_CHARGING'] }))).toEqual({ message: '需求类别不在分类表中', field: 'taxonomy.0' })
  })

  it('organizer actions: merge into another need, close with a reason, confirm a bounded batch', () => {
    expect(fails(validate(mergeNeedSchema, { needId: 'a', intoNeedId: 'a' }))).toEqual({ message: '不能把需求合并到它自己', field: 'intoNeedId' })
    expect(fails(validate(closeNeedSchema, { needId: 'a', outcome: 'unresolved' }))).toEqual({ message: '请说明未能解决的原因', field: 'reason' })
    expect(validate(closeNeedSchema, { needId: 'a', outcome: 'resolved' }).ok).toBe(true)
    expect(fails(validate(confirmProposalsSchema, { venueId: 'youlin', proposals: [] }))).toEqual({ message: '请至少填写一项对接建议', field: 'proposals' })
    expect(validate(matchSchema, { venueId: 'youlin', topK: 10 }).ok).toBe(true)
    expect(fails(validate(matchSchema, { venueId: 'youlin', topK: 31 }))).toEqual({ message: '每条需求的候选数不能大于30', field: 'topK' })
  })

  it('provider and requester actions', () => {
    expect(fails(validate(declineReferralSchema, { referralId: 'r', reason: 'busy' }))).toEqual({ message: '婉拒原因不在可选范围内', field: 'reason' })
    expect(validate(declineReferralSchema, { referralId: 'r', reason: 'no_capacity' }).ok).toBe(true)
    expect(fails(validate(rateReferralSchema, { referralId: 'r', rating: 0 }))).toEqual({ message: '评分不能小于1分', field: 'rating' })
  })

  it('public reads', () => {
    expect(validate(taxonomySchema, {}).ok).toBe(true)
    expect(fails(validate(servicePointsSchema, { amenity: '游泳池' }))).toEqual({ message: '便民设施不在可选范围内', field: 'amenity' })
    expect(fails(validate(statsSchema, { scope: 'all' }))).toEqual({ message: '范围不在可选范围内', field: 'scope' })
    expect(fails(validate(saveResourceSchema, { venueId: 'y', orgId: 'o', kind: 'LEGAL', title: '律师', quantity: 1, unit: '小时' }))).toEqual({
      message: '资源类别不在分类表中',
      field: 'kind'
    })
  })

  it('the ⚑ actions carry their contract fields, and a composed service is a saveService input (checked by the compiler)', () => {
    const contract: Contract = [true, true, true, true, true]
    expect(contract.every(Boolean)).toBe(true)
  })
})
