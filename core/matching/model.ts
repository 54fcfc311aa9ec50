/**
 * The stored shapes of the third capability (DESIGN.md §4): 需求清单 needs, organizations, 资源清单 resources, 服务清单
 * services and the referrals that connect a need to a service, with the vocabularies their fields take.
 *
 * Services follow Open Referral HSDS 3.0 where it fits a centre's list: a service belongs to an organization, carries
 * taxonomy terms, eligibility, service areas, schedules and locations; HSDS's separate `service_at_location`,
 * `schedule` and `eligibility` tables are embedded here, because a document database reads a service in one request
 * and the centre's lists are small. Schedules are weekly wall-clock windows in Asia/Shanghai (the shape of a user's
 * free times), which covers the centres' opening hours and lawyer/doctor hours; HSDS's RRULE would be more than these
 * lists need.
 *
 * A need names its requester only by a keyed hash (`requesterKey`, computed by the function, never the openid), so the
 * needs collection can be aggregated and shown to organizers without exposing who asked. Its location is coarse
 * (about 1 km) unless the requester consented to share the precise point.
 */
import type { FreeTime, UserGroup } from '../api/user'
import type { GeoPoint } from '../survey/values'

export type { GeoPoint }

/** A weekly window, wall-clock Asia/Shanghai, half-open [from, to) (the user profile's free-time shape). */
export type WeeklyWindow = FreeTime

export const URGENCIES = ['low', 'normal', 'high'] as const
export type Urgency = (typeof URGENCIES)[number]
export const URGENCY_LABELS: Record<Urgency, string> = { low: '不急', normal: '一般', high: '紧急' }

/**
 * submitted: as filed; triaged: an organizer checked category and urgency; matching: waiting for a service (also
 * after a decline); referred: a referral was sent; in_progress: a provider accepted; then one of the four ends.
 */
export const NEED_STATUSES = [
  'submitted',
  'triaged',
  'matching',
  'referred',
  'in_progress',
  'resolved',
  'unresolved',
  'withdrawn',
  'duplicate'
] as const
export type NeedStatus = (typeof NEED_STATUSES)[number]
export const NEED_STATUS_LABELS: Record<NeedStatus, string> = {
  submitted: '已提交',
  triaged: '已受理',
  matching: '正在对接',
  referred: '已转介',
  in_progress: '服务中',
  resolved: '已解决',
  unresolved: '未能解决',
  withdrawn: '已撤回',
  duplicate: '重复提交'
}
/** Statuses a need ends in: nothing moves it again. */
export const CLOSED_NEED_STATUSES: readonly NeedStatus[] = ['resolved', 'unresolved', 'withdrawn', 'duplicate']
/** Statuses the matcher takes needs from. */
export const MATCHABLE_NEED_STATUSES: readonly NeedStatus[] = ['triaged', 'matching']

/** Where a need came from: the person in the mini-program, a questionnaire answer, an organizer's visit. */
export const NEED_SOURCES = ['self', 'survey', 'visit'] as const
export type NeedSource = (typeof NEED_SOURCES)[number]
export const NEED_SOURCE_LABELS: Record<NeedSource, string> = { self: '本人提交', survey: '问卷', visit: '走访录入' }

/** Who changed something, as history records it (never an openid). */
export const ACTORS = ['requester', 'organizer', 'provider', 'system'] as const
export type Actor = (typeof ACTORS)[number]
export const ACTOR_LABELS: Record<Actor, string> = { requester: '本人', organizer: '服务中心', provider: '服务方', system: '系统' }

/** One step of a status history. */
export interface StatusChange<S extends string> {
  from?: S
  to: S
  at: number
  by: Actor
  /** Why, in the words shown to people (a decline reason, an unresolved reason, a merge target). */
  note?: string
}

/** A location as a need keeps it: precise only with the requester's consent (otherwise rounded to about 1 km). */
export interface NeedLocation extends GeoPoint {
  precise: boolean
}

export interface NeedConsent {
  /** The provider of a referral may see the requester's name and phone. */
  shareContact: boolean
  /** The precise point may be stored and used (otherwise it is rounded before it is stored). */
  preciseLocation: boolean
}

/** A need on the 需求清单 (collection `needs`). */
export interface NeedDoc {
  _id: string
  /** The service centre whose list it is on. */
  venueId: string
  /** A taxonomy need code. */
  category: string
  text: string
  /** Segmented `text` (the function segments; core compares tokens). */
  tokens: string[]
  urgency: Urgency
  source: NeedSource
  /** Keyed hash of the requester's openid; absent for a visit entry of someone without the app. */
  requesterKey?: string
  group: UserGroup | 'unknown'
  /** Age in years, when given (some services have an age range). */
  age?: number
  /** Weekly windows when the requester can be served; empty = any time. */
  availability: WeeklyWindow[]
  location?: NeedLocation
  consent: NeedConsent
  /** Cloud storage file ids. */
  photos: string[]
  status: NeedStatus
  history: StatusChange<NeedStatus>[]
  /** Set when merged: the need this one repeats. */
  duplicateOf?: string
  /** Why it ended unresolved or withdrawn. */
  closeNote?: string
  /** The survey response or list entry it came from. */
  sourceRef?: string
  createdAt: number
  updatedAt: number
  /** When the first referral was sent (for the median time to first referral). */
  firstReferredAt?: number
  /** When it reached a closed status. */
  closedAt?: number
}

export const ORGANIZATION_KINDS = ['enterprise', 'social', 'merchant', 'party', 'government', 'volunteer'] as const
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number]
export const ORGANIZATION_KIND_LABELS: Record<OrganizationKind, string> = {
  enterprise: '企业',
  social: '社会组织',
  merchant: '商户',
  party: '党组织',
  government: '政府部门',
  volunteer: '志愿团队'
}

/** An organization that offers resources and runs services (HSDS `organization`; collection `organizations`). */
export interface OrganizationDoc {
  _id: string
  /** The centre that registered it (its organizers manage it). */
  venueId: string
  name: string
  kind: OrganizationKind
  description: string
  /** Shown on services, for 联系. */
  contactName?: string
  contactPhone?: string
  createdAt: number
  updatedAt: number
}

/** An item of the 资源清单: what an organization can give (collection `resources`). */
export interface ResourceDoc {
  _id: string
  venueId: string
  orgId: string
  /** A taxonomy resource code (律师时间, 充电点 …). */
  kind: string
  title: string
  description: string
  quantity: number
  /** 小时, 人, 个, 次 … */
  unit: string
  /** When it can be used; empty = by arrangement. */
  availability: WeeklyWindow[]
  location?: GeoPoint
  /** Not offered any more (kept for history and figures). */
  retired: boolean
  createdAt: number
  updatedAt: number
}

export const SERVICE_STATUSES = ['draft', 'active', 'paused', 'closed'] as const
export type ServiceStatus = (typeof SERVICE_STATUSES)[number]
export const SERVICE_STATUS_LABELS: Record<ServiceStatus, string> = { draft: '草稿', active: '服务中', paused: '暂停', closed: '已结束' }
/** On the public 服务清单 (a paused service is listed as paused; only active ones are matched). */
export const LISTED_SERVICE_STATUSES: readonly ServiceStatus[] = ['active', 'paused']

/** Who may use a service. Empty groups = everyone; an age bound applies only when the need gives an age. */
export interface Eligibility {
  groups: UserGroup[]
  minAge?: number
  maxAge?: number
}

/** Where a service is delivered (HSDS `location` + `service_at_location`). Coordinates are GCJ-02. */
export interface ServiceLocation {
  name: string
  address: string
  lat: number
  lng: number
  /** A service centre's `_id`, when it is one of the centres. */
  venueId?: string
}

export const CAPACITY_PERIODS = ['week', 'month'] as const
export type CapacityPeriod = (typeof CAPACITY_PERIODS)[number]
export const CAPACITY_PERIOD_LABELS: Record<CapacityPeriod, string> = { week: '每周', month: '每月' }

/** How many referrals a service takes per calendar period (Shanghai weeks start Monday). */
export interface Capacity {
  perPeriod: number
  period: CapacityPeriod
}

/** Fields an organizer edits (saveService), also what composeService drafts. */
export interface ServiceFields {
  orgId: string
  title: string
  description: string
  /** Taxonomy need codes the service addresses. */
  taxonomy: string[]
  eligibility: Eligibility
  locations: ServiceLocation[]
  /** Metres around each location; absent = anywhere (a hotline, a visit at home). */
  serviceAreaM?: number
  /** When it can be delivered; at least one window. */
  schedules: WeeklyWindow[]
  capacity: Capacity
  /** The resource items it draws on (the design board shows them). */
  resourceIds: string[]
  /** Amenities shown on the service points map (充电, 饮水, 热饭, 歇脚, 卫生间 …). */
  amenities: string[]
  contactPhone?: string
}

/** An entry of the 服务清单 (collection `services`). */
export interface ServiceDoc extends ServiceFields {
  _id: string
  venueId: string
  status: ServiceStatus
  /** Segmented title + description. */
  tokens: string[]
  createdAt: number
  updatedAt: number
  publishedAt?: number
}

/** proposed → sent → accepted | declined → scheduled → completed → rated; cancelled from any open status. */
export const REFERRAL_STATUSES = ['proposed', 'sent', 'accepted', 'declined', 'scheduled', 'completed', 'rated', 'cancelled'] as const
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number]
export const REFERRAL_STATUS_LABELS: Record<ReferralStatus, string> = {
  proposed: '待确认',
  sent: '已转介',
  accepted: '已接收',
  declined: '已婉拒',
  scheduled: '已预约',
  completed: '已完成',
  rated: '已评价',
  cancelled: '已取消'
}
/** Referrals that still hold or wait for a place of the service. */
export const OPEN_REFERRAL_STATUSES: readonly ReferralStatus[] = ['proposed', 'sent', 'accepted', 'scheduled']
/**
 * Referrals that use a place of the service in its capacity period (counted by the period of `sentAt`). A decline or
 * a cancellation gives the place back.
 */
export const CAPACITY_REFERRAL_STATUSES: readonly ReferralStatus[] = ['sent', 'accepted', 'scheduled', 'completed', 'rated']

export const DECLINE_REASONS = ['no_capacity', 'not_eligible', 'out_of_scope', 'unreachable', 'other'] as const
export type DeclineReason = (typeof DECLINE_REASONS)[number]
export const DECLINE_REASON_LABELS: Record<DeclineReason, string> = {
  no_capacity: '名额已满',
  not_eligible: '不符合服务条件',
  out_of_scope: '不在服务范围',
  unreachable: '联系不上',
  other: '其他原因'
}

export const COMPLETION_OUTCOMES = ['helped', 'not_helped'] as const
export type CompletionOutcome = (typeof COMPLETION_OUTCOMES)[number]
export const COMPLETION_OUTCOME_LABELS: Record<CompletionOutcome, string> = { helped: '问题已解决', not_helped: '未能解决' }

/** A referral of one need to one service (collection `referrals`). */
export interface ReferralDoc {
  _id: string
  needId: string
  serviceId: string
  /** The service's organization: a provider sees only its own organization's referrals. */
  orgId: string
  venueId: string
  /** The requester's keyed hash, copied from the need, so 我的需求 and rating find it. */
  requesterKey?: string
  /** The match score in [0,1] and its reasons, as proposed. */
  score: number
  reasons: string[]
  status: ReferralStatus
  history: StatusChange<ReferralStatus>[]
  declineReason?: DeclineReason
  scheduledAt?: number
  /** Where to meet, when it is not the service's location. */
  place?: string
  outcome?: CompletionOutcome
  /** The requester's rating, 1–5, and words. */
  rating?: number
  comment?: string
  createdAt: number
  updatedAt: number
  sentAt?: number
  respondedAt?: number
  completedAt?: number
}

/** The deterministic id of the referral of a need to a service: confirming the same proposal twice writes one. */
export const referralIdFor = (needId: string, serviceId: string): string => `${needId}_${serviceId}`
