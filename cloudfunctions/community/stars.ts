/**
 * 骑士之星 and the 先锋指数 (issue 12): scoring, the ranking, publishing and the wall. Who may score is decided per
 * rider from what is loaded: the rider's station manager (role scorer, `starRiders.stationManager`) scores the
 * enterprise side, an organizer of the rider's centre the community side, anyone else is FORBIDDEN — so a scorer of
 * one station or centre sees and touches nothing of another's riders. The rules (criteria, formula, window,
 * ranking) are core/community/stars.ts; this file loads, asks core, writes with conditions, and answers.
 */
import type {
  MyStarInput,
  MyStarOutput,
  MyStarRidersInput,
  MyStarRidersOutput,
  PublishStarInput,
  PublishStarOutput,
  RankingRow,
  ScoreRiderInput,
  ScoreRiderOutput,
  StarAward,
  StarRankingInput,
  StarRankingOutput,
  StarRider,
  StarsInput,
  StarsOutput
} from '@core/api/community'
import { DomainError } from '@core/api/result'
import type { NotificationDoc } from '@core/booking'
import {
  mayPublish,
  NO_ACTIVITY,
  openMonth,
  pioneerIndex,
  rankRiders,
  scoresProblem,
  scoringClosedMessage,
  sideScore,
  starAwardId,
  starScoreId,
  type CriterionScores,
  type StarSide
} from '@core/community/stars'
import { monthLabel } from '@core/time'
import { hasRole, managesVenue } from '@core/user'
import {
  audit,
  isDuplicateKeyError,
  messageDoc,
  queueMessages,
  requireShownTextsSafe,
  requireVenue,
  sharedStore,
  type ActionContext
} from '../_shared'
import { store } from './repo'
import { activityOf, scoresOf, shownScores, sideScoresOf, type StarAwardDoc, type StarRiderDoc, type StarScoreDoc } from './repo/stars'

const RIDER_NOT_FOUND = '没有找到这位骑手'
const NOT_YOUR_RIDER = '这位骑手不归您评分'
/** The wall shows two years of months per centre at most. */
const WALL_MAX = 24

const riderOf = (doc: StarRiderDoc): StarRider => ({
  riderId: doc._id,
  name: doc.name,
  station: doc.station,
  company: doc.company,
  venueId: doc.venueId
})

/** Throws when the month cannot be scored (or published) now. */
function requireScorable(month: string, now: number): void {
  const closed = scoringClosedMessage(month, now)
  if (closed) throw new DomainError('CONFLICT', closed, 'month')
}

/** The active riders a station manager scores. One request. */
const ridersOfScorer = (openid: string): Promise<StarRiderDoc[]> => store.findAll('starRiders', { stationManager: openid, active: true })

export async function myStarRiders(ctx: ActionContext<MyStarRidersInput, 'user'>): Promise<MyStarRidersOutput> {
  const { month } = ctx.input
  const user = await sharedStore.get('users', ctx.openid)
  if (!hasRole(user, 'scorer')) throw new DomainError('FORBIDDEN', '只有站点的企业评分人可以查看')
  const riders = await ridersOfScorer(ctx.openid)
  const scores = await scoresOf(riders.map((r) => r._id), month)
  const closedMessage = scoringClosedMessage(month, ctx.now)
  return {
    month,
    scorable: closedMessage === undefined,
    ...(closedMessage ? { closedMessage } : {}),
    items: riders
      .map((r) => {
        const enterprise = sideScoresOf(scores.get(r._id)?.enterprise)
        return { ...riderOf(r), ...(enterprise ? { enterprise } : {}) }
      })
      .sort((a, b) => a.name.localeCompare(b.name, 'zh'))
  }
}

/** Which side the caller scores for this rider: their station manager, an organizer of their centre, or nobody. */
function sideOfCaller(openid: string, user: Parameters<typeof managesVenue>[0], rider: StarRiderDoc): StarSide | undefined {
  if (rider.stationManager === openid && hasRole(user, 'scorer')) return 'enterprise'
  if (managesVenue(user, rider.venueId)) return 'community'
  return undefined
}

export async function scoreRider(ctx: ActionContext<ScoreRiderInput, 'user'>): Promise<ScoreRiderOutput> {
  const { riderId, month, note } = ctx.input
  const [user, rider] = await Promise.all([sharedStore.get('users', ctx.openid), store.get('starRiders', riderId)])
  if (!rider || !rider.active) throw new DomainError('NOT_FOUND', RIDER_NOT_FOUND, 'riderId')
  const side = sideOfCaller(ctx.openid, user, rider)
  if (!side) throw new DomainError('FORBIDDEN', NOT_YOUR_RIDER, 'riderId')
  requireScorable(month, ctx.now)
  const scores: CriterionScores = Object.fromEntries(Object.entries(ctx.input.scores).filter(([, points]) => points !== undefined))
  const problem = scoresProblem(side, scores)
  if (problem) throw new DomainError('INVALID_INPUT', problem.message, `scores.${problem.field}`)
  // Publishing fixes the month at the centre: the star was chosen on these scores.
  if (await store.get('starAwards', starAwardId(rider.venueId, month))) {
    throw new DomainError('CONFLICT', `${monthLabel(month)}的骑士之星已经发布，评分不能再改`, 'month')
  }
  const trimmed = note?.trim()
  // The rider reads the note on their own page once the month is published.
  await requireShownTextsSafe([{ field: 'note', label: '评语', text: trimmed }], ctx.openid, 1)
  const doc: Omit<StarScoreDoc, '_id'> = {
    openid: riderId,
    riderId,
    venueId: rider.venueId,
    month,
    side,
    scores,
    total: sideScore(side, scores),
    ...(trimmed ? { note: trimmed } : {}),
    scoredBy: ctx.openid,
    scoredAt: ctx.now
  }
  const id = starScoreId(month, riderId, side)
  await store.setDoc('starScores', id, doc)
  if (side === 'community') await audit(ctx, 'scoreRider', `starScores/${id}`, { total: doc.total })
  return { scores: shownScores(doc) }
}

/** The centre a ranking is about: the one asked (theirs, else FORBIDDEN) or the caller's first. */
function rankingVenue(user: ActionContext<unknown, 'organizer'>['user'], asked: string | undefined): string {
  if (asked !== undefined) {
    requireVenue(user, asked, 'venueId')
    return asked
  }
  const first = user.venueIds?.[0]
  if (!first) throw new DomainError('INVALID_INPUT', '请选择服务中心', 'venueId')
  return first
}

/** Each rider's ranking row for the month: scores, activity, index and rank. Three or four requests (none without riders). */
async function rankingOf(riders: readonly StarRiderDoc[], month: string): Promise<RankingRow[]> {
  const ids = riders.map((r) => r._id)
  const [scores, activity] = await Promise.all([scoresOf(ids, month), activityOf(ids, month)])
  const rows = new Map<string, Omit<RankingRow, 'rank'>>()
  const entries = riders.map((r) => {
    const side = scores.get(r._id) ?? {}
    const enterprise = sideScoresOf(side.enterprise)
    const community = sideScoresOf(side.community)
    const done = activity.get(r._id) ?? { ...NO_ACTIVITY }
    const result = pioneerIndex({ enterprise: enterprise?.scores, community: community?.scores }, done)
    rows.set(r._id, {
      ...riderOf(r),
      ...(enterprise ? { enterprise } : {}),
      ...(community ? { community } : {}),
      activity: done,
      enterpriseScore: result.enterprise,
      communityScore: result.community,
      activityPoints: result.activity,
      index: result.index
    })
    return { riderId: r._id, name: r.name, ...result }
  })
  return rankRiders(entries).flatMap(({ riderId, rank }) => {
    const row = rows.get(riderId)
    return row ? [{ ...row, rank }] : []
  })
}

/** What the API shows of a stored award: the award without who published it. */
const awardOf = (doc: StarAwardDoc): StarAward => ({
  _id: doc._id,
  venueId: doc.venueId,
  month: doc.month,
  riderId: doc.riderId,
  name: doc.name,
  station: doc.station,
  company: doc.company,
  index: doc.index,
  enterpriseScore: doc.enterpriseScore,
  communityScore: doc.communityScore,
  activityPoints: doc.activityPoints,
  citation: doc.citation,
  publishedAt: doc.publishedAt
})

export async function starRanking(ctx: ActionContext<StarRankingInput, 'organizer'>): Promise<StarRankingOutput> {
  const { month } = ctx.input
  const venueId = rankingVenue(ctx.user, ctx.input.venueId)
  const [riders, star] = await Promise.all([store.findAll('starRiders', { venueId, active: true }), store.get('starAwards', starAwardId(venueId, month))])
  const closedMessage = scoringClosedMessage(month, ctx.now)
  return {
    venueId,
    month,
    scorable: closedMessage === undefined,
    ...(closedMessage ? { closedMessage } : {}),
    items: await rankingOf(riders, month),
    ...(star ? { star: awardOf(star) } : {})
  }
}

/** The rider's 骑士之星 message: the 待办事项提醒 template's layout (service/templates.ts), opening the wall. */
function starNotice(award: StarAward, openid: string, at: number): NotificationDoc {
  return messageDoc({
    _id: `${award._id}:star:${at}:${openid}`,
    openid,
    subjectId: award._id,
    kind: 'star',
    template: 'referralTask',
    page: `packages/stars/index?venueId=${award.venueId}`,
    subject: '当选骑士之星',
    state: `${monthLabel(award.month)}骑士之星`,
    note: `先锋指数 ${award.index}，感谢您的付出`,
    at
  })
}

export async function publishStar(ctx: ActionContext<PublishStarInput, 'organizer'>): Promise<PublishStarOutput> {
  const { venueId, month, riderId, override } = ctx.input
  requireVenue(ctx.user, venueId, 'venueId')
  requireScorable(month, ctx.now)
  const rider = await store.get('starRiders', riderId)
  if (!rider || !rider.active || rider.venueId !== venueId) throw new DomainError('NOT_FOUND', RIDER_NOT_FOUND, 'riderId')
  const [row] = await rankingOf([rider], month)
  if (!mayPublish({ enterprise: row.enterprise?.scores, community: row.community?.scores }, override === true)) {
    throw new DomainError('CONFLICT', `${rider.name}的企业评分和社区评分还没有都完成`, 'riderId')
  }
  const citation = ctx.input.citation.trim()
  await requireShownTextsSafe([{ field: 'citation', label: '推荐语', text: citation }], ctx.openid, 2)
  const award: StarAward = {
    _id: starAwardId(venueId, month),
    venueId,
    month,
    riderId,
    name: rider.name,
    station: rider.station,
    company: rider.company,
    index: row.index,
    enterpriseScore: row.enterpriseScore,
    communityScore: row.communityScore,
    activityPoints: row.activityPoints,
    citation,
    publishedAt: ctx.now
  }
  try {
    await store.insert('starAwards', { ...award, openid: riderId, publishedBy: ctx.openid, ...(override ? { override } : {}) })
  } catch (err) {
    if (isDuplicateKeyError(err)) throw new DomainError('CONFLICT', `${monthLabel(month)}的骑士之星已经发布过了`, 'month')
    throw err
  }
  await Promise.all([
    audit(ctx, 'publishStar', `starAwards/${award._id}`, { riderId, index: award.index, ...(override ? { override } : {}) }),
    queueMessages([starNotice(award, riderId, ctx.now)])
  ])
  return { star: award }
}

export async function stars(ctx: ActionContext<StarsInput, 'public'>): Promise<StarsOutput> {
  const { venueId } = ctx.input
  const docs = await store.find('starAwards', venueId ? { venueId } : {}, { limit: WALL_MAX, orderBy: ['month', 'desc'] })
  return { items: docs.map(awardOf) }
}

export async function myStar(ctx: ActionContext<MyStarInput, 'user'>): Promise<MyStarOutput> {
  const month = ctx.input.month ?? openMonth(ctx.now)
  const rider = await store.get('starRiders', ctx.openid)
  if (!rider) return { month }
  const [[row], award] = await Promise.all([rankingOf([rider], month), store.get('starAwards', starAwardId(rider.venueId, month))])
  const published = award !== null
  return {
    month,
    me: {
      ...riderOf(rider),
      index: row.index,
      activityPoints: row.activityPoints,
      activity: row.activity,
      published,
      ...(published ? { enterpriseScore: row.enterpriseScore, communityScore: row.communityScore } : {}),
      ...(published && row.enterprise ? { enterprise: row.enterprise } : {}),
      ...(published && row.community ? { community: row.community } : {}),
      isStar: award?.riderId === rider._id
    }
  }
}
