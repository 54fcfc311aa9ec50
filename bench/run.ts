/**
 * `npm run bench:booking` (the first part of `npm run bench`): the booking path of function `course` on a local cloud in memory (the real bundle, the real
 * wx-server-sdk, over HTTP like the H5 client). Prints medians of several runs and their ratios; it measures, it does
 * not pass or fail.
 *   - book throughput, one at a time and 50 at a time (distinct people, seats free);
 *   - the 1,000-burst: 1,000 people booking one 30-seat session, all at once and 50 at a time (the way
 *     test/integration/course-concurrency.test.ts runs it, which asserts what happens but not how long it takes);
 *   - database requests (x-cloud-db-ops) per action, and of an idle timer run.
 * After each burst the store must pass the invariants the storm and crash tests check (test/security/invariants.ts).
 */
import fs from 'fs'
import os from 'os'
import path from 'path'
import type { ActionInput, ActionName, ActionOutput, Result } from '@core/api'
import { checkinCode, newSessionDoc, resolvePolicy, sessionIdFor, type CourseDoc, type SessionDoc } from '@core/booking'
import { DAY_MS, HOUR_MS, MINUTE_MS } from '@core/time'
import { startCloud, type LocalCloud } from '../emulator'
import { buildFunctions } from '../scripts/build/functions'
import { bookingViolations, seatTableViolations } from '../test/security/invariants'

const RUNS = 5
const BURST_RUNS = 3
const SEQUENTIAL_BOOKS = 200
const WIDE_BOOKS = 1000
const WIDTH = 50
const BURST = 1000
const BURST_SEATS = 30
/** Books in flight in the bounded burst, as in course-concurrency.test.ts. */
const BURST_WIDTH = 50

interface Reply<T> {
  body: Result<T>
  dbOps: number
}

let cloud: LocalCloud
let serial = 0
/** Sessions of one course start a minute apart (their ids come from the start). */
let minute = 0

type CourseReply<A extends ActionName<'course'>> = Reply<ActionOutput<'course', A>>

async function call<A extends ActionName<'course'>>(action: A, input: ActionInput<'course', A>, openid?: string): Promise<CourseReply<A>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' }
  if (openid) headers['x-wx-openid'] = openid
  const res = await fetch(`${cloud.url}/functions/course`, { method: 'POST', headers, body: JSON.stringify(Object.assign({ action }, input)) })
  return { body: (await res.json()) as CourseReply<A>['body'], dbOps: Number(res.headers.get('x-cloud-db-ops')) }
}

async function ok<A extends ActionName<'course'>>(action: A, input: ActionInput<'course', A>, openid?: string): Promise<CourseReply<A>> {
  const reply = await call(action, input, openid)
  if (!reply.body.ok) throw new Error(`${action} failed: ${reply.body.code} ${reply.body.message}`)
  return reply
}

const person = (tag: string, i: number): string => `bench-${tag}-${i}`

/** A course without booking limits that would get in a benchmark's way. */
function addCourse(closesBeforeMin = 30): CourseDoc {
  const now = Date.now()
  const course: CourseDoc = {
    _id: `bench-course-${++serial}`,
    title: '基准测试课',
    category: '健康',
    description: '',
    cover: '',
    instructor: '',
    venueId: 'venue-youlin',
    policy: resolvePolicy({ weeklyLimit: 14, maxUpcoming: 20, closesBeforeMin }),
    status: 'active',
    createdAt: now,
    updatedAt: now
  }
  cloud.db.insert('courses', [course])
  return course
}

function addSession(course: CourseDoc, capacity: number, startsIn = 2 * DAY_MS + ++minute * MINUTE_MS): SessionDoc {
  const startAt = Math.floor((Date.now() + startsIn) / MINUTE_MS) * MINUTE_MS
  const planned = { _id: sessionIdFor(course._id, startAt), courseId: course._id, startAt, endAt: startAt + HOUR_MS, capacity }
  const session = newSessionDoc(planned, course, `bench-secret-${minute}`, Date.now())
  cloud.db.insert('sessions', [session])
  return session
}

/** Runs `tasks` with at most `width` in flight. */
async function pool(tasks: (() => Promise<unknown>)[], width: number): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < tasks.length) await tasks[next++]()
  }
  await Promise.all(Array.from({ length: Math.min(width, tasks.length) }, worker))
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint()
  await fn()
  return Number(process.hrtime.bigint() - started) / 1e6
}

/** Books per second for `n` distinct people on sessions with room for all of them, `width` at a time. */
async function throughput(tag: string, n: number, width: number): Promise<number> {
  const course = addCourse()
  const sessions = Array.from({ length: Math.ceil(n / 200) }, () => addSession(course, 200))
  const tasks = Array.from({ length: n }, (_, i) => () => ok('book', { sessionId: sessions[i % sessions.length]._id }, person(tag, i)))
  return n / ((await timed(() => pool(tasks, width))) / 1000)
}

interface Burst {
  ms: number
  /** x-cloud-db-ops of each book that was answered (a booking, or 候补已满). */
  ops: number[]
  confirmed: number
  /** Books that failed (INTERNAL: a database request outlived the SDK's 15 s timeout on a loaded machine). */
  failed: number
}

/** A booking, or the refusal of a full waitlist (most of a burst on a capped waitlist): an answer, not a failure. */
const answered = (r: CourseReply<'book'>): boolean => r.body.ok || r.body.code === 'WAITLIST_FULL'

const failedNone = (replies: readonly CourseReply<'book'>[]): boolean => replies.every(answered)

/** BURST people booking one BURST_SEATS-seat session, `width` at a time (BURST: all at once). */
async function burst(tag: string, width: number): Promise<Burst> {
  const { _id } = addSession(addCourse(), BURST_SEATS)
  const replies: CourseReply<'book'>[] = []
  const tasks = Array.from({ length: BURST }, (_, i) => async () => {
    replies.push(await call('book', { sessionId: _id }, person(tag, i)))
  })
  // A failed book logs its stack from inside the function; the burst counts the failures instead.
  const error = console.error
  console.error = () => undefined
  let ms: number
  try {
    ms = await timed(() => pool(tasks, width))
  } finally {
    console.error = error
  }
  const succeeded = replies.filter(answered)
  const confirmed = replies.filter((r) => r.body.ok && r.body.data.booking.status === 'confirmed').length
  if (confirmed > BURST_SEATS) throw new Error(`burst confirmed ${confirmed} of ${BURST_SEATS} seats`)
  // The store checked as the storm and crash tests check it; a failed book may leave its booking behind the seat
  // table (its retry would repair it), so with failures only the seat table itself is held to account.
  const broken = failedNone(replies) ? bookingViolations(cloud.db, [_id], cloud.clock.now()) : seatTableViolations(cloud.db, [_id])
  if (broken.length > 0) throw new Error(`burst left the store inconsistent:\n${broken.join('\n')}`)
  return { ms, ops: succeeded.map((r) => r.dbOps), confirmed, failed: replies.length - succeeded.length }
}

const mean = (xs: number[]): number => xs.reduce((sum, x) => sum + x, 0) / xs.length

function printBurst(label: string, runs: Burst[], seq: number): void {
  const ms = median(runs.map((r) => r.ms))
  const ops = runs.flatMap((r) => r.ops)
  const failed = runs.reduce((n, r) => n + r.failed, 0)
  console.log(`${label.padEnd(28)}${ms.toFixed(0).padStart(6)} ms        (median of ${runs.length}; ${BURST_SEATS} seats, ${BURST} people)`)
  console.log(`  time per book / sequential time per book: ${(ms / BURST / (1000 / seq)).toFixed(2)}×`)
  console.log(`  db requests per book: median ${median(ops)}, mean ${mean(ops).toFixed(2)}, max ${Math.max(...ops)}`)
  if (failed > 0) {
    const confirmed = runs.map((r) => r.confirmed).join(', ')
    console.log(`  ${failed} of ${runs.length * BURST} books failed with INTERNAL (the SDK's request timeout); confirmed per run: ${confirmed}`)
  }
}

/** Database requests of each action in its common case. */
async function requestCounts(): Promise<[string, number][]> {
  const course = addCourse()
  const free = addSession(course, 10)
  const full = addSession(course, 1)
  const rows: [string, number][] = []
  const row = async (label: string, reply: Promise<{ dbOps: number }>) => rows.push([label, (await reply).dbOps])
  await row('book → confirmed', ok('book', { sessionId: free._id }, 'ops-a'))
  await row('book again (same person)', ok('book', { sessionId: free._id }, 'ops-a'))
  await row('book → confirmed (the last seat)', ok('book', { sessionId: full._id }, 'ops-b'))
  await row('book → waitlisted', ok('book', { sessionId: full._id }, 'ops-c'))
  await row('cancel → next on the waitlist promoted', ok('cancel', { sessionId: full._id }, 'ops-b'))
  await row('cancel (waitlist empty)', ok('cancel', { sessionId: free._id }, 'ops-a'))
  await row('listSessions (no account)', ok('listSessions', {}))
  await row('listSessions (signed in)', ok('listSessions', {}, 'demo-rider'))
  await row('listSessions fits my free time', ok('listSessions', { filter: { fitsFreeTime: true } }, 'demo-rider'))
  await row('myBookings', ok('myBookings', {}, 'demo-rider'))
  await row('listCourses', ok('listCourses', {}))
  await row('getCourse', ok('getCourse', { courseId: 'course-yoga' }, 'demo-rider'))
  // Booking stays open to the start, so a class 5 minutes away can be booked, then checked in to.
  const soon = addSession(addCourse(0), 5, 5 * MINUTE_MS)
  await ok('book', { sessionId: soon._id }, 'ops-d')
  const code = checkinCode(soon.checkinSecret, soon._id, Date.now())
  await row('checkin', ok('checkin', { sessionId: soon._id, code }, 'ops-d'))
  await cloud.runTrigger('courseTimer', 'everyMinute')
  const before = cloud.db.requestCount
  await cloud.runTrigger('courseTimer', 'everyMinute')
  rows.push(['timer run with nothing to do', cloud.db.requestCount - before])
  return rows
}

async function main(): Promise<void> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'youlin-bench-'))
  try {
    await buildFunctions({ outDir, names: ['course', 'courseTimer'] })
    cloud = await startCloud({ port: 0, dataDir: ':memory:', functionsDir: outDir, functions: ['course', 'courseTimer'], log: () => undefined })
    cloud.seed()
    console.log(`function course on a local cloud in memory, Node ${process.version}, ${os.cpus().length} CPU(s)\n`)

    // A warm-up, so the first measured run does not pay for loading the bundle and the SDK.
    await throughput('warm', 50, WIDTH)
    const sequential: number[] = []
    const wide: number[] = []
    for (let r = 0; r < RUNS; r++) {
      sequential.push(await throughput(`seq${r}`, SEQUENTIAL_BOOKS, 1))
      wide.push(await throughput(`wide${r}`, WIDE_BOOKS, WIDTH))
    }
    const atOnce: Burst[] = []
    const bounded: Burst[] = []
    for (let r = 0; r < BURST_RUNS; r++) {
      atOnce.push(await burst(`burst${r}`, BURST))
      bounded.push(await burst(`bounded${r}`, BURST_WIDTH))
    }
    const seq = median(sequential)
    const w = median(wide)
    console.log(`book, one at a time     ${seq.toFixed(0).padStart(6)} books/s   (median of ${RUNS} × ${SEQUENTIAL_BOOKS}; ${(1000 / seq).toFixed(2)} ms each)`)
    console.log(`book, ${WIDTH} at a time      ${w.toFixed(0).padStart(6)} books/s   (median of ${RUNS} × ${WIDE_BOOKS})`)
    console.log(`  ${WIDTH}-wide / sequential throughput: ${(w / seq).toFixed(2)}×`)
    printBurst(`${BURST}-burst on ${BURST_SEATS} seats`, atOnce, seq)
    printBurst(`  the same, ${BURST_WIDTH} in flight`, bounded, seq)
    console.log('')

    console.log('database requests per action (x-cloud-db-ops)')
    for (const [label, ops] of await requestCounts()) console.log(`  ${String(ops).padStart(3)}  ${label}`)
  } finally {
    await cloud?.close()
    fs.rmSync(outDir, { recursive: true, force: true })
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.stack ?? e.message : e)
  process.exit(1)
})
