/**
 * The centre's figures (the organizer dashboard and the public board): pure reducers over rows that aggregate
 * pipelines return, so no figure ever loads a collection. The function runs, per centre (or for all centres):
 *
 *   needs       match {status ≠ duplicate} → group {_id: {category, status}, count: sum(1)}          → NeedCountRow
 *   needItems   the 需求清单's items: distinct (centre, code) among approved list items (survey review) and
 *               needs not withdrawn or merged — what the design board lists as rows                 → number
 *   services    group {_id: '$status', count: sum(1)}                                                  → StatusCountRow
 *   resources   match {retired: false} → count                                                          → number
 *   held        sessions that took place: match {status: 'scheduled', endAt < now, attended > 0} → count → number
 *   served      match {status: 'resolved'} → group {_id: {group, requesterKey}} → group {_id: '$_id.group', count}
 *   referrals   group {_id: {status, declineReason}, count: sum(1)}                                      → ReferralCountRow
 *   durations   match {firstReferredAt exists} → project {d: firstReferredAt − createdAt} →
 *               bucket {groupBy: '$d', boundaries: DURATION_BOUNDARIES_MS, default: 'longer'}  (likewise closedAt −
 *               createdAt for resolved needs)                                                           → DurationBucket
 *
 * Medians come from the buckets (linear inside the bucket holding the middle case): exact enough for "about 2 天",
 * and a pipeline can compute them at any size.
 *
 * The public board suppresses small cells: a breakdown count from 1 to 4 is hidden (null), and when exactly one cell
 * of a breakdown would be hidden, the next smallest is hidden too, since the shown total would give it away. The five
 * headline numbers (needs, resources, services, needsSolved, activitiesHeld) count list items and sessions, not
 * people, and are always shown; a median or rate resting on fewer than SMALL_CELL cases is hidden.
 *
 * `needs` counts individual needs (a person's, a visit's, a questionnaire answer's); `needItems` counts the kinds of
 * need on the centre's list, which is what "27 个需求清单" means beside "35 个需求得到解决" (items, and the people's
 * needs solved under them).
 *
 * A centre's page shows only what the centre has done (needs solved, activities held) beside the figures it published:
 * `centreOutcomes` computes those two from needs counted by status and the sessions held, and the dashboard takes them
 * from the same function, so a page and its board never disagree.
 */
import { RESPONDENT_GROUP_LABELS, RESPONDENT_GROUPS, type RespondentGroup } from '../survey/respondent'
import { SMALL_CELL, type Count } from '../survey/results'
import { rootOf, TAXONOMY, taxonomyLabel } from '../survey/taxonomy'
import { HOUR_MS } from '../time'
import {
  LISTED_SERVICE_STATUSES,
  NEED_STATUSES,
  NEED_STATUS_LABELS,
  type DeclineReason,
  type NeedStatus,
  type ReferralStatus,
  type ServiceStatus
} from './model'

export { SMALL_CELL }
export type { Count }

export interface NeedCountRow {
  category: string
  status: NeedStatus
  count: number
}

export interface StatusCountRow {
  status: ServiceStatus
  count: number
}

/** Needs counted by status; finer rows (by category and status) count the same. */
export interface NeedStatusCountRow {
  status: NeedStatus
  count: number
}

export interface GroupCountRow {
  group: RespondentGroup
  count: number
}

export interface ReferralCountRow {
  status: ReferralStatus
  declineReason?: DeclineReason
  count: number
}

/** `from` is the bucket's lower bound in ms (a boundary); the bucket past the last boundary has `from` = the last. */
export interface DurationBucket {
  from: number
  count: number
}

/** Bucket boundaries for durations: 0, 1 h, 2 h, 4 h, 8 h, 12 h, 1 d, 2 d, 3 d, 5 d, 7 d, 14 d, 30 d, 60 d. */
export const DURATION_BOUNDARIES_MS: readonly number[] = [0, 1, 2, 4, 8, 12, 24, 48, 72, 120, 168, 336, 720, 1440].map((h) => h * HOUR_MS)

export interface FigureRows {
  needs: readonly NeedCountRow[]
  /** Items on the 需求清单; default the distinct categories among `needs` rows that are not withdrawn. */
  needItems?: number
  services: readonly StatusCountRow[]
  resources: number
  activitiesHeld: number
  served: readonly GroupCountRow[]
  referrals: readonly ReferralCountRow[]
  toFirstReferral: readonly DurationBucket[]
  toResolution: readonly DurationBucket[]
}

/** What a centre's outcomes are computed from: a page needs only these two pipelines. */
export interface OutcomeRows {
  needs: readonly NeedStatusCountRow[]
  activitiesHeld: number
}

/** What a centre has done: people's needs resolved and sessions that took place. Counts, never suppressed. */
export interface CentreOutcomes {
  needsSolved: number
  activitiesHeld: number
}

export interface Breakdown<K extends string> {
  key: K
  label: string
  count: Count
}

export interface CentreFigures extends CentreOutcomes {
  /** Individual needs (duplicates merged away). */
  needs: number
  /** Kinds of need on the 需求清单 (the design board's rows). */
  needItems: number
  resources: number
  /** Services on the public list (active or paused). */
  services: number
  /** By first-level category, most first. */
  needsByCategory: Breakdown<string>[]
  /** In status order. */
  needsByStatus: Breakdown<NeedStatus>[]
  /** Distinct people whose need was resolved, by group, most first. */
  peopleServed: Breakdown<RespondentGroup>[]
  peopleServedTotal: Count
  /** Hours, one decimal; null without data (or hidden). */
  medianHoursToFirstReferral: number | null
  medianHoursToResolution: number | null
  /** Share of answered referrals the provider accepted, 0–1 (two decimals); null without answers (or hidden). */
  acceptanceRate: number | null
  /** Share of answered referrals declined for 名额已满. */
  noCapacityRate: number | null
  /** Small cells are hidden (the public board). */
  suppressed: boolean
}

/** Referral statuses that mean the provider accepted at some point. */
const ACCEPTED: readonly ReferralStatus[] = ['accepted', 'scheduled', 'completed', 'rated']

/**
 * Primary and secondary suppression of one breakdown whose total is shown: 1..threshold−1 hidden; if exactly one is
 * hidden, the smallest other positive count is hidden too.
 */
export function suppressBreakdown(counts: readonly number[], threshold = SMALL_CELL): Count[] {
  const hidden = counts.map((count) => count > 0 && count < threshold)
  if (hidden.filter(Boolean).length === 1) {
    let smallest = -1
    counts.forEach((count, i) => {
      if (!hidden[i] && count > 0 && (smallest < 0 || count < counts[smallest])) smallest = i
    })
    if (smallest >= 0) hidden[smallest] = true
  }
  return counts.map((count, i) => (hidden[i] ? null : count))
}

/** The median of bucketed durations in hours (one decimal), or null when there are none. */
export function medianHours(buckets: readonly DurationBucket[]): number | null {
  const sorted = [...buckets].filter((b) => b.count > 0).sort((a, b) => a.from - b.from)
  const total = sorted.reduce((sum, b) => sum + b.count, 0)
  if (total === 0) return null
  const half = total / 2
  let before = 0
  for (const bucket of sorted) {
    if (before + bucket.count >= half) {
      const next = DURATION_BOUNDARIES_MS.find((boundary) => boundary > bucket.from)
      const ms = next === undefined ? bucket.from : bucket.from + ((half - before) / bucket.count) * (next - bucket.from)
      return Math.round((ms / HOUR_MS) * 10) / 10
    }
    before += bucket.count
  }
  return null
}

const share = (part: number, whole: number): number | null => (whole === 0 ? null : Math.round((part / whole) * 100) / 100)

function breakdown<K extends string>(entries: readonly { key: K; label: string; count: number }[], suppress: boolean): Breakdown<K>[] {
  const counts = suppress ? suppressBreakdown(entries.map((e) => e.count)) : entries.map((e) => e.count)
  return entries.map((entry, i) => ({ key: entry.key, label: entry.label, count: counts[i] }))
}

/** A centre's outcomes (all centres' with rows of all). */
export function centreOutcomes(rows: OutcomeRows): CentreOutcomes {
  return {
    needsSolved: rows.needs.reduce((sum, row) => (row.status === 'resolved' ? sum + row.count : sum), 0),
    activitiesHeld: rows.activitiesHeld
  }
}

/** The figures from the pipelines' rows; `suppress` for anything shown beyond organizers. */
export function centreFigures(rows: FigureRows, { suppress }: { suppress: boolean }): CentreFigures {
  const byRoot = new Map<string, number>()
  const byStatus = new Map<NeedStatus, number>()
  let needs = 0
  for (const row of rows.needs) {
    if (row.status === 'duplicate') continue
    needs += row.count
    const root = rootOf(row.category) ?? row.category
    byRoot.set(root, (byRoot.get(root) ?? 0) + row.count)
    byStatus.set(row.status, (byStatus.get(row.status) ?? 0) + row.count)
  }
  const categoryOrder = TAXONOMY.map((entry) => entry.code)
  const categories = [...byRoot.entries()]
    .sort((a, b) => b[1] - a[1] || categoryOrder.indexOf(a[0]) - categoryOrder.indexOf(b[0]))
    .map(([key, count]) => ({ key, label: taxonomyLabel(key), count }))
  const statuses = NEED_STATUSES.filter((status) => status !== 'duplicate').map((key) => ({ key, label: NEED_STATUS_LABELS[key], count: byStatus.get(key) ?? 0 }))
  const servedByGroup = new Map<RespondentGroup, number>()
  for (const row of rows.served) servedByGroup.set(row.group, (servedByGroup.get(row.group) ?? 0) + row.count)
  const served = RESPONDENT_GROUPS.filter((group) => (servedByGroup.get(group) ?? 0) > 0)
    .map((key) => ({ key, label: RESPONDENT_GROUP_LABELS[key], count: servedByGroup.get(key) ?? 0 }))
    .sort((a, b) => b.count - a.count)
  const servedTotal = served.reduce((sum, e) => sum + e.count, 0)
  let accepted = 0
  let declined = 0
  let noCapacity = 0
  for (const row of rows.referrals) {
    if (ACCEPTED.includes(row.status)) accepted += row.count
    if (row.status === 'declined') {
      declined += row.count
      if (row.declineReason === 'no_capacity') noCapacity += row.count
    }
  }
  const answered = accepted + declined
  const enough = (cases: number) => !suppress || cases >= SMALL_CELL
  const casesOf = (buckets: readonly DurationBucket[]) => buckets.reduce((sum, b) => sum + b.count, 0)
  const listed = new Set(rows.needs.filter((row) => row.status !== 'duplicate' && row.status !== 'withdrawn' && row.count > 0).map((row) => row.category))
  return {
    needs,
    needItems: rows.needItems ?? listed.size,
    resources: rows.resources,
    services: rows.services.filter((row) => LISTED_SERVICE_STATUSES.includes(row.status)).reduce((sum, row) => sum + row.count, 0),
    ...centreOutcomes(rows),
    needsByCategory: breakdown(categories, suppress),
    needsByStatus: breakdown(statuses, suppress),
    peopleServed: breakdown(served, suppress),
    peopleServedTotal: suppress && servedTotal > 0 && servedTotal < SMALL_CELL ? null : servedTotal,
    medianHoursToFirstReferral: enough(casesOf(rows.toFirstReferral)) ? medianHours(rows.toFirstReferral) : null,
    medianHoursToResolution: enough(casesOf(rows.toResolution)) ? medianHours(rows.toResolution) : null,
    acceptanceRate: enough(answered) ? share(accepted, answered) : null,
    noCapacityRate: enough(answered) ? share(noCapacity, answered) : null,
    suppressed: suppress
  }
}
