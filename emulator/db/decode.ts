/**
 * Reading stored documents (BSON) back into values, faster than the bson package's reader, and optionally leaving
 * out top-level fields that a query never looks at.
 *
 * Why a reader of its own: bson 4's reader sets up its options, a DataView and a validation set again for every
 * embedded object, so decoding 100,000 survey responses (each with a list of small facet objects) took seconds. This
 * one reads the types the documents here are made of — doubles, 32-bit integers, strings, objects, arrays, booleans,
 * dates and null — and gives any document it is not sure about back to bson whole: another type, a `$` key (bson
 * may turn such an object into a DBRef), a `__proto__` key, a string that is not clean UTF-8, or sizes that do not
 * add up. So a value always comes out exactly as bson would give it (test/emulator/db-decode.test.ts checks this on
 * random documents).
 */
import { deserialize } from 'bson'
import type { Doc } from './codec'

/** Which top-level fields to decode: the named ones (`only`) or all but the named ones (`except`). */
export type FieldSelection = { only: readonly string[] } | { except: readonly string[] }

/** Thrown inside the reader when a document needs bson's own reader; never leaves this module. */
const handBack = new Error('decode with bson')

const DOUBLE = 0x01
const STRING = 0x02
const OBJECT = 0x03
const ARRAY = 0x04
const BINARY = 0x05
const UNDEFINED = 0x06
const OBJECT_ID = 0x07
const BOOLEAN = 0x08
const DATE = 0x09
const NULL = 0x0a
const REGEXP = 0x0b
const DB_POINTER = 0x0c
const CODE = 0x0d
const SYMBOL = 0x0e
const CODE_WITH_SCOPE = 0x0f
const INT32 = 0x10
const TIMESTAMP = 0x11
const INT64 = 0x12
const DECIMAL128 = 0x13
const MIN_KEY = 0xff
const MAX_KEY = 0x7f
const DOLLAR = 0x24
const TWO_POW_32 = 4294967296
/** Strings up to this many bytes are read in JavaScript when they are ASCII: cheaper than a call into the runtime. */
const SHORT_STRING = 24

/** The options every stored document has been read with (emulator/db/codec.ts fromBytes). */
const BSON_OPTIONS = { promoteBuffers: true }

const NOTHING = Buffer.alloc(0)
let buf: Buffer = NOTHING
let view: DataView = new DataView(NOTHING.buffer, 0, 0)
let pos = 0

function int32At(at: number): number {
  return buf[at] | (buf[at + 1] << 8) | (buf[at + 2] << 16) | (buf[at + 3] << 24)
}

/** Bytes [start, end) as bson reads them (utf8, replacement characters never silently accepted). */
function text(start: number, end: number): string {
  if (end - start <= SHORT_STRING) {
    let ascii = ''
    for (let i = start; i < end; i++) {
      const byte = buf[i]
      if (byte >= 0x80) return utf8(start, end)
      ascii += String.fromCharCode(byte)
    }
    return ascii
  }
  return utf8(start, end)
}

function utf8(start: number, end: number): string {
  const value = buf.toString('utf8', start, end)
  // bson throws on malformed UTF-8 and keeps a U+FFFD that was really written; it decides which this is.
  if (value.indexOf('\uFFFD') !== -1) throw handBack
  return value
}

/** The element name at `pos` (a C string); leaves `pos` after its terminator. */
function nameEnd(limit: number): number {
  let i = pos
  while (i < limit && buf[i] !== 0) i++
  if (i >= limit) throw handBack
  return i
}

function readValue(type: number, limit: number): unknown {
  switch (type) {
    case DOUBLE: {
      const value = view.getFloat64(pos, true)
      pos += 8
      return value
    }
    case STRING: {
      const size = int32At(pos)
      const start = pos + 4
      const end = start + size - 1
      if (size <= 0 || end >= limit || buf[end] !== 0) throw handBack
      pos = end + 1
      return text(start, end)
    }
    case OBJECT:
      return readObject(limit)
    case ARRAY:
      return readArray(limit)
    case BOOLEAN: {
      const byte = buf[pos++]
      if (byte === 1) return true
      if (byte === 0) return false
      throw handBack
    }
    case DATE: {
      const low = int32At(pos)
      const high = int32At(pos + 4)
      pos += 8
      return new Date(high * TWO_POW_32 + (low >>> 0))
    }
    case NULL:
      return null
    case INT32: {
      const value = int32At(pos)
      pos += 4
      return value
    }
    default:
      throw handBack
  }
}

/** An embedded document's bounds: [pos + 4, end), checked against its container's `limit`. */
function embeddedEnd(limit: number): number {
  const size = int32At(pos)
  const end = pos + size
  if (size < 5 || end > limit || buf[end - 1] !== 0) throw handBack
  pos += 4
  return end
}

function readObject(limit: number): Doc {
  const end = embeddedEnd(limit)
  const object: Doc = {}
  for (;;) {
    if (pos >= end) throw handBack
    const type = buf[pos++]
    if (type === 0) break
    const stop = nameEnd(end)
    if (buf[pos] === DOLLAR) throw handBack
    const name = text(pos, stop)
    if (name === '__proto__') throw handBack
    pos = stop + 1
    object[name] = readValue(type, end)
  }
  if (pos !== end) throw handBack
  return object
}

/** Arrays are read by position, as bson does: the element names are not looked at. */
function readArray(limit: number): unknown[] {
  const end = embeddedEnd(limit)
  const array: unknown[] = []
  for (;;) {
    if (pos >= end) throw handBack
    const type = buf[pos++]
    if (type === 0) break
    pos = nameEnd(end) + 1
    array.push(readValue(type, end))
  }
  if (pos !== end) throw handBack
  return array
}

/** Moves `pos` past a value of `type` without decoding it. */
function skipValue(type: number, limit: number): void {
  switch (type) {
    case UNDEFINED:
    case NULL:
    case MIN_KEY:
    case MAX_KEY:
      return
    case BOOLEAN:
      pos += 1
      return
    case INT32:
      pos += 4
      return
    case DOUBLE:
    case DATE:
    case TIMESTAMP:
    case INT64:
      pos += 8
      return
    case OBJECT_ID:
      pos += 12
      return
    case DECIMAL128:
      pos += 16
      return
    case STRING:
    case CODE:
    case SYMBOL:
      pos += 4 + int32At(pos)
      return
    case DB_POINTER:
      pos += 4 + int32At(pos) + 12
      return
    case OBJECT:
    case ARRAY:
    case CODE_WITH_SCOPE:
      pos += int32At(pos)
      return
    case BINARY:
      pos += 5 + int32At(pos)
      return
    case REGEXP:
      pos = nameEnd(limit) + 1
      pos = nameEnd(limit) + 1
      return
    default:
      throw handBack
  }
}

/** Whether the name at [start, stop) is one of `names` (compared as bytes, so no string is made for it). */
function nameIn(names: readonly Buffer[], start: number, stop: number): boolean {
  const length = stop - start
  for (const name of names) {
    if (name.length !== length) continue
    let same = true
    for (let i = 0; i < length && same; i++) same = name[i] === buf[start + i]
    if (same) return true
  }
  return false
}

function readTop(bytes: Buffer, selection: { names: readonly Buffer[]; keep: boolean } | undefined): Doc {
  buf = bytes
  view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  pos = 0
  if (bytes.length < 5 || int32At(0) !== bytes.length) throw handBack
  const end = embeddedEnd(bytes.length)
  const doc: Doc = {}
  for (;;) {
    if (pos >= end) throw handBack
    const type = buf[pos++]
    if (type === 0) break
    const stop = nameEnd(end)
    // A `$` key anywhere at the top may make bson return a DBRef for the whole document.
    if (buf[pos] === DOLLAR) throw handBack
    if (selection && nameIn(selection.names, pos, stop) !== selection.keep) {
      pos = stop + 1
      skipValue(type, end)
      continue
    }
    const name = text(pos, stop)
    if (name === '__proto__') throw handBack
    pos = stop + 1
    doc[name] = readValue(type, end)
  }
  if (pos !== end) throw handBack
  return doc
}

function decode(bytes: Buffer, selection: { names: readonly Buffer[]; keep: boolean } | undefined): Doc {
  try {
    return readTop(bytes, selection)
  } catch {
    // Whatever stopped this reader (a hand-back, or bytes that do not add up), bson has the last word.
    return deserialize(bytes, BSON_OPTIONS)
  } finally {
    buf = NOTHING
  }
}

/** A stored document, exactly as `bson.deserialize(bytes, {promoteBuffers: true})` returns it. */
export function decodeDocument(bytes: Buffer): Doc {
  return decode(bytes, undefined)
}

/**
 * A reader of stored documents that decodes only the selected top-level fields (in stored order). A document it
 * hands back to bson comes out whole: a reader must treat the result as "at least these fields".
 */
export function fieldReader(selection: FieldSelection): (bytes: Buffer) => Doc {
  const listed = 'only' in selection ? selection.only : selection.except
  const compiled = { names: listed.map((name) => Buffer.from(name, 'utf8')), keep: 'only' in selection }
  return (bytes) => decode(bytes, compiled)
}
