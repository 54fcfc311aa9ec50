/**
 * 骑士之星's collections and stored shapes (issue 12), and the one read of what a rider did in a month.
 *   starRiders  one per party-member rider taking part, `_id` = the rider's openid; `stationManager` is the openid of
 *               the 企业评分人 who scores them, `venueId` the centre whose organizers score the community side.
 *   starScores  one per rider, month and side (`_id` starScoreId): scoring again replaces it.
 *   starAwards  one per centre and month (`_id` starAwardId): the published 骑士之星, a snapshot of the index as
 *               published, so the wall never changes when later activity is recorded.
 * Every document is about one rider and carries their openid in `openid`, for 我的数据.
 *
 * The activity is read where other parts record it, by the contracts of issue 12: resolved `gridReports` (the grid
 * part owns the collection) and attended bookings, whose
 * course's `kind` says a volunteer activity (its `volunteerMinutes`) from a course (no kind is a course).
 */
import type { SideScores, StarAward } from '@core/api/community'
import { NO_ACTIVITY, type StarActivity, type StarSide } from '@core/community/stars'
import { _ } from '../../_shared'
import { store } from './collections'
import { monthEndAt, monthStartAt } from '@core/time'

export interface StarRiderDoc {
  /** The rider's openid. */
  _id: string
  openid: string
  venueId: string
  name: string
  station: string
  company: string
  stationManager: string
  partyMember: true
  active: boolean
  createdAt: number
  updatedAt: number
}

export interface StarScoreDoc extends SideScores {
  _id: string
  /** The rider scored. */
  openid: string
  riderId: string
  venueId: string
  month: string
  side: StarSide
  /** openid of the scorer or organizer who scored. */
  scoredBy: string
}

export interface StarAwardDoc extends StarAward {
  /** The rider honoured. */
  openid: string
  publishedBy: string
  /** Published with a side's scores missing, on the organizer's word. */
  override?: true
}

/** The month's instants as a query range. */
const inMonth = (month: string): unknown => _.gte(monthStartAt(month)).and(_.lt(monthEndAt(month)))

/** Each rider's side scores of the month, by rider. One request. */
export async function scoresOf(riderIds: readonly string[], month: string): Promise<Map<string, Partial<Record<StarSide, StarScoreDoc>>>> {
  const out = new Map<string, Partial<Record<StarSide, StarScoreDoc>>>()
  if (riderIds.length === 0) return out
  const docs = await store.findAll('starScores', { riderId: _.in([...riderIds]), month })
  for (const doc of docs) out.set(doc.riderId, { ...out.get(doc.riderId), [doc.side]: doc })
  return out
}

/** The side scores as the API shows them (no storage fields). */
export const shownScores = (doc: Omit<StarScoreDoc, '_id'>): SideScores => ({
  side: doc.side,
  scores: doc.scores,
  total: doc.total,
  scoredAt: doc.scoredAt,
  ...(doc.note ? { note: doc.note } : {})
})

/** The same, for a side that may not be scored yet. */
export const sideScoresOf = (doc: StarScoreDoc | undefined): SideScores | undefined => (doc ? shownScores(doc) : undefined)

/**
 * What each rider did in the month: three requests however many riders (reports resolved, attended bookings grouped
 * per course, and those courses' kinds), none when there are no riders.
 */
export async function activityOf(riderIds: readonly string[], month: string): Promise<Map<string, StarActivity>> {
  const out = new Map<string, StarActivity>()
  if (riderIds.length === 0) return out
  const ids = [...riderIds]
  for (const id of ids) out.set(id, { ...NO_ACTIVITY })
  const $ = _.aggregate
  const [reports, attended] = await Promise.all([
    store.rows<{ _id: string; count: number }>(
      store
        .aggregate('gridReports')
        .match({ openid: _.in(ids), status: 'resolved', resolvedAt: inMonth(month) })
        .group({ _id: '$openid', count: $.sum(1) })
    ),
    store.rows<{ _id: { openid: string; courseId: string }; count: number; minutes: number }>(
      store
        .aggregate('bookings')
        .match({ openid: _.in(ids), status: 'attended', startAt: inMonth(month) })
        .group({ _id: { openid: '$openid', courseId: '$courseId' }, count: $.sum(1), minutes: $.sum('$volunteerMinutes') })
    )
  ])
  const activityOfRider = (id: string): StarActivity => out.get(id) ?? { ...NO_ACTIVITY }
  for (const row of reports) out.set(row._id, { ...activityOfRider(row._id), reportsResolved: row.count })
  if (attended.length === 0) return out
  const courseIds = [...new Set(attended.map((row) => row._id.courseId))]
  const kinds = await store.rows<{ _id: string; kind?: string }>(store.aggregate('courses').match({ _id: _.in(courseIds) }).project({ kind: 1 }))
  const volunteer = new Set(kinds.filter((c) => c.kind === 'volunteer').map((c) => c._id))
  for (const row of attended) {
    const activity = activityOfRider(row._id.openid)
    if (volunteer.has(row._id.courseId)) activity.volunteerMinutes += row.minutes ?? 0
    else activity.coursesAttended += row.count
    out.set(row._id.openid, activity)
  }
  return out
}
