/**
 * Conformance: aggregation through the real wx-server-sdk (`collection.aggregate()...end()`).
 * Each test names the official document (微信云开发 / CloudBase 文档 › 聚合) it follows.
 */
import { startSdk, type SdkHandle, type SdkHarness } from './support/sdk'

let h: SdkHarness
let $: SdkHandle
let _: SdkHandle

beforeAll(async () => {
  h = await startSdk({ collections: [{ name: 'orders' }, { name: 'shops' }, { name: 'many' }] })
  $ = h.sdb.command.aggregate
  _ = h.sdb.command
  await h.sdb.collection('shops').add({ data: [{ _id: 's1', name: '友邻空间' }, { _id: 's2', name: '老街' }] })
  await h.sdb.collection('orders').add({
    data: [
      { _id: 'o1', shopId: 's1', amount: 10, items: ['tea', 'cake'], at: new Date('2024-05-01T02:00:00Z') },
      { _id: 'o2', shopId: 's1', amount: 30, items: ['tea'], at: new Date('2024-05-02T02:00:00Z') },
      { _id: 'o3', shopId: 's2', amount: 5, items: [], at: new Date('2024-05-02T03:00:00Z') },
      { _id: 'o4', shopId: 's3', amount: 15, items: ['cake'], at: new Date('2024-05-03T04:00:00Z') }
    ]
  })
  h.db.insert('many', Array.from({ length: 50 }, (_x, i) => ({ i })))
})

afterAll(() => h.close())

const orders = () => h.sdb.collection('orders').aggregate()

test('match + group with $sum/$avg/$max/$push + sort (聚合 › Aggregate.group, 聚合操作符 sum/avg)', async () => {
  const { list } = await orders()
    .match({ amount: _.gte(5) })
    .group({ _id: '$shopId', total: $.sum('$amount'), avg: $.avg('$amount'), max: $.max('$amount'), n: $.sum(1), ids: $.push('$_id') })
    .sort({ total: -1 })
    .end()
  expect(list).toEqual([
    { _id: 's1', total: 40, avg: 20, max: 30, n: 2, ids: ['o1', 'o2'] },
    { _id: 's3', total: 15, avg: 15, max: 15, n: 1, ids: ['o4'] },
    { _id: 's2', total: 5, avg: 5, max: 5, n: 1, ids: ['o3'] }
  ])
})

test('project with expression operators, addFields, skip and limit (聚合 › Aggregate.project, addFields, skip, limit)', async () => {
  const { list } = await orders()
    .sort({ amount: 1 })
    .addFields({ doubled: $.multiply(['$amount', 2]) })
    .project({ _id: 0, id: '$_id', doubled: 1, big: $.gte(['$amount', 15]), n: $.size('$items'), day: $.dateToString({ date: '$at', format: '%Y-%m-%d' }) })
    .skip(1)
    .limit(2)
    .end()
  expect(list).toEqual([
    { id: 'o1', doubled: 20, big: false, n: 2, day: '2024-05-01' },
    { id: 'o4', doubled: 30, big: true, n: 1, day: '2024-05-03' }
  ])
})

test('unwind an array, then count by value (聚合 › Aggregate.unwind, sortByCount)', async () => {
  const { list } = await orders().unwind('$items').sortByCount('$items').end()
  expect([...list].sort((a: { _id: string }, b: { _id: string }) => a._id.localeCompare(b._id))).toEqual([{ _id: 'cake', count: 2 }, { _id: 'tea', count: 2 }])
})

test('lookup joins another collection (聚合 › Aggregate.lookup)', async () => {
  const { list } = await orders()
    .match({ _id: _.in(['o1', 'o4']) })
    .lookup({ from: 'shops', localField: 'shopId', foreignField: '_id', as: 'shop' })
    .project({ shop: 1 })
    .end()
  expect(list).toEqual([
    { _id: 'o1', shop: [{ _id: 's1', name: '友邻空间' }] },
    { _id: 'o4', shop: [] }
  ])
})

test('a lookup on _id reads only the documents it joins, through the index, not the whole collection', async () => {
  const before = h.db.docsExamined
  const { list } = await h.sdb
    .collection('orders')
    .aggregate()
    .match({ _id: 'o2' })
    .addFields({ shopKey: $.literal('s1') })
    .lookup({ from: 'shops', localField: 'shopKey', foreignField: '_id', as: 'shop' })
    .lookup({ from: 'many', localField: 'missing', foreignField: '_id', as: 'none' })
    .project({ shop: 1, none: 1 })
    .end()
  expect(list).toEqual([{ _id: 'o2', shop: [{ _id: 's1', name: '友邻空间' }], none: [] }])
  // o2 itself and s1: neither the other shop nor the 50 documents of `many`.
  expect(h.db.docsExamined - before).toBe(2)
})

test('count stage (聚合 › Aggregate.count)', async () => {
  const { list } = await orders().match({ shopId: 's1' }).count('n').end()
  expect(list).toEqual([{ n: 2 }])
})

test('group by date parts in Asia/Shanghai, with timezone (聚合 › 日期操作符 dateToString)', async () => {
  const { list } = await orders()
    .group({ _id: $.dateToString({ date: '$at', format: '%Y-%m-%d', timezone: 'Asia/Shanghai' }), n: $.sum(1) })
    .sort({ _id: 1 })
    .end()
  expect(list).toEqual([{ _id: '2024-05-01', n: 1 }, { _id: '2024-05-02', n: 2 }, { _id: '2024-05-03', n: 1 }])
})

test('without a limit stage, aggregate returns only 20 results (社区实测: 云函数端 Aggregate 默认 limit 20)', async () => {
  expect((await h.sdb.collection('many').aggregate().match({ i: _.gte(0) }).end()).list).toHaveLength(20)
  expect((await h.sdb.collection('many').aggregate().match({ i: _.gte(0) }).limit(100).end()).list).toHaveLength(50)
  const grouped = await h.sdb.collection('many').aggregate().group({ _id: null, n: $.sum(1) }).end()
  expect(grouped.list).toEqual([{ _id: null, n: 50 }])
})

test('aggregate on a missing collection fails like other reads (错误码 › DATABASE_COLLECTION_NOT_EXIST)', async () => {
  const err = await h.sdb.collection('nope').aggregate().match({}).end().catch((e: unknown) => e)
  // wx-server-sdk's aggregate wraps the service error without mapping its code, so errCode is -1 here.
  expect(err.errMsg).toMatch(/collection\.aggregate:fail .*DATABASE_COLLECTION_NOT_EXIST/)
})

test('geoNear stage adds the distance and sorts by it (聚合 › Aggregate.geoNear)', async () => {
  const { Point } = h.sdb.Geo
  await h.sdb.createCollection('spots')
  await h.sdb.collection('spots').add({ data: [{ _id: 'a', loc: Point(103.83, 36.06) }, { _id: 'b', loc: Point(103.84, 36.06) }, { _id: 'c', loc: Point(104.5, 36.5) }] })
  const { list } = await h.sdb.collection('spots').aggregate()
    .geoNear({ near: Point(103.841, 36.06), spherical: true, distanceField: 'd', maxDistance: 5000, key: 'loc' })
    .project({ d: 1 })
    .end()
  expect(list.map((x: { _id: string }) => x._id)).toEqual(['b', 'a'])
  expect(list[0].d).toBeGreaterThan(80)
  expect(list[0].d).toBeLessThan(100)
})
