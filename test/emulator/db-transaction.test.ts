/**
 * Conformance: database transactions (云开发文档 › 数据库 › 事务 / CloudBase 文档 › 事务操作) through the real
 * wx-server-sdk, plus the local cloud's loud rule for where/count/aggregate inside a transaction (DESIGN §5).
 */
import { startSdk, type SdkHandle, type SdkHarness } from './support/sdk'

let h: SdkHarness
let _: SdkHandle

beforeAll(async () => {
  h = await startSdk({ collections: [{ name: 'acct' }, { name: 'log' }] })
  _ = h.sdb.command
})

afterAll(() => h.close())

let n = 0
async function account(balance: number): Promise<string> {
  const id = `a${++n}`
  await h.sdb.collection('acct').add({ data: { _id: id, balance } })
  return id
}
const balance = async (id: string) => (await h.sdb.collection('acct').doc(id).get()).data.balance

describe('事务 › 提交与回滚', () => {
  test('runTransaction applies every write at commit and returns the callback result (文档 › runTransaction)', async () => {
    const from = await account(100)
    const to = await account(0)
    const result = await h.sdb.runTransaction(async (t: SdkHandle) => {
      const src = (await t.collection('acct').doc(from).get()).data
      await t.collection('acct').doc(from).update({ data: { balance: _.inc(-30) } })
      await t.collection('acct').doc(to).update({ data: { balance: _.inc(30) } })
      await t.collection('log').add({ data: { _id: `move-${from}`, amount: 30 } })
      return src.balance
    })
    expect(result).toBe(100)
    expect(await balance(from)).toBe(70)
    expect(await balance(to)).toBe(30)
    expect((await h.sdb.collection('log').doc(`move-${from}`).get()).data.amount).toBe(30)
  })

  test('writes are invisible outside until commit; the transaction sees its own writes (文档 › startTransaction, commit)', async () => {
    const id = await account(10)
    const t = await h.sdb.startTransaction()
    await t.collection('acct').doc(id).update({ data: { balance: 11 } })
    await t.collection('acct').doc(`new-${id}`).set({ data: { balance: 1 } })
    expect((await t.collection('acct').doc(id).get()).data.balance).toBe(11)
    expect(await balance(id)).toBe(10)
    await expect(h.sdb.collection('acct').doc(`new-${id}`).get()).rejects.toThrow(/does not exist/)
    await t.commit()
    expect(await balance(id)).toBe(11)
    expect(await balance(`new-${id}`)).toBe(1)
  })

  test('rollback discards the writes (文档 › Transaction.rollback)', async () => {
    const id = await account(10)
    const t = await h.sdb.startTransaction()
    await t.collection('acct').doc(id).update({ data: { balance: 0 } })
    await t.collection('acct').doc(id).remove()
    await t.collection('log').add({ data: { _id: `never-${id}` } })
    await t.rollback()
    expect(await balance(id)).toBe(10)
    expect((await h.sdb.collection('log').where({ _id: `never-${id}` }).count()).total).toBe(0)
  })

  test('rollback(reason) inside runTransaction rejects with the reason and writes nothing (文档 › runTransaction)', async () => {
    const id = await account(10)
    const outcome = await h.sdb.runTransaction(async (t: SdkHandle) => {
      await t.collection('acct').doc(id).update({ data: { balance: 999 } })
      await t.rollback('insufficient')
    }).catch((e: unknown) => e)
    expect(outcome).toBe('insufficient')
    expect(await balance(id)).toBe(10)
  })

  test('remove and set inside a transaction (文档 › 事务中的数据操作 delete/set)', async () => {
    const gone = await account(1)
    const kept = await account(2)
    await h.sdb.runTransaction(async (t: SdkHandle) => {
      await t.collection('acct').doc(gone).remove()
      await t.collection('acct').doc(kept).set({ data: { balance: 5, note: 'replaced' } })
    })
    await expect(h.sdb.collection('acct').doc(gone).get()).rejects.toThrow(/does not exist/)
    expect((await h.sdb.collection('acct').doc(kept).get()).data).toEqual({ _id: kept, balance: 5, note: 'replaced' })
  })

  test('add of an existing _id inside a transaction is a duplicate write (错误码 › DATABASE_DUPLICATE_WRITE)', async () => {
    const id = await account(1)
    const t = await h.sdb.startTransaction()
    await expect(t.collection('acct').add({ data: { _id: id } })).rejects.toThrow(/DATABASE_DUPLICATE_WRITE/)
    await t.rollback()
  })
})

describe('事务 › 隔离与冲突', () => {
  test('reads inside a transaction come from its snapshot (文档 › 事务: 快照隔离)', async () => {
    const id = await account(1)
    const t = await h.sdb.startTransaction()
    expect((await t.collection('acct').doc(id).get()).data.balance).toBe(1)
    await h.sdb.collection('acct').doc(id).update({ data: { balance: 2 } })
    expect((await t.collection('acct').doc(id).get()).data.balance).toBe(1)
    await t.commit()
    expect(await balance(id)).toBe(2)
  })

  test('two transactions writing one document: the second write conflicts (错误码 › DATABASE_TRANSACTION_CONFLICT)', async () => {
    const id = await account(0)
    const t1 = await h.sdb.startTransaction()
    const t2 = await h.sdb.startTransaction()
    await t1.collection('acct').doc(id).update({ data: { balance: _.inc(1) } })
    await expect(t2.collection('acct').doc(id).update({ data: { balance: _.inc(1) } })).rejects.toThrow(/DATABASE_TRANSACTION_CONFLICT/)
    await t1.commit()
    // The conflicting transaction was aborted by the server, as MongoDB does on WriteConflict.
    await expect(t2.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_FAIL' })
    expect(await balance(id)).toBe(1)
  })

  test('writing a document modified outside after the transaction started conflicts (文档 › 事务: 写冲突)', async () => {
    const id = await account(0)
    const t = await h.sdb.startTransaction()
    await h.sdb.collection('acct').doc(id).update({ data: { balance: 5 } })
    await expect(t.collection('acct').doc(id).update({ data: { balance: 1 } })).rejects.toThrow(/DATABASE_TRANSACTION_CONFLICT/)
    expect(await balance(id)).toBe(5)
  })

  test('a write outside to a document the transaction wrote makes its commit conflict (错误码 › DATABASE_TRANSACTION_CONFLICT)', async () => {
    const id = await account(0)
    const t = await h.sdb.startTransaction()
    await t.collection('acct').doc(id).update({ data: { balance: 1 } })
    await h.sdb.collection('acct').doc(id).update({ data: { balance: 7 } })
    await expect(t.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_CONFLICT' })
    expect(await balance(id)).toBe(7)
  })

  test('runTransaction retries a commit conflict (文档 › runTransaction: 冲突自动重试)', async () => {
    const id = await account(0)
    let attempts = 0
    await h.sdb.runTransaction(async (t: SdkHandle) => {
      attempts++
      const cur = (await t.collection('acct').doc(id).get()).data.balance
      await t.collection('acct').doc(id).update({ data: { balance: cur + 10 } })
      if (attempts === 1) await h.sdb.collection('acct').doc(id).update({ data: { balance: _.inc(1) } })
    })
    expect(attempts).toBe(2)
    expect(await balance(id)).toBe(11)
  })

  test('concurrent transactions on one hot document never lose an update (DESIGN §5)', async () => {
    const id = await account(0)
    const results = await Promise.allSettled(
      Array.from({ length: 40 }, () =>
        h.sdb.runTransaction(async (t: SdkHandle) => {
          const cur = (await t.collection('acct').doc(id).get()).data.balance
          await t.collection('acct').doc(id).update({ data: { balance: cur + 1 } })
        })
      )
    )
    const committed = results.filter((r) => r.status === 'fulfilled').length
    expect(committed).toBeGreaterThan(0)
    expect(await balance(id)).toBe(committed)
  })

  test('a transaction left open past 30 s is gone (错误码 › DATABASE_TRANSACTION_FAIL: 事务必须在 30 秒内提交或中止)', async () => {
    const id = await account(3)
    const t = await h.sdb.startTransaction()
    await t.collection('acct').doc(id).update({ data: { balance: 4 } })
    h.clock.advance(31_000)
    await expect(t.commit()).rejects.toMatchObject({ code: 'DATABASE_TRANSACTION_FAIL' })
    expect(await balance(id)).toBe(3)
    // Its lock went with it: a new transaction may write the document.
    await h.sdb.runTransaction((t2: SdkHandle) => t2.collection('acct').doc(id).update({ data: { balance: 5 } }))
    expect(await balance(id)).toBe(5)
  })
})

describe('事务 › 只允许单文档操作 (local cloud rule, DESIGN §5)', () => {
  const q = (o: object) => JSON.stringify(o)

  test('t.collection().where().get() carries the transaction id and is refused (指南 › 事务中不支持批量操作 where)', async () => {
    const t = await h.sdb.startTransaction()
    await expect(t.collection('acct').where({ balance: 1 }).get()).rejects.toThrow(/only single-document operations/)
    await t.rollback()
  })

  test('where get/update/remove, count and aggregate from the invocation holding an open transaction fail loudly', () => {
    const inv = { invocationId: 'inv-loud' }
    const other = { invocationId: 'inv-other' }
    h.db.insert('acct', [{ _id: 'loud', balance: 1 }])
    const { transactionId } = h.db.handle('database.startTransaction', {}, inv) as { transactionId: string }
    const attempts: Array<[string, Record<string, unknown>]> = [
      ['database.getDocument', { collectionName: 'acct', queryType: 'WHERE', query: q({ balance: 1 }) }],
      ['database.modifyDocument', { collectionName: 'acct', queryType: 'WHERE', query: q({ balance: 1 }), data: q({ $set: { x: 1 } }), multi: true, merge: true }],
      ['database.removeDocument', { collectionName: 'acct', queryType: 'WHERE', query: q({ balance: -1 }), multi: true }],
      ['database.calculateDocument', { collectionName: 'acct', queryType: 'WHERE' }],
      ['database.aggregateDocuments', { collectionName: 'acct', stages: [{ stageKey: '$match', stageValue: q({}) }] }]
    ]
    for (const [action, params] of attempts) {
      const r = h.db.handle(action, params, inv) as { code?: string; message?: string }
      expect(r.code).toBe('DATABASE_TRANSACTION_FAIL')
      expect(r.message).toMatch(/CloudBase transactions allow only single-document operations/)
      // Another invocation is not affected.
      expect((h.db.handle(action, params, other) as { code?: string }).code).toBeUndefined()
    }
    // Single-document operations outside the transaction stay allowed, and nothing was written by the refusals.
    const doc = h.db.handle('database.getDocument', { collectionName: 'acct', queryType: 'DOC', query: q({ _id: 'loud' }) }, inv) as { data: { list: string[] } }
    expect(JSON.parse(doc.data.list[0])).toEqual({ _id: 'loud', balance: 1, x: 1 })
    h.db.handle('database.commitTransaction', { transactionId }, inv)
    expect((h.db.handle('database.calculateDocument', { collectionName: 'acct', queryType: 'WHERE' }, inv) as { data: { total: number } }).data.total).toBeGreaterThan(0)
  })

  test('endInvocation aborts the transactions the invocation left open', () => {
    const inv = { invocationId: 'inv-abandoned' }
    h.db.insert('acct', [{ _id: 'abandoned', balance: 1 }])
    const { transactionId } = h.db.handle('database.startTransaction', {}, inv) as { transactionId: string }
    h.db.handle('database.modifyDocument', { collectionName: 'acct', queryType: 'DOC', query: q({ _id: 'abandoned' }), data: q({ $set: { balance: 2 } }), transactionId, multi: false, merge: true }, inv)
    h.db.endInvocation('inv-abandoned')
    expect((h.db.handle('database.commitTransaction', { transactionId }, inv) as { code?: string }).code).toBe('DATABASE_TRANSACTION_FAIL')
    expect(h.db.find('acct', { _id: 'abandoned' })[0].balance).toBe(1)
    expect((h.db.handle('database.calculateDocument', { collectionName: 'acct', queryType: 'WHERE' }, inv) as { code?: string }).code).toBeUndefined()
  })
})
