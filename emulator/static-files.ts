/**
 * The H5 build, served the way a CDN in front of it would: compressed (brotli, else gzip) for text, cached for a
 * year when the file name carries a content hash (webpack's `app.8d867688.js` — a new build is a new name), and
 * revalidated with an ETag otherwise (index.html, so a new build shows up on the next load). A rider's phone on a
 * busy cell downloads a third of the bytes, and a second visit almost none.
 *
 * Compressed copies are made once per file version and kept in memory (the whole build is about a megabyte).
 */
import fs from 'fs'
import path from 'path'
import zlib from 'zlib'
import type { IncomingMessage, ServerResponse } from 'http'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'application/javascript; charset=utf-8',
  '.mjs': 'application/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8'
}

/** Already compressed formats gain nothing from another pass. */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.svg', '.txt', '.ico', '.ttf'])

/** `name.<8+ hex>.ext`: webpack's content hash, so the bytes behind this name never change. */
const HASHED = /\.[0-9a-f]{8,}\.[a-z0-9]+$/i

type Encoding = 'br' | 'gzip' | 'identity'

interface Variant {
  /** The file version it was made from. */
  etag: string
  body: Buffer
  encoding: Encoding
}

/** The encoding to send: brotli when the client takes it, else gzip, else none (q=0 means "not this one"). */
export function chooseEncoding(acceptEncoding: string | undefined): Encoding {
  const accepted = new Set(
    (acceptEncoding ?? '')
      .split(',')
      .map((part) => part.trim().split(';'))
      .filter(([, q]) => q === undefined || !/^q=0(\.0*)?$/.test(q.trim()))
      .map(([name]) => name.trim().toLowerCase())
  )
  if (accepted.has('br')) return 'br'
  if (accepted.has('gzip')) return 'gzip'
  return 'identity'
}

export class StaticFiles {
  private readonly variants = new Map<string, Variant>()

  constructor(private readonly root: string) {}

  /** Whether a build is there to serve. */
  ready(): boolean {
    return fs.existsSync(path.join(this.root, 'index.html'))
  }

  /** The file under the root for a URL path, or undefined (outside the root, missing, a directory). */
  resolve(urlPath: string): { file: string; stat: fs.Stats } | undefined {
    const rel = urlPath === '/' ? '/index.html' : urlPath
    const file = path.resolve(this.root, '.' + rel)
    if (!file.startsWith(path.resolve(this.root) + path.sep)) return undefined
    const stat = fs.statSync(file, { throwIfNoEntry: false })
    return stat?.isFile() ? { file, stat } : undefined
  }

  serve(req: IncomingMessage, res: ServerResponse, found: { file: string; stat: fs.Stats }): void {
    const { file, stat } = found
    const ext = path.extname(file).toLowerCase()
    const etag = `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`
    const headers: Record<string, string | number> = {
      'content-type': TYPES[ext] ?? 'application/octet-stream',
      'cache-control': HASHED.test(path.basename(file)) ? 'public, max-age=31536000, immutable' : 'no-cache',
      etag
    }
    if (COMPRESSIBLE.has(ext)) headers.vary = 'accept-encoding'
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers)
      res.end()
      return
    }
    const encoding = COMPRESSIBLE.has(ext) ? chooseEncoding(req.headers['accept-encoding']) : 'identity'
    const variant = this.variant(file, etag, encoding)
    if (variant.encoding !== 'identity') headers['content-encoding'] = variant.encoding
    headers['content-length'] = variant.body.length
    res.writeHead(200, headers)
    res.end(req.method === 'HEAD' ? undefined : variant.body)
  }

  private variant(file: string, etag: string, encoding: Encoding): Variant {
    // One copy per file and encoding: a rebuilt file replaces its stale copy.
    const key = `${file}\n${encoding}`
    const known = this.variants.get(key)
    if (known?.etag === etag) return known
    const raw = fs.readFileSync(file)
    const body =
      encoding === 'br'
        ? zlib.brotliCompressSync(raw, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: raw.length } })
        : encoding === 'gzip'
          ? zlib.gzipSync(raw, { level: 9 })
          : raw
    // A compressed copy larger than the file (tiny files) is not worth its header.
    const variant: Variant = body.length < raw.length ? { etag, body, encoding } : { etag, body: raw, encoding: 'identity' }
    this.variants.set(key, variant)
    return variant
  }
}
