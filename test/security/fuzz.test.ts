/**
 * Bad input (issue 10): every action of every function, found at run time (function-actions.ts), is called with
 * hostile payloads as no one, a user, an organizer, an admin and a provider, over HTTP as the H5 client sends it and
 * in-process, where NaN, Infinity, -0 and undefined reach the validator as they are (JSON cannot carry them):
 *   - each field of its valid sample (action-samples.ts) set to each edge value in turn, as the caller it is for;
 *   - its sample with one to three fields changed at random (set, removed, a hostile key beside it);
 *   - random objects of hostile values; events that name no action; raw HTTP bodies that are not events.
 *
 * Every reply must be `{ok:true, data}` (no U+FFFD, no non-finite number) or `{ok:false, code, message}` with an
 * UPPER_SNAKE code and a Chinese message showing no raw value; none may be INTERNAL (a function that threw). A
 * `__proto__` key or nesting past MAX_EVENT_DEPTH is INVALID_INPUT; unreadable text (lone surrogates, bidi controls)
 * is never accepted; a rejected call leaves every stored byte as it was (the store's digests before and after). The
 * demo data is seeded once; accepted calls change it, which is fine: the cases are seeded, so a run is reproducible.
 *
 * Size: SECURITY_DEEP=1 runs ten times the random cases and every hostile value on every field; SECURITY_SEED=<n>
 * replays another seed (the default is fixed). A failure prints the seed, the case and what was wrong.
 */
import fc from 'fast-check'
import { validate } from '@core/schema'
import { MAX_EVENT_DEPTH } from '../../cloudfunctions/_shared/function'
import { startTestCloud, type TestCloud } from '../support/cloud'
import { WEDNESDAY_10_00 } from '../support/instants'
import { actionSamples, SAMPLE_CALLERS, SAMPLE_VARIANTS, type Payload } from './action-samples'
import { HOSTILE_KEYS, HOSTILE_NAMES, hostileValue, mutated, mutationLists, pathsOf, payloadOf, payloadPlans } from './adversarial'
import { functionActions } from './function-actions'
import { forgetWriteCounts, WRITE_LIMITS_COLLECTION } from '../support/write-limits'

const DEEP = process.env.SECURITY_DEEP === '1'
const SCALE = DEEP ? 10 : 1
const SEED = Number(process.env.SECURITY_SEED ?? 20261125)
/** Random cases per action in `npm test`: with the field-by-field pass, the file stays well under 90 s on a busy 2-core machine. */
const RANDOM_RUNS = 6 * SCALE
const MUTATION_RUNS = 14 * SCALE
/**
 * The values every field of every sample is set to in turn (deep: every hostile value). These are the ones a random
 * pick among a hundred values rarely puts on the one text field that is stored.
 */
const EVERY_FIELD_VALUES = DEEP ? HOSTILE_NAMES : ['lone high surrogate', 'RTL override', 'NUL inside', '{$ne:null}', 'NaN']

const CALLERS = [undefined, 'demo-rider', 'demo-organizer', 'demo-admin', 'demo-provider'] as const
type Caller = (typeof CALLERS)[number]
type Transport = 'http' | 'in-process'

const { functions, actions } = functionActions()

// A case still running when its test times out would write under the next test's feet: time out late, not often.
jest.setTimeout(DEEP ? 3_600_000 : 180_000)

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
    if (JSON.stringify(r.data).includes('\uFFFD')) return 'ok reply with U+FFFD: text was accepted that storage could not keep'
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
/**
 * The write limit's ledger: the dispatcher counts a person's write attempt before the action decides, so a refused
 * call is counted too (probing with refused calls is limited like any other burst). It is nobody's data, so "a
 * rejected call leaves every stored byte as it was" is about every other collection; and it is emptied before each
 * case, so under the stopped clock the cases reach the actions instead of the limit.
 */
const LEDGER = WRITE_LIMITS_COLLECTION

const changedCollections = (before: Record<string, string>, after: Record<string, string>): string[] =>
  [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((c) => c !== LEDGER && before[c] !== after[c]).sort()

/** 我的数据's erasure really erases: it runs as people of its own, so the demo people other samples aim at stay whole. */
const erasing = (event: unknown): boolean => typeof event === 'object' && event !== null && (event as { action?: unknown }).action === 'deleteMyData'

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
async function send(fn: string, event: unknown, who: Caller, transport: Transport): Promise<unknown> {
  const caller = who !== undefined && erasing(event) ? `fuzz-eraser-${who}` : who
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

/** A lone surrogate or a bidirectional control: text no input may carry (core/schema.ts). */
const UNREADABLE = /\p{Cs}|[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/u

/** Whether any string in `value` is unreadable; `userInfo` is the platform's, dropped unread by the framework. */
const hasUnreadableText = (value: unknown): boolean =>
  typeof value === 'string'
    ? UNREADABLE.test(value)
    : typeof value === 'object' && value !== null && Object.entries(value).some(([k, v]) => k !== 'userInfo' && hasUnreadableText(v))

/**
 * How the event must be refused as it arrives (JSON drops undefined and functions on the way): a `__proto__` key
 * anywhere or objects nested deeper than MAX_EVENT_DEPTH are INVALID_INPUT before anything else (the framework);
 * unreadable text is never accepted (the schemas; answers are checked against their survey after the caller is).
 */
function requiredRefusal(event: unknown, transport: Transport): 'INVALID_INPUT' | 'any' | undefined {
  const arrived: unknown = transport === 'http' ? JSON.parse(JSON.stringify(event)) : event
  if (typeof arrived !== 'object' || arrived === null) return undefined
  if (hasProtoKey(arrived) || depthOf(arrived) > MAX_EVENT_DEPTH) return 'INVALID_INPUT'
  return hasUnreadableText(arrived) ? 'any' : undefined
}

/** What is wrong with the reply given the refusal the event requires. */
function refusalProblem(reply: unknown, required: 'INVALID_INPUT' | 'any' | undefined): string | undefined {
  const r = reply as { ok: boolean; code?: string }
  if (required === 'INVALID_INPUT' && r.code !== 'INVALID_INPUT') return `a __proto__ key or nesting too deep, yet ${JSON.stringify(reply).slice(0, 200)}`
  // A replay answers the stored result of an earlier call with the same key: nothing of this input was taken.
  if (required === 'any' && r.ok && (r as { data?: { replayed?: unknown } }).data?.replayed !== true) return `unreadable text (a lone surrogate or a bidi control) was accepted: ${JSON.stringify(reply).slice(0, 200)}`
  return undefined
}

/** Sends one event and holds its reply to the properties; throws (failing the case) with `label` and what was wrong. */
async function callAndJudge(fn: string, event: unknown, caller: Caller, transport: Transport, label = ''): Promise<unknown> {
  forgetWriteCounts(cloud.db)
  const before = storeState()
  const logged = cloud.logs.length
  const reply = await send(fn, event, caller, transport)
  const problem = replyProblem(reply) ?? refusalProblem(reply, requiredRefusal(event, transport))
  if (problem) throw new Error(`${label}${problem}\n${cloud.logs.slice(logged).join('\n').slice(0, 2000)}`)
  if ((reply as { ok: boolean }).ok || cloud.db.rowWrites === before.writes) return reply
  const changed = changedCollections(before.digests, storeState().digests)
  if (changed.length > 0) throw new Error(`${label}rejected (${JSON.stringify(reply)}) yet the store changed: ${changed.join(', ')}`)
  return reply
}

/** Each action under its sample's name, and again under each of its variants' (`fn.action#variant`). */
const cases = actions.flatMap((a) => {
  const name = `${a.fn}.${a.action}`
  return [name, ...(SAMPLE_VARIANTS[name] ?? []).map((variant) => `${name}#${variant}`)].map((sampleName) => [sampleName, a] as const)
})

const caller = fc.constantFrom(...CALLERS)
const transport = fc.constantFrom<Transport>('http', 'in-process')

test('the functions define actions, and each has a sample its own schema accepts', () => {
  expect(functions).toEqual(expect.arrayContaining(['community', 'course', 'service', 'survey', 'user']))
  expect(actions.length).toBeGreaterThan(60)
  const names = cases.map(([name]) => name)
  expect(Object.keys(samples).filter((name) => !names.includes(name))).toEqual([])
  for (const [name, a] of cases) {
    const sample = samples[name]
    if (!sample) throw new Error(`${name} has no sample in test/security/action-samples.ts`)
    const checked = validate(a.input, sample)
    if (!checked.ok) throw new Error(`the sample of ${name} is invalid: ${checked.message} (${checked.field ?? ''})`)
  }
})

describe.each(cases)('%s', (name, { fn, action, auth }) => {
  test('each field of its valid sample set to each edge value, as the caller it is meant for', async () => {
    const sample = samples[name]
    if (!sample) throw new Error(`${name} has no sample in test/security/action-samples.ts`)
    const who = SAMPLE_CALLERS[name] ?? (auth === 'organizer' ? 'demo-admin' : 'demo-rider')
    for (const path of pathsOf(sample).filter((p) => p.length > 0)) {
      for (const value of EVERY_FIELD_VALUES) {
        const change = { path, op: 'set', value } as const
        await callAndJudge(fn, { ...mutated(sample, [change]), action }, who as Caller, 'in-process', `${name} as ${who} with ${JSON.stringify(change)}: `)
      }
    }
  })

  // Random payloads do not depend on the sample: once per action is enough.
  if (!name.includes('#')) {
    test('random payloads', async () => {
      await fc.assert(
        fc.asyncProperty(payloadPlans(Object.keys(samples[name] ?? {})), caller, transport, async (plan, who, via) => {
          await callAndJudge(fn, { ...payloadOf(plan), action }, who, via)
        }),
        { seed: seedFor(`${name} random`), numRuns: RANDOM_RUNS, endOnFailure: true }
      )
    })
  }

  test('its valid sample with one to three fields changed', async () => {
    const sample = samples[name]
    if (!sample) throw new Error(`${name} has no sample in test/security/action-samples.ts`)
    await fc.assert(
      fc.asyncProperty(mutationLists(sample), caller, transport, async (changes, who, via) => {
        await callAndJudge(fn, { ...mutated(sample, changes), action }, who, via)
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

describe('the HTTP layer', () => {
  const nestedJson = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels)
  const bodies = fc.oneof(
    fc.uint8Array({ maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
    fc.string({ maxLength: 64 }).map((text) => Buffer.from(text)),
    fc.constantFrom(
      '',
      'null',
      '[]',
      '"login"',
      '42',
      '{"action":"login"',
      '{"action":"login",}',
      '{"action":"\\ud800"}',
      '{"action":"login","__proto__":{"roles":["admin"]}}',
      `{"action":"login","a":${nestedJson(5000)}}`,
      `{"action":"login","pad":"${'x'.repeat(7 * (1 << 20))}"}`
    ).map((text) => Buffer.from(text)),
    fc.constant(Buffer.from([0xff, 0xfe, 0x7b, 0x7d]))
  )

  test('a body that is not a JSON event is refused with a failure envelope, below 500, and writes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...functions), bodies, caller, async (fn, body, who) => {
        const before = storeState()
        const headers: Record<string, string> = { 'content-type': 'application/json' }
        if (who !== undefined) headers['x-wx-openid'] = who
        const res = await cloud.request('POST', `/functions/${fn}`, { body, headers })
        expect(res.status).toBeLessThan(500)
        const reply: unknown = JSON.parse(res.body.toString('utf8'))
        expect(replyProblem(reply)).toBeUndefined()
        expect(reply).toMatchObject({ ok: false })
        expect(cloud.db.rowWrites === before.writes || changedCollections(before.digests, storeState().digests).length === 0).toBe(true)
      }),
      { seed: seedFor('http bodies'), numRuns: 40 * SCALE, endOnFailure: true }
    )
  })
})
