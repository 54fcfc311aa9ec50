/**
 * 骑士之星's demo data (issue 12): the monthly evaluation the seed describes at 皋兰路片区 ("每月开展「骑士之星」评选活动,
 * 通过企业和社区的双评分, 量化党员作用发挥的「先锋指数」"), alive on first start.
 *
 * Two station managers score: demo-scorer (美团皋兰路站站长) five party-member riders at 皋兰路片区, and demo-scorer-2
 * (饿了么张掖路站站长) three at 友邻空间, so demo-organizer ranks and publishes 友邻空间; the two scorers are each
 * other's "other station" in the scoping tests. The riders are identities of their own (demo-star-…; open the H5 as
 * `?as=demo-star-wei` for a 我的先锋指数 with numbers): party-member riders of those two stations, each with a name
 * on the wall.
 *
 * Months are relative to the month the pages open on (openMonth): the month before it is scored on both sides with
 * its 骑士之星 published at both centres; the open month is partly scored — both sides of 王小伟 and two 皋兰路
 * riders, the enterprise side of the others but two 皋兰路 riders not scored at all — so there is work left for the
 * scorers and a star to choose.
 */
import type { UserDoc } from '@core/user'
import { criteriaOf, openMonth, pioneerIndex, NO_ACTIVITY, sideScore, starAwardId, starScoreId, type StarSide } from '@core/community/stars'
import { DAY_MS, monthEndAt, shiftMonth } from '@core/time'
import type { StarAwardDoc, StarRiderDoc, StarScoreDoc } from '../cloudfunctions/community/repo/stars'

export const DEMO_SCORER = 'demo-scorer'
export const DEMO_SCORER_2 = 'demo-scorer-2'

interface RiderSeed {
  id: string
  name: string
  venueId: string
  station: string
  company: string
  stationManager: string
  /** Points per criterion id, last month then this month: one list per side, in criteriaOf order. */
  last: { enterprise: number[]; community: number[] }
  open: { enterprise?: number[]; community?: number[] }
}

const GAOLANLU = { venueId: 'venue-gaolanlu', station: '美团皋兰路站', company: '美团外卖', stationManager: DEMO_SCORER }
const YOULIN = { venueId: 'venue-youlin', station: '饿了么张掖路站', company: '饿了么', stationManager: DEMO_SCORER_2 }

const RIDERS: RiderSeed[] = [
  { id: 'demo-star-zhang', name: '张建军', ...GAOLANLU, last: { enterprise: [5, 5, 4], community: [5, 5, 4, 5] }, open: { enterprise: [5, 4, 5], community: [4, 5, 4, 5] } },
  { id: 'demo-star-li', name: '李海涛', ...GAOLANLU, last: { enterprise: [4, 5, 4], community: [4, 4, 5, 4] }, open: { enterprise: [5, 5, 4], community: [5, 5, 5, 4] } },
  { id: 'demo-star-ma', name: '马国栋', ...GAOLANLU, last: { enterprise: [4, 4, 3], community: [3, 4, 4, 4] }, open: { enterprise: [4, 4, 4] } },
  { id: 'demo-star-wang', name: '王志强', ...GAOLANLU, last: { enterprise: [3, 4, 4], community: [4, 3, 3, 4] }, open: {} },
  { id: 'demo-star-zhao', name: '赵小龙', ...GAOLANLU, last: { enterprise: [4, 3, 3], community: [3, 3, 4, 3] }, open: {} },
  { id: 'demo-star-wei', name: '王小伟', ...YOULIN, last: { enterprise: [4, 4, 4], community: [4, 4, 3, 4] }, open: { enterprise: [5, 5, 4], community: [5, 4, 5, 5] } },
  { id: 'demo-star-sun', name: '孙立新', ...YOULIN, last: { enterprise: [5, 4, 5], community: [5, 5, 4, 5] }, open: { enterprise: [4, 5, 4] } },
  { id: 'demo-star-he', name: '何文斌', ...YOULIN, last: { enterprise: [4, 3, 5], community: [3, 4, 4, 3] }, open: { enterprise: [4, 4, 5] } }
]

/** Last month's stars and what the organizer wrote. */
const CITATIONS: Record<string, { riderId: string; citation: string }> = {
  'venue-gaolanlu': { riderId: 'demo-star-zhang', citation: '当好「移动探头」，本月随手拍上报飞线充电隐患 5 处，全部办结；雨夜护送走失老人回家。' },
  'venue-youlin': { riderId: 'demo-star-sun', citation: '服务亮承诺，零投诉；每周到友邻空间参加学习，雨雪天坚持为独居老人送餐上楼。' }
}

/** The station managers, role scorer. */
export function starUsers(now: number): UserDoc[] {
  const joined = now - 75 * DAY_MS
  const scorer = (id: string, nickname: string, community: string): UserDoc => ({
    _id: id,
    nickname,
    avatarUrl: '',
    group: 'other',
    community,
    freeTimes: [],
    roles: ['scorer'],
    strikes: 0,
    privacyConsentAt: joined,
    createdAt: joined,
    updatedAt: joined
  })
  return [scorer(DEMO_SCORER, '美团皋兰路站站长老杨', '皋兰路街道'), scorer(DEMO_SCORER_2, '饿了么张掖路站站长老周', '张掖路街道')]
}

const asScores = (side: StarSide, points: number[]): Record<string, number> =>
  Object.fromEntries(criteriaOf(side).map((c, i) => [c.id, points[i] ?? 0]))

/** Who scores a side of a rider: their station manager, or the centre's organizer. */
const scorerOf = (rider: RiderSeed, side: StarSide): string =>
  side === 'enterprise' ? rider.stationManager : rider.venueId === 'venue-youlin' ? 'demo-organizer' : 'demo-admin'

/** The riders, their scores of the two months and last month's stars. */
export function starsDemo(now: number): { starRiders: StarRiderDoc[]; starScores: StarScoreDoc[]; starAwards: StarAwardDoc[] } {
  const open = openMonth(now)
  const last = shiftMonth(open, -1)
  // Last month was scored in its closing days; this month's scores were given over the last two days.
  const lastScoredAt = monthEndAt(last) - 2 * DAY_MS
  const openScoredAt = now - 2 * DAY_MS
  const starRiders = RIDERS.map((r) => ({
    _id: r.id,
    openid: r.id,
    venueId: r.venueId,
    name: r.name,
    station: r.station,
    company: r.company,
    stationManager: r.stationManager,
    partyMember: true as const,
    active: true,
    createdAt: now - 70 * DAY_MS,
    updatedAt: now - 70 * DAY_MS
  }))
  const starScores: StarScoreDoc[] = []
  const score = (r: RiderSeed, month: string, side: StarSide, points: number[] | undefined, at: number): void => {
    if (!points) return
    const scores = asScores(side, points)
    starScores.push({
      _id: starScoreId(month, r.id, side),
      openid: r.id,
      riderId: r.id,
      venueId: r.venueId,
      month,
      side,
      scores,
      total: sideScore(side, scores),
      scoredBy: scorerOf(r, side),
      scoredAt: at
    })
  }
  for (const r of RIDERS) {
    score(r, last, 'enterprise', r.last.enterprise, lastScoredAt)
    score(r, last, 'community', r.last.community, lastScoredAt)
    score(r, open, 'enterprise', r.open.enterprise, openScoredAt)
    score(r, open, 'community', r.open.community, openScoredAt)
  }
  const starAwards = Object.entries(CITATIONS).map(([venueId, { riderId, citation }]): StarAwardDoc => {
    const rider = RIDERS.find((r) => r.id === riderId) ?? RIDERS[0]
    // Activity recorded by other parts is not part of the demo's snapshot: the index as the scores alone make it.
    const result = pioneerIndex({ enterprise: asScores('enterprise', rider.last.enterprise), community: asScores('community', rider.last.community) }, NO_ACTIVITY)
    return {
      _id: starAwardId(venueId, last),
      venueId,
      month: last,
      riderId,
      openid: riderId,
      name: rider.name,
      station: rider.station,
      company: rider.company,
      index: result.index,
      enterpriseScore: result.enterprise,
      communityScore: result.community,
      activityPoints: result.activity,
      citation,
      publishedAt: monthEndAt(last) + DAY_MS,
      publishedBy: venueId === 'venue-youlin' ? 'demo-organizer' : 'demo-admin'
    }
  })
  return { starRiders, starScores, starAwards }
}
