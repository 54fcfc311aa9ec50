/**
 * DESIGN.md §3 ⚑: "The same server answers the CloudBase database API at http://127.0.0.1:${PORT}/admin, so any process
 * using the real wx-server-sdk (service URL pointed there, fake keys, TENCENTCLOUD=true) works on the same data as the
 * functions." The SDK reads the service URL from TCB_CONTEXT_CNFG (node-sdk utils/tcbcontext.js getServerInjectUrl).
 */
import { execFile } from 'child_process'
import { promisify } from 'util'
import { REPO_ROOT } from '../../emulator'
import { startTestCloud, type TestCloud } from '../support/cloud'

const run = promisify(execFile)
let cloud: TestCloud

/** Runs a script in a separate Node process whose real wx-server-sdk is pointed at the local cloud; returns its JSON. */
async function inChildProcess(script: string): Promise<unknown> {
  const { stdout } = await run(process.execPath, ['-e', script], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      TCB_CONTEXT_CNFG: JSON.stringify({ URL: `${cloud.url}/admin` }),
      TENCENTCLOUD: 'true',
      TENCENTCLOUD_SECRETID: 'fake',
      TENCENTCLOUD_SECRETKEY: 'fake',
      TCB_ENV: 'local',
      SILENCE: 'true'
    }
  })
  return JSON.parse(stdout)
}

beforeAll(async () => {
  cloud = await startTestCloud({ functions: ['fx-dbops'] })
})

afterAll(() => cloud.close())

/** A separate Node process with the real SDK, initialised the way function code is. */
const CLIENT = `
const cloud = require('wx-server-sdk')
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV })
const db = cloud.database()
const _ = db.command
;(async () => {
  const added = await db.collection('audit').add({ data: { marker: 'from-child', n: 5 } })
  const fromFunction = await db.collection('audit').where({ marker: 'from-function' }).get()
  const big = await db.collection('audit').where({ n: _.gte(5) }).count()
  process.stdout.write(JSON.stringify({ id: added._id, fromFunction: fromFunction.data, big: big.total }))
})().catch((e) => { console.error(e); process.exit(1) })
`

test('a child process with the real wx-server-sdk adds and queries the same store the functions use', async () => {
  const fn = await cloud.callUntyped('fx-dbops', { marker: 'from-function' }, 'u1')
  expect(fn.status).toBe(200)
  const out = (await inChildProcess(CLIENT)) as { fromFunction: unknown[]; big: number; id: string }
  expect(out.fromFunction).toHaveLength(1)
  expect(out.fromFunction[0]).toMatchObject({ _id: fn.body.id, marker: 'from-function' })
  expect(out.big).toBe(1)
  // And what the child wrote is in the store and visible to any other SDK client.
  expect(cloud.db.find('audit', { _id: out.id })[0]).toMatchObject({ marker: 'from-child', n: 5 })
  const seen = await cloud.sdkDatabase().collection('audit').where({ marker: 'from-child' }).count()
  expect((seen as { total: number }).total).toBe(1)
})

/** Issue 2 "Done when": the operations the booking and statistics code relies on, from outside any function. */
const OPERATIONS = `
const cloud = require('wx-server-sdk')
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV })
const db = cloud.database()
const _ = db.command
;(async () => {
  const sessions = db.collection('sessions')
  await sessions.add({ data: { _id: 'child-s1', courseId: 'child-c', capacity: 30, booked: 0, startAt: 1000 } })
  await sessions.add({ data: { _id: 'child-s2', courseId: 'child-c', capacity: 5, booked: 5, startAt: 2000 } })

  const withOperators = await sessions.where({ courseId: 'child-c', booked: _.lt(5), startAt: _.in([1000, 3000]) }).get()

  // 100 concurrent conditional increments on a 30-seat session.
  const tries = await Promise.all(Array.from({ length: 100 }, () =>
    sessions.where({ _id: 'child-s1', booked: _.lt(30) }).update({ data: { booked: _.inc(1) } })))
  const succeeded = tries.filter((r) => r.stats.updated === 1).length
  const afterBurst = (await sessions.doc('child-s1').get()).data.booked

  const grouped = await sessions.aggregate().match({ courseId: 'child-c' })
    .group({ _id: '$courseId', seats: db.command.aggregate.sum('$capacity'), booked: db.command.aggregate.sum('$booked') }).end()

  const moved = await db.runTransaction(async (t) => {
    const from = await t.collection('sessions').doc('child-s2').get()
    await t.collection('sessions').doc('child-s2').update({ data: { booked: from.data.booked - 1 } })
    await t.collection('sessions').doc('child-s1').update({ data: { note: 'moved one seat' } })
    return from.data.booked
  })
  const afterTransaction = (await sessions.doc('child-s2').get()).data.booked

  let duplicate = null
  try { await sessions.add({ data: { _id: 'child-s1', capacity: 1 } }) } catch (e) { duplicate = String(e.errMsg || e.message) }

  process.stdout.write(JSON.stringify({ withOperators: withOperators.data.map((d) => d._id), succeeded, afterBurst,
    grouped: grouped.list, moved, afterTransaction, duplicate }))
})().catch((e) => { console.error(e); process.exit(1) })
`

test('a child process can query with operators, conditionally increment, aggregate, transact and hit a duplicate key', async () => {
  const out = (await inChildProcess(OPERATIONS)) as Record<string, unknown>
  expect(out.withOperators).toEqual(['child-s1'])
  expect(out.succeeded).toBe(30)
  expect(out.afterBurst).toBe(30)
  expect(out.grouped).toEqual([{ _id: 'child-c', seats: 35, booked: 35 }])
  expect(out.moved).toBe(5)
  expect(out.afterTransaction).toBe(4)
  expect(out.duplicate).toMatch(/\[DATABASE_DUPLICATE_WRITE\] E11000 duplicate key error collection: sessions index: _id_ dup key: \{ _id: "child-s1" \}/)
  // Functions see the same store.
  expect(cloud.db.find('sessions', { _id: 'child-s1' })[0]).toMatchObject({ booked: 30, note: 'moved one seat' })
})
