/**
 * The local cloud's HTTP surface (node:http, one handler):
 *
 * | route | who calls it |
 * |---|---|
 * | `GET /healthz` | scripts, tests: `{"ok":true}` once functions and store are ready |
 * | `POST /functions/<name>` | the H5 client: body = event, identity by the identity door (session.ts); answers the return value, header `x-cloud-db-ops` |
 * | `POST /client/database` | a client reaching the database directly: `database.*` as on /admin, held to database.rules.json (client-database.ts) |
 * | `POST /admin?env=…&seqId=…&scfRequestId=…` | the real wx-server-sdk (functions and any other process): the CloudBase API — `database.*`, `functions.invokeFunction`, `storage.*`, `wx.openApi` |
 * | `GET/HEAD/PUT /storage/files/<cloudPath>` | temporary file URLs; browser uploads |
 * | `PUT /storage/upload/<cloudPath>` | the SDK's COS-style upload after `storage.getUploadMetadata` |
 * | `POST /triggers/<fn>/<trigger>` | `npm run trigger`: fires a timer trigger now |
 * | `POST /_cloud/seed` | `npm run seed`: `{reset?: boolean}` |
 * | `GET/POST /_cloud/clock` | tests and demos in another process: read, stop (`{at}`), shift (`{shiftMs}`) or reset (`{}`) the clock |
 * | `GET /…` | the H5 build (staticDir) |
 *
 * `/admin`, `/triggers` and `/_cloud/*` hold the keys to every store and clock: they answer only to this machine
 * (a loopback peer, or the server's own address), whatever address the server listens on.
 * Every request body has a size limit (413) and must arrive within a deadline (408); both answer a structured error.
 */
import fs from 'fs'
import type { IncomingMessage, ServerResponse } from 'http'
import type { CloudClock } from './clock'
import { PERMISSION_DENIED, type ClientDatabaseRules } from './client-database'
import type { Database } from './db'
import type { CloudFaults } from './faults'
import type { FunctionRunner, InvokeOutcome } from './functions/runner'
import type { Identity, Invocation } from './functions/context'
import { cloudPathProblem, MAX_UPLOAD_BYTES, type CloudStorage } from './storage'
import type { OpenApi } from './openapi'
import { parseMultipart } from './openapi/wire'
import { fireTrigger, UnknownTriggerError } from './timers'
import type { SeedResult } from './seed'
import { IdentityRefused, isLoopbackHost, type IdentityDoor } from './session'
import { StaticFiles } from './static-files'

export interface ServerDeps {
  db: Database
  runner: FunctionRunner
  storage: CloudStorage
  openapi: OpenApi
  clock: CloudClock
  staticDir?: string
  log: (line: string) => void
  seed: (reset: boolean) => SeedResult
  isClosing: () => boolean
  /** Faults tests aim at functions' database requests (faults.ts). */
  faults?: CloudFaults
  /** Who an H5 caller is (session.ts). */
  identity: IdentityDoor
  /** The security rules client database requests are held to. */
  clientRules: ClientDatabaseRules
  /** How long a request body may take to arrive; file uploads get four times as long. */
  bodyTimeoutMs: number
}

const ADMIN_BODY_LIMIT = 16 * 1024 * 1024
/** CloudBase refuses a function request body over 6 MB (EXCEED_MAX_PAYLOAD_SIZE); so does the local cloud. */
export const EVENT_BODY_LIMIT = 6 * 1024 * 1024
const SDK_UPLOAD_LIMIT = 100 * 1024 * 1024
const UPLOAD_TIME_FACTOR = 4

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-expose-headers': 'x-cloud-db-ops'
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string
  ) {
    super(message)
  }
}

let requestSeq = 0
function newRequestId(): string {
  return `local-${Date.now().toString(16)}-${(++requestSeq).toString(16)}`
}

/**
 * Reads a request body up to `limit` bytes; no more than that is ever held in memory. A somewhat larger body is
 * drained and then refused, so the client gets the error answer instead of a reset connection; a far larger one is
 * refused at once. A body still arriving after `timeoutMs` is refused with 408, so a client that trickles or stalls
 * cannot hold a connection and its buffer open.
 */
function readBody(req: IncomingMessage, limit: number, tooLarge: () => HttpError, timeoutMs: number): Promise<Buffer> {
  const drainLimit = limit * 4
  if (Number(req.headers['content-length']) > drainLimit) return Promise.reject(tooLarge())
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const timer = setTimeout(() => {
      req.removeAllListeners('data')
      req.resume()
      reject(new HttpError(408, 'REQUEST_TIMEOUT', `请求体没有在 ${Math.round(timeoutMs / 1000)} 秒内传完`))
    }, timeoutMs)
    const settle = () => clearTimeout(timer)
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= limit) chunks.push(chunk)
      else if (size > drainLimit) {
        settle()
        reject(tooLarge())
        req.destroy()
      }
    })
    req.on('end', () => {
      settle()
      if (size > limit) reject(tooLarge())
      else resolve(Buffer.concat(chunks))
    })
    req.on('error', (e) => {
      settle()
      reject(e)
    })
  })
}

function send(res: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string | number>): void {
  res.writeHead(status, { 'content-length': Buffer.byteLength(body), ...headers })
  res.end(body)
}

function sendJson(res: ServerResponse, status: number, value: unknown, headers: Record<string, string | number> = {}): void {
  send(res, status, JSON.stringify(value), { 'content-type': 'application/json; charset=utf-8', ...headers })
}

/** What a COS bucket answers on failure; node-sdk's uploadFile parses this XML. */
function cosError(res: ServerResponse, status: number, code: string, message: string, resource: string): void {
  const id = newRequestId()
  const xml =
    `<?xml version='1.0' encoding='utf-8' ?>\n<Error>\n<Code>${code}</Code>\n<Message>${message}</Message>\n` +
    `<Resource>${resource.replace(/[<&]/g, '')}</Resource>\n<RequestId>${id}</RequestId>\n<TraceId>${id}</TraceId>\n</Error>`
  send(res, status, xml, { 'content-type': 'application/xml' })
}

function decodePath(encoded: string): string {
  try {
    return encoded
      .split('/')
      .map((s) => decodeURIComponent(s))
      .join('/')
  } catch {
    throw new HttpError(400, 'INVALID_INPUT', '路径编码不正确')
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name]
  const s = Array.isArray(v) ? v[0] : v
  return s && s.trim() ? s.trim() : undefined
}

/** This machine: a loopback peer, or one connecting from the very address the server answers on. */
function isLocalPeer(req: IncomingMessage): boolean {
  const remote = req.socket.remoteAddress
  if (!remote) return false
  return isLoopbackHost(remote) || remote === req.socket.localAddress
}

function parseEvent(body: Buffer): Record<string, unknown> {
  if (body.length === 0) return {}
  let event: unknown
  try {
    event = JSON.parse(body.toString('utf8'))
  } catch {
    throw new HttpError(400, 'INVALID_INPUT', '请求体不是合法的 JSON')
  }
  if (!event || typeof event !== 'object' || Array.isArray(event)) throw new HttpError(400, 'INVALID_INPUT', '请求体必须是 JSON 对象')
  return event as Record<string, unknown>
}

/** The doors that bypass functions and rules: the server SDK, timer triggers, seeding and the clock. */
function isControlDoor(pathname: string): boolean {
  return pathname === '/admin' || pathname.startsWith('/triggers/') || pathname.startsWith('/_cloud/')
}

export function createRequestHandler(deps: ServerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const staticFiles = deps.staticDir ? new StaticFiles(deps.staticDir) : undefined
  const { db, runner, storage, openapi, log } = deps
  const bodyTimeoutMs = deps.bodyTimeoutMs

  function callerIdentity(req: IncomingMessage): Identity {
    let openid: string | undefined
    try {
      openid = deps.identity.openid({ openid: header(req, 'x-wx-openid'), session: header(req, 'x-cloud-session') })
    } catch (e) {
      if (e instanceof IdentityRefused) throw new HttpError(e.status, e.status === 400 ? 'INVALID_INPUT' : 'UNAUTHENTICATED', e.message)
      throw e
    }
    const ip = req.socket.remoteAddress?.replace(/^::ffff:/, '')
    return { openid, appid: header(req, 'x-wx-appid'), unionid: header(req, 'x-wx-unionid'), clientIp: ip }
  }

  /** Answers an invocation the way both /functions and /triggers do. */
  function answerInvocation(res: ServerResponse, name: string, outcome: InvokeOutcome): void {
    const headers = { ...CORS_HEADERS, 'x-cloud-db-ops': outcome.dbOps }
    if (!outcome.ok) {
      log(`cloud function ${name} failed: ${outcome.error.stack ?? outcome.error.message}`)
      sendJson(res, 500, { ok: false, code: 'INTERNAL', message: outcome.error.message }, headers)
      return
    }
    let text: string
    try {
      text = JSON.stringify(outcome.result === undefined ? null : outcome.result)
    } catch (e) {
      log(`cloud function ${name} returned a value that is not JSON: ${(e as Error).message}`)
      sendJson(res, 500, { ok: false, code: 'INTERNAL', message: `云函数返回值无法序列化: ${(e as Error).message}` }, headers)
      return
    }
    send(res, 200, text, { 'content-type': 'application/json; charset=utf-8', ...headers })
  }

  async function functionsRoute(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    if (!runner.get(name)) throw new HttpError(404, 'NOT_FOUND', `云函数 ${name} 不存在`)
    const identity = callerIdentity(req)
    const tooLarge = () => new HttpError(413, 'EXCEED_MAX_PAYLOAD_SIZE', '请求体超过 6 MB，云函数收不到这么大的事件')
    const event = parseEvent(await readBody(req, EVENT_BODY_LIMIT, tooLarge, bodyTimeoutMs))
    answerInvocation(res, name, await runner.invoke(name, event, { identity, source: 'wx_client' }))
  }

  async function triggerRoute(res: ServerResponse, fn: string, trigger: string): Promise<void> {
    if (!runner.get(fn)) throw new HttpError(404, 'NOT_FOUND', `云函数 ${fn} 不存在`)
    try {
      answerInvocation(res, fn, await fireTrigger(runner, fn, trigger))
    } catch (e) {
      if (e instanceof UnknownTriggerError) throw new HttpError(404, 'NOT_FOUND', e.message)
      throw e
    }
  }

  async function adminRoute(req: IncomingMessage, res: ServerResponse, query: URLSearchParams): Promise<void> {
    const invocationId = query.get('scfRequestId')
    const invocation = invocationId ? runner.invocations.get(invocationId) : undefined
    const body = await readBody(req, ADMIN_BODY_LIMIT, () => new HttpError(413, 'EXCEED_REQUEST_SIZE_LIMIT', 'request body too large'), bodyTimeoutMs)
    const contentType = header(req, 'content-type') ?? ''
    let params: Record<string, unknown>
    try {
      if (contentType.startsWith('multipart/form-data')) {
        params = {}
        for (const part of parseMultipart(body, contentType)) params[part.name] = part.name === 'requestData' ? part.value : part.value.toString('utf8')
      } else {
        const parsed: unknown = JSON.parse(body.toString('utf8'))
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('the body is not a JSON object')
        params = parsed as Record<string, unknown>
      }
    } catch (e) {
      sendJson(res, 200, { code: 'INVALID_PARAM', message: `malformed request: ${(e as Error).message}`, requestId: newRequestId() })
      return
    }
    const action = typeof params.action === 'string' ? params.action : ''
    const requestId = newRequestId()

    if (action.startsWith('database.')) {
      if (invocation) runner.noteDbRequest(invocation)
      const apply = () => db.handle(action, params, invocation ? { invocationId: invocation.id } : {})
      const answer = (result: Record<string, unknown>) => sendJson(res, 200, { ...result, requestId })
      if (invocation && deps.faults) return deps.faults.databaseRequest(invocation, apply, answer, () => res.destroy())
      answer(apply())
      return
    }
    if (action === 'functions.invokeFunction') {
      sendJson(res, 200, { ...(await invokeFromSdk(params, invocation)), requestId })
      return
    }
    if (action.startsWith('storage.')) {
      sendJson(res, 200, { ...storage.handle(action, params, { openid: invocation?.wx.OPENID }), requestId })
      return
    }
    if (action === 'wx.openApi') {
      const permissions = invocation ? (runner.get(invocation.fn)?.config.permissions?.openapi ?? []) : []
      const requestData = Buffer.isBuffer(params.requestData) ? params.requestData : Buffer.alloc(0)
      const apiName = typeof params.apiName === 'string' ? params.apiName : ''
      let answer: Buffer
      try {
        answer = await openapi.handle(apiName, requestData, { fn: invocation?.fn, permissions })
      } catch (e) {
        log(`openapi ${apiName} failed: ${(e as Error).stack}`)
        sendJson(res, 200, { code: 'SYS_ERR', message: (e as Error).message, requestId })
        return
      }
      send(res, 200, answer, { 'content-type': 'application/octet-stream', 'x-request-id': requestId })
      return
    }
    sendJson(res, 200, { code: 'INVALID_PARAM', message: `action ${action || '(none)'} is not emulated by the local cloud`, requestId })
  }

  /**
   * A client's own database request: the same wire parameters as /admin, answered in the same `{code, message}` shape,
   * but only what database.rules.json grants reaches the store. The caller must pass the identity door like any H5
   * call (rules may name the caller).
   */
  async function clientDatabaseRoute(req: IncomingMessage, res: ServerResponse): Promise<void> {
    callerIdentity(req)
    const body = parseEvent(await readBody(req, ADMIN_BODY_LIMIT, () => new HttpError(413, 'EXCEED_REQUEST_SIZE_LIMIT', '请求体过大'), bodyTimeoutMs))
    const requestId = newRequestId()
    const action = typeof body.action === 'string' ? body.action : ''
    const collection = typeof body.collectionName === 'string' ? body.collectionName : ''
    if (!collection) {
      sendJson(res, 200, { code: 'INVALID_PARAM', message: '[INVALID_PARAM] collectionName is invalid', requestId }, CORS_HEADERS)
      return
    }
    if (!deps.clientRules.allows(action, collection)) {
      sendJson(res, 200, { ...PERMISSION_DENIED, requestId }, CORS_HEADERS)
      return
    }
    sendJson(res, 200, { ...db.handle(action, body), requestId }, CORS_HEADERS)
  }

  /** cloud.callFunction from a function or another process (node-sdk functions/index.js: the result travels as a JSON string). */
  async function invokeFromSdk(params: Record<string, unknown>, parent: Invocation | undefined): Promise<Record<string, unknown>> {
    const name = typeof params.function_name === 'string' ? params.function_name : ''
    if (!runner.get(name)) {
      return { code: 'ResourceNotFound.Function', message: `[ResourceNotFound.Function] 未找到云函数 ${name}（本地云）` }
    }
    let event: unknown = {}
    if (typeof params.request_data === 'string' && params.request_data) {
      try {
        event = JSON.parse(params.request_data)
      } catch {
        return { code: 'INVALID_PARAM', message: 'request_data is not JSON' }
      }
    }
    // The callee runs for the same user; SOURCE records the hop (`wx_client,scf`).
    const identity: Identity = parent
      ? { openid: parent.wx.OPENID, appid: parent.wx.APPID, unionid: parent.wx.UNIONID, clientIp: parent.wx.CLIENTIP }
      : {}
    const outcome = await runner.invoke(name, event, { identity, source: parent ? `${parent.wx.SOURCE},scf` : 'scf', parent })
    if (!outcome.ok) {
      log(`cloud function ${name} (called by ${parent?.fn ?? 'an SDK client'}) failed: ${outcome.error.stack ?? outcome.error.message}`)
      return { code: 'FUNCTIONS_EXECUTE_FAIL', message: `${outcome.error.name}: ${outcome.error.message}` }
    }
    return { data: { response_data: JSON.stringify(outcome.result === undefined ? null : outcome.result) } }
  }

  async function storageFilesRoute(req: IncomingMessage, res: ServerResponse, cloudPath: string): Promise<void> {
    if (req.method === 'PUT') {
      const identity = callerIdentity(req)
      const problem = cloudPathProblem(cloudPath)
      if (problem) throw new HttpError(400, 'INVALID_INPUT', problem)
      if (!identity.openid) throw new HttpError(401, 'UNAUTHENTICATED', '请先登录再上传文件')
      const data = await readBody(req, MAX_UPLOAD_BYTES, () => new HttpError(413, 'INVALID_INPUT', '文件不能超过 10 MB'), bodyTimeoutMs * UPLOAD_TIME_FACTOR)
      const stored = storage.write(cloudPath, data, { contentType: header(req, 'content-type'), openid: identity.openid })
      sendJson(res, 200, { ok: true, data: { fileID: stored.fileID } }, CORS_HEADERS)
      return
    }
    const found = storage.locate(cloudPath)
    if (!found) throw new HttpError(404, 'NOT_FOUND', '文件不存在')
    res.writeHead(200, { ...CORS_HEADERS, 'content-type': found.meta.contentType, 'content-length': found.meta.size, 'cache-control': 'no-cache' })
    if (req.method === 'HEAD') {
      res.end()
      return
    }
    fs.createReadStream(found.file).pipe(res)
  }

  async function sdkUploadRoute(req: IncomingMessage, res: ServerResponse, cloudPath: string): Promise<void> {
    const ticket = storage.redeemUploadTicket(cloudPath, header(req, 'x-cos-security-token'))
    if (!ticket) {
      req.resume()
      cosError(res, 403, 'AccessDenied', 'upload ticket missing, expired or for another path', cloudPath)
      return
    }
    let data: Buffer
    try {
      data = await readBody(req, SDK_UPLOAD_LIMIT, () => new HttpError(413, 'EntityTooLarge', 'file too large'), bodyTimeoutMs * UPLOAD_TIME_FACTOR)
    } catch (e) {
      if (e instanceof HttpError) {
        cosError(res, e.status, e.code, e.message, cloudPath)
        return
      }
      throw e
    }
    storage.write(cloudPath, data, { openid: ticket.openid })
    send(res, 200, '', { etag: `"${data.length.toString(16)}"` })
  }

  function staticRoute(req: IncomingMessage, res: ServerResponse, pathname: string): void {
    if (!staticFiles?.ready()) {
      if (pathname === '/') {
        send(res, 404, '<!doctype html><meta charset="utf-8"><p>H5 前端尚未构建：运行 <code>npm run build:h5</code> 后刷新。</p>', {
          'content-type': 'text/html; charset=utf-8'
        })
        return
      }
      throw new HttpError(404, 'NOT_FOUND', 'not found')
    }
    const found = staticFiles.resolve(decodePath(pathname))
    if (!found) throw new HttpError(404, 'NOT_FOUND', 'not found')
    staticFiles.serve(req, res, found)
  }


  /** `{at}` stops the clock there, `{shiftMs}` runs it shifted, `{}` resets it; every answer is the clock's state. */
  async function clockRoute(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    if (method === 'POST') {
      const body = parseEvent(await readBody(req, 1024, () => new HttpError(413, 'INVALID_INPUT', '请求体过大'), bodyTimeoutMs))
      const { at, shiftMs } = body
      if (at !== undefined && (typeof at !== 'number' || !Number.isFinite(at))) throw new HttpError(400, 'INVALID_INPUT', 'at must be epoch ms')
      if (shiftMs !== undefined && (typeof shiftMs !== 'number' || !Number.isFinite(shiftMs))) {
        throw new HttpError(400, 'INVALID_INPUT', 'shiftMs must be a number of ms')
      }
      if (typeof at === 'number') deps.clock.set(at)
      else if (typeof shiftMs === 'number') deps.clock.shift(shiftMs)
      else deps.clock.reset()
    }
    sendJson(res, 200, { ok: true, data: deps.clock.state() })
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Split by hand: WHATWG URL parsing would resolve `..` and `%2E%2E` segments, hiding them from the path checks.
    const raw = req.url ?? '/'
    const q = raw.indexOf('?')
    const pathname = q === -1 ? raw : raw.slice(0, q)
    const query = new URLSearchParams(q === -1 ? '' : raw.slice(q + 1))
    const method = req.method ?? 'GET'

    if (method === 'OPTIONS') {
      res.writeHead(204, {
        ...CORS_HEADERS,
        'access-control-allow-methods': 'GET, HEAD, POST, PUT, OPTIONS',
        'access-control-allow-headers': 'content-type, x-wx-openid, x-wx-appid, x-wx-unionid, x-cloud-session',
        'access-control-max-age': '600'
      })
      res.end()
      return
    }
    if (pathname === '/healthz' && method === 'GET') {
      if (deps.isClosing()) sendJson(res, 503, { ok: false })
      else sendJson(res, 200, { ok: true })
      return
    }
    if (isControlDoor(pathname) && !isLocalPeer(req)) throw new HttpError(403, 'FORBIDDEN', '这个接口只接受本机的请求')
    if (pathname === '/admin' && method === 'POST') return adminRoute(req, res, query)
    if (pathname === '/client/database' && method === 'POST') return clientDatabaseRoute(req, res)

    const fnMatch = /^\/functions\/([^/]+)$/.exec(pathname)
    if (fnMatch && method === 'POST') return functionsRoute(req, res, decodePath(fnMatch[1]))

    const triggerMatch = /^\/triggers\/([^/]+)\/([^/]+)$/.exec(pathname)
    if (triggerMatch && method === 'POST') return triggerRoute(res, decodePath(triggerMatch[1]), decodePath(triggerMatch[2]))

    if (pathname.startsWith('/storage/files/') && ['GET', 'HEAD', 'PUT'].includes(method)) {
      return storageFilesRoute(req, res, decodePath(pathname.slice('/storage/files/'.length)))
    }
    if (pathname.startsWith('/storage/upload/') && method === 'PUT') {
      return sdkUploadRoute(req, res, decodePath(pathname.slice('/storage/upload/'.length)))
    }
    if (pathname === '/_cloud/seed' && method === 'POST') {
      const options = parseEvent(await readBody(req, 1024, () => new HttpError(413, 'INVALID_INPUT', '请求体过大'), bodyTimeoutMs))
      sendJson(res, 200, { ok: true, data: deps.seed(options.reset === true) })
      return
    }
    if (pathname === '/_cloud/clock' && (method === 'GET' || method === 'POST')) return clockRoute(req, res, method)
    if (method === 'GET' || method === 'HEAD') return staticRoute(req, res, pathname)
    throw new HttpError(404, 'NOT_FOUND', 'not found')
  }

  return (req, res) => {
    route(req, res).catch((e: unknown) => {
      if (res.headersSent) {
        res.destroy()
        return
      }
      if (e instanceof HttpError) {
        // An unread request body would otherwise be parsed as the next request on this connection.
        if (!req.complete) res.setHeader('connection', 'close')
        sendJson(res, e.status, { ok: false, code: e.code, message: e.message }, CORS_HEADERS)
        return
      }
      log(`local cloud: ${req.method} ${req.url} failed: ${(e as Error).stack ?? String(e)}`)
      sendJson(res, 500, { ok: false, code: 'INTERNAL', message: (e as Error).message ?? String(e) }, CORS_HEADERS)
    })
  }
}
