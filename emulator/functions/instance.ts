/**
 * One worker-thread instance of a cloud function: the code a worker thread of instances.ts runs. Like a CloudBase
 * instance it loads the bundle once, has module state of its own and its own copy of wx-server-sdk, and takes one
 * invocation after another from the local cloud (several at once when the cloud admits them).
 *
 * Identity and the request id reach the SDK through the same hooks as in the cloud's own thread (context.ts): each
 * invocation runs inside the AsyncLocalStorage store the hooks read. Everything the cloud keeps about an invocation
 * (its database requests, its transactions, its parent) stays in the cloud's thread, keyed by the id the SDK sends.
 *
 * This module is compiled on its own (instances.ts) and must only import Node built-ins and modules that do.
 */
import { parentPort, workerData } from 'worker_threads'
import { bundleMain, toError, type Handler } from './bundle'
import { installSdkHooks, invocationStorage, type Invocation } from './context'
import type { InstanceData, InstanceReport, InvokeRequest, ThrownError } from './protocol'

/** An error as it crosses to the cloud's thread: a structured clone would drop its class and stack on some errors. */
function thrown(e: unknown): ThrownError {
  const error = toError(e)
  return { name: error.name, message: error.message, stack: error.stack }
}

/**
 * Sends a report to the cloud. A result that cannot cross a thread as is (one holding a function value) goes as its
 * JSON form, which is all the caller would receive anyway.
 */
function post(report: InstanceReport): void {
  try {
    parentPort?.postMessage(report)
  } catch {
    if (report.kind !== 'done' || !report.ok) throw new Error('an instance report could not be sent')
    parentPort?.postMessage({ ...report, result: JSON.parse(JSON.stringify(report.result ?? null)) as unknown })
  }
}

async function run(main: Handler, request: InvokeRequest): Promise<void> {
  const invocation: Invocation = { id: request.id, fn: request.fn, wx: request.wx, dbOps: 0, nowAt: request.nowAt }
  try {
    const result = await invocationStorage.run(invocation, () => main(request.event, request.context))
    post({ kind: 'done', id: request.id, ok: true, result })
  } catch (e) {
    post({ kind: 'done', id: request.id, ok: false, error: thrown(e) })
  }
}

function start(): void {
  const data = workerData as InstanceData
  let main: Handler
  try {
    installSdkHooks(data.dir)
    main = bundleMain(data.name, data.file)
  } catch (e) {
    post({ kind: 'load-failed', error: thrown(e) })
    return
  }
  parentPort?.on('message', (request: InvokeRequest) => void run(main, request))
  post({ kind: 'loaded' })
}

start()
