/**
 * Functions in worker-thread instances (`functionThreads`): everything the local cloud guarantees in its own thread
 * holds there too — identity per invocation, database requests credited to the invocation (and to its caller), the
 * invocation's clock, a throw reported as INTERNAL with the function's transaction gone — and instances share no
 * module state, take a rebuilt bundle and report a bundle that does not load.
 */
import fs from 'fs'
import os from 'os'
import path from 'path'
import { CloudClock } from '../../emulator/clock'
import { Database } from '../../emulator/db'
import { FunctionRunner } from '../../emulator/functions/runner'
import { buildFunctions } from '../../scripts/build/functions'
import { startTestCloud, type TestCloud } from '../support/cloud'
import { WEDNESDAY_10_00 } from '../support/instants'

describe('a local cloud with two instances per function', () => {
  let cloud: TestCloud

  beforeAll(async () => {
    cloud = await startTestCloud({ functions: ['fx-whoami', 'fx-dbops', 'fx-caller', 'fx-clock', 'fx-instance', 'fx-half-write'], functionThreads: 2 })
  })
  afterAll(() => cloud.close())

  test('concurrent callers each see their own OPENID, before and after a pause', async () => {
    const callers = Array.from({ length: 20 }, (_, i) => `worker-caller-${i}`)
    const replies = await Promise.all(callers.map((openid) => cloud.callUntyped('fx-whoami', { tag: openid, maxDelayMs: 30 }, openid)))
    replies.forEach((reply, i) => {
      expect(reply.status).toBe(200)
      expect(reply.body.before.OPENID).toBe(callers[i])
      expect(reply.body.context).toMatchObject({ OPENID: callers[i], SOURCE: 'wx_client', ENV: 'local' })
    })
  })

  test('database requests are counted per invocation, a caller’s including those of the function it called', async () => {
    const [direct, nested, other] = await Promise.all([
      cloud.callUntyped('fx-dbops', { marker: 'workers-direct' }, 'u1'),
      cloud.callUntyped('fx-caller', { target: 'fx-dbops', data: { marker: 'workers-nested' } }, 'u2'),
      cloud.callUntyped('fx-whoami', { tag: 'no-db' }, 'u3')
    ])
    expect(direct.body).toMatchObject({ marker: 'workers-direct', total: 1 })
    expect(direct.dbOps).toBe(3)
    expect(nested.body.result).toMatchObject({ marker: 'workers-nested', total: 1 })
    expect(nested.body.result.id).toEqual(expect.any(String))
    expect(nested.body.own).toMatchObject({ OPENID: 'u2', SOURCE: 'wx_client' })
    expect(nested.dbOps).toBe(3)
    expect(other.dbOps).toBe(0)
  })

  test('an invocation runs at the cloud’s clock', async () => {
    cloud.clock.set(WEDNESDAY_10_00)
    const { body } = await cloud.callUntyped('fx-clock', {}, 'u1')
    expect(body.localClockAt).toBe(WEDNESDAY_10_00)
    expect(body.serverDate).toBe(WEDNESDAY_10_00)
  })

  test('a function that throws answers INTERNAL with its message, is logged with its stack, and its open transaction is gone', async () => {
    const id = 'workers-half-write'
    const { status, body, dbOps } = await cloud.callUntyped('fx-half-write', { id }, 'u1')
    expect(status).toBe(500)
    expect(body).toEqual({ ok: false, code: 'INTERNAL', message: `died after writing ${id}` })
    expect(dbOps).toBe(2)
    expect(cloud.db.find('audit', { _id: id })).toEqual([])
    const logged = cloud.logs.find((l) => l.startsWith('cloud function fx-half-write failed'))
    expect(logged).toContain(`Error: died after writing ${id}`)
    expect(logged).toContain(path.join('fx-half-write', 'index.js'))
  })

  test('instances share no module state: each counts only the calls it took', async () => {
    const replies = await Promise.all(Array.from({ length: 20 }, () => cloud.callUntyped('fx-instance', { pauseMs: 50 })))
    const callsByInstance = new Map<string, number[]>()
    for (const { body } of replies) callsByInstance.set(body.instance, [...(callsByInstance.get(body.instance) ?? []), body.call])
    expect(callsByInstance.size).toBe(2)
    for (const calls of callsByInstance.values()) {
      expect([...calls].sort((a, b) => a - b)).toEqual(Array.from({ length: calls.length }, (_, i) => i + 1))
    }
  })
})

describe('instances and the bundle they run', () => {
  let tmp: string
  let src: string
  let out: string
  let db: Database
  let runner: FunctionRunner | undefined
  const logs: string[] = []

  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, text)
  }
  const counter = (version: number) => `let calls = 0\nexport async function main() { calls += 1; return { version: ${version}, calls } }\n`

  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'youlin-workers-'))
    src = path.join(tmp, 'src')
    out = path.join(tmp, 'out')
    db = Database.open({ dataDir: ':memory:', collections: [] })
    logs.length = 0
  })
  afterEach(async () => {
    await runner?.close()
    runner = undefined
    db.close()
    fs.rmSync(tmp, { recursive: true, force: true })
  })

  const start = async (): Promise<FunctionRunner> => {
    await buildFunctions({ sourceDir: src, outDir: out })
    runner = new FunctionRunner({ dirs: [out], db, clock: new CloudClock(), log: (line) => logs.push(line), threads: 1 })
    await runner.loadAll()
    return runner
  }

  test('after a rebuild, reload replaces the instances: the new bundle answers, with fresh module state', async () => {
    write(path.join(src, 'counter', 'index.ts'), counter(1))
    const r = await start()
    expect(await r.invoke('counter', {})).toMatchObject({ ok: true, result: { version: 1, calls: 1 } })
    expect(await r.invoke('counter', {})).toMatchObject({ ok: true, result: { version: 1, calls: 2 } })
    write(path.join(src, 'counter', 'index.ts'), counter(2))
    await buildFunctions({ sourceDir: src, outDir: out })
    r.reload('counter')
    expect(await r.invoke('counter', {})).toMatchObject({ ok: true, result: { version: 2, calls: 1 } })
  })

  test('a bundle that throws as it loads is reported at start, and each call fails with its error', async () => {
    write(path.join(src, 'broken', 'index.ts'), `if (!process.env.YOULIN_NEVER_SET) throw new Error('配置缺失')\nexport async function main() { return 1 }\n`)
    const r = await start()
    expect(logs.some((l) => l.startsWith('cloud function broken failed to load') && l.includes('配置缺失'))).toBe(true)
    const outcome = await r.invoke('broken', {})
    expect(outcome.ok).toBe(false)
    expect(!outcome.ok && outcome.error.message).toBe('配置缺失')
  })

  test('an instance that dies fails what it held and is replaced', async () => {
    write(path.join(src, 'exits', 'index.ts'), `export async function main(event: { exit?: boolean }) { if (event.exit) process.exit(3); return 'alive' }\n`)
    const r = await start()
    const died = await r.invoke('exits', { exit: true })
    expect(died.ok).toBe(false)
    expect(!died.ok && died.error.message).toContain('退出码 3')
    expect(await r.invoke('exits', {})).toMatchObject({ ok: true, result: 'alive' })
  })
})
