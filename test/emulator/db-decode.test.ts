/**
 * The local database's document reader (emulator/db/decode.ts) against bson's: random documents — every value kind
 * the SDK stores, plus kinds it hands back to bson (binary, regular expressions, ObjectIds, 64-bit integers, `$` and
 * `__proto__` keys, U+FFFD) — decode to exactly what `bson.deserialize(bytes, {promoteBuffers: true})` gives, and a
 * reader of selected fields gives exactly those fields of it (or, where it handed back, the whole document).
 */
import { Binary, Long, ObjectId, deserialize, serialize } from 'bson'
import fc from 'fast-check'
import type { Doc } from '../../emulator/db/codec'
import { decodeDocument, fieldReader } from '../../emulator/db/decode'
import { firstDifference } from './support/same'

const RUNS = Number(process.env.DECODE_RUNS ?? 3000)
const KEYS = ['a', 'b', 'n', '_id', 'é', 'longer key name', '0', '$x', '__proto__']

const common: fc.Arbitrary<unknown> = fc.oneof(
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
  fc.constantFrom('', 'a', '中文字段', '\u0000x', '\uFFFD', '\uD800'),
  fc.integer(),
  fc.double(),
  fc.constantFrom(-0, 2 ** 31, -(2 ** 31) - 1, 2 ** 53, Number.MAX_VALUE),
  fc.boolean(),
  fc.constant(null),
  fc.date({ noInvalidDate: false })
)

const handedBack: fc.Arbitrary<unknown> = fc.oneof(
  fc.uint8Array({ maxLength: 4 }).map((bytes) => Buffer.from(bytes)),
  fc.constant(new Binary(Buffer.from([1, 2]), 4)),
  fc.constant(/a+b/i),
  fc.constant(new ObjectId('0123456789abcdef01234567')),
  fc.constant(Long.fromString('9007199254740993')),
  fc.constant(undefined)
)

const { value } = fc.letrec<{ value: unknown; object: Doc; array: unknown[] }>((tie) => ({
  value: fc.oneof({ depthSize: 'small', maxDepth: 3 }, { weight: 6, arbitrary: common }, { weight: 1, arbitrary: handedBack }, tie('object'), tie('array')),
  object: fc.array(fc.tuple(fc.constantFrom(...KEYS), tie('value')), { maxLength: 5 }).map((entries) => Object.fromEntries(entries)),
  array: fc.array(tie('value'), { maxLength: 4 })
}))

const documents = fc.array(fc.tuple(fc.constantFrom(...KEYS), value), { maxLength: 8 }).map((entries): Doc => Object.fromEntries(entries))

const bsonRead = (bytes: Buffer): Doc => deserialize(bytes, { promoteBuffers: true })

test('stored documents decode exactly as bson decodes them', () => {
  fc.assert(
    fc.property(documents, (doc) => {
      const bytes = serialize(doc)
      expect(firstDifference(decodeDocument(bytes), bsonRead(bytes))).toBeUndefined()
    }),
    { numRuns: RUNS }
  )
})

test('a reader of selected fields gives exactly those fields, in stored order, or the whole document', () => {
  fc.assert(
    fc.property(documents, fc.subarray(KEYS), fc.boolean(), (doc, names, only) => {
      const bytes = serialize(doc)
      const whole = bsonRead(bytes)
      const read = fieldReader(only ? { only: names } : { except: names })(bytes)
      const picked = Object.fromEntries(Object.entries(whole).filter(([key]) => names.includes(key) === only))
      const sameAsPicked = firstDifference(read, picked) === undefined
      expect(sameAsPicked || firstDifference(read, whole) === undefined).toBe(true)
    }),
    { numRuns: RUNS }
  )
})

test('documents of the kinds the functions store are read without handing back', () => {
  const doc = { _id: 'r1', n: 3, x: 1.5, at: new Date(7), ok: true, none: null, tags: ['a', 'b'], facets: [{ q: 'group', v: 'rider' }, { q: 'days', v: null, n: 6 }] }
  const bytes = serialize(doc)
  expect(decodeDocument(bytes)).toEqual(doc)
  expect(fieldReader({ only: ['facets', '_id'] })(bytes)).toEqual({ _id: 'r1', facets: doc.facets })
  expect(fieldReader({ except: ['facets', 'tags'] })(bytes)).toEqual({ _id: 'r1', n: 3, x: 1.5, at: new Date(7), ok: true, none: null })
})
