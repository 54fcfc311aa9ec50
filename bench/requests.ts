/**
 * The bench's `database requests` part: every action of every function, and every timer trigger, called once in its
 * common case on a local cloud in memory (the real bundles and wx-server-sdk, over HTTP like the H5 client), each
 * figure the `x-cloud-db-ops` of the reply against its row in bench/budgets.ts.
 *
 * It stands on the authorization matrix rather than a list of its own: the matrix already has a valid sample for
 * every action and knows which callers may make it, and its fixture arranges the records the samples point at
 * (test/security/authorization-fixture.ts). What a call writes is undone before the next, so each figure is measured
 * on the same arrangement whatever ran before it. Actions whose budget is split into cases (bench/budgets.ts) get
 * those cases arranged here, by hand.
 *
 * Request counts do not depend on the machine's load, so one call per row is the figure, and quick mode runs all of
 * it too. A call that fails is a broken bench, not a figure: the part stops and says which call and why.
 */
import type { FunctionName, Result } from '@core/api'
import { firstRecord, WRITE_KINDS } from '@core/rate-limit'
import { HOUR_MS } from '@core/time'
import { NEEDS_SURVEY_ID } from '../emulator/demo-surveys'
import type { WriteLimitDoc } from '../cloudfunctions/_shared/limits'
import { addCourse, addSession } from '../test/integration/course-booking-support'
import { arrangeMatrix, guardStore, IDENTITIES, NOW, type StoreGuard } from '../test/security/authorization-fixture'
import { MATRIX, type Caller, type Fixture } from '../test/security/authorization-matrix'
import { data, startTestCloud, type TestCloud } from '../test/support/cloud'
import { WRITE_LIMITS_COLLECTION } from '../test/support/write-limits'
import { REQUEST_BUDGETS, TIMER_REQUEST_BUDGETS, type RequestBudget } from './budgets'
import type { BenchSection, Figure } from './report'
import { DEMO_SCORER } from '../emulator/demo-stars'

const SECTION = 'database requests'

/** Whom an action is measured as: the first of these its matrix row allows (a person, before the roles above one). */
const CALLER_PREFERENCE: readonly Caller[] = ['user', 'organizer', 'provider', 'admin', 'none']

/** Someone with a confirmed seat in the class about to start (the fixture's), who checks in with the code. */
const SEATED_NOW = 'demo-courier'

/** A rider's answers to the demo's needs questionnaire: who, when they work, one need with its detail, free time. */
const NEEDS_ANSWERS = { group: 'rider', hours: 'after21', needs: ['legal'], legalTopic: 'labor', freeTime: ['weekdayEvening'], wantContact: 'no' }

/** One call as measured: the database requests it made and whom it was made as. */
interface Measured {
  requests: number
  as: string
}

interface Bench {
  cloud: TestCloud
  fixture: Fixture
  store: StoreGuard
}

type MatrixRow = { sample: (f: Fixture) => object; expect: Readonly<Record<Caller, string>> }

const rowOf = (fn: FunctionName, action: string): MatrixRow => (MATRIX[fn] as unknown as Record<string, MatrixRow>)[action]

function callerFor(fn: FunctionName, action: string): Caller {
  const row = rowOf(fn, action)
  const caller = CALLER_PREFERENCE.find((c) => row.expect[c] === 'allowed')
  if (caller === undefined) throw new Error(`${fn}.${action}: the authorization matrix allows nobody`)
  return caller
}

/** Calls `fn.action` with `input` as `openid`; a failure stops the bench. */
async function measure(bench: Bench, fn: FunctionName, action: string, input: object, openid: string | undefined): Promise<Measured> {
  const reply = await bench.cloud.callUntyped(fn, { action, ...input }, openid)
  const body = reply.body as Result<unknown>
  if (!body.ok) throw new Error(`${fn}.${action} as ${openid ?? 'nobody'} failed: ${body.code} ${body.message}`)
  if (!Number.isInteger(reply.dbOps)) throw new Error(`${fn}.${action}: the reply carries no x-cloud-db-ops`)
  return { requests: reply.dbOps, as: openid ?? 'nobody' }
}

/** The matrix's sample of `fn.action`, as its preferred allowed caller. */
function sample(bench: Bench, fn: FunctionName, action: string): Promise<Measured> {
  const caller = callerFor(fn, action)
  return measure(bench, fn, action, rowOf(fn, action).sample(bench.fixture), IDENTITIES[caller])
}

type Scenario = (bench: Bench) => Promise<Measured>

type Budgets = typeof REQUEST_BUDGETS

/** A scenario for every case of every action whose budget is split into cases: a case without one does not compile. */
type CaseScenarios = {
  readonly [F in FunctionName]: {
    readonly [A in keyof Budgets[F] as Budgets[F][A] extends number ? never : A]: { readonly [C in keyof Budgets[F][A]]: Scenario }
  }
}

/** The openid a kind of caller calls as (the matrix's `user` owns the fixture's records). */
function openidOf(caller: Exclude<Caller, 'none'>): string {
  const openid = IDENTITIES[caller]
  if (openid === undefined) throw new Error(`the fixture has no identity for ${caller}`)
  return openid
}

const owner = openidOf('user')

const CASES: CaseScenarios = {
  user: {},
  community: {
    // No caller of the matrix is a station manager: the demo's, on the matrix's sample.
    myStarRiders: {
      'a station manager': (b) => measure(b, 'community', 'myStarRiders', rowOf('community', 'myStarRiders').sample(b.fixture), DEMO_SCORER)
    }
  },
  course: {
    listSessions: {
      'signed in': (b) => measure(b, 'course', 'listSessions', {}, owner),
      'no account': (b) => measure(b, 'course', 'listSessions', {}, undefined)
    },
    book: {
      confirmed: (b) => sample(b, 'course', 'book'),
      waitlisted: (b) => {
        const full = addSession(b.cloud, addCourse(b.cloud), { capacity: 1, seated: ['bench-seated'] })
        return measure(b, 'course', 'book', { sessionId: full._id }, owner)
      },
      // A second tap on a class the person already has a seat in.
      again: (b) => measure(b, 'course', 'book', { sessionId: b.fixture.sessionBooked }, owner)
    },
    cancel: {
      'waitlist empty': (b) => sample(b, 'course', 'cancel'),
      'next promoted': (b) => {
        const full = addSession(b.cloud, addCourse(b.cloud), { capacity: 1, seated: [owner], queued: ['bench-waiting'] })
        return measure(b, 'course', 'cancel', { sessionId: full._id }, owner)
      }
    },
    checkin: {
      booked: (b) => {
        const input = rowOf('course', 'checkin').sample(b.fixture)
        return measure(b, 'course', 'checkin', input, SEATED_NOW)
      },
      'walk-in': (b) => sample(b, 'course', 'checkin')
    }
  },
  survey: {
    submit: {
      'a suggestion': (b) => sample(b, 'survey', 'submit'),
      // 新就业群体需求调查 as a rider fills it: ticked needs become entries of the centre's lists.
      'needs questionnaire': (b) => measure(b, 'survey', 'submit', { surveyId: NEEDS_SURVEY_ID, answers: NEEDS_ANSWERS, clientId: 'bench-needs-0001' }, owner)
    }
  },
  service: {
    confirmProposals: {
      // What the organizer does after a matching run: sends the first proposal it made (the matrix's sample pairs a
      // need not triaged yet, which is answered as skipped without a write).
      'one proposal sent': async (b) => {
        const organizer = openidOf('organizer')
        const matched = data((await b.cloud.call('service', 'match', { venueId: b.fixture.venue }, organizer)).body)
        const [first] = matched.proposals
        if (first === undefined) throw new Error('service.match proposed nothing to confirm')
        const proposals = [{ needId: first.needId, serviceId: first.serviceId }]
        const reply = await b.cloud.call('service', 'confirmProposals', { venueId: b.fixture.venue, proposals }, organizer)
        const sent = data(reply.body)
        if (sent.skipped.length > 0) throw new Error(`service.confirmProposals skipped the proposal: ${sent.skipped[0].reason}`)
        return { requests: reply.dbOps, as: organizer }
      }
    }
  }
}

const figure = (name: string, measured: Measured, max: number, detail: string): Figure => ({
  section: SECTION,
  name,
  value: measured.requests,
  unit: 'requests',
  budget: { max },
  detail: `${detail}, as ${measured.as}`
})

/** Every action of `fn`: the matrix's sample, or each case of a split budget; the store is put back after each call. */
async function functionFigures(bench: Bench, fn: FunctionName): Promise<Figure[]> {
  const figures: Figure[] = []
  const budgets = REQUEST_BUDGETS[fn] as Readonly<Record<string, RequestBudget>>
  const cases = CASES[fn] as Readonly<Record<string, Readonly<Record<string, Scenario>>>>
  for (const [action, budget] of Object.entries(budgets)) {
    const runs: [string, Scenario, number][] =
      typeof budget === 'number'
        ? [[`${fn}.${action}`, (b) => sample(b, fn, action), budget]]
        : Object.entries(budget).map(([name, max]) => [`${fn}.${action} (${name})`, cases[action][name], max])
    for (const [name, scenario, max] of runs) {
      try {
        figures.push(figure(name, await scenario(bench), max, typeof budget === 'number' ? 'the matrix sample' : 'arranged case'))
      } finally {
        bench.store.restore()
      }
    }
  }
  return figures
}

/**
 * A timer run with nothing due: a first run does what the arrangement left due (a lottery to draw, reminders), the
 * second is measured. Trigger runs carry no reply header; the store's own count of requests is the same measure.
 */
async function timerFigures(bench: Bench): Promise<Figure[]> {
  const figures: Figure[] = []
  const { cloud } = bench.cloud
  for (const [fn, triggers] of Object.entries(TIMER_REQUEST_BUDGETS)) {
    for (const [trigger, max] of Object.entries<number>(triggers)) {
      try {
        const run = async () => {
          const result = await cloud.runTrigger<Result<{ stepsFailed?: string[] }>>(fn, trigger)
          if (!result.ok) throw new Error(`${fn} ${trigger} failed: ${result.code} ${result.message}`)
          if (result.data.stepsFailed?.length) throw new Error(`${fn} ${trigger}: steps failed: ${result.data.stepsFailed.join(', ')}`)
        }
        await run()
        const before = cloud.db.requestCount
        await run()
        figures.push(figure(`${fn}.${trigger} (nothing due)`, { requests: cloud.db.requestCount - before, as: 'the timer' }, max, 'second run in a row'))
      } finally {
        bench.store.restore()
      }
    }
  }
  return figures
}

/**
 * Everyone the bench calls as wrote once of every kind an hour ago, so a write is counted as people's writes usually
 * are (one request), not as a person's first write of a kind (three).
 */
function earlierWrites(cloud: TestCloud): void {
  const at = NOW - HOUR_MS
  const people = [...Object.values(IDENTITIES), SEATED_NOW].filter((openid): openid is string => openid !== undefined)
  const records: WriteLimitDoc[] = people.flatMap((openid) =>
    WRITE_KINDS.map((kind) => ({ _id: `${openid}:${kind}`, openid, kind, writes: firstRecord(kind, at), updatedAt: at }))
  )
  const known = new Set(cloud.db.find<WriteLimitDoc>(WRITE_LIMITS_COLLECTION).map((r) => r._id))
  cloud.db.insert(WRITE_LIMITS_COLLECTION, records.filter((r) => !known.has(r._id)))
}

export const section: BenchSection = {
  name: SECTION,
  async run({ log }) {
    const cloud = await startTestCloud({ at: NOW, seed: true })
    try {
      const fixture = await arrangeMatrix(cloud)
      earlierWrites(cloud)
      const bench: Bench = { cloud, fixture, store: guardStore(cloud) }
      const figures: Figure[] = []
      for (const fn of Object.keys(REQUEST_BUDGETS) as FunctionName[]) {
        log(`database requests: function ${fn}`)
        figures.push(...(await functionFigures(bench, fn)))
      }
      log('database requests: timers')
      figures.push(...(await timerFigures(bench)))
      return figures
    } finally {
      await cloud.close()
    }
  }
}
