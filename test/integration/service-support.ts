/**
 * Arranging and reading data for the integration tests of function `service` (service-*.test.ts): a local cloud with
 * the demo data (emulator/demo-services.ts) and only function `service`, its clock stopped at NOW. Needs, referrals
 * and figures are made through the function's own actions; the store is read directly only to look at what was
 * written (and to add a provider for an organization the demo has none for).
 */
import type { ActionInput, ActionName } from '@core/api'
import type { NotificationDoc } from '@core/booking'
import type { NeedDoc, ReferralDoc, ServiceDoc } from '@core/matching'
import type { UserDoc } from '@core/user'
import { keyRingFrom, type DataKeys } from '../../cloudfunctions/_shared/sealing'
import { openNeed, type StoredNeed } from '../../cloudfunctions/service/repo/sealed-needs'
import { DEMO_PROVIDER_ORG } from '../../emulator/demo-services'
import { startTestCloud, type TestCloud, type TestCloudOptions } from '../support/cloud'
import { WEDNESDAY_10_00 } from '../support/instants'

/** A Wednesday morning in Shanghai: inside the demo's week, between two evening legal sessions. */
export const NOW = WEDNESDAY_10_00

export const ORGANIZER = 'demo-organizer'
export const ADMIN = 'demo-admin'
export const PROVIDER = 'demo-provider'
export const VENUE = 'venue-youlin'
export const OTHER_VENUE = 'venue-laojie'
export { DEMO_PROVIDER_ORG }

export type ServiceAction = ActionName<'service'>

export const startServiceCloud = (options: Partial<TestCloudOptions> = {}): Promise<TestCloud> =>
  startTestCloud({ at: NOW, seed: true, functions: ['service'], ...options })

/** An action of function `service`, by default as the demo organizer. */
export const call = <A extends ServiceAction>(cloud: TestCloud, action: A, input: ActionInput<'service', A>, openid: string = ORGANIZER) =>
  cloud.call('service', action, input, openid)

/** The process's data keys: the ones the local cloud gave its functions. */
export function storeKeys(): DataKeys {
  const keys = keyRingFrom(process.env)
  if (!keys.ok) throw new Error(keys.problem)
  return keys.keys
}

/** A need as stored, opened as the function opens it. */
export const openedNeed = (stored: StoredNeed): NeedDoc => openNeed(storeKeys(), stored)

export const needOf = (cloud: TestCloud, needId: string): NeedDoc | undefined => cloud.db.find<StoredNeed>('needs', { _id: needId }).map(openedNeed)[0]
export const serviceOf = (cloud: TestCloud, serviceId: string): ServiceDoc | undefined => cloud.db.find<ServiceDoc>('services', { _id: serviceId })[0]
export const referralOf = (cloud: TestCloud, referralId: string): ReferralDoc | undefined => cloud.db.find<ReferralDoc>('referrals', { _id: referralId })[0]

/** The messages queued about one subject (a referral or a need) for one kind of change. */
export const messagesAbout = (cloud: TestCloud, subjectId: string, kind: string): NotificationDoc[] =>
  cloud.db.find<NotificationDoc>('notifications', { subjectId, kind })

/** The people acting for an organization (role provider with the organization in their orgIds). */
export const providersOf = (cloud: TestCloud, orgId: string): string[] =>
  cloud.db
    .find<UserDoc>('users', { orgIds: orgId })
    .filter((user) => (user.roles ?? []).includes('provider'))
    .map((user) => user._id)

/** A provider for `orgId`: demo-provider for its organization, else a new user acting for it (made once). */
export function providerFor(cloud: TestCloud, orgId: string): string {
  if (orgId === DEMO_PROVIDER_ORG) return PROVIDER
  const _id = `test-provider-${orgId}`
  if (cloud.db.find('users', { _id }).length === 0) {
    const [template] = cloud.db.find<UserDoc>('users', { _id: PROVIDER })
    cloud.db.insert('users', [{ ...template, _id, nickname: `${orgId} 的服务方`, orgIds: [orgId] }])
  }
  return _id
}

/** Every document count of the collections an action may write, to show nothing was written. */
export const snapshot = (cloud: TestCloud) =>
  ['needs', 'referrals', 'requesters', 'notifications', 'services', 'resources', 'organizations', 'audit'].map((c) => [c, cloud.db.find(c).length])
