/**
 * One matching run, as the organizer's 对接 button and the timer run it: filter → score → keep the top K candidates
 * per need → assign under capacity → proposals. Proposals are suggestions: nothing changes until an organizer confirms
 * them (the function then sends referrals, core/matching/lifecycle).
 *
 * Inputs are what the function loads: the needs to match (those not in MATCHABLE_NEED_STATUSES are left out), the
 * services, each service's places used this period, and per need the services already tried (servicesTriedFor).
 * `method: 'greedy'` runs the baseline instead of the optimal assignment (for comparison; the function uses optimal).
 *
 * Every need that gets no proposal is listed with why, in Chinese: no service of its kind, every candidate ruled out
 * (counted by filter), or its candidates' places went to other needs.
 */
import { assignGreedy, assignOptimal, type AssignmentEdge } from './assign'
import { checkService, FILTER_LABELS, FILTERS, prepareNeed, prepareServices, servicesToCheck, type FilterName, type PreparedNeed, type ServicePool } from './filter'
import { MATCHABLE_NEED_STATUSES, type NeedDoc, type ServiceDoc } from './model'
import { SCORE_SCALE, scorePair, type ScoreTerm } from './score'

export const DEFAULT_TOP_K = 10

export const ASSIGNMENT_METHODS = ['optimal', 'greedy'] as const
export type AssignmentMethod = (typeof ASSIGNMENT_METHODS)[number]

/** A service a need could go to, with its score and reasons. */
export interface Candidate {
  needId: string
  serviceId: string
  score: number
  terms: ScoreTerm[]
  reasons: string[]
}

export interface NeedCandidates {
  needId: string
  /** Best first (ties by service id), at most K. */
  candidates: Candidate[]
  /** Services of a fitting kind that a filter ruled out, by filter. */
  ruledOut: Partial<Record<FilterName, number>>
}

/** The K best candidates of one need among the pool's services. */
export function candidatesFor(need: PreparedNeed, pool: ServicePool, now: number, topK = DEFAULT_TOP_K): NeedCandidates {
  const ruledOut: Partial<Record<FilterName, number>> = {}
  const candidates: Candidate[] = []
  for (const entry of servicesToCheck(pool, need.need.category)) {
    const check = checkService(need, entry)
    if (!check.ok) {
      ruledOut[check.failed] = (ruledOut[check.failed] ?? 0) + 1
      continue
    }
    const { score, terms, reasons } = scorePair(need, entry, check.facts, pool, now)
    candidates.push({ needId: need.need._id, serviceId: entry.service._id, score, terms, reasons })
  }
  candidates.sort((a, b) => b.score - a.score || (a.serviceId < b.serviceId ? -1 : a.serviceId > b.serviceId ? 1 : 0))
  return { needId: need.need._id, candidates: candidates.slice(0, topK), ruledOut }
}

/** '没有合适的服务：3 个名额已满，2 个不在服务范围'. */
export function ruledOutText(ruledOut: Partial<Record<FilterName, number>>): string {
  const parts = FILTERS.filter((name) => (ruledOut[name] ?? 0) > 0)
    .sort((a, b) => (ruledOut[b] ?? 0) - (ruledOut[a] ?? 0))
    .map((name) => `${ruledOut[name]} 个${FILTER_LABELS[name]}`)
  return parts.length === 0 ? '暂时没有这一类的服务' : `没有合适的服务：${parts.join('，')}`
}

export const PLACES_TAKEN_TEXT = '合适的服务名额已排给其他需求，下一轮再对接'

export interface MatchInput {
  needs: readonly NeedDoc[]
  services: readonly ServiceDoc[]
  /** Service id → places used in its current period. */
  used?: Readonly<Record<string, number>>
  /** Need id → services already tried for it. */
  tried?: Readonly<Record<string, readonly string[]>>
  now: number
  topK?: number
  method?: AssignmentMethod
}

/** A proposed referral (DESIGN.md ⚑ `match`: needId, serviceId, score, reasons). */
export type Proposal = Candidate

export interface Unmatched {
  needId: string
  reason: string
}

export interface MatchRun {
  /** Most urgent need first (highest urgency term), then by score. */
  proposals: Proposal[]
  unmatched: Unmatched[]
  /** Needs considered. */
  needs: number
  served: number
  /** Σ score of the proposals. */
  totalScore: number
  /** Candidate pairs the assignment chose from. */
  candidates: number
  method: AssignmentMethod
}

const urgencyOf = (proposal: Proposal): number => proposal.terms.find((t) => t.name === 'urgency')?.value ?? 0

export function matchNeeds(input: MatchInput): MatchRun {
  const { now, topK = DEFAULT_TOP_K, method = 'optimal' } = input
  const pool = prepareServices(input.services, input.used ?? {})
  const needs = input.needs.filter((need) => MATCHABLE_NEED_STATUSES.includes(need.status))
  const lists = needs.map((need) => candidatesFor(prepareNeed(need, input.tried?.[need._id] ?? []), pool, now, topK))
  const serviceIndex = new Map(pool.services.map((entry, i) => [entry.service._id, i]))
  const flat: Candidate[] = []
  const edges: AssignmentEdge[] = []
  lists.forEach((list, need) => {
    for (const candidate of list.candidates) {
      flat.push(candidate)
      edges.push({ need, service: serviceIndex.get(candidate.serviceId) ?? -1, weight: Math.round(candidate.score * SCORE_SCALE) })
    }
  })
  const problem = { needs: needs.length, capacities: pool.services.map((entry) => entry.left), edges }
  const assignment = method === 'greedy' ? assignGreedy(problem) : assignOptimal(problem)
  const proposals: Proposal[] = []
  const unmatched: Unmatched[] = []
  lists.forEach((list, need) => {
    const edge = assignment.edgeOf[need]
    if (edge >= 0) proposals.push(flat[edge])
    else unmatched.push({ needId: list.needId, reason: list.candidates.length === 0 ? ruledOutText(list.ruledOut) : PLACES_TAKEN_TEXT })
  })
  proposals.sort((a, b) => urgencyOf(b) - urgencyOf(a) || b.score - a.score || (a.needId < b.needId ? -1 : 1))
  return {
    proposals,
    unmatched,
    needs: needs.length,
    served: assignment.served,
    totalScore: assignment.totalWeight / SCORE_SCALE,
    candidates: edges.length,
    method
  }
}
