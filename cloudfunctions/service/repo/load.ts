/**
 * What an action on one referral or one need has to know, in ONE database request each: the document, and beside it
 * (by equality `lookup`s in the same aggregate, the way the survey function loads a respondent's survey) the need and
 * service of a referral, the need's other referrals and their services, whom the requester key stands for, the
 * caller's own user document, and the people a change must tell — the providers of the organization and the
 * organizers of the centre. Providers and organizers are found through the `orgIds` and `venueIds` arrays of `users`
 * (indexed: collections.json). A lookup is only ever keyed by a field the document always has (or by one whose
 * absence matches nothing, like an `_id`): an absent key would match every user without the array. Needs are opened
 * here (sealed-needs.ts), so a context always holds core's NeedDoc.
 */
import type { NeedDoc, ReferralDoc, ServiceDoc } from '@core/matching'
import { hasRole, type UserDoc } from '@core/user'
import { _ } from '../../_shared'
import { dataKeysOf } from '../requester'
import { store, type RequesterDoc } from './collections'
import { openNeed, type StoredNeed } from './sealed-needs'

type Row = Record<string, unknown>

const many = <T>(row: Row, key: string): T[] => (Array.isArray(row[key]) ? (row[key] as T[]) : [])
const one = <T>(row: Row, key: string): T | null => many<T>(row, key)[0] ?? null

/** A referral with everything a step on it reads. */
export interface ReferralContext {
  referral: ReferralDoc
  need: NeedDoc
  service: ServiceDoc | null
  /** Every referral of the need (this one included), oldest first. */
  siblings: ReferralDoc[]
  /** Their services, for titles. */
  services: ServiceDoc[]
  requester: RequesterDoc | null
  /** The requester's user document (their nickname, shown to a provider only with consent). */
  requesterUser: UserDoc | null
  caller: UserDoc | null
  providers: UserDoc[]
  organizers: UserDoc[]
}

const byCreated = <T extends { createdAt: number; _id: string }>(a: T, b: T): number => a.createdAt - b.createdAt || (a._id < b._id ? -1 : 1)

/** The referral and its context, or null when there is no such referral (or its need is gone). One request. */
export async function loadReferral(referralId: string, callerOpenid: string): Promise<ReferralContext | null> {
  const $ = _.aggregate
  const [row] = await store.rows<Row>(
    store
      .aggregate('referrals')
      .match({ _id: referralId })
      .addFields({ callerId: $.literal(callerOpenid) })
      .lookup({ from: 'needs', localField: 'needId', foreignField: '_id', as: 'with_need' })
      .lookup({ from: 'services', localField: 'serviceId', foreignField: '_id', as: 'with_service' })
      .lookup({ from: 'referrals', localField: 'needId', foreignField: 'needId', as: 'with_siblings' })
      .lookup({ from: 'services', localField: 'with_siblings.serviceId', foreignField: '_id', as: 'with_services' })
      .lookup({ from: 'requesters', localField: 'requesterKey', foreignField: '_id', as: 'with_requester' })
      .lookup({ from: 'users', localField: 'with_requester.openid', foreignField: '_id', as: 'with_requesterUser' })
      .lookup({ from: 'users', localField: 'callerId', foreignField: '_id', as: 'with_caller' })
      .lookup({ from: 'users', localField: 'orgId', foreignField: 'orgIds', as: 'with_providers' })
      .lookup({ from: 'users', localField: 'venueId', foreignField: 'venueIds', as: 'with_organizers' })
      .limit(1)
  )
  const stored = row ? one<StoredNeed>(row, 'with_need') : null
  if (!row || !stored) return null
  const need = openNeed(dataKeysOf('loadReferral'), stored)
  const referral: Row = { ...row }
  for (const key of Object.keys(referral)) if (key.startsWith('with_') || key === 'callerId') delete referral[key]
  return {
    referral: referral as unknown as ReferralDoc,
    need,
    service: one<ServiceDoc>(row, 'with_service'),
    siblings: many<ReferralDoc>(row, 'with_siblings').sort(byCreated),
    services: many<ServiceDoc>(row, 'with_services'),
    requester: row.requesterKey === undefined ? null : one<RequesterDoc>(row, 'with_requester'),
    requesterUser: row.requesterKey === undefined ? null : one<UserDoc>(row, 'with_requesterUser'),
    caller: one<UserDoc>(row, 'with_caller'),
    // The lookups matched array members; the roles are checked here, where they mean something.
    providers: many<UserDoc>(row, 'with_providers').filter((user) => hasRole(user, 'provider')),
    organizers: many<UserDoc>(row, 'with_organizers').filter((user) => hasRole(user, 'organizer'))
  }
}

/** A need with its referrals, their services and the requester. */
export interface NeedContext {
  need: NeedDoc
  referrals: ReferralDoc[]
  services: ServiceDoc[]
  requester: RequesterDoc | null
}

/** Needs by `_id` (at most 100) with their context, in one request; missing ids are simply absent. */
export async function loadNeeds(needIds: readonly string[]): Promise<NeedContext[]> {
  if (needIds.length === 0) return []
  const rows = await store.rows<Row>(
    store
      .aggregate('needs')
      .match({ _id: _.in([...new Set(needIds)]) })
      .lookup({ from: 'referrals', localField: '_id', foreignField: 'needId', as: 'with_referrals' })
      .lookup({ from: 'services', localField: 'with_referrals.serviceId', foreignField: '_id', as: 'with_services' })
      .lookup({ from: 'requesters', localField: 'requesterKey', foreignField: '_id', as: 'with_requester' })
      .limit(needIds.length)
  )
  const keys = rows.length === 0 ? undefined : dataKeysOf('loadNeeds')
  return rows.map((row) => {
    const need: Row = { ...row }
    for (const key of Object.keys(need)) if (key.startsWith('with_')) delete need[key]
    return {
      need: openNeed(keys as NonNullable<typeof keys>, need as unknown as StoredNeed),
      referrals: many<ReferralDoc>(row, 'with_referrals').sort(byCreated),
      services: many<ServiceDoc>(row, 'with_services'),
      requester: row.requesterKey === undefined ? null : one<RequesterDoc>(row, 'with_requester')
    }
  })
}

/** One need with its context, or null. One request. */
export const loadNeed = async (needId: string): Promise<NeedContext | null> => (await loadNeeds([needId]))[0] ?? null

/** Users acting for any of `orgIds` (providers), or running any of `venueIds` (organizers). One request each. */
export async function providersOf(orgIds: readonly string[]): Promise<UserDoc[]> {
  if (orgIds.length === 0) return []
  const users = await store.findAll('users', { orgIds: _.in([...new Set(orgIds)]) }, { _id: true, roles: true, orgIds: true })
  return users.filter((user) => hasRole(user, 'provider'))
}

export async function organizersOf(venueIds: readonly string[]): Promise<UserDoc[]> {
  if (venueIds.length === 0) return []
  const users = await store.findAll('users', { venueIds: _.in([...new Set(venueIds)]) }, { _id: true, roles: true, venueIds: true })
  return users.filter((user) => hasRole(user, 'organizer'))
}
