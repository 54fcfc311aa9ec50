/**
 * The messages between the local cloud and a worker-thread instance of a function (instances.ts ↔ instance.ts). Only
 * plain data crosses: the invocation's identity, clock reading and SCF context go in, the result or the thrown error
 * (name, message, stack) comes back.
 */
import type { WXContext } from './context'

/** What an instance is started with (its workerData). */
export interface InstanceData {
  name: string
  /** The function's directory (where its wx-server-sdk resolves from) and its bundle. */
  dir: string
  file: string
}

export interface InvokeRequest {
  id: string
  fn: string
  wx: WXContext
  nowAt: number
  event: unknown
  /** The second argument of main (runner.ts scfContext). */
  context: Record<string, unknown>
}

export interface ThrownError {
  name: string
  message: string
  stack?: string
}

export type InstanceReport =
  | { kind: 'loaded' }
  | { kind: 'load-failed'; error: ThrownError }
  | { kind: 'done'; id: string; ok: true; result: unknown }
  | { kind: 'done'; id: string; ok: false; error: ThrownError }
