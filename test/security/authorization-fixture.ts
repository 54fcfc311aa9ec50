/**
 * The arrangement the authorization matrix runs on: one local cloud with the demo data, its clock stopped on a
 * Wednesday morning, plus the records and people the matrix's "this" and "another" need. Courses and bookings are
 * written to the store the way seats.ts keeps them (a seat held for someone, a class about to start cannot be reached
 * through the API from one instant); questionnaires and responses go through the survey function itself; the needs and
 * referrals are the demo's.
 *
 * What a cell writes is undone before the next (guardStore), so every cell sees the same arrangement and the table can
 * be read cell by cell, whatever ran before it.
 */
import { DEFAULT_LOTTERY } from '@core/booking'
import type { ReferralDoc } from '@core/matching'
import type { UserDoc } from '@core/user'
import { HOUR_MS, MINUTE_MS, monthKey } from '@core/time'
import { DEMO_PROVIDER_ORG } from '../../emulator/demo-services'
import { addCourse, addSession } from '../integration/course-booking-support'
import { arrange } from '../integration/course-organizer-support'
import { addActivity, addSlot } from '../integration/course-volunteer-support'
import { data, type TestCloud } from '../support/cloud'
import { WEDNESDAY_10_00 } from '../support/instants'
import { MATRIX_SURVEY, type Caller, type Fixture } from './authorization-matrix'
import { WRITE_LIMITS_COLLECTION } from '../support/write-limits'
import { arrangeDeliberation } from '../integration/community-deliberation-support'

export const NOW = WEDNESDAY_10_00

const OWNER = 'demo-rider'
const NEIGHBOUR = 'matrix-neighbour'
const OTHER_ORGANIZER = 'matrix-organizer-laojie'
const OTHER_PROVIDER = 'matrix-provider-union'

/** Who each kind of caller is (`none` sends no identity at all). */
export const IDENTITIES: Readonly<Record<Caller, string | undefined>> = {
  none: undefined,
  user: OWNER,
  anotherUser: NEIGHBOUR,
  organizer: 'demo-organizer',
  otherOrganizer: OTHER_ORGANIZER,
  provider: 'demo-provider',
  otherProvider: OTHER_PROVIDER,
  admin: 'demo-admin'
}

const OTHER_VENUE = 'venue-laojie'
const OTHER_ORG = 'org-union'

/** The people the demo lacks: a user with nothing of their own, an organizer of centre B, a provider of org B. */
function addPeople(cloud: TestCloud): void {
  const [template] = cloud.db.find<UserDoc>('users', { _id: 'demo-resident' })
  const person = (over: Partial<UserDoc> & { _id: string }): UserDoc => ({ ...template, roles: [], ...over })
  cloud.db.insert('users', [
    person({ _id: NEIGHBOUR, nickname: '邻居小赵' }),
    person({ _id: OTHER_ORGANIZER, nickname: '老街小周', roles: ['organizer'], venueIds: [OTHER_VENUE] }),
    person({ _id: OTHER_PROVIDER, nickname: '工会小李', roles: ['provider'], orgIds: [OTHER_ORG] })
  ])
}

function arrangeCourse(
  cloud: TestCloud
): Pick<Fixture, 'courseId' | 'strikeId' | 'sessionFree' | 'sessionBooked' | 'sessionNow' | 'sessionNowSecret' | 'sessionHeld' | 'sessionLottery' | 'sessionVolunteer'> {
  const course = addCourse(cloud)
  const sessionBooked = addSession(cloud, course, { seated: [OWNER] })
  const sessionNow = addSession(cloud, course, { startsIn: 10 * MINUTE_MS, seated: ['demo-courier'] })
  // A seat freed after the waitlist cutoff, held for the owner (head of the waitlist) for twenty minutes.
  const held = addSession(cloud, course, { startsIn: 3 * HOUR_MS })
  arrange(cloud, held, [{ openid: OWNER, status: 'held', over: { holdUntilAt: NOW + 20 * MINUTE_MS } }])
  const strikeId = `${sessionBooked._id}_${OWNER}-strike`
  cloud.db.insert('strikes', [
    { _id: strikeId, openid: OWNER, kind: 'no_show', at: NOW - HOUR_MS, sessionId: sessionBooked._id, courseId: course._id, forgiven: false, createdAt: NOW, updatedAt: NOW }
  ])
  // Another course's class to book, so nobody's weekly limit of this course is in the way.
  const sessionFree = addSession(cloud, addCourse(cloud))
  // A lottery class whose entries closed an hour ago: the draw is due, with one entrant.
  const lotteryCourse = addCourse(cloud, { lottery: DEFAULT_LOTTERY })
  const lottery = addSession(cloud, lotteryCourse, { startsIn: DEFAULT_LOTTERY.closesBeforeH * HOUR_MS - HOUR_MS })
  arrange(cloud, lottery, [{ openid: 'demo-courier', status: 'waitlisted', over: { lottery: 'entered' } }])
  return {
    courseId: course._id,
    strikeId,
    sessionFree: sessionFree._id,
    sessionBooked: sessionBooked._id,
    sessionNow: sessionNow._id,
    sessionNowSecret: sessionNow.checkinSecret,
    sessionHeld: held._id,
    sessionLottery: lottery._id,
    // A patrol slot of centre A that ended an hour ago, demo-courier checked in at its start: ready for a check-out.
    sessionVolunteer: addSlot(cloud, addActivity(cloud), { startsIn: -3 * HOUR_MS, minutes: 120, present: { 'demo-courier': NOW - 3 * HOUR_MS } })._id
  }
}

async function arrangeSurveys(cloud: TestCloud, venue: string): Promise<Pick<Fixture, 'surveyId' | 'draftSurveyId' | 'responseId' | 'reviewCode'>> {
  const organizer = IDENTITIES.organizer
  const save = async () => data((await cloud.call('survey', 'save', { venueId: venue, definition: MATRIX_SURVEY }, organizer)).body).survey._id
  const surveyId = await save()
  data((await cloud.call('survey', 'publish', { surveyId }, organizer)).body)
  const draftSurveyId = await save()
  const answers = { idea: '希望晚上多开课', ok: true, phone: '13912344321' }
  const responseId = data((await cloud.call('survey', 'submit', { surveyId, answers, clientId: 'matrix-owner-0001' }, OWNER)).body).response._id
  const [entry] = cloud.db.find<{ code: string }>('listEntries', { venueId: venue, list: 'need', status: 'draft' }, { limit: 1 })
  return { surveyId, draftSurveyId, responseId, reviewCode: entry.code }
}

/** Arranges everything once; the cloud's clock is already stopped at NOW. */
export async function arrangeMatrix(cloud: TestCloud): Promise<Fixture> {
  const venue = 'venue-youlin'
  addPeople(cloud)
  // The owner's helped need, its referral not rated yet (the demo's is), so rating it is possible.
  const ratedReferral = 'need-demo-rider-checkup_svc-health-checkup'
  cloud.db.update('referrals', { _id: ratedReferral }, { $set: { status: 'completed' satisfies ReferralDoc['status'] }, $unset: { rating: true, comment: true } })
  return {
    venue,
    otherVenue: OTHER_VENUE,
    ...arrangeCourse(cloud),
    ...(await arrangeSurveys(cloud, venue)),
    openNeed: 'need-demo-rider-dating',
    otherNeed: 'need-demo-rider-wages',
    ratedReferral,
    sentReferral: 'need-open-wages-2_svc-legal-night',
    acceptedReferral: 'need-demo-rider-wages_svc-legal-labor',
    scheduledReferral: 'need-open-legal-3_svc-legal-night',
    orgId: DEMO_PROVIDER_ORG,
    serviceId: 'svc-legal-night',
    // 兼职网格员 随手拍
    gridReport: 'grid-demo-youlin-charge',
    gridApplication: 'demo-courier',
    // 骑士之星 先锋指数
    starRider: 'demo-star-wei',
    starMonth: monthKey(NOW),
    // 商圈协商议事
    ...arrangeDeliberation(cloud, NOW),
    // The owner's registration to find their party organization, through the function (which seals it).
    partyRegistration: data(
      (await cloud.call('community', 'registerParty', { kind: 'relation', name: '王小骑', phone: '13800005678', relationAt: '天水市秦州区某村党支部', venueId: venue, consent: true }, OWNER)).body
    ).registration._id,
    now: NOW
  }
}

/** The store's writing methods and which argument names the collection (what the guard below watches). */
const WRITES = { insert: 0, modify: 0, update: 0, remove: 0, createCollection: 0, insertInTransaction: 1, updateInTransaction: 1, removeInTransaction: 1 } as const

/**
 * The write limit's ledger: the dispatcher counts a person's write attempt before the action decides, so a refused
 * call is counted too (probing with refused calls is limited like any other burst). It holds no data of anyone's, so
 * "a refused call wrote nothing" is about every other collection; restore() still puts it back, so no cell runs
 * into a limit another cell used up.
 */
const ATTEMPTS = WRITE_LIMITS_COLLECTION

export interface StoreGuard {
  /** Collections of data written since the arrangement (or the last restore); the write limit's ledger is not data. */
  written(): string[]
  /** Puts every written collection back as arranged: what a call changed is undone, what it added is gone. */
  restore(): void
}

/**
 * Watches the store's writes from now on, against a copy of every collection as it is now. Restoring only what was
 * written keeps a cell cheap: the demo data is large, and most cells write nothing or one or two collections.
 */
export function guardStore(cloud: TestCloud): StoreGuard {
  const db = cloud.db
  const arranged = new Map(db.collections().map((name) => [name, db.find(name)] as const))
  const touched = new Set<string>()
  let restoring = false
  const methods = db as unknown as Record<keyof typeof WRITES, (...args: unknown[]) => unknown>
  for (const [method, at] of Object.entries(WRITES) as [keyof typeof WRITES, number][]) {
    const write = methods[method].bind(db)
    methods[method] = (...args: unknown[]) => {
      if (!restoring) touched.add(String(args[at]))
      return write(...args)
    }
  }
  return {
    written: () => [...touched].filter((name) => name !== ATTEMPTS).sort(),
    restore() {
      restoring = true
      try {
        for (const name of touched) {
          db.remove(name, {})
          const docs = arranged.get(name) ?? []
          if (docs.length > 0) db.insert(name, docs)
        }
        touched.clear()
      } finally {
        restoring = false
      }
    }
  }
}
