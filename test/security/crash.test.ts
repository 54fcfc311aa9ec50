/**
 * Crash durability: the local cloud runs in a process of its own (cloud-process.ts) on a store directory, gets a
 * booking burst or an organizer's offline visit entries synced in one go, and is killed with SIGKILL part-way —
 * requests in flight, some applied and unanswered, some never read. Then it is started again on the same directory
 * and the test checks:
 *   - every write acknowledged before the kill (an ok reply received) is in the store as it was answered;
 *   - what must hold at every instant holds straight away (a session's seat table);
 *   - the same clients retrying the same requests (same requestId / clientId) all succeed, each acknowledged one
 *     answered as before, and the store ends consistent (invariants.ts) with one booking or response per person;
 *   - retrying everything once more changes nothing: the retries converged.
 * The kill point is drawn from a seed (printed with the results; `STORM_SEED=<n>` replays it), between a third and
 * two thirds of the burst acknowledged.
 */
import { spawn, type ChildProcess } from 'child_process'
import fs from 'fs'
import http from 'http'
import os from 'os'
import path from 'path'
import type { BookOutput } from '@core/api/course'
import type { Result } from '@core/api/result'
import type { SubmitSurveyOutput } from '@core/api/survey'
import { bookingIdFor, type BookingDoc, type SessionDoc } from '@core/booking'
import type { ResponseDoc, SurveyDoc } from '@core/survey'
import { REPO_ROOT } from '../../emulator'
import { addCourse, addSession } from '../integration/course-booking-support'
import { needsDefinition, publishedSurvey } from '../integration/survey-support'
import { startTestCloud, type TestCloud } from '../support/cloud'
import { WEDNESDAY_10_00 } from '../support/instants'
import { bookingViolations, seatTableViolations, surveyViolations } from './invariants'
import { seeded, stormSeeds } from './storm-support'

const NOW = WEDNESDAY_10_00
const FUNCTIONS = ['course', 'survey']
const ORGANIZER = 'demo-organizer'
const [SEED] = stormSeeds([41], [41])
const random = seeded(SEED)
const TIMEOUT = 300_000

let dataDir: string
const log: string[] = []

beforeAll(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'youlin-crash-'))
})
afterAll(() => {
  console.log(log.join('\n'))
  fs.rmSync(dataDir, { recursive: true, force: true })
})

interface CloudProcess {
  url: string
  child: ChildProcess
  exited: Promise<void>
}

/** Starts cloud-process.ts on the data directory; resolves once it serves. */
function startCloudProcess(): Promise<CloudProcess> {
  const script = path.join(REPO_ROOT, 'test', 'security', 'cloud-process.ts')
  const child = spawn(process.execPath, ['--import', 'tsx', script, dataDir, String(NOW), FUNCTIONS.join(',')], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return new Promise((resolve, reject) => {
    let out = ''
    let err = ''
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8')
      const ready = /ready (\S+)/.exec(out)
      if (ready) resolve({ url: ready[1], child, exited })
    })
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')))
    child.once('exit', (code) => reject(new Error(`the cloud process exited (${String(code)}) before serving: ${err}`)))
  })
}

/** One function call over its own connection (none kept alive), so the kill fails exactly the calls in flight. */
function post(url: string, fn: string, event: object, openid: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${url}/functions/${fn}`,
      { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'x-wx-openid': openid } },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')))
          } catch (e) {
            reject(e instanceof Error ? e : new Error(String(e)))
          }
        })
        res.on('error', reject)
      }
    )
    req.on('error', reject)
    req.end(JSON.stringify(event))
  })
}

interface Call {
  fn: string
  event: object
  openid: string
}

interface Burst {
  /** The acknowledged replies by call index: an ok reply received, whenever it arrived. */
  acked: Map<number, unknown>
  /** Calls sent and never answered: cut off by the kill, applied or not. */
  cutOff: number[]
}

/**
 * Sends `calls` with `width` in flight and kills the cloud process (SIGKILL) once `killAfter` were acknowledged. Calls
 * cut off by the kill and calls never sent are what the clients will retry.
 */
async function burstUntilKilled(cloud: CloudProcess, calls: readonly Call[], width: number, killAfter: number): Promise<Burst> {
  const acked = new Map<number, unknown>()
  const cutOff: number[] = []
  let next = 0
  let killed = false
  const worker = async (): Promise<void> => {
    while (!killed && next < calls.length) {
      const i = next++
      const { fn, event, openid } = calls[i]
      try {
        const body = await post(cloud.url, fn, event, openid)
        if ((body as { ok?: boolean }).ok === true) acked.set(i, body)
        if (!killed && acked.size >= killAfter) {
          killed = true
          cloud.child.kill('SIGKILL')
        }
      } catch {
        // The connection died with the process: not acknowledged.
        cutOff.push(i)
      }
    }
  }
  await Promise.all(Array.from({ length: width }, worker))
  if (!killed) cloud.child.kill('SIGKILL')
  await cloud.exited
  return { acked, cutOff }
}

/**
 * Every call again through the restarted cloud, `width` at a time; the replies in call order. A call refused by the
 * write limit is sent again after its retry-after, as the visit queue does (the cloud's clock is moved on for it).
 */
async function retryAll(cloud: TestCloud, calls: readonly Call[], width: number): Promise<unknown[]> {
  const replies = new Array<unknown>(calls.length)
  let next = 0
  const send = async (call: Call): Promise<unknown> => {
    const reply = (await cloud.callUntyped(call.fn, call.event, call.openid)).body as { code?: string; retryAfter?: number }
    if (reply.code !== 'RATE_LIMITED' || reply.retryAfter === undefined) return reply
    cloud.clock.advance(reply.retryAfter * 1000)
    return send(call)
  }
  const worker = async (): Promise<void> => {
    while (next < calls.length) {
      const i = next++
      replies[i] = await send(calls[i])
    }
  }
  await Promise.all(Array.from({ length: width }, worker))
  return replies
}

const okData = <T>(reply: unknown): T => {
  const r = reply as Result<T>
  if (!r.ok) throw new Error(`expected ok, got ${r.code} ${r.message}`)
  return r.data
}

describe('kill -9 in the middle of a booking burst', () => {
  const PEOPLE = 160
  const CAPACITY = 30
  let sessionId: string
  const calls: Call[] = []
  let acked = new Map<number, unknown>()
  let cloud: TestCloud

  beforeAll(async () => {
    // The store arranged by an ordinary cloud on the directory, closed before the process starts on it.
    const arranging = await startTestCloud({ dataDir, at: NOW, seed: true, functions: FUNCTIONS })
    // Room on the waitlist for everyone who does not get a seat: every book of the burst is answered with a booking.
    const course = addCourse(arranging, { weeklyLimit: 14, maxUpcoming: 20, waitlistLimit: PEOPLE })
    sessionId = addSession(arranging, course, { capacity: CAPACITY })._id
    await arranging.close()
    for (let i = 0; i < PEOPLE; i++) {
      calls.push({ fn: 'course', event: { action: 'book', sessionId, requestId: `crash-book-${SEED}-${i}` }, openid: `crash-booker-${i}` })
    }
    const killAfter = random.int(Math.ceil(PEOPLE / 3), Math.floor((2 * PEOPLE) / 3))
    const burst = await burstUntilKilled(await startCloudProcess(), calls, 20, killAfter)
    acked = burst.acked
    cloud = await startTestCloud({ dataDir, at: NOW, functions: FUNCTIONS })
    const [session] = cloud.db.find<SessionDoc>('sessions', { _id: sessionId })
    const landed = burst.cutOff.filter((i) => session.seats?.[calls[i].openid] || session.waiting?.[calls[i].openid]).length
    log.push(
      `booking burst seed=${SEED}: ${PEOPLE} books, killed after ${killAfter} acknowledged (${acked.size} in all); ` +
        `${burst.cutOff.length} cut off in flight, ${landed} of them had taken their seat or place`
    )
  }, TIMEOUT)
  afterAll(() => cloud.close())

  it('keeps every acknowledged booking as it was answered, and the seat table whole', () => {
    expect(acked.size).toBeGreaterThan(0)
    expect(acked.size).toBeLessThan(PEOPLE)
    const [session] = cloud.db.find<SessionDoc>('sessions', { _id: sessionId })
    for (const [i, reply] of acked) {
      const { booking } = okData<BookOutput>(reply)
      const openid = calls[i].openid
      const [stored] = cloud.db.find<BookingDoc>('bookings', { _id: bookingIdFor(sessionId, openid) })
      expect({ openid, status: stored?.status, requestId: stored?.requestId }).toEqual({ openid, status: booking.status, requestId: `crash-book-${SEED}-${i}` })
      if (booking.status === 'confirmed') expect(session.seats?.[openid]).toBeDefined()
      else expect(session.waiting?.[openid]).toBeDefined()
    }
    expect(seatTableViolations(cloud.db, [sessionId])).toEqual([])
  })

  it('retries by the same people converge: every acknowledged one answered the same, one booking each, the store consistent', async () => {
    const replies = await retryAll(cloud, calls, 20)
    for (const [i, reply] of acked) {
      const before = okData<BookOutput>(reply).booking
      const after = okData<BookOutput>(replies[i]).booking
      expect({ _id: after._id, status: after.status, position: after.position }).toEqual({ _id: before._id, status: before.status, position: before.position })
    }
    for (const reply of replies) okData<BookOutput>(reply)
    const [session] = cloud.db.find<SessionDoc>('sessions', { _id: sessionId })
    expect(session.booked).toBe(CAPACITY)
    expect(session.waitlisted).toBe(PEOPLE - CAPACITY)
    expect(cloud.db.find<BookingDoc>('bookings', { sessionId })).toHaveLength(PEOPLE)
    expect(bookingViolations(cloud.db, [sessionId], NOW)).toEqual([])

    const settled = JSON.stringify([cloud.db.find('sessions', { _id: sessionId }), cloud.db.find('bookings', { sessionId }, { sort: { _id: 1 } })])
    await retryAll(cloud, calls, 20)
    expect(JSON.stringify([cloud.db.find('sessions', { _id: sessionId }), cloud.db.find('bookings', { sessionId }, { sort: { _id: 1 } })])).toBe(settled)
  }, TIMEOUT)
})

const GROUPS = ['rider', 'courier', 'driver', 'resident'] as const
const needsAnswers = (group: string) => ({ group, ...(group === 'resident' ? {} : { hours: 'after21' }), needs: ['legal', 'rest'], legalTopic: 'labor', freeTime: ['weekendDay'], wantContact: 'no' })

describe('kill -9 in the middle of an organizer syncing offline visit entries', () => {
  const VISITS = 60
  let surveyId: string
  const calls: Call[] = []
  let acked = new Map<number, unknown>()
  let cloud: TestCloud

  beforeAll(async () => {
    // Seeding is a no-op on the booking burst's store, and gives the organizer a store of its own when run alone.
    const arranging = await startTestCloud({ dataDir, at: NOW, seed: true, functions: FUNCTIONS })
    surveyId = await publishedSurvey(arranging, needsDefinition())
    await arranging.close()
    // Entered on a phone without signal during the day's visits, each with the clientId it was saved under; synced at once.
    for (let i = 0; i < VISITS; i++) {
      const proxy = { visitPlace: '兰州老街商圈', visitAt: NOW - 3_600_000, verbalConsent: true, entererName: '小马', respondentPhone: `1390000${String(i).padStart(4, '0')}` }
      calls.push({ fn: 'survey', event: { action: 'submit', surveyId, answers: needsAnswers(GROUPS[i % GROUPS.length]), clientId: `crash-visit-${SEED}-${i}`, proxy }, openid: ORGANIZER })
    }
    const killAfter = random.int(Math.ceil(VISITS / 3), Math.floor((2 * VISITS) / 3))
    const burst = await burstUntilKilled(await startCloudProcess(), calls, 8, killAfter)
    acked = burst.acked
    cloud = await startTestCloud({ dataDir, at: NOW, functions: FUNCTIONS })
    const landed = burst.cutOff.filter((i) => cloud.db.find<ResponseDoc>('responses', { surveyId, clientId: `crash-visit-${SEED}-${i}` }).length > 0).length
    log.push(
      `survey sync seed=${SEED}: ${VISITS} visit entries, killed after ${killAfter} acknowledged (${acked.size} in all); ` +
        `${burst.cutOff.length} cut off in flight, ${landed} of them stored`
    )
  }, TIMEOUT)
  afterAll(() => cloud.close())

  it('keeps every acknowledged response, submitted, under the clientId it was sent with', () => {
    expect(acked.size).toBeGreaterThan(0)
    expect(acked.size).toBeLessThan(VISITS)
    for (const [i, reply] of acked) {
      const { response } = okData<SubmitSurveyOutput>(reply)
      const [stored] = cloud.db.find<ResponseDoc>('responses', { _id: response._id })
      expect({ i, status: stored?.status, clientId: stored?.clientId }).toEqual({ i, status: 'submitted', clientId: `crash-visit-${SEED}-${i}` })
    }
  })

  it('the sync retried converges: each acknowledged entry replayed as the same response, one per respondent, counted once', async () => {
    const replies = await retryAll(cloud, calls, 8)
    for (const [i, reply] of acked) {
      const again = okData<SubmitSurveyOutput>(replies[i])
      expect({ i, _id: again.response._id, replayed: again.replayed }).toEqual({ i, _id: okData<SubmitSurveyOutput>(reply).response._id, replayed: true })
    }
    for (const reply of replies) okData<SubmitSurveyOutput>(reply)
    expect(cloud.db.find<ResponseDoc>('responses', { surveyId, status: 'submitted' })).toHaveLength(VISITS)
    // A submit killed between counting and storing left its count marked; its retry stored the response under it.
    const [survey] = cloud.db.find<SurveyDoc>('surveys', { _id: surveyId })
    log.push(`survey sync seed=${SEED}: after the retries ${VISITS} responses stored, the counter says ${survey.responses}`)
    expect(surveyViolations(cloud.db, [surveyId])).toEqual([])

    const settled = JSON.stringify([cloud.db.find('surveys', { _id: surveyId }), cloud.db.find('responses', { surveyId }, { sort: { _id: 1 } })])
    await retryAll(cloud, calls, 8)
    expect(JSON.stringify([cloud.db.find('surveys', { _id: surveyId }), cloud.db.find('responses', { surveyId }, { sort: { _id: 1 } })])).toBe(settled)
  }, TIMEOUT)
})
