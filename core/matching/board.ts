/**
 * The service design board: the organizers' level of matching. Need items of the centre's 需求清单 (with how many
 * people asked, and which groups) beside what could serve them — listed services whose taxonomy fits, and resources
 * whose kind serves the need (RESOURCE_SERVES) — with uncovered needs ranked by demand and the coverage line
 * "27 项需求中 22 项已有服务". From a need and one or more resources an organizer composes a new service
 * (`composeService` drafts it; saveService stores it).
 *
 * Resources come from two places and are shown alike: items of the 资源清单 approved from the 资源征集 questionnaire
 * (core/survey review), and resources organizations registered directly (ResourceDoc).
 */
import { RESPONDENT_GROUP_LABELS, RESPONDENT_GROUPS, type RespondentGroup } from '../survey/respondent'
import { childrenOf, needsServedBy, taxonomyEntry, taxonomyLabel } from '../survey/taxonomy'
import { formatMinutes, type Weekday } from '../time'
import {
  LISTED_SERVICE_STATUSES,
  type ResourceDoc,
  type ServiceDoc,
  type ServiceFields,
  type WeeklyWindow
} from './model'
import { formatWeekInterval, intersect, weekIntervals, MINUTES_PER_DAY, type WeekInterval } from './schedule'
import { taxonomyMatch, type TaxonomyRelation } from './taxonomy'

/** A need item of the 需求清单 (a survey ListItemDoc fits). */
export interface BoardNeedItem {
  _id: string
  code: string
  title: string
  demand: number
  byGroup: Partial<Record<RespondentGroup, number>>
}

/** A resource item of the 资源清单 (a survey ListItemDoc of list 'resource' fits; demand = offers). */
export interface BoardResourceItem {
  _id: string
  code: string
  title: string
  demand: number
}

export interface BoardSupply {
  /** The resource item's or resource's `_id`. */
  id: string
  source: 'list' | 'registered'
  code: string
  title: string
  /** '3 条意向' for a list item, '每周 6 小时' for a registered resource. */
  amount: string
}

export interface BoardRow {
  itemId: string
  code: string
  title: string
  /** '法律咨询 · 劳动纠纷' */
  category: string
  demand: number
  /** Largest first, without empty groups. */
  groups: { group: RespondentGroup; label: string; count: number }[]
  /** Listed services that fit (best fit first). */
  services: { serviceId: string; title: string; relation: TaxonomyRelation }[]
  /** Resources that could serve it. */
  resources: BoardSupply[]
  covered: boolean
}

export interface DesignBoard {
  /** Every need item, most demand first. */
  rows: BoardRow[]
  /** Need items without a service, most demand first: what to build next. */
  uncovered: BoardRow[]
  /** Resource items and resources no need item uses (an offer waiting for a need). */
  idle: BoardSupply[]
  coverage: { covered: number; total: number; text: string }
}

/** Whether a resource of `resourceCode` can serve need code `needCode` (directly, for its parent, or for a child). */
export function resourceServes(resourceCode: string, needCode: string): boolean {
  const served = needsServedBy(resourceCode)
  const parent = taxonomyEntry(needCode)?.parent
  return served.includes(needCode) || (parent !== undefined && served.includes(parent)) || childrenOf(needCode).some((child) => served.includes(child))
}

const supplyOfItem = (item: BoardResourceItem): BoardSupply => ({
  id: item._id,
  source: 'list',
  code: item.code,
  title: item.title,
  amount: `${item.demand} 条意向`
})

const supplyOfResource = (resource: ResourceDoc): BoardSupply => ({
  id: resource._id,
  source: 'registered',
  code: resource.kind,
  title: resource.title,
  amount: `${resource.quantity} ${resource.unit}`
})

/** The board from the centre's need items, resource items, registered resources and services. */
export function designBoard(
  needItems: readonly BoardNeedItem[],
  resourceItems: readonly BoardResourceItem[],
  resources: readonly ResourceDoc[],
  services: readonly ServiceDoc[]
): DesignBoard {
  const listed = services.filter((service) => LISTED_SERVICE_STATUSES.includes(service.status))
  const supplies = [...resourceItems.map(supplyOfItem), ...resources.filter((r) => !r.retired).map(supplyOfResource)]
  const used = new Set<string>()
  const rows = needItems
    .map((item): BoardRow => {
      const fitting = listed
        .map((service) => ({ service, fit: taxonomyMatch(item.code, service.taxonomy) }))
        .filter((entry) => entry.fit !== undefined)
        .sort((a, b) => (b.fit?.depth ?? 0) - (a.fit?.depth ?? 0) || (a.service._id < b.service._id ? -1 : 1))
      const serving = supplies.filter((supply) => resourceServes(supply.code, item.code))
      for (const supply of serving) used.add(supply.id)
      const groups = RESPONDENT_GROUPS.filter((group) => (item.byGroup[group] ?? 0) > 0)
        .map((group) => ({ group, label: RESPONDENT_GROUP_LABELS[group], count: item.byGroup[group] ?? 0 }))
        .sort((a, b) => b.count - a.count)
      return {
        itemId: item._id,
        code: item.code,
        title: item.title,
        category: taxonomyLabel(item.code),
        demand: item.demand,
        groups,
        services: fitting.map(({ service, fit }) => ({ serviceId: service._id, title: service.title, relation: fit?.relation ?? 'exact' })),
        resources: serving,
        covered: fitting.length > 0
      }
    })
    .sort((a, b) => b.demand - a.demand || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
  const covered = rows.filter((row) => row.covered).length
  return {
    rows,
    uncovered: rows.filter((row) => !row.covered),
    idle: supplies.filter((supply) => !used.has(supply.id)),
    coverage: { covered, total: rows.length, text: `${rows.length} 项需求中 ${covered} 项已有服务` }
  }
}

/** Amenities a station resource brings to a service (shown on the service points map). */
const STATION_AMENITIES: Readonly<Record<string, string>> = {
  STATION_CHARGING: '充电',
  STATION_WATER: '饮水',
  STATION_MEAL: '热饭',
  STATION_REST: '歇脚',
  STATION_TOILET: '卫生间',
  STATION_REPAIR: '修车'
}

/** The default places per week of a composed service, when no resource counts people or times. */
export const COMPOSED_DEFAULT_CAPACITY = 10

/** Units that count people or times, so a resource's quantity can be the service's capacity. */
const COUNTING_UNITS: ReadonlySet<string> = new Set(['人', '人次', '次', '名', '个名额', '名额'])

const windowsOf = (intervals: readonly WeekInterval[]): WeeklyWindow[] =>
  intervals.map((interval) => {
    const day = Math.floor(interval.start / MINUTES_PER_DAY)
    return {
      weekday: (day + 1) as Weekday,
      from: formatMinutes(interval.start - day * MINUTES_PER_DAY),
      to: formatMinutes(Math.min(interval.end - day * MINUTES_PER_DAY, MINUTES_PER_DAY - 1))
    }
  })

export interface ComposedService {
  fields: ServiceFields
  /** What the organizer should check before saving (in Chinese). */
  notes: string[]
}

/**
 * A new service drafted from a need item and the resources chosen for it: the need's code and title, the resources'
 * organization (the first one's), the hours when all of them are available, capacity from a resource counted in people
 * or times. Locations and eligibility are left for the organizer.
 */
export function composeService(item: BoardNeedItem, resources: readonly ResourceDoc[]): ComposedService {
  const notes: string[] = []
  const timed = resources.filter((resource) => resource.availability.length > 0)
  let schedule: WeekInterval[] = timed.length === 0 ? [] : weekIntervals(timed[0].availability)
  for (const resource of timed.slice(1)) schedule = intersect(schedule, weekIntervals(resource.availability))
  if (timed.length > 1 && schedule.length === 0) notes.push('所选资源的可用时间没有重合，请手动填写服务时间')
  if (timed.length === 0) notes.push('所选资源没有登记可用时间，请填写服务时间')
  const counted = resources.filter((resource) => COUNTING_UNITS.has(resource.unit))
  const perPeriod = counted.length > 0 ? Math.max(1, Math.min(...counted.map((resource) => resource.quantity))) : COMPOSED_DEFAULT_CAPACITY
  if (counted.length === 0) notes.push(`服务名额暂按每周 ${COMPOSED_DEFAULT_CAPACITY} 人，请按实际调整`)
  const orgs = [...new Set(resources.map((resource) => resource.orgId))]
  if (orgs.length > 1) notes.push('所选资源来自多个组织，服务先记在第一个组织名下')
  const unfit = resources.filter((resource) => !resourceServes(resource.kind, item.code))
  if (unfit.length > 0) notes.push(`${unfit.map((resource) => resource.title).join('、')}通常不用于${taxonomyLabel(item.code)}`)
  notes.push('请补充服务地点和服务对象')
  if (schedule.length > 0) notes.push(`服务时间：${schedule.map(formatWeekInterval).join('，')}`)
  return {
    fields: {
      orgId: orgs[0] ?? '',
      title: item.title,
      description: '',
      taxonomy: [item.code],
      eligibility: { groups: [] },
      locations: [],
      schedules: windowsOf(schedule),
      capacity: { perPeriod, period: 'week' },
      resourceIds: resources.map((resource) => resource._id),
      amenities: [...new Set(resources.map((resource) => STATION_AMENITIES[resource.kind]).filter((a): a is string => a !== undefined))]
    },
    notes
  }
}
