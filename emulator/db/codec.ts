/**
 * Conversions between the CloudBase wire format (canonical EJSON strings), the documents the emulator works on
 * (plain JS objects with Date/RegExp values), and the bytes kept in SQLite (BSON, which preserves those types).
 */
import { BSONRegExp, EJSON, serialize } from 'bson'
import { randomBytes } from 'crypto'
import { decodeDocument } from './decode'

/** A document as the database holds it: BSON-decoded values (Date, RegExp, Binary …) under string keys; mingo's AnyObject. */
export type Doc = Record<string, unknown>

export function isDoc(value: unknown): value is Doc {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** BSON wrapper values (ObjectId, Long, Binary …) are kept whole, never walked into. */
function isBsonValue(value: object): boolean {
  return typeof (value as { _bsontype?: unknown })._bsontype === 'string'
}

/** JS RegExp supports no `x` (extended) flag; CloudBase/MongoDB options i, m, s map one to one. */
function toNativeRegExp(pattern: string, options: string): RegExp {
  const flags = Array.from(new Set(options.split('').filter((f) => 'imsu'.includes(f)))).join('')
  return new RegExp(pattern, flags)
}

/** Replaces BSON wrapper values that mingo does not understand with their native JS equivalents, in place. */
function nativize(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value
  if (value instanceof Date || value instanceof RegExp) return value
  if (value instanceof BSONRegExp) return toNativeRegExp(value.pattern, value.options)
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = nativize(value[i])
    return value
  }
  if (isBsonValue(value)) return value
  const record = value as Doc
  for (const k of Object.keys(record)) record[k] = nativize(record[k])
  return record
}

/**
 * Keys that make relaxed EJSON.parse turn an object into something else (a Date, a BSON wrapper, a DBRef, null):
 * bson 4's `deserializeValue`. Query and update operators (`$in`, `$set` …) are not among them.
 */
const EJSON_TYPE_KEYS = new Set([
  '$oid', '$binary', '$uuid', '$symbol', '$numberInt', '$numberDecimal', '$numberDouble', '$numberLong', '$minKey',
  '$maxKey', '$regex', '$regularExpression', '$timestamp', '$date', '$code', '$ref', '$dbPointer', '$undefined'
])

/** Whole numbers a double holds exactly, as `$numberLong` writes them: bson's Long reads these to the same number. */
const SAFE_LONG = /^-?\d{1,15}$/

/** Marks a value the fast reading leaves to bson. */
const GENERAL = Symbol('general')

/**
 * The relaxed reading of a `{$numberInt | $numberLong | $numberDouble | $date: …}` wrapper with that one key, as bson
 * gives it; GENERAL for any other wrapper or form.
 */
function readWrapper(key: string, inner: unknown): unknown {
  switch (key) {
    case '$numberInt':
      return typeof inner === 'string' ? parseInt(inner, 10) : GENERAL
    case '$numberDouble':
      return typeof inner === 'string' ? parseFloat(inner) : GENERAL
    case '$numberLong':
      return typeof inner === 'string' && SAFE_LONG.test(inner) ? Number(inner) : GENERAL
    case '$date': {
      if (typeof inner === 'string') return new Date(Date.parse(inner))
      const ms = typeof inner === 'number' ? inner : isDoc(inner) && Object.keys(inner).length === 1 ? readWrapper('$numberLong', inner.$numberLong) : GENERAL
      return typeof ms === 'number' ? new Date(ms) : GENERAL
    }
    default:
      return GENERAL
  }
}

/**
 * `value` (fresh from JSON.parse) read as relaxed EJSON.parse reads it, in place, for the forms the SDK writes:
 * plain JSON, numbers as `$numberInt`/`$numberLong`/`$numberDouble`, dates as `$date`. GENERAL for anything else.
 */
function readPlain(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item = readPlain(value[i])
      if (item === GENERAL) return GENERAL
      value[i] = item
    }
    return value
  }
  const record = value as Doc
  const keys = Object.keys(record)
  if (keys.length === 1 && EJSON_TYPE_KEYS.has(keys[0])) return readWrapper(keys[0], record[keys[0]])
  for (const key of keys) {
    if ((key.charCodeAt(0) === 36 && EJSON_TYPE_KEYS.has(key)) || key.includes('\x00')) return GENERAL
    const member = readPlain(record[key])
    if (member === GENERAL) return GENERAL
    record[key] = member
  }
  return record
}

/**
 * Decodes one EJSON string the SDK posted (query, data, order, projection, stage value). The SDK writes plain JSON
 * with numbers and dates wrapped (`{"$numberInt": "1"}`): those are read here in one pass over JSON.parse's result,
 * without bson's reviver called on every value; any other typed value goes to bson.
 */
export function decodeEJSON(text: string): unknown {
  const plain = readPlain(JSON.parse(text))
  if (plain !== GENERAL) return plain
  return nativize(EJSON.parse(text, { relaxed: true }))
}

/** Every value the database holds came from EJSON or BSON, so it serializes back; the cast only names that. */
function stringifyEJSON(value: unknown, relaxed: boolean): string {
  return EJSON.stringify(value as EJSON.SerializableTypes, { relaxed })
}

/** Deeper than any stored document (BSON nests at most 100 levels); past it the general encoder decides. */
const PLAIN_DEPTH = 128

/**
 * Whether JSON.stringify writes `value` exactly as relaxed EJSON.stringify does: strings, booleans, null, finite
 * numbers, arrays and plain objects without undefined members (EJSON writes those as null, JSON leaves them out).
 */
function isPlainValue(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true
    case 'number':
      return Number.isFinite(value)
    case 'undefined':
      // Only reached for array items, which both write as null.
      return true
    case 'object': {
      if (value === null) return true
      if (depth > PLAIN_DEPTH) return false
      if (Array.isArray(value)) {
        for (const item of value) if (!isPlainValue(item, depth + 1)) return false
        return true
      }
      const proto: unknown = Object.getPrototypeOf(value)
      if ((proto !== Object.prototype && proto !== null) || '_bsontype' in value) return false
      for (const key in value) {
        const member = (value as Doc)[key]
        if (member === undefined || !isPlainValue(member, depth + 1)) return false
      }
      return true
    }
    default:
      return false
  }
}

/**
 * Encodes a document for a response; the SDK parses it with EJSON.parse, so Dates and RegExps survive. Documents
 * here keep times as epoch ms numbers, so most hold nothing EJSON writes differently from JSON: those take
 * JSON.stringify alone, instead of bson's copy of the whole tree first.
 */
export function encodeEJSON(value: unknown): string {
  if (value !== undefined && isPlainValue(value, 0)) return JSON.stringify(value)
  return stringifyEJSON(value, true)
}

export function toBytes(doc: Doc): Buffer {
  return serialize(doc)
}

/** A stored document: what `deserialize(bytes, {promoteBuffers: true})` gives, read faster (decode.ts). */
export function fromBytes(bytes: Buffer): Doc {
  return decodeDocument(bytes)
}

/**
 * `db.serverDate({offset})` arrives as `{$tcb_server_date: {offset}}` anywhere in inserted or update data;
 * the server substitutes its own clock (`now`, the cloud's). Mutates and returns `value`.
 */
export function resolveServerDates(value: unknown, now: number): unknown {
  if (value === null || typeof value !== 'object' || value instanceof Date || value instanceof RegExp) return value
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = resolveServerDates(value[i], now)
    return value
  }
  if (isBsonValue(value)) return value
  const record = value as Doc
  const keys = Object.keys(record)
  if (keys.length === 1 && keys[0] === '$tcb_server_date') {
    const spec = record.$tcb_server_date
    const offset = Number(isDoc(spec) ? (spec.offset ?? 0) : 0)
    return new Date(now + (Number.isFinite(offset) ? offset : 0))
  }
  for (const k of keys) record[k] = resolveServerDates(record[k], now)
  return record
}

/** CloudBase document ids are 32 lowercase hex characters; a prefix of the creation time keeps them roughly in order. */
export function newDocId(now: number): string {
  const time = Math.floor(now / 1000).toString(16).padStart(8, '0')
  return time + randomBytes(12).toString('hex')
}

const TAG = '\u0001'

/**
 * Encodes a scalar for SQLite keys (document ids and index entries) so that two values get the same key exactly
 * when MongoDB equality holds for them: strings as themselves (the common case stays readable), other types tagged.
 */
export function encodeKey(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value.startsWith(TAG) ? TAG + 's' + value : value
    case 'number':
      return TAG + 'n' + String(value === 0 ? 0 : value)
    case 'boolean':
      return TAG + (value ? 'b1' : 'b0')
    case 'undefined':
      return TAG + 'z'
    case 'bigint':
      return TAG + 'n' + value.toString()
    default:
      if (value === null) return TAG + 'z'
      if (value instanceof Date) return TAG + 'd' + value.getTime()
      return TAG + 'j' + stringifyEJSON(value, false)
  }
}

/** Values that an equality lookup may answer through an index: the key is then exact. */
export function isIndexableScalar(value: unknown): boolean {
  const t = typeof value
  return t === 'string' || t === 'number' || t === 'boolean' || value instanceof Date
}
