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
  const fn = await cloud.call('fx-dbops', { marker: 'from-function' }, 'u1')
  expect(fn.status).toBe(200)
  const { stdout } = await run(process.execPath, ['-e', CLIENT], {
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
  const out = JSON.parse(stdout)
  expect(out.fromFunction).toHaveLength(1)
  expect(out.fromFunction[0]).toMatchObject({ _id: fn.body.id, marker: 'from-function' })
  expect(out.big).toBe(1)
  // And what the child wrote is in the store and visible to any other SDK client.
  expect(cloud.db.find('audit', { _id: out.id })[0]).toMatchObject({ marker: 'from-child', n: 5 })
  const seen = await cloud.sdkDatabase().collection('audit').where({ marker: 'from-child' }).count()
  expect((seen as { total: number }).total).toBe(1)
})
