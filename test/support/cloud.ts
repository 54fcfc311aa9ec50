/**
 * The harness every integration test uses: a fresh local cloud (in-memory store, ephemeral port) running the real
 * function bundles and the real wx-server-sdk.
 *
 *   let cloud: TestCloud
 *   beforeAll(async () => { cloud = await startTestCloud({ seed: true }) })
 *   afterAll(() => cloud.close())
 *
 *   const { status, body, dbOps } = await cloud.call('user', 'login', {}, 'demo-rider')   // over HTTP like the H5 client, typed by FunctionApi
 *   await cloud.callUntyped('user', { action: 'login', openid: 'x' }, 'demo-rider')        // an event the contract forbids
 *   const users = await cloud.sdkDatabase().collection('users').get()                      // the real SDK, from outside any function
 *   cloud.db.find('outbox', { touser: 'demo-rider' })                                      // the store, directly
 *
 * Bundles are built once per source state into node_modules/.cache/youlin-cloud/<hash>/ (shared by all jest workers
 * and runs; rebuilt when a file under cloudfunctions/, core/ or test/fixtures/functions/ changes). Test-only functions
 * live in test/fixtures/functions/<name>/ and are served only when named in `functions`.
 * One cloud per test file at a time (the SDK finds the cloud through process env).
 *
 * `call` is typed by function and action from FunctionApi (@core/api): the input must be what the client may send and
 * the body is the action's Result, so a contract change breaks the tests at compile time. `callUntyped` is the one way
 * around it, for events the contract forbids and for test fixture functions, which are not part of the contract.
 */
import crypto from 'crypto'
import fs from 'fs'
import http from 'http'
import path from 'path'
import type { ActionInput, ActionName, ActionOutput, FunctionName } from '@core/api'
import type { Result } from '@core/api/result'
import type * as wxServerSdk from 'wx-server-sdk'
import type { CourseCollections } from '../../cloudfunctions/course/repo'
import { startCloud, type CloudClock, type CloudFaults, type LocalCloud, type StartCloudOptions } from '../../emulator'
import type { Database, Doc, FindOptions } from '../../emulator/db'
import type { OutboxMessage } from '../../emulator/openapi'
import type { StoredFile } from '../../emulator/storage'
import { buildFunctions, listFunctionSources, REPO_ROOT } from '../../scripts/build/functions'

/** The wx-server-sdk module's API (its typings mark many results `Promise<T> | void`; cast in tests). */
export type WxServerSdk = typeof wxServerSdk

/** The SDK's factory for a separately configured instance: there at run time, missing from its typings. */
interface SdkFactory {
  createNewInstance(config: { env: string; serviceUrl: string; secretId: string; secretKey: string }): WxServerSdk
}

/** What `callUntyped` answers: whatever the function returned, unchecked (there is no contract type for it). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the one escape hatch from the contract types (see callUntyped)
export type UntypedBody = any

/** What the store holds, by collection: what the functions write, and the local cloud's own outbox and file records. */
export interface StoredCollections extends CourseCollections {
  outbox: OutboxMessage
  files: StoredFile
}

/**
 * The store with its reads typed by collection: `find('sessions', …)` answers SessionDoc[]. Another collection (a
 * fixture's) reads as plain documents unless the test names their type.
 */
export interface TestDatabase extends Omit<Database, 'find' | 'aggregate'> {
  find<K extends keyof StoredCollections>(collection: K, query?: Doc, options?: FindOptions): StoredCollections[K][]
  find<T = Doc>(collection: string, query?: Doc, options?: FindOptions): T[]
  aggregate<T = Doc>(collection: string, pipeline: Doc[]): T[]
}

export interface CallResult<T> {
  status: number
  body: T
  /** The x-cloud-db-ops header: database requests the invocation made. */
  dbOps: number
}

export interface TestCloud {
  /** e.g. http://127.0.0.1:40123 */
  url: string
  /** The store, for arranging and inspecting data without going through the wire. */
  db: TestDatabase
  /** The underlying local cloud (invoke, runTrigger, storage, seed). */
  cloud: LocalCloud
  /** The instant invocations run at: `clock.set(at)` stops it there, `clock.advance(ms)` moves it (emulator/clock.ts). */
  clock: CloudClock
  /** Database requests of an invocation made to fail or wait (emulator/faults.ts); `clear()` after each test that arms one. */
  faults: CloudFaults
  /** POST /functions/<fn> with `{action, ...input}` as the event and `x-wx-openid: openid` when given. */
  call<F extends FunctionName, A extends ActionName<F>>(fn: F, action: A, input: ActionInput<F, A>, openid?: string): Promise<CallResult<Result<ActionOutput<F, A>>>>
  /**
   * POST /functions/<fn> with any event, deliberately unchecked: for input the contract forbids (bad fields, unknown
   * actions, a forged platform event) and for test fixture functions outside FunctionApi. The body is not typed.
   */
  callUntyped(fn: string, event: object, openid?: string): Promise<CallResult<UntypedBody>>
  /** A raw HTTP request to the cloud (path like `/storage/files/a.png`). */
  request(method: string, urlPath: string, options?: { body?: Buffer | string; headers?: Record<string, string> }): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>
  /** The real wx-server-sdk, initialised against this cloud as a separate server process would be. */
  sdk(): WxServerSdk
  /** `sdk().database()`. */
  sdkDatabase(): ReturnType<WxServerSdk['database']>
  /** Log lines of the cloud (function failures, timer runs). */
  logs: string[]
  close(): Promise<void>
}

/** The data of a successful answer; a failure throws with its code and message, so the test shows why. */
export function data<T>(reply: Result<T>): T {
  if (!reply.ok) throw new Error(`expected ok, got ${reply.code} ${reply.message}`)
  return reply.data
}

export interface TestCloudOptions {
  /** Stop the cloud's clock at this instant before anything else (seeding included), so the file runs on a known day. */
  at?: number
  /** Insert the demo data (emulator/demo-data.ts) first, relative to the cloud's clock. */
  seed?: boolean
  /** Functions to serve (from cloudfunctions/ or test/fixtures/functions/); default: every function in cloudfunctions/. */
  functions?: string[]
  /** Fire timer triggers on schedule (default off). */
  timers?: boolean
  /** Serve this directory at `/` (the H5 build, for browser tests). */
  staticDir?: string
  /** Keep the store on disk here instead of in memory (tests that read the stored bytes). */
  dataDir?: string
  /** Worker-thread instances per function (StartCloudOptions.functionThreads); default 0, this thread, where module mocks reach. */
  functionThreads?: number
  /** The local cloud's doors, for tests of them: listening address, session secret, rules file, body deadline. */
  doors?: Pick<StartCloudOptions, 'host' | 'sessionSecret' | 'rulesFile' | 'bodyTimeoutMs'>
}

const CACHE_ROOT = path.join(REPO_ROOT, 'node_modules', '.cache', 'youlin-cloud')
const FIXTURES_DIR = path.join(REPO_ROOT, 'test', 'fixtures', 'functions')
const INPUTS = ['cloudfunctions', 'core', 'test/fixtures/functions', 'scripts/build', 'tsconfig.json', 'package-lock.json']

function fingerprint(): string {
  const hash = crypto.createHash('sha1')
  const visit = (p: string) => {
    const stat = fs.statSync(p, { throwIfNoEntry: false })
    if (!stat) return
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) if (name !== 'node_modules') visit(path.join(p, name))
    } else {
      hash.update(`${path.relative(REPO_ROOT, p)}:${stat.size}:${stat.mtimeMs}\n`)
    }
  }
  for (const input of INPUTS) visit(path.join(REPO_ROOT, input))
  return hash.digest('hex').slice(0, 16)
}

/** Builds (or finds) the bundles for the current sources; safe when several jest workers ask at once. */
async function builtDirs(): Promise<{ functions: string; fixtures: string }> {
  const dir = path.join(CACHE_ROOT, fingerprint())
  const result = { functions: path.join(dir, 'functions'), fixtures: path.join(dir, 'fixtures') }
  if (fs.existsSync(path.join(dir, 'complete'))) return result
  const tmp = `${dir}.tmp-${process.pid}-${crypto.randomBytes(4).toString('hex')}`
  await buildFunctions({ outDir: path.join(tmp, 'functions') })
  await buildFunctions({ sourceDir: FIXTURES_DIR, outDir: path.join(tmp, 'fixtures') })
  fs.writeFileSync(path.join(tmp, 'complete'), '')
  try {
    fs.renameSync(tmp, dir)
  } catch {
    // Another worker finished the same build first.
    fs.rmSync(tmp, { recursive: true, force: true })
  }
  pruneCache(path.basename(dir))
  return result
}

/** Drops other builds older than an hour (a concurrent run on older sources may still use a recent one). */
function pruneCache(keep: string): void {
  const cutoff = Date.now() - 3600_000
  for (const name of fs.readdirSync(CACHE_ROOT)) {
    if (name === keep) continue
    const p = path.join(CACHE_ROOT, name)
    if (fs.statSync(p).mtimeMs < cutoff) fs.rmSync(p, { recursive: true, force: true })
  }
}

export async function startTestCloud(options: TestCloudOptions = {}): Promise<TestCloud> {
  const fixtureNames = listFunctionSources(FIXTURES_DIR)
  const clash = listFunctionSources().filter((n) => fixtureNames.includes(n))
  if (clash.length) throw new Error(`test fixtures shadow cloud functions: ${clash.join(', ')}`)
  const dirs = await builtDirs()
  const logs: string[] = []
  const cloud = await startCloud({
    port: 0,
    dataDir: options.dataDir ?? ':memory:',
    functionsDir: [dirs.functions, dirs.fixtures],
    functions: options.functions ?? listFunctionSources(),
    timers: options.timers ?? false,
    staticDir: options.staticDir,
    log: (line) => logs.push(line),
    functionThreads: options.functionThreads,
    ...options.doors
  })
  if (options.at !== undefined) cloud.clock.set(options.at)
  if (options.seed) cloud.seed()
  const agent = new http.Agent({ keepAlive: true })
  let sdkInstance: WxServerSdk | undefined
  const sdk = (): WxServerSdk => {
    // A separate SDK instance with its own config, as another server process would initialise it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when a test asks for an SDK client
    sdkInstance ??= (require('wx-server-sdk') as SdkFactory).createNewInstance({
      env: 'local',
      serviceUrl: `${cloud.url}/admin`,
      secretId: 'local-cloud-fake-id',
      secretKey: 'local-cloud-fake-key'
    })
    return sdkInstance
  }

  type Answer = Awaited<ReturnType<TestCloud['request']>>
  const send = (method: string, urlPath: string, body: Buffer | string | undefined, headers: Record<string, string>, retry: boolean): Promise<Answer> =>
    new Promise((resolve, reject) => {
      // host/port/path rather than a URL string, which would resolve `..` segments before sending.
      const req = http.request({ host: '127.0.0.1', port: cloud.port, path: urlPath, method, headers, agent }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
        res.on('error', reject)
      })
      req.on('error', (e: NodeJS.ErrnoException) => {
        // A kept-alive connection the server closed for idleness just as this request went out: the server never read
        // it, so sending it again is safe. On a loaded machine the client can see the server's close that late.
        if (retry && req.reusedSocket && e.code === 'ECONNRESET') send(method, urlPath, body, headers, false).then(resolve, reject)
        else reject(e)
      })
      req.end(body)
    })
  const request: TestCloud['request'] = (method, urlPath, { body, headers = {} } = {}) => send(method, urlPath, body, headers, true)

  const post = async (fn: string, event: object, openid?: string): Promise<CallResult<unknown>> => {
    const headers: Record<string, string> = { 'content-type': 'application/json' }
    if (openid !== undefined) headers['x-wx-openid'] = openid
    const res = await request('POST', `/functions/${encodeURIComponent(fn)}`, { body: JSON.stringify(event), headers })
    const body: unknown = JSON.parse(res.body.toString('utf8'))
    return { status: res.status, body, dbOps: Number(res.headers['x-cloud-db-ops'] ?? NaN) }
  }
  const call = async <F extends FunctionName, A extends ActionName<F>>(fn: F, action: A, input: ActionInput<F, A>, openid?: string) =>
    // The answer taken at its contract type, which is what the assertions then check.
    (await post(fn, Object.assign({ action }, input), openid)) as CallResult<Result<ActionOutput<F, A>>>

  return {
    url: cloud.url,
    db: cloud.db,
    cloud,
    clock: cloud.clock,
    faults: cloud.faults,
    logs,
    request,
    call,
    callUntyped: post,
    sdk,
    sdkDatabase: () => sdk().database(),
    async close() {
      agent.destroy()
      await cloud.close()
    }
  }
}
