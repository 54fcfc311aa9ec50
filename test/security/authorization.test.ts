/**
 * The authorization matrix (authorization-matrix.ts) against the local cloud and the real SDK: every action of every
 * function × every kind of caller answers exactly what the table says, a function serving an action the table has no
 * row for fails the run, and an identity written into the payload is never taken for the caller's.
 *
 * One cloud and one arrangement for all cells; a cell that was allowed may have written, so the store is put back
 * before the next one (authorization-fixture.ts). Disagreements are collected and reported together, each naming
 * function.action × caller, what the table expects and what came back. SECURITY_DEEP=1 makes every caller pose as
 * every other in the payload tests (about ten times the calls).
 */
import path from 'path'
import type { FunctionName, Result } from '@core/api'
import type * as Framework from '../../cloudfunctions/_shared/function'
import { listFunctionSources } from '../../scripts/build/functions'
import { startTestCloud, type TestCloud } from '../support/cloud'
import { arrangeMatrix, guardStore, IDENTITIES, NOW, type StoreGuard } from './authorization-fixture'
import { CALLERS, MATRIX, MATRIX_SURVEY, type Caller, type Expected, type Fixture } from './authorization-matrix'

const FUNCTIONS_DIR = path.join(__dirname, '..', '..', 'cloudfunctions')

type Cell = { fn: FunctionName; action: string; caller: Caller; expected: Expected; input: object; allowed: Caller[] }

/** SECURITY_DEEP=1: every caller poses as every other one (by default the callers who would gain, as the one worth being). */
const DEEP = process.env.SECURITY_DEEP === '1'

const cells = (f: Fixture): Cell[] =>
  (Object.keys(MATRIX) as FunctionName[]).flatMap((fn) =>
    Object.entries(MATRIX[fn] as Record<string, { sample: (f: Fixture) => object; expect: Record<Caller, Expected> }>).flatMap(([action, row]) =>
      CALLERS.map((caller) => ({
        fn,
        action,
        caller,
        expected: row.expect[caller],
        input: row.sample(f),
        allowed: CALLERS.filter((c) => row.expect[c] === 'allowed')
      }))
    )
  )

type Reply = Result<unknown>

const verdictOf = (body: Reply): string => (body.ok ? 'allowed' : body.code)

let cloud: TestCloud
let fixture: Fixture
let store: StoreGuard
const key = (cell: Pick<Cell, 'fn' | 'action' | 'caller'>) => `${cell.fn}.${cell.action} × ${cell.caller}`

/** Calls one cell's action with `event` extras; answers the reply and what it wrote, then undoes the writes. */
async function run(cell: Cell, extra: object = {}): Promise<{ body: Reply; wrote: string[] }> {
  const reply = await cloud.callUntyped(cell.fn, { action: cell.action, ...cell.input, ...extra }, IDENTITIES[cell.caller])
  const body = reply.body as Reply
  const wrote = store.written()
  store.restore()
  return { body, wrote }
}

/** Each cell's plain answer, by `fn.action × caller`, for comparing the smuggled-identity calls with. */
const answers = new Map<string, { body: Reply; wrote: string[] }>()

/** A cell called as it is: recorded, so a later test compares with it (and runs it if the matrix test did not). */
async function plainAnswer(cell: Cell): Promise<{ body: Reply; wrote: string[] }> {
  const known = answers.get(key(cell))
  if (known) return known
  const answer = await run(cell)
  answers.set(key(cell), answer)
  return answer
}

const refusal = (body: Reply): string => (body.ok ? '' : ` (${body.message})`)

beforeAll(async () => {
  cloud = await startTestCloud({ at: NOW, seed: true })
  fixture = await arrangeMatrix(cloud)
  store = guardStore(cloud)
}, 120_000)
afterAll(() => cloud.close())

describe('the table', () => {
  it('has a row for every action every function serves', () => {
    const served = servedActions()
    const missing = Object.entries(served).flatMap(([fn, actions]) =>
      actions.filter((action) => !Object.prototype.hasOwnProperty.call(MATRIX[fn as FunctionName] ?? {}, action)).map((action) => `${fn}.${action}`)
    )
    const stale = (Object.keys(MATRIX) as FunctionName[]).flatMap((fn) =>
      Object.keys(MATRIX[fn]).filter((action) => !(served[fn] ?? []).includes(action)).map((action) => `${fn}.${action}`)
    )
    expect({ missing, stale }).toEqual({ missing: [], stale: [] })
    expect(Object.values(served).flat().length).toBeGreaterThan(70)
  })
})

describe('every cell', () => {
  it('answers what the table says', async () => {
    const wrong: string[] = []
    for (const cell of cells(fixture)) {
      const { body, wrote } = await plainAnswer(cell)
      const got = verdictOf(body)
      if (got !== cell.expected) wrong.push(`${key(cell)}: expected ${cell.expected}, got ${got}${refusal(body)}`)
      else if (got !== 'allowed' && wrote.length > 0) wrong.push(`${key(cell)}: refused with ${got} but wrote ${wrote.join(', ')}`)
    }
    expect(wrong).toEqual([])
  }, 300_000)
})

describe("another centre's records named inside an input", () => {
  /**
   * The table's samples name centre A in the input; here an organizer of centre B names their own centre and reaches
   * for A's records by id, the way a forged request would. Each is refused and writes nothing.
   */
  const service = (f: Fixture, over: object) => ({
    action: 'saveService',
    venueId: f.otherVenue,
    orgId: 'org-platform-station',
    title: '老街法律咨询',
    description: '',
    taxonomy: ['LEGAL'],
    eligibility: { groups: [] },
    locations: [],
    schedules: [{ weekday: 3, from: '19:00', to: '21:00' }],
    capacity: { perPeriod: 1, period: 'week' },
    ...over
  })
  const reaches: [string, FunctionName, (f: Fixture) => object, string][] = [
    ["A's service moved to B", 'service', (f) => service(f, { serviceId: f.serviceId, orgId: f.orgId }), 'INVALID_INPUT'],
    ["a service of B drawing on A's resources", 'service', (f) => service(f, { resourceIds: ['res-lawyer-evening'] }), 'INVALID_INPUT'],
    [
      "A's resource moved to B",
      'service',
      (f) => ({ action: 'saveResource', resourceId: 'res-lawyer-evening', venueId: f.otherVenue, orgId: f.orgId, kind: 'PROFESSIONAL_LAWYER', title: '律师', quantity: 1, unit: '小时' }),
      'INVALID_INPUT'
    ],
    ["A's organization re-registered at B", 'service', (f) => ({ action: 'saveOrganization', orgId: f.orgId, venueId: f.otherVenue, name: '甘肃律师志愿团', kind: 'social' }), 'FORBIDDEN'],
    [
      "A's course moved to B",
      'course',
      (f) => ({ action: 'saveCourse', courseId: f.courseId, title: '书法', category: '文化', description: '', cover: '', instructor: '', venueId: f.otherVenue }),
      'FORBIDDEN'
    ],
    ["A's questionnaire saved as B's", 'survey', (f) => ({ action: 'save', surveyId: f.draftSurveyId, venueId: f.otherVenue, definition: MATRIX_SURVEY }), 'FORBIDDEN'],
    [
      "B's entries merged into A's list item",
      'survey',
      (f) => ({ action: 'reviewDecide', venueId: f.otherVenue, list: 'need', code: f.reviewCode, decision: 'merge', itemId: `${f.venue}-need-${f.reviewCode}` }),
      'NOT_FOUND'
    ]
  ]

  it.each(reaches)('%s: refused, nothing written', async (_label, fn, event, code) => {
    const reply = await cloud.callUntyped(fn, event(fixture), IDENTITIES.otherOrganizer)
    const wrote = store.written()
    store.restore()
    expect({ verdict: verdictOf(reply.body as Reply), wrote }).toEqual({ verdict: code, wrote: [] })
  })
})

describe('an identity in the payload', () => {
  /** The callers who would gain by passing for someone else. */
  const IMPOSTORS: readonly Caller[] = DEEP ? CALLERS : ['none', 'anotherUser', 'otherOrganizer', 'otherProvider']
  const impostorCells = () => cells(fixture).filter((cell) => IMPOSTORS.includes(cell.caller))

  /** Whom a cell's caller claims to be: someone the row lets through (the admin when nobody is), or in deep runs everyone. */
  const posesFor = (cell: Cell): string[] => {
    const others = CALLERS.filter((caller) => caller !== cell.caller && caller !== 'none')
    const chosen = DEEP ? others : [others.find((caller) => cell.allowed.includes(caller)) ?? 'admin']
    return chosen.map((caller) => IDENTITIES[caller] ?? '')
  }

  it("`userInfo.openId` (WeChat's own field, dropped by the framework) changes nothing: the same answer as without it", async () => {
    const wrong: string[] = []
    for (const cell of impostorCells()) {
      const plain = await plainAnswer(cell)
      for (const openId of posesFor(cell)) {
        const { body } = await run(cell, { userInfo: { openId, appId: 'wx-matrix' } })
        if (verdictOf(body) !== verdictOf(plain.body)) wrong.push(`${key(cell)} posing as ${openId}: got ${verdictOf(body)}, without it ${verdictOf(plain.body)}`)
        // A read answers the same data: the caller's own (a booking list, a need list), never the payload's person's.
        else if (plain.wrote.length === 0 && JSON.stringify(body) !== JSON.stringify(plain.body)) wrong.push(`${key(cell)} posing as ${openId}: a different answer`)
      }
    }
    expect(wrong).toEqual([])
  }, 300_000)

  it('`openid`, `OPENID`, `_openid` are refused as unknown fields, never acted on', async () => {
    const wrong: string[] = []
    for (const cell of impostorCells()) {
      for (const openId of posesFor(cell)) {
        // markAttendance's `openid` is the student being marked, a real field: the other two still may not pass.
        const smuggled = 'openid' in cell.input ? { OPENID: openId, _openid: openId } : { openid: openId, OPENID: openId, _openid: openId }
        const { body, wrote } = await run(cell, smuggled)
        if (body.ok || body.code !== 'INVALID_INPUT' || wrote.length > 0) wrong.push(`${key(cell)} posing as ${openId}: got ${verdictOf(body)}, wrote [${wrote.join(', ')}]`)
      }
    }
    expect(wrong).toEqual([])
  }, 300_000)
})

describe('the timers', () => {
  it.each(['courseTimer', 'service'])('%s: a timer event from any caller is an unknown action, and runs nothing', async (fn) => {
    const wrong: string[] = []
    for (const caller of CALLERS) {
      const reply = await cloud.callUntyped(fn, { Type: 'Timer', TriggerName: 'everyMinute', Time: new Date(NOW).toISOString() }, IDENTITIES[caller])
      const wrote = store.written()
      store.restore()
      const got = verdictOf(reply.body as Reply)
      if (got !== 'INVALID_INPUT' || wrote.length > 0) wrong.push(`${fn} timer × ${caller}: got ${got}, wrote [${wrote.join(', ')}]`)
    }
    expect(wrong).toEqual([])
  })
})

/**
 * The actions each function's table declares, read from the function modules themselves: each is loaded with the
 * framework's defineFunction wrapped so that it notes the table it is given. A function with no table (courseTimer,
 * run only by its trigger) serves no actions.
 */
function servedActions(): Record<string, string[]> {
  const served: Record<string, string[]> = {}
  const frameworkPath = path.join(FUNCTIONS_DIR, '_shared', 'function')
  jest.isolateModules(() => {
    jest.doMock(frameworkPath, () => {
      const framework = jest.requireActual<typeof Framework>(frameworkPath)
      return {
        ...framework,
        defineFunction: (name: string, actions: object) => {
          served[name] = Object.keys(actions)
          return framework.handlerFor(name, actions as Parameters<typeof framework.handlerFor>[1])
        }
      }
    })
    for (const name of listFunctionSources(FUNCTIONS_DIR)) jest.requireActual(path.join(FUNCTIONS_DIR, name))
  })
  jest.dontMock(frameworkPath)
  return served
}
