/**
 * The requester's side of the 需求清单 (a signed-in person; identity only from getWXContext):
 *   suggestCategory  the categories the words point at, for the submit form (no database)
 *   submitNeed       a need of their own; likely repeats of their own recent needs are named (warn and link) and the
 *                    need is saved all the same — organizers merge. Requests: 3 reads at once (profile, own needs of
 *                    the last 14 days, centres) + 1 insert, and 1 more the first time (whom the key stands for); with
 *                    需求进度 accepted on the tap, 1 more to count it (2 the first time: consents.ts). A retried
 *                    filling (same clientId) is answered from the first read: nothing written, nothing counted.
 *   myNeeds          我的需求: needs with their referrals and services, 1 request
 *   withdrawNeed     the need and its open referrals cancelled; the providers told
 *   rateReferral     after the provider completed it
 */
import type {
  MyNeedOutput,
  MyNeedsOutput,
  RateReferralInput,
  SubmitNeedInput,
  SubmitNeedOutput,
  SuggestCategoryInput,
  SuggestCategoryOutput,
  WithdrawNeedInput
} from '@core/api/service'
import { DomainError } from '@core/api/result'
import { USER_GROUPS, type UserGroup } from '@core/api/user'
import type { Venue } from '@core/api/venue'
import {
  DUPLICATE_WINDOW_DAYS,
  findDuplicates,
  myNeedView,
  nearest,
  normalizeTokens,
  suggestCategories,
  type NeedDoc,
  type ReferralDoc,
  type ServiceDoc
} from '@core/matching'
import { DAY_MS } from '@core/time'
import type { UserDoc } from '@core/user'
import { _, isDuplicateKeyError, requireShownTextsSafe, type ActionContext } from '../_shared'
import { recordAcceptances } from './consents'
import { newNeed, needIdFor } from './records'
import { freshNeedId, loadNeed, loadReferral, openNeed, sealNeed, store, type StoredNeed } from './repo'
import { dataKeysOf, requesterKeyFor, requesterKeyOf } from './requester'
import { segment } from './segment'
import { cancelOpenReferrals } from './organize'
import { movedNeed, stepReferral, writeNeed } from './steps'

type Ctx<I> = ActionContext<I, 'user'>

export const NEED_NOT_FOUND = '没有找到这条需求'

export function suggestCategory(ctx: Ctx<SuggestCategoryInput>): Promise<SuggestCategoryOutput> {
  return Promise.resolve({ suggestions: suggestCategories(normalizeTokens(segment(ctx.input.text))) })
}

/** A profile's group as a need records it. */
export const groupOf = (user: Pick<UserDoc, 'group'> | null): UserGroup | 'unknown' =>
  user && (USER_GROUPS as readonly string[]).includes(user.group) ? (user.group as UserGroup) : 'unknown'

/** The centre a need goes to: the one asked for, else the nearest to the point given, else the one in the person's street. */
function centreFor(input: SubmitNeedInput, user: UserDoc | null, venues: readonly Pick<Venue, '_id' | 'street' | 'lat' | 'lng'>[]): string {
  if (input.venueId !== undefined) {
    if (!venues.some((venue) => venue._id === input.venueId)) throw new DomainError('NOT_FOUND', '没有这个服务中心', 'venueId')
    return input.venueId
  }
  const near = input.location ? nearest(input.location, venues) : undefined
  if (near) return near.place._id
  const street = venues.find((venue) => user?.community && venue.street && user.community.includes(venue.street))
  if (street) return street._id
  throw new DomainError('INVALID_INPUT', '请选择要提交到的服务中心', 'venueId')
}

const replayed = (need: Pick<NeedDoc, '_id' | 'status'>): SubmitNeedOutput => ({ need: { _id: need._id, status: need.status }, duplicates: [], replayed: true })

export async function submitNeed(ctx: Ctx<SubmitNeedInput>): Promise<SubmitNeedOutput> {
  const { input, openid, now } = ctx
  const keys = dataKeysOf('submitNeed')
  const key = requesterKeyFor(keys, openid)
  const fixedId = input.clientId === undefined ? undefined : needIdFor(key, input.clientId)
  const [user, stored, venues] = await Promise.all([
    store.get('users', openid),
    store.find('needs', { requesterKey: key, createdAt: _.gte(now - DUPLICATE_WINDOW_DAYS * DAY_MS) }, { limit: 100, orderBy: ['createdAt', 'desc'] }),
    store.findAll('venues', {}, { _id: true, street: true, lat: true, lng: true })
  ])
  const earlier = stored.find((need) => need._id === fixedId)
  if (earlier) return replayed(earlier)
  const own = stored.map((need) => openNeed(keys, need))
  const venueId = centreFor(input, user, venues)
  await requireShownTextsSafe([{ field: 'text', label: '需求描述', text: input.text }], openid)
  const need = newNeed(input, { _id: fixedId ?? freshNeedId(), venueId, source: 'self', requesterKey: key, group: groupOf(user), by: 'requester', now })
  const duplicates = findDuplicates(need, own)
  // Whom the key stands for is stored before the first need that names it, so a need is never without a way to reach its requester.
  if (own.length === 0) await store.setDoc('requesters', key, { openid, updatedAt: now })
  let _id: string
  try {
    _id = await store.insert('needs', sealNeed(keys, need))
  } catch (err) {
    if (fixedId === undefined || !isDuplicateKeyError(err)) throw err
    const stored = await store.get('needs', fixedId)
    if (!stored || stored.requesterKey !== key) throw new DomainError('CONFLICT', '提交编号已被使用，请刷新页面后重新填写', 'clientId')
    return replayed(stored)
  }
  if (input.subscribe && input.subscribe.length > 0) await recordAcceptances(openid, input.subscribe, now)
  return { need: { _id, status: need.status }, duplicates, replayed: false }
}

interface Row extends StoredNeed {
  with_referrals?: ReferralDoc[]
  with_services?: ServiceDoc[]
}

/** A need as its requester sees it, with its referrals (oldest first) and their services' titles. */
export function requesterView(need: NeedDoc, referrals: readonly ReferralDoc[], services: readonly Pick<ServiceDoc, '_id' | 'title'>[]) {
  const titles = new Map(services.map((service) => [service._id, service.title]))
  const sorted = [...referrals].sort((a, b) => a.createdAt - b.createdAt)
  return myNeedView(need, sorted.map((referral) => ({ referral, serviceTitle: titles.get(referral.serviceId) ?? '服务' })))
}

/** Needs shown in 我的需求 at most (newest first). */
const MY_NEEDS_MAX = 100

export async function myNeeds(ctx: Ctx<Record<string, never>>): Promise<MyNeedsOutput> {
  const keys = dataKeysOf('myNeeds')
  const key = requesterKeyFor(keys, ctx.openid)
  const rows = await store.rows<Row>(
    store
      .aggregate('needs')
      .match({ requesterKey: key })
      .sort({ createdAt: -1 })
      .limit(MY_NEEDS_MAX)
      .lookup({ from: 'referrals', localField: '_id', foreignField: 'needId', as: 'with_referrals' })
      .lookup({ from: 'services', localField: 'with_referrals.serviceId', foreignField: '_id', as: 'with_services' })
  )
  return {
    items: rows.map(({ with_referrals: referrals = [], with_services: services = [], ...need }) => requesterView(openNeed(keys, need), referrals, services))
  }
}

export async function withdrawNeed(ctx: Ctx<WithdrawNeedInput>): Promise<MyNeedOutput> {
  const { input, now } = ctx
  const key = requesterKeyOf(ctx.openid, 'withdrawNeed')
  const loaded = await loadNeed(input.needId)
  if (!loaded || loaded.need.requesterKey !== key) throw new DomainError('NOT_FOUND', NEED_NOT_FOUND, 'needId')
  const reason = input.reason?.trim()
  // The reason is read by the centre's organizers and the providers of its open referrals.
  await requireShownTextsSafe([{ field: 'reason', label: '撤回原因', text: reason }], ctx.openid)
  const withdrawn = movedNeed(loaded.need, { to: 'withdrawn', at: now, by: 'requester', ...(reason ? { note: reason } : {}) })
  if (!(await writeNeed(loaded.need, withdrawn))) throw new DomainError('CONFLICT', '这条需求刚刚有了变化，请刷新后再试')
  const referrals = await cancelOpenReferrals(loaded, withdrawn, '本人撤回了需求', 'requester', now)
  return { need: requesterView(withdrawn, referrals, loaded.services) }
}

export async function rateReferral(ctx: Ctx<RateReferralInput>): Promise<MyNeedOutput> {
  const { input, now } = ctx
  const key = requesterKeyOf(ctx.openid, 'rateReferral')
  const loaded = await loadReferral(input.referralId, ctx.openid)
  if (!loaded || loaded.referral.requesterKey !== key) throw new DomainError('NOT_FOUND', '没有找到这条转介', 'referralId')
  await requireShownTextsSafe([{ field: 'comment', label: '评价', text: input.comment }], ctx.openid)
  const stepped = await stepReferral(loaded, { type: 'rate', rating: input.rating, ...(input.comment ? { comment: input.comment } : {}) }, 'requester', now)
  return { need: requesterView(stepped.need, stepped.siblings, loaded.services) }
}
