/**
 * 骑士之星 and the 先锋指数 (issue 12): the rules the scorers, the ranking, the public wall and the rider's own page
 * share, pure (no I/O, no clock: `now` is a parameter), so the function and the pages compute them one way.
 *
 * Each month two sides score a party-member rider on published criteria, each criterion 0–5 points:
 *   企业评分 (the station manager): 服务亮承诺 weight 40, 安全文明骑行 30, 爱岗带团队 30;
 *   社区评分 (the centre's organizers): 志愿服务 30, 网格上报 30, 学习教育 20, 亮身份作表率 20.
 * A side's score (0–100) is Σ weight × points / 5. The rider's recorded activity in the month adds up to 20:
 *   每办结一件网格上报 2 分 (at most 8), 每志愿服务 1 小时 1 分 (at most 8), 每参加一节课程 1 分 (at most 4).
 * 先锋指数 = 企业评分 × 0.4 + 社区评分 × 0.4 + 活动分, 0–100, to one decimal. A side not scored counts 0.
 *
 * Worked example: 企业 4/5/3 → 40×4/5 + 30×5/5 + 30×3/5 = 32 + 30 + 18 = 80; 社区 5/4/3/5 → 30 + 24 + 12 + 20 = 86;
 * 3 reports resolved → 6, 150 volunteer minutes (2.5 h) → 2.5, 5 courses → 4 (capped); activity 12.5.
 * Index = 80 × 0.4 + 86 × 0.4 + 12.5 = 32 + 34.4 + 12.5 = 78.9.
 *
 * The arithmetic runs in tenths of a point on integers, so 0.4 × 86 is 344 tenths exactly, never 34.400000000000006.
 *
 * A month ('2026-11', Shanghai calendar) may be scored from the start of its last seven days until the end of the next
 * month: scorers fill in the month as it closes, late ones have a month to catch up, and an old month stays as it was
 * ranked. A centre's 骑士之星 is published within the same window, once per month: the chosen rider needs both sides'
 * scores unless the organizer overrides; publishing locks that month's scores at the centre.
 */
import { DAY_MS, monthEndAt, monthKey, monthLabel, shiftMonth } from '../time'

export const STAR_SIDES = ['enterprise', 'community'] as const
export type StarSide = (typeof STAR_SIDES)[number]

export const STAR_SIDE_LABELS: Readonly<Record<StarSide, string>> = { enterprise: '企业评分', community: '社区评分' }

export interface StarCriterion {
  id: string
  side: StarSide
  title: string
  /** What earns the points, as the scorer reads it. */
  hint: string
  /** Share of the side's 100 points. */
  weight: number
  /** Points a scorer gives, 0 … maxPoints. */
  maxPoints: number
}

/** Points per criterion: five, like the stars of a rating. */
export const CRITERION_MAX_POINTS = 5

const criterion = (side: StarSide, id: string, title: string, weight: number, hint: string): StarCriterion => ({
  id,
  side,
  title,
  hint,
  weight,
  maxPoints: CRITERION_MAX_POINTS
})

/** The published criteria; each side's weights add up to 100. */
export const STAR_CRITERIA: readonly StarCriterion[] = [
  criterion('enterprise', 'commitment', '服务亮承诺', 40, '准时送达、顾客好评、零投诉，兑现服务承诺'),
  criterion('enterprise', 'safety', '安全文明骑行', 30, '不闯红灯、不逆行、佩戴头盔，遵守交通规则'),
  criterion('enterprise', 'team', '爱岗带团队', 30, '传帮带新骑手，站点急难任务冲在前'),
  criterion('community', 'volunteer', '志愿服务', 30, '参加平安建设、文明宣传、助老扶弱等志愿服务'),
  criterion('community', 'grid', '网格上报', 30, '当好「移动探头」，随手拍上报身边问题'),
  criterion('community', 'study', '学习教育', 20, '参加党课、主题党日和服务中心的课程'),
  criterion('community', 'exemplar', '亮身份作表率', 20, '亮明党员身份，在社区和群众中作表率')
]

export const criteriaOf = (side: StarSide): StarCriterion[] => STAR_CRITERIA.filter((c) => c.side === side)

/** Criterion id → points given. */
export type CriterionScores = Readonly<Record<string, number>>

/**
 * Why a side's scores are not acceptable, as `{criterionId, message}`, or undefined: every criterion of the side
 * present, each a whole number 0 … maxPoints, nothing else.
 */
export function scoresProblem(side: StarSide, scores: CriterionScores): { field: string; message: string } | undefined {
  const criteria = criteriaOf(side)
  for (const id of Object.keys(scores)) {
    if (!criteria.some((c) => c.id === id)) return { field: id, message: `「${id}」不是${STAR_SIDE_LABELS[side]}的评分项` }
  }
  for (const c of criteria) {
    const points = scores[c.id]
    if (points === undefined) return { field: c.id, message: `请给「${c.title}」打分` }
    if (!Number.isInteger(points) || points < 0 || points > c.maxPoints) {
      return { field: c.id, message: `「${c.title}」应为 0–${c.maxPoints} 分` }
    }
  }
  return undefined
}

/** A side's score in tenths of a point: Σ weight × points / maxPoints, × 10. */
const sideTenths = (side: StarSide, scores: CriterionScores | undefined): number =>
  scores ? criteriaOf(side).reduce((sum, c) => sum + Math.round((c.weight * (scores[c.id] ?? 0) * 10) / c.maxPoints), 0) : 0

/** A side's score, 0–100 (one decimal at most). */
export const sideScore = (side: StarSide, scores: CriterionScores | undefined): number => sideTenths(side, scores) / 10

/** What a rider did in the month, as recorded by the other parts of the app. */
export interface StarActivity {
  /** Their 兼职网格员 reports resolved in the month. */
  reportsResolved: number
  /** Volunteer minutes recorded at check-out of activities in the month. */
  volunteerMinutes: number
  /** Courses (not volunteer activities) attended in the month. */
  coursesAttended: number
}

export const NO_ACTIVITY: Readonly<StarActivity> = Object.freeze({ reportsResolved: 0, volunteerMinutes: 0, coursesAttended: 0 })

/** The activity points and their caps, as published. */
export const ACTIVITY_RULES = {
  perReportResolved: 2,
  reportsCap: 8,
  perVolunteerHour: 1,
  volunteerCap: 8,
  perCourseAttended: 1,
  coursesCap: 4
} as const

/** Weight of each side's score in the index, in tenths (0.4). */
const SIDE_WEIGHT_TENTHS = 4

/** Activity points in tenths; volunteer time counts by the minute (150 minutes = 2.5 points). */
function activityTenths(a: StarActivity): number {
  const r = ACTIVITY_RULES
  const reports = Math.min(a.reportsResolved * r.perReportResolved, r.reportsCap) * 10
  const volunteer = Math.min(Math.round((a.volunteerMinutes * r.perVolunteerHour * 10) / 60), r.volunteerCap * 10)
  const courses = Math.min(a.coursesAttended * r.perCourseAttended, r.coursesCap) * 10
  return reports + volunteer + courses
}

export const activityPoints = (a: StarActivity): number => activityTenths(a) / 10

export interface StarScores {
  enterprise?: CriterionScores
  community?: CriterionScores
}

export interface PioneerIndex {
  enterprise: number
  community: number
  activity: number
  /** 先锋指数, 0–100, one decimal. */
  index: number
}

/** The 先锋指数 of one rider's month (the module header's formula). */
export function pioneerIndex(scores: StarScores, activity: StarActivity): PioneerIndex {
  const e = sideTenths('enterprise', scores.enterprise)
  const c = sideTenths('community', scores.community)
  const a = activityTenths(activity)
  // Tenths × tenths = hundredths; rounded back to tenths.
  const tenths = Math.round((SIDE_WEIGHT_TENTHS * e + SIDE_WEIGHT_TENTHS * c) / 10) + a
  return { enterprise: e / 10, community: c / 10, activity: a / 10, index: tenths / 10 }
}

export interface RankEntry extends PioneerIndex {
  riderId: string
  name: string
}

/**
 * The month's ranking: by index; a tie goes to the higher community score (what the rider did for the community),
 * then the higher enterprise score, then more activity. Riders equal on all four share a rank (1, 2, 2, 4), listed by
 * name so the order never depends on how the database answered.
 */
export function rankRiders<T extends RankEntry>(entries: readonly T[]): Array<T & { rank: number }> {
  const key = (e: RankEntry): number[] => [e.index, e.community, e.enterprise, e.activity]
  const compare = (a: T, b: T): number => {
    const ka = key(a)
    const kb = key(b)
    for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i]) return kb[i] - ka[i]
    return 0
  }
  const sorted = [...entries].sort((a, b) => compare(a, b) || a.name.localeCompare(b.name, 'zh') || (a.riderId < b.riderId ? -1 : 1))
  const ranked: Array<T & { rank: number }> = []
  sorted.forEach((entry, i) => {
    const rank = i > 0 && compare(sorted[i - 1], entry) === 0 ? ranked[i - 1].rank : i + 1
    ranked.push({ ...entry, rank })
  })
  return ranked
}

/** Days at the end of a month when its scoring opens. */
export const SCORING_OPENS_DAYS_BEFORE_END = 7

export const scoringOpensAt = (month: string): number => monthEndAt(month) - SCORING_OPENS_DAYS_BEFORE_END * DAY_MS

/** Scoring (and publishing) closes when the following month ends. */
export const scoringClosesAt = (month: string): number => monthEndAt(shiftMonth(month, 1))

export const isScorable = (month: string, now: number): boolean => now >= scoringOpensAt(month) && now < scoringClosesAt(month)

/** Why `month` cannot be scored or published at `now`, in words for the person, or undefined when it can. */
export function scoringClosedMessage(month: string, now: number): string | undefined {
  if (now < scoringOpensAt(month)) return `${monthLabel(month)}的评分要到月末最后${SCORING_OPENS_DAYS_BEFORE_END}天才开始`
  if (now >= scoringClosesAt(month)) return `${monthLabel(month)}的评分已经截止`
  return undefined
}

/** The month the pages open on: this month in its last days, else last month (still open until this one ends). */
export const openMonth = (now: number): string => (isScorable(monthKey(now), now) ? monthKey(now) : shiftMonth(monthKey(now), -1))

/** The months open for scoring at `now`, newest first: one, or two in a month's last days. */
export const scorableMonths = (now: number): string[] => [monthKey(now), shiftMonth(monthKey(now), -1)].filter((m) => isScorable(m, now))


/** Whether a rider may be published as the month's star: both sides scored, or the organizer said so. */
export const mayPublish = (scores: StarScores, override: boolean): boolean => override || (scores.enterprise !== undefined && scores.community !== undefined)

/** The `_id` of a centre's month's 骑士之星: one per centre per month, by construction. */
export const starAwardId = (venueId: string, month: string): string => `${venueId}_${month}`

/** The `_id` of one side's scores of a rider's month: scoring again replaces them. */
export const starScoreId = (month: string, riderId: string, side: StarSide): string => `${month}_${side}_${riderId}`
