/**
 * Matching by the organizer, and the referrals it leads to (their own centres; admins all):
 *   match             a dry run over the centre's matchable needs (triaged, matching) against every active service
 *                     (services reach across centres through their areas): proposals with score and reasons, and the
 *                     needs left unmatched with why. Nothing is written. Requests: the caller, the needs, the active
 *                     services, their places used this period, the needs' referrals (services already tried).
 *   confirmProposals  referrals sent for the chosen pairs, each re-checked against the filters as things are now (a
 *                     need that moved on, a service that filled up is skipped with why). Requests for one pair: the
 *                     caller, the needs with their referrals and requesters, the services, places used, 1 insert,
 *                     1 need update, the sent referrals read again, 1 notification batch, audit — 9; one more
 *                     need update per further pair. The
 *                     referral is written before its need moves to referred; if the need moved on in between (another
 *                     organizer sent it elsewhere, it was closed or withdrawn), the referral is taken back and the
 *                     pair skipped with why, so a need never has two referrals sent at once nor one open once closed.
 *   listReferrals     the centre's referrals with their services' titles
 *   cancelReferral    an open referral cancelled; its need back to matching when nothing else is open for it
 *
 * A pending proposal (status `proposed`, written by the timer for organizers to confirm) does not count as tried: the
 * organizer may still choose another service. Confirming a pair sends its proposal (or a new referral) and drops the
 * need's other proposals, which were never sent to anyone.
 */
import type {
  CancelReferralInput,
  ConfirmProposalsInput,
  ConfirmProposalsOutput,
  ListReferralsInput,
  ListReferralsOutput,
  MatchInput,
  MatchOutput,
  ProposalView,
  ReferralSummary,
  ReferralSummaryOutput
} from '@core/api/service'
import { DomainError } from '@core/api/result'
import {
  actOnReferral,
  checkService,
  FILTER_LABELS,
  MATCHABLE_NEED_STATUSES,
  maskedNeedText,
  maskedNotes,
  maskIdentifiers,
  matchNeeds,
  NEED_STATUS_LABELS,
  prepareNeed,
  prepareServices,
  reasonLine,
  referralIdFor,
  referralNotices,
  REFERRAL_STATUS_LABELS,
  scorePair,
  type NeedDoc,
  type Proposal,
  type ReferralDoc,
  type ServiceDoc
} from '@core/matching'
import { taxonomyLabel } from '@core/survey'
import { hasRole, type UserDoc } from '@core/user'
import { _, type ActionContext, audit, isDuplicateKeyError, PAGE_SIZE, queueMessages, requireShownTextsSafe, requireVenue, type Where } from '../_shared'
import { loadNeeds, loadReferral, openNeed, placesUsed, store, type NeedContext, type StoredNeed } from './repo'
import { dataKeysOf } from './requester'
import { cancelWhileOpen, CHANGED_MESSAGE, followNeed, movedNeed, noticeDocs, orThrow, otherOpen, stepReferral, writeNeed } from './steps'

type Ctx<I> = ActionContext<I, 'organizer'>

/** Services already tried for each need (every referral but a pending proposal). */
export function triedBy(referrals: readonly Pick<ReferralDoc, 'needId' | 'serviceId' | 'status'>[]): Record<string, string[]> {
  const tried: Record<string, string[]> = {}
  for (const referral of referrals) {
    if (referral.status === 'proposed') continue
    ;(tried[referral.needId] ??= []).push(referral.serviceId)
  }
  return tried
}

/** The referrals of `needIds`, a page of ids at a time. One request per 1000 needs. */
export async function referralsOf(needIds: readonly string[]): Promise<Pick<ReferralDoc, '_id' | 'needId' | 'serviceId' | 'status'>[]> {
  const out: Pick<ReferralDoc, '_id' | 'needId' | 'serviceId' | 'status'>[] = []
  for (let i = 0; i < needIds.length; i += PAGE_SIZE) {
    const chunk = needIds.slice(i, i + PAGE_SIZE)
    out.push(...(await store.findAll('referrals', { needId: _.in(chunk) }, { _id: true, needId: true, serviceId: true, status: true })))
  }
  return out
}

/** Every active service, with its places used this period. */
export async function activeServices(now: number): Promise<{ services: ServiceDoc[]; used: Record<string, number> }> {
  const services = await store.findAll('services', { status: 'active' })
  return { services, used: await placesUsed(now, services) }
}

/** A proposal as the confirm screen shows it. */
function proposalView(proposal: Proposal, needs: ReadonlyMap<string, NeedDoc>, services: ReadonlyMap<string, ServiceDoc>): ProposalView {
  const need = needs.get(proposal.needId)
  return {
    ...proposal,
    needText: need ? maskedNeedText(need.category, need.text) : '',
    categoryLabel: need ? taxonomyLabel(need.category) : '',
    serviceTitle: services.get(proposal.serviceId)?.title ?? '',
    reasonLine: reasonLine(proposal.reasons)
  }
}

export async function match(ctx: Ctx<MatchInput>): Promise<MatchOutput> {
  const { venueId, needIds, topK } = ctx.input
  requireVenue(ctx.user, venueId, 'venueId')
  const where: Where = { venueId, status: _.in([...MATCHABLE_NEED_STATUSES]) }
  if (needIds !== undefined) where._id = _.in([...new Set(needIds)])
  const [stored, { services, used }] = await Promise.all([store.findAll('needs', where), activeServices(ctx.now)])
  const keys = stored.length === 0 ? undefined : dataKeysOf('match')
  const needs = stored.map((need) => openNeed(keys as NonNullable<typeof keys>, need))
  const tried = triedBy(await referralsOf(needs.map((need) => need._id)))
  const run = matchNeeds({ needs, services, used, tried, now: ctx.now, ...(topK === undefined ? {} : { topK }) })
  const byNeed = new Map(needs.map((need) => [need._id, need]))
  const byService = new Map(services.map((service) => [service._id, service]))
  return {
    proposals: run.proposals.map((proposal) => proposalView(proposal, byNeed, byService)),
    unmatched: run.unmatched,
    needs: run.needs,
    served: run.served,
    totalScore: run.totalScore
  }
}

/** A referral as organizers list it. */
export function referralSummary(referral: ReferralDoc, serviceTitle: string): ReferralSummary {
  const { requesterKey: _hidden, ...rest } = referral
  return {
    ...rest,
    // The requester's rating words and the notes are free text: what identifies a person is starred (core privacy.ts).
    history: maskedNotes(referral.history),
    ...(referral.comment === undefined ? {} : { comment: maskIdentifiers(referral.comment) }),
    serviceTitle,
    statusLabel: REFERRAL_STATUS_LABELS[referral.status]
  }
}

interface ServiceRow extends ServiceDoc {
  with_providers?: UserDoc[]
}

/** The services of `serviceIds` with the users providing for their organizations. One request. */
async function servicesWithProviders(serviceIds: readonly string[]): Promise<{ service: ServiceDoc; providers: string[] }[]> {
  const rows = await store.rows<ServiceRow>(
    store
      .aggregate('services')
      .match({ _id: _.in([...serviceIds]) })
      .lookup({ from: 'users', localField: 'orgId', foreignField: 'orgIds', as: 'with_providers' })
      .limit(serviceIds.length)
  )
  return rows.map(({ with_providers: users = [], ...service }) => ({
    service,
    providers: users.filter((user) => hasRole(user, 'provider')).map((user) => user._id)
  }))
}

type Skip = ConfirmProposalsOutput['skipped'][number]

export async function confirmProposals(ctx: Ctx<ConfirmProposalsInput>): Promise<ConfirmProposalsOutput> {
  const { venueId } = ctx.input
  const { now } = ctx
  requireVenue(ctx.user, venueId, 'venueId')
  const pairs = ctx.input.proposals
  const [needs, services] = await Promise.all([loadNeeds(pairs.map((p) => p.needId)), servicesWithProviders([...new Set(pairs.map((p) => p.serviceId))])])
  const used = await placesUsed(now, services.map((entry) => entry.service))
  const needById = new Map(needs.map((entry) => [entry.need._id, entry]))
  const serviceById = new Map(services.map((entry) => [entry.service._id, entry]))
  const skipped: Skip[] = []
  const chosen: { loaded: NeedContext; service: ServiceDoc; providers: string[]; referral: ReferralDoc; base: ReferralDoc; proposal?: ReferralDoc }[] = []
  const taken = new Set<string>()
  for (const { needId, serviceId } of pairs) {
    const skip = (reason: string) => skipped.push({ needId, serviceId, reason })
    const loaded = needById.get(needId)
    const entry = serviceById.get(serviceId)
    if (!loaded || loaded.need.venueId !== venueId) {
      skip('需求不存在或不属于这个服务中心')
      continue
    }
    if (!MATCHABLE_NEED_STATUSES.includes(loaded.need.status)) {
      skip(`需求现在是“${NEED_STATUS_LABELS[loaded.need.status]}”，不需要再转介`)
      continue
    }
    if (taken.has(needId)) {
      skip('同一条需求一次只转介给一个服务')
      continue
    }
    if (!entry) {
      skip('服务不存在')
      continue
    }
    const pool = prepareServices([entry.service], used)
    const prepared = prepareNeed(loaded.need, pool, triedBy(loaded.referrals)[needId] ?? [])
    const check = checkService(prepared, pool.services[0])
    if (!check.ok) {
      skip(`不能转介：${FILTER_LABELS[check.failed]}`)
      continue
    }
    const { score, reasons } = scorePair(prepared, pool.services[0], check.facts, pool, now)
    const _id = referralIdFor(needId, serviceId)
    const proposal = loaded.referrals.find((r) => r._id === _id && r.status === 'proposed')
    const base: ReferralDoc = proposal
      ? { ...proposal, score, reasons }
      : {
          _id,
          needId,
          serviceId,
          orgId: entry.service.orgId,
          venueId,
          ...(loaded.need.requesterKey === undefined ? {} : { requesterKey: loaded.need.requesterKey }),
          score,
          reasons,
          status: 'proposed',
          history: [{ to: 'proposed', at: now, by: 'organizer' }],
          createdAt: now,
          updatedAt: now
        }
    chosen.push({ loaded, service: entry.service, providers: entry.providers, referral: orThrow(actOnReferral(base, { type: 'send' }, 'organizer', now)), base, ...(proposal ? { proposal } : {}) })
    used[serviceId] = (used[serviceId] ?? 0) + 1
    taken.add(needId)
  }
  const sent = await writeSent(chosen.map(({ referral, proposal }) => ({ referral, proposal })), now)
  const docs = []
  const referrals: ReferralSummary[] = []
  for (const item of chosen) {
    if (!sent.has(item.referral._id)) {
      skipped.push({ needId: item.referral.needId, serviceId: item.referral.serviceId, reason: '刚刚已经转介过了' })
      continue
    }
    const need = await referNeed(item.loaded.need, now)
    if (!need) {
      await unsend(item.referral, item.base, item.proposal !== undefined, now)
      skipped.push({ needId: item.referral.needId, serviceId: item.referral.serviceId, reason: NEED_MOVED_ON })
      continue
    }
    for (const stale of item.loaded.referrals.filter((r) => r.status === 'proposed' && r._id !== item.referral._id)) await store.removeDoc('referrals', stale._id)
    const recipients = { requester: item.loaded.requester ? [item.loaded.requester.openid] : [], provider: item.providers, organizer: [] }
    docs.push(...noticeDocs(referralNotices(item.referral, item.service.title), { need, serviceTitle: item.service.title, recipients, at: now }, 'referral-sent'))
    referrals.push(referralSummary(item.referral, item.service.title))
  }
  await followProviders(referrals.map((r) => r._id), now)
  await queueMessages(docs)
  if (referrals.length > 0) await audit(ctx, 'confirmProposals', `venues/${venueId}`, { referrals: referrals.map((r) => r._id), skipped: skipped.length })
  return { referrals, skipped }
}

const NEED_MOVED_ON = '需求刚刚有了变化（已转介给别的服务或已结束），没有转介'

/** A need write that keeps losing races this often means something is wrong, not busy. */
const MAX_ATTEMPTS = 20

/**
 * The need of a referral just sent, moved to referred: conditional on its status, read again after a lost race (the
 * timer moving it to matching meanwhile is no reason to give up). Null when it no longer waits to be referred:
 * another organizer's send, a close or a withdrawal got there first — then the referral must not stand.
 */
async function referNeed(need: NeedDoc, now: number): Promise<NeedDoc | null> {
  let current: NeedDoc | null = need
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (!current || !MATCHABLE_NEED_STATUSES.includes(current.status)) return null
    const moved = movedNeed(current, { to: 'referred', at: now, by: 'organizer' })
    if (await writeNeed(current, moved)) return moved
    const stored: StoredNeed | null = await store.get('needs', current._id)
    current = stored && openNeed(dataKeysOf('confirmProposals'), stored)
  }
  throw new DomainError('CONFLICT', CHANGED_MESSAGE)
}

/**
 * Takes back a referral this call sent whose need could not follow (referNeed): back to what it was before — a pending
 * proposal, or nothing (the new document is removed once it is known nobody acted on it). If its provider already acted
 * on it in that instant, it is cancelled instead and its need follows. Nobody was told of it: its messages are queued
 * only after the need moved. One or two requests.
 */
async function unsend(sent: ReferralDoc, base: ReferralDoc, stored: boolean, now: number): Promise<void> {
  const { _id, ...before } = base
  if ((await store.update('referrals', { _id, status: sent.status }, { ...before, sentAt: _.remove(), updatedAt: now })) === 1) {
    if (!stored) await store.removeDoc('referrals', _id)
    return
  }
  const current = await store.get('referrals', _id)
  const cancelled = current && (await cancelWhileOpen(current, NEED_MOVED_ON, 'system', now))
  if (!cancelled) return
  const [need, siblings] = await Promise.all([store.get('needs', sent.needId), store.findAll('referrals', { needId: sent.needId })])
  if (need) await followNeed(openNeed(dataKeysOf('confirmProposals'), need), siblings, cancelled, 'system', now)
}

/**
 * The referrals just sent, read again after their needs moved to referred: a provider who acted on one before its
 * need moved found the need not yet referred, so its step could not move it (steps.ts behindSend); the need follows
 * here instead. One request (none when nothing was sent), plus the need's move for each that moved on.
 */
async function followProviders(referralIds: readonly string[], now: number): Promise<void> {
  if (referralIds.length === 0) return
  const current = await store.findAll('referrals', { _id: _.in([...referralIds]) })
  for (const referral of current.filter((r) => r.status !== 'sent')) {
    const [need, siblings] = await Promise.all([store.get('needs', referral.needId), store.findAll('referrals', { needId: referral.needId })])
    if (need) await followNeed(openNeed(dataKeysOf('confirmProposals'), need), siblings, referral, 'system', now)
  }
}

/**
 * Writes the referrals being sent: new ones in one batch (deterministic ids: a pair confirmed twice at once inserts
 * once), pending proposals by a conditional update each. Answers the ids actually written by this call.
 */
async function writeSent(items: readonly { referral: ReferralDoc; proposal?: ReferralDoc }[], now: number): Promise<Set<string>> {
  const written = new Set<string>()
  const fresh = items.filter((item) => !item.proposal).map((item) => item.referral)
  if (fresh.length > 0) {
    try {
      await store.insertMany('referrals', fresh)
      for (const referral of fresh) written.add(referral._id)
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err
      for (const referral of fresh) {
        try {
          await store.insert('referrals', referral)
          written.add(referral._id)
        } catch (e) {
          if (!isDuplicateKeyError(e)) throw e
        }
      }
    }
  }
  for (const { referral, proposal } of items) {
    if (!proposal) continue
    const { _id, ...rest } = referral
    if ((await store.update('referrals', { _id, status: 'proposed' }, { ...rest, updatedAt: now })) === 1) written.add(_id)
  }
  return written
}

const DEFAULT_PAGE = 20

interface ReferralRow extends ReferralDoc {
  with_service?: Pick<ServiceDoc, 'title'>[]
}

export async function listReferrals(ctx: Ctx<ListReferralsInput>): Promise<ListReferralsOutput> {
  const { venueId, status, offset = 0, limit = DEFAULT_PAGE } = ctx.input
  requireVenue(ctx.user, venueId, 'venueId')
  const where: Where = { venueId }
  if (status !== undefined) where.status = status
  const [total, rows] = await Promise.all([
    store.count('referrals', where),
    store.rows<ReferralRow>(
      store
        .aggregate('referrals')
        .match(where)
        .sort({ updatedAt: -1, _id: 1 })
        .skip(offset)
        .limit(limit)
        .lookup({ from: 'services', localField: 'serviceId', foreignField: '_id', as: 'with_service' })
    )
  ])
  return { items: rows.map(({ with_service: service = [], ...referral }) => referralSummary(referral, service[0]?.title ?? '服务')), total }
}

export async function cancelReferral(ctx: Ctx<CancelReferralInput>): Promise<ReferralSummaryOutput> {
  // The reason is read by the provider and the requester.
  const [loaded] = await Promise.all([
    loadReferral(ctx.input.referralId, ctx.openid),
    requireShownTextsSafe([{ field: 'reason', label: '取消原因', text: ctx.input.reason }], ctx.openid)
  ])
  if (!loaded) throw new DomainError('NOT_FOUND', '没有找到这条转介', 'referralId')
  requireVenue(ctx.user, loaded.referral.venueId, 'referralId')
  const wasSent = loaded.referral.status !== 'proposed'
  // A proposal nobody was told of needs no message: only the referral and its need change.
  const context = wasSent ? loaded : { ...loaded, requester: null, providers: [], organizers: [] }
  const stepped = await stepReferral(context, { type: 'cancel', note: ctx.input.reason }, 'organizer', ctx.now)
  await audit(ctx, 'cancelReferral', `referrals/${stepped.referral._id}`, { reason: ctx.input.reason, open: otherOpen(stepped.siblings, stepped.referral) })
  return { referral: referralSummary(stepped.referral, loaded.service?.title ?? '服务') }
}
