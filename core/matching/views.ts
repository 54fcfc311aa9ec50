/**
 * What each person sees of needs, services and referrals, built from the stored documents in one place so privacy
 * rules hold on every screen:
 *   - the requester (我的需求) sees their needs, each referral's service and status, and the next step in words;
 *   - a provider sees only referrals to its organization, and of the requester only what they consented to share:
 *     the need itself always, name and phone only with `consent.shareContact` (and without it, numbers in the need's
 *     words starred), the location as stored (coarse unless the requester consented to the precise point);
 *   - organizers see needs without the requester's key, their words and point masked (privacy.ts);
 *   - everyone sees services on the public list (服务 tab) with who may use them, where, when and how far.
 */
import { USER_GROUP_LABELS } from '../api/user'
import { taxonomyLabel } from '../survey/taxonomy'
import { formatDistance, nearest } from './geo'
import { referralActionsFrom, type ReferralActionType } from './lifecycle'
import {
  NEED_STATUS_LABELS,
  REFERRAL_STATUS_LABELS,
  SERVICE_STATUS_LABELS,
  URGENCY_LABELS,
  type Actor,
  type CompletionOutcome,
  type Eligibility,
  type GeoPoint,
  type NeedDoc,
  type NeedLocation,
  type NeedStatus,
  type ReferralDoc,
  type ReferralStatus,
  type ServiceDoc,
  type ServiceLocation,
  type ServiceStatus,
  type StatusChange,
  type Urgency,
  type WeeklyWindow
} from './model'
import { maskedNeedLocation, maskedNeedText, maskIdentifiers, type UnmaskableNeedField } from './privacy'
import { formatWeekInterval, isAroundTheClock, isOpenAt, nextInterval, weekIntervals } from './schedule'

/** A history step as shown. */
export interface HistoryStep {
  label: string
  at: number
  by: Actor
  note?: string
}

function historySteps<S extends string>(history: readonly StatusChange<S>[], labels: Record<S, string>): HistoryStep[] {
  return history.map((step) => ({ label: labels[step.to], at: step.at, by: step.by, ...(step.note ? { note: step.note } : {}) }))
}

/** The requester's view of one referral of their need. */
export interface MyReferral {
  _id: string
  serviceId: string
  serviceTitle: string
  status: ReferralStatus
  statusLabel: string
  scheduledAt?: number
  place?: string
  outcome?: CompletionOutcome
  rating?: number
  /** Completed and not rated yet. */
  canRate: boolean
}

/** A need in 我的需求. */
export interface MyNeed {
  _id: string
  category: string
  categoryLabel: string
  text: string
  urgency: Urgency
  status: NeedStatus
  statusLabel: string
  /** What happens next, in words. */
  nextStep: string
  history: HistoryStep[]
  referrals: MyReferral[]
  canWithdraw: boolean
  createdAt: number
  updatedAt: number
}

const WITHDRAWABLE: readonly NeedStatus[] = ['submitted', 'triaged', 'matching', 'referred', 'in_progress']

function nextStep(need: NeedDoc, current: MyReferral | undefined): string {
  const service = current?.serviceTitle ?? '服务方'
  switch (need.status) {
    case 'submitted':
      return '服务中心会尽快查看您的需求'
    case 'triaged':
    case 'matching':
      return '正在为您寻找合适的服务'
    case 'referred':
      return `已转介给“${service}”，等待对方确认`
    case 'in_progress':
      return current?.scheduledAt === undefined ? `“${service}”已接收，会和您约定时间` : `“${service}”已为您预约，请按时前往`
    case 'resolved':
      return current?.canRate ? '问题已解决，欢迎评价这次服务' : '问题已解决'
    case 'unresolved':
      return need.closeNote ? `未能解决：${need.closeNote}` : '未能解决'
    case 'withdrawn':
      return '您已撤回这条需求'
    case 'duplicate':
      return '和您的另一条需求重复，已合并'
  }
}

/** `referrals` are the need's, each with its service's title, newest last. */
export function myNeedView(need: NeedDoc, referrals: readonly { referral: ReferralDoc; serviceTitle: string }[]): MyNeed {
  const mine = referrals.map(
    ({ referral, serviceTitle }): MyReferral => ({
      _id: referral._id,
      serviceId: referral.serviceId,
      serviceTitle,
      status: referral.status,
      statusLabel: REFERRAL_STATUS_LABELS[referral.status],
      ...(referral.scheduledAt === undefined ? {} : { scheduledAt: referral.scheduledAt }),
      ...(referral.place === undefined ? {} : { place: referral.place }),
      ...(referral.outcome === undefined ? {} : { outcome: referral.outcome }),
      ...(referral.rating === undefined ? {} : { rating: referral.rating }),
      canRate: referral.status === 'completed'
    })
  )
  const current = [...mine].reverse().find((r) => r.status !== 'declined' && r.status !== 'cancelled' && r.status !== 'proposed')
  return {
    _id: need._id,
    category: need.category,
    categoryLabel: taxonomyLabel(need.category),
    text: need.text,
    urgency: need.urgency,
    status: need.status,
    statusLabel: NEED_STATUS_LABELS[need.status],
    nextStep: nextStep(need, current),
    history: historySteps(need.history, NEED_STATUS_LABELS),
    // A proposal is the centre's working state, not something sent to the requester yet.
    referrals: mine.filter((r) => r.status !== 'proposed'),
    canWithdraw: WITHDRAWABLE.includes(need.status),
    createdAt: need.createdAt,
    updatedAt: need.updatedAt
  }
}

/** What a provider may know about the person behind a referral. */
export interface RequesterContact {
  name: string
  phone?: string
}

/** A referral as its provider sees it. */
export interface ProviderReferral {
  _id: string
  serviceId: string
  serviceTitle: string
  status: ReferralStatus
  statusLabel: string
  score: number
  reasons: string[]
  history: HistoryStep[]
  /** What the provider can do now. */
  actions: ReferralActionType[]
  scheduledAt?: number
  place?: string
  outcome?: CompletionOutcome
  rating?: number
  sentAt?: number
  need: {
    category: string
    categoryLabel: string
    text: string
    urgency: Urgency
    urgencyLabel: string
    groupLabel: string
    age?: number
    availability: WeeklyWindow[]
    /** As stored: coarse unless the requester consented to share the precise point. */
    location?: NeedLocation
    photos: string[]
  }
  /** Only when the requester consented (consent.shareContact). */
  contact?: RequesterContact
}

const PROVIDER_ACTIONS: readonly ReferralActionType[] = ['accept', 'decline', 'schedule', 'complete']

/** The provider's view; `contact` is dropped unless the requester consented to share it. */
export function providerReferralView(referral: ReferralDoc, need: NeedDoc, serviceTitle: string, contact?: RequesterContact): ProviderReferral {
  return {
    _id: referral._id,
    serviceId: referral.serviceId,
    serviceTitle,
    status: referral.status,
    statusLabel: REFERRAL_STATUS_LABELS[referral.status],
    score: referral.score,
    reasons: referral.reasons,
    history: historySteps(referral.history, REFERRAL_STATUS_LABELS),
    actions: referralActionsFrom(referral.status).filter((action) => PROVIDER_ACTIONS.includes(action)),
    ...(referral.scheduledAt === undefined ? {} : { scheduledAt: referral.scheduledAt }),
    ...(referral.place === undefined ? {} : { place: referral.place }),
    ...(referral.outcome === undefined ? {} : { outcome: referral.outcome }),
    ...(referral.rating === undefined ? {} : { rating: referral.rating }),
    ...(referral.sentAt === undefined ? {} : { sentAt: referral.sentAt }),
    need: {
      category: need.category,
      categoryLabel: taxonomyLabel(need.category),
      // Whatever identifies the person in their own words, only when they consented to share their contact.
      text: need.consent.shareContact ? need.text : maskIdentifiers(need.text),
      urgency: need.urgency,
      urgencyLabel: URGENCY_LABELS[need.urgency],
      groupLabel: need.group === 'unknown' ? '未填写' : USER_GROUP_LABELS[need.group],
      ...(need.age === undefined ? {} : { age: need.age }),
      availability: need.availability,
      ...(need.location === undefined ? {} : { location: need.location }),
      photos: need.photos
    },
    ...(need.consent.shareContact && contact ? { contact } : {})
  }
}

/** Status notes with what identifies a person starred (they are free words, of the requester among others). */
export const maskedNotes = <S extends string>(history: readonly StatusChange<S>[]): StatusChange<S>[] =>
  history.map((step) => (step.note === undefined ? step : { ...step, note: maskIdentifiers(step.note) }))

/**
 * A need as organizers list it: without the requester's key and the segmented words, its words and point masked
 * (privacy.ts); `masked` names what an admin may unmask.
 */
export type OrganizerNeed = Omit<NeedDoc, 'requesterKey' | 'tokens'> & {
  categoryLabel: string
  statusLabel: string
  urgencyLabel: string
  masked: UnmaskableNeedField[]
}

export function organizerNeedView(need: NeedDoc): OrganizerNeed {
  const { requesterKey: _hidden, tokens: _words, ...rest } = need
  return {
    ...rest,
    text: maskedNeedText(need.category, need.text),
    // A withdrawal reason is the requester's own words too.
    history: maskedNotes(need.history),
    ...(need.closeNote === undefined ? {} : { closeNote: maskIdentifiers(need.closeNote) }),
    ...(need.location === undefined ? {} : { location: maskedNeedLocation(need.location) }),
    categoryLabel: taxonomyLabel(need.category),
    statusLabel: NEED_STATUS_LABELS[need.status],
    urgencyLabel: URGENCY_LABELS[need.urgency],
    masked: need.location === undefined ? ['text'] : ['text', 'location']
  }
}

/** '面向外卖骑手、快递员 · 18–60 岁', '所有人'. */
export function eligibilityText(eligibility: Eligibility): string {
  const parts: string[] = []
  if (eligibility.groups.length > 0) parts.push(`面向${eligibility.groups.map((group) => USER_GROUP_LABELS[group]).join('、')}`)
  const { minAge, maxAge } = eligibility
  if (minAge !== undefined && maxAge !== undefined) parts.push(`${minAge}–${maxAge} 岁`)
  else if (minAge !== undefined) parts.push(`${minAge} 岁以上`)
  else if (maxAge !== undefined) parts.push(`${maxAge} 岁以下`)
  return parts.length === 0 ? '所有人' : parts.join(' · ')
}

/** A service on the public list. */
export interface ServiceCard {
  _id: string
  title: string
  orgName: string
  status: ServiceStatus
  statusLabel: string
  categories: { code: string; label: string }[]
  eligibility: string
  /** The nearest location (to the person, or the first), for 导航. */
  location?: ServiceLocation
  distance?: string
  distanceM?: number
  /** '周六 9–11 点' (the current or next window), or '24 小时'. */
  nextOpen: string
  openNow: boolean
  placesLeft?: number
  amenities: string[]
}

/** The card of a service; `near` is the person's position, `placesLeft` what the function counted for this period. */
export function serviceCard(service: ServiceDoc, context: { orgName: string; now: number; near?: GeoPoint; placesLeft?: number }): ServiceCard {
  const closest = context.near ? nearest(context.near, service.locations) : undefined
  const location = closest?.place ?? service.locations[0]
  const allDay = isAroundTheClock(service.schedules)
  const next = nextInterval(weekIntervals(service.schedules), context.now)
  return {
    _id: service._id,
    title: service.title,
    orgName: context.orgName,
    status: service.status,
    statusLabel: SERVICE_STATUS_LABELS[service.status],
    categories: service.taxonomy.map((code) => ({ code, label: taxonomyLabel(code) })),
    eligibility: eligibilityText(service.eligibility),
    ...(location === undefined ? {} : { location }),
    ...(closest === undefined ? {} : { distance: formatDistance(closest.distanceM), distanceM: Math.round(closest.distanceM) }),
    nextOpen: allDay ? '24 小时' : next ? formatWeekInterval(next) : '时间待定',
    openNow: service.status === 'active' && isOpenAt(service.schedules, context.now),
    ...(context.placesLeft === undefined ? {} : { placesLeft: context.placesLeft }),
    amenities: service.amenities
  }
}
