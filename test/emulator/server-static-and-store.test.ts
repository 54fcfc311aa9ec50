/**
 * DESIGN.md §3 ⚑: `npm start` serves the H5 build at `/`; the store lives in CLOUD_DATA (a directory) and survives a
 * restart, files included; `npm run seed -- --reset` restores the demo data (here through POST /_cloud/seed).
 */
import fs from 'fs'
import http from 'http'
import os from 'os'
import path from 'path'
import zlib from 'zlib'
import { startCloud, type LocalCloud } from '../../emulator'

let tmp: string
let cloud: LocalCloud | undefined

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'youlin-static-'))
})

afterEach(async () => {
  await cloud?.close()
  cloud = undefined
  fs.rmSync(tmp, { recursive: true, force: true })
})

const start = (options: Parameters<typeof startCloud>[0]) => startCloud({ port: 0, functionsDir: [], log: () => undefined, ...options })

async function get(url: string) {
  const res = await fetch(url)
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() }
}

/** A GET with the path sent as written (fetch would resolve `..` first). */
function rawGet(port: number, rawPath: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: rawPath }, (res) => {
      res.resume()
      resolve(res.statusCode ?? 0)
    }).on('error', reject)
  })
}

test('the H5 build is served at / with content types; paths outside it are not', async () => {
  const h5 = path.join(tmp, 'h5')
  fs.mkdirSync(path.join(h5, 'js'), { recursive: true })
  fs.writeFileSync(path.join(h5, 'index.html'), '<!doctype html><title>友邻空间</title>')
  fs.writeFileSync(path.join(h5, 'js', 'app.1234.js'), 'console.log(1)')
  fs.writeFileSync(path.join(tmp, 'secret.txt'), 'no')
  cloud = await start({ dataDir: ':memory:', staticDir: h5 })
  expect(await get(`${cloud.url}/`)).toEqual({ status: 200, type: 'text/html; charset=utf-8', text: '<!doctype html><title>友邻空间</title>' })
  expect(await get(`${cloud.url}/js/app.1234.js`)).toMatchObject({ status: 200, type: 'application/javascript; charset=utf-8' })
  expect((await get(`${cloud.url}/js/missing.js`)).status).toBe(404)
  expect(await rawGet(cloud.port, '/%2E%2E/secret.txt')).toBe(404)
  expect(await rawGet(cloud.port, '/js/../../secret.txt')).toBe(404)
  expect(await rawGet(cloud.port, '/js/../index.html')).toBe(200)
})

/** A GET with its own headers, answered raw (fetch would decompress and hide content-encoding). */
function rawRequest(port: number, urlPath: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: urlPath, headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
    }).on('error', reject)
  })
}

test('the H5 build goes out compressed, cached for a year when its name is hashed, revalidated otherwise', async () => {
  const h5 = path.join(tmp, 'h5')
  fs.mkdirSync(path.join(h5, 'js'), { recursive: true })
  const script = `window.courses = ${JSON.stringify(Array.from({ length: 200 }, (_, i) => ({ title: '瑜伽课', i })))}`
  fs.writeFileSync(path.join(h5, 'index.html'), `<!doctype html><title>友邻空间</title>${'<p>课程</p>'.repeat(100)}`)
  fs.writeFileSync(path.join(h5, 'js', 'app.8d867688.js'), script)
  fs.writeFileSync(path.join(h5, 'logo.png'), Buffer.alloc(2000, 7))
  cloud = await start({ dataDir: ':memory:', staticDir: h5 })

  const br = await rawRequest(cloud.port, '/js/app.8d867688.js', { 'accept-encoding': 'gzip, deflate, br' })
  expect(br.headers).toMatchObject({ 'content-encoding': 'br', 'cache-control': 'public, max-age=31536000, immutable', vary: 'accept-encoding' })
  expect(zlib.brotliDecompressSync(br.body).toString()).toBe(script)
  expect(br.body.length).toBeLessThan(script.length / 4)

  const gzip = await rawRequest(cloud.port, '/js/app.8d867688.js', { 'accept-encoding': 'gzip, br;q=0' })
  expect(gzip.headers['content-encoding']).toBe('gzip')
  expect(zlib.gunzipSync(gzip.body).toString()).toBe(script)

  const plain = await rawRequest(cloud.port, '/js/app.8d867688.js', {})
  expect(plain.headers['content-encoding']).toBeUndefined()
  expect(plain.body.toString()).toBe(script)

  const page = await rawRequest(cloud.port, '/', { 'accept-encoding': 'gzip' })
  expect(page.headers).toMatchObject({ 'content-encoding': 'gzip', 'cache-control': 'no-cache' })
  const again = await rawRequest(cloud.port, '/', { 'accept-encoding': 'gzip', 'if-none-match': String(page.headers.etag) })
  expect(again.status).toBe(304)
  expect(again.body.length).toBe(0)

  // Images are already compressed: sent as they are.
  const image = await rawRequest(cloud.port, '/logo.png', { 'accept-encoding': 'br' })
  expect(image.headers['content-encoding']).toBeUndefined()
  expect(image.body.length).toBe(2000)
})

test('without an H5 build, / says how to build it', async () => {
  cloud = await start({ dataDir: ':memory:', staticDir: path.join(tmp, 'missing') })
  const res = await get(`${cloud.url}/`)
  expect(res.status).toBe(404)
  expect(res.text).toContain('npm run build:h5')
})

test('a directory store keeps documents and files across a restart', async () => {
  const dataDir = path.join(tmp, 'store')
  cloud = await start({ dataDir })
  cloud.db.insert('audit', [{ _id: 'kept', note: '重启后仍在' }])
  const stored = cloud.storage.write('notes/a.txt', Buffer.from('hello'))
  await cloud.close()
  cloud = await start({ dataDir })
  expect(cloud.db.find('audit', { _id: 'kept' })[0].note).toBe('重启后仍在')
  const file = await get(`${cloud.url}/storage/files/notes/a.txt`)
  expect(file).toMatchObject({ status: 200, text: 'hello' })
  expect(fs.existsSync(path.join(dataDir, 'storage', 'notes', 'a.txt'))).toBe(true)
  expect(stored.fileID).toBe('cloud://local.6c6f-local-1250000000/notes/a.txt')
})

test('POST /_cloud/seed seeds an empty store once; {reset:true} wipes documents and files and reseeds', async () => {
  cloud = await start({ dataDir: ':memory:' })
  const seed = (body: object) => fetch(`${cloud!.url}/_cloud/seed`, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.json())
  const first = await seed({})
  expect(first.data.seeded).toBe(true)
  expect(first.data.counts.users).toBeGreaterThan(0)
  expect(cloud.db.count('users', { _id: 'demo-organizer' })).toBe(1)
  expect((await seed({})).data.seeded).toBe(false)
  cloud.db.insert('audit', [{ _id: 'extra' }])
  cloud.storage.write('tmp/x.txt', Buffer.from('x'))
  const again = await seed({ reset: true })
  expect(again.data.seeded).toBe(true)
  expect(cloud.db.count('audit', { _id: 'extra' })).toBe(0)
  expect(cloud.db.count('users')).toBe(first.data.counts.users)
  expect(cloud.storage.locate('tmp/x.txt')).toBeUndefined()
})

test('one local cloud per process: a second start is refused while the first runs', async () => {
  cloud = await start({ dataDir: ':memory:' })
  await expect(start({ dataDir: ':memory:' })).rejects.toThrow(/already running/)
})
