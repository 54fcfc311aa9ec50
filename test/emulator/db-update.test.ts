/**
 * Conformance: writing documents (update operators, set, remove) through the real wx-server-sdk.
 * Each test names the official document (微信云开发 / CloudBase 文档) it follows.
 */
import fc from 'fast-check'
import mingo from 'mingo'
import type { Doc } from '../../emulator/db'
import { applyModifier, startPushedArrays } from '../../emulator/db/update'
import { startSdk, type SdkHandle, type SdkHarness } from './support/sdk'

let h: SdkHarness
let _: SdkHandle
let n = 0

beforeAll(async () => {
  h = await startSdk({ collections: [{ name: 'things' }] })
  _ = h.sdb.command
})

afterAll(() => h.close())

/** A fresh document for each test, so tests stay independent. */
async function fresh(data: Record<string, unknown>): Promise<{ id: string; ref: SdkHandle; get: () => Promise<Doc> }> {
  const id = `t${++n}`
  await h.sdb.collection('things').add({ data: { _id: id, ...data } })
  const ref = h.sdb.collection('things').doc(id)
  return { id, ref, get: async () => (await ref.get()).data }
}

describe('数据库 › 更新指令', () => {
  test('update merges fields and dot paths; nested objects are flattened, not replaced (指南 › 更新数据: 局部更新)', async () => {
    const d = await fresh({ a: 1, profile: { nickname: 'x', group: 'rider' } })
    const r = await d.ref.update({ data: { b: 2, profile: { nickname: 'y' }, 'meta.source': 'test' } })
    expect(r.stats.updated).toBe(1)
    expect(await d.get()).toEqual({ _id: d.id, a: 1, b: 2, profile: { nickname: 'y', group: 'rider' }, meta: { source: 'test' } })
  })

  test('_.set replaces a whole sub-object (文档 › Command.set)', async () => {
    const d = await fresh({ profile: { nickname: 'x', group: 'rider' } })
    await d.ref.update({ data: { profile: _.set({ nickname: 'z' }) } })
    expect((await d.get()).profile).toEqual({ nickname: 'z' })
  })

  test('inc / mul / min / max / remove / rename (文档 › Command.inc, mul, min, max, remove, rename)', async () => {
    const d = await fresh({ n: 10, m: 3, lo: 5, hi: 5, gone: true, old: 'v' })
    await d.ref.update({ data: { n: _.inc(-2), m: _.mul(4), lo: _.min(2), hi: _.max(9), gone: _.remove(), old: _.rename('renamed'), fresh: _.inc(1) } })
    expect(await d.get()).toEqual({ _id: d.id, n: 8, m: 12, lo: 2, hi: 9, renamed: 'v', fresh: 1 })
  })

  test('inc creates a missing nested counter; max/min compare dates too (文档 › Command.inc, max, min)', async () => {
    const d = await fresh({ seen: new Date(1000), first: new Date(1000) })
    await d.ref.update({ data: { stats: { count: _.inc(2) }, seen: _.max(new Date(5000)), first: _.min(new Date(9000)) } })
    expect(await d.get()).toEqual({ _id: d.id, stats: { count: 2 }, seen: new Date(5000), first: new Date(1000) })
    await d.ref.update({ data: { 'stats.count': _.inc(3), stats2: _.remove() } })
    expect((await d.get()).stats).toEqual({ count: 5 })
  })

  test('push with each/position/slice/sort (onto a new field too), unshift, pop, shift (文档 › Command.push, unshift, pop, shift)', async () => {
    const d = await fresh({ a: [3, 1], b: [1, 2, 3], c: [1, 2, 3], e: [5, 1] })
    await d.ref.update({ data: { a: _.push(7) } })
    expect((await d.get()).a).toEqual([3, 1, 7])
    await d.ref.update({ data: { a: _.push({ each: [9, 8], position: 1, slice: 4 }) } })
    expect((await d.get()).a).toEqual([3, 9, 8, 1])
    await d.ref.update({ data: { a: _.push({ each: [0], sort: 1 }), e: _.unshift([0, -1]), b: _.pop(), c: _.shift() } })
    await d.ref.update({ data: { recent: _.push({ each: [5, 1, 3], sort: 1, slice: -2 }) } })
    expect((await d.get()).recent).toEqual([3, 5])
    const doc = await d.get()
    expect(doc.a).toEqual([0, 1, 3, 8, 9])
    expect(doc.e).toEqual([0, -1, 5, 1])
    expect(doc.b).toEqual([1, 2])
    expect(doc.c).toEqual([2, 3])
  })

  test('pull with a condition, pullAll, addToSet with each (文档 › Command.pull, pullAll, addToSet)', async () => {
    const d = await fresh({ a: [1, 5, 9, 5], objs: [{ k: 1 }, { k: 2 }], tags: ['x'] })
    await d.ref.update({ data: { a: _.pull(_.gt(4)), objs: _.pull({ k: 1 }), tags: _.addToSet({ each: ['x', 'y', 'y'] }) } })
    expect(await d.get()).toMatchObject({ a: [1], objs: [{ k: 2 }], tags: ['x', 'y'] })
    await d.ref.update({ data: { tags: _.pullAll(['x', 'q']) } })
    expect((await d.get()).tags).toEqual(['y'])
  })

  test('array element by index path and all elements with $[] (指南 › 更新数组中的元素)', async () => {
    const d = await fresh({ items: [{ q: 1 }, { q: 2 }] })
    await d.ref.update({ data: { 'items.1.q': 20 } })
    expect((await d.get()).items).toEqual([{ q: 1 }, { q: 20 }])
    await d.ref.update({ data: { 'items.$[].done': true } })
    expect((await d.get()).items).toEqual([{ q: 1, done: true }, { q: 20, done: true }])
  })

  test('stats.updated is 0 when the new values equal the old ones (文档 › Document.update 返回值 stats.updated)', async () => {
    const d = await fresh({ a: 1, tags: ['x'], profile: { g: 'rider' } })
    expect((await d.ref.update({ data: { a: 1 } })).stats.updated).toBe(0)
    expect((await d.ref.update({ data: { a: _.inc(0), tags: _.addToSet('x'), profile: { g: 'rider' } } })).stats.updated).toBe(0)
    expect((await d.ref.update({ data: { a: _.max(0) } })).stats.updated).toBe(0)
    expect((await d.ref.update({ data: { a: 2 } })).stats.updated).toBe(1)
  })

  test('doc().update on a missing document updates nothing and does not create it (文档 › Document.update)', async () => {
    const r = await h.sdb.collection('things').doc('missing-doc').update({ data: { a: 1 } })
    expect(r.stats.updated).toBe(0)
    expect((await h.sdb.collection('things').where({ _id: 'missing-doc' }).count()).total).toBe(0)
  })

  test('inc on a non-numeric field fails like MongoDB instead of silently doing nothing (文档 › Command.inc)', async () => {
    const d = await fresh({ s: 'text' })
    await expect(d.ref.update({ data: { s: _.inc(1) } })).rejects.toThrow(/non-numeric/)
    expect((await d.get()).s).toBe('text')
  })

  test('_id cannot be updated (文档 › Document.update: 不能更新 _id)', async () => {
    const d = await fresh({ a: 1 })
    const raw = h.db.handle('database.modifyDocument', {
      collectionName: 'things', queryType: 'DOC', query: JSON.stringify({ _id: d.id }), data: JSON.stringify({ $set: { _id: 'other' } }), multi: false, merge: true
    })
    expect(raw.message).toMatch(/immutable field '_id'/)
  })
})

describe('数据库 › 替换更新 set 与条件更新', () => {
  test('set replaces the whole document (文档 › Document.set)', async () => {
    const d = await fresh({ a: 1, b: 2 })
    const r = await d.ref.set({ data: { c: 3 } })
    expect(r.stats).toEqual({ updated: 1, created: 0 })
    expect(await d.get()).toEqual({ _id: d.id, c: 3 })
  })

  test('set on a missing document creates it: stats.created 1 (文档 › Document.set: 记录不存在则创建)', async () => {
    const r = await h.sdb.collection('things').doc('set-created').set({ data: { a: 1, at: h.sdb.serverDate() } })
    expect(r._id).toBe('set-created')
    expect(r.stats).toEqual({ updated: 0, created: 1 })
    const { data } = await h.sdb.collection('things').doc('set-created').get()
    expect(data.a).toBe(1)
    expect(data.at).toBeInstanceOf(Date)
  })

  test('set with identical content reports updated 0 (文档 › Document.set)', async () => {
    const d = await fresh({ a: 1 })
    expect((await d.ref.set({ data: { a: 1 } })).stats).toEqual({ updated: 0, created: 0 })
  })

  test('where().update updates every match; multi: false only the first (文档 › Collection.update)', async () => {
    await h.sdb.collection('things').add({ data: [{ batch: 'm', v: 1 }, { batch: 'm', v: 2 }, { batch: 'm', v: 3 }] })
    const all = await h.sdb.collection('things').where({ batch: 'm', v: _.gte(2) }).update({ data: { seen: true } })
    expect(all.stats.updated).toBe(2)
    const one = await h.sdb.collection('things').where({ batch: 'm' }).update({ data: { first: true }, multi: false })
    expect(one.stats.updated).toBe(1)
    expect((await h.sdb.collection('things').where({ batch: 'm', first: true }).count()).total).toBe(1)
  })

  test('conditional update: the condition is checked atomically with the write (指南 › 原子更新)', async () => {
    const d = await fresh({ booked: 1, capacity: 2 })
    const inc = () => h.sdb.collection('things').where({ _id: d.id, booked: _.lt(2) }).update({ data: { booked: _.inc(1) } })
    expect((await inc()).stats.updated).toBe(1)
    expect((await inc()).stats.updated).toBe(0)
    expect((await d.get()).booked).toBe(2)
  })
})

describe('数据库 › 删除', () => {
  test('where().remove removes every match and reports stats.removed (文档 › Collection.remove)', async () => {
    await h.sdb.collection('things').add({ data: [{ batch: 'r' }, { batch: 'r' }, { batch: 'r', keep: true }] })
    const r = await h.sdb.collection('things').where({ batch: 'r', keep: _.exists(false) }).remove()
    expect(r.stats.removed).toBe(2)
    expect((await h.sdb.collection('things').where({ batch: 'r' }).count()).total).toBe(1)
  })

  test('doc().remove removes one document; removing it again removes 0 (文档 › Document.remove)', async () => {
    const d = await fresh({ a: 1 })
    expect((await d.ref.remove()).stats.removed).toBe(1)
    expect((await d.ref.remove()).stats.removed).toBe(0)
  })
})

describe('数据库 › 更新指令的快速路径', () => {
  const plainPath = fc.constantFrom('a', 'b', 'n.x', 'n.y', 'list', 'n.list')
  const scalar = fc.oneof(fc.integer({ min: -5, max: 5 }), fc.string({ maxLength: 3 }), fc.constant(null))
  const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 3 }), fc.record({ x: scalar }))
  const documents = fc.record({ a: value, n: fc.oneof(fc.record({ x: value, list: fc.array(scalar, { maxLength: 3 }) }), scalar), list: fc.oneof(fc.array(value, { maxLength: 3 }), scalar) }, { requiredKeys: [] })
  // The SDK never sends an operator without fields (mingo stops at one), so none is generated. Nor does $set get an
  // object here: beside another operator mingo can leave an object field as it was, where MongoDB (and the fast path)
  // replace it; 'Command.set' above pins that through the SDK.
  const fields = <T>(arb: fc.Arbitrary<T>, maxKeys: number) => fc.dictionary(plainPath, arb, { minKeys: 1, maxKeys })
  const modifiers = fc.record(
    {
      $set: fields(fc.oneof(scalar, fc.array(scalar, { maxLength: 3 })), 2),
      $inc: fields(fc.integer({ min: -3, max: 3 }), 2),
      $max: fields(fc.integer({ min: -3, max: 3 }), 1),
      $unset: fields(fc.constant(''), 1),
      $push: fields(
        fc.oneof(
          fc.record({ $each: fc.array(value, { maxLength: 3 }) }),
          fc.record(
            { $each: fc.array(fc.integer({ min: -3, max: 3 }), { maxLength: 3 }), $sort: fc.constantFrom(1, -1), $slice: fc.integer({ min: -4, max: 4 }) },
            { requiredKeys: ['$each'] }
          )
        ),
        2
      )
    },
    { requiredKeys: [] }
  )

  test('gives what mingo gives ($push with $sort and $slice, $set, $inc, $max, $unset)', () => {
    const outcome = (apply: () => Doc): unknown => {
      try {
        return { doc: apply() }
      } catch {
        return 'refused'
      }
    }
    fc.assert(
      fc.property(documents, modifiers, (doc, modifier) => {
        fc.pre(Object.keys(modifier).length > 0)
        // The checks before the update are shared; where they pass, the result must be mingo's.
        const fast = outcome(() => applyModifier(structuredClone({ _id: 'd', ...doc }), structuredClone(modifier)))
        const slow = outcome(() => {
          const copy: Doc = structuredClone({ _id: 'd', ...doc })
          // mingo skips $sort and $slice when it creates the array; like MongoDB, both ways apply them to a new one.
          startPushedArrays(copy, modifier)
          mingo.update(copy, structuredClone(modifier))
          return copy
        })
        if (fast !== 'refused') expect(fast).toEqual(slow)
      }),
      { numRuns: 500 }
    )
  })
})
