/**
 * 骑士之星 and the 先锋指数 (issue 12): what the scorers, the organizers, the public wall and a rider exchange with
 * function `community`. The rules behind the answers (criteria, formula, month window, ranking) are
 * core/community/stars.ts; the inputs here only check shapes, the function checks the rules.
 */
import * as s from '../../schema'
import { CRITERION_MAX_POINTS, type StarActivity, type StarSide } from '../../community/stars'
import { MONTH_PATTERN } from '../../time'
import type { Action } from '../action'

const monthSchema = s.string({ label: '月份', pattern: MONTH_PATTERN, patternHint: '应为「2026-11」这样的年月' })
const venueIdSchema = s.string({ label: '服务中心', min: 1, max: 64 })
const riderIdSchema = s.string({ label: '骑手', min: 1, max: 128 })

export const CITATION_MAX = 120
export const SCORE_NOTE_MAX = 200

const pointsSchema = (label: string) => s.optional(s.int({ label, min: 0, max: CRITERION_MAX_POINTS, unit: '分' }))

/** Every criterion of both sides may appear; which ones must, and for which side, is the function's check. */
export const criterionScoresSchema = s.object(
  {
    commitment: pointsSchema('服务亮承诺'),
    safety: pointsSchema('安全文明骑行'),
    team: pointsSchema('爱岗带团队'),
    volunteer: pointsSchema('志愿服务'),
    grid: pointsSchema('网格上报'),
    study: pointsSchema('学习教育'),
    exemplar: pointsSchema('亮身份作表率')
  },
  { label: '评分' }
)

export const myStarRidersSchema = s.object({ month: monthSchema })
export const scoreRiderSchema = s.object({
  riderId: riderIdSchema,
  month: monthSchema,
  scores: criterionScoresSchema,
  note: s.optional(s.string({ label: '评语', max: SCORE_NOTE_MAX, multiline: true }))
})
export const starRankingSchema = s.object({ venueId: s.optional(venueIdSchema), month: monthSchema })
export const publishStarSchema = s.object({
  venueId: venueIdSchema,
  month: monthSchema,
  riderId: riderIdSchema,
  citation: s.string({ label: '推荐语', min: 1, max: CITATION_MAX, multiline: true }),
  override: s.optional(s.literal(true, { label: '评分未齐仍发布' }))
})
export const starsSchema = s.object({ venueId: s.optional(venueIdSchema) })
export const myStarSchema = s.object({ month: s.optional(monthSchema) })

export type MyStarRidersInput = s.Infer<typeof myStarRidersSchema>
export type ScoreRiderInput = s.Infer<typeof scoreRiderSchema>
export type StarRankingInput = s.Infer<typeof starRankingSchema>
export type PublishStarInput = s.Infer<typeof publishStarSchema>
export type StarsInput = s.Infer<typeof starsSchema>
export type MyStarInput = s.Infer<typeof myStarSchema>

/** A party-member rider as the scorers and organizers see them. */
export interface StarRider {
  riderId: string
  name: string
  /** 美团皋兰路站 */
  station: string
  company: string
  venueId: string
}

/** One side's scores of a rider's month. */
export interface SideScores {
  side: StarSide
  scores: Record<string, number>
  /** The side's score, 0–100. */
  total: number
  note?: string
  scoredAt: number
}

export interface MyStarRidersOutput {
  month: string
  /** Whether the month may be scored now; when not, why. */
  scorable: boolean
  closedMessage?: string
  items: Array<StarRider & { enterprise?: SideScores }>
}

export interface ScoreRiderOutput {
  scores: SideScores
}

export interface RankingRow extends StarRider {
  enterprise?: SideScores
  community?: SideScores
  activity: StarActivity
  enterpriseScore: number
  communityScore: number
  activityPoints: number
  /** 先锋指数 */
  index: number
  rank: number
}

/** A published 骑士之星. */
export interface StarAward {
  _id: string
  venueId: string
  month: string
  riderId: string
  name: string
  station: string
  company: string
  index: number
  enterpriseScore: number
  communityScore: number
  activityPoints: number
  citation: string
  publishedAt: number
}

export interface StarRankingOutput {
  venueId: string
  month: string
  scorable: boolean
  closedMessage?: string
  items: RankingRow[]
  /** The month's 骑士之星 at this centre, once published. */
  star?: StarAward
}

export interface PublishStarOutput {
  star: StarAward
}

export interface StarsOutput {
  /** Newest month first. */
  items: StarAward[]
}

export interface MyStarOutput {
  month: string
  /** Absent when the caller is not a 骑士之星 rider. */
  me?: StarRider & {
    index: number
    activityPoints: number
    activity: StarActivity
    /** Whether the centre's star of the month is published; the side and criteria scores are shown only then. */
    published: boolean
    enterpriseScore?: number
    communityScore?: number
    enterprise?: SideScores
    community?: SideScores
    /** I am the month's 骑士之星. */
    isStar: boolean
  }
}

export interface StarsApi {
  myStarRiders: Action<MyStarRidersInput, MyStarRidersOutput>
  scoreRider: Action<ScoreRiderInput, ScoreRiderOutput>
  starRanking: Action<StarRankingInput, StarRankingOutput>
  publishStar: Action<PublishStarInput, PublishStarOutput>
  stars: Action<StarsInput, StarsOutput>
  myStar: Action<MyStarInput, MyStarOutput>
}
