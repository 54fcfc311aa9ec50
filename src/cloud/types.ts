import type { ActionInput, ActionName, ActionOutput, Fail, FunctionName, Result } from '@core/api'

/** Calls one action of one cloud function; never throws — transport problems come back as a Fail too. */
export type CallFn = <F extends FunctionName, A extends ActionName<F>>(
  fn: F,
  action: A,
  input: ActionInput<F, A>
) => Promise<Result<ActionOutput<F, A>>>

/**
 * Uploads a local image (a temp path on weapp, a blob: URL from Taro.chooseImage on H5) into `folder` of cloud storage
 * under a fresh random name, so uploads never overwrite each other. `onProgress` hears the percentage sent (0–100),
 * for a photo that takes a while on a weak connection.
 */
export type UploadFileFn = (localPath: string, folder: string, onProgress?: (percent: number) => void) => Promise<Result<{ fileID: string }>>

/** Something an <Image src> can show for a cloud file id (or an https URL, passed through). */
export type FileUrlFn = (fileID: string) => string

export const NETWORK_MESSAGE = '网络不太好，请稍后重试'
export const SERVER_MESSAGE = '服务暂时出了点问题，请稍后重试'

export const networkFail = (): Fail => ({ ok: false, code: 'INTERNAL', message: NETWORK_MESSAGE })
export const serverFail = (): Fail => ({ ok: false, code: 'INTERNAL', message: SERVER_MESSAGE })

/** A function's reply is trusted only if it has the result envelope; anything else is reported as a server fault. */
export function asResult<T>(value: unknown): Result<T> {
  if (typeof value === 'object' && value !== null && 'ok' in value) {
    const r = value as { ok: unknown; data?: unknown; code?: unknown; message?: unknown }
    if (r.ok === true) return value as Result<T>
    if (r.ok === false && typeof r.code === 'string' && typeof r.message === 'string') return value as Result<T>
  }
  return serverFail()
}

const IMAGE_EXTENSIONS: Record<string, string> = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif', 'image/webp': 'webp' }

/** `folder/<time>-<random>.<ext>`; the extension comes from the file name, else its MIME type, else jpg. */
export function newFilePath(folder: string, name: string, mimeType = ''): string {
  const fromName = /\.(png|jpe?g|gif|webp)$/i.exec(name)?.[1]?.toLowerCase()
  const ext = (fromName === 'jpeg' ? 'jpg' : fromName) ?? IMAGE_EXTENSIONS[mimeType] ?? 'jpg'
  const rand = Math.random().toString(36).slice(2, 10)
  return `${folder.replace(/\/+$/, '')}/${Date.now()}-${rand}.${ext}`
}
