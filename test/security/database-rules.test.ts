/**
 * The database security rules (database.rules.json): clients read and write no collection directly — everything goes
 * through functions. The rules are checked in, carried to CloudBase by cloudbaserc.json, and enforced by the local
 * cloud on the client database path (`POST /client/database`) with CloudBase's DATABASE_PERMISSION_DENIED, while the
 * server SDK (`/admin`) is not subject to them. A temp copy of the rules that grants a read shows the enforcement
 * really reads the file.
 */
import fs from 'fs'
import os from 'os'
import path from 'path'
import { writeCloudbaserc } from '../../scripts/build/cloudbaserc'
import { collectionNames, readDatabaseRules, rulesProblems, DATABASE_RULES_FILE } from '../../scripts/build/database-rules'
import { REPO_ROOT } from '../../scripts/build/functions'
import { startTestCloud, type TestCloud } from '../support/cloud'

interface ClientAnswer {
  code?: string
  message?: string
  data?: { list?: unknown[]; total?: number; insertedIds?: string[] }
}

async function client(cloud: TestCloud, request: Record<string, unknown>, openid = 'demo-rider'): Promise<ClientAnswer> {
  const res = await cloud.request('POST', '/client/database', {
    body: JSON.stringify(request),
    headers: { 'content-type': 'application/json', 'x-wx-openid': openid }
  })
  expect(res.status).toBe(200)
  return JSON.parse(res.body.toString('utf8')) as ClientAnswer
}

const read = (collectionName: string) => ({ action: 'database.getDocument', collectionName, query: { openid: 'demo-rider' }, limit: 10 })
const DENIED = { code: 'DATABASE_PERMISSION_DENIED', message: '[DATABASE_PERMISSION_DENIED] Permission denied' }

describe('the checked-in rules', () => {
  test('every collection has a rule, and none lets a client read or write', () => {
    const rules = readDatabaseRules()
    expect(rulesProblems(rules, collectionNames())).toEqual([])
    for (const [collection, rule] of Object.entries(rules)) expect([collection, rule]).toEqual([collection, { read: false, write: false }])
  })

  test('they deploy with the functions: cloudbaserc.json gives every collection its rule', () => {
    const rc = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'cloudbaserc.json'), 'utf8')) as {
      framework: { plugins: { database: { use: string; inputs: { collections: { collectionName: string; aclTag: string; aclRule: unknown }[] } } } }
    }
    const plugin = rc.framework.plugins.database
    expect(plugin.use).toBe('@cloudbase/framework-plugin-database')
    const rules = readDatabaseRules()
    expect(plugin.inputs.collections.map((c) => [c.collectionName, c.aclTag, c.aclRule])).toEqual(collectionNames().map((c) => [c, 'CUSTOM', rules[c]]))
  })

  test('a collection without a rule, a stray rule or a malformed one fails the build', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rules-'))
    try {
      const file = path.join(tmp, 'cloudbaserc.json')
      expect(() => writeCloudbaserc([], file, { collections: ['users', 'bookings'], rules: { users: { read: false, write: false } } })).toThrow(
        /bookings has no security rule/
      )
      expect(() => writeCloudbaserc([], file, { collections: ['users'], rules: { users: { read: false }, usres: { read: false } } })).toThrow(/usres/)
      const bad = path.join(tmp, 'rules.json')
      fs.writeFileSync(bad, '{"users": {"read": false, "raed": true}}')
      expect(() => readDatabaseRules(bad)).toThrow(/users\.raed/)
      fs.writeFileSync(bad, '{"users": {"read": 1}}')
      expect(() => readDatabaseRules(bad)).toThrow(/true, false or an expression/)
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true })
    }
  })
})

describe('the local cloud under the checked-in rules', () => {
  let cloud: TestCloud
  beforeAll(async () => {
    cloud = await startTestCloud({ seed: true, functions: [] })
  })
  afterAll(() => cloud.close())

  test('a client read of any collection is refused as CloudBase refuses it', async () => {
    for (const collection of ['users', 'bookings', 'responses', 'referrals', 'needs']) {
      expect(await client(cloud, read(collection))).toMatchObject(DENIED)
    }
    expect(await client(cloud, { action: 'database.calculateDocument', collectionName: 'bookings', query: {} })).toMatchObject(DENIED)
    expect(await client(cloud, { action: 'database.aggregateDocuments', collectionName: 'users', stages: [] })).toMatchObject(DENIED)
  })

  test('client writes are refused and the store is unchanged', async () => {
    const before = JSON.stringify(cloud.db.find('users', {}))
    expect(await client(cloud, { action: 'database.insertDocument', collectionName: 'users', data: [{ _id: 'intruder', roles: ['admin'] }] })).toMatchObject(DENIED)
    const update = { action: 'database.modifyDocument', collectionName: 'users', query: { _id: 'demo-rider' }, data: { $set: { roles: ['admin'] } }, multi: false }
    expect(await client(cloud, update)).toMatchObject(DENIED)
    expect(await client(cloud, { ...update, action: 'database.modifyAndReturnDoc' })).toMatchObject(DENIED)
    expect(await client(cloud, { action: 'database.removeDocument', collectionName: 'users', query: {}, multi: true })).toMatchObject(DENIED)
    expect(JSON.stringify(cloud.db.find('users', {}))).toBe(before)
  })

  test('what clients cannot do at all (transactions, new collections) is refused too', async () => {
    expect(await client(cloud, { action: 'database.startTransaction', collectionName: 'users' })).toMatchObject(DENIED)
    expect(await client(cloud, { action: 'database.addCollection', collectionName: 'spy' })).toMatchObject(DENIED)
  })

  test('the server SDK is not subject to the rules', async () => {
    const users = (await cloud.sdkDatabase().collection('users').where({ _id: 'demo-rider' }).get()) as { data: unknown[] }
    expect(users.data).toHaveLength(1)
  })
})

describe('the local cloud reads the rules file', () => {
  let cloud: TestCloud
  let tmp: string
  let rulesFile: string
  const writeRules = (users: object) => {
    const rules = { ...readDatabaseRules(DATABASE_RULES_FILE), users }
    fs.writeFileSync(rulesFile, JSON.stringify(rules, null, 2))
  }

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rules-'))
    rulesFile = path.join(tmp, 'database.rules.json')
    writeRules({ read: true, write: false })
    cloud = await startTestCloud({ seed: true, functions: [], doors: { rulesFile } })
  })
  afterAll(async () => {
    await cloud.close()
    fs.rmSync(tmp, { recursive: true, force: true })
  })

  test('a rule that grants reading users lets a client read users, and only read them', async () => {
    const answer = await client(cloud, { ...read('users'), query: { _id: 'demo-rider' } })
    expect(answer.code).toBeUndefined()
    expect(answer.data?.list).toHaveLength(1)
    expect(await client(cloud, read('bookings'))).toMatchObject(DENIED)
    expect(await client(cloud, { action: 'database.insertDocument', collectionName: 'users', data: [{ _id: 'x' }] })).toMatchObject(DENIED)
  })

  test('an edit of the file takes effect on the next request', async () => {
    writeRules({ read: false, write: false, create: false })
    expect(await client(cloud, { ...read('users'), query: { _id: 'demo-rider' } })).toMatchObject(DENIED)
  })

  test('an expression rule is not evaluated locally and grants nothing', async () => {
    writeRules({ read: 'doc._openid == auth.openid', write: false })
    expect(await client(cloud, { ...read('users'), query: { _id: 'demo-rider' } })).toMatchObject(DENIED)
  })
})
