/**
 * The centre's 服务清单, 资源清单 and organizations, and the service design board (organizers of the centre; admins all).
 * Services are created as drafts and published with setServiceStatus; their title and description are public, so
 * they pass the content check, and are segmented for text relevance. Every write leaves an `audit` entry.
 *
 * designBoard puts the centre's need items beside what could serve them. Need items are the 需求清单: approved items
 * from the questionnaires (survey list review: demand = people who asked) and, per category, the individual needs
 * people submitted or organizers recorded (not withdrawn or merged); a questionnaire need is already counted in its
 * item, so it adds nothing again. Requests: the caller, list items, needs by category and group (one pipeline),
 * resources, services.
 */
import type {
  DesignBoardInput,
  DesignBoardOutput,
  ListManagedServicesInput,
  ListManagedServicesOutput,
  ListOrganizationsInput,
  ListOrganizationsOutput,
  ListResourcesInput,
  ListResourcesOutput,
  ManagedService,
  ManagedServiceOutput,
  OrganizationOutput,
  ResourceOutput,
  SaveOrganizationInput,
  SaveResourceInput,
  SaveServiceInput,
  SetServiceStatusInput
} from '@core/api/service'
import { DomainError } from '@core/api/result'
import { designBoard, SERVICE_STATUS_LABELS, type BoardNeedItem, type BoardResourceItem, type OrganizationDoc, type ResourceDoc, type ServiceDoc } from '@core/matching'
import { RESPONDENT_GROUPS, taxonomyLabel, type RespondentGroup } from '@core/survey'
import { _, audit, PAGE_SIZE, requireShownTextsSafe, requireVenue, type ActionContext, type Where } from '../_shared'
import { placesLeft, placesUsed, store } from './repo'
import { segment } from './segment'

type Ctx<I> = ActionContext<I, 'organizer'>

const managed = (service: ServiceDoc, used: Readonly<Record<string, number>>): ManagedService => {
  const { tokens: _tokens, ...rest } = service
  return { ...rest, statusLabel: SERVICE_STATUS_LABELS[service.status], placesLeft: placesLeft(service, used) }
}

export async function listManagedServices(ctx: Ctx<ListManagedServicesInput>): Promise<ListManagedServicesOutput> {
  const { venueId, status } = ctx.input
  requireVenue(ctx.user, venueId, 'venueId')
  const where: Where = { venueId }
  if (status !== undefined) where.status = status
  const services = await store.findAll('services', where)
  const used = await placesUsed(ctx.now, services)
  return { items: services.sort((a, b) => b.updatedAt - a.updatedAt || (a._id < b._id ? -1 : 1)).map((service) => managed(service, used)) }
}

/** The organization `orgId`, which must exist. */
async function organization(orgId: string): Promise<OrganizationDoc> {
  const org = await store.get('organizations', orgId)
  if (!org) throw new DomainError('NOT_FOUND', '没有这个组织，请先登记组织', 'orgId')
  return org
}

export const OTHER_RESOURCES_MESSAGE = '所用资源须是本服务中心登记的资源'

/**
 * The resources a service draws on are its own centre's (the board offers only those): naming another centre's would
 * let an organizer tie that centre's people and rooms to a service they run.
 */
async function requireOwnResources(resourceIds: readonly string[], venueId: string): Promise<void> {
  const wanted = new Set(resourceIds)
  if (wanted.size === 0) return
  const found = await store.findAll('resources', { _id: _.in([...wanted]), venueId }, { _id: true })
  if (found.length !== wanted.size) throw new DomainError('INVALID_INPUT', OTHER_RESOURCES_MESSAGE, 'resourceIds')
}

export async function saveService(ctx: Ctx<SaveServiceInput>): Promise<ManagedServiceOutput> {
  const { now } = ctx
  const { serviceId, venueId, ...fields } = ctx.input
  requireVenue(ctx.user, venueId, 'venueId')
  const [existing] = await Promise.all([
    serviceId === undefined ? Promise.resolve(null) : store.get('services', serviceId),
    organization(fields.orgId),
    requireOwnResources(fields.resourceIds ?? [], venueId),
    requireShownTextsSafe(
      [
        { field: 'title', label: '服务名称', text: fields.title },
        { field: 'description', label: '服务介绍', text: fields.description },
        ...fields.locations.flatMap((place, i) => [
          { field: `locations.${i}.name`, label: '地点名称', text: place.name },
          { field: `locations.${i}.address`, label: '地址', text: place.address }
        ]),
        ...(fields.amenities ?? []).map((text, i) => ({ field: `amenities.${i}`, label: '便民设施', text }))
      ],
      ctx.openid
    )
  ])
  if (serviceId !== undefined && !existing) throw new DomainError('NOT_FOUND', '没有找到这项服务', 'serviceId')
  if (existing && existing.venueId !== venueId) throw new DomainError('INVALID_INPUT', '服务不能换到另一个服务中心，请在那里新建', 'venueId')
  const saved = {
    ...fields,
    eligibility: { groups: fields.eligibility.groups, ...(fields.eligibility.minAge === undefined ? {} : { minAge: fields.eligibility.minAge }), ...(fields.eligibility.maxAge === undefined ? {} : { maxAge: fields.eligibility.maxAge }) },
    resourceIds: fields.resourceIds ?? [],
    amenities: fields.amenities ?? [],
    tokens: segment(`${fields.title}\n${fields.description}`),
    updatedAt: now
  }
  let service: ServiceDoc
  if (existing) {
    service = { ...existing, ...saved }
    if (fields.serviceAreaM === undefined) delete service.serviceAreaM
    if (fields.contactPhone === undefined) delete service.contactPhone
    const { _id, ...doc } = service
    await store.setDoc('services', _id, doc)
  } else {
    const fresh: Omit<ServiceDoc, '_id'> = { ...saved, venueId, status: 'draft', createdAt: now }
    service = { ...fresh, _id: await store.insert('services', fresh) }
  }
  await audit(ctx, 'saveService', `services/${service._id}`, { title: service.title, created: !existing })
  return { service: managed(service, existing ? await placesUsed(now, [service]) : {}) }
}

export async function setServiceStatus(ctx: Ctx<SetServiceStatusInput>): Promise<ManagedServiceOutput> {
  const { serviceId, status } = ctx.input
  const { now } = ctx
  const service = await store.get('services', serviceId)
  if (!service) throw new DomainError('NOT_FOUND', '没有找到这项服务', 'serviceId')
  requireVenue(ctx.user, service.venueId, 'serviceId')
  if (service.status === 'closed' && status !== 'closed') throw new DomainError('CONFLICT', '这项服务已结束，不能再开启；可以新建一项')
  if (service.status === 'draft' && status === 'paused') throw new DomainError('CONFLICT', '这项服务还没有发布')
  const next: ServiceDoc = { ...service, status, updatedAt: now, ...(status === 'active' && service.publishedAt === undefined ? { publishedAt: now } : {}) }
  const patch = { status, updatedAt: now, ...(next.publishedAt === service.publishedAt ? {} : { publishedAt: next.publishedAt }) }
  if ((await store.update('services', { _id: serviceId, status: service.status }, patch)) !== 1 && service.status !== status) {
    throw new DomainError('CONFLICT', '刚刚有人更新了这项服务，请刷新后再试')
  }
  await audit(ctx, 'setServiceStatus', `services/${serviceId}`, { from: service.status, to: status })
  return { service: managed(next, await placesUsed(now, [next])) }
}

export async function listResources(ctx: Ctx<ListResourcesInput>): Promise<ListResourcesOutput> {
  const { venueId, kind } = ctx.input
  requireVenue(ctx.user, venueId, 'venueId')
  const where: Where = { venueId }
  if (kind !== undefined) where.kind = kind
  const items = await store.findAll('resources', where)
  return { items: items.sort((a, b) => Number(a.retired) - Number(b.retired) || b.updatedAt - a.updatedAt) }
}

export async function saveResource(ctx: Ctx<SaveResourceInput>): Promise<ResourceOutput> {
  const { now } = ctx
  const { resourceId, venueId, retired, description, availability, location, ...fields } = ctx.input
  requireVenue(ctx.user, venueId, 'venueId')
  const [existing] = await Promise.all([
    resourceId === undefined ? Promise.resolve(null) : store.get('resources', resourceId),
    organization(fields.orgId),
    requireShownTextsSafe(
      [
        { field: 'title', label: '资源名称', text: fields.title },
        { field: 'description', label: '资源说明', text: description },
        { field: 'unit', label: '单位', text: fields.unit }
      ],
      ctx.openid
    )
  ])
  if (resourceId !== undefined && !existing) throw new DomainError('NOT_FOUND', '没有找到这项资源', 'resourceId')
  if (existing && existing.venueId !== venueId) throw new DomainError('INVALID_INPUT', '资源不能换到另一个服务中心', 'venueId')
  const doc: Omit<ResourceDoc, '_id'> = {
    ...fields,
    venueId,
    description: description ?? '',
    availability: availability ?? [],
    ...(location === undefined ? {} : { location }),
    retired: retired ?? false,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now
  }
  let resource: ResourceDoc
  if (existing) {
    await store.setDoc('resources', existing._id, doc)
    resource = { ...doc, _id: existing._id }
  } else {
    resource = { ...doc, _id: await store.insert('resources', doc) }
  }
  await audit(ctx, 'saveResource', `resources/${resource._id}`, { title: resource.title, created: !existing })
  return { resource }
}

export async function listOrganizations(ctx: Ctx<ListOrganizationsInput>): Promise<ListOrganizationsOutput> {
  requireVenue(ctx.user, ctx.input.venueId, 'venueId')
  const items = await store.findAll('organizations', { venueId: ctx.input.venueId })
  return { items: items.sort((a, b) => a.name.localeCompare(b.name, 'zh-Hans-CN')) }
}

export async function saveOrganization(ctx: Ctx<SaveOrganizationInput>): Promise<OrganizationOutput> {
  const { now } = ctx
  const { orgId, venueId, description, ...fields } = ctx.input
  requireVenue(ctx.user, venueId, 'venueId')
  const [existing] = await Promise.all([
    orgId === undefined ? Promise.resolve(null) : store.get('organizations', orgId),
    requireShownTextsSafe(
      [
        { field: 'name', label: '组织名称', text: fields.name },
        { field: 'description', label: '组织介绍', text: description },
        { field: 'contactName', label: '联系人', text: fields.contactName }
      ],
      ctx.openid
    )
  ])
  if (orgId !== undefined && !existing) throw new DomainError('NOT_FOUND', '没有这个组织', 'orgId')
  if (existing) requireVenue(ctx.user, existing.venueId, 'orgId')
  const doc: Omit<OrganizationDoc, '_id'> = { ...fields, venueId: existing?.venueId ?? venueId, description: description ?? '', createdAt: existing?.createdAt ?? now, updatedAt: now }
  let organization: OrganizationDoc
  if (existing) {
    await store.setDoc('organizations', existing._id, doc)
    organization = { ...doc, _id: existing._id }
  } else {
    organization = { ...doc, _id: await store.insert('organizations', doc) }
  }
  await audit(ctx, 'saveOrganization', `organizations/${organization._id}`, { name: organization.name, created: !existing })
  return { organization }
}

interface NeedGroupRow {
  _id: { category: string; group: RespondentGroup }
  count: number
}

/** The centre's individual needs still on the list, counted by category and group (one request per 1000 rows). */
async function needsByCategoryAndGroup(venueId: string): Promise<NeedGroupRow[]> {
  const $ = _.aggregate
  const rows: NeedGroupRow[] = []
  for (let skip = 0; ; skip += PAGE_SIZE) {
    const page = await store.rows<NeedGroupRow>(
      store
        .aggregate('needs')
        .match({ venueId, source: _.neq('survey'), status: _.nin(['withdrawn', 'duplicate']) })
        .group({ _id: { category: '$category', group: '$group' }, count: $.sum(1) })
        .sort({ _id: 1 })
        .skip(skip)
        .limit(PAGE_SIZE)
    )
    rows.push(...page)
    if (page.length < PAGE_SIZE) return rows
  }
}

const noGroups = (): Record<RespondentGroup, number> => Object.fromEntries(RESPONDENT_GROUPS.map((group) => [group, 0])) as Record<RespondentGroup, number>

export async function board(ctx: Ctx<DesignBoardInput>): Promise<DesignBoardOutput> {
  const { venueId } = ctx.input
  requireVenue(ctx.user, venueId, 'venueId')
  const [items, needRows, resources, services] = await Promise.all([
    store.findAll('listItems', { venueId }),
    needsByCategoryAndGroup(venueId),
    store.findAll('resources', { venueId }),
    store.findAll('services', { venueId })
  ])
  const needItems = new Map<string, BoardNeedItem & { byGroup: Record<RespondentGroup, number> }>()
  for (const item of items) {
    if (item.list !== 'need') continue
    needItems.set(item.code, { _id: item._id, code: item.code, title: item.title, demand: item.demand, byGroup: { ...noGroups(), ...item.byGroup } })
  }
  for (const row of needRows) {
    const { category, group } = row._id
    const item = needItems.get(category) ?? { _id: `${venueId}-needs-${category}`, code: category, title: taxonomyLabel(category), demand: 0, byGroup: noGroups() }
    item.demand += row.count
    item.byGroup[group] = (item.byGroup[group] ?? 0) + row.count
    needItems.set(category, item)
  }
  const resourceItems: BoardResourceItem[] = items
    .filter((item) => item.list === 'resource')
    .map((item) => ({ _id: item._id, code: item.code, title: item.title, demand: item.demand }))
  return { board: designBoard([...needItems.values()], resourceItems, resources, services) }
}
