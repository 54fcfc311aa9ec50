/**
 * The local cloud: database, function runner, cloud storage, cloud calls and timer triggers behind one HTTP server,
 * so the unchanged function bundles and the real wx-server-sdk run against it (DESIGN.md §1, §3).
 *
 *   const cloud = await startCloud({ port: 0, dataDir: ':memory:' })
 *   await fetch(`${cloud.url}/functions/user`, { method: 'POST', headers: { 'x-wx-openid': 'demo-rider' }, body: '{"action":"login"}' })
 *   await cloud.close()
 *
 * Functions run in this process (the default, for tests) or in worker-thread instances (`functionThreads`, for npm
 * start and the bench), and reach the store through the SDK's HTTP requests; the SDK finds this server through process
 * env (TCB_CONTEXT_CNFG), so one process runs one local cloud at a time.
 */
import { EventEmitter } from 'events'
import fs from 'fs'
import http from 'http'
import os from 'os'
import path from 'path'
import type { AddressInfo } from 'net'
import { CloudClock } from './clock'
import { ClientDatabaseRules } from './client-database'
import { Database, loadCollectionSpecs } from './db'
import { CloudFaults } from './faults'
import { buildFunctions, DEFAULT_OUT_DIR, REPO_ROOT, type BuildFunctionsResult } from '../scripts/build/functions'
import { DATABASE_RULES_FILE } from '../scripts/build/database-rules'
import { applyEnvironment, sdkEnvironment, type Identity } from './functions/context'
import { localDataKeys, localFunctionEnv, localSecretEnv, localSecrets } from './function-env'
import { FunctionRunner, type InvokeOutcome } from './functions/runner'
import { CloudStorage } from './storage'
import { OpenApi } from './openapi'
import { fireTrigger, TimerScheduler } from './timers'
import { createRequestHandler } from './server'
import { seedDemoData, type SeedResult } from './seed'
import { identityDoor, type IdentityDoorKind } from './session'

export { CloudClock, type ClockState } from './clock'
export { CloudFaults, type DatabaseFailure, type DatabaseRequestTarget } from './faults'
export { REPO_ROOT } from '../scripts/build/functions'
export { DEFAULT_FUNCTION_CONCURRENCY, FunctionNotFoundError } from './functions/runner'
export type { Identity } from './functions/context'
export { signSession, type IdentityDoorKind } from './session'

/**
 * Worker-thread instances per function on this machine: the first core serves HTTP and the store, the others run
 * functions (at least one). On two cores a 1,000-book burst ran as fast with one instance per function as with two,
 * on a little less CPU per book and a thread (and a copy of the SDK) fewer per function. `npm start` uses it, and the
 * booking bench, to measure what `npm start` runs.
 */
export const defaultFunctionThreads = (): number => Math.max(1, os.availableParallelism() - 1)

export interface StartCloudOptions {
  /** Default 8787; 0 picks a free port. */
  port?: number
  /** Default 127.0.0.1. */
  host?: string
  /** Store directory (env CLOUD_DATA, default <repo>/.cloud), or ':memory:'. */
  dataDir?: string
  /** Directory (or directories) of built bundles `<dir>/<fn>/index.js`; default dist/functions. */
  functionsDir?: string | string[]
  /** Serve only these functions (default: all found). */
  functions?: string[]
  /** The H5 build served at `/` (e.g. dist/h5). */
  staticDir?: string
  /** Fire timer triggers on schedule. */
  timers?: boolean
  /** Rebuild cloudfunctions/ on change into the (first) functions dir and reload the bundles. */
  watch?: boolean
  /** Log lines (function failures, timer runs, rebuilds); default console.log. */
  log?: (line: string) => void
  /**
   * Signs H5 sessions (at least 32 characters; `npm start` reads CLOUD_SESSION_SECRET). With it, callers prove who
   * they are with a signed token instead of the `x-wx-openid` header (session.ts).
   */
  sessionSecret?: string
  /** The security rules client database requests are held to; default database.rules.json. */
  rulesFile?: string
  /** How long a request body may take to arrive (default 30 s; file uploads four times as long). */
  bodyTimeoutMs?: number
  /**
   * Worker-thread instances per function. 0 (the default) runs every function in this thread, where jest's module
   * mocks reach it; n ≥ 1 gives each function n instances with module state and wx-server-sdk of their own, as on
   * CloudBase, on the other cores (functions/instances.ts).
   */
  functionThreads?: number
  /**
   * Invocations of one function running at once, per instance (or in this thread); more wait their turn in arrival
   * order (functions/admission.ts). Default DEFAULT_FUNCTION_CONCURRENCY.
   */
  functionConcurrency?: number
}

export interface LocalCloud {
  /** e.g. http://127.0.0.1:8787 (no trailing slash). */
  url: string
  port: number
  db: Database
  storage: CloudStorage
  /** What `now` invocations and timer events see; tests stop or shift it (see clock.ts). */
  clock: CloudClock
  /** Faults for tests: a function's database request lost, unanswered or held (see faults.ts). */
  faults: CloudFaults
  /** How H5 callers are identified: `header` (x-wx-openid, loopback only), `signed` (session tokens) or `closed`. */
  identityDoor: IdentityDoorKind
  /** A sign-in token for `openid`, when the cloud signs sessions (see StartCloudOptions.sessionSecret). */
  signSession?: (openid: string) => string
  /**
   * Runs a function directly (not over HTTP), as a mini-program user with `identity` (or none); rejects if it throws. `T` is what
   * the caller expects the function to return; it is not checked.
   */
  invoke<T = unknown>(name: string, event: object, identity?: Identity): Promise<T>
  /** Fires a timer trigger of a function now; resolves to the function's return value (`T`, unchecked). */
  runTrigger<T = unknown>(fn: string, trigger: string): Promise<T>
  /** Seeds demo data into an empty store, or wipes and reseeds with `reset`. */
  seed(options?: { reset?: boolean }): SeedResult
  close(): Promise<void>
}

let running: string | undefined

/** The function's return value, as the type its caller expects (functions return JSON; nothing here can check it). */
function unwrap<T>(outcome: InvokeOutcome): T {
  if (!outcome.ok) throw outcome.error
  return outcome.result as T
}

export function defaultDataDir(): string {
  return process.env.CLOUD_DATA || path.join(REPO_ROOT, '.cloud')
}

/**
 * Connections the kernel holds until the server takes them. Node's default (511) is less than a burst of callers
 * connecting at once, and a connection beyond it is dropped and retried by the kernel for seconds, then reset.
 */
const ACCEPT_BACKLOG = 2048

function listen(handler: http.RequestListener, port: number, host: string): Promise<http.Server> {
  const server = http.createServer(handler)
  return new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen({ port, host, backlog: ACCEPT_BACKLOG }, () => {
      server.off('error', reject)
      resolve(server)
    })
  })
}

function stop(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve())
    server.closeAllConnections()
  })
}

export async function startCloud(options: StartCloudOptions = {}): Promise<LocalCloud> {
  if (running) throw new Error(`a local cloud is already running in this process (${running}); close it first`)
  const log = options.log ?? ((line: string) => console.log(line))
  const host = options.host ?? '127.0.0.1'
  const dataDir = options.dataDir ?? defaultDataDir()
  const functionsDirs = options.functionsDir === undefined ? [DEFAULT_OUT_DIR] : [options.functionsDir].flat().map((d) => path.resolve(d))
  const identity = identityDoor(host, options.sessionSecret)
  const clientRules = new ClientDatabaseRules(options.rulesFile ?? DATABASE_RULES_FILE)
  running = 'starting'

  const cleanups: (() => void | Promise<void>)[] = []
  const cleanup = async () => {
    for (const c of cleanups.reverse()) await c()
    cleanups.length = 0
  }
  try {
    // One clock for everything that stands for "now in the cloud": invocations, serverDate(), stored timestamps, timers.
    const clock = new CloudClock()
    const db = Database.open({ dataDir, collections: loadCollectionSpecs(), now: () => clock.now() })
    cleanups.push(() => db.close())
    let baseUrl = ''
    const storage = new CloudStorage({ dataDir, db, baseUrl: () => baseUrl })
    cleanups.push(() => storage.close())

    // A rebuild reported before the runner exists needs nothing: the runner reads the bundles as it starts.
    let rebuilt: (name: string) => void = () => undefined
    let timers: TimerScheduler | undefined
    let watcher: BuildFunctionsResult | undefined
    if (options.watch) {
      watcher = await buildFunctions({
        watch: true,
        outDir: functionsDirs[0],
        names: options.functions,
        log,
        onRebuild: (name, errors) => {
          if (errors.length === 0) rebuilt(name)
        }
      })
      const w = watcher
      cleanups.push(() => w.stop())
    }
    const faults = new CloudFaults()
    const runner = new FunctionRunner({
      dirs: functionsDirs,
      only: options.functions,
      db,
      clock,
      log,
      threads: options.functionThreads,
      concurrency: options.functionConcurrency
    })
    cleanups.push(() => runner.close())
    rebuilt = (name) => {
      runner.reload(name)
      timers?.schedule(name)
    }
    const openapi = new OpenApi(db)
    // The data directory's secrets (the data keys): functions get them as environment, the seed seals with them.
    const secrets = localSecrets(dataDir)
    const sealWith = localDataKeys(secrets)
    const seed = (reset: boolean) => seedDemoData(db, { reset, now: clock.now(), wipeFiles: () => storage.wipe(), writeFile: (cloudPath, data) => storage.write(cloudPath, data), dataKeys: sealWith })
    let closing = false
    const handler = createRequestHandler({
      db,
      runner,
      storage,
      openapi,
      clock,
      faults,
      staticDir: options.staticDir,
      log,
      seed,
      isClosing: () => closing,
      identity,
      clientRules,
      bodyTimeoutMs: options.bodyTimeoutMs ?? 30_000
    })
    const server = await listen(handler, options.port ?? 8787, host)
    cleanups.push(() => stop(server))
    // The functions' own door to the same handler, on loopback: a burst of callers fills the public door's accept
    // queue, and a function's database request waiting behind them there could outlive the SDK's timeout.
    const functionDoor = await listen(handler, 0, '127.0.0.1')
    cleanups.push(() => stop(functionDoor))
    const port = (server.address() as AddressInfo).port
    baseUrl = `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${port}`
    cleanups.push(applyEnvironment(sdkEnvironment(`http://127.0.0.1:${(functionDoor.address() as AddressInfo).port}/admin`)))
    cleanups.push(applyEnvironment(localFunctionEnv()))
    cleanups.push(applyEnvironment(localSecretEnv(secrets)))
    // Many invocations share the SDK's keep-alive sockets here (on SCF each instance runs one at a time), and node-sdk
    // adds a 'connect' listener per queued request: harmless, but Node would warn about a listener leak.
    const maxListeners = EventEmitter.defaultMaxListeners
    EventEmitter.defaultMaxListeners = Math.max(maxListeners, 1000)
    cleanups.push(() => {
      EventEmitter.defaultMaxListeners = maxListeners
    })
    await runner.loadAll()
    if (options.timers) {
      timers = new TimerScheduler(runner, log)
      timers.start()
      const t = timers
      cleanups.push(() => t.stop())
    }
    running = baseUrl
    if (identity.notice) log(identity.notice)
    if (functionsDirs.length > 0 && functionsDirs.every((d) => !fs.existsSync(d))) log(`no built cloud functions in ${functionsDirs.join(', ')} (run npm run build:functions)`)

    return {
      url: baseUrl,
      port,
      db,
      storage,
      clock,
      faults,
      identityDoor: identity.kind,
      signSession: identity.sign,
      invoke: async (name, event, identity) => unwrap(await runner.invoke(name, event, { identity })),
      runTrigger: async (fn, trigger) => unwrap(await fireTrigger(runner, fn, trigger)),
      seed: (o = {}) => seed(o.reset === true),
      close: async () => {
        if (closing) return
        closing = true
        await cleanup()
        running = undefined
      }
    }
  } catch (e) {
    await cleanup()
    running = undefined
    throw e
  }
}
