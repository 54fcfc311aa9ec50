/**
 * One matching run, as the organizer's 对接 button and the timer run it: filter → score → keep the top K candidates
 * per need → assign under capacity → proposals. Proposals are suggestions: nothing changes until an organizer confirms
 * them (the function then sends referrals, core/matching/lifecycle).
 *
 * Inputs are what the function loads: the needs to match (those not in MATCHABLE_NEED_STATUSES are left out), the
 * services, each service's places used this period, and per need the services already tried (servicesTriedFor).
 * `method` picks a baseline instead of the optimal assignment, for comparison (the function uses optimal): `firstCome`
 * gives needs their best candidate with room in arrival order (oldest need first), `greedy` takes pairs by score.
 *
 * The run is two steps, `rankRun` (every pair filtered and scored, the top K kept per need) and `assignRun` (the
 * assignment, then reasons written for the chosen pairs only), so a comparison can assign the same candidates twice;
 * `matchNeeds` does both. `candidatesFor` explains every kept candidate of one need (a need's page: "other options").
 *
 * Every need that gets no proposal is listed with why, in Chinese: no service of its kind, every candidate ruled out
 * (counted by filter; services whose area cannot reach the need are counted as out of area without further checks),
 * or its candidates' places went to other needs.
 */
import { assignFirstCome, assignGreedy, assignOptimal, type Assignment, type AssignmentEdge, type AssignmentProblem } from './assign'
import {
  checkService,
  FILTER_LABELS,
  FILTERS,
  prepareNeed,
  prepareServices,
  servicesToCheck,
  type Facts,
  type FilterName,
  type PreparedNeed,
  type PreparedService,
  type ServicePool
} from './filter'
import { MATCHABLE_NEED_STATUSES, type NeedDoc, type ServiceDoc } from './model'
import { SCORE_SCALE, scoreOf, scorePair, type ScoreTerm } from './score'

export const DEFAULT_TOP_K = 10

export const ASSIGNMENT_METHODS = ['optimal', 'firstCome', 'greedy'] as const
export type AssignmentMethod = (typeof ASSIGNMENT_METHODS)[number]

/** A service a need could go to, with its score and reasons. */
export interface Candidate {
  needId: string
  serviceId: string
  score: number
  terms: ScoreTerm[]
  reasons: string[]
}

/** A kept pair before it is explained. */
interface Ranked {
  entry: PreparedService
  facts: Facts
  score: number
}

interface RankedNeed {
  need: PreparedNeed
  /** Best first (ties by service id), at most K. */
  ranked: Ranked[]
  /** Services of a fitting kind that a filter ruled out, by filter. */
  ruledOut: Partial<Record<FilterName, number>>
}

const byServiceId = (a: Ranked, b: Ranked): number => (a.entry.service._id < b.entry.service._id ? -1 : a.entry.service._id > b.entry.service._id ? 1 : 0)

function rank(need: PreparedNeed, pool: ServicePool, now: number, topK: number): RankedNeed {
  const ruledOut: Partial<Record<FilterName, number>> = {}
  const passed: Ranked[] = []
  const { services, outOfReach } = servicesToCheck(pool, need.need.category, need.need.location)
  if (outOfReach > 0) ruledOut.area = outOfReach
  for (const entry of services) {
    const check = checkService(need, entry)
    if (!check.ok) {
      ruledOut[check.failed] = (ruledOut[check.failed] ?? 0) + 1
      continue
    }
    passed.push({ entry, facts: check.facts, score: scoreOf(need, entry, check.facts, pool, now) })
  }
  passed.sort((a, b) => b.score - a.score || byServiceId(a, b))
  return { need, ranked: passed.slice(0, topK), ruledOut }
}

function explain(need: PreparedNeed, kept: Ranked, pool: ServicePool, now: number): Candidate {
  const { score, terms, reasons } = scorePair(need, kept.entry, kept.facts, pool, now)
  return { needId: need.need._id, serviceId: kept.entry.service._id, score, terms, reasons }
}

export interface NeedCandidates {
  needId: string
  /** Best first (ties by service id), at most K. */
  candidates: Candidate[]
  ruledOut: Partial<Record<FilterName, number>>
}

/** The K best candidates of one need among the pool's services, each explained. */
export function candidatesFor(need: PreparedNeed, pool: ServicePool, now: number, topK = DEFAULT_TOP_K): NeedCandidates {
  const { ranked, ruledOut } = rank(need, pool, now, topK)
  return { needId: need.need._id, candidates: ranked.map((kept) => explain(need, kept, pool, now)), ruledOut }
}

/** '没有合适的服务：3 个名额已满，2 个不在服务范围'. */
export function ruledOutText(ruledOut: Partial<Record<FilterName, number>>): string {
  const parts = FILTERS.filter((name) => (ruledOut[name] ?? 0) > 0)
    .sort((a, b) => (ruledOut[b] ?? 0) - (ruledOut[a] ?? 0))
    .map((name) => `${ruledOut[name]} 个${FILTER_LABELS[name]}`)
  return parts.length === 0 ? '暂时没有这一类的服务' : `没有合适的服务：${parts.join('，')}`
}

export const PLACES_TAKEN_TEXT = '合适的服务名额已排给其他需求，下一轮再对接'

export interface MatchRunInput {
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

/** The ranked candidates of a run, ready to be assigned (by either method). */
export interface RankedRun {
  pool: ServicePool
  needs: readonly RankedNeed[]
  now: number
  /** Candidate pairs, all needs together. */
  candidates: number
}

/** Filters and scores every need of the run against the services, keeping the top K each. */
export function rankRun(input: Omit<MatchRunInput, 'method'>): RankedRun {
  const { now, topK = DEFAULT_TOP_K } = input
  const pool = prepareServices(input.services, input.used ?? {})
  const needs = input.needs
    .filter((need) => MATCHABLE_NEED_STATUSES.includes(need.status))
    .map((need) => rank(prepareNeed(need, pool, input.tried?.[need._id] ?? []), pool, now, topK))
  return { pool, needs, now, candidates: needs.reduce((sum, need) => sum + need.ranked.length, 0) }
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

/** Assigns the ranked candidates under capacity and explains the chosen pairs. */
export function assignRun(run: RankedRun, method: AssignmentMethod = 'optimal'): MatchRun {
  const serviceIndex = new Map(run.pool.services.map((entry, i) => [entry, i]))
  const flat: { need: RankedNeed; kept: Ranked }[] = []
  const edges: AssignmentEdge[] = []
  run.needs.forEach((need, index) => {
    for (const kept of need.ranked) {
      flat.push({ need, kept })
      edges.push({ need: index, service: serviceIndex.get(kept.entry) ?? -1, weight: Math.round(kept.score * SCORE_SCALE) })
    }
  })
  const problem = { needs: run.needs.length, capacities: run.pool.services.map((entry) => entry.left), edges }
  const assignment = assign(problem, method, run.needs)
  const proposals: Proposal[] = []
  const unmatched: Unmatched[] = []
  run.needs.forEach((need, index) => {
    const edge = assignment.edgeOf[index]
    if (edge >= 0) proposals.push(explain(need.need, flat[edge].kept, run.pool, run.now))
    else unmatched.push({ needId: need.need.need._id, reason: need.ranked.length === 0 ? ruledOutText(need.ruledOut) : PLACES_TAKEN_TEXT })
  })
  proposals.sort((a, b) => urgencyOf(b) - urgencyOf(a) || b.score - a.score || (a.needId < b.needId ? -1 : 1))
  return {
    proposals,
    unmatched,
    needs: run.needs.length,
    served: assignment.served,
    totalScore: assignment.totalWeight / SCORE_SCALE,
    candidates: edges.length,
    method
  }
}

/** Oldest need first (ties by id): the order a first-come matcher walks them in. */
function arrivalOrder(needs: readonly RankedNeed[]): number[] {
  const doc = (i: number) => needs[i].need.need
  return needs.map((_, i) => i).sort((a, b) => doc(a).createdAt - doc(b).createdAt || (doc(a)._id < doc(b)._id ? -1 : 1))
}

function assign(problem: AssignmentProblem, method: AssignmentMethod, needs: readonly RankedNeed[]): Assignment {
  if (method === 'greedy') return assignGreedy(problem)
  if (method === 'firstCome') return assignFirstCome(problem, arrivalOrder(needs))
  return assignOptimal(problem)
}

/** One run: rank, assign, explain. */
export const matchNeeds = (input: MatchRunInput): MatchRun => assignRun(rankRun(input), input.method)
