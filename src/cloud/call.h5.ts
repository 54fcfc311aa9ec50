/** The cloud client in a browser: the local cloud over HTTP on the same origin (see DESIGN.md §3). */
import Taro from '@tarojs/taro'
import { asResult, networkFail, newFilePath, serverFail, type CallFn, type FileUrlFn, type UploadFileFn } from './types'

const IDENTITY_KEY = 'youlin.h5.openid'
const IDENTITY_PATTERN = /^[A-Za-z0-9_-]{1,64}$/

/** `?as=` in the query or in the hash route's query; the hash router keeps page queries after `#/pages/...?`. */
function requestedIdentity(): string | undefined {
  const fromSearch = new URLSearchParams(window.location.search).get('as')
  const hashQuery = window.location.hash.split('?')[1] ?? ''
  const as = fromSearch ?? new URLSearchParams(hashQuery).get('as')
  return as && IDENTITY_PATTERN.test(as) ? as : undefined
}

function randomId(): string {
  const bytes = new Uint8Array(12)
  crypto.getRandomValues(bytes)
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
}

/**
 * A browser has no WeChat login, so each device keeps a pseudo openid (`h5-<random>`), made once and stored locally.
 * Dev/demo convenience: `?as=demo-organizer` (any openid) switches to that identity and is remembered. The local cloud
 * trusts this header; it is not an authentication mechanism and the production build on weapp never uses it.
 */
export function currentOpenid(): string {
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

async function readResult<T>(res: Response | undefined) {
  if (!res) return networkFail()
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
    headers: { 'content-type': 'application/json', 'x-wx-openid': currentOpenid() },
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
  const res = await putWithProgress(url, blob, { 'content-type': blob.type || 'application/octet-stream', 'x-wx-openid': currentOpenid() }, onProgress)
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
