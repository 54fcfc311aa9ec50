/**
 * Per-invocation context for functions that run concurrently in one Node process, and the two hooks that make the
 * unchanged wx-server-sdk see it:
 *
 * 1. `cloud.getWXContext()` reads process env on every call (wx-server-sdk src/api/utils/api/getWXContext.ts), which
 *    in one shared process would hand one caller's OPENID to another. It is replaced, on the shared
 *    `require('wx-server-sdk')` object, by a reader of an AsyncLocalStorage store.
 * 2. The SDK's HTTP requests must say which invocation made them (for `x-cloud-db-ops`, transactions ended with the
 *    invocation, the calling function's openapi permissions, callFunction identity). node-sdk's
 *    utils/tcbapiendpoint.js appends `scfRequestId=<CloudBase.scfContext.requestId>` to every request URL — the field
 *    real SCF fills via `parseContext(context)`. We set `scfContext` to an object whose `requestId` is read from the
 *    same store at request time.
 */
import { AsyncLocalStorage } from 'async_hooks'
import { createRequire } from 'module'
import path from 'path'

export const LOCAL_ENV = 'local'
/** The AppID functions see for callers that have an OPENID (a mini-program user); hex of "local", padded. */
export const LOCAL_APPID = 'wx6c6f63616c000000'

export interface WXContext {
  OPENID?: string
  APPID?: string
  UNIONID?: string
  CLIENTIP?: string
  ENV: string
  SOURCE: string
}

export interface Identity {
  openid?: string
  appid?: string
  unionid?: string
  clientIp?: string
}

export interface Invocation {
  id: string
  fn: string
  wx: WXContext
  /** Database requests made by this invocation and by functions it called through cloud.callFunction. */
  dbOps: number
  /** The local cloud's clock when the invocation started (passed to main as `context.localClockAt`). */
  nowAt: number
  parent?: Invocation
}

export const invocationStorage = new AsyncLocalStorage<Invocation>()

export function currentInvocation(): Invocation | undefined {
  return invocationStorage.getStore()
}

/**
 * The wx context a function sees. SOURCE follows the platform's chain notation: `wx_client` for a mini-program call,
 * `wx_trigger` for a timer, and `<parent>,scf` for a call from another function.
 */
export function makeWXContext(identity: Identity, source: string): WXContext {
  const wx: Partial<WXContext> = {}
  if (identity.openid) {
    wx.OPENID = identity.openid
    wx.APPID = identity.appid ?? LOCAL_APPID
    if (identity.unionid) wx.UNIONID = identity.unionid
  }
  if (identity.clientIp) wx.CLIENTIP = identity.clientIp
  wx.ENV = LOCAL_ENV
  wx.SOURCE = source
  return wx as WXContext
}

/** The environment the unchanged SDK needs to talk to the local cloud at `adminUrl` (see notes/cloudbase-local.md). */
export function sdkEnvironment(adminUrl: string): Record<string, string> {
  return {
    TCB_CONTEXT_CNFG: JSON.stringify({ URL: adminUrl }),
    // Without it every request first probes the Tencent Cloud metadata host (and fails after 30 ms).
    TENCENTCLOUD: 'true',
    TENCENTCLOUD_SECRETID: 'local-cloud-fake-id',
    TENCENTCLOUD_SECRETKEY: 'local-cloud-fake-key',
    TCB_ENV: LOCAL_ENV,
    // Turns off the SDK's 3-second slow-query warning timers.
    SILENCE: 'true'
  }
}

/** Sets the variables and returns a function restoring what was there before. */
export function applyEnvironment(vars: Record<string, string>): () => void {
  const before = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]))
  Object.assign(process.env, vars)
  return () => {
    for (const [k, v] of Object.entries(before)) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
  }
}

const REPO_ROOT = path.resolve(__dirname, '..', '..')
const resolver = createRequire(__filename)

/** Resolves a module as a bundle in `dir` would, falling back to this repository's node_modules. */
export function resolveFrom(dir: string, id: string): string {
  return resolver.resolve(id, { paths: [dir, REPO_ROOT] })
}

const hooked = new Set<string>()

/**
 * Installs both hooks on the wx-server-sdk copy a function in `fromDir` resolves (each copy is its own module with its
 * own node-sdk). Idempotent per copy.
 */
export function installSdkHooks(fromDir: string): void {
  const sdkFile = resolveFrom(fromDir, 'wx-server-sdk')
  if (hooked.has(sdkFile)) return
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the copy the bundles get: a path known at run time, in this module's registry
  const sdk = require(sdkFile) as { getWXContext: () => Record<string, unknown> }
  const original = sdk.getWXContext
  sdk.getWXContext = function getWXContext() {
    const invocation = invocationStorage.getStore()
    return invocation ? { ...invocation.wx } : original()
  }
  const nodeSdkPackage = resolveFrom(path.dirname(sdkFile), '@cloudbase/node-sdk/package.json')
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- as above: the node-sdk instance beside that copy
  const { CloudBase } = require(path.join(path.dirname(nodeSdkPackage), 'dist', 'cloudbase.js')) as { CloudBase: { scfContext: { requestId: string } } }
  CloudBase.scfContext = {
    get requestId(): string {
      return invocationStorage.getStore()?.id ?? ''
    }
  }
  hooked.add(sdkFile)
}
