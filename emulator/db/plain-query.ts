/**
 * A matcher for the queries the cloud functions send most — conditions on plain values: `{path: value}`, and per path
 * `$eq`, `$ne`, `$lt`, `$lte`, `$gt`, `$gte`, `$in`, `$exists`, under `$and` too — built without mingo.
 *
 * Why it exists: every distinct query costs a mingo `Query` (the seat claim names the person, so in a booking burst
 * nearly every query is new), and building one cost more than testing the document. This is built in a loop over the
 * query's keys and tests the document directly.
 *
 * How exactness is kept: values are strings, finite numbers and booleans (`$lt`… also Dates); any other query is
 * left to mingo (`plainQuery` answers undefined). A document is tested here only where the answer is plain: the path
 * walks plain objects to a value that is not an array and, for an order comparison, of the operand's kind. Anywhere
 * else (an array on the way, where MongoDB's rules about array elements apply; a null or a string compared with a
 * number, where mingo's type ordering applies) that document goes to mingo's `Query` for the whole query, built once
 * when first needed. test/emulator/db-plain-query.test.ts compares both on random documents and queries.
 */
import type { Doc } from './codec'

/** Whether a document matches. */
export type DocTest = (doc: Doc) => boolean

type Scalar = string | number | boolean
/** A condition's answer, or `undefined`: not plain for this document, ask mingo. */
type Condition = (value: unknown) => boolean | undefined

const NOT_PLAIN = Symbol('not plain')

const isScalar = (v: unknown): v is Scalar => typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))

/** An object literal's kind (of any realm: jest's sandbox has its own `Object.prototype`), not a class instance. */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false
  const proto = Object.getPrototypeOf(v) as object | null
  return proto === null || (Object.getPrototypeOf(proto) === null && Object.prototype.toString.call(v) === '[object Object]')
}

/** The value at a dotted path through plain objects; NOT_PLAIN when an array or another kind of object is on the way. */
function valueAt(doc: Doc, segments: readonly string[]): unknown {
  let node: unknown = doc
  for (const segment of segments) {
    if (node === undefined || node === null || typeof node !== 'object') return undefined
    if (!isPlainObject(node)) return NOT_PLAIN
    node = node[segment]
  }
  return Array.isArray(node) ? NOT_PLAIN : node
}

/** Equality with a scalar: a value of another kind (missing, null, an object, a Date) is simply not equal. */
const equals =
  (operand: Scalar): Condition =>
  (value) =>
    value === operand

/** An order comparison of numbers with numbers, or Dates with Dates; any other pairing is mingo's to order. */
function ordered(operand: unknown, holds: (order: number) => boolean): Condition | undefined {
  if (typeof operand === 'number' && Number.isFinite(operand)) {
    return (value) => (typeof value === 'number' && !Number.isNaN(value) ? holds(value - operand) : undefined)
  }
  if (operand instanceof Date && !Number.isNaN(operand.getTime())) {
    const at = operand.getTime()
    return (value) => (value instanceof Date && !Number.isNaN(value.getTime()) ? holds(value.getTime() - at) : undefined)
  }
  return undefined
}

function condition(op: string, operand: unknown): Condition | undefined {
  switch (op) {
    case '$eq':
      return isScalar(operand) ? equals(operand) : undefined
    case '$ne':
      return isScalar(operand) ? (value) => value !== operand : undefined
    case '$lt':
      return ordered(operand, (order) => order < 0)
    case '$lte':
      return ordered(operand, (order) => order <= 0)
    case '$gt':
      return ordered(operand, (order) => order > 0)
    case '$gte':
      return ordered(operand, (order) => order >= 0)
    case '$in':
      return Array.isArray(operand) && operand.length > 0 && operand.every(isScalar) ? (value) => (operand as unknown[]).includes(value) : undefined
    case '$exists':
      return typeof operand === 'boolean' ? (value) => (value !== undefined) === operand : undefined
    default:
      return undefined
  }
}

interface PathTest {
  segments: string[]
  conditions: Condition[]
}

/** The conditions of `query` by path, or undefined when any part of it is not plain. */
function pathTests(query: unknown, into: PathTest[]): boolean {
  if (!isPlainObject(query)) return false
  for (const [key, spec] of Object.entries(query)) {
    if (key === '$and') {
      if (!Array.isArray(spec) || spec.length === 0 || !spec.every((part) => pathTests(part, into))) return false
      continue
    }
    if (key === '' || key.startsWith('$') || key.split('.').some((segment) => segment === '' || segment.startsWith('$'))) return false
    const conditions: Condition[] = []
    if (isScalar(spec)) conditions.push(equals(spec))
    else if (isPlainObject(spec)) {
      const ops = Object.entries(spec)
      if (ops.length === 0 || !ops.every(([op]) => op.startsWith('$'))) return false
      for (const [op, operand] of ops) {
        const made = condition(op, operand)
        if (!made) return false
        conditions.push(made)
      }
    } else return false
    into.push({ segments: key.split('.'), conditions })
  }
  return true
}

/**
 * A test of `query` without mingo, or undefined when the query is not plain. `slow` builds mingo's test of the same
 * query; it is called at most once, the first time a document needs it.
 */
export function plainQuery(query: Doc, slow: () => DocTest): DocTest | undefined {
  const tests: PathTest[] = []
  if (!pathTests(query, tests) || tests.length === 0) return undefined
  let mingoTest: DocTest | undefined
  return (doc) => {
    for (const { segments, conditions } of tests) {
      const value = valueAt(doc, segments)
      if (value === NOT_PLAIN) return (mingoTest ??= slow())(doc)
      for (const holds of conditions) {
        const answer = holds(value)
        if (answer === undefined) return (mingoTest ??= slow())(doc)
        if (!answer) return false
      }
    }
    return true
  }
}
