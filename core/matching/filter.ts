/**
 * Hard filters: whether a service can take a need at all. All must pass; the first that fails names why (so an
 * organizer sees "没有合适的服务：3 个名额已满，2 个不在服务范围"). Cheap checks run first.
 *
 *   active     the service is published and running
 *   tried      the need was not already referred to it (declined, cancelled, could not help, or still open)
 *   category   its taxonomy fits the need's code: exact, synonym, parent or child (taxonomyMatch)
 *   group      the requester's group is one it serves (no groups = everyone; an unknown group fits only that)
 *   age        the requester's age is within its range (an age not given passes; the provider checks)
 *   capacity   it has places left in the current period
 *   area       the need is inside its service area around one of its locations (a coarse point gets COARSE_SLACK_M;
 *              a need without a location, or a service without an area, passes)
 *   schedule   its weekly schedule overlaps the need's availability by at least MIN_OVERLAP_MIN (no availability =
 *              any time)
 *
 * Services are prepared once per run (`prepareServices`): schedules as week intervals, tokens normalized, capacity
 * left, and an index from taxonomy code to services, so a need is checked only against services whose codes can fit.
 */
import { COARSE_SLACK_M, distanceM } from './geo'
import { type NeedDoc, type ServiceDoc } from './model'
import { availabilityIntervals, intersect, totalMinutes, weekIntervals, type WeekInterval } from './schedule'
import { fittingCodes, taxonomyMatch, type TaxonomyFit } from './taxonomy'
import { buildTextIndex, normalizeTokens, type TextIndex } from './text'

export const FILTERS = ['active', 'tried', 'category', 'group', 'age', 'capacity', 'area', 'schedule'] as const
export type FilterName = (typeof FILTERS)[number]
/** Why a service was ruled out, as counted in "没有合适的服务：…". */
export const FILTER_LABELS: Record<FilterName, string> = {
  active: '未在服务',
  tried: '已转介过',
  category: '类别不符',
  group: '不面向该人群',
  age: '年龄不符',
  capacity: '名额已满',
  area: '不在服务范围',
  schedule: '时间对不上'
}

/** A week's overlap shorter than this is not enough to be served. */
export const MIN_OVERLAP_MIN = 30

/** A service as the matcher uses it. */
export interface PreparedService {
  service: ServiceDoc
  schedule: WeekInterval[]
  tokens: string[]
  /** Places left in the current period (never negative). */
  left: number
}

export interface ServicePool {
  services: PreparedService[]
  byId: ReadonlyMap<string, PreparedService>
  /** Taxonomy code → the services carrying it. */
  byCode: ReadonlyMap<string, readonly PreparedService[]>
  text: TextIndex
}

/**
 * The pool of services a run matches against. `used` is each service's places taken in its current period (referrals
 * in CAPACITY_REFERRAL_STATUSES sent in that period, counted by the function); absent = none.
 */
export function prepareServices(services: readonly ServiceDoc[], used: Readonly<Record<string, number>>): ServicePool {
  const prepared = services.map(
    (service): PreparedService => ({
      service,
      schedule: weekIntervals(service.schedules),
      tokens: normalizeTokens(service.tokens),
      left: Math.max(0, service.capacity.perPeriod - (used[service._id] ?? 0))
    })
  )
  const byCode = new Map<string, PreparedService[]>()
  for (const entry of prepared) {
    for (const code of new Set(entry.service.taxonomy)) {
      const list = byCode.get(code) ?? []
      list.push(entry)
      byCode.set(code, list)
    }
  }
  return {
    services: prepared,
    byId: new Map(prepared.map((entry) => [entry.service._id, entry])),
    byCode,
    text: buildTextIndex(prepared.map((entry) => entry.tokens))
  }
}

/** A need as the matcher uses it. */
export interface PreparedNeed {
  need: NeedDoc
  tokens: string[]
  availability: readonly WeekInterval[]
  /** Services it must not be proposed to again (servicesTriedFor). */
  tried: ReadonlySet<string>
}

export const prepareNeed = (need: NeedDoc, tried: Iterable<string> = []): PreparedNeed => ({
  need,
  tokens: normalizeTokens(need.tokens),
  availability: availabilityIntervals(need.availability),
  tried: new Set(tried)
})

/** What the filters found out, for the score. */
export interface Facts {
  fit: TaxonomyFit
  /** To the nearest location; absent when the need or the service has no location. */
  distanceM?: number
  /** The distance is from a coarse point. */
  approximate: boolean
  /** The weekly windows when both can meet. */
  overlap: WeekInterval[]
  left: number
}

export type Check = { ok: true; facts: Facts } | { ok: false; failed: FilterName }

const no = (failed: FilterName): Check => ({ ok: false, failed })

/** Runs the filters in order; the first that fails is the answer. */
export function checkService(need: PreparedNeed, candidate: PreparedService): Check {
  const { service } = candidate
  const { need: doc } = need
  if (service.status !== 'active') return no('active')
  if (need.tried.has(service._id)) return no('tried')
  const fit = taxonomyMatch(doc.category, service.taxonomy)
  if (!fit) return no('category')
  const { groups, minAge, maxAge } = service.eligibility
  if (groups.length > 0 && (doc.group === 'unknown' || !groups.includes(doc.group))) return no('group')
  if (doc.age !== undefined && ((minAge !== undefined && doc.age < minAge) || (maxAge !== undefined && doc.age > maxAge))) return no('age')
  if (candidate.left <= 0) return no('capacity')
  let distance: number | undefined
  const approximate = doc.location !== undefined && !doc.location.precise
  if (doc.location && service.locations.length > 0) {
    const from = doc.location
    distance = Math.min(...service.locations.map((place) => distanceM(from, place)))
    const slack = approximate ? COARSE_SLACK_M : 0
    if (service.serviceAreaM !== undefined && distance - slack > service.serviceAreaM) return no('area')
  }
  const overlap = intersect(need.availability, candidate.schedule)
  if (totalMinutes(overlap) < MIN_OVERLAP_MIN) return no('schedule')
  return { ok: true, facts: { fit, ...(distance === undefined ? {} : { distanceM: distance }), approximate, overlap, left: candidate.left } }
}

/** The services whose codes can fit the need's code (each once), the only ones worth checking. */
export function servicesToCheck(pool: ServicePool, category: string): PreparedService[] {
  const seen = new Set<PreparedService>()
  for (const code of fittingCodes(category)) for (const entry of pool.byCode.get(code) ?? []) seen.add(entry)
  return [...seen]
}
