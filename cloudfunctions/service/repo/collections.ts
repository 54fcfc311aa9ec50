/**
 * Function `service`'s collections and their stored shapes, declared once: the shared ones (users, venues, audit), its
 * own (needs, organizations, resources, services, referrals, requesters), the notification queue it writes to, and
 * what it reads of other functions' data — the survey's approved list items and entries (需求清单 demand, needs from
 * questionnaire answers) and course bookings (activities held).
 *
 *   needs          StoredNeed: the 需求清单's individual needs; the requester only by keyed hash, the words and the
 *                  precise point sealed (sealed-needs.ts)
 *   requesters     RequesterDoc `<requesterKey>`: whom a key belongs to, read only to message the person or, with
 *                  their consent, to name them to a provider — never joined into what organizers see
 *   organizations  OrganizationDoc; resources ResourceDoc (资源清单); services ServiceDoc (服务清单)
 *   referrals      ReferralDoc `<needId>_<serviceId>` (referralIdFor): one per need and service
 *   notifications  NotificationDoc: subscribe messages the course timer's sender sends
 *   messageConsents MessageConsentDoc `<openid>:<template>`: acceptances of the matching templates not used yet
 */
import type { BookingDoc, CourseDoc, NotificationDoc } from '@core/booking'
import type { MessageConsentDoc, OrganizationDoc, ReferralDoc, ResourceDoc, ServiceDoc } from '@core/matching'
import type { EntryDoc, ListItemDoc, ResponseDoc } from '@core/survey'
import { createStore, type SharedCollections } from '../../_shared'
import type { StoredNeed } from './sealed-needs'

/** Whom a requester key stands for. */
export interface RequesterDoc {
  /** The keyed hash of the openid (NeedDoc.requesterKey). */
  _id: string
  openid: string
  updatedAt: number
  /** Set while the person's data is being erased: the anonymous key their needs get (mydata.ts). */
  erasedAs?: string
}

export interface ServiceCollections extends SharedCollections {
  needs: StoredNeed
  requesters: RequesterDoc
  organizations: OrganizationDoc
  resources: ResourceDoc
  services: ServiceDoc
  referrals: ReferralDoc
  notifications: NotificationDoc
  messageConsents: MessageConsentDoc
  listItems: ListItemDoc
  listEntries: EntryDoc
  responses: ResponseDoc
  courses: CourseDoc
  bookings: BookingDoc
}

export const store = createStore<ServiceCollections>()
