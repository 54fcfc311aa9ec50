/**
 * Test-only harness: a loopback HTTP endpoint that answers the CloudBase database API from a local Database, and the
 * real wx-server-sdk pointed at it (the same hook the local cloud server uses; see shared notes "cloudbase-local").
 */
import { EventEmitter } from 'events'
import http from 'http'
import type { AddressInfo } from 'net'
import { CloudClock } from '../../../emulator/clock'
import { Database, loadCollectionSpecs, type CollectionSpec } from '../../../emulator/db'

/**
 * A handle of the real SDK as the conformance tests drive it: untyped on purpose. Its typings describe callback-style
 * overloads (`Promise<T> | void`) and leave commands and results loose, while these tests check what really comes back.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the suite's one untyped SDK handle, for the reason above
export type SdkHandle = any

export interface SdkHarness {
  db: Database
  /** The database's clock (serverDate, transaction deadlines): tests stop or advance it instead of patching Date. */
  clock: CloudClock
  /** `cloud.database()` of the real wx-server-sdk, talking HTTP to `db`. */
  sdb: SdkHandle
  cloud: SdkHandle
  close(): Promise<void>
}

export async function startSdk(options: { collections?: CollectionSpec[]; dataDir?: string } = {}): Promise<SdkHarness> {
  const clock = new CloudClock()
  const db = Database.open({ dataDir: options.dataDir ?? ':memory:', collections: options.collections ?? loadCollectionSpecs(), now: () => clock.now() })
  let seq = 0
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}')
      const answer = { ...db.handle(String(body.action), body), requestId: `local-${++seq}` }
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify(answer))
    })
  })
  server.keepAliveTimeout = 60_000
  // As in startCloud: hundreds of concurrent SDK requests queue on keep-alive sockets, each adding a 'connect' listener.
  const maxListeners = EventEmitter.defaultMaxListeners
  EventEmitter.defaultMaxListeners = Math.max(maxListeners, 1000)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo

  process.env.TCB_CONTEXT_CNFG = JSON.stringify({ URL: `http://127.0.0.1:${port}/admin` })
  process.env.TENCENTCLOUD = 'true'
  process.env.TENCENTCLOUD_SECRETID = 'fake'
  process.env.TENCENTCLOUD_SECRETKEY = 'fake'
  process.env.TCB_ENV = 'local'
  process.env.SILENCE = 'true'
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- required only once the environment above is in place, as a function process would load it
  const cloud: SdkHandle = require('wx-server-sdk')
  cloud.init({ env: 'local' })
  const sdb = cloud.database()

  return {
    db,
    clock,
    sdb,
    cloud,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
      db.close()
      EventEmitter.defaultMaxListeners = maxListeners
    }
  }
}
