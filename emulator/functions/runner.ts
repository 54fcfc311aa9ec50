/**
 * Runs built cloud functions (`<dir>/<fn>/index.js`, as produced by buildFunctions) the way SCF calls them:
 * `await main(event, context)`, with the caller's identity visible through `cloud.getWXContext()`.
 *
 * Two places to run them (`threads`): in this process, one module per function shared by all its invocations (jest
 * tests: module mocks and the jest sandbox reach the function), or in worker-thread instances (instances.ts), each
 * with its own module state like a CloudBase instance, beside the thread that serves HTTP and the store. Either way
 * what the cloud knows about an invocation (identity, database requests, transactions, parent) lives here, keyed by
 * the id the SDK sends with each request, and invocations of a function pass one admission queue (admission.ts).
 */
import fs from 'fs'
import path from 'path'
import { randomUUID } from 'crypto'
import type { CloudClock } from '../clock'
import type { Database } from '../db'
import { DEFAULT_TIMEOUT_S, FUNCTION_MEMORY_MB, readFunctionConfig, type FunctionConfig } from '../../scripts/build/function-config'
import { Admission } from './admission'
import { bundleMain, toError, type Handler } from './bundle'
import { installSdkHooks, invocationStorage, makeWXContext, type Identity, type Invocation } from './context'
import { FunctionInstances, type InstanceOutcome } from './instances'

export interface LoadedFunction {
  name: string
  dir: string
  file: string
  config: FunctionConfig
  main?: Handler
  /** Why the bundle could not be loaded (a throw at module top level, no exported main). */
  loadError?: Error
}

export class FunctionNotFoundError extends Error {
  constructor(readonly functionName: string) {
    super(`云函数 ${functionName} 不存在`)
    this.name = 'FunctionNotFoundError'
  }
}

export type InvokeOutcome = { ok: true; result: unknown; dbOps: number; invocationId: string } | { ok: false; error: Error; dbOps: number; invocationId: string }

export interface InvokeOptions {
  identity?: Identity
  /** getWXContext().SOURCE; default wx_client (a mini-program call). */
  source?: string
  /** Set for cloud.callFunction: the calling invocation. */
  parent?: Invocation
}

/**
 * Invocations of one function admitted at once, per place it runs (this thread, or each instance). Enough to keep
 * the store and the functions busy while others wait on the wire; a hundred more would only make each one slower.
 */
export const DEFAULT_FUNCTION_CONCURRENCY = 16

export class FunctionRunner {
  /** Invocations in flight, by id (what the SDK sends as scfRequestId). */
  readonly invocations = new Map<string, Invocation>()
  private readonly functions = new Map<string, LoadedFunction>()
  private readonly admissions = new Map<string, Admission>()
  /** Worker-thread instances by function (threads ≥ 1), and sets retired by a rebuild that still finish their work. */
  private readonly instances = new Map<string, FunctionInstances>()
  private readonly retired = new Set<FunctionInstances>()
  private readonly threads: number
  private readonly concurrency: number

  constructor(
    private readonly options: {
      dirs: string[]
      /** Serve only these functions (default: every function found). */
      only?: string[]
      db: Database
      /** Each invocation runs at this clock's reading (see clock.ts). */
      clock: CloudClock
      log: (line: string) => void
      /** Worker-thread instances per function; 0 (default) runs functions in this thread. */
      threads?: number
      /** Invocations of a function admitted at once per instance (or in this thread); default DEFAULT_FUNCTION_CONCURRENCY. */
      concurrency?: number
    }
  ) {
    this.threads = options.threads ?? 0
    if (!Number.isInteger(this.threads) || this.threads < 0) throw new Error(`functionThreads must be a whole number ≥ 0, not ${this.threads}`)
    this.concurrency = options.concurrency ?? DEFAULT_FUNCTION_CONCURRENCY
    this.scan()
  }

  /** Finds the functions in the bundle directories (once: watch mode rebuilds known functions only). */
  private scan(): void {
    const found = new Map<string, LoadedFunction>()
    for (const dir of this.options.dirs) {
      if (!fs.existsSync(dir)) continue
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, e.name, 'index.js')
        if (!e.isDirectory() || !fs.existsSync(file)) continue
        if (this.options.only && !this.options.only.includes(e.name)) continue
        const previous = found.get(e.name)
        if (previous) throw new Error(`cloud function ${e.name} is in both ${previous.dir} and ${path.join(dir, e.name)}`)
        found.set(e.name, { name: e.name, dir: path.join(dir, e.name), file, config: readFunctionConfig(path.join(dir, e.name)) })
      }
    }
    const missing = (this.options.only ?? []).filter((n) => !found.has(n))
    if (missing.length) throw new Error(`cloud function(s) not built: ${missing.join(', ')}`)
    this.functions.clear()
    for (const [name, fn] of found) this.functions.set(name, fn)
  }

  /** The local cloud's clock reading. */
  now(): number {
    return this.options.clock.now()
  }

  names(): string[] {
    return [...this.functions.keys()].sort()
  }

  get(name: string): LoadedFunction | undefined {
    return this.functions.get(name)
  }

  /** Loads every bundle now (starts every instance), so a broken one is reported at start rather than at its first call. */
  async loadAll(): Promise<void> {
    const functions = [...this.functions.values()]
    // All functions' instances start at once, so their threads load the bundles side by side.
    const errors = await Promise.all(functions.map((fn) => (this.threads ? this.instancesOf(fn).loadError() : this.loadHere(fn))))
    functions.forEach((fn, i) => {
      const error = errors[i]
      if (error) this.options.log(`cloud function ${fn.name} failed to load: ${error.stack ?? error.message}`)
    })
  }

  /**
   * After a rebuild: re-read config.json and take the new bundle. In this thread the next call loads it; worker
   * instances of the old bundle finish what they hold and end, and new ones start now.
   */
  reload(name: string): void {
    const fn = this.functions.get(name)
    if (!fn) return
    fn.main = undefined
    fn.loadError = undefined
    fn.config = readFunctionConfig(fn.dir)
    const old = this.instances.get(name)
    if (!old) return
    this.instances.delete(name)
    this.retired.add(old)
    void old.retire().then(() => this.retired.delete(old))
    this.instancesOf(fn)
  }

  /** Ends every worker instance (in-flight invocations fail). */
  async close(): Promise<void> {
    const all = [...this.instances.values(), ...this.retired]
    this.instances.clear()
    this.retired.clear()
    await Promise.all(all.map((i) => i.close()))
  }

  private load(fn: LoadedFunction): Handler | undefined {
    if (fn.main || fn.loadError) return fn.main
    try {
      installSdkHooks(fn.dir)
      fn.main = bundleMain(fn.name, fn.file)
    } catch (e) {
      fn.loadError = toError(e)
    }
    return fn.main
  }

  /** Loads the bundle into this thread; why it could not be loaded, if so. */
  private loadHere(fn: LoadedFunction): Promise<Error | undefined> {
    this.load(fn)
    return Promise.resolve(fn.loadError)
  }

  private instancesOf(fn: LoadedFunction): FunctionInstances {
    let instances = this.instances.get(fn.name)
    if (!instances) {
      instances = new FunctionInstances({ name: fn.name, dir: fn.dir, file: fn.file }, this.threads, this.options.log)
      this.instances.set(fn.name, instances)
    }
    return instances
  }

  private admission(name: string): Admission {
    let admission = this.admissions.get(name)
    if (!admission) {
      admission = new Admission(this.concurrency * Math.max(1, this.threads))
      this.admissions.set(name, admission)
    }
    return admission
  }

  /** Credits a database request to an invocation and to the invocations that (transitively) called it. */
  noteDbRequest(invocation: Invocation): void {
    for (let i: Invocation | undefined = invocation; i; i = i.parent) i.dbOps++
  }

  /**
   * Runs one invocation once the function's admission queue lets it in. A call from another function
   * (cloud.callFunction) is part of its caller's admitted work and goes straight in: queueing it behind callers that
   * wait for their own callees could stall them all.
   */
  async invoke(name: string, event: unknown, options: InvokeOptions = {}): Promise<InvokeOutcome> {
    const fn = this.functions.get(name)
    if (!fn) throw new FunctionNotFoundError(name)
    if (options.parent) return this.run(fn, event, options)
    return this.admission(name).run(() => this.run(fn, event, options))
  }

  private async run(fn: LoadedFunction, event: unknown, options: InvokeOptions): Promise<InvokeOutcome> {
    const invocation: Invocation = {
      id: randomUUID(),
      fn: fn.name,
      wx: makeWXContext(options.identity ?? {}, options.source ?? 'wx_client'),
      dbOps: 0,
      nowAt: this.options.clock.now(),
      parent: options.parent
    }
    const execute = this.threads ? this.inInstance(fn, invocation, event) : this.inThisThread(fn, invocation, event)
    if (!execute) return { ok: false, error: fn.loadError ?? new Error(`cloud function ${fn.name} is not loaded`), dbOps: 0, invocationId: invocation.id }
    this.invocations.set(invocation.id, invocation)
    let outcome: InstanceOutcome
    try {
      outcome = await execute()
    } finally {
      this.invocations.delete(invocation.id)
      // A transaction the function left open dies with its invocation, as on the platform.
      this.options.db.endInvocation(invocation.id)
    }
    return { ...outcome, dbOps: invocation.dbOps, invocationId: invocation.id }
  }

  /** How to run the invocation here, or undefined when the bundle does not load. */
  private inThisThread(fn: LoadedFunction, invocation: Invocation, event: unknown): (() => Promise<InstanceOutcome>) | undefined {
    const main = this.load(fn)
    if (!main) return undefined
    return async () => {
      try {
        return { ok: true, result: await invocationStorage.run(invocation, () => main(event, this.scfContext(fn, invocation))) }
      } catch (e) {
        return { ok: false, error: toError(e) }
      }
    }
  }

  private inInstance(fn: LoadedFunction, invocation: Invocation, event: unknown): () => Promise<InstanceOutcome> {
    const instances = this.instancesOf(fn)
    const request = { id: invocation.id, fn: fn.name, wx: invocation.wx, nowAt: invocation.nowAt, event, context: this.scfContext(fn, invocation) }
    return () => instances.invoke(request)
  }

  /** The second argument of main, shaped like SCF's context (node-sdk's parseContext reads it). */
  private scfContext(fn: LoadedFunction, invocation: Invocation): Record<string, unknown> {
    const env: Record<string, string> = { TCB_ENV: invocation.wx.ENV, TCB_SOURCE: invocation.wx.SOURCE, SCF_NAMESPACE: invocation.wx.ENV }
    const keys: string[] = []
    for (const k of ['OPENID', 'APPID', 'UNIONID', 'CLIENTIP'] as const) {
      const v = invocation.wx[k]
      if (v !== undefined) {
        env[`WX_${k}`] = v
        keys.push(`WX_${k}`)
      }
    }
    env.WX_CONTEXT_KEYS = keys.join(',')
    return {
      callbackWaitsForEmptyEventLoop: false,
      memory_limit_in_mb: FUNCTION_MEMORY_MB,
      time_limit_in_ms: (fn.config.timeout ?? DEFAULT_TIMEOUT_S) * 1000,
      request_id: invocation.id,
      function_name: fn.name,
      function_version: '$LATEST',
      namespace: invocation.wx.ENV,
      environment: JSON.stringify(env),
      // Not an SCF field: the local cloud's clock reading, which the function framework takes as the invocation's now.
      localClockAt: invocation.nowAt
    }
  }
}
