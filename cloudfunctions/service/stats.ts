/**
 * `stats {venueId?, scope?}` → the centre's figures (core/matching figures): counted by aggregate pipelines, never by
 * loading a collection, for one centre or all. `scope: 'public'` (default, anyone) suppresses small cells; 'centre' is
 * for organizers of that centre (admins: any centre, or all).
 *
 * The pipelines (each one request; those with rows page by 1000):
 *   needs        {category, status}                     needItems   distinct (centre, code) of approved need list
 *   services     {status}                                            items and of needs still on the list
 *   resources    count of those still offered            served      resolved needs, one per person, by group
 *   referrals    {status, declineReason}                 durations   buckets of time to first referral / resolution
 *   held         sessions that took place: the distinct sessions with an attended booking (course booking data), of
 *                the centre's courses when one centre is asked (one more request: the centre's course ids)
 *
 * `outcomes {venueId?}` → needs solved and activities held, for a centre's page: needs by status and the same `held`
 * (three requests for one centre), reduced by the core function the full figures take those two from.
 */
import type { OutcomesInput, OutcomesOutput, StatsInput, StatsOutput } from '@core/api/service'
import { DomainError } from '@core/api/result'
import {
  centreFigures,
  centreOutcomes,
  DURATION_BOUNDARIES_MS,
  type DurationBucket,
  type GroupCountRow,
  type NeedCountRow,
  type NeedStatusCountRow,
  type ReferralCountRow,
  type StatusCountRow
} from '@core/matching'
import { hasRole, managesVenue, mayOrganize } from '@core/user'
import { _, OTHER_VENUE_MESSAGE, PAGE_SIZE, sharedStore, type ActionContext, type Where } from '../_shared'
import { store } from './repo'

type Pipeline = ReturnType<typeof store.aggregate>

/** Every row of a grouping pipeline, a page at a time (the platform answers 20 rows without a $limit). */
async function allRows<T>(build: () => Pipeline): Promise<T[]> {
  const rows: T[] = []
  for (let skip = 0; ; skip += PAGE_SIZE) {
    const page = await store.rows<T>(build().sort({ _id: 1 }).skip(skip).limit(PAGE_SIZE))
    rows.push(...page)
    if (page.length < PAGE_SIZE) return rows
  }
}

interface Keyed<K> {
  _id: K
  count: number
}

/** Distinct sessions with an attended booking: the activities held. */
async function activitiesHeld(venueId: string | undefined): Promise<number> {
  const where: Where = { status: 'attended' }
  if (venueId !== undefined) {
    const courses = await store.findAll('courses', { venueId }, { _id: true })
    if (courses.length === 0) return 0
    where.courseId = _.in(courses.map((course) => course._id))
  }
  const [row] = await store.rows<{ held: number }>(store.aggregate('bookings').match(where).group({ _id: '$sessionId' }).count('held'))
  return row?.held ?? 0
}

/** Durations from `createdAt` to `field` of the needs matching `where`, bucketed. */
async function durations(where: Where, field: 'firstReferredAt' | 'closedAt'): Promise<DurationBucket[]> {
  const $ = _.aggregate
  const rows = await store.rows<{ _id: number | 'longer'; count: number }>(
    store
      .aggregate('needs')
      .match({ ...where, [field]: _.exists(true) })
      .project({ d: $.subtract([`$${field}`, '$createdAt']) })
      .bucket({ groupBy: '$d', boundaries: [...DURATION_BOUNDARIES_MS, Number.MAX_SAFE_INTEGER], default: 'longer', output: { count: $.sum(1) } })
      .limit(PAGE_SIZE)
  )
  // Negative durations (clock skew) land in 'longer'; nothing real does, as the last bucket is open-ended.
  return rows.filter((row) => row._id !== 'longer').map((row) => ({ from: row._id as number, count: row.count }))
}

export async function stats(ctx: ActionContext<StatsInput, 'public'>): Promise<StatsOutput> {
  const { venueId, scope = 'public' } = ctx.input
  if (scope === 'centre') {
    const user = ctx.openid === null ? null : await sharedStore.get('users', ctx.openid)
    if (!mayOrganize(user)) throw new DomainError('FORBIDDEN', '只有服务中心的组织者可以查看完整数据')
    // Every centre's figures together are an admin's; one centre's, its organizers'.
    if (venueId === undefined ? !hasRole(user, 'admin') : !managesVenue(user, venueId)) throw new DomainError('FORBIDDEN', OTHER_VENUE_MESSAGE, 'venueId')
  }
  const at: Where = venueId === undefined ? {} : { venueId }
  const $ = _.aggregate
  const [needs, items, services, resources, activities, served, referrals, toFirstReferral, toResolution] = await Promise.all([
    allRows<Keyed<{ venueId: string; category: string; status: NeedCountRow['status'] }>>(() =>
      store.aggregate('needs').match(at).group({ _id: { venueId: '$venueId', category: '$category', status: '$status' }, count: $.sum(1) })
    ),
    allRows<Keyed<{ venueId: string; code: string }>>(() => store.aggregate('listItems').match({ ...at, list: 'need' }).group({ _id: { venueId: '$venueId', code: '$code' }, count: $.sum(1) })),
    allRows<Keyed<StatusCountRow['status']>>(() => store.aggregate('services').match(at).group({ _id: '$status', count: $.sum(1) })),
    store.count('resources', { ...at, retired: false }),
    activitiesHeld(venueId),
    allRows<Keyed<GroupCountRow['group']>>(() =>
      store
        .aggregate('needs')
        .match({ ...at, status: 'resolved' })
        .group({ _id: { group: '$group', person: $.ifNull(['$requesterKey', '$_id']) } })
        .group({ _id: '$_id.group', count: $.sum(1) })
    ),
    allRows<Keyed<{ status: ReferralCountRow['status']; declineReason?: ReferralCountRow['declineReason'] }>>(() =>
      store.aggregate('referrals').match(at).group({ _id: { status: '$status', declineReason: '$declineReason' }, count: $.sum(1) })
    ),
    durations(at, 'firstReferredAt'),
    durations({ ...at, status: 'resolved' }, 'closedAt')
  ])
  const listed = new Set(items.map((row) => `${row._id.venueId}\n${row._id.code}`))
  for (const row of needs) if (row._id.status !== 'withdrawn' && row._id.status !== 'duplicate') listed.add(`${row._id.venueId}\n${row._id.category}`)
  return centreFigures(
    {
      needs: needs.map((row) => ({ category: row._id.category, status: row._id.status, count: row.count })),
      needItems: listed.size,
      services: services.map((row) => ({ status: row._id, count: row.count })),
      resources,
      activitiesHeld: activities,
      served: served.map((row) => ({ group: row._id, count: row.count })),
      referrals: referrals.map((row) => ({ status: row._id.status, ...(row._id.declineReason ? { declineReason: row._id.declineReason } : {}), count: row.count })),
      toFirstReferral,
      toResolution
    },
    { suppress: scope === 'public' }
  )
}

export async function outcomes(ctx: ActionContext<OutcomesInput, 'public'>): Promise<OutcomesOutput> {
  const { venueId } = ctx.input
  const at: Where = venueId === undefined ? {} : { venueId }
  const [needs, held] = await Promise.all([
    allRows<Keyed<NeedStatusCountRow['status']>>(() => store.aggregate('needs').match(at).group({ _id: '$status', count: _.aggregate.sum(1) })),
    activitiesHeld(venueId)
  ])
  return centreOutcomes({ needs: needs.map((row) => ({ status: row._id, count: row.count })), activitiesHeld: held })
}
