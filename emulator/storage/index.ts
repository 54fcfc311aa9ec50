/**
 * Cloud storage (云存储) of the local cloud: file bytes under `<dataDir>/storage/<cloudPath>`, one metadata document
 * per file in the `files` collection, served at `/storage/files/<cloudPath>`.
 *
 * It answers the storage actions wx-server-sdk 4.0.2 sends (node-sdk dist/storage/index.js):
 * `storage.getUploadMetadata` (then the SDK PUTs the bytes to the returned COS-style URL),
 * `storage.batchGetDownloadUrl` (getTempFileURL, downloadFile), `storage.batchDeleteFile` (deleteFile).
 */
import fs from 'fs'
import os from 'os'
import path from 'path'
import { randomBytes } from 'crypto'
import type { Database } from '../db'

/** The env part of a fileID; the real one is `<envId>.<hex of the first bucket letters>-<envId>-<appid>`. */
export const STORAGE_ENV = 'local.6c6f-local-1250000000'
const FILE_ID_PREFIX = `cloud://${STORAGE_ENV}/`
export const FILES_COLLECTION = 'files'
/** The limit of the browser upload endpoint. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024
const TICKET_TTL_MS = 10 * 60 * 1000

export function pathToFileId(cloudPath: string): string {
  return FILE_ID_PREFIX + cloudPath
}

/** The cloudPath of a local-cloud fileID, or undefined for anything else. */
export function fileIdToPath(fileID: string): string | undefined {
  if (typeof fileID !== 'string' || !fileID.startsWith(FILE_ID_PREFIX)) return undefined
  const cloudPath = fileID.slice(FILE_ID_PREFIX.length)
  return cloudPathProblem(cloudPath) ? undefined : cloudPath
}

/** Why a cloudPath is unacceptable, or undefined when it is fine. */
export function cloudPathProblem(cloudPath: string): string | undefined {
  if (typeof cloudPath !== 'string' || cloudPath === '') return 'cloudPath 不能为空'
  if (Buffer.byteLength(cloudPath) > 1024) return 'cloudPath 不能超过 1024 字节'
  if (cloudPath.startsWith('/')) return 'cloudPath 不能以 / 开头'
  // \ ? # and the ASCII controls (C0 and DEL); C1 controls pass.
  if (/(?![\u0080-\u009f])[\\?#\p{Cc}]/u.test(cloudPath)) return 'cloudPath 含有不允许的字符'
  if (cloudPath.split('/').some((s) => s === '' || s === '.' || s === '..')) return 'cloudPath 不能包含空目录、. 或 ..'
  return undefined
}

/** Encodes each segment, for URLs an HTTP client sends as they are. */
export function encodeCloudPath(cloudPath: string): string {
  return cloudPath.split('/').map(encodeURIComponent).join('/')
}

export interface StoredFile {
  _id: string
  fileID: string
  cloudPath: string
  size: number
  contentType: string
  /** Who uploaded it, when known. */
  openid?: string
  createdAt: number
  updatedAt: number
}

interface UploadTicket {
  cloudPath: string
  openid?: string
  expiresAt: number
}

const TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.pdf': 'application/pdf',
  '.mp3': 'audio/mpeg',
  '.mp4': 'video/mp4',
  '.csv': 'text/csv; charset=utf-8',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
}

export function contentTypeFor(name: string): string {
  return TYPES[path.extname(name).toLowerCase()] ?? 'application/octet-stream'
}

export class CloudStorage {
  readonly root: string
  private readonly temporary: boolean
  private readonly tickets = new Map<string, UploadTicket>()

  constructor(
    private readonly options: {
      /** A directory (files go to `<dataDir>/storage`) or ':memory:' (a temporary directory removed on close). */
      dataDir: string
      db: Database
      /** Where this cloud is reachable, for upload and temporary download URLs. */
      baseUrl: () => string
    }
  ) {
    this.temporary = options.dataDir === ':memory:'
    this.root = this.temporary ? fs.mkdtempSync(path.join(os.tmpdir(), 'youlin-storage-')) : path.join(options.dataDir, 'storage')
    fs.mkdirSync(this.root, { recursive: true })
  }

  private diskPath(cloudPath: string): string {
    return path.join(this.root, ...cloudPath.split('/'))
  }

  metadata(cloudPath: string): StoredFile | undefined {
    return this.options.db.find<StoredFile>(FILES_COLLECTION, { _id: cloudPath }, { limit: 1 })[0]
  }

  /** Stores bytes at cloudPath (replacing what was there) and returns the metadata. */
  write(cloudPath: string, data: Buffer, meta: { contentType?: string; openid?: string } = {}): StoredFile {
    const problem = cloudPathProblem(cloudPath)
    if (problem) throw new Error(problem)
    const file = this.diskPath(cloudPath)
    fs.mkdirSync(path.dirname(file), { recursive: true })
    // Write-then-rename, so a reader never sees half a file and a crash leaves the old one.
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.part`
    fs.writeFileSync(tmp, data)
    fs.renameSync(tmp, file)
    const now = this.options.db.now()
    const previous = this.metadata(cloudPath)
    const contentType = meta.contentType && meta.contentType !== 'application/octet-stream' ? meta.contentType : contentTypeFor(cloudPath)
    const doc: StoredFile = {
      _id: cloudPath,
      fileID: pathToFileId(cloudPath),
      cloudPath,
      size: data.length,
      contentType,
      ...(meta.openid ? { openid: meta.openid } : {}),
      createdAt: previous?.createdAt ?? now,
      updatedAt: now
    }
    this.options.db.remove(FILES_COLLECTION, { _id: cloudPath })
    this.options.db.insert(FILES_COLLECTION, [doc])
    return doc
  }

  /** The file's metadata and where its bytes are, if it exists. */
  locate(cloudPath: string): { meta: StoredFile; file: string } | undefined {
    if (cloudPathProblem(cloudPath)) return undefined
    const meta = this.metadata(cloudPath)
    const file = this.diskPath(cloudPath)
    if (!meta || !fs.existsSync(file)) return undefined
    return { meta, file }
  }

  remove(cloudPath: string): boolean {
    const found = this.locate(cloudPath)
    this.options.db.remove(FILES_COLLECTION, { _id: cloudPath })
    if (!found) return false
    fs.rmSync(found.file, { force: true })
    return true
  }

  /** Removes every stored file (used with a database reset, whose `files` collection is emptied too). */
  wipe(): void {
    for (const e of fs.readdirSync(this.root)) fs.rmSync(path.join(this.root, e), { recursive: true, force: true })
    this.tickets.clear()
  }

  close(): void {
    if (this.temporary) fs.rmSync(this.root, { recursive: true, force: true })
  }

  tempFileUrl(cloudPath: string): string {
    // Not percent-encoded: the SDK applies encodeURI itself before downloading (node-sdk downloadFile).
    return `${this.options.baseUrl()}/storage/files/${cloudPath}`
  }

  /**
   * For the COS-style PUT the SDK makes after getUploadMetadata: the ticket, if `token` was issued for cloudPath.
   * Tickets expire on the wall clock, not the cloud's: an upload takes real time, whatever day a test pretends it is.
   */
  redeemUploadTicket(cloudPath: string, token: string | undefined): UploadTicket | undefined {
    if (!token) return undefined
    const ticket = this.tickets.get(token)
    if (!ticket || ticket.cloudPath !== cloudPath || ticket.expiresAt < Date.now()) return undefined
    this.tickets.delete(token)
    return ticket
  }

  /**
   * The `storage.*` actions of the CloudBase API. Responses are the wire bodies (without requestId);
   * errors are `{code, message}` like the real service.
   */
  handle(action: string, params: Record<string, unknown>, caller: { openid?: string }): Record<string, unknown> {
    switch (action) {
      case 'storage.getUploadMetadata':
        return this.uploadMetadata(params.path, caller.openid)
      case 'storage.batchGetDownloadUrl':
        return this.downloadUrls(params.file_list)
      case 'storage.batchDeleteFile':
        return this.deleteFiles(params.fileid_list)
      default:
        return { code: 'INVALID_PARAM', message: `${action} is not emulated by the local cloud` }
    }
  }

  private uploadMetadata(cloudPath: unknown, openid: string | undefined): Record<string, unknown> {
    const problem = cloudPathProblem(cloudPath as string)
    if (problem) return { code: 'INVALID_PARAM', message: problem }
    const cp = cloudPath as string
    const now = Date.now()
    for (const [token, t] of this.tickets) if (t.expiresAt < now) this.tickets.delete(token)
    const token = randomBytes(16).toString('hex')
    this.tickets.set(token, { cloudPath: cp, openid, expiresAt: now + TICKET_TTL_MS })
    const url = `${this.options.baseUrl()}/storage/upload/${encodeCloudPath(cp)}`
    return {
      data: {
        url,
        token,
        authorization: `q-sign-algorithm=local&q-token=${token}`,
        fileId: pathToFileId(cp),
        cosFileId: `local-${token.slice(0, 12)}`,
        download_url: this.tempFileUrl(cp)
      }
    }
  }

  private downloadUrls(list: unknown): Record<string, unknown> {
    if (!Array.isArray(list)) return { code: 'INVALID_PARAM', message: 'file_list 必须是数组' }
    const download_list = list.map((item: { fileid?: string; max_age?: number }) => {
      const fileID = item?.fileid ?? ''
      const cloudPath = fileIdToPath(fileID)
      const found = cloudPath ? this.locate(cloudPath) : undefined
      if (!cloudPath || !found) return { fileID, tempFileURL: '', code: 'STORAGE_FILE_NONEXIST' }
      return { fileID, tempFileURL: this.tempFileUrl(cloudPath), code: 'SUCCESS', ...(item.max_age !== undefined ? { maxAge: item.max_age } : {}) }
    })
    return { data: { download_list } }
  }

  private deleteFiles(list: unknown): Record<string, unknown> {
    if (!Array.isArray(list)) return { code: 'INVALID_PARAM', message: 'fileid_list 必须是数组' }
    const delete_list = list.map((fileID: string) => {
      const cloudPath = fileIdToPath(fileID)
      return { fileID, code: cloudPath && this.remove(cloudPath) ? 'SUCCESS' : 'STORAGE_FILE_NONEXIST' }
    })
    return { data: { delete_list } }
  }
}
