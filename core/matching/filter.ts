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
 * left, and an index from taxonomy code to services, so a need is checked only against services whose codes can fit,
 * and among those (by a grid over the map) only the ones whose area can reach it.
 */
import { COARSE_SLACK_M, distanceM } from './geo'
import { type GeoPoint, type NeedDoc, type ServiceDoc } from './model'
import { availabilityIntervals, intersect, overlapMinutes, weekIntervals, type WeekInterval } from './schedule'
import { fittingCodes, taxonomyMatch, type TaxonomyFit } from './taxonomy'
import { buildTextIndex, normalizeTokens, queryOf, termCounts, type Query, type TermCounts, type TextIndex } from './text'

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
  counts: TermCounts
  /** Places left in the current period (never negative). */
  left: number
}

export interface ServicePool {
  services: PreparedService[]
  byId: ReadonlyMap<string, PreparedService>
  /** Taxonomy code → the services carrying it. */
  byCode: ReadonlyMap<string, readonly PreparedService[]>
  /** Need code → the services worth checking for it (filled on first use). */
  toCheck: Map<string, CheckList>
  text: TextIndex
}

/**
 * The pool of services a run matches against. `used` is each service's places taken in its current period (referrals
 * in CAPACITY_REFERRAL_STATUSES sent in that period, counted by the function); absent = none.
 */
export function prepareServices(services: readonly ServiceDoc[], used: Readonly<Record<string, number>>): ServicePool {
  const prepared = services.map((service): PreparedService => {
    const tokens = normalizeTokens(service.tokens)
    return {
      service,
      schedule: weekIntervals(service.schedules),
      tokens,
      counts: termCounts(tokens),
      left: Math.max(0, service.capacity.perPeriod - (used[service._id] ?? 0))
    }
  })
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
    toCheck: new Map(),
    text: buildTextIndex(prepared.map((entry) => entry.tokens))
  }
}

/** A need as the matcher uses it against one pool. */
export interface PreparedNeed {
  need: NeedDoc
  tokens: string[]
  /** Its words weighted by the pool's idf. */
  query: Query
  availability: readonly WeekInterval[]
  /** Services it must not be proposed to again (servicesTriedFor). */
  tried: ReadonlySet<string>
}

export function prepareNeed(need: NeedDoc, pool: ServicePool, tried: Iterable<string> = []): PreparedNeed {
  const tokens = normalizeTokens(need.tokens)
  return { need, tokens, query: queryOf(pool.text, tokens), availability: availabilityIntervals(need.availability), tried: new Set(tried) }
}

/** What the filters found out, for the score. */
export interface Facts {
  fit: TaxonomyFit
  /** To the nearest location; absent when the need or the service has no location. */
  distanceM?: number
  /** The distance is from a coarse point. */
  approximate: boolean
  /** Minutes a week when both can meet (the windows themselves: `meetingWindows`). */
  overlapMinutes: number
  left: number
}

export type Check = { ok: true; facts: Facts } | { ok: false; failed: FilterName }

/** One refusal per filter, shared: a check that fails allocates nothing. */
const NO: Readonly<Record<FilterName, Check>> = Object.fromEntries(FILTERS.map((failed) => [failed, { ok: false, failed }])) as Record<FilterName, Check>
const no = (failed: FilterName): Check => NO[failed]

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
    distance = Infinity
    for (const place of service.locations) distance = Math.min(distance, distanceM(doc.location, place))
    const slack = approximate ? COARSE_SLACK_M : 0
    if (service.serviceAreaM !== undefined && distance - slack > service.serviceAreaM) return no('area')
  }
  const overlap = overlapMinutes(need.availability, candidate.schedule)
  if (overlap < MIN_OVERLAP_MIN) return no('schedule')
  const facts: Facts = { fit, approximate, overlapMinutes: overlap, left: candidate.left }
  if (distance !== undefined) facts.distanceM = distance
  return { ok: true, facts }
}

/** The weekly windows when the need and the service can meet. */
export const meetingWindows = (need: PreparedNeed, candidate: PreparedService): WeekInterval[] => intersect(need.availability, candidate.schedule)

/**
 * The services of one need code, with a grid over the map: a cell lists the services whose reach (service area plus
 * COARSE_SLACK_M around any location, as a lat/lng box) touches it; services without an area or a location reach
 * everywhere. A need at a point needs checking only against its cell's services and those.
 */
interface CheckList {
  all: readonly PreparedService[]
  everywhere: readonly PreparedService[]
  cells: ReadonlyMap<string, readonly PreparedService[]>
}

/** Grid cells of about 2.2 km in Lanzhou. */
const CELL_LAT = 0.02
const CELL_LNG = 0.025
const METRES_PER_DEGREE = 111_195
/** Widens each reach box a little, for the curvature the box ignores. */
const REACH_MARGIN = 1.01

const cellKey = (row: number, column: number): string => `${row}:${column}`

function checkListOf(services: readonly PreparedService[]): CheckList {
  const everywhere: PreparedService[] = []
  const cells = new Map<string, PreparedService[]>()
  for (const entry of services) {
    const { serviceAreaM, locations } = entry.service
    if (serviceAreaM === undefined || locations.length === 0) {
      everywhere.push(entry)
      continue
    }
    const reach = (serviceAreaM + COARSE_SLACK_M) * REACH_MARGIN
    const touched = new Set<string>()
    for (const place of locations) {
      const dLat = reach / METRES_PER_DEGREE
      const dLng = reach / (METRES_PER_DEGREE * Math.max(0.01, Math.cos(((Math.abs(place.lat) + dLat) * Math.PI) / 180)))
      for (let row = Math.floor((place.lat - dLat) / CELL_LAT); row <= Math.floor((place.lat + dLat) / CELL_LAT); row++) {
        for (let column = Math.floor((place.lng - dLng) / CELL_LNG); column <= Math.floor((place.lng + dLng) / CELL_LNG); column++) {
          touched.add(cellKey(row, column))
        }
      }
    }
    for (const key of touched) {
      const list = cells.get(key) ?? []
      list.push(entry)
      cells.set(key, list)
    }
  }
  return { all: services, everywhere, cells }
}

/**
 * The services worth checking for a need of `category` at `at` (no point: all of them), and how many of its kind
 * cannot reach that point at all (counted as out of area without further checks).
 */
export function servicesToCheck(pool: ServicePool, category: string, at?: GeoPoint): { services: readonly PreparedService[]; outOfReach: number } {
  let list = pool.toCheck.get(category)
  if (!list) {
    const seen = new Set<PreparedService>()
    for (const code of fittingCodes(category)) for (const entry of pool.byCode.get(code) ?? []) seen.add(entry)
    list = checkListOf([...seen])
    pool.toCheck.set(category, list)
  }
  if (!at) return { services: list.all, outOfReach: 0 }
  const near = list.cells.get(cellKey(Math.floor(at.lat / CELL_LAT), Math.floor(at.lng / CELL_LNG))) ?? []
  const services = near.length === 0 ? list.everywhere : list.everywhere.length === 0 ? near : [...list.everywhere, ...near]
  return { services, outOfReach: list.all.length - services.length }
}
