/**
 * Bad input (issue 10): every action of every function, found at run time (function-actions.ts), is called with
 * hostile payloads — random objects of hostile values, and its valid sample (action-samples.ts) with one field
 * changed — as no one, a user, an organizer, an admin and a provider; over HTTP as the H5 client sends it and
 * in-process, where NaN, Infinity, -0 and undefined reach the validator as they are (JSON cannot carry them).
 *
 * Every reply must be `{ok:true, data}` or `{ok:false, code, message}` with an UPPER_SNAKE code and a Chinese
 * message; none may be INTERNAL (a function that threw), and a rejected call must leave every stored byte as it was
 * (the store's digests before and after). The demo data is seeded once; accepted calls change it, which is fine: the
 * cases are seeded, so a run is reproducible.
 *
 * Size: SECURITY_DEEP=1 runs ten times the cases; SECURITY_SEED=<n> replays another seed (the default is fixed). A
 * failure prints the seed, the case and what was wrong.
 */
import fc from 'fast-check'
import { validate } from '@core/schema'
import { MAX_EVENT_DEPTH } from '../../cloudfunctions/_shared/function'
import { startTestCloud, type TestCloud } from '../support/cloud'
import { WEDNESDAY_10_00 } from '../support/instants'
import { actionSamples, type Payload } from './action-samples'
import { HOSTILE_KEYS, HOSTILE_NAMES, hostileValue, mutated, mutations, payloadOf, payloadPlans } from './adversarial'
import { functionActions } from './function-actions'

const DEEP = process.env.SECURITY_DEEP === '1'
const SCALE = DEEP ? 10 : 1
const SEED = Number(process.env.SECURITY_SEED ?? 20261125)
/** Cases per action in `npm test`: all 75 actions together stay well under 90 s on a busy 2-core machine. */
const RANDOM_RUNS = 6 * SCALE
const MUTATION_RUNS = 14 * SCALE

const CALLERS = [undefined, 'demo-rider', 'demo-organizer', 'demo-admin', 'demo-provider'] as const
type Caller = (typeof CALLERS)[number]
type Transport = 'http' | 'in-process'

const { functions, actions } = functionActions()

let cloud: TestCloud
let samples: Record<string, Payload>
beforeAll(async () => {
  cloud = await startTestCloud({ at: WEDNESDAY_10_00, seed: true })
  samples = actionSamples(cloud.db, WEDNESDAY_10_00)
}, 120_000)
afterAll(() => cloud.close())

/** A stable number per name, so each action's cases have their own seed derived from SEED. */
const seedFor = (name: string): number => [...name].reduce((h, c) => (Math.imul(h, 31) + c.charCodeAt(0)) | 0, SEED)

const UPPER_SNAKE = /^[A-Z]+(?:_[A-Z]+)*$/
const CHINESE = /[\u3400-\u9fff]/

/** Words that show a value was printed where a person reads Chinese (an unset field, a computed NaN, an object). */
const LEAKED_VALUE = /undefined|NaN|Infinity|\[object|null/

/** The path of the first number in `value` that JSON cannot carry (a computed NaN or Infinity in a reply is a bug). */
function nonFiniteAt(value: unknown, path = 'data'): string | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : path
  if (typeof value !== 'object' || value === null) return undefined
  for (const [key, item] of Object.entries(value)) {
    const found = nonFiniteAt(item, `${path}.${key}`)
    if (found) return found
  }
  return undefined
}

/** What is wrong with a reply (undefined: nothing). */
function replyProblem(reply: unknown): string | undefined {
  if (typeof reply !== 'object' || reply === null) return `reply is not an object: ${String(reply)}`
  const r = reply as { ok?: unknown; data?: unknown; code?: unknown; message?: unknown }
  if (r.ok === true) {
    if (r.data === undefined) return 'ok reply without data'
    const nonFinite = nonFiniteAt(r.data)
    if (nonFinite) return `ok reply with a number JSON cannot carry at ${nonFinite}`
    try {
      JSON.stringify(r.data)
    } catch (err) {
      return `ok reply whose data is not JSON: ${String(err)}`
    }
    return undefined
  }
  if (r.ok !== false) return `reply is neither ok nor failed: ${JSON.stringify(reply).slice(0, 200)}`
  if (typeof r.code !== 'string' || !UPPER_SNAKE.test(r.code)) return `failure code is not UPPER_SNAKE: ${String(r.code)}`
  if (r.code === 'INTERNAL') return 'INTERNAL: the function threw (see the cloud log)'
  if (typeof r.message !== 'string' || !CHINESE.test(r.message)) return `failure message is not Chinese: ${String(r.message)}`
  if (LEAKED_VALUE.test(r.message)) return `failure message shows a raw value: ${r.message}`
  return undefined
}

/** The collections whose stored bytes differ between two digests. */
const changedCollections = (before: Record<string, string>, after: Record<string, string>): string[] =>
  [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((c) => before[c] !== after[c]).sort()

/**
 * The store's digests, taken again only when rows were written since the last ones: digesting every collection costs
 * tens of milliseconds, and most calls write nothing (SQLite counts every row write, so a still count proves it).
 */
let known: { writes: number; digests: Record<string, string> } | undefined
function storeState(): { writes: number; digests: Record<string, string> } {
  const writes = cloud.db.rowWrites
  if (known?.writes !== writes) known = { writes, digests: cloud.db.contentDigests() }
  return known
}

/** Sends one event as `caller`, over HTTP or in-process; answers the reply (a 5xx or a throw fails the case). */
async function send(fn: string, event: unknown, caller: Caller, transport: Transport): Promise<unknown> {
  if (transport === 'in-process') return cloud.cloud.invoke(fn, event as object, caller === undefined ? undefined : { openid: caller })
  const res = await cloud.callUntyped(fn, event as object, caller)
  if (res.status >= 500) throw new Error(`HTTP ${res.status}: ${JSON.stringify(res.body).slice(0, 200)}`)
  return res.body
}

/** Levels of objects and arrays in `value` (a string is 0, `{}` is 1). */
const depthOf = (value: unknown): number =>
  typeof value !== 'object' || value === null ? 0 : 1 + Object.values(value).reduce((deepest: number, item) => Math.max(deepest, depthOf(item)), 0)

const hasProtoKey = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && Object.keys(value).some((k) => k === '__proto__' || hasProtoKey((value as Record<string, unknown>)[k]))

/**
 * Whether the framework must refuse the event as it arrives (JSON drops undefined and functions on the way): a
 * `__proto__` key anywhere, or objects nested deeper than MAX_EVENT_DEPTH.
 */
function mustRefuse(event: unknown, transport: Transport): boolean {
  const arrived: unknown = transport === 'http' ? JSON.parse(JSON.stringify(event)) : event
  return typeof arrived === 'object' && arrived !== null && (hasProtoKey(arrived) || depthOf(arrived) > MAX_EVENT_DEPTH)
}

/** Sends one event and holds its reply to the properties; throws (failing the case) with what was wrong. */
async function callAndJudge(fn: string, event: unknown, caller: Caller, transport: Transport): Promise<unknown> {
  const before = storeState()
  const logged = cloud.logs.length
  const reply = await send(fn, event, caller, transport)
  const problem = replyProblem(reply) ?? (mustRefuse(event, transport) && (reply as { code?: unknown }).code !== 'INVALID_INPUT' ? `a __proto__ key or too deep, yet ${JSON.stringify(reply).slice(0, 200)}` : undefined)
  if (problem) throw new Error(`${problem}\n${cloud.logs.slice(logged).join('\n').slice(0, 2000)}`)
  if ((reply as { ok: boolean }).ok || cloud.db.rowWrites === before.writes) return reply
  const changed = changedCollections(before.digests, storeState().digests)
  if (changed.length > 0) throw new Error(`rejected (${JSON.stringify(reply)}) yet the store changed: ${changed.join(', ')}`)
  return reply
}

const caller = fc.constantFrom(...CALLERS)
const transport = fc.constantFrom<Transport>('http', 'in-process')

test('the functions define actions, and each has a sample its own schema accepts', () => {
  expect(functions).toEqual(expect.arrayContaining(['course', 'service', 'survey', 'user']))
  expect(actions.length).toBeGreaterThan(60)
  const names = actions.map((a) => `${a.fn}.${a.action}`)
  expect(Object.keys(samples).filter((name) => !names.includes(name))).toEqual([])
  for (const a of actions) {
    const name = `${a.fn}.${a.action}`
    const sample = samples[name]
    if (!sample) throw new Error(`${name} has no sample in test/security/action-samples.ts`)
    const checked = validate(a.input, sample)
    if (!checked.ok) throw new Error(`the sample of ${name} is invalid: ${checked.message} (${checked.field ?? ''})`)
  }
})

describe.each(actions.map((a) => [`${a.fn}.${a.action}`, a] as const))('%s', (name, { fn, action }) => {
  test('random payloads', async () => {
    await fc.assert(
      fc.asyncProperty(payloadPlans(Object.keys(samples[name] ?? {})), caller, transport, async (plan, who, via) => {
        await callAndJudge(fn, { ...payloadOf(plan), action }, who, via)
      }),
      { seed: seedFor(`${name} random`), numRuns: RANDOM_RUNS, endOnFailure: true }
    )
  })

  test('its valid sample with one field changed', async () => {
    const sample = samples[name]
    if (!sample) throw new Error(`${name} has no sample in test/security/action-samples.ts`)
    await fc.assert(
      fc.asyncProperty(mutations(sample), caller, transport, async (mutation, who, via) => {
        await callAndJudge(fn, { ...mutated(sample, mutation), action }, who, via)
      }),
      { seed: seedFor(`${name} mutation`), numRuns: MUTATION_RUNS, endOnFailure: true }
    )
  })
})

describe.each(functions)('function %s', (fn) => {
  test('an event that names no action of it, or is not an object, is INVALID_INPUT and changes nothing', async () => {
    const actionValue = fc.oneof(fc.constantFrom(...HOSTILE_NAMES).map(hostileValue), fc.constantFrom(...HOSTILE_KEYS, 'hasOwnProperty', 'valueOf', '', 'Timer'))
    await fc.assert(
      fc.asyncProperty(actionValue, caller, transport, async (value, who, via) => {
        expect(await callAndJudge(fn, { action: value, Type: value }, who, via)).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
      }),
      { seed: seedFor(`${fn} envelope`), numRuns: 10 * SCALE, endOnFailure: true }
    )
    for (const event of [null, undefined, [], 'login', 42, true]) {
      expect(await callAndJudge(fn, event, 'demo-rider', 'in-process')).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    }
  })
})
