/**
 * The local database's fast aggregation path (emulator/db/pipeline.ts) against mingo, which it must match exactly:
 * random documents (nested objects, missing fields, nulls, arrays, mixed types, -0, NaN, dates) through random
 * pipelines of the stages it covers, followed now and then by a stage it does not (which mingo then runs on its
 * output). Sameness is strict: key order, -0, holes, prototypes (support/same.ts).
 *
 * The fields a pipeline reads (what the store decodes of each document) are checked the same way: the pipeline over
 * documents cut down to those fields answers what it answers over whole documents.
 */
import fc from 'fast-check'
import mingo, { Query } from 'mingo'
import type { Doc } from '../../emulator/db/codec'
import { fastPipeline, queryReads } from '../../emulator/db/pipeline'
import { queryOptions } from '../../emulator/db/operators'
import { firstDifference } from './support/same'

const options = queryOptions(() => [])
const RUNS = Number(process.env.PIPELINE_RUNS ?? 4000)

const FIELDS = ['a', 'b', 'c', 'g', 'n']
const PATHS = ['a', 'b', 'g', 'n', 'a.b', 'a.n', 'c.a', '_id']

type Value = unknown

const scalar: fc.Arbitrary<Value> = fc.oneof(
  fc.constantFrom<Value>(null, undefined, true, false, 0, -0, 1, 2, -1, 1.5, 0.1, 0.2, NaN, Infinity, -Infinity, 10, 1e21),
  fc.constantFrom<Value>('', 'a', 'b', 'B', 'ab', '10', '2', 'é', '中', '$a'),
  fc.integer({ min: -1, max: 2 }).map((i) => (i < 0 ? new Date(NaN) : new Date(i * 1000)))
)

const { value } = fc.letrec<{ value: Value; array: Value[]; object: Doc }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', maxDepth: 3 }, scalar, scalar, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 3 }),
  object: fc.array(fc.tuple(fc.constantFrom('a', 'b', 'n', 'c'), tie('value')), { maxLength: 3 }).map((entries) => Object.fromEntries(entries))
}))

/** Mostly what stored documents hold: strings, numbers, null, dates, small objects, an array of those in `a`. */
const plain: fc.Arbitrary<Value> = fc.oneof(
  fc.constantFrom<Value>(null, 0, -0, 1, 2, 1.5, 'a', 'b', 'B', '', true),
  fc.integer({ min: 0, max: 2 }).map((i) => new Date(i * 1000)),
  fc.record({ b: fc.constantFrom<Value>(1, 2, 'a', null), n: fc.constantFrom<Value>(1, 2.5, -0) }, { requiredKeys: [] })
)
const plainEntry = fc.oneof(
  fc.tuple(fc.constantFrom('b', 'c', 'g', 'n'), plain),
  fc.tuple(fc.constant('a'), fc.oneof(plain, fc.array(plain, { maxLength: 3 })))
)

const docs: fc.Arbitrary<Doc[]> = fc
  .array(fc.oneof(fc.array(fc.tuple(fc.constantFrom(...FIELDS), value), { maxLength: 5 }), fc.array(plainEntry, { maxLength: 5 })), { maxLength: 12 })
  .map((rows) => rows.map((entries, i) => ({ _id: i % 3 === 0 ? `d${i}` : i, ...Object.fromEntries(entries) })))

const fieldRef = fc.constantFrom(...PATHS).map((p) => `$${p}`)
const constant = fc.oneof({ weight: 9, arbitrary: fc.constantFrom<Value>(1, 0, 2.5, -1, 'x', null, true) }, { weight: 1, arbitrary: fc.constant(NaN) })
const expression = fc.oneof(
  { weight: 6, arbitrary: fieldRef },
  { weight: 2, arbitrary: constant },
  { weight: 1, arbitrary: fc.array(fieldRef, { minLength: 1, maxLength: 2 }) }
)

const accumulator = fc.oneof(
  fc.record({ $sum: fc.oneof(fieldRef, constant) }),
  fc.record({ $avg: expression }),
  fc.record({ $min: expression }),
  fc.record({ $max: expression }),
  fc.record({ $first: expression }),
  fc.record({ $last: expression }),
  fc.record({ $push: expression }),
  fc.record({ $addToSet: expression }),
  fc.constant({ $count: {} })
)

const groupId = fc.oneof(
  fc.constant(null),
  fieldRef,
  constant,
  fc.array(fc.tuple(fc.constantFrom('x', 'y', 'z'), fc.oneof(fieldRef, constant)), { maxLength: 3 }).map((entries) => Object.fromEntries(entries)),
  fc.record({ x: fieldRef, y: fc.record({ z: fieldRef }) })
)

const stage: fc.Arbitrary<Doc> = fc.oneof(
  fc.record({ $match: fc.oneof(
    fc.record({ a: scalar }),
    fc.record({ n: fc.record({ $gt: fc.integer({ min: -1, max: 2 }) }) }),
    fc.record({ $or: fc.constant([{ b: null }, { 'a.b': { $exists: true } }]) })
  ) }),
  fc.record({
    $project: fc.oneof(
      fc.subarray(['a', 'b', 'c', 'g', 'n', '_id'], { minLength: 1 }).chain((keys) =>
        fc.tuple(fc.constant(keys), fc.array(fc.constantFrom<Value>(1, true, 2, -1), { minLength: keys.length, maxLength: keys.length })).map(([ks, vs]) => Object.fromEntries(ks.map((k, i) => [k, vs[i]])))
      ),
      fc.subarray(['a', 'b', 'c', 'g', 'n'], { minLength: 1 }).map((keys) => ({ _id: 0, ...Object.fromEntries(keys.map((k) => [k, 1])) })),
      fc.subarray(['a', 'b', 'c', 'g', 'n', '_id'], { minLength: 1 }).map((keys) => Object.fromEntries(keys.map((k) => [k, 0]))),
      fc.constant({}),
      fc.constant({ a: 1, b: 0 }),
      fc.constant({ 'a.b': 1 })
    )
  }),
  fc.record({
    $unwind: fc.oneof(
      fc.constantFrom('$a', '$b', '$a.b', '$c.a', '$n'),
      fc.record({ path: fc.constantFrom('$a', '$a.b', '$b'), preserveNullAndEmptyArrays: fc.boolean() })
    )
  }),
  fc.record({ $group: fc.tuple(groupId, fc.array(fc.tuple(fc.constantFrom('s', 't', 'u', 'v'), accumulator), { maxLength: 4 })).map(([id, accs]) => ({ _id: id, ...Object.fromEntries(accs) })) }),
  fc.record({
    $sort: fc
      .array(fc.tuple(fc.constantFrom('a', 'b', 'n', 'a.b', '_id', '_id.x', 's'), fc.constantFrom(1, -1)), { minLength: 1, maxLength: 3 })
      .map((entries) => Object.fromEntries(entries))
  }),
  fc.record({ $skip: fc.integer({ min: 0, max: 4 }) }),
  fc.record({ $limit: fc.integer({ min: 0, max: 6 }) }),
  fc.constant({ $count: 'n' }),
  fc.constant({ $addFields: { k: 1 } })
)

const pipelines = fc.array(stage, { minLength: 1, maxLength: 5 })

/** A deep copy made in this realm (structuredClone's objects have another realm's Object.prototype). */
function clone(value: unknown): unknown {
  if (value instanceof Date) return new Date(value.getTime())
  if (Array.isArray(value)) return value.map(clone)
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, clone(v)]))
  return value
}

/** Stored documents are fresh for every read: each side gets its own copy (mingo's $unwind changes its input). */
const copy = (rows: Doc[]): Doc[] => rows.map((row) => clone(row) as Doc)

function viaMingo(rows: Doc[], pipeline: Doc[]): { ok: true; out: Doc[] } | { ok: false } {
  try {
    return { ok: true, out: mingo.aggregate(copy(rows), pipeline, options) }
  } catch {
    return { ok: false }
  }
}

/** Runs `pipeline` both ways and expects the same answer; tells whether the fast path answered. */
function compare(rows: Doc[], pipeline: Doc[]): 'fast' | 'handed back' | 'not covered' {
  const expected = viaMingo(rows, pipeline)
  const plan = fastPipeline(pipeline, options)
  if (plan.length === 0) return 'not covered'
  const head = plan.run(copy(rows))
  if (head === undefined) return 'handed back'
  const rest = pipeline.slice(plan.length)
  let actual: Doc[]
  try {
    actual = rest.length === 0 ? head : mingo.aggregate(head, rest, options)
  } catch {
    // mingo rejects the rest of the pipeline whichever way its input was made.
    expect(expected.ok).toBe(false)
    return 'fast'
  }
  expect(expected.ok).toBe(true)
  if (expected.ok) expect(firstDifference(actual, expected.out)).toBeUndefined()
  return 'fast'
}

test('the fast path gives exactly what mingo gives, on random documents and pipelines', () => {
  const seen = { fast: 0, 'handed back': 0, 'not covered': 0 }
  fc.assert(
    fc.property(docs, pipelines, (rows, pipeline) => {
      seen[compare(rows, pipeline)]++
    }),
    { numRuns: RUNS }
  )
  // The generated cases must mostly run the fast path, not hand everything back.
  expect(seen.fast).toBeGreaterThan(seen['handed back'] * 3)
})

test('grouping, unwinding and sorting match mingo on documents of the kinds the functions store', () => {
  const plainDocs = fc
    .array(fc.array(plainEntry, { maxLength: 5 }), { maxLength: 16 })
    .map((rows) => rows.map((entries, i) => ({ _id: i % 2 === 0 ? `d${i}` : i, ...Object.fromEntries(entries) })))
  const group = stage.filter((s) => '$group' in s)
  const sort = stage.filter((s) => '$sort' in s)
  const shapes = fc.oneof(
    group.map((g) => [g]),
    fc.tuple(fc.constantFrom<Doc>({ $unwind: '$a' }, { $unwind: { path: '$a', preserveNullAndEmptyArrays: true } }), group, sort).map((p) => [...p]),
    fc.tuple(group, sort, fc.record({ $limit: fc.integer({ min: 1, max: 3 }) })).map((p) => [...p])
  )
  const seen = { fast: 0, 'handed back': 0, 'not covered': 0 }
  fc.assert(
    fc.property(plainDocs, shapes, (rows, pipeline) => {
      seen[compare(rows, pipeline)]++
    }),
    { numRuns: RUNS }
  )
  expect(seen.fast).toBeGreaterThan(seen['handed back'])
})

test('a pipeline over documents cut down to the fields it reads answers as over whole documents', () => {
  const queries = fc.oneof(fc.constant(undefined), fc.constant({ a: 1 }), fc.constant({ 'c.a': { $ne: null } }), fc.constant({ $or: [{ b: 'a' }, { n: 2 }] }))
  fc.assert(
    fc.property(docs, queries, pipelines, (rows, query, pipeline) => {
      const reads = query === undefined ? [] : queryReads(query)
      const selection = fastPipeline(pipeline, options).fields(reads)
      if (selection === undefined) return
      const cut = rows.map((row) => Object.fromEntries(Object.entries(row).filter(([k]) => ('only' in selection ? selection.only.includes(k) : !selection.except.includes(k)))))
      const full = viaMingo(rows, query === undefined ? pipeline : [{ $match: query }, ...pipeline])
      const partial = viaMingo(cut, query === undefined ? pipeline : [{ $match: query }, ...pipeline])
      expect(partial.ok).toBe(full.ok)
      if (full.ok && partial.ok) expect(firstDifference(partial.out, full.out)).toBeUndefined()
    }),
    { numRuns: RUNS / 2 }
  )
})

test('a query tested on only the top-level fields it reads matches as on whole documents', () => {
  const condition = fc.oneof(
    scalar,
    fc.record({ $exists: fc.boolean() }),
    fc.record({ $ne: scalar }),
    fc.record({ $in: fc.array(scalar, { maxLength: 3 }) }),
    fc.record({ $gt: scalar }),
    fc.record({ $elemMatch: fc.record({ b: scalar }) }),
    fc.record({ $size: fc.integer({ min: 0, max: 2 }) })
  )
  const leaf = fc.array(fc.tuple(fc.constantFrom(...PATHS), condition), { minLength: 1, maxLength: 2 }).map((entries) => Object.fromEntries(entries))
  const query = fc.oneof(leaf, fc.record({ $or: fc.array(leaf, { minLength: 1, maxLength: 2 }) }), fc.record({ $nor: fc.array(leaf, { minLength: 1, maxLength: 2 }) }))
  fc.assert(
    fc.property(docs, query, (rows, generated) => {
      // As the wire API parses them: plain objects.
      const q = clone(generated) as Doc
      const reads = queryReads(q)
      expect(reads).toBeDefined()
      const compiled = new Query(q, options)
      for (const row of copy(rows)) {
        const cut = Object.fromEntries(Object.entries(row).filter(([k]) => reads?.includes(k)))
        expect(compiled.test(cut)).toBe(compiled.test(row))
      }
    }),
    { numRuns: RUNS / 2 }
  )
})

test('values mingo orders in its own way hand the pipeline back instead of answering differently', () => {
  const rows = [
    { _id: 1, g: 'a', n: [3, 1] },
    { _id: 2, g: 'a', n: 2 }
  ]
  expect(fastPipeline([{ $group: { _id: '$g', low: { $min: '$n' } } }], options).run(copy(rows))).toBeUndefined()
  expect(fastPipeline([{ $sort: { n: 1 } }], options).run(copy(rows))).toBeUndefined()
  expect(fastPipeline([{ $group: { _id: '$g', n: { $sum: '$n' } } }], options).run(copy(rows))).toEqual([{ _id: 'a', n: 2 }])
})

test('ties are broken as mingo breaks them: $min keeps the first of equal values, $max the last, $sort the row order', () => {
  const rows = [
    { _id: 1, g: 'a', n: 0, at: new Date(5) },
    { _id: 2, g: 'a', n: -0, at: new Date(5) },
    { _id: 3, g: 'b', n: -0 },
    { _id: 4, g: 'b', n: 0 }
  ]
  for (const pipeline of [
    [{ $group: { _id: '$g', low: { $min: '$n' }, high: { $max: '$n' }, first: { $min: '$at' }, last: { $max: '$at' }, set: { $addToSet: '$n' } } }],
    [{ $sort: { n: -1, at: 1 } }],
    [{ $group: { _id: '$n', ids: { $push: '$_id' } } }]
  ]) {
    expect(compare(rows, pipeline)).toBe('fast')
  }
  const [a, b] = fastPipeline([{ $group: { _id: '$g', low: { $min: '$n' }, high: { $max: '$n' } } }], options).run(copy(rows)) ?? []
  expect([Object.is(a.low, 0), Object.is(a.high, -0), Object.is(b.low, -0), Object.is(b.high, 0)]).toEqual([true, true, true, true])
})

test('the survey results pipeline is covered whole, and reads only the fields it groups', () => {
  const pipeline = [
    { $project: { facets: 1, group: 1, channel: 1 } },
    { $unwind: '$facets' },
    {
      $group: {
        _id: { q: '$facets.q', v: '$facets.v', group: '$group', channel: '$channel' },
        count: { $sum: 1 },
        sum: { $sum: '$facets.n' },
        min: { $min: '$facets.n' },
        max: { $max: '$facets.n' }
      }
    },
    { $sort: { '_id.q': 1, '_id.v': 1, '_id.group': 1, '_id.channel': 1 } },
    { $skip: 0 },
    { $limit: 1000 }
  ]
  const plan = fastPipeline(pipeline, options)
  expect(plan.length).toBe(pipeline.length)
  expect(plan.fields(['surveyId', 'status'])).toEqual({ only: ['surveyId', 'status', 'channel', 'facets', 'group', '_id'] })
  const rows = [
    { _id: 'r1', group: 'rider', channel: 'self', facets: [{ q: 'hours', v: 'after21' }, { q: 'days', v: null, n: 6 }, { q: 'days', v: null, n: 5 }] },
    { _id: 'r2', group: 'rider', channel: 'self', facets: [{ q: 'days', v: null, n: 7 }, { q: 'needs' }] },
    { _id: 'r3', group: 'resident', channel: 'proxy', facets: [] }
  ]
  const expected = mingo.aggregate(copy(rows), pipeline, options)
  expect(plan.run(copy(rows))).toEqual(expected)
  expect(expected).toEqual([
    { _id: { q: 'days', v: null, group: 'rider', channel: 'self' }, count: 3, sum: 18, min: 5, max: 7 },
    { _id: { q: 'hours', v: 'after21', group: 'rider', channel: 'self' }, count: 1, sum: 0, min: null, max: null },
    { _id: { q: 'needs', v: undefined, group: 'rider', channel: 'self' }, count: 1, sum: 0, min: null, max: null }
  ])
})
