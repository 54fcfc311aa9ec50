/**
 * Places a service has used in its current capacity period (a Shanghai week from Monday, or a calendar month): the
 * referrals in CAPACITY_REFERRAL_STATUSES sent since the period began, counted by the database in one pipeline that
 * splits each service's count by "sent this week" and "sent this month" — whichever period the service counts in. A
 * decline or a cancellation leaves those statuses and so gives its place back.
 */
import { capacityPeriodOf, CAPACITY_REFERRAL_STATUSES, type ServiceDoc } from '@core/matching'
import { _, PAGE_SIZE, type Where } from '../../_shared'
import { store } from './collections'

interface UsedRow {
  _id: { serviceId: string; inWeek: boolean; inMonth: boolean }
  count: number
}

/** Services named one by one in the pipeline's condition; more are counted with every referral of the period. */
const NAMED_MAX = 100

/** Service id → places used this period, for `services`. One request per 1000 rows (a row per service and period). */
export async function placesUsed(now: number, services: readonly Pick<ServiceDoc, '_id' | 'capacity'>[]): Promise<Record<string, number>> {
  if (services.length === 0) return {}
  const week = capacityPeriodOf('week', now).startAt
  const month = capacityPeriodOf('month', now).startAt
  const where: Where = { status: _.in([...CAPACITY_REFERRAL_STATUSES]), sentAt: _.gte(Math.min(week, month)) }
  if (services.length <= NAMED_MAX) where.serviceId = _.in(services.map((service) => service._id))
  const $ = _.aggregate
  const rows: UsedRow[] = []
  for (let skip = 0; ; skip += PAGE_SIZE) {
    const page = await store.rows<UsedRow>(
      store
        .aggregate('referrals')
        .match(where)
        .group({ _id: { serviceId: '$serviceId', inWeek: $.gte(['$sentAt', week]), inMonth: $.gte(['$sentAt', month]) }, count: $.sum(1) })
        .sort({ _id: 1 })
        .skip(skip)
        .limit(PAGE_SIZE)
    )
    rows.push(...page)
    if (page.length < PAGE_SIZE) break
  }
  const periodOf = new Map(services.map((service) => [service._id, service.capacity.period]))
  const used: Record<string, number> = {}
  for (const row of rows) {
    const { serviceId, inWeek, inMonth } = row._id
    const period = periodOf.get(serviceId)
    if (period === undefined) continue
    if (period === 'week' ? inWeek : inMonth) used[serviceId] = (used[serviceId] ?? 0) + row.count
  }
  return used
}

/** Places left this period (never negative). */
export const placesLeft = (service: Pick<ServiceDoc, '_id' | 'capacity'>, used: Readonly<Record<string, number>>): number =>
  Math.max(0, service.capacity.perPeriod - (used[service._id] ?? 0))
