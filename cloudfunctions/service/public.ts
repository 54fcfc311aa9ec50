/**
 * What anyone may see, even without an account (the public 服务 tab and its map):
 *   taxonomy       the codes, their parents and the words people use for them (no database)
 *   listServices   services on the public list (active, paused) as cards: filtered by category (a service fits when
 *                  its taxonomy fits the need's code, as in matching), group, distance, open now, centre; nearest first
 *                  when a position is given. 3 requests: services, their organizations, places used.
 *   getService     a service's page: hours, every location (导航), the organization and phone (联系). 2 requests.
 *   servicePoints  centres, stations (registered 驿站 resources with a place) and service locations on the map, with
 *                  open now / 24 h, distance and the 15-minute circle. 3 requests.
 */
import type {
  GetServiceInput,
  GetServiceOutput,
  ListServicesInput,
  ListServicesOutput,
  ServicePointsInput,
  ServicePointsOutput,
  TaxonomyInput,
  TaxonomyOutput
} from '@core/api/service'
import { DomainError } from '@core/api/result'
import {
  amenitiesIn,
  distanceM,
  FIFTEEN_MINUTE_CIRCLE_M,
  formatWeekInterval,
  LISTED_SERVICE_STATUSES,
  ORGANIZATION_KIND_LABELS,
  serviceCard,
  taxonomyMatch,
  viewPoints,
  weekIntervals,
  type OrganizationDoc,
  type ServiceCard,
  type ServiceDoc,
  type ServicePoint
} from '@core/matching'
import { synonymsOf, TAXONOMY } from '@core/survey'
import { _, type ActionContext, type Where } from '../_shared'
import { placesLeft, placesUsed, store } from './repo'

type Ctx<I> = ActionContext<I, 'public'>

export function taxonomy(ctx: Ctx<TaxonomyInput>): Promise<TaxonomyOutput> {
  const { list } = ctx.input
  return Promise.resolve({
    items: TAXONOMY.filter((entry) => list === undefined || entry.list === list).map((entry) => ({
      code: entry.code,
      name: entry.name,
      ...(entry.parent === undefined ? {} : { parent: entry.parent }),
      list: entry.list,
      synonyms: synonymsOf(entry.code)
    }))
  })
}

const DEFAULT_PAGE = 20

/** Services on the public list (of one centre when asked), with their organizations' names and places used. */
async function listed(now: number, venueId?: string): Promise<{ services: ServiceDoc[]; orgNames: Map<string, string>; used: Record<string, number> }> {
  const where: Where = { status: _.in([...LISTED_SERVICE_STATUSES]) }
  if (venueId !== undefined) where.venueId = venueId
  const services = await store.findAll('services', where)
  const orgIds = [...new Set(services.map((service) => service.orgId))]
  const [orgs, used] = await Promise.all([
    orgIds.length === 0 ? Promise.resolve([]) : store.findAll('organizations', { _id: _.in(orgIds) }, { _id: true, name: true }),
    placesUsed(now, services)
  ])
  return { services, orgNames: new Map(orgs.map((org) => [org._id, org.name])), used }
}

export async function listServices(ctx: Ctx<ListServicesInput>): Promise<ListServicesOutput> {
  const { category, group, near, radiusM, openNow, venueId, offset = 0, limit = DEFAULT_PAGE } = ctx.input
  const { services, orgNames, used } = await listed(ctx.now, venueId)
  const cards: ServiceCard[] = services
    .filter((service) => category === undefined || taxonomyMatch(category, service.taxonomy) !== undefined)
    .filter((service) => group === undefined || service.eligibility.groups.length === 0 || service.eligibility.groups.includes(group))
    .map((service) =>
      serviceCard(service, { orgName: orgNames.get(service.orgId) ?? '', now: ctx.now, ...(near ? { near } : {}), placesLeft: placesLeft(service, used) })
    )
    .filter((card) => !openNow || card.openNow)
    // Without a place to go (a hotline, a visit at home) a service is near everyone.
    .filter((card) => radiusM === undefined || !near || card.distanceM === undefined || card.distanceM <= radiusM)
    .sort((a, b) => (near ? (a.distanceM ?? 0) - (b.distanceM ?? 0) : 0) || Number(b.openNow) - Number(a.openNow) || (a._id < b._id ? -1 : 1))
  return { items: cards.slice(offset, offset + limit), total: cards.length }
}

interface ServiceRow extends ServiceDoc {
  with_org?: OrganizationDoc[]
}

export async function getService(ctx: Ctx<GetServiceInput>): Promise<GetServiceOutput> {
  const { serviceId, near } = ctx.input
  const [row] = await store.rows<ServiceRow>(
    store
      .aggregate('services')
      .match({ _id: serviceId, status: _.in([...LISTED_SERVICE_STATUSES]) })
      .lookup({ from: 'organizations', localField: 'orgId', foreignField: '_id', as: 'with_org' })
      .limit(1)
  )
  if (!row) throw new DomainError('NOT_FOUND', '没有找到这项服务', 'serviceId')
  const { with_org: orgs = [], ...service } = row
  const org = orgs[0]
  const used = await placesUsed(ctx.now, [service])
  const card = serviceCard(service, { orgName: org?.name ?? '', now: ctx.now, ...(near ? { near } : {}), placesLeft: placesLeft(service, used) })
  const phone = service.contactPhone ?? org?.contactPhone
  return {
    service: {
      ...card,
      description: service.description,
      locations: service.locations,
      ...(service.serviceAreaM === undefined ? {} : { serviceAreaM: service.serviceAreaM }),
      schedules: service.schedules,
      hours: weekIntervals(service.schedules).map(formatWeekInterval),
      organization: { _id: service.orgId, name: org?.name ?? '', kindLabel: org ? ORGANIZATION_KIND_LABELS[org.kind] : '' },
      ...(phone === undefined ? {} : { contactPhone: phone })
    }
  }
}

/** Station amenities by resource kind (the 驿站 a merchant or property registers). */
const STATION_AMENITY: Readonly<Record<string, string>> = {
  STATION_CHARGING: '充电',
  STATION_WATER: '饮水',
  STATION_MEAL: '热饭',
  STATION_REST: '歇脚',
  STATION_TOILET: '卫生间',
  STATION_REPAIR: '修车'
}

/** Station resources at the same spot (within this) and of one organization are one point on the map. */
const SAME_SPOT_M = 15

export async function servicePoints(ctx: Ctx<ServicePointsInput>): Promise<ServicePointsOutput> {
  const { near, radiusM = FIFTEEN_MINUTE_CIRCLE_M, amenity, openNow, withinCircle } = ctx.input
  const [venues, services, stations] = await Promise.all([
    store.findAll('venues', {}),
    store.findAll('services', { status: 'active' }, { _id: true, title: true, locations: true, schedules: true, amenities: true }),
    store.findAll('resources', { kind: _.in(Object.keys(STATION_AMENITY)), retired: false })
  ])
  const points: ServicePoint[] = venues.map((venue) => ({
    id: `centre:${venue._id}`,
    kind: 'centre',
    name: venue.name,
    address: venue.address,
    lat: venue.lat,
    lng: venue.lng,
    amenities: amenitiesIn(venue.amenities),
    schedules: [],
    open24h: venue.open24h,
    hours: venue.hours
  }))
  const stationPoints: ServicePoint[] = []
  for (const station of stations) {
    const location = station.location
    if (!location) continue
    const amenity = STATION_AMENITY[station.kind]
    const same = stationPoints.find((point) => point.id.startsWith(`station:${station.orgId}:`) && distanceM(point, location) <= SAME_SPOT_M)
    if (same) {
      if (!same.amenities.includes(amenity)) same.amenities.push(amenity)
      continue
    }
    stationPoints.push({
      id: `station:${station.orgId}:${station._id}`,
      kind: 'station',
      name: station.title,
      address: station.description,
      lat: location.lat,
      lng: location.lng,
      amenities: [amenity],
      schedules: station.availability
    })
  }
  const servicePoints: ServicePoint[] = services.flatMap((service) =>
    service.locations
      // A service held at a centre is found through the centre's point.
      .filter((place) => place.venueId === undefined)
      .map((place, i) => ({
        id: `service:${service._id}:${i}`,
        kind: 'service' as const,
        name: `${service.title}（${place.name}）`,
        address: place.address,
        lat: place.lat,
        lng: place.lng,
        amenities: service.amenities,
        schedules: service.schedules
      }))
  )
  const items = viewPoints([...points, ...stationPoints, ...servicePoints], {
    now: ctx.now,
    ...(near ? { near } : {}),
    radiusM,
    ...(amenity === undefined ? {} : { amenity }),
    ...(openNow === undefined ? {} : { openNow }),
    ...(withinCircle === undefined ? {} : { withinCircle })
  })
  return { items, radiusM }
}
