/**
 * Conformance: reading documents through the real wx-server-sdk against the local cloud database.
 * Each test names the official document (微信云开发 / CloudBase 文档) whose behaviour it pins down.
 */
import { startSdk, type SdkHandle, type SdkHarness } from './support/sdk'

let h: SdkHarness
let _: SdkHandle

const people = [
  { _id: 'p1', name: 'Alice', age: 30, city: { name: '兰州', district: '城关' }, tags: ['rider', 'night'], scores: [{ k: 'a', v: 1 }, { k: 'b', v: 5 }] },
  { _id: 'p2', name: 'bob', age: 25, city: { name: '兰州', district: '七里河' }, tags: ['courier'], scores: [{ k: 'a', v: 3 }] },
  { _id: 'p3', name: 'Carol', age: 41, city: { name: '西宁', district: '城中' }, tags: ['rider', 'courier'], scores: [] },
  { _id: 'p4', name: 'dave', age: 30, tags: [], nickname: null }
]

beforeAll(async () => {
  h = await startSdk({ collections: [{ name: 'people' }, { name: 'bulk' }, { name: 'places' }] })
  _ = h.sdb.command
  await h.sdb.collection('people').add({ data: people })
  h.db.insert('bulk', Array.from({ length: 1500 }, (_x, i) => ({ _id: `b${String(i).padStart(4, '0')}`, n: i, even: i % 2 === 0 })))
})

afterAll(() => h.close())

const names = (res: { data: Array<{ _id: string }> }) => res.data.map((d) => d._id).sort()
const where = (q: object) => h.sdb.collection('people').where(q).get()

describe('数据库 › 新增记录 Collection.add / 查询 Document.get', () => {
  test('add returns the _id; doc().get returns the stored document (文档 › Collection.add, Document.get)', async () => {
    const { _id } = await h.sdb.collection('people').add({ data: { name: 'tmp', at: new Date(1700000000000) } })
    expect(_id).toMatch(/^[0-9a-f]{32}$/)
    const { data } = await h.sdb.collection('people').doc(_id).get()
    expect(data).toEqual({ _id, name: 'tmp', at: new Date(1700000000000) })
    expect(data.at).toBeInstanceOf(Date)
    await h.sdb.collection('people').doc(_id).remove()
  })

  test('doc().get of a missing document rejects with "does not exist" (文档 › Document.get)', async () => {
    await expect(h.sdb.collection('people').doc('nobody').get()).rejects.toThrow(/does not exist/)
  })

  test('a collection that was never created answers DATABASE_COLLECTION_NOT_EXIST, errCode -502005 (错误码 › DATABASE_COLLECTION_NOT_EXIST)', async () => {
    const err = await h.sdb.collection('no_such_collection').where({}).get().catch((e: unknown) => e)
    expect(err.errCode).toBe(-502005)
    expect(err.errMsg).toMatch(/DATABASE_COLLECTION_NOT_EXIST.*Db or Table not exist/)
    const addErr = await h.sdb.collection('no_such_collection').add({ data: { a: 1 } }).catch((e: unknown) => e)
    expect(addErr.errCode).toBe(-502005)
  })

  test('db.createCollection creates a collection; creating it twice fails (文档 › Database.createCollection)', async () => {
    await h.sdb.createCollection('made_at_runtime')
    await h.sdb.collection('made_at_runtime').add({ data: { a: 1 } })
    expect((await h.sdb.collection('made_at_runtime').count()).total).toBe(1)
    await expect(h.sdb.createCollection('made_at_runtime')).rejects.toThrow(/already exists/)
  })

  test('db.serverDate() stores the server time, in add and in update (文档 › Database.serverDate)', async () => {
    const at = Date.parse('2026-03-02T09:30:00+08:00')
    h.clock.set(at)
    try {
      const { _id } = await h.sdb.collection('people').add({ data: { at: h.sdb.serverDate(), later: h.sdb.serverDate({ offset: 60_000 }) } })
      const { data } = await h.sdb.collection('people').doc(_id).get()
      expect(data.at).toEqual(new Date(at))
      expect(data.later).toEqual(new Date(at + 60_000))
      h.clock.advance(5_000)
      await h.sdb.collection('people').doc(_id).update({ data: { touched: h.sdb.serverDate(), nested: { at: h.sdb.serverDate() } } })
      const after = (await h.sdb.collection('people').doc(_id).get()).data
      expect(after.touched).toEqual(new Date(at + 5_000))
      expect(after.nested.at).toEqual(new Date(at + 5_000))
      await h.sdb.collection('people').doc(_id).remove()
    } finally {
      h.clock.reset()
    }
  })
})

describe('数据库 › 查询指令 (Command)', () => {
  test('equality on a field, on a nested object path and on an array element (指南 › 查询数组/嵌套字段)', async () => {
    expect(names(await where({ age: 30 }))).toEqual(['p1', 'p4'])
    expect(names(await where({ city: { name: '兰州' } }))).toEqual(['p1', 'p2'])
    expect(names(await where({ 'city.district': '城关' }))).toEqual(['p1'])
    expect(names(await where({ tags: 'courier' }))).toEqual(['p2', 'p3'])
    expect(names(await where({ 'scores.k': 'b' }))).toEqual(['p1'])
    expect(names(await where({ 'tags.0': 'rider' }))).toEqual(['p1', 'p3'])
  })

  test('eq / neq / gt / gte / lt / lte (文档 › Command.eq, neq, gt, gte, lt, lte)', async () => {
    expect(names(await where({ age: _.eq(25) }))).toEqual(['p2'])
    expect(names(await where({ age: _.neq(30) }))).toEqual(['p2', 'p3'])
    expect(names(await where({ age: _.gt(30) }))).toEqual(['p3'])
    expect(names(await where({ age: _.gte(30) }))).toEqual(['p1', 'p3', 'p4'])
    expect(names(await where({ age: _.lt(30) }))).toEqual(['p2'])
    expect(names(await where({ age: _.lte(30) }))).toEqual(['p1', 'p2', 'p4'])
    expect(names(await where({ age: _.gt(24).and(_.lt(31)) }))).toEqual(['p1', 'p2', 'p4'])
  })

  test('in / nin / all / size / elemMatch / exists (文档 › Command.in, nin, all, size, elemMatch, exists)', async () => {
    expect(names(await where({ age: _.in([25, 41]) }))).toEqual(['p2', 'p3'])
    expect(names(await where({ age: _.nin([25, 41]) }))).toEqual(['p1', 'p4'])
    expect(names(await where({ tags: _.all(['rider', 'courier']) }))).toEqual(['p3'])
    expect(names(await where({ tags: _.size(0) }))).toEqual(['p4'])
    expect(names(await where({ scores: _.elemMatch({ k: 'a', v: _.gt(2) }) }))).toEqual(['p2'])
    expect(names(await where({ city: _.exists(false) }))).toEqual(['p4'])
    expect(names(await where({ nickname: _.exists(true) }))).toEqual(['p4'])
  })

  test('and / or / nor / not, at field level and across fields (文档 › Command.and, or, nor, not)', async () => {
    expect(names(await h.sdb.collection('people').where(_.or([{ age: 25 }, { name: 'Carol' }])).get())).toEqual(['p2', 'p3'])
    expect(names(await h.sdb.collection('people').where(_.and([{ age: _.gte(30) }, { tags: 'rider' }])).get())).toEqual(['p1', 'p3'])
    expect(names(await where({ age: _.lt(26).or(_.gt(40)) }))).toEqual(['p2', 'p3'])
    expect(names(await h.sdb.collection('people').where(_.nor([{ age: 30 }, { age: 25 }])).get())).toEqual(['p3'])
    expect(names(await where({ age: _.not(_.eq(30)) }))).toEqual(['p2', 'p3'])
  })

  test('regular expressions: db.RegExp with options and a JS RegExp (文档 › Database.RegExp)', async () => {
    expect(names(await where({ name: h.sdb.RegExp({ regexp: '^[ab]', options: 'i' }) }))).toEqual(['p1', 'p2'])
    expect(names(await where({ name: /^[ab]/ }))).toEqual(['p2'])
  })

  test('null matches null and missing fields (指南 › 查询 null 值)', async () => {
    expect(names(await where({ nickname: null }))).toEqual(['p1', 'p2', 'p3', 'p4'])
    expect(names(await where({ nickname: _.eq(null).and(_.exists(true)) }))).toEqual(['p4'])
  })
})

describe('数据库 › 排序、分页与字段过滤', () => {
  test('orderBy on several fields, skip and limit (文档 › Collection.orderBy, skip, limit)', async () => {
    const res = await h.sdb.collection('people').where({ age: _.exists(true) }).orderBy('age', 'desc').orderBy('name', 'asc').get()
    expect(res.data.map((d: { _id: string }) => d._id)).toEqual(['p3', 'p1', 'p4', 'p2'])
    const page = await h.sdb.collection('people').orderBy('age', 'asc').skip(1).limit(2).get()
    expect(page.data.map((d: { _id: string }) => d._id)).toEqual(['p1', 'p4'])
  })

  test('server-side get() returns 100 documents by default (指南 › 读取数据: 云函数端默认 100 条)', async () => {
    const res = await h.sdb.collection('bulk').get()
    expect(res.data).toHaveLength(100)
    expect(res.data[0]._id).toBe('b0000')
  })

  test('limit is capped at 1000; skip pages further (文档 › Collection.limit: 云函数端最大上限 1000)', async () => {
    const res = await h.sdb.collection('bulk').limit(1200).get()
    expect(res.data).toHaveLength(1000)
    const rest = await h.sdb.collection('bulk').skip(1000).limit(1000).get()
    expect(rest.data).toHaveLength(500)
    expect(rest.data[0].n).toBe(1000)
  })

  test('the wire API caps a raw limit above 1000 as the server does', () => {
    const r = h.db.handle('database.getDocument', { collectionName: 'bulk', queryType: 'WHERE', limit: 5000 }) as { data: { list: unknown[]; limit: number } }
    expect(r.data.list).toHaveLength(1000)
    expect(r.data.limit).toBe(1000)
  })

  test('paging by _id (after the last one seen, in _id order) reads a page, not the collection', async () => {
    const before = h.db.docsExamined
    const page = await h.sdb.collection('bulk').where({ even: true, _id: _.gt('b0100') }).orderBy('_id', 'asc').limit(10).get()
    expect(page.data.map((d: { _id: string }) => d._id)).toEqual(['b0102', 'b0104', 'b0106', 'b0108', 'b0110', 'b0112', 'b0114', 'b0116', 'b0118', 'b0120'])
    // b0101 … b0120: twenty read for ten matches, not 1,500.
    expect(h.db.docsExamined - before).toBe(20)
    const from = await h.sdb.collection('bulk').where({ _id: _.gte('b1498') }).orderBy('_id', 'asc').limit(10).get()
    expect(from.data.map((d: { _id: string }) => d._id)).toEqual(['b1498', 'b1499'])
  })

  test('field() projection includes or excludes fields; _id comes along unless excluded (文档 › Collection.field)', async () => {
    const inc = await h.sdb.collection('people').where({ _id: 'p1' }).field({ name: true, 'city.name': true }).get()
    expect(inc.data).toEqual([{ _id: 'p1', name: 'Alice', city: { name: '兰州' } }])
    const exc = await h.sdb.collection('people').doc('p2').field({ scores: false, tags: false, city: false }).get()
    expect(exc.data).toEqual({ _id: 'p2', name: 'bob', age: 25 })
  })

  test('count() counts matching documents (文档 › Collection.count)', async () => {
    expect((await h.sdb.collection('people').where({ tags: 'rider' }).count()).total).toBe(2)
    expect((await h.sdb.collection('bulk').where({ even: true }).count()).total).toBe(750)
    expect((await h.sdb.collection('bulk').count()).total).toBe(1500)
  })
})

describe('数据库 › 地理位置查询', () => {
  const venues: { _id: string; location: unknown; name: string }[] = [
    { _id: 'v-centre', location: null, name: '友邻空间' },
    { _id: 'v-near', location: null, name: '岚沐文创园' },
    { _id: 'v-far', location: null, name: '枣林西' }
  ]

  beforeAll(async () => {
    venues[0].location = h.sdb.Geo.Point(103.834, 36.061)
    venues[1].location = h.sdb.Geo.Point(103.845, 36.065)
    venues[2].location = h.sdb.Geo.Point(103.70, 36.10)
    await h.sdb.collection('places').add({ data: venues })
  })

  test('geoNear filters by distance in metres and sorts nearest first (文档 › Command.geoNear)', async () => {
    const res = await h.sdb.collection('places').where({
      location: _.geoNear({ geometry: h.sdb.Geo.Point(103.846, 36.066), maxDistance: 3000 })
    }).get()
    expect(res.data.map((d: { _id: string }) => d._id)).toEqual(['v-near', 'v-centre'])
  })

  test('geoWithin a polygon and within a centreSphere (文档 › Command.geoWithin)', async () => {
    const { Point, LineString, Polygon } = h.sdb.Geo
    const square = Polygon([LineString([Point(103.8, 36.0), Point(103.9, 36.0), Point(103.9, 36.08), Point(103.8, 36.08), Point(103.8, 36.0)])])
    expect(names(await h.sdb.collection('places').where({ location: _.geoWithin({ geometry: square }) }).get())).toEqual(['v-centre', 'v-near'])
    const circle = await h.sdb.collection('places').where({ location: _.geoWithin({ centerSphere: [[103.70, 36.10], 1000 / 6378100] }) }).get()
    expect(names(circle)).toEqual(['v-far'])
  })

  test('returned points come back as Geo.Point values (文档 › Geo.Point)', async () => {
    const { data } = await h.sdb.collection('places').doc('v-far').get()
    expect(data.location.longitude).toBe(103.70)
    expect(data.location.latitude).toBe(36.10)
  })
})
