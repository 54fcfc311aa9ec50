/**
 * Reads a V8 CPU profile (`node --cpu-prof`, or one taken in-process with `profileWhile`) and says where the CPU went,
 * in the local cloud's words, so the booking bench can show the profile's top entries before and after a change.
 *
 * Two views, because one question is "which code burned the time" and the other "whose request was it for":
 *   - `categories`: by the sampled (leaf) frame — the SDK, the local cloud's own code, the query matcher, BSON,
 *     EJSON, SQLite, HTTP/net, GC, function code… A native frame without a script (JSON.parse, a SQLite call) takes
 *     the category of the nearest frame above it that has one, so a BSON decode called by EJSON counts as EJSON.
 *   - `parties`: by the nearest frame on the stack that belongs to a party (the local cloud, the SDK, function code,
 *     the bench's own client): libraries and Node internals count for whoever called them. `emulator` here is the
 *     local cloud's own cost — HTTP handling, decoding, matching, logging, encoding — that the hot-path work cuts.
 * Idle time is left out of every total. Which files make up each category is declared once in CATEGORY_RULES.
 */
import fs from 'fs'
import { Session } from 'inspector/promises'

interface CallFrame {
  functionName: string
  url: string
  lineNumber: number
}

interface ProfileNode {
  id: number
  callFrame: CallFrame
  children?: number[]
}

/** The `.cpuprofile` format (Chrome DevTools protocol `Profiler.Profile`). */
export interface CpuProfile {
  nodes: ProfileNode[]
  startTime: number
  endTime: number
  samples: number[]
  timeDeltas: number[]
}

export interface Share {
  name: string
  ms: number
  /** Of all CPU time sampled (idle excluded). */
  percent: number
  /** CPU ms per database request, when the request count was given. */
  msPerRequest?: number
}

export interface ProfileSummary {
  /** CPU time sampled, idle excluded (or the measured CPU time it was scaled to). */
  cpuMs: number
  dbRequests?: number
  cpuMsPerRequest?: number
  categories: Share[]
  parties: Share[]
  /** The heaviest functions by self time, `name (file:line)`. */
  top: Share[]
}

export interface SummaryOptions {
  /** Database requests answered while the profile ran (the cloud's `db.requestCount` before and after). */
  dbRequests?: number
  /** Where the function bundles live (a built `<dir>/<fn>/index.js` counts as function code); default: any `functions/` dir. */
  functionsDir?: string
  /** How many functions `top` lists; default 15. */
  top?: number
  /**
   * The CPU the process really used meanwhile (`process.cpuUsage`), in ms. Sampled time counts a busy thread's wall
   * time, which on a loaded machine includes time spent waiting for a core; given this, every figure is scaled to it.
   */
  cpuMs?: number
}

/** Kinds of code, tried in order on a frame's script URL (or, for `name:` entries, its function name). */
const CATEGORY_RULES: Array<[category: string, test: RegExp]> = [
  ['GC', /^name:\(garbage collector\)$/],
  ['V8 (program)', /^name:\(program\)$/],
  ['SDK', /node_modules\/(wx-server-sdk|@cloudbase|tcb-admin-node)\//],
  ['query matcher', /node_modules\/mingo\/|\/emulator\/db\/(operators|pipeline|indexes)\.ts/],
  ['EJSON', /node_modules\/bson\/.*(extended_json|ejson)|^name:(decodeEJSON|encodeEJSON|stringifyEJSON)$/],
  ['BSON', /node_modules\/bson\/|\/emulator\/db\/decode\.ts/],
  ['SQLite', /node_modules\/better-sqlite3\/|\/emulator\/store\//],
  ['emulator', /\/emulator\//],
  ['bench client', /node:internal\/deps\/undici|\/bench\//],
  ['HTTP/net/console', /^node:(_http|net|dns|tls|stream|internal\/(http|net|stream|console|streams|dns|url|stream_base)|events|buffer|console|url)/],
  ['module loading', /node_modules\/(tsx|esbuild)\/|^node:internal\/modules\//],
  ['crypto', /^node:(crypto|internal\/crypto)/],
  ['Node internals', /^node:/],
  ['other dependencies', /node_modules\//]
]

/** Whose request a frame works for; frames matching none count for the party above them. */
const PARTY_RULES: Array<[party: string, test: RegExp]> = [
  ['SDK', /node_modules\/(wx-server-sdk|@cloudbase|tcb-admin-node)\//],
  ['emulator', /\/emulator\//],
  ['bench client', /node:internal\/deps\/undici|\/bench\//]
]

const IDLE = '(idle)'

function frameKey(frame: CallFrame): string {
  return frame.url || `name:${frame.functionName}`
}

function classify(rules: Array<[string, RegExp]>, frame: CallFrame, functionCode: RegExp): string | undefined {
  if (frame.url && functionCode.test(frame.url)) return 'function code'
  const key = frameKey(frame)
  for (const [name, test] of rules) if (test.test(key) || (frame.url && test.test(`name:${frame.functionName}`))) return name
  return undefined
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

function shares(totals: Map<string, number>, cpuUs: number, dbRequests: number | undefined): Share[] {
  return Array.from(totals, ([name, us]) => ({
    name,
    ms: us / 1000,
    percent: cpuUs > 0 ? (100 * us) / cpuUs : 0,
    ...(dbRequests ? { msPerRequest: us / 1000 / dbRequests } : {})
  })).sort((a, b) => b.ms - a.ms)
}

/** Sums a profile's samples by category, by party and by function. */
export function summarizeProfile(profile: CpuProfile | string, options: SummaryOptions = {}): ProfileSummary {
  const p: CpuProfile = typeof profile === 'string' ? (JSON.parse(fs.readFileSync(profile, 'utf8')) as CpuProfile) : profile
  const functionCode = options.functionsDir
    ? new RegExp(`^(file://)?${escapeRegExp(options.functionsDir.replace(/\/$/, ''))}/`)
    : /\/(cloud)?functions\/[^/]+\/index\.js$|\/cloudfunctions\//
  const nodes = new Map(p.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id)

  // Each node's category and party, resolved once (walking up for frames that have none of their own).
  const category = new Map<number, string>()
  const party = new Map<number, string>()
  const resolve = (id: number, rules: Array<[string, RegExp]>, memo: Map<number, string>, fallback: (frame: CallFrame) => string | undefined): string => {
    const seen: number[] = []
    let found: string | undefined
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const known = memo.get(at)
      if (known) {
        found = known
        break
      }
      seen.push(at)
      const frame = nodes.get(at)!.callFrame
      found = classify(rules, frame, functionCode) ?? fallback(frame)
      if (found) break
    }
    const result = found ?? 'runtime (event loop, parsing)'
    for (const at of seen) memo.set(at, result)
    return result
  }
  // A native frame (no script) inherits; a script frame that no rule names is project code outside the emulator.
  const categoryFallback = (frame: CallFrame) => (frame.url ? 'other project code' : undefined)

  const byCategory = new Map<string, number>()
  const byParty = new Map<string, number>()
  const byFunction = new Map<string, number>()
  let cpuUs = 0
  const add = (m: Map<string, number>, key: string, us: number) => m.set(key, (m.get(key) ?? 0) + us)
  p.samples.forEach((id, i) => {
    const us = p.timeDeltas[i + 1] ?? 0
    const frame = nodes.get(id)!.callFrame
    if (frame.functionName === IDLE) return
    cpuUs += us
    add(byCategory, resolve(id, CATEGORY_RULES, category, categoryFallback), us)
    add(byParty, resolve(id, PARTY_RULES, party, () => undefined), us)
    const file = frame.url ? frame.url.replace(/^.*\/(node_modules\/)?/, '') : ''
    add(byFunction, `${frame.functionName || '(anonymous)'}${file ? ` (${file}:${frame.lineNumber + 1})` : ''}`, us)
  })
  const { dbRequests } = options
  if (options.cpuMs !== undefined && cpuUs > 0) {
    const scale = (options.cpuMs * 1000) / cpuUs
    for (const m of [byCategory, byParty, byFunction]) for (const [key, us] of m) m.set(key, us * scale)
    cpuUs = options.cpuMs * 1000
  }
  return {
    cpuMs: cpuUs / 1000,
    ...(dbRequests ? { dbRequests, cpuMsPerRequest: cpuUs / 1000 / dbRequests } : {}),
    categories: shares(byCategory, cpuUs, dbRequests),
    parties: shares(byParty, cpuUs, dbRequests),
    top: shares(byFunction, cpuUs, dbRequests).slice(0, options.top ?? 15)
  }
}

/** Profiles this process while `work` runs (no flag needed), at `intervalUs` between samples. */
export async function profileWhile(work: () => Promise<unknown>, intervalUs = 500): Promise<CpuProfile> {
  const session = new Session()
  session.connect()
  try {
    await session.post('Profiler.enable')
    await session.post('Profiler.setSamplingInterval', { interval: intervalUs })
    await session.post('Profiler.start')
    // The profile is taken even when `work` fails, then the failure is passed on.
    const outcome = await work().then(
      () => ({ failed: false as const }),
      (error: unknown) => ({ failed: true as const, error })
    )
    const { profile } = await session.post('Profiler.stop')
    await session.post('Profiler.disable')
    if (outcome.failed) throw outcome.error
    return profile as CpuProfile
  } finally {
    session.disconnect()
  }
}

/** The summary as lines of text: the categories, the parties and the top functions. */
export function formatSummary(summary: ProfileSummary): string[] {
  const row = (s: Share) =>
    `  ${s.percent.toFixed(1).padStart(5)} %  ${s.ms.toFixed(0).padStart(7)} ms` +
    `${s.msPerRequest === undefined ? '' : `  ${s.msPerRequest.toFixed(3).padStart(7)} ms/request`}  ${s.name}`
  const head = `CPU ${summary.cpuMs.toFixed(0)} ms` + (summary.cpuMsPerRequest === undefined ? '' : `, ${summary.cpuMsPerRequest.toFixed(3)} ms per database request (${summary.dbRequests} requests)`)
  return [head, 'by kind of code:', ...summary.categories.map(row), 'by whose work it was:', ...summary.parties.map(row), 'top functions (self time):', ...summary.top.map(row)]
}

if (require.main === module) {
  const [file, requests, functionsDir] = process.argv.slice(2)
  if (!file) {
    console.error('usage: tsx bench/profile.ts <file.cpuprofile> [database requests] [functions dir]')
    process.exit(2)
  }
  const summary = summarizeProfile(file, { dbRequests: requests ? Number(requests) : undefined, functionsDir })
  for (const line of formatSummary(summary)) console.log(line)
}
