/**
 * The local cloud's store: indexed lookups, persistence across reopen, index rebuilds, reset, and durability of an
 * acknowledged write across `kill -9` (SQLite WAL, synchronous=NORMAL).
 */
import { spawn } from 'child_process'
import fs from 'fs'
import { createRequire } from 'module'
import os from 'os'
import path from 'path'
import { pathToFileURL } from 'url'
import { Database, loadCollectionSpecs, type CollectionSpec } from '../../emulator/db'

const REPO = path.resolve(__dirname, '..', '..')
const tmpDirs: string[] = []
function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'youlin-db-'))
  tmpDirs.push(d)
  return d
}
afterAll(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true })
})

const sessionsSpec: CollectionSpec[] = [
  { name: 'sessions', indexes: [{ name: 'courseId_startAt', keys: { courseId: 1, startAt: 1 } }, { name: 'startAt', keys: { startAt: 1 } }] },
  { name: 'users', indexes: [{ name: 'roles', keys: { roles: 1 } }] }
]

describe('indexed reads', () => {
  let db: Database
  beforeAll(() => {
    db = Database.open({ dataDir: ':memory:', collections: sessionsSpec })
    db.insert('sessions', Array.from({ length: 5000 }, (_x, i) => ({ _id: `s${i}`, courseId: `c${i % 100}`, startAt: 1_700_000_000_000 + i, booked: i % 31 })))
    db.insert('users', [{ _id: 'u1', roles: ['organizer', 'admin'] }, { _id: 'u2', roles: [] }, { _id: 'u3' }])
  })
  afterAll(() => db.close())

  const examined = (fn: () => unknown): number => {
    const before = db.docsExamined
    fn()
    return db.docsExamined - before
  }

  test('equality and $in on _id read only those documents', () => {
    expect(db.explain('sessions', { _id: 's42' })).toBe('_id')
    expect(examined(() => expect(db.find('sessions', { _id: 's42', booked: { $lt: 100 } })).toHaveLength(1))).toBe(1)
    expect(examined(() => expect(db.find('sessions', { _id: { $in: ['s1', 's2', 'nope'] } })).toHaveLength(2))).toBe(2)
  })

  test('equality on the first key of a declared index reads only matching documents', () => {
    expect(db.explain('sessions', { courseId: 'c7' })).toBe('index:courseId_startAt')
    expect(examined(() => expect(db.find('sessions', { courseId: 'c7', startAt: { $gte: 0 } })).toHaveLength(50))).toBe(50)
    expect(examined(() => expect(db.count('sessions', { courseId: { $in: ['c1', 'c2'] } })).toBe(100))).toBe(100)
    expect(examined(() => expect(db.find('sessions', { $and: [{ startAt: 1_700_000_000_010 }, { booked: { $gte: 0 } }] })).toHaveLength(1))).toBe(1)
  })

  test('array fields are indexed by element (multikey), like MongoDB', () => {
    expect(db.explain('users', { roles: 'organizer' })).toBe('index:roles')
    expect(db.find('users', { roles: 'organizer' }).map((u) => u._id)).toEqual(['u1'])
  })

  test('queries without a usable index scan, and still answer correctly', () => {
    expect(db.explain('sessions', { booked: 30 })).toBe('scan')
    expect(db.explain('sessions', { startAt: { $gt: 0 } })).toBe('scan')
    expect(examined(() => expect(db.count('sessions', { booked: 30 })).toBe(161))).toBe(5000)
  })

  test('index entries follow updates and removals', () => {
    db.update('sessions', { _id: 's0' }, { $set: { courseId: 'moved' } })
    expect(db.find('sessions', { courseId: 'moved' }).map((s) => s._id)).toEqual(['s0'])
    expect(db.find('sessions', { courseId: 'c0' })).toHaveLength(49)
    db.remove('sessions', { _id: 's0' })
    expect(db.find('sessions', { courseId: 'moved' })).toHaveLength(0)
  })
})

describe('persistence', () => {
  test('documents and indexes survive close and reopen', () => {
    const dir = tmpDir()
    const db1 = Database.open({ dataDir: dir, collections: sessionsSpec })
    db1.insert('sessions', [{ _id: 'a', courseId: 'c1', startAt: 1, at: new Date(5) }])
    db1.close()
    const db2 = Database.open({ dataDir: dir, collections: sessionsSpec })
    expect(db2.find('sessions', { courseId: 'c1' })).toEqual([{ _id: 'a', courseId: 'c1', startAt: 1, at: new Date(5) }])
    expect(fs.existsSync(path.join(dir, 'store.sqlite'))).toBe(true)
    db2.close()
  })

  test('a changed index declaration rebuilds its entries; a new unique index over duplicates fails loudly', () => {
    const dir = tmpDir()
    const db1 = Database.open({ dataDir: dir, collections: [{ name: 'tags' }] })
    db1.insert('tags', [{ code: 'x' }, { code: 'x' }, { code: 'y' }])
    db1.close()
    const db2 = Database.open({ dataDir: dir, collections: [{ name: 'tags', indexes: [{ name: 'code', keys: { code: 1 } }] }] })
    expect(db2.explain('tags', { code: 'x' })).toBe('index:code')
    expect(db2.count('tags', { code: 'x' })).toBe(2)
    db2.close()
    expect(() => Database.open({ dataDir: dir, collections: [{ name: 'tags', indexes: [{ name: 'code', keys: { code: 1 }, unique: true }] }] })).toThrow(
      /DATABASE_DUPLICATE_WRITE/
    )
  })

  test('reset() drops all documents but keeps the collections', () => {
    const db = Database.open({ dataDir: ':memory:', collections: loadCollectionSpecs() })
    db.insert('users', [{ _id: 'u' }])
    db.insert('taxonomy', [{ code: 'a' }])
    db.reset()
    expect(db.count('users')).toBe(0)
    expect(db.collections()).toContain('taxonomy')
    db.insert('taxonomy', [{ code: 'a' }])
    db.close()
  })

  test('contentDigests() changes with any stored byte of a collection, and only with that collection; rowWrites counts writes', () => {
    const db = Database.open({ dataDir: ':memory:', collections: sessionsSpec })
    db.insert('sessions', [{ _id: 's1', booked: 1 }, { _id: 's2', booked: 2 }])
    db.insert('users', [{ _id: 'u1', roles: [] }])
    const before = db.contentDigests()
    expect(Object.keys(before)).toEqual(['sessions', 'users'])
    const writes = db.rowWrites
    db.find('sessions', { booked: { $gt: 0 } })
    expect(db.rowWrites).toBe(writes)
    // The same value written again keeps the bytes; a changed field, a new document or a removal does not.
    db.update('sessions', { _id: 's1' }, { $set: { booked: 1 } })
    expect(db.contentDigests()).toEqual(before)
    db.update('sessions', { _id: 's1' }, { $set: { booked: 3 } })
    expect(db.rowWrites).toBeGreaterThan(writes)
    const changed = db.contentDigests()
    expect(changed.sessions).not.toBe(before.sessions)
    expect(changed.users).toBe(before.users)
    db.update('sessions', { _id: 's1' }, { $set: { booked: 1 } })
    expect(db.contentDigests()).toEqual(before)
    db.insert('users', [{ _id: 'u2' }])
    expect(db.contentDigests().users).not.toBe(before.users)
    db.remove('users', { _id: 'u2' })
    expect(db.contentDigests()).toEqual(before)
    db.close()
  })

  test('collections.json declares the data model collections with valid indexes', () => {
    const names = loadCollectionSpecs().map((c) => c.name)
    for (const c of ['users', 'venues', 'courses', 'sessions', 'bookings', 'surveys', 'responses', 'needs', 'organizations', 'resources', 'services', 'referrals', 'outbox', 'taxonomy', 'audit', 'files']) {
      expect(names).toContain(c)
    }
  })
})

describe('durability', () => {
  test('every acknowledged write survives kill -9 of the process', async () => {
    const dir = tmpDir()
    const script = path.join(dir, 'writer.ts')
    // The child writes as fast as it can and acknowledges each write on stdout only after Database returned.
    fs.writeFileSync(
      script,
      `import { Database } from ${JSON.stringify(path.join(REPO, 'emulator/db'))}
const db = Database.open({ dataDir: ${JSON.stringify(path.join(dir, 'data'))}, collections: [{ name: 'acks' }, { name: 'counter' }] })
db.insert('counter', [{ _id: 'c', n: 0 }])
process.stdout.write('ready\\n')
for (let i = 0; i < 200000; i++) {
  db.insert('acks', [{ _id: 'k' + i, i }])
  db.update('counter', { _id: 'c' }, { $inc: { n: 1 } })
  process.stdout.write('ack ' + i + '\\n')
}
`
    )
    // The tsx loader runs inside this very process (no wrapper process), so SIGKILL hits the writer itself.
    const child = spawn(process.execPath, ['--import', pathToFileURL(createRequire(__filename).resolve('tsx')).href, script], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let lastAck = -1
    let buffered = ''
    let stderr = ''
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)))
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (c: Buffer) => {
        buffered += c.toString()
        const lines = buffered.split('\n')
        buffered = lines.pop() ?? ''
        for (const line of lines) if (line.startsWith('ack ')) lastAck = Number(line.slice(4))
        if (lastAck >= 300) {
          child.kill('SIGKILL')
          resolve()
        }
      })
      child.on('exit', () => reject(new Error(`writer exited early: ${stderr}`)))
    }).catch((e) => {
      if (lastAck < 300) throw e
    })
    expect(await exited).toBe('SIGKILL')
    const db = Database.open({ dataDir: path.join(dir, 'data'), collections: [{ name: 'acks' }, { name: 'counter' }] })
    const stored = db.count('acks')
    expect(stored).toBeGreaterThanOrEqual(lastAck + 1)
    expect(db.find('acks', { _id: 'k' + lastAck })).toHaveLength(1)
    expect(db.find('counter', { _id: 'c' })[0].n).toBeGreaterThanOrEqual(lastAck + 1)
    db.close()
  }, 30_000)
})
