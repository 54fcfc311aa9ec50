/**
 * Runs built cloud functions (`<dir>/<fn>/index.js`, as produced by buildFunctions) in this process, the way SCF
 * calls them: `await main(event, context)`, with the caller's identity visible through `cloud.getWXContext()`.
 */
import fs from 'fs'
import path from 'path'
import vm from 'vm'
import { randomUUID } from 'crypto'
import type { CloudClock } from '../clock'
import type { Database } from '../db'
import { DEFAULT_TIMEOUT_S, FUNCTION_MEMORY_MB, readFunctionConfig, type FunctionConfig } from '../../scripts/build/function-config'
import { installSdkHooks, invocationStorage, makeWXContext, resolveFrom, type Identity, type Invocation } from './context'

type Handler = (event: unknown, context: Record<string, unknown>) => unknown

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

function toError(e: unknown): Error {
  if (e instanceof Error) return e
  if (e && typeof e === 'object') {
    const o = e as { errMsg?: unknown; message?: unknown }
    const text = typeof o.errMsg === 'string' ? o.errMsg : typeof o.message === 'string' ? o.message : JSON.stringify(e)
    return Object.assign(new Error(text), { cause: e })
  }
  return new Error(String(e))
}

/**
 * Evaluates a bundle as a CommonJS module, afresh on every load: a rebuilt bundle then replaces the old one without
 * relying on require.cache (which jest's module registry does not honour). The bundle's own requires — wx-server-sdk and
 * Node built-ins, everything else is bundled — go through this module's require, so they share its module registry.
 */
function loadBundle(file: string): Record<string, unknown> {
  const dir = path.dirname(file)
  const module = { exports: {} as Record<string, unknown> }
  const localRequire = Object.assign(
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a bundle's requires, known at run time, share this module's registry
    (id: string): unknown => require(resolveFrom(dir, id)),
    { resolve: (id: string) => resolveFrom(dir, id) }
  )
  compileModule(fs.readFileSync(file, 'utf8'), file)(module.exports, localRequire, module, file, dir)
  return module.exports
}

const PARAMS = ['exports', 'require', 'module', '__filename', '__dirname']
/** Whether this code runs in Node's main realm (not inside a jest sandbox, which has its own globals). */
const MAIN_REALM = vm.runInThisContext('Function') === Function

type ModuleWrapper = (...args: unknown[]) => void

function compileModule(code: string, file: string): ModuleWrapper {
  // In the main realm this is exactly Node's own module wrapper, so stack traces keep the bundle's line numbers.
  if (MAIN_REALM) return vm.runInThisContext(`(function (${PARAMS.join(', ')}) {${code}\n})`, { filename: file }) as ModuleWrapper
  // A sandbox must get the function from its own realm, or the bundle's objects and errors would be foreign there.
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- compiling the bundle is the point; only this Function is the sandbox's own
  return new Function(...PARAMS, `${code}\n//# sourceURL=${file}`) as ModuleWrapper
}

export class FunctionRunner {
  /** Invocations in flight, by id (what the SDK sends as scfRequestId). */
  readonly invocations = new Map<string, Invocation>()
  private readonly functions = new Map<string, LoadedFunction>()

  constructor(
    private readonly options: {
      dirs: string[]
      /** Serve only these functions (default: every function found). */
      only?: string[]
      db: Database
      /** Each invocation runs at this clock's reading (see clock.ts). */
      clock: CloudClock
      log: (line: string) => void
    }
  ) {
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

  /** Loads every bundle now, so a broken one is reported at start rather than at its first call. */
  loadAll(): void {
    for (const fn of this.functions.values()) {
      this.load(fn)
      if (fn.loadError) this.options.log(`cloud function ${fn.name} failed to load: ${fn.loadError.stack ?? fn.loadError.message}`)
    }
  }

  /** After a rebuild: forget the old module and re-read config.json; the next call loads the new bundle. */
  reload(name: string): void {
    const fn = this.functions.get(name)
    if (!fn) return
    fn.main = undefined
    fn.loadError = undefined
    fn.config = readFunctionConfig(fn.dir)
  }

  private load(fn: LoadedFunction): Handler | undefined {
    if (fn.main || fn.loadError) return fn.main
    try {
      installSdkHooks(fn.dir)
      const mod = loadBundle(fn.file)
      if (typeof mod?.main !== 'function') throw new Error(`cloud function ${fn.name}: index.js does not export main`)
      fn.main = mod.main as Handler
    } catch (e) {
      fn.loadError = toError(e)
    }
    return fn.main
  }

  /** Credits a database request to an invocation and to the invocations that (transitively) called it. */
  noteDbRequest(invocation: Invocation): void {
    for (let i: Invocation | undefined = invocation; i; i = i.parent) i.dbOps++
  }

  async invoke(name: string, event: unknown, options: InvokeOptions = {}): Promise<InvokeOutcome> {
    const fn = this.functions.get(name)
    if (!fn) throw new FunctionNotFoundError(name)
    const invocation: Invocation = {
      id: randomUUID(),
      fn: name,
      wx: makeWXContext(options.identity ?? {}, options.source ?? 'wx_client'),
      dbOps: 0,
      nowAt: this.options.clock.now(),
      parent: options.parent
    }
    const main = this.load(fn)
    if (!main) return { ok: false, error: fn.loadError ?? new Error(`cloud function ${name} is not loaded`), dbOps: 0, invocationId: invocation.id }
    this.invocations.set(invocation.id, invocation)
    try {
      const result = await invocationStorage.run(invocation, () => main(event, this.scfContext(fn, invocation)))
      return { ok: true, result, dbOps: invocation.dbOps, invocationId: invocation.id }
    } catch (e) {
      return { ok: false, error: toError(e), dbOps: invocation.dbOps, invocationId: invocation.id }
    } finally {
      this.invocations.delete(invocation.id)
      // A transaction the function left open dies with its invocation, as on the platform.
      this.options.db.endInvocation(invocation.id)
    }
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
