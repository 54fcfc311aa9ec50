/**
 * Conformance: duplicate keys — a second insert of the same `_id`, and unique indexes declared in collections.json
 * (CloudBase 文档 › 错误码 › DATABASE_DUPLICATE_WRITE: "数据库写入失败，索引键重复，例如插入相同 _id 的数据").
 */
import { startSdk, type SdkHarness } from './support/sdk'

let h: SdkHarness

beforeAll(async () => {
  h = await startSdk()
})

afterAll(() => h.close())

test('a second add of the same _id fails with DATABASE_DUPLICATE_WRITE and keeps the first document', async () => {
  await h.sdb.collection('bookings').add({ data: { _id: 'sess1_rider', status: 'confirmed' } })
  const err = await h.sdb.collection('bookings').add({ data: { _id: 'sess1_rider', status: 'waitlisted' } }).catch((e: unknown) => e)
  // wx-server-sdk has no numeric code for DATABASE_DUPLICATE_WRITE and reports SYS_ERR (-501001); the text keeps the code.
  expect(err.errCode).toBe(-501001)
  expect(err.errMsg).toMatch(/\[DATABASE_DUPLICATE_WRITE\] E11000 duplicate key error collection: bookings index: _id_/)
  expect((await h.sdb.collection('bookings').doc('sess1_rider').get()).data.status).toBe('confirmed')
})

test('a batch add containing a duplicate inserts nothing', async () => {
  await expect(h.sdb.collection('bookings').add({ data: [{ _id: 'batch-new' }, { _id: 'sess1_rider' }] })).rejects.toThrow(/DATABASE_DUPLICATE_WRITE/)
  expect((await h.sdb.collection('bookings').where({ _id: 'batch-new' }).count()).total).toBe(0)
})

test('concurrent adds of one deterministic _id: exactly one succeeds', async () => {
  const results = await Promise.allSettled(
    Array.from({ length: 50 }, (_x, i) => h.sdb.collection('bookings').add({ data: { _id: 'hot_booking', n: i } }))
  )
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
  for (const r of results) if (r.status === 'rejected') expect(String(r.reason.errMsg)).toMatch(/DATABASE_DUPLICATE_WRITE/)
})

test('a unique compound index (responses: surveyId + clientId) rejects a second submission', async () => {
  await h.sdb.collection('responses').add({ data: { surveyId: 'sv1', clientId: 'c-1', answers: {} } })
  await h.sdb.collection('responses').add({ data: { surveyId: 'sv1', clientId: 'c-2', answers: {} } })
  await h.sdb.collection('responses').add({ data: { surveyId: 'sv2', clientId: 'c-1', answers: {} } })
  const err = await h.sdb.collection('responses').add({ data: { surveyId: 'sv1', clientId: 'c-1', answers: { q: 1 } } }).catch((e: unknown) => e)
  expect(err.errMsg).toMatch(/DATABASE_DUPLICATE_WRITE.*index: surveyId_clientId dup key: \{ surveyId: "sv1", clientId: "c-1" \}/)
  expect((await h.sdb.collection('responses').where({ surveyId: 'sv1' }).count()).total).toBe(2)
})

test('an update or set that would duplicate a unique key fails and changes nothing', async () => {
  const { _id } = await h.sdb.collection('taxonomy').add({ data: { code: 'health', name: '健康' } })
  await h.sdb.collection('taxonomy').add({ data: { _id: 'culture', code: 'culture', name: '文化' } })
  await expect(h.sdb.collection('taxonomy').doc('culture').update({ data: { code: 'health' } })).rejects.toThrow(/DATABASE_DUPLICATE_WRITE.*index: code/)
  await expect(h.sdb.collection('taxonomy').doc('culture').set({ data: { code: 'health', name: 'x' } })).rejects.toThrow(/DATABASE_DUPLICATE_WRITE/)
  expect((await h.sdb.collection('taxonomy').doc('culture').get()).data.code).toBe('culture')
  // Updating a document while keeping its own unique key is fine.
  expect((await h.sdb.collection('taxonomy').doc(_id).update({ data: { name: '健康服务' } })).stats.updated).toBe(1)
})

test('a unique key freed by a removal can be used again', async () => {
  await h.sdb.collection('taxonomy').add({ data: { _id: 'tmp-code', code: 'reuse' } })
  await h.sdb.collection('taxonomy').doc('tmp-code').remove()
  await expect(h.sdb.collection('taxonomy').add({ data: { code: 'reuse' } })).resolves.toHaveProperty('_id')
})

test('two transactions inserting the same unique key: the second commit fails with DATABASE_DUPLICATE_WRITE', async () => {
  const t1 = await h.sdb.startTransaction()
  const t2 = await h.sdb.startTransaction()
  await t1.collection('taxonomy').add({ data: { code: 'tx-dup' } })
  await t2.collection('taxonomy').add({ data: { code: 'tx-dup' } })
  await t1.commit()
  await expect(t2.commit()).rejects.toMatchObject({ code: 'DATABASE_DUPLICATE_WRITE' })
  expect((await h.sdb.collection('taxonomy').where({ code: 'tx-dup' }).count()).total).toBe(1)
})

test('the typed API enforces the same rules (used by seeding and the emulator itself)', () => {
  h.db.insert('files', [{ fileID: 'cloud://local/a.png', size: 1 }])
  expect(() => h.db.insert('files', [{ fileID: 'cloud://local/a.png', size: 2 }])).toThrow(/DATABASE_DUPLICATE_WRITE/)
  expect(h.db.count('files', { fileID: 'cloud://local/a.png' })).toBe(1)
})
