/**
 * Conformance: concurrent requests through the real wx-server-sdk. Each database request is atomic, as a single
 * MongoDB document write is (云开发文档 › 指南 › 数据库 › 原子操作: 单个记录的更新是原子的).
 */
import { startSdk, type SdkHandle, type SdkHarness } from './support/sdk'

let h: SdkHarness
let _: SdkHandle

/** What an update answers (文档 › Collection.update). */
interface Updated {
  stats: { updated: number }
}

beforeAll(async () => {
  h = await startSdk()
  _ = h.sdb.command
})

afterAll(() => h.close())

test('200 concurrent conditional increments on capacity 30: exactly 30 succeed (DESIGN §5 overbooking rule)', async () => {
  await h.sdb.collection('sessions').add({ data: { _id: 'hot', capacity: 30, booked: 0, courseId: 'c', startAt: 1 } })
  const results = await Promise.all(
    Array.from({ length: 200 }, () =>
      h.sdb.collection('sessions').where({ _id: 'hot', booked: _.lt(30) }).update({ data: { booked: _.inc(1) } })
    )
  )
  expect(results.filter((r: Updated) => r.stats.updated === 1)).toHaveLength(30)
  expect(results.filter((r: Updated) => r.stats.updated === 0)).toHaveLength(170)
  expect((await h.sdb.collection('sessions').doc('hot').get()).data.booked).toBe(30)
})

test('concurrent increments on many documents lose no update', async () => {
  const ids = Array.from({ length: 10 }, (_x, i) => `ctr${i}`)
  await h.sdb.collection('sessions').add({ data: ids.map((id) => ({ _id: id, booked: 0 })) })
  await Promise.all(
    Array.from({ length: 300 }, (_x, i) => h.sdb.collection('sessions').doc(ids[i % 10]).update({ data: { booked: _.inc(1) } }))
  )
  const { data } = await h.sdb.collection('sessions').where({ _id: _.in(ids) }).get()
  expect(data.map((d: { booked: number }) => d.booked)).toEqual(Array(10).fill(30))
})

test('booking pattern: conditional increment + deterministic booking _id admits each person once and never overbooks', async () => {
  await h.sdb.collection('sessions').add({ data: { _id: 'pattern', capacity: 5, booked: 0 } })
  // 40 requests from 10 people (each person retries 4 times concurrently).
  const people = Array.from({ length: 40 }, (_x, i) => `p${i % 10}`)
  const book = async (openid: string) => {
    try {
      await h.sdb.collection('bookings').add({ data: { _id: `pattern_${openid}`, sessionId: 'pattern', openid, status: 'pending' } })
    } catch {
      return 'duplicate'
    }
    const r = await h.sdb.collection('sessions').where({ _id: 'pattern', booked: _.lt(5) }).update({ data: { booked: _.inc(1) } })
    const status = r.stats.updated === 1 ? 'confirmed' : 'waitlisted'
    await h.sdb.collection('bookings').doc(`pattern_${openid}`).update({ data: { status } })
    return status
  }
  const outcomes = await Promise.all(people.map(book))
  expect(outcomes.filter((o) => o === 'duplicate')).toHaveLength(30)
  expect(outcomes.filter((o) => o === 'confirmed')).toHaveLength(5)
  expect(outcomes.filter((o) => o === 'waitlisted')).toHaveLength(5)
  expect((await h.sdb.collection('sessions').doc('pattern').get()).data.booked).toBe(5)
  expect((await h.sdb.collection('bookings').where({ sessionId: 'pattern', status: 'confirmed' }).count()).total).toBe(5)
})

test('requestCount counts every database request the server answered', async () => {
  const before = h.db.requestCount
  await h.sdb.collection('sessions').doc('hot').get()
  await h.sdb.collection('sessions').where({ booked: 30 }).count()
  expect(h.db.requestCount - before).toBe(2)
})
