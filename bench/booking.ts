/**
 * The booking part of `npm run bench`: function `course` on a local cloud in memory (the real bundle, the real
 * wx-server-sdk, over HTTP like the H5 client), the way `npm start` runs it against the way the code before issue 11 did.
 *
 * Every load runs twice in the same bench run, in separate local clouds (one per process at a time): with functions
 * in the server's own thread (`functionThreads: 0`, the baseline) and in worker-thread instances (what `npm start`
 * uses). Which goes first alternates run by run, so a busy spell of this shared machine hits both alike, and a small
 * unmeasured load first compiles this process's own code hot for both; full mode takes the median of three runs,
 * quick mode one run of a smaller load.
 *   - the burst: people booking one 30-seat session all at once (one in ten taps twice, as people do): exactly the
 *     capacity confirmed, nobody holding two places, no book failed; books/s and the latency of each book;
 *   - storms: people booking and cancelling at random on several sessions, 200 calls in flight; afterwards the store
 *     must pass the invariants the storm and crash tests check (test/security/invariants.ts);
 *   - overload: the burst once more with a process spinning on a core beside it: still no book may fail;
 *   - one book at a time: the unit the burst's time per book is compared with;
 *   - full mode only: the same burst on the code before issue 11 (bench/reference.ts), the baseline of the issue's
 *     "≥ 2.5× today's books/s".
 * `--profile` adds one burst per mode under the V8 CPU profiler and prints where the CPU went (bench/profile.ts).
 *
 * Correctness is measured as figures with a budget of 0, not thrown: one broken run must not hide the rest of the table.
 */
import { spawn, type ChildProcess } from 'child_process'
import fs from 'fs'
import os from 'os'
import path from 'path'
import type { ActionInput, ActionName, ActionOutput, Result } from '@core/api'
import { newSessionDoc, queueEntries, resolvePolicy, sessionIdFor, type BookingDoc, type CourseDoc, type SessionDoc } from '@core/booking'
import { DAY_MS, HOUR_MS, MINUTE_MS } from '@core/time'
import { defaultFunctionThreads, startCloud, type LocalCloud, type StartCloudOptions } from '../emulator'
import { buildFunctions } from '../scripts/build/functions'
import { bookingViolations, seatTableViolations } from '../test/security/invariants'
import { seeded } from '../test/security/storm-support'
import { formatSummary, profileWhile, summarizeProfile, type ProfileSummary } from './profile'
import { referenceAvailable, referenceBursts, REFERENCE_COMMIT, type ReferenceBurst } from './reference'
import { median, percentile, timed, type BenchOptions, type BenchSection, type Figure } from './report'

const SECTION = 'booking'
const SEATS = 30
/** Calls in flight in a storm: the width the issue names, far beyond the seats, so every contended path is taken. */
const STORM_WIDTH = 200
const STORM_SESSIONS = 6
/** The write limit admits 30 writes a minute per person: a storm spreads its calls over enough people to stay below. */
const STORM_PEOPLE_PER_CALL = 0.2
const P99_BUDGET_MS = 3000
/** Worker books/s over the books/s of the code before issue 11, in the full burst: the issue's target. */
const RATIO_TARGET = 2.5

interface Load {
  runs: number
  burst: number
  storm: number
  sequential: number
}

const FULL: Load = { runs: 3, burst: 1000, storm: 1600, sequential: 100 }
/**
 * Sized for the ~20 s the quick bench gives this part on a quiet 2-core machine: still ten people for every seat and
 * a storm as wide as the full one, so every contended path is taken and the correctness budgets mean the same. A
 * machine busy with other work takes several times as long.
 */
const QUICK: Load = { runs: 1, burst: 300, storm: 300, sequential: 30 }

/** How a cloud runs its functions: `functionThreads` 0 in the server's own thread, n in n worker instances per function. */
interface Mode {
  label: 'one thread' | 'workers'
  functionThreads: number
}

const ONE_THREAD: Mode = { label: 'one thread', functionThreads: 0 }
/** Worker instances per function as `npm start` runs them. */
const WORKERS: Mode = { label: 'workers', functionThreads: defaultFunctionThreads() }

/** What one call answered, as the bench sees it. */
interface Call<T> {
  ms: number
  /** The envelope, or undefined when the call got no JSON answer at all. */
  body?: Result<T>
  status: number
}

/**
 * A call the function contract does not allow: no answer, not the envelope, or INTERNAL (in a burst on a loaded
 * machine: a database request that outlived the SDK's 15 s timeout). A coded refusal (候补已满, a cancel with nothing
 * to cancel) is an answer.
 */
const failed = (c: Call<unknown>): boolean => c.status !== 200 || c.body === undefined || (!c.body.ok && c.body.code === 'INTERNAL')

/** The coded refusals among `calls`, by code. */
function countCodes(calls: readonly Call<unknown>[]): Map<string, number> {
  const out = new Map<string, number>()
  for (const { body } of calls) if (body && !body.ok && body.code !== 'INTERNAL') out.set(body.code, (out.get(body.code) ?? 0) + 1)
  return out
}

const codesLine = (codes: ReadonlyMap<string, number>): string => [...codes].map(([code, n]) => `${n} ${code}`).join(', ') || 'none'

/** One local cloud running `course`, and what the loads need to set up on it. */
class BookingCloud {
  private serial = 0
  /** Sessions of one course start a minute apart (their ids come from the start). */
  private minute = 0

  private constructor(readonly cloud: LocalCloud) {}

  static async start(functionsDir: string, mode: Mode): Promise<BookingCloud> {
    const options: StartCloudOptions = { port: 0, dataDir: ':memory:', functionsDir, functions: ['course'], log: () => undefined, functionThreads: mode.functionThreads }
    const cloud = await startCloud(options)
    cloud.seed()
    return new BookingCloud(cloud)
  }

  close(): Promise<void> {
    return this.cloud.close()
  }

  async call<A extends ActionName<'course'>>(action: A, input: ActionInput<'course', A>, openid: string): Promise<Call<ActionOutput<'course', A>>> {
    const started = process.hrtime.bigint()
    let status = 0
    let body: Result<ActionOutput<'course', A>> | undefined
    try {
      const res = await fetch(`${this.cloud.url}/functions/course`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-wx-openid': openid },
        body: JSON.stringify(Object.assign({ action }, input))
      })
      status = res.status
      body = (await res.json()) as Result<ActionOutput<'course', A>>
    } catch {
      // No answer (the connection dropped, or a body that is not JSON): counted as a failed call by its status.
    }
    return { ms: Number(process.hrtime.bigint() - started) / 1e6, body, status }
  }

  /** A course without the booking limits that would get in a benchmark's way. */
  addCourse(): CourseDoc {
    const now = this.cloud.clock.now()
    const course: CourseDoc = {
      _id: `bench-course-${++this.serial}`,
      title: '基准测试课',
      category: '健康',
      description: '',
      cover: '',
      instructor: '',
      venueId: 'venue-youlin',
      policy: resolvePolicy({ weeklyLimit: 14, maxUpcoming: 20 }),
      status: 'active',
      createdAt: now,
      updatedAt: now
    }
    this.cloud.db.insert('courses', [course])
    return course
  }

  /** A session two days out: bookable, cancels free, a freed seat passed on at once. */
  addSession(course: CourseDoc, capacity: number): SessionDoc {
    const now = this.cloud.clock.now()
    const startAt = Math.floor((now + 2 * DAY_MS + ++this.minute * MINUTE_MS) / MINUTE_MS) * MINUTE_MS
    const planned = { _id: sessionIdFor(course._id, startAt), courseId: course._id, startAt, endAt: startAt + HOUR_MS, capacity }
    const session = newSessionDoc(planned, course, `bench-secret-${this.minute}`, now)
    this.cloud.db.insert('sessions', [session])
    return session
  }

  /**
   * The store's rules for these sessions, as the storm tests ask them. A failed book may leave its booking behind the
   * seat table (its retry would repair it), so after a failure only the seat table itself is held to account.
   */
  violations(sessionIds: readonly string[], anyFailed: boolean): number {
    const db = this.cloud.db
    return (anyFailed ? seatTableViolations(db, sessionIds) : bookingViolations(db, sessionIds, this.cloud.clock.now())).length
  }

  /** People holding more than one place in the session: a seat and a place in the queue, two queue places, two live bookings. */
  peopleHoldingTwoPlaces(sessionId: string): number {
    const session = this.cloud.db.find<SessionDoc>('sessions', { _id: sessionId })[0]
    const places = new Map<string, number>()
    const add = (openid: string) => places.set(openid, (places.get(openid) ?? 0) + 1)
    Object.keys(session.seats ?? {}).forEach(add)
    queueEntries(session).forEach((e) => add(e.openid))
    const live = new Map<string, number>()
    for (const b of this.cloud.db.find<BookingDoc>('bookings', { sessionId })) {
      if (b.status !== 'cancelled') live.set(b.openid, (live.get(b.openid) ?? 0) + 1)
    }
    const twice = new Set([...places].filter(([, n]) => n > 1).map(([openid]) => openid))
    for (const [openid, n] of live) if (n > 1) twice.add(openid)
    return twice.size
  }
}

/** Runs `tasks` with at most `width` in flight. */
async function inFlight(tasks: readonly (() => Promise<unknown>)[], width: number): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < tasks.length) await tasks[next++]()
  }
  await Promise.all(Array.from({ length: Math.min(width, tasks.length) }, worker))
}

/**
 * A function that fails logs its stack (and the SDK its timeouts), from this thread or from a worker instance whose
 * output is piped to this process's stderr: the loads count failures instead, so the table is not buried under stacks.
 */
async function quietly<T>(fn: () => Promise<T>): Promise<T> {
  const stderr = process.stderr
  const write = stderr.write.bind(stderr)
  stderr.write = () => true
  try {
    return await fn()
  } finally {
    stderr.write = write
  }
}

/** The first calls load the bundle and the SDK in every instance: paid before anything is timed. */
async function warmUp(bc: BookingCloud, mode: Mode): Promise<void> {
  const { _id } = bc.addSession(bc.addCourse(), 200)
  const n = 10 * Math.max(1, mode.functionThreads)
  await inFlight(
    Array.from({ length: n }, (_, i) => () => bc.call('book', { sessionId: _id }, `bench-warm-${i}`)),
    Math.min(n, 10)
  )
}

/** Milliseconds per book, one at a time, distinct people on a session with room for all of them. */
async function sequential(bc: BookingCloud, n: number): Promise<{ msPerBook: number; failed: number }> {
  const { _id } = bc.addSession(bc.addCourse(), n)
  let failures = 0
  const ms = await timed(async () => {
    for (let i = 0; i < n; i++) if (failed(await bc.call('book', { sessionId: _id }, `bench-seq-${i}`))) failures++
  })
  return { msPerBook: ms / n, failed: failures }
}

interface Burst {
  booksPerSecond: number
  latencies: number[]
  confirmed: number
  waitlisted: number
  refused: Map<string, number>
  failed: number
  holdingTwoPlaces: number
  violations: number
}

/**
 * `books` books of one SEATS-seat session, all at once. One book in ten is the previous person tapping again (a new
 * request, no request id): the way a person could end up with two places.
 */
async function burst(bc: BookingCloud, books: number, tag: string): Promise<Burst> {
  const { _id } = bc.addSession(bc.addCourse(), SEATS)
  const person = (i: number) => `bench-${tag}-${i % 10 === 9 ? i - 1 : i}`
  let calls: Call<ActionOutput<'course', 'book'>>[] = []
  const ms = await timed(async () => {
    calls = await quietly(() => Promise.all(Array.from({ length: books }, (_, i) => bc.call('book', { sessionId: _id }, person(i)))))
  })
  const failures = calls.filter(failed).length
  const session = bc.cloud.db.find<SessionDoc>('sessions', { _id })[0]
  return {
    booksPerSecond: books / (ms / 1000),
    latencies: calls.map((c) => c.ms),
    confirmed: session.booked,
    waitlisted: queueEntries(session).length,
    refused: countCodes(calls),
    failed: failures,
    holdingTwoPlaces: bc.peopleHoldingTwoPlaces(_id),
    violations: bc.violations([_id], failures > 0)
  }
}

interface Storm {
  callsPerSecond: number
  latencies: number[]
  /** Coded refusals by code: a cancel with nothing to cancel, a full waitlist, the write limit. */
  refused: Map<string, number>
  failed: number
  violations: number
}

/**
 * `calls` books and cancels (3 : 2) by random people on STORM_SESSIONS small sessions, STORM_WIDTH in flight. A cancel
 * is made by someone whose book of that session went out at least STORM_WIDTH calls before (so it has mostly been
 * answered: a cancel racing its own book would only be refused for having nothing to cancel); cancels free seats and
 * promote from the waitlist while other books race for them. The seed fixes which calls are made; only how they
 * interleave is the machine's.
 */
async function storm(bc: BookingCloud, calls: number, tag: string, seed: number): Promise<Storm> {
  const random = seeded(seed)
  const course = bc.addCourse()
  const sessions = Array.from({ length: STORM_SESSIONS }, () => bc.addSession(course, random.int(3, 10))._id)
  const people = Array.from({ length: Math.ceil(calls * STORM_PEOPLE_PER_CALL) }, (_, i) => `bench-${tag}-${i}`)
  const plan: { action: 'book' | 'cancel'; sessionId: string; who: string }[] = []
  /** Books not yet cancelled, by their index in the plan. */
  const booked: number[] = []
  for (let i = 0; i < calls; i++) {
    const answered = booked.filter((b) => b <= i - STORM_WIDTH)
    if (answered.length > 0 && random.weighted({ book: 3, cancel: 2 }) === 'cancel') {
      const b = random.pick(answered)
      booked.splice(booked.indexOf(b), 1)
      plan.push({ ...plan[b], action: 'cancel' })
    } else {
      booked.push(i)
      plan.push({ action: 'book', sessionId: random.pick(sessions), who: random.pick(people) })
    }
  }
  const answers: Call<unknown>[] = []
  const tasks = plan.map(({ action, sessionId, who }) => async () => answers.push(await bc.call(action, { sessionId }, who)))
  const ms = await timed(() => quietly(() => inFlight(tasks, STORM_WIDTH)))
  const failures = answers.filter(failed).length
  return {
    callsPerSecond: calls / (ms / 1000),
    latencies: answers.map((a) => a.ms),
    refused: countCodes(answers),
    failed: failures,
    violations: bc.violations(sessions, failures > 0)
  }
}

/**
 * A process spinning on one core until it is stopped: the other work on a busy machine, made reproducible. It looks up
 * now and then whether its parent is still there, so a bench interrupted mid-burst leaves no core spinning behind it.
 */
const SPIN = 'const parent = process.ppid; for (;;) { for (let i = 0; i < 1e7; i++); if (process.ppid !== parent) process.exit(0) }'

function cpuHog(): { stop: () => void } {
  const hog: ChildProcess = spawn(process.execPath, ['-e', SPIN], { stdio: 'ignore' })
  return { stop: () => hog.kill('SIGKILL') }
}

interface ModeRun {
  burst: Burst
  storm: Storm
  msPerBook: number
  sequentialFailed: number
  /** The burst with a CPU hog beside it (worker mode only: the product's way of running). */
  overload?: Burst
}

async function runMode(functionsDir: string, mode: Mode, load: Load, run: number, log: (line: string) => void): Promise<ModeRun> {
  const bc = await BookingCloud.start(functionsDir, mode)
  try {
    await warmUp(bc, mode)
    const seq = await sequential(bc, load.sequential)
    const b = await burst(bc, load.burst, `burst${run}`)
    log(`  ${mode.label}: ${load.burst}-way burst ${b.booksPerSecond.toFixed(0)} books/s, p99 ${percentile(b.latencies, 99).toFixed(0)} ms, ${b.failed} failed`)
    const s = await storm(bc, load.storm, `storm${run}`, 1100 + run)
    log(`  ${mode.label}: storm ${s.callsPerSecond.toFixed(0)} calls/s, p99 ${percentile(s.latencies, 99).toFixed(0)} ms, ${s.failed} failed, refused ${codesLine(s.refused)}`)
    let overload: Burst | undefined
    if (mode === WORKERS) {
      const hog = cpuHog()
      try {
        overload = await burst(bc, load.burst, `overload${run}`)
      } finally {
        hog.stop()
      }
      log(`  ${mode.label}, CPU hog beside: burst p99 ${percentile(overload.latencies, 99).toFixed(0)} ms, ${overload.failed} failed`)
    }
    return { burst: b, storm: s, msPerBook: seq.msPerBook, sequentialFailed: seq.failed, overload }
  } finally {
    await bc.close()
  }
}

/**
 * A small burst and storm, not measured, before either mode: the server, the store and the bench's client run in
 * this process in both modes, and their code is compiled hot by whichever mode runs first; without this the first
 * mode measured would pay for the second's warm start.
 */
async function primeThisProcess(functionsDir: string): Promise<void> {
  const bc = await BookingCloud.start(functionsDir, ONE_THREAD)
  try {
    await warmUp(bc, ONE_THREAD)
    await burst(bc, 100, 'prime')
    await storm(bc, 100, 'prime', 1000)
  } finally {
    await bc.close()
  }
}

/**
 * `count` bursts of `mode` under the CPU profiler, summarised by kind of code and by whose work it was: in one cloud,
 * after an unprofiled burst there, as the reference's profiled bursts follow its timed ones in a warm cloud.
 */
async function profiledBursts(functionsDir: string, mode: Mode, load: Load, count: number): Promise<ProfileSummary[]> {
  const bc = await BookingCloud.start(functionsDir, mode)
  try {
    await warmUp(bc, mode)
    await burst(bc, load.burst, 'profile-warm')
    const summaries: ProfileSummary[] = []
    for (let run = 0; run < count; run++) {
      const requestsBefore = bc.cloud.db.requestCount
      const cpuBefore = process.cpuUsage()
      const profile = await profileWhile(() => burst(bc, load.burst, `profiled-${run}`))
      const cpu = process.cpuUsage(cpuBefore)
      summaries.push(
        summarizeProfile(profile, {
          dbRequests: bc.cloud.db.requestCount - requestsBefore,
          functionsDir,
          top: 8,
          // The process's CPU is this thread's only when the functions run in it; else the sampled time stands.
          ...(mode.functionThreads === 0 ? { cpuMs: (cpu.user + cpu.system) / 1000 } : {})
        })
      )
    }
    return summaries
  } finally {
    await bc.close()
  }
}

/**
 * `--profile`: one more burst per mode (not timed with the others) under the V8 CPU profiler of this thread, summarized
 * by bench/profile.ts: where the CPU went, per database request. With worker instances this thread is the server's —
 * HTTP, the database, the bench's own client — and the functions' CPU (the SDK, `course`) is in the workers, outside it.
 */
async function profileBursts(functionsDir: string, load: Load, log: (line: string) => void): Promise<void> {
  for (const mode of [ONE_THREAD, WORKERS]) {
    const [summary] = await profiledBursts(functionsDir, mode, load, 1)
    const scope = mode.functionThreads === 0 ? 'the whole local cloud, CPU measured' : 'the server thread only, sampled time'
    log(`profile of the ${load.burst}-way burst, ${mode.label} (${scope}):`)
    for (const line of formatSummary(summary)) log(`  ${line}`)
  }
}

/** The local cloud's own CPU per database request in a profile: what the hot-path work of issue 11 set out to halve. */
const emulatorMsPerRequest = (summary: ProfileSummary): number => summary.parties.find((p) => p.name === 'emulator')?.msPerRequest ?? NaN

/** Profiled bursts on each side of the CPU comparison: one profile swings by a fifth between runs on a busy machine. */
const PROFILED_BURSTS = 3

/** The local cloud's CPU per request over several profiled bursts: every value, and the burst with the median one. */
interface ProfiledSide {
  msPerRequest: number[]
  median: ProfileSummary
}

function medianProfile(summaries: readonly ProfileSummary[]): ProfiledSide {
  const byCost = [...summaries].sort((a, b) => emulatorMsPerRequest(a) - emulatorMsPerRequest(b))
  return { msPerRequest: summaries.map(emulatorMsPerRequest), median: byCost[Math.floor((byCost.length - 1) / 2)] }
}

const sum = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0)
const round = (x: number, digits = 0): number => Number(x.toFixed(digits))

/**
 * The issue's target, against the code before it in the same run (bench/reference.ts): full bench only, a quick
 * burst being too short, and too exposed to one busy moment of the machine, for a stable ratio.
 */
function referenceFigures(workers: ModeRun[], reference: ReferenceBurst[], load: Load, emulator: { now: ProfiledSide; before: ProfiledSide }): Figure[] {
  const cpuNow = emulatorMsPerRequest(emulator.now.median)
  const cpuBefore = emulatorMsPerRequest(emulator.before.median)
  const spread = (side: ProfiledSide) => side.msPerRequest.map((ms) => ms.toFixed(3)).join(', ')
  const booksPerSecond = median(workers.map((r) => r.burst.booksPerSecond))
  const before = median(reference.map((r) => r.booksPerSecond))
  const what = `median of ${reference.length}; ${load.burst} people at once on ${SEATS} seats there, as it answered them (no waitlist cap)`
  return [
    {
      section: SECTION,
      name: `burst: books/s before issue 11 (${REFERENCE_COMMIT}, one thread)`,
      value: round(before),
      unit: 'books/s',
      detail: `${what}; failed ${sum(reference.map((r) => r.failed))}`
    },
    {
      section: SECTION,
      name: 'burst: workers / before issue 11',
      value: round(booksPerSecond / before, 2),
      unit: '×',
      budget: { min: RATIO_TARGET },
      detail: `the issue's target ≥ ${RATIO_TARGET}, both measured in this run`
    },
    {
      section: SECTION,
      name: 'burst: p99 before issue 11',
      value: round(median(reference.map((r) => r.p99Ms))),
      unit: 'ms',
      detail: what
    },
    {
      section: SECTION,
      name: "burst: the local cloud's own CPU per database request (one thread)",
      value: round(cpuNow, 3),
      unit: 'ms',
      baseline: { name: 'before issue 11', value: round(cpuBefore, 3) },
      detail: `median of ${PROFILED_BURSTS} profiled bursts each (now ${spread(emulator.now)}; before ${spread(emulator.before)} ms); HTTP handling, decoding, matching, encoding and logging, by bench/profile.ts`
    },
    {
      section: SECTION,
      name: "burst: the local cloud's own CPU per request, now / before issue 11",
      value: round(cpuNow / cpuBefore, 2),
      unit: '×',
      budget: { max: 0.5 },
      detail: 'the issue\'s target: halved'
    }
  ]
}

function figures(one: ModeRun[], workers: ModeRun[], load: Load): Figure[] {
  const runs = `${load.runs === 1 ? 'one run' : `median of ${load.runs}`}`
  const med = (rs: ModeRun[], f: (r: ModeRun) => number) => median(rs.map(f))
  const p = (q: number) => (b: Burst | Storm) => percentile(b.latencies, q)
  const bursts = [...one, ...workers].flatMap((r) => [r.burst, ...(r.overload ? [r.overload] : [])])
  const overloads = workers.flatMap((r) => (r.overload ? [r.overload] : []))

  const booksPerSecond = med(workers, (r) => r.burst.booksPerSecond)
  const booksPerSecondOne = med(one, (r) => r.burst.booksPerSecond)
  const farthest = bursts.reduce((worst, b) => (Math.abs(b.confirmed - SEATS) > Math.abs(worst.confirmed - SEATS) ? b : worst))
  const burstWhat = `${load.burst} books by ${load.burst - Math.floor(load.burst / 10)} people at once, ${SEATS} seats`
  const ratioDetail = `${runs}, ${load.burst}-way burst: what the instances alone add, both with today's store and rules`
  const perBookRatio = (r: ModeRun) => 1000 / r.burst.booksPerSecond / r.msPerBook

  return [
    {
      section: SECTION,
      name: 'burst: books/s (workers)',
      value: round(booksPerSecond),
      unit: 'books/s',
      baseline: { name: 'books/s (one thread)', value: round(booksPerSecondOne) },
      detail: `${runs}; ${burstWhat}; ${WORKERS.functionThreads} worker instance${WORKERS.functionThreads === 1 ? '' : 's'} per function`
    },
    {
      section: SECTION,
      name: 'burst: workers / one thread',
      value: round(booksPerSecond / booksPerSecondOne, 2),
      unit: '×',
      detail: ratioDetail
    },
    {
      section: SECTION,
      name: 'burst: p50 per book (workers)',
      value: round(med(workers, (r) => p(50)(r.burst))),
      unit: 'ms',
      baseline: { name: 'p50 (one thread)', value: round(med(one, (r) => p(50)(r.burst))) },
      detail: runs
    },
    {
      section: SECTION,
      name: 'burst: p99 per book (workers)',
      value: round(med(workers, (r) => p(99)(r.burst))),
      unit: 'ms',
      baseline: { name: 'p99 (one thread)', value: round(med(one, (r) => p(99)(r.burst))) },
      budget: { max: P99_BUDGET_MS },
      detail: runs
    },
    {
      section: SECTION,
      name: 'burst: confirmed',
      value: farthest.confirmed,
      unit: 'seats',
      budget: { min: SEATS, max: SEATS },
      detail: `the run farthest from ${SEATS} of ${bursts.length} bursts (both modes, overload too): ${farthest.waitlisted} waiting, refused ${codesLine(farthest.refused)}`
    },
    {
      section: SECTION,
      name: 'burst: people holding two places',
      value: sum(bursts.map((b) => b.holdingTwoPlaces)),
      unit: 'people',
      budget: { max: 0 },
      detail: `all ${bursts.length} bursts; one book in ten is a second tap`
    },
    {
      section: SECTION,
      name: 'burst: failed books (workers)',
      value: sum(workers.map((r) => r.burst.failed)),
      unit: 'books',
      baseline: { name: 'failed (one thread)', value: sum(one.map((r) => r.burst.failed)) },
      budget: { max: 0 },
      detail: `of ${load.runs * load.burst}; INTERNAL, not the envelope, or no answer`
    },
    {
      section: SECTION,
      name: 'burst: time per book / one book alone (workers)',
      value: round(med(workers, perBookRatio), 2),
      unit: '×',
      baseline: { name: 'one thread', value: round(med(one, perBookRatio), 2) },
      detail: 'burst ms ÷ books, over sequential ms per book in the same cloud'
    },
    {
      section: SECTION,
      name: 'book, one at a time (workers)',
      value: round(med(workers, (r) => r.msPerBook), 2),
      unit: 'ms/book',
      baseline: { name: 'one thread', value: round(med(one, (r) => r.msPerBook), 2) },
      detail: `${runs} × ${load.sequential} books; ${sum([...one, ...workers].map((r) => r.sequentialFailed))} failed`
    },
    {
      section: SECTION,
      name: 'storm: calls/s (workers)',
      value: round(med(workers, (r) => r.storm.callsPerSecond)),
      unit: 'calls/s',
      baseline: { name: 'calls/s (one thread)', value: round(med(one, (r) => r.storm.callsPerSecond)) },
      detail: `${runs}; ${load.storm} books and cancels (3 : 2), ${STORM_WIDTH} in flight, ${STORM_SESSIONS} sessions of 3–10 seats`
    },
    {
      section: SECTION,
      name: 'storm: p99 per call (workers)',
      value: round(med(workers, (r) => p(99)(r.storm))),
      unit: 'ms',
      baseline: { name: 'p99 (one thread)', value: round(med(one, (r) => p(99)(r.storm))) },
      detail: runs
    },
    {
      section: SECTION,
      name: 'storm: failed calls (workers)',
      value: sum(workers.map((r) => r.storm.failed)),
      unit: 'calls',
      baseline: { name: 'failed (one thread)', value: sum(one.map((r) => r.storm.failed)) },
      budget: { max: 0 },
      detail: `of ${load.runs * load.storm}`
    },
    {
      section: SECTION,
      name: 'store invariants broken',
      value: sum([...bursts.map((b) => b.violations), ...[...one, ...workers].map((r) => r.storm.violations)]),
      unit: 'violations',
      budget: { max: 0 },
      detail: 'after every burst and storm, both modes (test/security/invariants.ts)'
    },
    {
      section: SECTION,
      name: 'overload: failed books (CPU hog beside)',
      value: sum(overloads.map((b) => b.failed)),
      unit: 'books',
      baseline: { name: 'failed without the hog', value: sum(workers.map((r) => r.burst.failed)) },
      budget: { max: 0 },
      detail: `workers; the ${load.burst}-way burst with a process spinning on one core`
    },
    {
      section: SECTION,
      name: 'overload: p99 per book (CPU hog beside)',
      value: round(median(overloads.map(p(99)))),
      unit: 'ms',
      baseline: { name: 'p99 without the hog', value: round(med(workers, (r) => p(99)(r.burst))) },
      detail: `workers; ${runs}`
    }
  ]
}

export const section: BenchSection = {
  name: SECTION,
  async run({ quick, log }: BenchOptions): Promise<Figure[]> {
    const load = quick ? QUICK : FULL
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'youlin-bench-booking-'))
    try {
      await buildFunctions({ outDir, names: ['course'] })
      log(`booking: function course, ${ONE_THREAD.label} and ${WORKERS.functionThreads} worker instances, Node ${process.version}, ${os.availableParallelism()} CPU(s)`)
      await primeThisProcess(outDir)
      const one: ModeRun[] = []
      const workers: ModeRun[] = []
      for (let run = 0; run < load.runs; run++) {
        // Which mode goes first alternates, so neither always meets the machine's busy spells second.
        for (const mode of run % 2 === 0 ? [ONE_THREAD, WORKERS] : [WORKERS, ONE_THREAD]) {
          ;(mode === ONE_THREAD ? one : workers).push(await runMode(outDir, mode, load, run, log))
        }
      }
      if (process.argv.includes('--profile')) await profileBursts(outDir, load, log)
      const measured = figures(one, workers, load)
      if (quick) return measured
      if (!referenceAvailable()) {
        log(`no commit ${REFERENCE_COMMIT} in this clone (shallow?): the burst before issue 11 is not measured`)
        return measured
      }
      const reference = await referenceBursts(load.burst, SEATS, load.runs, PROFILED_BURSTS, path.join(outDir, 'reference.cpuprofile'))
      log(`before issue 11 (${REFERENCE_COMMIT}): ${reference.bursts.map((r) => `${r.booksPerSecond.toFixed(0)} books/s, p99 ${r.p99Ms.toFixed(0)} ms`).join('; ')}`)
      const before = reference.profiles.map((profile) => summarizeProfile(profile.file, { ...profile, top: 8 }))
      const now = await profiledBursts(outDir, ONE_THREAD, load, PROFILED_BURSTS)
      const emulator = { now: medianProfile(now), before: medianProfile(before) }
      for (const [label, side] of [['before issue 11', emulator.before], ['now', emulator.now]] as const) {
        log(`profile of the ${load.burst}-way burst in one thread, ${label} (the median of ${PROFILED_BURSTS} by the local cloud's own CPU):`)
        for (const line of formatSummary(side.median)) log(`  ${line}`)
      }
      return [...measured, ...referenceFigures(workers, reference.bursts, load, emulator)]
    } finally {
      fs.rmSync(outDir, { recursive: true, force: true })
    }
  }
}
