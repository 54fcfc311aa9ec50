/**
 * Conversions between the CloudBase wire format (canonical EJSON strings), the documents the emulator works on
 * (plain JS objects with Date/RegExp values), and the bytes kept in SQLite (BSON, which preserves those types).
 */
import { BSONRegExp, EJSON, deserialize, serialize } from 'bson'
import { randomBytes } from 'crypto'

export type Doc = Record<string, any>

/** JS RegExp supports no `x` (extended) flag; CloudBase/MongoDB options i, m, s map one to one. */
function toNativeRegExp(pattern: string, options: string): RegExp {
  const flags = Array.from(new Set(options.split('').filter((f) => 'imsu'.includes(f)))).join('')
  return new RegExp(pattern, flags)
}

/** Replaces BSON wrapper values that mingo does not understand with their native JS equivalents. */
function nativize(value: any): any {
  if (value === null || typeof value !== 'object') return value
  if (value instanceof Date || value instanceof RegExp) return value
  if (value instanceof BSONRegExp) return toNativeRegExp(value.pattern, value.options)
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = nativize(value[i])
    return value
  }
  if (typeof value._bsontype === 'string') return value
  for (const k of Object.keys(value)) value[k] = nativize(value[k])
  return value
}

/** Decodes one EJSON string the SDK posted (query, data, order, projection, stage value). */
export function decodeEJSON(text: string): any {
  return nativize(EJSON.parse(text, { relaxed: true }))
}

/** Encodes a document for a response; the SDK parses it with EJSON.parse, so Dates and RegExps survive. */
export function encodeEJSON(value: unknown): string {
  return EJSON.stringify(value as any, { relaxed: true })
}

export function toBytes(doc: Doc): Buffer {
  return serialize(doc)
}

export function fromBytes(bytes: Buffer): Doc {
  return deserialize(bytes, { promoteBuffers: true })
}

/**
 * `db.serverDate({offset})` arrives as `{$tcb_server_date: {offset}}` anywhere in inserted or update data;
 * the server substitutes its own clock. Mutates and returns `value`.
 */
export function resolveServerDates(value: any, now: number): any {
  if (value === null || typeof value !== 'object' || value instanceof Date || value instanceof RegExp) return value
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = resolveServerDates(value[i], now)
    return value
  }
  if (typeof value._bsontype === 'string') return value
  const keys = Object.keys(value)
  if (keys.length === 1 && keys[0] === '$tcb_server_date') {
    const offset = Number(value.$tcb_server_date?.offset ?? 0)
    return new Date(now + (Number.isFinite(offset) ? offset : 0))
  }
  for (const k of keys) value[k] = resolveServerDates(value[k], now)
  return value
}

/** CloudBase document ids are 32 lowercase hex characters; a time prefix keeps them roughly in creation order. */
export function newDocId(): string {
  const time = Math.floor(Date.now() / 1000).toString(16).padStart(8, '0')
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
      return TAG + 'j' + EJSON.stringify(value as any, { relaxed: false })
  }
}

/** Values that an equality lookup may answer through an index: the key is then exact. */
export function isIndexableScalar(value: unknown): boolean {
  const t = typeof value
  return t === 'string' || t === 'number' || t === 'boolean' || value instanceof Date
}
