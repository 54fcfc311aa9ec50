/**
 * The organizers' side of the 需求清单 (their own centres; admins all):
 *   recordNeed  a need heard on a visit (走访录入), checked at once (triaged); every likely duplicate among the centre's
 *               needs of the last 14 days is named. Requests: the caller, the centre's recent needs, 1 insert, audit.
 *   listNeeds   the centre's needs, newest first, without requester keys
 *   triageNeed  checked (category, urgency corrected) and into matching; the requester told
 *   mergeNeed   marked a duplicate of another need of a centre the caller manages
 *   closeNeed   resolved, or unresolved with why; open referrals cancelled, their providers told
 * Every write leaves an `audit` entry.
 */
import type {
  CloseNeedInput,
  ListNeedsInput,
  ListNeedsOutput,
  MergeNeedInput,
  OrganizerNeedOutput,
  RecordNeedInput,
  SubmitNeedOutput,
  TriageNeedInput
} from '@core/api/service'
import { DomainError } from '@core/api/result'
import {
  DUPLICATE_WINDOW_DAYS,
  findDuplicates,
  needNotices,
  OPEN_REFERRAL_STATUSES,
  organizerNeedView,
  referralNotices,
  type Actor,
  type NeedDoc,
  type ReferralDoc
} from '@core/matching'
import { DAY_MS } from '@core/time'
import { _, type ActionContext, audit, isDuplicateKeyError, queueMessages, requireShownTextsSafe, requireVenue, type Where } from '../_shared'
import { newNeed, needIdFor, visitNote } from './records'
import { freshNeedId, loadNeed, loadNeeds, openNeed, openNeedTokens, providersOf, sealNeed, store, type NeedContext } from './repo'
import { dataKeysOf } from './requester'
import { announce, cancelWhileOpen, CHANGED_MESSAGE, movedNeed, noticeDocs, writeNeed } from './steps'

type Ctx<I> = ActionContext<I, 'organizer'>

const NEED_NOT_FOUND = '没有找到这条需求'
const DEFAULT_PAGE = 20

export async function recordNeed(ctx: Ctx<RecordNeedInput>): Promise<SubmitNeedOutput> {
  const { input, now } = ctx
  requireVenue(ctx.user, input.venueId, 'venueId')
  const fixedId = input.clientId === undefined ? undefined : needIdFor(input.venueId, input.clientId)
  const keys = dataKeysOf('recordNeed')
  const [stored] = await Promise.all([
    store.findAll('needs', { venueId: input.venueId, createdAt: _.gte(now - DUPLICATE_WINDOW_DAYS * DAY_MS) }, {
      _id: true,
      category: true,
      sealed: true,
      tokens: true,
      requesterKey: true,
      createdAt: true,
      status: true
    }),
    requireShownTextsSafe([{ field: 'text', label: '需求描述', text: input.text }], ctx.openid)
  ])
  const earlier = stored.find((need) => need._id === fixedId)
  if (earlier) return { need: { _id: earlier._id, status: earlier.status }, duplicates: [], replayed: true }
  const recent = stored.map(({ sealed, tokens, ...need }) => ({ ...need, tokens: openNeedTokens(keys, { _id: need._id, sealed, tokens }) }))
  const draft = newNeed(input, { _id: fixedId ?? freshNeedId(), venueId: input.venueId, source: 'visit', group: input.group, by: 'organizer', note: visitNote(input), now })
  // Heard and checked by the organizer in one go: it goes straight into matching.
  const need = movedNeed(draft, { to: 'triaged', at: now, by: 'organizer' })
  let _id: string
  try {
    _id = await store.insert('needs', sealNeed(keys, need))
  } catch (err) {
    if (fixedId === undefined || !isDuplicateKeyError(err)) throw err
    const again = await store.get('needs', fixedId)
    if (!again) throw err
    return { need: { _id: again._id, status: again.status }, duplicates: [], replayed: true }
  }
  await audit(ctx, 'recordNeed', `needs/${_id}`, { category: input.category, visitPlace: input.visitPlace })
  return { need: { _id, status: need.status }, duplicates: findDuplicates(need, recent), replayed: false }
}

export async function listNeeds(ctx: Ctx<ListNeedsInput>): Promise<ListNeedsOutput> {
  const { venueId, status, category, offset = 0, limit = DEFAULT_PAGE } = ctx.input
  requireVenue(ctx.user, venueId, 'venueId')
  const where: Where = { venueId }
  if (status !== undefined) where.status = status
  if (category !== undefined) where.category = category
  const [total, items] = await Promise.all([
    store.count('needs', where),
    store.find('needs', where, { orderBy: ['createdAt', 'desc'], skip: offset, limit })
  ])
  const keys = items.length === 0 ? undefined : dataKeysOf('listNeeds')
  return { items: items.map((need) => organizerNeedView(openNeed(keys as NonNullable<typeof keys>, need))), total }
}

/** The need, loaded with its context, in a centre the caller manages. */
async function managedNeed(ctx: Ctx<{ needId: string }>): Promise<NeedContext> {
  const loaded = await loadNeed(ctx.input.needId)
  if (!loaded) throw new DomainError('NOT_FOUND', NEED_NOT_FOUND, 'needId')
  requireVenue(ctx.user, loaded.need.venueId, 'needId')
  return loaded
}

/** Tells the requester (if the need has one who can be messaged) of an organizer's move of their need. */
const tellRequester = (loaded: NeedContext, need: NeedDoc, now: number): Promise<number> =>
  announce(needNotices(need), { need, serviceTitle: '', recipients: { requester: loaded.requester ? [loaded.requester.openid] : [], provider: [], organizer: [] }, at: now }, `need-${need.status}`)

export async function triageNeed(ctx: Ctx<TriageNeedInput>): Promise<OrganizerNeedOutput> {
  const { input, now } = ctx
  const loaded = await managedNeed(ctx)
  const before = loaded.need
  const corrected: NeedDoc = {
    ...before,
    ...(input.category === undefined ? {} : { category: input.category }),
    ...(input.urgency === undefined ? {} : { urgency: input.urgency }),
    updatedAt: now
  }
  // A need already in matching can still have its category or urgency corrected; any other moves to triaged (or is refused).
  const inMatching = before.status === 'triaged' || before.status === 'matching'
  const need = inMatching ? corrected : movedNeed(corrected, { to: 'triaged', at: now, by: 'organizer' })
  if (!(await writeNeed(before, need))) throw new DomainError('CONFLICT', CHANGED_MESSAGE)
  if (need.status !== before.status) await tellRequester(loaded, need, now)
  await audit(ctx, 'triageNeed', `needs/${need._id}`, { category: need.category, urgency: need.urgency })
  return { need: organizerNeedView(need) }
}

export async function mergeNeed(ctx: Ctx<MergeNeedInput>): Promise<OrganizerNeedOutput> {
  const { input, now } = ctx
  const both = await loadNeeds([input.needId, input.intoNeedId])
  const loaded = both.find((entry) => entry.need._id === input.needId)
  const into = both.find((entry) => entry.need._id === input.intoNeedId)
  if (!loaded) throw new DomainError('NOT_FOUND', NEED_NOT_FOUND, 'needId')
  if (!into) throw new DomainError('NOT_FOUND', '要合并到的需求不存在', 'intoNeedId')
  requireVenue(ctx.user, loaded.need.venueId, 'needId')
  requireVenue(ctx.user, into.need.venueId, 'intoNeedId')
  if (into.need.status === 'duplicate' || into.need.status === 'withdrawn') {
    throw new DomainError('CONFLICT', '要合并到的需求已撤回或已合并，请选择另一条', 'intoNeedId')
  }
  const need = movedNeed(loaded.need, { to: 'duplicate', at: now, by: 'organizer', duplicateOf: into.need._id })
  if (!(await writeNeed(loaded.need, need))) throw new DomainError('CONFLICT', CHANGED_MESSAGE)
  await tellRequester(loaded, need, now)
  await audit(ctx, 'mergeNeed', `needs/${need._id}`, { intoNeedId: into.need._id })
  return { need: organizerNeedView(need) }
}

/**
 * Cancels the need's open referrals after the need itself closed (withdrawn, resolved, unresolved), each while it is
 * still open (a provider accepting one at the same moment does not keep it open, nor make the close fail half-way);
 * the providers of those already sent are told. Answers every referral of the need as now.
 */
export async function cancelOpenReferrals(loaded: NeedContext, need: NeedDoc, note: string, by: Actor, now: number): Promise<ReferralDoc[]> {
  const open = loaded.referrals.filter((referral) => OPEN_REFERRAL_STATUSES.includes(referral.status))
  if (open.length === 0) return loaded.referrals
  const cancelled = new Map<string, ReferralDoc>()
  for (const referral of open) {
    const next = await cancelWhileOpen(referral, note, by, now)
    if (next) cancelled.set(referral._id, next)
  }
  const told = open.filter((referral) => referral.status !== 'proposed' && cancelled.has(referral._id))
  if (told.length > 0) {
    const providers = await providersOf(told.map((referral) => referral.orgId))
    const docs = told.flatMap((referral) => {
      const title = loaded.services.find((service) => service._id === referral.serviceId)?.title ?? '服务'
      const provider = providers.filter((user) => user.orgIds?.includes(referral.orgId)).map((user) => user._id)
      const target = { need, serviceTitle: title, recipients: { requester: [], provider, organizer: [] }, at: now }
      return noticeDocs(referralNotices(cancelled.get(referral._id) as ReferralDoc, title), target, 'referral-cancelled')
    })
    await queueMessages(docs)
  }
  return loaded.referrals.map((referral) => cancelled.get(referral._id) ?? referral)
}

export async function closeNeed(ctx: Ctx<CloseNeedInput>): Promise<OrganizerNeedOutput> {
  const { input, now } = ctx
  const reason = input.reason?.trim()
  // The reason reaches the requester and the providers of its open referrals.
  const [loaded] = await Promise.all([managedNeed(ctx), requireShownTextsSafe([{ field: 'reason', label: '原因', text: reason }], ctx.openid)])
  const need = movedNeed(loaded.need, { to: input.outcome, at: now, by: 'organizer', ...(reason ? { note: reason } : {}) })
  if (!(await writeNeed(loaded.need, need))) throw new DomainError('CONFLICT', CHANGED_MESSAGE)
  await cancelOpenReferrals(loaded, need, input.outcome === 'resolved' ? '需求已解决' : `需求未能解决：${reason ?? ''}`, 'organizer', now)
  await tellRequester(loaded, need, now)
  await audit(ctx, 'closeNeed', `needs/${need._id}`, { outcome: input.outcome, ...(reason ? { reason } : {}) })
  return { need: organizerNeedView(need) }
}
