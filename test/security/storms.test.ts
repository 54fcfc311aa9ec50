/**
 * Seeded storms through the local cloud (the real bundles and wx-server-sdk): many people booking, cancelling,
 * double-tapping, checking in and confirming holds while the organizer changes capacities, marks attendance and
 * cancels a class; people filling questionnaires from several devices, retrying, saving drafts, while organizers
 * enter visits and void responses; providers, organizers and requesters moving referrals at once. After each storm
 * the store must satisfy invariants.ts, every reply must be a success or a coded refusal, and what people are shown
 * (roster positions) must agree with the store.
 *
 * A storm's operations are a function of its seed (storm-support.ts): a failure names the seed, and
 * `STORM_SEED=<n> npx jest test/security/storms.test.ts` replays those operations (the interleaving is the machine's,
 * so a race may need a few runs). `SECURITY_DEEP=1` runs more seeds and longer storms.
 */
import { bookingIdFor, checkinCode } from '@core/booking'
import { referralIdFor, type ServiceDoc } from '@core/matching'
import { startTestCloud, data, type TestCloud } from '../support/cloud'
import { WEDNESDAY_10_00 } from '../support/instants'
import { addCourse, addSession } from '../integration/course-booking-support'
import { needsDefinition, publishedSurvey } from '../integration/survey-support'
import { DEMO_PROVIDER_ORG, providerFor } from '../integration/service-support'
import { bookingViolations, referralViolations, surveyViolations } from './invariants'
import { DEEP, runStorm, seeded, stormLine, stormSeeds, type StormOp } from './storm-support'
import { forgetWriteCounts } from '../support/write-limits'

const NOW = WEDNESDAY_10_00
const ORGANIZER = 'demo-organizer'
const VENUE = 'venue-youlin'
const MINUTE = 60_000

/** Calls in flight at once: enough that every contended path is taken, few enough that no call waits on a queue. */
const WIDTH = 16
const STORM_TIMEOUT = 600_000

let cloud: TestCloud
const log: string[] = []

beforeAll(async () => {
  cloud = await startTestCloud({ at: NOW, seed: true, functions: ['course', 'survey', 'service'] })
}, 120_000)
afterAll(async () => {
  console.log(log.join('\n'))
  await cloud.close()
})

/**
 * Each storm stands for its own minute of a busy centre, under the stopped clock: the write limit's counts of the
 * storm before are dropped, so the organizer arranging this one is not refused for what the last one did. A storm's
 * own bursts may still be limited (a coded refusal is an answer the invariants allow); the limit itself is
 * rate-limits.test.ts's subject.
 */
beforeEach(() => forgetWriteCounts(cloud.db))

const untyped = (fn: string, action: string, input: object, openid: string) => () => cloud.callUntyped(fn, { action, ...input }, openid)

describe('booking storms: book, cancel, double taps, check-in, holds, capacity changes, attendance, a cancelled class', () => {
  const seeds = stormSeeds([11, 12], [11, 12, 13, 14, 15, 16, 17, 18, 19, 20])
  const OPS = DEEP ? 1200 : 240
  const WAVES = DEEP ? 8 : 3
  /** Cancels alone at the end of each wave: enough to free seats in every session while people wait. */
  const CLOSING_CANCELS = 16

  it.each(seeds)('seed %i: the seat tables, bookings and rosters agree, no seat left free while someone waits', async (seed) => {
    const random = seeded(seed)
    const people = Array.from({ length: 24 }, (_, i) => `storm-${seed}-p${String(i).padStart(2, '0')}`)
    const loose = { weeklyLimit: 14, maxUpcoming: 20 }
    // Starting in 10 minutes: bookable to the start, cancels free, promotions immediate, check-in open.
    const atDoor = addCourse(cloud, { ...loose, closesBeforeMin: 0, cancelBeforeMin: 0, waitlistCutoffMin: 0 })
    // Starting in 90 minutes with a 4-hour cutoff: a freed seat is held for the head of the waitlist.
    const holding = addCourse(cloud, { ...loose, closesBeforeMin: 0, waitlistCutoffMin: 240, holdMinutes: 30 })
    // Two days out: plain first come, promotions at once.
    const later = addCourse(cloud, loose)
    const sessions = [
      addSession(cloud, atDoor, { startsIn: 10 * MINUTE, capacity: random.int(2, 5) }),
      addSession(cloud, holding, { startsIn: 90 * MINUTE, capacity: random.int(2, 5) }),
      addSession(cloud, later, { capacity: random.int(2, 5) }),
      addSession(cloud, later, { startsIn: 50 * 60 * MINUTE, capacity: random.int(1, 4) })
    ]
    const ids = sessions.map((s) => s._id)
    const booksBy = new Map<string, number>()
    let classCancelled = false

    const ops: StormOp[] = []
    for (let i = 0; i < OPS; i++) {
      const session = random.pick(sessions)
      const sessionId = session._id
      const who = random.pick(people)
      const kind = random.weighted({ book: 40, doubleTap: 6, cancel: 22, checkin: 8, confirmHold: 6, capacity: 8, attendance: 5, cancelClass: 1 })
      const book = (requestId?: string) => untyped('course', 'book', { sessionId, ...(requestId ? { requestId } : {}) }, who)
      const countBook = (n: number) => booksBy.set(bookingIdFor(sessionId, who), (booksBy.get(bookingIdFor(sessionId, who)) ?? 0) + n)
      switch (kind) {
        case 'book':
          countBook(1)
          ops.push({ label: `${who} book ${sessionId}`, run: book(random.chance(0.5) ? `req-${seed}-${i}` : undefined) })
          break
        case 'doubleTap': {
          // Two taps at once with the same request id: one booking, both answered with it.
          countBook(2)
          const requestId = `tap-${seed}-${i}`
          ops.push({ label: `${who} double-taps ${sessionId}`, run: book(requestId) }, { label: `${who} double-taps ${sessionId} (2)`, run: book(requestId) })
          break
        }
        case 'cancel':
          ops.push({ label: `${who} cancel ${sessionId}`, run: untyped('course', 'cancel', { sessionId }, who) })
          break
        case 'checkin':
          ops.push({ label: `${who} checkin ${sessionId}`, run: untyped('course', 'checkin', { sessionId, code: checkinCode(session.checkinSecret, sessionId, NOW) }, who) })
          break
        case 'confirmHold':
          ops.push({ label: `${who} confirmHold ${sessionId}`, run: untyped('course', 'confirmHold', { sessionId }, who) })
          break
        case 'capacity': {
          const capacity = random.int(1, 6)
          ops.push({ label: `organizer capacity ${sessionId} → ${capacity}`, run: untyped('course', 'updateSession', { sessionId, capacity }, ORGANIZER) })
          break
        }
        case 'attendance':
          ops.push({ label: `organizer marks ${who} present at ${sessionId}`, run: untyped('course', 'markAttendance', { sessionId, openid: who, attended: true }, ORGANIZER) })
          break
        case 'cancelClass':
          // At most one class cancelled per storm, and never the one at the door (check-in needs it).
          if (classCancelled || sessionId === ids[0]) break
          classCancelled = true
          ops.push({ label: `organizer cancels ${sessionId}`, run: untyped('course', 'cancelSession', { sessionId, reason: '老师临时有事' }, ORGANIZER) })
          break
      }
    }

    // In waves, each closed by cancels alone: a seat freed then has no later book, check-in or capacity change to fill
    // it, so a cancel that failed to pass its seat on (or passed it twice) shows in the check after the wave.
    const total = { ok: 0, refused: new Map<string, number>(), calls: 0 }
    const perWave = Math.ceil(ops.length / WAVES)
    for (let wave = 0; wave < WAVES; wave++) {
      const cancels: StormOp[] = Array.from({ length: CLOSING_CANCELS }, () => {
        const sessionId = random.pick(ids)
        const who = random.pick(people)
        return { label: `${who} cancel ${sessionId} (closing the wave)`, run: untyped('course', 'cancel', { sessionId }, who) }
      })
      for (const batch of [ops.slice(wave * perWave, (wave + 1) * perWave), cancels]) {
        const outcome = await runStorm(batch, WIDTH)
        expect({ seed, wave, bad: outcome.bad }).toEqual({ seed, wave, bad: [] })
        total.ok += outcome.ok
        total.calls += batch.length
        for (const [code, n] of outcome.refused) total.refused.set(code, (total.refused.get(code) ?? 0) + n)
      }
      expect({ seed, wave, violations: bookingViolations(cloud.db, ids, NOW, booksBy) }).toEqual({ seed, wave, violations: [] })
      // The next wave is another minute for the write limit: its calls reach the seats rather than the limit.
      forgetWriteCounts(cloud.db)
    }
    log.push(stormLine('booking', seed, total.calls, total))

    // What the organizer is shown: the people waiting numbered 1..n, in queue order.
    for (const sessionId of ids) {
      const roster = data((await cloud.call('course', 'roster', { sessionId }, ORGANIZER)).body)
      const shown = roster.items.filter((e) => e.status === 'waitlisted' && e.lottery === undefined).map((e) => e.position)
      expect({ seed, sessionId, shown: [...shown].sort((a, b) => (a as number) - (b as number)) }).toEqual({
        seed,
        sessionId,
        shown: shown.map((_, i) => i + 1)
      })
    }
  }, STORM_TIMEOUT)
})

/** Answers to the demo needs questionnaire, for a person of `group`. */
const needsAnswers = (group: string) => ({ group, ...(group === 'resident' ? {} : { hours: 'after21' }), needs: ['legal', 'rest'], legalTopic: 'labor', freeTime: ['weekendDay'], wantContact: 'no' })
const GROUPS = ['rider', 'courier', 'resident'] as const

/** A few streets from 友邻空间, inside the area its legal services cover. */
const NEAR_YOULIN = { lat: 36.0625, lng: 103.8335 }

describe('survey storms: several devices, retries, drafts, visit entries and voids against one-per-person questionnaires', () => {
  const seeds = stormSeeds([21, 22], [21, 22, 23, 24, 25, 26, 27, 28, 29, 30])
  const OPS = DEEP ? 1200 : 200

  it.each(seeds)('seed %i: one response per person, one per clientId, counters equal what is stored', async (seed) => {
    const random = seeded(seed)
    const open = await publishedSurvey(cloud, needsDefinition())
    // A small quota, so the storm also races for its last places.
    const scarce = await publishedSurvey(cloud, needsDefinition({ quotas: [{ id: 'total', label: '本期调查', limit: 12 }] }))
    const surveys = [open, scarce]
    const people = Array.from({ length: 20 }, (_, i) => `survey-${seed}-p${String(i).padStart(2, '0')}`)
    const phones = Array.from({ length: 8 }, (_, i) => `1370000${String(seed).padStart(2, '0')}${String(i).padStart(2, '0')}`)
    const fillings: string[] = []

    const ops: StormOp[] = []
    for (let i = 0; i < OPS; i++) {
      const surveyId = random.pick(surveys)
      const who = random.pick(people)
      const answers = needsAnswers(random.pick(GROUPS))
      // Half the time a filling seen before (a retry of that submit), else a new device's.
      const clientId = fillings.length > 0 && random.chance(0.4) ? random.pick(fillings) : `fill-${seed}-${String(i).padStart(5, '0')}`
      if (!fillings.includes(clientId)) fillings.push(clientId)
      switch (random.weighted({ submit: 45, draft: 15, visit: 25, void: 6 })) {
        case 'submit':
          ops.push({ label: `${who} submits ${surveyId} (${clientId})`, run: untyped('survey', 'submit', { surveyId, answers, clientId }, who) })
          break
        case 'draft':
          ops.push({ label: `${who} saves a draft of ${surveyId}`, run: untyped('survey', 'saveDraft', { surveyId, answers, clientId }, who) })
          break
        case 'visit': {
          const proxy = { visitPlace: '兰州老街商圈', visitAt: NOW - 60 * MINUTE, verbalConsent: true, entererName: '小马', respondentPhone: random.pick(phones) }
          ops.push({ label: `organizer enters a visit to ${surveyId} (${proxy.respondentPhone}, ${clientId})`, run: untyped('survey', 'submit', { surveyId, answers, clientId, proxy }, ORGANIZER) })
          break
        }
        case 'void':
          ops.push({ label: `organizer voids ${who}'s response to ${surveyId}`, run: untyped('survey', 'voidResponse', { responseId: `${surveyId}_u_${who}`, reason: '测试录入' }, ORGANIZER) })
          break
      }
    }

    const outcome = await runStorm(ops, WIDTH)
    log.push(stormLine('survey', seed, ops.length, outcome))
    expect({ seed, bad: outcome.bad }).toEqual({ seed, bad: [] })
    expect({ seed, violations: surveyViolations(cloud.db, surveys) }).toEqual({ seed, violations: [] })
  }, STORM_TIMEOUT)
})

describe('referral storms: providers accepting, declining, scheduling, completing; organizers sending and cancelling; requesters withdrawing and rating', () => {
  const seeds = stormSeeds([31, 32], [31, 32, 33, 34, 35, 36, 37, 38, 39, 40])
  const OPS = DEEP ? 900 : 180

  it.each(seeds)('seed %i: each referral one status on a path of its lifecycle, each need in step with its referrals', async (seed) => {
    const random = seeded(seed)
    // Two more services like the union's legal hotline (remote, any weekday), so needs have several to be sent to.
    const [hotline] = cloud.db.find<ServiceDoc>('services', { _id: 'svc-legal-hotline' })
    cloud.db.insert('services', [
      { ...hotline, _id: `storm-${seed}-legal-a`, orgId: DEMO_PROVIDER_ORG },
      { ...hotline, _id: `storm-${seed}-legal-b` }
    ])
    const requesters = Array.from({ length: 8 }, (_, i) => `need-${seed}-p${i}`)
    const needIds: string[] = []
    for (const who of requesters) {
      const submitted = data((await cloud.call('service', 'submitNeed', { category: 'LEGAL_LABOR', text: `物业公司拖欠我${who.length}个月工资，想咨询劳动仲裁`, venueId: VENUE, location: NEAR_YOULIN }, who)).body)
      data((await cloud.call('service', 'triageNeed', { needId: submitted.need._id }, ORGANIZER)).body)
      needIds.push(submitted.need._id)
    }
    // Every need may go to any of the three (the same filters pass for each); who acts for each service.
    const serviceIds = ['svc-legal-hotline', `storm-${seed}-legal-a`, `storm-${seed}-legal-b`]
    const providerOf = new Map(serviceIds.map((id) => [id, providerFor(cloud, cloud.db.find<ServiceDoc>('services', { _id: id })[0].orgId)]))
    const requesterOf = new Map(needIds.map((id, i) => [id, requesters[i]]))

    const ops: StormOp[] = []
    for (let i = 0; i < OPS; i++) {
      const needId = random.pick(needIds)
      const serviceId = random.pick(serviceIds)
      const referralId = referralIdFor(needId, serviceId)
      const provider = providerOf.get(serviceId) as string
      const requester = requesterOf.get(needId) as string
      switch (random.weighted({ send: 24, accept: 16, decline: 8, schedule: 10, complete: 10, cancel: 6, withdraw: 3, rate: 5, close: 2 })) {
        case 'send':
          ops.push({ label: `organizer sends ${referralId}`, run: untyped('service', 'confirmProposals', { venueId: VENUE, proposals: [{ needId, serviceId }] }, ORGANIZER) })
          break
        case 'accept':
          ops.push({ label: `${provider} accepts ${referralId}`, run: untyped('service', 'acceptReferral', { referralId }, provider) })
          break
        case 'decline':
          ops.push({ label: `${provider} declines ${referralId}`, run: untyped('service', 'declineReferral', { referralId, reason: random.pick(['no_capacity', 'out_of_scope', 'other']) }, provider) })
          break
        case 'schedule':
          ops.push({ label: `${provider} schedules ${referralId}`, run: untyped('service', 'scheduleReferral', { referralId, scheduledAt: NOW + random.int(1, 7) * 24 * 60 * MINUTE }, provider) })
          break
        case 'complete':
          ops.push({ label: `${provider} completes ${referralId}`, run: untyped('service', 'completeReferral', { referralId, outcome: random.chance(0.6) ? 'helped' : 'not_helped' }, provider) })
          break
        case 'cancel':
          ops.push({ label: `organizer cancels ${referralId}`, run: untyped('service', 'cancelReferral', { referralId, reason: '服务方暂停接待' }, ORGANIZER) })
          break
        case 'withdraw':
          ops.push({ label: `${requester} withdraws ${needId}`, run: untyped('service', 'withdrawNeed', { needId }, requester) })
          break
        case 'rate':
          ops.push({ label: `${requester} rates ${referralId}`, run: untyped('service', 'rateReferral', { referralId, rating: random.int(1, 5) }, requester) })
          break
        case 'close':
          ops.push({ label: `organizer closes ${needId}`, run: untyped('service', 'closeNeed', { needId, outcome: 'unresolved', reason: '联系不上' }, ORGANIZER) })
          break
      }
    }

    const outcome = await runStorm(ops, WIDTH)
    log.push(stormLine('referral', seed, ops.length, outcome))
    expect({ seed, bad: outcome.bad }).toEqual({ seed, bad: [] })
    expect({ seed, violations: referralViolations(cloud.db, needIds) }).toEqual({ seed, violations: [] })
  }, STORM_TIMEOUT)
})
