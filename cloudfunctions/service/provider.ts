/**
 * The provider's side of the closed loop (role provider, acting for the organizations in its `orgIds`): only referrals
 * sent to those organizations, and of the requester only what they consented to share (core views:
 * providerReferralView — the need always, a name only with `consent.shareContact`, the location as stored).
 *   myReferrals       2 requests: the caller, and the referrals with their needs, services and (for the consent
 *                     check) requesters in one aggregate
 *   acceptReferral    4 requests: the referral with everything the step reads, the referral, the need, the messages
 *   declineReferral   the need goes back to matching without this service (it counts as tried)
 *   scheduleReferral  an appointment (again, to change it)
 *   completeReferral  helped → need resolved; not helped → back to matching
 */
import type {
  AcceptReferralInput,
  CompleteReferralInput,
  DeclineReferralInput,
  MyReferralsInput,
  MyReferralsOutput,
  ProviderReferralOutput,
  ScheduleReferralInput
} from '@core/api/service'
import { DomainError } from '@core/api/result'
import { providerReferralView, type ReferralAction, type ReferralDoc, type ServiceDoc } from '@core/matching'
import type { UserDoc } from '@core/user'
import { _, requireShownTextsSafe, type ActionContext, type ShownText, type Where } from '../_shared'
import { providedOrgs, requireProvider } from './access'
import { loadReferral, openNeed, store, type RequesterDoc, type StoredNeed } from './repo'
import { dataKeysOf } from './requester'
import { stepReferral } from './steps'

type Ctx<I> = ActionContext<I, 'user'>

/** Referrals a provider's list shows at most (most recently changed first). */
const LIST_MAX = 100

/** What a provider may know of the person: their name, only when they consented (the view drops it otherwise). */
const contactOf = (user: Pick<UserDoc, 'nickname'> | null | undefined) => (user?.nickname ? { name: user.nickname } : undefined)

interface Row extends ReferralDoc {
  with_need?: StoredNeed[]
  with_service?: Pick<ServiceDoc, 'title'>[]
  with_requester?: RequesterDoc[]
  with_requesterUser?: UserDoc[]
}

export async function myReferrals(ctx: Ctx<MyReferralsInput>): Promise<MyReferralsOutput> {
  const orgs = providedOrgs(await store.get('users', ctx.openid))
  // A proposal is the centre's working state: the provider sees a referral once it is sent.
  if (ctx.input.status === 'proposed') return { items: [] }
  const where: Where = { orgId: _.in(orgs), status: ctx.input.status ?? _.neq('proposed') }
  const rows = await store.rows<Row>(
    store
      .aggregate('referrals')
      .match(where)
      .sort({ updatedAt: -1, _id: 1 })
      .limit(LIST_MAX)
      .lookup({ from: 'needs', localField: 'needId', foreignField: '_id', as: 'with_need' })
      .lookup({ from: 'services', localField: 'serviceId', foreignField: '_id', as: 'with_service' })
      .lookup({ from: 'requesters', localField: 'requesterKey', foreignField: '_id', as: 'with_requester' })
      .lookup({ from: 'users', localField: 'with_requester.openid', foreignField: '_id', as: 'with_requesterUser' })
  )
  const keys = rows.length === 0 ? undefined : dataKeysOf('myReferrals')
  const items = rows.flatMap(({ with_need: stored = [], with_service: service = [], with_requester: _key, with_requesterUser: person = [], ...referral }) => {
    if (!stored[0]) return []
    const need = openNeed(keys as NonNullable<typeof keys>, stored[0])
    return [providerReferralView(referral, need, service[0]?.title ?? '服务', need.consent.shareContact ? contactOf(person[0]) : undefined)]
  })
  return { items }
}

/** One provider step on a referral of the caller's organization; the words it adds are read by others, so checked. */
async function providerStep(ctx: Ctx<{ referralId: string }>, action: ReferralAction, words: readonly ShownText[] = []): Promise<ProviderReferralOutput> {
  const [loaded] = await Promise.all([loadReferral(ctx.input.referralId, ctx.openid), requireShownTextsSafe(words, ctx.openid)])
  if (!loaded) throw new DomainError('NOT_FOUND', '没有找到这条转介', 'referralId')
  requireProvider(loaded.caller, loaded.referral.orgId)
  if (loaded.referral.status === 'proposed') throw new DomainError('NOT_FOUND', '没有找到这条转介', 'referralId')
  const { referral, need } = await stepReferral(loaded, action, 'provider', ctx.now)
  const contact = need.consent.shareContact ? contactOf(loaded.requesterUser) : undefined
  return { referral: providerReferralView(referral, need, loaded.service?.title ?? '服务', contact) }
}

export const acceptReferral = (ctx: Ctx<AcceptReferralInput>) => providerStep(ctx, { type: 'accept' })

export const declineReferral = (ctx: Ctx<DeclineReferralInput>) =>
  providerStep(ctx, { type: 'decline', reason: ctx.input.reason, ...(ctx.input.note ? { note: ctx.input.note } : {}) }, [{ field: 'note', label: '说明', text: ctx.input.note }])

export const scheduleReferral = (ctx: Ctx<ScheduleReferralInput>) =>
  providerStep(ctx, { type: 'schedule', scheduledAt: ctx.input.scheduledAt, ...(ctx.input.place ? { place: ctx.input.place } : {}) }, [{ field: 'place', label: '见面地点', text: ctx.input.place }])

export const completeReferral = (ctx: Ctx<CompleteReferralInput>) =>
  providerStep(ctx, { type: 'complete', outcome: ctx.input.outcome, ...(ctx.input.note ? { note: ctx.input.note } : {}) }, [{ field: 'note', label: '说明', text: ctx.input.note }])
