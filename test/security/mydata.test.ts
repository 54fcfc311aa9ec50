/**
 * 我的数据 (issue 10, PII): a person sees everything the product holds about them, and erasing it leaves nothing that
 * names them while the centre's figures and the seat rules stay right. Through the local cloud with the demo data:
 * demo-rider has a seat in a class that others then fill and wait for, a waitlist place, last week's attendance, a
 * submitted questionnaire with their phone, needs with referrals (one with a photo), message acceptances, an uploaded
 * avatar, and organizer audit entries about their attendance.
 *
 * The erasure is checked in the store itself: every document of every collection is searched for the openid, the
 * requester key, the phone, the name and the words of the needs. A second run must change nothing, and an erasure
 * broken off by a failed database request must converge when retried.
 */
import { ERASE_ORDER, type ErasingFunction } from '@core/api/mydata'
import type { BookingDoc, SessionDoc } from '@core/booking'
import type { NeedDoc } from '@core/matching'
import type { StoredNeed } from '../../cloudfunctions/service/repo/sealed-needs'
import { NEEDS_SURVEY_ID } from '../../emulator/demo-surveys'
import { data, startTestCloud, type TestCloud } from '../support/cloud'
import { WEDNESDAY_10_00 } from '../support/instants'
import { openedNeed } from '../integration/service-support'
import { WRITE_LIMITS_COLLECTION } from '../support/write-limits'

const NOW = WEDNESDAY_10_00
const RIDER = 'demo-rider'
const ORGANIZER = 'demo-organizer'
const PHONE = '13987654321'
const NAME = '苟师傅'
const OTHER_NEED = '想找个能洗澡的地方'
const WAITER = 'mydata-waiter'

const answers = {
  group: 'rider',
  hours: 'after21',
  needs: ['rest', 'legal'],
  legalTopic: 'labor',
  otherNeed: OTHER_NEED,
  freeTime: ['weekdayEvening'],
  satisfaction: 4,
  wantContact: 'yes',
  contactConsent: true,
  name: NAME,
  phone: PHONE
}

type Doc = Record<string, unknown> & { _id: string }

/** Every document of every collection, by collection. */
function everything(cloud: TestCloud): Record<string, Doc[]> {
  return Object.fromEntries(cloud.db.collections().map((name) => [name, cloud.db.find<Doc>(name, {})]))
}

/**
 * The demo's hand-written need ids spell the demo identity (`need-demo-rider-wages`); real need ids come from the
 * client's random id. They are record names, not the person's openid, so the search skips them.
 */
const DEMO_NEED_ID = /need-demo-rider-[a-z]+/g

/** Where `needle` occurs in the store: `collection/_id` of each document holding it anywhere. */
/**
 * The write limit's ledger, keyed by openid: the account's erasure (last in ERASE_ORDER) removes it, so a test that
 * erases one function's part alone leaves it out.
 */
const LEDGER = WRITE_LIMITS_COLLECTION

function occurrences(cloud: TestCloud, needle: string, { withLedger = true } = {}): string[] {
  const hits: string[] = []
  for (const [name, docs] of Object.entries(everything(cloud))) {
    if (!withLedger && name === LEDGER) continue
    for (const doc of docs) if (JSON.stringify(doc).replace(DEMO_NEED_ID, 'need-id').includes(needle)) hits.push(`${name}/${doc._id}`)
  }
  return hits
}

const riderSessionOf = (cloud: TestCloud, courseId: string): SessionDoc => {
  const mine = cloud.db.find<BookingDoc>('bookings', { openid: RIDER, courseId, status: 'confirmed' })
  return cloud.db.find<SessionDoc>('sessions', { _id: mine[0].sessionId })[0]
}

async function eraseAll(cloud: TestCloud, openid: string): Promise<Record<ErasingFunction, unknown>> {
  const out: Partial<Record<ErasingFunction, unknown>> = {}
  for (const fn of ERASE_ORDER) out[fn] = data((await cloud.call(fn, 'deleteMyData', {}, openid)).body)
  return out as Record<ErasingFunction, unknown>
}

async function figures(cloud: TestCloud) {
  const course = data((await cloud.call('course', 'courseStats', { courseId: 'course-shufa' }, ORGANIZER)).body).stats
  const service = data((await cloud.call('service', 'stats', {}, ORGANIZER)).body)
  const survey = data((await cloud.call('survey', 'results', { surveyId: NEEDS_SURVEY_ID }, ORGANIZER)).body).results
  const byGroup = Object.values(course.byGroup).reduce((a, b) => a + b, 0)
  return {
    course: { held: course.sessionsHeld, filled: course.seatsFilled, attended: course.attended, people: course.uniquePeople, byGroup },
    service: { needs: service.needs, solved: service.needsSolved },
    survey
  }
}

describe('我的数据: seeing and erasing one person', () => {
  let cloud: TestCloud
  let classId: string
  let requesterKey: string

  beforeAll(async () => {
    cloud = await startTestCloud({ at: NOW, seed: true })
    // The 书法 class demo-rider sits in: fill its free seats, then one more person waits behind.
    const session = riderSessionOf(cloud, 'course-shufa')
    classId = session._id
    for (let i = 0; i < session.capacity - session.booked; i++) {
      expect(data((await cloud.call('course', 'book', { sessionId: classId }, `mydata-filler-${i}`)).body).booking.status).toBe('confirmed')
    }
    expect(data((await cloud.call('course', 'book', { sessionId: classId }, WAITER)).body).booking.status).toBe('waitlisted')
    data((await cloud.call('survey', 'submit', { surveyId: NEEDS_SURVEY_ID, answers, clientId: 'mydata-client-1' }, RIDER)).body)
    // An organizer corrects last week's attendance (and back): audit entries about the person's booking.
    const attended = cloud.db.find<BookingDoc>('bookings', { openid: RIDER, status: 'attended' })[0]
    for (const mark of [false, true]) data((await cloud.call('course', 'markAttendance', { sessionId: attended.sessionId, openid: RIDER, attended: mark }, ORGANIZER)).body)
    expect(cloud.db.find('audit', { target: `bookings/${attended._id}` })).toHaveLength(2)
    // An avatar they uploaded, and a photo on one of their needs: files in storage under paths that name them.
    const upload = async (cloudPath: string) => ((await cloud.sdk().uploadFile({ cloudPath, fileContent: Buffer.from('png') })) as { fileID: string }).fileID
    const avatar = await upload(`avatars/${RIDER}/me.png`)
    data((await cloud.call('user', 'updateProfile', { avatarUrl: avatar }, RIDER)).body)
    cloud.db.update('needs', { _id: 'need-demo-rider-dating' }, { $set: { photos: [await upload(`needs/${RIDER}/photo.png`)] } })
    requesterKey = cloud.db.find<NeedDoc>('needs', { _id: 'need-demo-rider-wages' })[0].requesterKey as string
  }, 120_000)
  afterAll(() => cloud.close())

  it('myData shows the account, every booking, the answers in full, the needs with their referrals and the acceptances', async () => {
    const user = data((await cloud.call('user', 'myData', {}, RIDER)).body)
    expect(user.profile?.openid).toBe(RIDER)

    const course = data((await cloud.call('course', 'myData', {}, RIDER)).body)
    const statuses = new Map(course.bookings.map((b) => [b.sessionId, b.status]))
    expect(statuses.get(classId)).toBe('confirmed')
    expect([...statuses.values()]).toEqual(expect.arrayContaining(['confirmed', 'waitlisted', 'attended']))
    expect(course.bookings.find((b) => b.sessionId === classId)?.title).toBe('书法入门')

    const survey = data((await cloud.call('survey', 'myData', {}, RIDER)).body)
    const response = survey.responses.find((r) => r.surveyId === NEEDS_SURVEY_ID)
    const said = new Map(response?.answers.map((a) => [a.questionId, a.text]))
    expect(said.get('phone')).toBe(PHONE)
    expect(said.get('name')).toBe(NAME)
    expect(said.get('otherNeed')).toBe(OTHER_NEED)
    expect(said.get('needs')).toBe('法律咨询、歇脚休息')

    const service = data((await cloud.call('service', 'myData', {}, RIDER)).body)
    const wages = service.needs.find((n) => n._id === 'need-demo-rider-wages')
    expect(wages?.text).toContain('拖欠')
    expect(wages?.referrals.map((r) => r.status)).toEqual(['accepted'])
    expect(service.needs).toHaveLength(3)
    expect(service.consents).toEqual([{ template: 'needProgress', left: 3 }])
  })

  it('another person sees none of it', async () => {
    const course = data((await cloud.call('course', 'myData', {}, 'demo-resident')).body)
    expect(course.bookings.some((b) => b.sessionId === classId)).toBe(false)
    const survey = data((await cloud.call('survey', 'myData', {}, 'demo-resident')).body)
    expect(survey.responses).toEqual([])
    const service = data((await cloud.call('service', 'myData', {}, 'demo-resident')).body)
    expect(service.needs.map((n) => n._id)).toContain('need-demo-resident-afterschool')
    expect(service.needs.some((n) => n._id.startsWith('need-demo-rider'))).toBe(false)
  })

  it('deleteMyData leaves nothing that names the person, keeps the figures and passes the seat on', async () => {
    const before = await figures(cloud)
    const courierBefore = cloud.db.find<BookingDoc>('bookings', { openid: 'demo-courier' })
    const courierNeedsBefore = cloud.db.find<NeedDoc>('needs', { _id: 'need-demo-courier-traffic' })
    expect(occurrences(cloud, RIDER).filter((hit) => hit.startsWith('files/'))).toHaveLength(2)

    const erased = await eraseAll(cloud, RIDER)
    expect(erased.course).toMatchObject({ cancelled: 2 })
    expect(erased.service).toMatchObject({ cancelled: 2 })
    expect(erased.user).toEqual({ removed: 2, anonymized: 0, cancelled: 0 })

    for (const needle of [RIDER, requesterKey, PHONE, NAME, OTHER_NEED, '拖欠我两个月工资']) expect({ needle, found: occurrences(cloud, needle) }).toEqual({ needle, found: [] })

    // The person waiting behind got the seat, once; the seat count is the seat table's.
    const session = cloud.db.find<SessionDoc>('sessions', { _id: classId })[0]
    const waiter = cloud.db.find<BookingDoc>('bookings', { _id: `${classId}_${WAITER}` })[0]
    expect(['confirmed', 'held']).toContain(waiter.status)
    expect(Object.keys(session.seats ?? {})).toContain(WAITER)
    expect(session.booked).toBe(Object.keys(session.seats ?? {}).length)
    expect(session.booked).toBe(session.capacity)

    // Past attendance, needs and the questionnaire still count; the person is one anonymous someone.
    expect(await figures(cloud)).toEqual(before)
    const kept = cloud.db.find<BookingDoc>('bookings', { status: 'attended', openid: { $regex: '^erased-' } })
    // Last week's 书法 class and the two volunteer activities the demo rider served (their minutes still count).
    expect(kept).toHaveLength(3)
    expect(kept.filter((b) => b.volunteerMinutes !== undefined)).toHaveLength(2)
    const anonymousNeeds = cloud.db
      .find<StoredNeed>('needs', { _id: { $in: ['need-demo-rider-wages', 'need-demo-rider-checkup', 'need-demo-rider-dating'] } })
      .map(openedNeed)
    expect(new Set(anonymousNeeds.map((n) => n.requesterKey)).size).toBe(1)
    expect(anonymousNeeds.map((n) => n.text)).toEqual(['', '', ''])

    // Someone else's records are as they were.
    expect(cloud.db.find<BookingDoc>('bookings', { openid: 'demo-courier' })).toEqual(courierBefore)
    expect(cloud.db.find<NeedDoc>('needs', { _id: 'need-demo-courier-traffic' })).toEqual(courierNeedsBefore)

    // After erasure there is nothing to show.
    expect(data((await cloud.call('user', 'myData', {}, RIDER)).body).profile).toBeNull()
    expect(data((await cloud.call('course', 'myData', {}, RIDER)).body)).toEqual({ bookings: [], strikes: [], messages: 0 })
    expect(data((await cloud.call('survey', 'myData', {}, RIDER)).body)).toEqual({ responses: [], drafts: [] })
    expect(data((await cloud.call('service', 'myData', {}, RIDER)).body)).toEqual({ needs: [], consents: [] })
  })

  it('erasing again changes nothing', async () => {
    const before = everything(cloud)
    const again = await eraseAll(cloud, RIDER)
    expect(again.course).toEqual({ removed: 0, anonymized: 0, cancelled: 0 })
    expect(everything(cloud)).toEqual(before)
  })
})

describe('an erasure broken off half-way', () => {
  let cloud: TestCloud
  beforeAll(async () => {
    cloud = await startTestCloud({ at: NOW, seed: true })
  }, 120_000)
  afterAll(() => cloud.close())

  it.each([5, 9, 13])('converges when retried after database request %i of course.deleteMyData fails', async (request) => {
    const openid = `mydata-crash-${request}`
    const session = riderSessionOf(cloud, 'course-shufa')
    const before = { booked: session.booked, people: Object.keys(session.seats ?? {}).length }
    data((await cloud.call('course', 'book', { sessionId: session._id }, openid)).body)
    const fault = cloud.faults.failDatabaseRequest({ fn: 'course', openid, request }, 'unanswered')
    const broken = await cloud.call('course', 'deleteMyData', {}, openid)
    cloud.faults.clear()
    expect(fault.fired).toBe(true)
    expect(broken.body.ok).toBe(false)

    data((await cloud.call('course', 'deleteMyData', {}, openid)).body)
    expect(occurrences(cloud, openid, { withLedger: false })).toEqual([])
    const after = cloud.db.find<SessionDoc>('sessions', { _id: session._id })[0]
    expect({ booked: after.booked, people: Object.keys(after.seats ?? {}).length }).toEqual(before)
  })

  it('converges when retried after a failed database request of service.deleteMyData (a need withdrawn half-way)', async () => {
    const need = cloud.db.find<NeedDoc>('needs', { _id: 'need-demo-courier-traffic' })[0]
    const needs = cloud.db.count('needs')
    const fault = cloud.faults.failDatabaseRequest({ fn: 'service', openid: 'demo-courier', request: 6 }, 'unanswered')
    const broken = await cloud.call('service', 'deleteMyData', {}, 'demo-courier')
    cloud.faults.clear()
    expect(fault.fired).toBe(true)
    expect(broken.body.ok).toBe(false)

    expect(data((await cloud.call('service', 'deleteMyData', {}, 'demo-courier')).body).anonymized).toBeGreaterThan(0)
    for (const needle of [need.requesterKey as string, need.text]) expect(occurrences(cloud, needle)).toEqual([])
    expect(cloud.db.count('needs')).toBe(needs)
    expect(cloud.db.find<NeedDoc>('needs', { _id: need._id })[0].status).toBe('withdrawn')
  })

  it('converges when retried after a failed database request of survey.deleteMyData (entries moved half-way)', async () => {
    const openid = 'mydata-crash-survey'
    const responseId = data((await cloud.call('survey', 'submit', { surveyId: NEEDS_SURVEY_ID, answers, clientId: 'mydata-crash-survey-1' }, openid)).body).response._id
    const before = { responses: cloud.db.count('responses'), entries: cloud.db.count('listEntries') }
    expect(cloud.db.count('listEntries', { responseId })).toBeGreaterThan(1)
    const fault = cloud.faults.failDatabaseRequest({ fn: 'survey', openid, request: 9 }, 'unanswered')
    const broken = await cloud.call('survey', 'deleteMyData', {}, openid)
    cloud.faults.clear()
    expect(fault.fired).toBe(true)
    expect(broken.body.ok).toBe(false)

    data((await cloud.call('survey', 'deleteMyData', {}, openid)).body)
    for (const needle of [openid, PHONE, OTHER_NEED]) expect(occurrences(cloud, needle, { withLedger: false })).toEqual([])
    expect({ responses: cloud.db.count('responses'), entries: cloud.db.count('listEntries') }).toEqual(before)
  })
})
