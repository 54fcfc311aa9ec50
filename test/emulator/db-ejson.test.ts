/**
 * The wire's EJSON fast paths (emulator/db/codec.ts) against bson's EJSON: for random values — plain JSON, and the
 * values that must take the general way (Dates, regular expressions, BSON wrappers, non-finite numbers, undefined
 * members, EJSON type keys such as `$date` or `$oid`, keys bson refuses) — encodeEJSON writes exactly what
 * `EJSON.stringify(v, {relaxed: true})` writes, and decodeEJSON reads exactly what `EJSON.parse(text, {relaxed: true})`
 * reads (with bson's regular expressions as native ones, as the database works on them), from texts written relaxed
 * and canonical (the SDK's form: `{"$numberInt": "1"}`, `{"$date": {"$numberLong": "…"}}`).
 */
import { BSONRegExp, EJSON, Long, ObjectId } from 'bson'
import fc from 'fast-check'
import { decodeEJSON, encodeEJSON } from '../../emulator/db/codec'
import { firstDifference } from './support/same'

const RUNS = Number(process.env.EJSON_RUNS ?? 2000)
// Not `$date`: bson reads `{"$date": <a date>}` as the current time, so two readings never agree.
const KEYS = ['a', 'b', '_id', 'é', '$in', '$set', '$gt', '$oid', '$numberLong', '$regularExpression', '$ref', '$id', '$undefined', '__proto__', 'a\u0000b']

const scalar: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom('', '中文', '\u0000', '\uD800'),
  fc.integer(),
  fc.double(),
  fc.constantFrom(-0, 2 ** 31, 2 ** 53, Number.MAX_VALUE, Infinity, NaN),
  fc.boolean(),
  fc.constant(null)
)

const typed: fc.Arbitrary<unknown> = fc.oneof(
  fc.date({ noInvalidDate: true }),
  fc.constant(/a.b/i),
  fc.constant(new ObjectId('0123456789abcdef01234567')),
  fc.constant(Long.fromString('9007199254740993')),
  fc.constant(undefined)
)

const value = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    typed,
    fc.array(tie('node'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('node'), { maxKeys: 4 })
  )
})).node

/** What the database made of bson's EJSON.parse before the fast path: the same, regular expressions made native. */
function reference(text: string): unknown {
  const native = (v: unknown): unknown => {
    if (v instanceof BSONRegExp) return new RegExp(v.pattern, v.options)
    if (Array.isArray(v)) return v.map(native)
    if (v && typeof v === 'object' && !(v instanceof Date) && !('_bsontype' in v)) {
      for (const key of Object.keys(v)) (v as Record<string, unknown>)[key] = native((v as Record<string, unknown>)[key])
    }
    return v
  }
  return native(EJSON.parse(text, { relaxed: true }))
}

const outcome = <T>(fn: () => T): { ok: true; value: T } | { ok: false; error: string } => {
  try {
    return { ok: true, value: fn() }
  } catch (e) {
    return { ok: false, error: (e as Error).message }
  }
}

describe('EJSON on the wire', () => {
  test('encodeEJSON writes what EJSON.stringify writes', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(outcome(() => encodeEJSON(v))).toEqual(outcome(() => EJSON.stringify(v as EJSON.SerializableTypes, { relaxed: true })))
      }),
      { numRuns: RUNS }
    )
  })

  test('decodeEJSON reads what EJSON.parse reads', () => {
    fc.assert(
      fc.property(value, fc.boolean(), (v, relaxed) => {
        const written = outcome(() => EJSON.stringify(v as EJSON.SerializableTypes, { relaxed }))
        if (!written.ok) return
        const fast = outcome(() => decodeEJSON(written.value))
        const general = outcome(() => reference(written.value))
        if (!fast.ok || !general.ok) {
          expect(fast).toEqual(general)
          return
        }
        expect(firstDifference(fast.value, general.value)).toBeUndefined()
      }),
      { numRuns: RUNS }
    )
  })

  test('hand-written texts: operators stay plain, typed values and refused keys go through bson', () => {
    const texts = [
      '{"status":{"$in":["a","b"]},"n":{"$gt":1.5}}',
      '{"$set":{"seats.x":{"at":1}},"$inc":{"booked":1}}',
      '{"at":{"$date":"2026-01-01T00:00:00Z"}}',
      '{"id":{"$oid":"0123456789abcdef01234567"}}',
      '{"r":{"$regularExpression":{"pattern":"^a","options":"i"}}}',
      '{"u":{"$undefined":true}}',
      '{"a\\u0000b":1}',
      '[1,{"x":null}]',
      '{"writes.0":{"$lte":{"$numberLong":"1796067477917"}},"n":{"$numberInt":"-7"},"d":{"$numberDouble":"-0.0"}}',
      '{"big":{"$numberLong":"9223372036854775807"},"odd":{"$numberInt":"1.5e3"},"inf":{"$numberDouble":"Infinity"}}',
      '{"at":{"$date":{"$numberLong":"-62135596800000"}},"iso":{"$date":"2026-01-01T08:00:00+08:00"},"n":{"$date":5}}',
      '{"two":{"$numberInt":"1","x":2},"bad":{"$date":{"$numberLong":"1","x":1}},"nul":{"$numberInt":null}}',
      '12',
      '{"bad json"'
    ]
    for (const text of texts) {
      const fast = outcome(() => decodeEJSON(text))
      const general = outcome(() => reference(text))
      if (fast.ok && general.ok) expect(firstDifference(fast.value, general.value)).toBeUndefined()
      else expect(fast).toEqual(general)
    }
  })
})
