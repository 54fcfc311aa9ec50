/**
 * The service function's timer (trigger `everyQuarterHour` in config.json), two steps in order, each in its own
 * try/catch and time budget (the course timer's runner), each idempotent:
 *
 *   1. import   questionnaire answers become needs: a self-filled answer whose 需求 entry an organizer approved in the
 *               list review (survey reviewDecide) in the last IMPORT_DAYS, and which the person described in their own
 *               words, becomes the respondent's need — source 问卷, status submitted, so it shows in their 我的需求 and
 *               an organizer decides (triageNeed) whether it goes into matching. A ticked option alone ("充电") stays
 *               the list item's demand (the design board's rows and the needItems figure): it says what many people
 *               want, not a case someone could act on. Answers entered on a visit stay demand too: nobody could follow
 *               such a need up in the app, and an organizer who wants to records it with recordNeed. Ids are derived
 *               from the entry, so a run that overlaps another imports once.
 *   2. propose  a matching run over every matchable need of every centre without a pending proposal, against every
 *               active service; each proposal is written as a referral in status `proposed` for the centre's
 *               organizers to confirm (listReferrals {status: 'proposed'} → confirmProposals). Nothing is sent to a
 *               provider automatically: a referral shares a person's need with an organization, so a person at the
 *               centre confirms each one. Pending proposals hold their service's places for later runs.
 *
 * Messages are not sent here: the course timer's sender sends the whole notification queue every minute.
 */
import type { NeedDoc, ReferralDoc } from '@core/matching'
import { matchNeeds, referralIdFor } from '@core/matching'
import type { EntryDoc } from '@core/survey'
import { DAY_MS } from '@core/time'
import { _, isDuplicateKeyError, PAGE_SIZE } from '../_shared'
import { runSteps, type Budget } from '../courseTimer/runner'
import { activeServices, referralsOf, triedBy } from './matching'
import { newNeed, surveyNeedIdFor } from './records'
import { openNeed, sealNeed, store, type RequesterDoc, type ServiceCollections } from './repo'
import { dataKeysOf, requesterKeyOf } from './requester'

/** How far back approved answers are looked for (the timer runs every 15 minutes; this rides out a long outage). */
export const IMPORT_DAYS = 3

const STEP_BUDGET_MS = { import: 20_000, propose: 30_000 } as const
type StepName = keyof typeof STEP_BUDGET_MS

export interface ServiceTimerReport {
  imported: number
  proposed: number
  stepsFailed: StepName[]
}

/** Inserts documents with fixed ids once: those already there are skipped. Answers how many were new. */
async function insertOnce<K extends keyof ServiceCollections>(name: K, docs: readonly ServiceCollections[K][]): Promise<number> {
  let added = 0
  for (let i = 0; i < docs.length; i += PAGE_SIZE) {
    const chunk = docs.slice(i, i + PAGE_SIZE)
    const stored = new Set((await store.findAll(name, { _id: _.in(chunk.map((doc) => doc._id)) }, { _id: true })).map((doc) => doc._id))
    const fresh = chunk.filter((doc) => !stored.has(doc._id))
    if (fresh.length === 0) continue
    try {
      await store.insertMany(name, fresh)
      added += fresh.length
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err
      for (const doc of fresh) {
        try {
          await store.insert(name, doc)
          added++
        } catch (e) {
          if (!isDuplicateKeyError(e)) throw e
        }
      }
    }
  }
  return added
}

/** What the person wrote under an entry (empty when they only ticked options). */
const writtenText = (entry: EntryDoc): string =>
  entry.sources
    .map((source) => source.text?.trim() ?? '')
    .filter((text) => text !== '')
    .join('；')

/** Step 1: approved, self-filled and self-described 需求 entries of the last IMPORT_DAYS become their respondents' needs. */
export async function importSurveyNeeds(now: number, budget: Budget): Promise<number> {
  const approved = await store.findAll('listEntries', { status: 'approved', list: 'need', channel: 'self', decidedAt: _.gte(now - IMPORT_DAYS * DAY_MS) })
  const entries = approved.filter((entry) => writtenText(entry) !== '')
  if (entries.length === 0) return 0
  const known = new Set<string>()
  for (let i = 0; i < entries.length; i += PAGE_SIZE) {
    const ids = entries.slice(i, i + PAGE_SIZE).map((entry) => surveyNeedIdFor(entry._id))
    for (const need of await store.findAll('needs', { _id: _.in(ids) }, { _id: true })) known.add(need._id)
  }
  const pending = entries.filter((entry) => !known.has(surveyNeedIdFor(entry._id)))
  if (pending.length === 0 || budget.spent()) return 0
  const openids = new Map<string, string>()
  for (let i = 0; i < pending.length; i += PAGE_SIZE) {
    const ids = [...new Set(pending.slice(i, i + PAGE_SIZE).map((entry) => entry.responseId))]
    for (const response of await store.findAll('responses', { _id: _.in(ids) }, { _id: true, openid: true })) if (response.openid) openids.set(response._id, response.openid)
  }
  const needs: NeedDoc[] = []
  const requesters = new Map<string, RequesterDoc>()
  for (const entry of pending) {
    const openid = openids.get(entry.responseId)
    if (openid === undefined) continue
    const key = requesterKeyOf(openid, 'timer')
    requesters.set(key, { _id: key, openid, updatedAt: now })
    const _id = surveyNeedIdFor(entry._id)
    const fields = { category: entry.code, text: writtenText(entry) }
    needs.push(newNeed(fields, { _id, venueId: entry.venueId, source: 'survey', requesterKey: key, group: entry.group, by: 'system', note: '来自问卷', ...(entry.itemId ? { sourceRef: entry.itemId } : {}), now }))
  }
  await insertOnce('requesters', [...requesters.values()])
  const keys = dataKeysOf('timer')
  return insertOnce('needs', needs.map((need) => sealNeed(keys, need)))
}

/** Step 2: proposals for every matchable need without one, written for organizers to confirm. */
export async function propose(now: number): Promise<number> {
  const stored = await store.findAll('needs', { status: _.in(['triaged', 'matching']) })
  if (stored.length === 0) return 0
  const keys = dataKeysOf('timer')
  const needs = stored.map((need) => openNeed(keys, need))
  const [{ services, used }, referrals] = await Promise.all([activeServices(now), referralsOf(needs.map((need) => need._id))])
  const waiting = new Set(referrals.filter((r) => r.status === 'proposed').map((r) => r.needId))
  // A pending proposal holds its place until an organizer confirms or drops it.
  for (const r of referrals) if (r.status === 'proposed') used[r.serviceId] = (used[r.serviceId] ?? 0) + 1
  const run = matchNeeds({ needs: needs.filter((need) => !waiting.has(need._id)), services, used, tried: triedBy(referrals), now })
  const byNeed = new Map(needs.map((need) => [need._id, need]))
  const byService = new Map(services.map((service) => [service._id, service]))
  const proposals: ReferralDoc[] = run.proposals.flatMap((proposal) => {
    const need = byNeed.get(proposal.needId)
    const service = byService.get(proposal.serviceId)
    if (!need || !service) return []
    return [
      {
        _id: referralIdFor(need._id, service._id),
        needId: need._id,
        serviceId: service._id,
        orgId: service.orgId,
        venueId: need.venueId,
        ...(need.requesterKey === undefined ? {} : { requesterKey: need.requesterKey }),
        score: proposal.score,
        reasons: proposal.reasons,
        status: 'proposed',
        history: [{ to: 'proposed', at: now, by: 'system' }],
        createdAt: now,
        updatedAt: now
      }
    ]
  })
  return insertOnce('referrals', proposals)
}

export async function runServiceTimer(now: number): Promise<ServiceTimerReport> {
  const { results, failed } = await runSteps<Partial<ServiceTimerReport>, StepName>([
    { name: 'import', budgetMs: STEP_BUDGET_MS.import, run: async (budget) => ({ imported: await importSurveyNeeds(now, budget) }) },
    { name: 'propose', budgetMs: STEP_BUDGET_MS.propose, run: async () => ({ proposed: await propose(now) }) }
  ])
  return { imported: 0, proposed: 0, ...results.reduce((all, result) => ({ ...all, ...result }), {}), stepsFailed: failed }
}
