/**
 * API of the `service` function (DESIGN.md §3 ⚑ taxonomy, submitNeed, match, stats): input schemas and output types,
 * shared by the function and the client. The rules behind them live in core/matching; the function segments text
 * (storing `tokens`), hashes the requester's openid into `requesterKey`, rounds a location unless the requester
 * consented to the precise point, counts capacity used per period, and queues the notices of every status change
 * (core/matching notices: referralNotices, needNotices) with the change.
 *
 *   anyone (the public 服务 tab)
 *     taxonomy          {list?} → {items}: codes with `code, name, parent?` ⚑, their list and words people use
 *     listServices      {category?, group?, near?, radiusM?, openNow?, venueId?, offset?, limit?} → {items, total}:
 *                       listed services (active, paused) as cards, nearest first when `near` is given
 *     getService        {serviceId, near?} → {service}: the card plus description, every location (导航), weekly
 *                       hours, the organization and phone (联系)
 *     servicePoints     {near?, radiusM?, amenity?, openNow?, withinCircle?} → {items, radiusM}: centres, stations
 *                       and service places for the map, with open-now / 24 h and distance; the 15-minute circle
 *     stats             {venueId?, scope?} → figures ⚑ (needs, resources, services, needsSolved, activitiesHeld, …);
 *                       scope 'public' (default) suppresses small cells, 'centre' is for the centre's organizers
 *     outcomes          {venueId?} → {needsSolved, activitiesHeld}: what a centre's page shows beside the figures it
 *                       published, the same numbers as `stats` from two of its pipelines (3 requests, not 10). An
 *                       action of its own rather than an option of `stats`, so each action answers one shape the
 *                       client compiles against (the board and the dashboard keep theirs without narrowing)
 *     subscribeTemplates {} → {items: [{kind, templateId}]}: the configured 需求进度 / 待办事项 template ids, for
 *                       wx.requestSubscribeMessage
 *   a signed-in person (requester)
 *     suggestCategory   {text} → {suggestions}: categories the words point at, for the submit form
 *     submitNeed        {category, text, urgency?, availability?, location?, consent?, photos?, age?, venueId?,
 *                       clientId?, subscribe?} → {need: {_id, status} ⚑, duplicates}: duplicates are the caller's own
 *                       recent ones (warn and link; the need is saved all the same); `subscribe` the templates accepted
 *                       on the submit tap
 *     subscribe         {kinds} → {left}: templates accepted later (进度提醒 on 我的需求, 新转介提醒我 on a
 *                       provider's or organizer's page); each acceptance allows one message of its kind
 *     myNeeds           {} → {items}: 我的需求 with referrals and the next step
 *     withdrawNeed      {needId, reason?} → {need}: cancels its open referrals
 *     rateReferral      {referralId, rating, comment?} → {need}: after the provider completed it
 *   organizers (their own centres; admins all)
 *     recordNeed        {venueId, category, text, group, visitPlace, entererName, verbalConsent, …} → {need,
 *                       duplicates}: a need heard on a visit (走访), no requester account
 *     listNeeds         {venueId, status?, category?, offset?, limit?} → {items, total}
 *     triageNeed        {needId, category?, urgency?} → {need}: checked, into matching
 *     mergeNeed         {needId, intoNeedId} → {need}: marks it a duplicate of the other
 *     closeNeed         {needId, outcome, reason?} → {need}: resolved, or unresolved with why
 *     match             {venueId, needIds?, topK?} → {proposals ⚑ [{needId, serviceId, score, reasons}], unmatched,
 *                       …}: min-cost max-flow over the centre's matchable needs; nothing is written
 *     confirmProposals  {venueId, proposals: [{needId, serviceId}]} → {referrals, skipped}: referrals sent; a pair
 *                       no longer valid (need moved on, service full) is skipped with why
 *     listReferrals     {venueId, status?, offset?, limit?} → {items, total}
 *     cancelReferral    {referralId, reason} → {referral}
 *     listManagedServices {venueId, status?} → {items}: every service of the centre, drafts included
 *     saveService       {serviceId?, venueId, …fields} → {service}: create (as draft) or edit
 *     setServiceStatus  {serviceId, status} → {service}: publish (active), pause, close
 *     listResources     {venueId, kind?} → {items}       saveResource {resourceId?, venueId, orgId, …} → {resource}
 *     listOrganizations {venueId} → {items}               saveOrganization {orgId?, venueId, …} → {organization}
 *     designBoard       {venueId} → {board}: need items beside resources and services, uncovered first, coverage;
 *                       the page composes a service with core's composeService and stores it with saveService
 *   providers (role provider, one organization: only its referrals)
 *     myReferrals       {status?} → {items}: requester details only as consented
 *     acceptReferral    {referralId} → {referral}
 *     declineReferral   {referralId, reason, note?} → {referral}: the need goes back to matching without this service
 *     scheduleReferral  {referralId, scheduledAt, place?} → {referral}
 *     completeReferral  {referralId, outcome, note?} → {referral}: helped → need resolved; not helped → matching
 *   admins
 *     unmask            {needId, field, reason} → {needId, field, value}: a need's words or precise point in full
 *                       (organizers see them masked: core/matching privacy.ts); writes an audit entry
 *     rotateKeys        {limit?} → {keyId, resealed, remaining}: needs sealed again with the current data key
 *                       (core/api/data-keys.ts)
 */
import { idSchema } from '../booking/model'
import type { RotateKeysInput, RotateKeysOutput } from './data-keys'
import {
  AMENITIES,
  CAPACITY_PERIODS,
  COMPLETION_OUTCOMES,
  DECLINE_REASONS,
  MATCHING_TEMPLATES,
  NEED_STATUSES,
  ORGANIZATION_KINDS,
  RATING_MAX,
  RATING_MIN,
  REFERRAL_STATUSES,
  SERVICE_STATUSES,
  UNMASKABLE_NEED_FIELDS,
  URGENCIES,
  type CentreFigures,
  type CentreOutcomes,
  type CodeSuggestion,
  type DesignBoard,
  type DuplicateHint,
  type MatchingTemplate,
  type MyNeed,
  type NeedStatus,
  type OrganizationDoc,
  type OrganizerNeed,
  type UnmaskableNeedField,
  type Proposal,
  type ProviderReferral,
  type ReferralDoc,
  type ResourceDoc,
  type ServiceCard,
  type ServiceDoc,
  type ServiceLocation,
  type ServicePointView,
  type Unmatched,
  type WeeklyWindow
} from '../matching'
import * as s from '../schema'
import { ENTRY_LISTS, taxonomyEntry, type EntryList } from '../survey/taxonomy'
import { HHMM_PATTERN, parseHHmm, WEEKDAYS, WEEKDAY_LABELS } from '../time'
import { geoPointSchema } from './geo'
import { clientIdSchema } from './survey'
import { USER_GROUPS } from './user'
import type { Action } from './action'

const venueId = idSchema('服务中心')
const needId = idSchema('需求')
const serviceId = idSchema('服务')
const referralId = idSchema('转介')
const orgId = idSchema('组织')
const resourceId = idSchema('资源')

export const NEED_TEXT_MAX = 500
export const PHOTOS_MAX = 6
export const WINDOWS_MAX = 21
export const PAGE_MAX = 100
export const CONFIRM_MAX = 100
export const TOP_K_MAX = 30
/** The farthest a list or the map looks around a person. */
export const RADIUS_MAX_M = 50_000

/** A taxonomy code of `list` (the survey module keeps the codes). */
const codeOf = (list: EntryList, label: string) =>
  s.refine(s.string({ label, pattern: /^[A-Z][A-Z0-9_]{0,39}$/, patternHint: '不正确' }), (code) =>
    taxonomyEntry(code)?.list === list ? undefined : { message: `${label}不在分类表中` }
  )
const needCategory = codeOf('need', '需求类别')
const resourceKind = codeOf('resource', '资源类别')

export { geoPointSchema }

const hhmm = (label: string) => s.string({ label, pattern: HHMM_PATTERN, patternHint: '应为 00:00–23:59 之间的时间' })

/** Weekly windows (from < to, none overlapping on a day), labelled for messages ('服务时间第2项的结束时间要晚于开始时间'). */
export function weeklyWindowsSchema(label: string, min = 0) {
  return s.refine(
    s.array(s.object({ weekday: s.oneOf(WEEKDAYS, { label: '星期' }), from: hhmm('开始时间'), to: hhmm('结束时间') }), { label, min, max: WINDOWS_MAX }),
    (windows) => {
      for (let i = 0; i < windows.length; i++) {
        if (parseHHmm(windows[i].from) >= parseHHmm(windows[i].to)) return { message: `${label}第${i + 1}项的结束时间要晚于开始时间`, path: [i, 'to'] }
        for (let j = 0; j < i; j++) {
          const a = windows[i]
          const b = windows[j]
          if (a.weekday === b.weekday && parseHHmm(a.from) < parseHHmm(b.to) && parseHHmm(b.from) < parseHHmm(a.to)) {
            return { message: `${WEEKDAY_LABELS[a.weekday]}的${label} ${b.from}–${b.to} 和 ${a.from}–${a.to} 重叠了`, path: [i] }
          }
        }
      }
      return undefined
    }
  )
}

const photosSchema = s.array(s.string({ label: '照片', pattern: /^cloud:\/\/\S+$/, patternHint: '不是有效的文件' }), { label: '照片', max: PHOTOS_MAX })
const phoneSchema = (label: string) => s.string({ label, pattern: /^[0-9+\- ]{5,20}$/, patternHint: '格式不正确' })
const pageSchemas = {
  offset: s.optional(s.int({ label: '起始位置', min: 0 })),
  limit: s.optional(s.int({ label: '每页条数', min: 1, max: PAGE_MAX }))
}

export const taxonomySchema = s.object({ list: s.optional(s.oneOf(ENTRY_LISTS, { label: '清单' })) })

export const suggestCategorySchema = s.object({ text: s.string({ label: '需求描述', min: 1, max: NEED_TEXT_MAX, multiline: true }) })

/** What the requester allows: defaults are no contact shared and a coarse location. */
const consentSchema = s.object(
  {
    shareContact: s.optional(s.boolean({ label: '向服务方提供联系方式' })),
    preciseLocation: s.optional(s.boolean({ label: '提供精确位置' }))
  },
  { label: '授权' }
)

const needFields = {
  category: needCategory,
  text: s.string({ label: '需求描述', min: 1, max: NEED_TEXT_MAX, multiline: true }),
  urgency: s.optional(s.oneOf(URGENCIES, { label: '紧急程度' })),
  availability: s.optional(weeklyWindowsSchema('方便的时间')),
  location: s.optional(geoPointSchema('位置')),
  consent: s.optional(consentSchema),
  photos: s.optional(photosSchema),
  age: s.optional(s.int({ label: '年龄', min: 1, max: 120, unit: '岁' }))
}

/**
 * One-time subscribe messages (订阅消息) accepted on one tap: each kind listed is one acceptance, which allows one
 * message of that template.
 */
const acceptedSchema = s.array(s.oneOf(MATCHING_TEMPLATES, { label: '订阅消息' }), { label: '订阅消息', max: MATCHING_TEMPLATES.length })

export const submitNeedSchema = s.object({
  ...needFields,
  /** What the person accepted on the submit tap (wx.requestSubscribeMessage). */
  subscribe: s.optional(acceptedSchema),
  /** The centre whose list it goes on; default the caller's community centre (the function decides). */
  venueId: s.optional(venueId),
  /** Made once per filling by the client: a retried submit is the same need. */
  clientId: s.optional(clientIdSchema)
})

/** A need an organizer heard on a visit (走访录入); the person agreed aloud to have it recorded. */
export const recordNeedSchema = s.object({
  ...needFields,
  venueId,
  group: s.oneOf([...USER_GROUPS, 'unknown'] as const, { label: '人群' }),
  visitPlace: s.string({ label: '走访地点', min: 1, max: 60 }),
  entererName: s.string({ label: '录入人姓名', min: 1, max: 20 }),
  verbalConsent: s.literal(true, { label: '口头同意', message: '请先向对方说明并取得口头同意' }),
  clientId: s.optional(clientIdSchema)
})

export const myNeedsSchema = s.object({})

export const subscribeTemplatesSchema = s.object({})

export const subscribeSchema = s.object({
  kinds: s.array(s.oneOf(MATCHING_TEMPLATES, { label: '订阅消息' }), { label: '订阅消息', min: 1, max: MATCHING_TEMPLATES.length })
})

export const withdrawNeedSchema = s.object({ needId, reason: s.optional(s.string({ label: '撤回原因', max: 100 })) })

export const rateReferralSchema = s.object({
  referralId,
  rating: s.int({ label: '评分', min: RATING_MIN, max: RATING_MAX, unit: '分' }),
  comment: s.optional(s.string({ label: '评价', max: 200, multiline: true }))
})

export const listNeedsSchema = s.object({
  venueId,
  status: s.optional(s.oneOf(NEED_STATUSES, { label: '需求状态' })),
  category: s.optional(needCategory),
  ...pageSchemas
})

export const triageNeedSchema = s.object({ needId, category: s.optional(needCategory), urgency: s.optional(s.oneOf(URGENCIES, { label: '紧急程度' })) })

export const mergeNeedSchema = s.refine(s.object({ needId, intoNeedId: idSchema('合并到的需求') }), (input) =>
  input.needId === input.intoNeedId ? { message: '不能把需求合并到它自己', path: ['intoNeedId'] } : undefined
)

export const closeNeedSchema = s.refine(
  s.object({
    needId,
    outcome: s.oneOf(['resolved', 'unresolved'] as const, { label: '结果' }),
    reason: s.optional(s.string({ label: '原因', max: 100 }))
  }),
  (input) => (input.outcome === 'unresolved' && !input.reason ? { message: '请说明未能解决的原因', path: ['reason'] } : undefined)
)

export const matchSchema = s.object({
  venueId,
  /** Only these needs (default every matchable need of the centre). */
  needIds: s.optional(s.array(needId, { label: '需求', min: 1, max: 2000 })),
  topK: s.optional(s.int({ label: '每条需求的候选数', min: 1, max: TOP_K_MAX }))
})

export const confirmProposalsSchema = s.object({
  venueId,
  proposals: s.array(s.object({ needId, serviceId }, { label: '对接建议' }), { label: '对接建议', min: 1, max: CONFIRM_MAX })
})

export const listReferralsSchema = s.object({ venueId, status: s.optional(s.oneOf(REFERRAL_STATUSES, { label: '转介状态' })), ...pageSchemas })

export const cancelReferralSchema = s.object({ referralId, reason: s.string({ label: '取消原因', min: 2, max: 100 }) })

export const listServicesSchema = s.object({
  category: s.optional(needCategory),
  group: s.optional(s.oneOf(USER_GROUPS, { label: '人群' })),
  near: s.optional(geoPointSchema('我的位置')),
  radiusM: s.optional(s.int({ label: '范围', min: 100, max: RADIUS_MAX_M, unit: '米' })),
  openNow: s.optional(s.boolean({ label: '正在服务' })),
  venueId: s.optional(venueId),
  ...pageSchemas
})

export const getServiceSchema = s.object({ serviceId, near: s.optional(geoPointSchema('我的位置')) })

export const listManagedServicesSchema = s.object({ venueId, status: s.optional(s.oneOf(SERVICE_STATUSES, { label: '服务状态' })) })

const locationSchema = s.object(
  {
    name: s.string({ label: '地点名称', min: 1, max: 40 }),
    address: s.string({ label: '地址', max: 100 }),
    lat: s.number({ label: '纬度', min: -90, max: 90 }),
    lng: s.number({ label: '经度', min: -180, max: 180 }),
    venueId: s.optional(venueId)
  },
  { label: '服务地点' }
)

export const saveServiceSchema = s.refine(
  s.object({
    serviceId: s.optional(serviceId),
    venueId,
    orgId,
    title: s.string({ label: '服务名称', min: 1, max: 40 }),
    description: s.string({ label: '服务介绍', max: 500, multiline: true }),
    taxonomy: s.array(needCategory, { label: '服务类别', min: 1, max: 5 }),
    eligibility: s.object(
      {
        groups: s.array(s.oneOf(USER_GROUPS, { label: '人群' }), { label: '服务对象', max: USER_GROUPS.length }),
        minAge: s.optional(s.int({ label: '最小年龄', min: 0, max: 120, unit: '岁' })),
        maxAge: s.optional(s.int({ label: '最大年龄', min: 0, max: 120, unit: '岁' }))
      },
      { label: '服务条件' }
    ),
    locations: s.array(locationSchema, { label: '服务地点', max: 10 }),
    serviceAreaM: s.optional(s.int({ label: '服务范围', min: 100, max: RADIUS_MAX_M, unit: '米' })),
    schedules: weeklyWindowsSchema('服务时间', 1),
    capacity: s.object(
      { perPeriod: s.int({ label: '名额', min: 1, max: 1000, unit: '人' }), period: s.oneOf(CAPACITY_PERIODS, { label: '名额周期' }) },
      { label: '服务名额' }
    ),
    resourceIds: s.optional(s.array(resourceId, { label: '所用资源', max: 20 })),
    amenities: s.optional(s.array(s.string({ label: '便民设施', min: 1, max: 10 }), { label: '便民设施', max: 12 })),
    contactPhone: s.optional(phoneSchema('联系电话'))
  }),
  (input) => {
    const { minAge, maxAge } = input.eligibility
    if (minAge !== undefined && maxAge !== undefined && minAge > maxAge) return { message: '最大年龄不能小于最小年龄', path: ['eligibility', 'maxAge'] }
    if (input.serviceAreaM !== undefined && input.locations.length === 0) return { message: '设置服务范围前请先添加服务地点', path: ['serviceAreaM'] }
    return undefined
  }
)

export const setServiceStatusSchema = s.object({ serviceId, status: s.oneOf(['active', 'paused', 'closed'] as const, { label: '服务状态' }) })

export const listResourcesSchema = s.object({ venueId, kind: s.optional(resourceKind) })

export const saveResourceSchema = s.object({
  resourceId: s.optional(resourceId),
  venueId,
  orgId,
  kind: resourceKind,
  title: s.string({ label: '资源名称', min: 1, max: 40 }),
  description: s.optional(s.string({ label: '资源说明', max: 300, multiline: true })),
  quantity: s.int({ label: '数量', min: 0, max: 100_000 }),
  unit: s.string({ label: '单位', min: 1, max: 6 }),
  availability: s.optional(weeklyWindowsSchema('可用时间')),
  location: s.optional(geoPointSchema('资源位置')),
  retired: s.optional(s.boolean({ label: '已停止提供' }))
})

export const listOrganizationsSchema = s.object({ venueId })

export const saveOrganizationSchema = s.object({
  orgId: s.optional(orgId),
  venueId,
  name: s.string({ label: '组织名称', min: 1, max: 40 }),
  kind: s.oneOf(ORGANIZATION_KINDS, { label: '组织类型' }),
  description: s.optional(s.string({ label: '组织介绍', max: 300, multiline: true })),
  contactName: s.optional(s.string({ label: '联系人', max: 20 })),
  contactPhone: s.optional(phoneSchema('联系电话'))
})

export const designBoardSchema = s.object({ venueId })

export const servicePointsSchema = s.object({
  near: s.optional(geoPointSchema('我的位置')),
  radiusM: s.optional(s.int({ label: '范围', min: 100, max: RADIUS_MAX_M, unit: '米' })),
  amenity: s.optional(s.oneOf(AMENITIES, { label: '便民设施' })),
  openNow: s.optional(s.boolean({ label: '正在开放' })),
  withinCircle: s.optional(s.boolean({ label: '只看服务圈内' }))
})

export const statsSchema = s.object({ venueId: s.optional(venueId), scope: s.optional(s.oneOf(['public', 'centre'] as const, { label: '范围' })) })

export const outcomesSchema = s.object({ venueId: s.optional(venueId) })

export const myReferralsSchema = s.object({ status: s.optional(s.oneOf(REFERRAL_STATUSES, { label: '转介状态' })) })

export const acceptReferralSchema = s.object({ referralId })

export const declineReferralSchema = s.object({
  referralId,
  reason: s.oneOf(DECLINE_REASONS, { label: '婉拒原因' }),
  note: s.optional(s.string({ label: '说明', max: 100 }))
})

export const scheduleReferralSchema = s.object({
  referralId,
  scheduledAt: s.instant({ label: '预约时间' }),
  place: s.optional(s.string({ label: '见面地点', max: 60 }))
})

export const completeReferralSchema = s.object({
  referralId,
  outcome: s.oneOf(COMPLETION_OUTCOMES, { label: '服务结果' }),
  note: s.optional(s.string({ label: '说明', max: 200, multiline: true }))
})

export type TaxonomyInput = s.Infer<typeof taxonomySchema>
export type SuggestCategoryInput = s.Infer<typeof suggestCategorySchema>
export type SubmitNeedInput = s.Infer<typeof submitNeedSchema>
export type RecordNeedInput = s.Infer<typeof recordNeedSchema>
export type MyNeedsInput = s.Infer<typeof myNeedsSchema>
export type SubscribeTemplatesInput = s.Infer<typeof subscribeTemplatesSchema>
export type SubscribeInput = s.Infer<typeof subscribeSchema>
export type WithdrawNeedInput = s.Infer<typeof withdrawNeedSchema>
export type RateReferralInput = s.Infer<typeof rateReferralSchema>
export type ListNeedsInput = s.Infer<typeof listNeedsSchema>
export type TriageNeedInput = s.Infer<typeof triageNeedSchema>
export type MergeNeedInput = s.Infer<typeof mergeNeedSchema>
export type CloseNeedInput = s.Infer<typeof closeNeedSchema>
export type MatchInput = s.Infer<typeof matchSchema>
export type ConfirmProposalsInput = s.Infer<typeof confirmProposalsSchema>
export type ListReferralsInput = s.Infer<typeof listReferralsSchema>
export type CancelReferralInput = s.Infer<typeof cancelReferralSchema>
export type ListServicesInput = s.Infer<typeof listServicesSchema>
export type GetServiceInput = s.Infer<typeof getServiceSchema>
export type ListManagedServicesInput = s.Infer<typeof listManagedServicesSchema>
export type SaveServiceInput = s.Infer<typeof saveServiceSchema>
export type SetServiceStatusInput = s.Infer<typeof setServiceStatusSchema>
export type ListResourcesInput = s.Infer<typeof listResourcesSchema>
export type SaveResourceInput = s.Infer<typeof saveResourceSchema>
export type ListOrganizationsInput = s.Infer<typeof listOrganizationsSchema>
export type SaveOrganizationInput = s.Infer<typeof saveOrganizationSchema>
export type DesignBoardInput = s.Infer<typeof designBoardSchema>
export type ServicePointsInput = s.Infer<typeof servicePointsSchema>
export type StatsInput = s.Infer<typeof statsSchema>
export type OutcomesInput = s.Infer<typeof outcomesSchema>
export type MyReferralsInput = s.Infer<typeof myReferralsSchema>
export type AcceptReferralInput = s.Infer<typeof acceptReferralSchema>
export type DeclineReferralInput = s.Infer<typeof declineReferralSchema>
export type ScheduleReferralInput = s.Infer<typeof scheduleReferralSchema>
export type CompleteReferralInput = s.Infer<typeof completeReferralSchema>

/** A taxonomy code as listed (⚑ code, name, parent?). */
export interface TaxonomyItem {
  code: string
  name: string
  parent?: string
  list: EntryList
  /** Words people use for it (the name first). */
  synonyms: string[]
}

export interface TaxonomyOutput {
  items: TaxonomyItem[]
}

export interface SuggestCategoryOutput {
  suggestions: CodeSuggestion[]
}

/** ⚑ `data.need {_id, status}`. */
export interface SubmitNeedOutput {
  need: { _id: string; status: NeedStatus }
  /** The caller's own likely repeats (for organizers: every likely duplicate). */
  duplicates: DuplicateHint[]
  /** The clientId had already been submitted: nothing new stored. */
  replayed: boolean
}

/** A matching template's id, for wx.requestSubscribeMessage. */
export interface ServiceTemplate {
  kind: MatchingTemplate
  templateId: string
}

export interface ServiceTemplatesOutput {
  items: ServiceTemplate[]
}

export interface SubscribeOutput {
  /** Messages of each kind the person can still be sent. */
  left: Record<MatchingTemplate, number>
}

export interface MyNeedsOutput {
  items: MyNeed[]
}

export interface MyNeedOutput {
  need: MyNeed
}

export interface OrganizerNeedOutput {
  need: OrganizerNeed
}

export interface ListNeedsOutput {
  items: OrganizerNeed[]
  total: number
}

/** A proposal as the confirm screen shows it: ⚑ needId, serviceId, score, reasons, and what they refer to. */
export interface ProposalView extends Proposal {
  needText: string
  categoryLabel: string
  serviceTitle: string
  /** '同属法律咨询 · 800 米 · 周六 9–11 点可约 · 余 3 名额 · …' */
  reasonLine: string
}

export interface MatchOutput {
  proposals: ProposalView[]
  unmatched: Unmatched[]
  needs: number
  served: number
  totalScore: number
}

/** A referral as organizers list it. */
export type ReferralSummary = Omit<ReferralDoc, 'requesterKey'> & { serviceTitle: string; statusLabel: string }

export interface ConfirmProposalsOutput {
  referrals: ReferralSummary[]
  skipped: { needId: string; serviceId: string; reason: string }[]
}

export interface ListReferralsOutput {
  items: ReferralSummary[]
  total: number
}

export interface ReferralSummaryOutput {
  referral: ReferralSummary
}

export interface ListServicesOutput {
  items: ServiceCard[]
  total: number
}

/** A service's page: everything on its card, plus what 导航 and 联系 need. */
export interface ServiceDetail extends ServiceCard {
  description: string
  locations: ServiceLocation[]
  serviceAreaM?: number
  schedules: WeeklyWindow[]
  /** '周六 9–11 点', one per window, in week order. */
  hours: string[]
  organization: { _id: string; name: string; kindLabel: string }
  contactPhone?: string
}

export interface GetServiceOutput {
  service: ServiceDetail
}

/** A service as its centre's organizers manage it. */
export type ManagedService = Omit<ServiceDoc, 'tokens'> & { statusLabel: string; placesLeft: number }

export interface ListManagedServicesOutput {
  items: ManagedService[]
}

export interface ManagedServiceOutput {
  service: ManagedService
}

export interface ListResourcesOutput {
  items: ResourceDoc[]
}

export interface ResourceOutput {
  resource: ResourceDoc
}

export interface ListOrganizationsOutput {
  items: OrganizationDoc[]
}

export interface OrganizationOutput {
  organization: OrganizationDoc
}

export interface DesignBoardOutput {
  board: DesignBoard
}

export interface ServicePointsOutput {
  items: ServicePointView[]
  /** The circle drawn around the person (the 15-minute circle unless asked otherwise). */
  radiusM: number
}

/** ⚑ `stats`: at least needs, resources, services, needsSolved, activitiesHeld. */
export type StatsOutput = CentreFigures

export type OutcomesOutput = CentreOutcomes

export interface MyReferralsOutput {
  items: ProviderReferral[]
}

export interface ProviderReferralOutput {
  referral: ProviderReferral
}

export const unmaskNeedSchema = s.object({
  needId,
  field: s.oneOf(UNMASKABLE_NEED_FIELDS, { label: '要查看的内容' }),
  reason: s.string({ label: '查看原因', min: 2, max: 100 })
})

export type UnmaskNeedInput = s.Infer<typeof unmaskNeedSchema>

export interface UnmaskNeedOutput {
  needId: string
  field: UnmaskableNeedField
  /** The value in full, as text. */
  value: string
}

/** The `service` entry of FunctionApi. */
export interface ServiceApi {
  taxonomy: Action<TaxonomyInput, TaxonomyOutput>
  listServices: Action<ListServicesInput, ListServicesOutput>
  getService: Action<GetServiceInput, GetServiceOutput>
  servicePoints: Action<ServicePointsInput, ServicePointsOutput>
  stats: Action<StatsInput, StatsOutput>
  outcomes: Action<OutcomesInput, OutcomesOutput>
  suggestCategory: Action<SuggestCategoryInput, SuggestCategoryOutput>
  subscribeTemplates: Action<SubscribeTemplatesInput, ServiceTemplatesOutput>
  submitNeed: Action<SubmitNeedInput, SubmitNeedOutput>
  subscribe: Action<SubscribeInput, SubscribeOutput>
  myNeeds: Action<MyNeedsInput, MyNeedsOutput>
  withdrawNeed: Action<WithdrawNeedInput, MyNeedOutput>
  rateReferral: Action<RateReferralInput, MyNeedOutput>
  recordNeed: Action<RecordNeedInput, SubmitNeedOutput>
  listNeeds: Action<ListNeedsInput, ListNeedsOutput>
  triageNeed: Action<TriageNeedInput, OrganizerNeedOutput>
  mergeNeed: Action<MergeNeedInput, OrganizerNeedOutput>
  closeNeed: Action<CloseNeedInput, OrganizerNeedOutput>
  match: Action<MatchInput, MatchOutput>
  confirmProposals: Action<ConfirmProposalsInput, ConfirmProposalsOutput>
  listReferrals: Action<ListReferralsInput, ListReferralsOutput>
  cancelReferral: Action<CancelReferralInput, ReferralSummaryOutput>
  listManagedServices: Action<ListManagedServicesInput, ListManagedServicesOutput>
  saveService: Action<SaveServiceInput, ManagedServiceOutput>
  setServiceStatus: Action<SetServiceStatusInput, ManagedServiceOutput>
  listResources: Action<ListResourcesInput, ListResourcesOutput>
  saveResource: Action<SaveResourceInput, ResourceOutput>
  listOrganizations: Action<ListOrganizationsInput, ListOrganizationsOutput>
  saveOrganization: Action<SaveOrganizationInput, OrganizationOutput>
  designBoard: Action<DesignBoardInput, DesignBoardOutput>
  myReferrals: Action<MyReferralsInput, MyReferralsOutput>
  acceptReferral: Action<AcceptReferralInput, ProviderReferralOutput>
  declineReferral: Action<DeclineReferralInput, ProviderReferralOutput>
  scheduleReferral: Action<ScheduleReferralInput, ProviderReferralOutput>
  completeReferral: Action<CompleteReferralInput, ProviderReferralOutput>
  unmask: Action<UnmaskNeedInput, UnmaskNeedOutput>
  rotateKeys: Action<RotateKeysInput, RotateKeysOutput>
}
