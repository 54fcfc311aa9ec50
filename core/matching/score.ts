/**
 * The explainable score of a need–service pair that passed the filters: a weighted sum of six terms, each in [0,1],
 * with weights summing to 1, so the score is in [0,1]. Every term carries the reason a person reads, written from the
 * same numbers the term used, so the explanation cannot drift from the score:
 *
 *   taxonomy  0.25  fit depth: exact 1, synonym 0.8, broader 0.7, narrower 0.5          对口劳动纠纷 / 同属法律咨询
 *   distance  0.20  0.5^(d / 1,100 m): halves at the edge of the 15-minute circle;      800 米 / 约 1.2 公里
 *                   no location to compare → 0.5; a service with no place to go → 1     位置未提供 / 无需到场
 *   schedule  0.15  weekly overlap / 4 h, capped at 1; the reason names the next overlap 周六 9–11 点可约
 *   load      0.10  places left / places per period (a provider with room answers sooner) 余 3 名额
 *   text      0.15  BM25 relevance of the need's words in the service (normalized)      描述相符：欠薪、工地
 *   urgency   0.15  0.7 × urgency (不急 0.2, 一般 0.5, 紧急 1) + 0.3 × waiting (days / 14, capped)  紧急，已等 5 天
 *
 * Urgency and waiting are the same for every service of a need: they do not change which service a need prefers, but
 * they do decide, in the assignment, who gets the last places of a busy service.
 *
 * `reasons` follow SCORE_TERMS order (the line "同属法律咨询 · 800 米 · 周六 9–11 点可约 · 余 3 名额 · …"). The score is
 * rounded to 3 decimals, the precision the assignment works in (score × 1000 as an integer).
 */
import { DAY_MS } from '../time'
import { meetingWindows, type Facts, type PreparedNeed, type PreparedService, type ServicePool } from './filter'
import { FIFTEEN_MINUTE_CIRCLE_M, formatDistance } from './geo'
import { URGENCY_LABELS, type Urgency } from './model'
import { formatWeekInterval, nextInterval } from './schedule'
import { relevanceValue, scoreDocument } from './text'

export const SCORE_TERMS = ['taxonomy', 'distance', 'schedule', 'load', 'text', 'urgency'] as const
export type ScoreTermName = (typeof SCORE_TERMS)[number]

export const SCORE_WEIGHTS: Readonly<Record<ScoreTermName, number>> = {
  taxonomy: 0.25,
  distance: 0.2,
  schedule: 0.15,
  load: 0.1,
  text: 0.15,
  urgency: 0.15
}

export const SCORE_TERM_LABELS: Record<ScoreTermName, string> = {
  taxonomy: '类别',
  distance: '距离',
  schedule: '时间',
  load: '名额',
  text: '描述',
  urgency: '紧急程度'
}

/** Weekly overlap at which the schedule term is full. */
export const FULL_OVERLAP_MIN = 240
/** Waiting this long makes the waiting part full. */
export const FULL_WAIT_DAYS = 14
export const URGENCY_VALUES: Record<Urgency, number> = { low: 0.2, normal: 0.5, high: 1 }
const URGENCY_SHARE = 0.7
/** The distance term when there is nothing to compare. */
const UNKNOWN_DISTANCE_VALUE = 0.5
/** Matched words named in the text reason. */
const WORDS_SHOWN = 3
/** Scores are kept at this precision (the assignment's integer weights are score × SCORE_SCALE). */
export const SCORE_SCALE = 1000

export interface ScoreTerm {
  name: ScoreTermName
  /** In [0,1]. */
  value: number
  weight: number
  /** What the term means for this pair, in Chinese. */
  reason: string
}

export interface Scored {
  /** Σ weight × value, in [0,1], rounded to 1/SCORE_SCALE. */
  score: number
  terms: ScoreTerm[]
  reasons: string[]
}

const clamp = (value: number): number => Math.min(1, Math.max(0, value))

/** Whole days the need has waited (0 on the day it was filed). */
export const waitingDays = (createdAt: number, now: number): number => Math.max(0, Math.floor((now - createdAt) / DAY_MS))

/**
 * The six term values of a pair, in SCORE_TERMS order. Ranking and explanation both come from here, so a reason can
 * never describe a number other than the one that was scored.
 */
function termValues(need: PreparedNeed, service: PreparedService, facts: Facts, pool: ServicePool, now: number): number[] {
  const hasPlace = service.service.locations.length > 0
  const distance = !hasPlace ? 1 : facts.distanceM === undefined ? UNKNOWN_DISTANCE_VALUE : 0.5 ** (facts.distanceM / FIFTEEN_MINUTE_CIRCLE_M)
  const perPeriod = service.service.capacity.perPeriod
  const days = waitingDays(need.need.createdAt, now)
  const urgency = URGENCY_SHARE * URGENCY_VALUES[need.need.urgency] + (1 - URGENCY_SHARE) * Math.min(1, days / FULL_WAIT_DAYS)
  return [
    clamp(facts.fit.depth),
    clamp(distance),
    clamp(facts.overlapMinutes / FULL_OVERLAP_MIN),
    clamp(perPeriod > 0 ? facts.left / perPeriod : 0),
    clamp(relevanceValue(pool.text, need.query, service.counts)),
    clamp(urgency)
  ]
}

const total = (values: readonly number[]): number => {
  let sum = 0
  for (let i = 0; i < SCORE_TERMS.length; i++) sum += SCORE_WEIGHTS[SCORE_TERMS[i]] * values[i]
  return Math.round(sum * SCORE_SCALE) / SCORE_SCALE
}

/** The score alone, for ranking every pair before the kept ones are explained. */
export const scoreOf = (need: PreparedNeed, service: PreparedService, facts: Facts, pool: ServicePool, now: number): number =>
  total(termValues(need, service, facts, pool, now))

function reasonsOf(need: PreparedNeed, service: PreparedService, facts: Facts, pool: ServicePool, now: number): string[] {
  const hasPlace = service.service.locations.length > 0
  const next = nextInterval(meetingWindows(need, service), now)
  const { matched } = scoreDocument(pool.text, need.query, service.counts)
  const days = waitingDays(need.need.createdAt, now)
  return [
    facts.fit.reason,
    !hasPlace ? '无需到场' : facts.distanceM === undefined ? '位置未提供' : formatDistance(facts.distanceM, facts.approximate),
    next ? `${formatWeekInterval(next)}可约` : '时间待约',
    `余 ${facts.left} 名额`,
    matched.length > 0 ? `描述相符：${matched.slice(0, WORDS_SHOWN).join('、')}` : '描述无直接关联',
    `${URGENCY_LABELS[need.need.urgency]}，${days === 0 ? '今天提交' : `已等 ${days} 天`}`
  ]
}

/** The score of a pair that passed the filters, with its terms and reasons. */
export function scorePair(need: PreparedNeed, service: PreparedService, facts: Facts, pool: ServicePool, now: number): Scored {
  const values = termValues(need, service, facts, pool, now)
  const reasons = reasonsOf(need, service, facts, pool, now)
  const terms = SCORE_TERMS.map((name, i): ScoreTerm => ({ name, value: values[i], weight: SCORE_WEIGHTS[name], reason: reasons[i] }))
  return { score: total(values), terms, reasons }
}

/** The reasons as one line: '同属法律咨询 · 800 米 · 周六 9–11 点可约 · 余 3 名额'. */
export const reasonLine = (reasons: readonly string[]): string => reasons.join(' · ')
