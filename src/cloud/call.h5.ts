/** The cloud client in a browser: the local cloud over HTTP on the same origin (see DESIGN.md §3). */
import Taro from '@tarojs/taro'
import { asResult, networkFail, newFilePath, serverFail, type CallFn, type FileUrlFn, type UploadFileFn } from './types'

const IDENTITY_KEY = 'youlin.h5.openid'
const SESSION_KEY = 'youlin.h5.session'
const IDENTITY_PATTERN = /^[A-Za-z0-9_-]{1,64}$/
/** A signed session from a sign-in link: `v1.<openid>.<expiresAt>.<signature>` (emulator/session.ts). */
const SESSION_PATTERN = /^v1\.([A-Za-z0-9_-]{1,128})\.\d{1,16}\.[A-Za-z0-9_-]+$/

/** A parameter of the page address, in the query or in the hash route's query (the hash router keeps page queries after `#/pages/...?`). */
function addressParam(name: string): string | null {
  const fromSearch = new URLSearchParams(window.location.search).get(name)
  const hashQuery = window.location.hash.split('?')[1] ?? ''
  return fromSearch ?? new URLSearchParams(hashQuery).get(name)
}

function requestedIdentity(): string | undefined {
  const as = addressParam('as')
  return as && IDENTITY_PATTERN.test(as) ? as : undefined
}

/**
 * The signed session this browser holds, if any. A sign-in link (`?session=<token>`, printed by `npm start` when the
 * local cloud signs sessions) replaces it; `?as=` drops it, going back to the header identity.
 */
function currentSession(): string | undefined {
  const fromLink = addressParam('session')
  if (fromLink && SESSION_PATTERN.test(fromLink)) {
    Taro.setStorageSync(SESSION_KEY, fromLink)
    return fromLink
  }
  if (requestedIdentity()) {
    Taro.removeStorageSync(SESSION_KEY)
    return undefined
  }
  const stored: unknown = Taro.getStorageSync(SESSION_KEY)
  return typeof stored === 'string' && SESSION_PATTERN.test(stored) ? stored : undefined
}

function randomId(): string {
  const bytes = new Uint8Array(12)
  crypto.getRandomValues(bytes)
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

/**
 * A browser has no WeChat login, so each device keeps a pseudo openid (`h5-<random>`), made once and stored locally.
 * Dev/demo convenience: `?as=demo-organizer` (any openid) switches to that identity and is remembered. The local cloud
 * trusts this header only while it listens on loopback alone; it is not an authentication mechanism and the production
 * build on weapp never uses it. With a signed session, the openid is the one the session vouches for.
 */
export function currentOpenid(): string {
  const session = currentSession()
  if (session) return SESSION_PATTERN.exec(session)?.[1] ?? ''
  const requested = requestedIdentity()
  if (requested) {
    Taro.setStorageSync(IDENTITY_KEY, requested)
    return requested
  }
  const stored: unknown = Taro.getStorageSync(IDENTITY_KEY)
  if (typeof stored === 'string' && IDENTITY_PATTERN.test(stored)) return stored
  const made = `h5-${randomId()}`
  Taro.setStorageSync(IDENTITY_KEY, made)
  return made
}

async function send(url: string, init: RequestInit): Promise<Response | undefined> {
  try {
    return await fetch(url, init)
  } catch {
    return undefined
  }
}

/** Who the caller is, as the local cloud wants to hear it: the signed session when there is one, else the openid. */
function identityHeaders(): Record<string, string> {
  const session = currentSession()
  return session ? { 'x-cloud-session': session } : { 'x-wx-openid': currentOpenid() }
}

async function readResult<T>(res: Response | undefined) {
  if (!res) return networkFail()
  // A refused identity (expired session, header not accepted) says what to do; other failures stay generic.
  if (res.status === 401) return asResult<T>(await res.json().catch(() => undefined))
  if (!res.ok) return serverFail()
  try {
    return asResult<T>(await res.json())
  } catch {
    return serverFail()
  }
}

export const call: CallFn = async (fn, action, input) => {
  const res = await send(`/functions/${encodeURIComponent(fn)}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...identityHeaders() },
    body: JSON.stringify({ ...(input as object), action })
  })
  return readResult(res)
}

/**
 * A PUT through XMLHttpRequest rather than fetch: only it reports how much of the body has gone out. Resolves with the
 * reply's status and text, or undefined when the request never got through.
 */
function putWithProgress(url: string, body: Blob, headers: Record<string, string>, onProgress?: (percent: number) => void): Promise<{ status: number; text: string } | undefined> {
  return new Promise((resolve) => {
    const xhr = new XMLHttpRequest()
    xhr.open('PUT', url)
    for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value)
    if (onProgress) {
      xhr.upload.onprogress = (e) => {
        if (e.lengthComputable && e.total > 0) onProgress(Math.min(100, Math.round((e.loaded * 100) / e.total)))
      }
    }
    xhr.onload = () => resolve({ status: xhr.status, text: xhr.responseText })
    xhr.onerror = () => resolve(undefined)
    xhr.ontimeout = () => resolve(undefined)
    xhr.send(body)
  })
}

export const uploadFile: UploadFileFn = async (localPath, folder, onProgress) => {
  const local = await send(localPath, {})
  if (!local?.ok) return networkFail()
  const blob = await local.blob()
  const cloudPath = newFilePath(folder, localPath, blob.type)
  const url = `/storage/files/${cloudPath.split('/').map(encodeURIComponent).join('/')}`
  const res = await putWithProgress(url, blob, { 'content-type': blob.type || 'application/octet-stream', ...identityHeaders() }, onProgress)
  if (!res) return networkFail()
  if (res.status < 200 || res.status >= 300) return serverFail()
  try {
    return asResult<{ fileID: string }>(JSON.parse(res.text))
  } catch {
    return serverFail()
  }
}

/** `cloud://<env>/<path>` is served by the local cloud at `/storage/files/<path>`. */
export const fileUrl: FileUrlFn = (fileID) => {
  const m = /^cloud:\/\/[^/]+\/(.+)$/.exec(fileID)
  return m ? `/storage/files/${m[1]}` : fileID
}
