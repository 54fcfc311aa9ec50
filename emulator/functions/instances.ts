/**
 * The worker-thread instances of one cloud function (runner.ts, `functionThreads ≥ 1`). CloudBase runs a function in
 * instances that share no module state, each with its own wx-server-sdk; here each instance is a worker thread
 * running instance.ts, so functions also stop competing with the cloud's HTTP server and database for one thread.
 *
 * An invocation goes to the instance with the fewest in flight. An instance that dies (an uncaught error in the
 * function's background work, process.exit) fails the invocations it held and is replaced; a retired set of
 * instances (after a rebuild) finishes what it holds before its threads end.
 *
 * Worker threads start from JavaScript, and this repository's modules are TypeScript run by different loaders (tsx
 * for npm start and the bench, babel under jest). So instance.ts is compiled once per process, with the bundler the
 * function build already uses, into one CommonJS script that needs only Node built-ins, and each thread evaluates it.
 */
import { buildSync } from 'esbuild'
import path from 'path'
import { Worker } from 'worker_threads'
import type { InstanceData, InstanceReport, InvokeRequest, ThrownError } from './protocol'

export type InstanceOutcome = { ok: true; result: unknown } | { ok: false; error: Error }

const INSTANCE_ENTRY = path.join(__dirname, 'instance.ts')
let instanceScript: string | undefined

/** instance.ts and what it imports as one script (cached: the same for every instance of every function). */
function compiledInstance(): string {
  instanceScript ??= buildSync({
    entryPoints: [INSTANCE_ENTRY],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    // An evaluated script has no file of its own: the modules keep resolving from where they are in the repository.
    define: { __dirname: JSON.stringify(__dirname), __filename: JSON.stringify(INSTANCE_ENTRY) },
    logLevel: 'silent'
  }).outputFiles[0].text
  return instanceScript
}

/** An error from an instance, with the name, message and stack it had there. */
function revive(error: ThrownError): Error {
  return Object.assign(new Error(error.message), { name: error.name, stack: error.stack })
}

class Instance {
  readonly inFlight = new Map<string, (outcome: InstanceOutcome) => void>()
  /** Resolves once the bundle is loaded: to undefined, or to why it could not be. */
  readonly loaded: Promise<Error | undefined>
  /** Resolves when the thread has ended. */
  readonly exited: Promise<void>
  private readonly worker: Worker
  /** Ended on purpose (retired, closed) or never loaded: no replacement, which would only fail to load again. */
  private ending = false
  private retiring = false
  /** Loaded and taking invocations: only such an instance is replaced when it dies. */
  private serving = false

  constructor(data: InstanceData, onDeath: (instance: Instance, why: Error) => void) {
    // The environment as this module sees it (under jest, the sandbox's copy, where the cloud set the SDK's variables).
    this.worker = new Worker(compiledInstance(), { eval: true, workerData: data, execArgv: [], env: { ...process.env } })
    let reportLoad: (error: Error | undefined) => void = () => undefined
    this.loaded = new Promise((resolve) => {
      reportLoad = resolve
    })
    this.worker.on('message', (report: InstanceReport) => {
      if (report.kind === 'loaded') {
        this.serving = true
        reportLoad(undefined)
      } else if (report.kind === 'load-failed') {
        this.ending = true
        reportLoad(revive(report.error))
        void this.worker.terminate()
      } else {
        const settle = this.inFlight.get(report.id)
        this.inFlight.delete(report.id)
        settle?.(report.ok ? { ok: true, result: report.result } : { ok: false, error: revive(report.error) })
        if (this.retiring && this.inFlight.size === 0) void this.end()
      }
    })
    let death: Error | undefined
    this.worker.on('error', (e) => {
      death = e
    })
    let reportExit: () => void = () => undefined
    this.exited = new Promise((resolve) => {
      reportExit = resolve
    })
    this.worker.on('exit', (code) => {
      reportExit()
      const why = death ?? new Error(this.ending ? `云函数 ${data.name} 的实例已停止` : `云函数 ${data.name} 的实例意外退出（退出码 ${code}）`)
      reportLoad(why)
      for (const settle of this.inFlight.values()) settle({ ok: false, error: why })
      this.inFlight.clear()
      if (this.serving && !this.ending && !this.retiring) onDeath(this, why)
    })
  }

  invoke(request: InvokeRequest): Promise<InstanceOutcome> {
    return new Promise((resolve) => {
      this.inFlight.set(request.id, resolve)
      this.worker.postMessage(request)
    })
  }

  /** Ends the thread once what it holds is done. */
  retire(): void {
    this.retiring = true
    if (this.inFlight.size === 0) void this.end()
  }

  async end(): Promise<void> {
    this.ending = true
    await this.worker.terminate()
  }
}

export class FunctionInstances {
  private readonly instances: Instance[]

  constructor(
    private readonly data: InstanceData,
    count: number,
    private readonly log: (line: string) => void
  ) {
    this.instances = Array.from({ length: count }, () => this.spawn())
  }

  private spawn(): Instance {
    return new Instance(this.data, (dead, why) => {
      this.log(`cloud function ${this.data.name}: an instance stopped, starting another: ${why.stack ?? why.message}`)
      const i = this.instances.indexOf(dead)
      if (i >= 0) this.instances[i] = this.spawn()
    })
  }

  /** Why the bundle could not be loaded, once every instance has tried; undefined when it loaded. */
  async loadError(): Promise<Error | undefined> {
    const errors = await Promise.all(this.instances.map((i) => i.loaded))
    return errors.find((e) => e !== undefined)
  }

  async invoke(request: InvokeRequest): Promise<InstanceOutcome> {
    const error = await this.loadError()
    if (error) return { ok: false, error }
    const least = this.instances.reduce((best, i) => (i.inFlight.size < best.inFlight.size ? i : best))
    return least.invoke(request)
  }

  /** After a rebuild: the instances take no more invocations and end when those they hold are done (resolves then). */
  async retire(): Promise<void> {
    for (const i of this.instances) i.retire()
    await Promise.all(this.instances.map((i) => i.exited))
  }

  async close(): Promise<void> {
    await Promise.all(this.instances.map((i) => i.end()))
  }
}
