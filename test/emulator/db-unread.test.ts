/**
 * Fields an aggregation drops unread are not decoded (emulator/db/pipeline.ts `unreadFields`): which fields a
 * pipeline may skip — only those a `$project` exclusion or `$unset` removes before anything names them, none when a
 * stage could look at the whole document — and that pipelines which skip some give exactly what mingo gives on the
 * whole documents.
 */
import { Aggregator } from 'mingo/aggregator'
import { Database, type Doc } from '../../emulator/db'
import { queryOptions } from '../../emulator/db/operators'
import { unreadFields } from '../../emulator/db/pipeline'
import { firstDifference } from './support/same'

/** The book path's read of a session (cloudfunctions/course/repo/sessions.ts loadForPerson), for one person. */
const bookRead = (openid: string): Doc[] => [
  { $lookup: { from: 'courses', localField: 'courseId', foreignField: '_id', as: 'course' } },
  { $addFields: { me: { seat: `$seats.${openid}`, waiting: `$waiting.${openid}` }, rider: { $literal: openid } } },
  { $lookup: { from: 'bookings', localField: 'rider', foreignField: 'openid', as: 'mine' } },
  { $addFields: { mine: { $filter: { input: '$mine', as: 'b', cond: { $gt: ['$$b.startAt', new Date(Date.UTC(2026, 0, 2))] } } } } },
  { $project: { seats: 0, waiting: 0, queue: 0, checkinSecret: 0, rider: 0 } },
  { $limit: 1 }
]

describe('unreadFields', () => {
  test('the book path skips the queue and the check-in secret, not the fields it reads', () => {
    expect(unreadFields(bookRead('o1')).sort()).toEqual(['checkinSecret', 'queue'])
  })

  test('$unset drops like an exclusion', () => {
    expect(unreadFields([{ $match: { a: 1 } }, { $unset: ['b', 'a'] }])).toEqual(['b'])
    expect(unreadFields([{ $unset: 'b' }])).toEqual(['b'])
  })

  test('nothing when a stage could look at the whole document or the drop is not a plain exclusion', () => {
    const cases: Doc[][] = [
      [{ $addFields: { copy: '$$ROOT' } }, { $project: { b: 0 } }],
      [{ $addFields: { copy: '$$CURRENT.b' } }, { $project: { b: 0 } }],
      [{ $addFields: { x: { $let: { vars: { doc: '$$ROOT' }, in: '$$doc.b' } } } }, { $project: { b: 0 } }],
      [{ $match: { $where: 'this.b > 1' } }, { $project: { b: 0 } }],
      [{ $group: { _id: null } }, { $project: { b: 0 } }],
      [{ $lookup: { from: 'x', let: { v: '$a' }, pipeline: [], as: 'x' } }, { $project: { b: 0 } }],
      [{ $project: { a: 1 } }],
      [{ $project: { a: 0, b: 1 } }],
      [{ $project: { 'b.c': 0 } }],
      [{ $sort: { a: 1 } }],
      [{ $match: { a: 1 }, $limit: 1 }, { $project: { b: 0 } }]
    ]
    for (const stages of cases) expect(unreadFields(stages)).toEqual([])
  })

  test('a variable bound inside the expression reads only what its binding names', () => {
    const filtered = { $addFields: { x: { $filter: { input: '$b', as: 'v', cond: { $gt: ['$$v.n', 1] } } } } }
    expect(unreadFields([filtered, { $project: { b: 0, c: 0 } }])).toEqual(['c'])
    expect(unreadFields([{ $addFields: { at: '$$NOW' } }, { $project: { c: 0 } }])).toEqual(['c'])
  })

  test('a field an earlier stage names anywhere is kept', () => {
    expect(unreadFields([{ $match: { 'b.c': 1 } }, { $project: { b: 0, c: 0 } }])).toEqual(['c'])
    expect(unreadFields([{ $addFields: { x: { $size: '$b' } } }, { $project: { b: 0, c: 0 } }])).toEqual(['c'])
    expect(unreadFields([{ $sort: { c: -1 } }, { $project: { b: 0, c: 0 } }])).toEqual(['b'])
  })
})

describe('aggregate with fields left undecoded', () => {
  test('gives what mingo gives on the whole documents', () => {
    const db = Database.open({ dataDir: ':memory:', collections: [{ name: 'sessions' }, { name: 'courses' }, { name: 'bookings', indexes: [{ name: 'openid', keys: { openid: 1 } }] }] })
    try {
      db.insert('courses', [{ _id: 'c1', title: '瑜伽', policy: { weeklyLimit: 2 } }])
      db.insert(
        'bookings',
        Array.from({ length: 6 }, (_x, i) => ({ _id: `b${i}`, openid: i % 2 ? 'o1' : 'o3', sessionId: `s${i}`, startAt: new Date(Date.UTC(2026, 0, 1 + i)) }))
      )
      const sessions = Array.from({ length: 5 }, (_x, i) => ({
        _id: `s${i}`,
        courseId: i === 4 ? 'gone' : 'c1',
        capacity: 2,
        seats: { o1: { at: i }, o2: { at: i + 1 } },
        waiting: { o3: i },
        queue: Array.from({ length: 20 }, (_y, j) => ({ openid: `w${j}`, at: j })),
        checkinSecret: `secret-${i}`,
        startAt: new Date(Date.UTC(2026, 0, 1 + i))
      }))
      db.insert('sessions', sessions)
      const all = new Map<string, Doc[]>([
        ['sessions', db.find('sessions')],
        ['courses', db.find('courses')],
        ['bookings', db.find('bookings')]
      ])
      const options = queryOptions((name) => all.get(name) ?? [])
      for (const [query, stages] of [
        [{ _id: 's1' }, bookRead('o1')],
        [{ _id: 's4' }, bookRead('o3')],
        [{ capacity: 2 }, [{ $sort: { startAt: -1 } }, { $unset: ['queue', 'seats'] }, { $skip: 1 }]],
        [undefined, [{ $project: { queue: 0 } }, { $match: { 'waiting.o3': { $gte: 2 } } }]]
      ] as Array<[Doc | undefined, Doc[]]>) {
        const pipeline = query ? [{ $match: query }, ...stages] : stages
        const expected = new Aggregator(pipeline, options).run(all.get('sessions')!)
        expect(firstDifference(db.aggregate('sessions', pipeline), expected)).toBeUndefined()
      }
    } finally {
      db.close()
    }
  })
})
