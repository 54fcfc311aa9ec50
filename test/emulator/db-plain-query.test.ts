/**
 * The matcher for plain queries (emulator/db/plain-query.ts) gives exactly what mingo gives: on random documents
 * (scalars, nulls, Dates, arrays, nested objects, missing fields) and random queries of the operators it covers, with
 * operands it covers and some it leaves to mingo.
 */
import fc from 'fast-check'
import { Query } from 'mingo/query'
import type { Doc } from '../../emulator/db'
import { queryOptions } from '../../emulator/db/operators'
import { plainQuery } from '../../emulator/db/plain-query'

const options = queryOptions(() => [])
const mingoTest = (query: Doc) => {
  const q = new Query(query, options)
  return (doc: Doc) => q.test(doc)
}

// Few distinct values, so that conditions often meet their operand exactly (the edges of $lte, $in, $ne).
const dates = [new Date(Date.UTC(2026, 0, 1)), new Date(Date.UTC(2026, 5, 1))]
const plainScalar = fc.oneof(fc.integer({ min: -2, max: 2 }), fc.constantFrom('a', 'b', ''), fc.boolean(), fc.constantFrom(...dates))
const scalar = fc.oneof({ weight: 4, arbitrary: plainScalar }, fc.constant(null), fc.constantFrom('1', 1.5))
const value = fc.oneof({ weight: 4, arbitrary: scalar }, fc.array(scalar, { maxLength: 3 }), fc.record({ x: scalar }, { requiredKeys: [] }))
const documents = fc.record(
  {
    a: value,
    b: value,
    n: fc.oneof(fc.record({ x: value, list: fc.array(value, { maxLength: 2 }) }, { requiredKeys: [] }), scalar),
    list: fc.array(fc.oneof(scalar, fc.record({ x: scalar })), { maxLength: 3 })
  },
  { requiredKeys: [] }
)
const path = fc.oneof({ weight: 3, arbitrary: fc.constantFrom('a', 'b', 'n.x') }, fc.constantFrom('a.x', 'n.list', 'n.x.x', 'list', 'list.0', 'list.x', 'missing'))
// Mostly operands the matcher covers, so that most queries are plain; the rest must be left to mingo.
const operand = fc.oneof(
  { weight: 4, arbitrary: plainScalar },
  { weight: 2, arbitrary: fc.array(plainScalar, { minLength: 1, maxLength: 3 }) },
  { weight: 1, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(scalar, { maxLength: 3 }) }
)
const comparison = fc.oneof(
  fc.record({ op: fc.constantFrom('$eq', '$ne', '$lt', '$lte', '$gt', '$gte', '$in'), operand }),
  fc.record({ op: fc.constant('$exists'), operand: fc.boolean() })
)
const pathQuery = fc
  .tuple(path, fc.oneof(plainScalar, scalar, fc.array(comparison, { minLength: 1, maxLength: 2 })))
  .map(([p, spec]) => ({ [p]: Array.isArray(spec) ? Object.fromEntries(spec.map(({ op, operand: o }) => [op, o])) : spec }))
const queries = fc.oneof(
  fc.array(pathQuery, { minLength: 1, maxLength: 3 }).map((parts) => Object.assign({}, ...parts) as Doc),
  fc.array(pathQuery, { minLength: 1, maxLength: 3 }).map((parts) => ({ $and: parts }))
)

describe('plain queries', () => {
  test('match exactly what mingo matches, asking mingo only where the answer is not plain', () => {
    let answeredPlainly = 0
    let askedMingo = 0
    fc.assert(
      // Stored documents come decoded, as ordinary objects (fast-check also makes some without a prototype).
      fc.property(queries, fc.array(documents, { minLength: 1, maxLength: 6 }).map((docs) => structuredClone(docs) as Doc[]), (query, docs) => {
        const expected = mingoTest(query)
        const test = plainQuery(query, () => {
          const slow = mingoTest(query)
          return (doc) => (askedMingo++, slow(doc))
        })
        if (!test) return
        for (const doc of docs) {
          const before = askedMingo
          expect([query, doc, test(doc)]).toEqual([query, doc, expected(doc)])
          if (askedMingo === before) answeredPlainly++
        }
      }),
      { numRuns: 3000 }
    )
    // Most documents are answered without mingo; the property would otherwise say little.
    expect(answeredPlainly).toBeGreaterThan(askedMingo)
  })

  test('every operator on every kind of value, operand by operand, as mingo', () => {
    const operands: unknown[] = [-1, 0, 1, 1.5, 'a', '', true, false, ...dates, null, [0, 1], ['a', true], [], { x: 0 }]
    const values: unknown[] = [undefined, null, -1, 0, 1, 1.5, Number.NaN, 'a', '', '0', true, false, ...dates, [0], [], { x: 0 }]
    let plain = 0
    for (const op of ['$eq', '$ne', '$lt', '$lte', '$gt', '$gte', '$in', '$exists']) {
      for (const operand of operands) {
        const query = { 'n.a': { [op]: operand } }
        const test = plainQuery(query, () => mingoTest(query))
        if (!test) continue
        for (const value of values) {
          const doc: Doc = value === undefined ? { n: {} } : { n: { a: value } }
          if (Array.isArray(value)) continue
          plain++
          expect([op, operand, value, test(doc)]).toEqual([op, operand, value, mingoTest(query)(doc)])
        }
      }
    }
    expect(plain).toBeGreaterThan(300)
  })

  test('the book path’s seat claim is plain; operands it does not cover are left to mingo', () => {
    const claim = { _id: 's1', 'seats.o1': { $exists: false }, booked: { $lt: 30 }, status: 'open' }
    const test = plainQuery(claim, () => {
      throw new Error('mingo was asked')
    })
    expect(test?.({ _id: 's1', seats: { o2: { at: 1 } }, booked: 29, status: 'open' })).toBe(true)
    expect(test?.({ _id: 's1', seats: { o1: { at: 1 } }, booked: 29, status: 'open' })).toBe(false)
    expect(test?.({ _id: 's1', seats: {}, booked: 30, status: 'open' })).toBe(false)
    for (const query of [{ a: null }, { a: { $in: [null] } }, { a: { $regex: 'x' } }, { a: { $elemMatch: { x: 1 } } }, { $or: [{ a: 1 }] }, { a: { b: 1 } }, { a: {} }, { a: { $lt: 'x' } }]) {
      expect(plainQuery(query, () => mingoTest(query))).toBeUndefined()
    }
  })
})
