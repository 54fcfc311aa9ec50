/**
 * A fast path for the aggregation stages the cloud functions use most — `$match`, `$project` (including or
 * excluding top-level fields), `$unwind` (a field path), `$group` (`_id` null, a constant, a field path or an object
 * of them; `$sum`, `$avg`, `$min`, `$max`, `$first`, `$last`, `$push`, `$addToSet`, `$count` of a field path or a
 * constant), `$sort`, `$skip`, `$limit` and `$count` — giving exactly what mingo (the local database's engine) gives.
 *
 * Why it exists: mingo evaluates every field path through its general expression machinery and materializes every
 * stage, so the survey results pipeline (100,000 responses unwound into two million facet rows, then grouped) took
 * longer than the SDK's 15-second request timeout. Here each stage is compiled once and rows are pushed through the
 * whole chain one at a time, so no intermediate list exists until a stage that needs all of its input (group, sort).
 *
 * How exactness is kept: a stage is compiled only when its specification is in the subset; the pipeline's first
 * stage outside it ends the fast part and mingo runs the rest. Values that mingo orders or compares in ways that are
 * not a plain total order (arrays, NaN, objects in `$min`/`$max`/`$sort`; anything but JSON-like values and Dates in
 * group keys and `$addToSet`) stop the fast run: `run` answers undefined and the caller runs the whole pipeline with
 * mingo. Where mingo differs from MongoDB, mingo is followed (the rest of the local cloud runs on it); those places
 * are named in emulator/db/README.md. test/emulator/db-pipeline.test.ts compares both on random documents and
 * pipelines.
 */
import { Query } from 'mingo/query'
import type { Options } from 'mingo/types'
import { isEmpty, resolve } from 'mingo/util'
import type { Doc } from './codec'
import type { FieldSelection } from './decode'

/** Receives the rows of the stage before it; `push` answers false once it wants no more rows. */
interface Sink {
  push(row: Doc): boolean
  end(): void
}

interface CompiledStage {
  /** A fresh, stateful instance of the stage feeding `next`. */
  sink(next: Sink): Sink
  /** Top-level fields of its input rows the stage reads (`all`: it may look at the whole row). */
  reads: readonly string[] | 'all'
  /**
   * What the stage passes on of its input: every field (`all`), only what it read (`read`: its output is made from
   * them alone), or everything but some fields (`except`).
   */
  passes: 'all' | 'read' | { except: readonly string[] }
}

export interface FastPipeline {
  /** How many leading stages of the pipeline the fast path runs; mingo runs the others on its output. */
  readonly length: number
  /**
   * The top-level fields of the input documents the fast stages (and everything after them) can look at, given the
   * fields a preceding query reads (undefined: all of them). Undefined when the whole document may be needed.
   */
  fields(queryReads: readonly string[] | undefined): FieldSelection | undefined
  /** The fast stages' output, or undefined when a value outside the fast path's types turned up. */
  run(rows: Iterable<Doc>): Doc[] | undefined
}

/** Thrown by a stage that met a value outside the fast path's types; caught by `run`. */
const outside = new Error('value outside the fast aggregation path')

const hasOwn = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key)
const isPlain = (value: unknown): value is Doc => typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype
/** mingo's test for an operator name. */
const isOperator = (name: string | undefined): boolean => name !== undefined && /^\$[a-zA-Z0-9_]+$/.test(name)

// ───────────────────────────── values ─────────────────────────────

/** A field path's value in a row, as mingo's `resolve` gives it (which is what `'$a.b'` evaluates to). */
type Getter = (row: Doc) => unknown

/**
 * `a.b.c` read through plain objects directly; a path that meets an array or another kind of object is handed to
 * mingo's own resolver, whose rules for those (descending into arrays, indices) are not repeated here.
 */
function fieldGetter(path: string): Getter | undefined {
  const parts = path.split('.')
  if (parts.includes('__proto__')) return undefined
  return (row) => {
    let value: unknown = row
    for (const part of parts) {
      if (isPlain(value)) {
        value = hasOwn(value, part) ? value[part] : undefined
        if (value === undefined) return undefined
      } else if (value === null || (typeof value !== 'object' && typeof value !== 'function')) {
        return undefined
      } else {
        return resolve(row, path)
      }
    }
    return value
  }
}

/**
 * An expression of the subset: a field path `'$a.b'`, a constant (number, boolean, null, a string not starting with
 * `$`, a Date), or an array or operator-free object of those — evaluated as mingo's `computeExpression` would.
 */
function compileExpression(expr: unknown): Getter | undefined {
  if (typeof expr === 'string') {
    if (!expr.startsWith('$')) return () => expr
    if (expr.startsWith('$$') || expr.length === 1) return undefined
    return fieldGetter(expr.slice(1))
  }
  if (typeof expr === 'number' || typeof expr === 'boolean' || expr === null || expr instanceof Date) return () => expr
  if (Array.isArray(expr)) {
    const items = expr.map(compileExpression)
    if (!items.every((item): item is Getter => item !== undefined)) return undefined
    return (row) => items.map((item) => item(row))
  }
  if (isPlain(expr)) {
    const keys = Object.keys(expr)
    if (isOperator(keys[0]) || keys.includes('__proto__')) return undefined
    const values = keys.map((key) => compileExpression(expr[key]))
    if (!values.every((value): value is Getter => value !== undefined)) return undefined
    return (row) => {
      const out: Doc = {}
      for (let i = 0; i < keys.length; i++) out[keys[i]] = values[i](row)
      return out
    }
  }
  return undefined
}

/** The top-level fields an expression of the subset reads (the first segment of each field path in it). */
function expressionReads(expr: unknown, into: Set<string>): void {
  if (typeof expr === 'string' && expr.startsWith('$')) into.add(expr.slice(1).split('.')[0])
  else if (Array.isArray(expr)) for (const item of expr) expressionReads(item, into)
  else if (isPlain(expr)) for (const value of Object.values(expr)) expressionReads(value, into)
}

/**
 * A string that is the same for two values exactly when mingo's grouping treats them as one key (its HashMap:
 * SameValueZero for primitives, `isEqual` for the rest — objects equal whatever their key order, arrays in order).
 * Each part is self-delimiting, so concatenations stay unambiguous.
 */
function keyOf(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return `s${value.length}:${value}`
    case 'number':
      // String(-0) is "0": -0 and 0 are one key, as are NaN and NaN.
      return `d${value};`
    case 'boolean':
      return value ? 't' : 'f'
    case 'undefined':
      return 'u'
    case 'object': {
      if (value === null) return 'n'
      if (Array.isArray(value)) {
        let key = '['
        for (const item of value) key += keyOf(item)
        return `${key}]`
      }
      if (value instanceof Date) {
        const time = value.getTime()
        // Two invalid dates are never equal in mingo, not even to themselves as copies.
        if (Number.isNaN(time)) throw outside
        return `D${time};`
      }
      // An own `constructor` changes how mingo compares and hashes an object.
      if (!isPlain(value) || hasOwn(value, 'constructor')) throw outside
      let key = '{'
      for (const k of Object.keys(value).sort()) key += keyOf(k) + keyOf(value[k])
      return `${key}}`
    }
    default:
      throw outside
  }
}

/** A primitive group key is stored in a native Map, which turns -0 into 0. */
const asMapKey = (value: unknown): unknown => (value === 0 ? 0 : value)

/** mingo's type order for the values it orders as a plain total order here; others stop the fast run. */
function rank(value: unknown): number {
  switch (typeof value) {
    case 'number':
      if (Number.isNaN(value)) throw outside
      return 3
    case 'string':
      return 4
    case 'boolean':
      return 9
    case 'object':
      if (value === null) return 2
      if (value instanceof Date && !Number.isNaN(value.getTime())) return 10
      throw outside
    default:
      throw outside
  }
}

/** mingo's `compare` for null, numbers, strings, booleans and valid dates. */
function compareValues(a: unknown, b: unknown): number {
  const ra = rank(a)
  const rb = rank(b)
  if (ra !== rb) return ra < rb ? -1 : 1
  const x = ra === 10 ? (a as Date).getTime() : (a as number | string | boolean)
  const y = rb === 10 ? (b as Date).getTime() : (b as number | string | boolean)
  return x < y ? -1 : x > y ? 1 : 0
}

// ───────────────────────────── stages ─────────────────────────────

function matchStage(spec: unknown, options: Partial<Options>): CompiledStage | undefined {
  if (!isPlain(spec)) return undefined
  let query: Query
  try {
    query = new Query(spec, options)
  } catch {
    return undefined
  }
  return {
    reads: queryReads(spec) ?? 'all',
    passes: 'all',
    sink: (next) => ({ push: (row) => !query.test(row) || next.push(row), end: () => next.end() })
  }
}

/** `$project` of top-level fields: `{a: 1, b: true}` (with `_id` unless `_id: 0`) or `{a: 0, b: false}`. */
function projectStage(spec: unknown): CompiledStage | undefined {
  if (!isPlain(spec)) return undefined
  const keys = Object.keys(spec)
  if (keys.length === 0) return { reads: [], passes: 'all', sink: (next) => next }
  const included: string[] = []
  const excluded: string[] = []
  let idExcluded = false
  for (const key of keys) {
    if (key === '' || key.startsWith('$') || key.includes('.') || key === '__proto__') return undefined
    const value = spec[key]
    if (value === false || value === 0) {
      if (key === '_id') idExcluded = true
      else excluded.push(key)
    } else if (value === true || (typeof value === 'number' && !Number.isNaN(value))) {
      included.push(key)
    } else {
      return undefined
    }
  }
  if (included.length > 0 && excluded.length > 0) return undefined
  if (idExcluded) excluded.push('_id')
  included.sort()
  excluded.sort()
  if (included.length === 0) {
    return {
      reads: [],
      passes: { except: excluded },
      sink: (next) => ({
        push: (row) => {
          // An own `__proto__` (kept by bson) would give the copy another prototype, which mingo then treats apart.
          if (hasOwn(row, '__proto__')) throw outside
          const out: Doc = Object.assign({}, row)
          for (const key of excluded) delete out[key]
          return next.push(out)
        },
        end: () => next.end()
      })
    }
  }
  const keepId = !idExcluded && !included.includes('_id')
  return {
    reads: keepId ? [...included, '_id'] : included,
    passes: 'read',
    sink: (next) => ({
      push: (row) => {
        if (!isPlain(row)) throw outside
        const out: Doc = {}
        for (const key of included) {
          const value = hasOwn(row, key) ? row[key] : undefined
          if (value !== undefined) out[key] = value
        }
        if (keepId && hasOwn(row, '_id')) out._id = row._id
        return next.push(out)
      },
      end: () => next.end()
    })
  }
}

/** `$unwind` of a field path, with or without `preserveNullAndEmptyArrays` (no `includeArrayIndex`). */
function unwindStage(spec: unknown): CompiledStage | undefined {
  const options = typeof spec === 'string' ? { path: spec } : spec
  if (!isPlain(options) || typeof options.path !== 'string' || options.includeArrayIndex) return undefined
  const path = options.path
  if (!path.startsWith('$') || path.startsWith('$$')) return undefined
  const parts = path.slice(1).split('.')
  if (parts.some((part) => part === '' || part === '__proto__')) return undefined
  const get = fieldGetter(path.slice(1))
  if (!get) return undefined
  const preserve = options.preserveNullAndEmptyArrays === true
  const last = parts.length - 1
  /** The plain objects from the row down to the array's parent; a path through anything else is mingo's. */
  const chain = (row: Doc): Doc[] => {
    const objects = [row]
    for (let i = 0; i < last; i++) {
      const child = objects[i][parts[i]]
      if (!isPlain(child)) throw outside
      objects.push(child)
    }
    return objects
  }
  /** A copy of `row` with the array replaced by one item: each object on the path copied, as mingo does. */
  const withItem = (objects: Doc[], item: unknown): Doc => {
    let value: unknown = item
    for (let i = last; i >= 0; i--) {
      const copy: Doc = { ...objects[i] }
      copy[parts[i]] = value
      value = copy
    }
    return value as Doc
  }
  return {
    reads: [parts[0]],
    passes: 'all',
    sink: (next) => ({
      push: (row) => {
        if (!isPlain(row)) throw outside
        const value = get(row)
        if (Array.isArray(value)) {
          const objects = chain(row)
          if (value.length === 0) {
            if (!preserve) return true
            // mingo removes the empty array from the row itself and passes the row on.
            delete objects[last][parts[last]]
            return next.push(row)
          }
          for (const item of value) if (!next.push(withItem(objects, item))) return false
          return true
        }
        return !isEmpty(value) || preserve ? next.push(row) : true
      },
      end: () => next.end()
    })
  }
}

interface Accumulator {
  add(row: Doc): void
  result(): unknown
}

/** One accumulator of `$group`: a fresh state per group. */
type AccumulatorKind = () => Accumulator

function compileAccumulator(spec: unknown): { make: AccumulatorKind; reads: Set<string> } | undefined {
  if (!isPlain(spec)) return undefined
  const keys = Object.keys(spec)
  if (keys.length !== 1) return undefined
  const operator = keys[0]
  const arg = spec[operator]
  const reads = new Set<string>()
  if (operator === '$count') return { make: countOf, reads }
  // mingo's $push (which the others build on) with a null argument collects whole documents: left to mingo.
  if (arg === null || arg === undefined) return undefined
  const get = compileExpression(arg)
  if (!get) return undefined
  expressionReads(arg, reads)
  const value = (row: Doc): unknown => get(row) ?? null
  // mingo multiplies a constant number by the group's size rather than adding it up.
  if (operator === '$sum' && typeof arg === 'number' && !Number.isNaN(arg)) return { make: countTimes(arg), reads }
  const kind = ACCUMULATORS.get(operator)
  return kind ? { make: kind(value), reads } : undefined
}

const countOf: AccumulatorKind = () => {
  let count = 0
  return { add: () => void count++, result: () => count }
}

const countTimes =
  (factor: number): AccumulatorKind =>
  () => {
    let count = 0
    return { add: () => void count++, result: () => count * factor }
  }

/** Numbers only (NaN and non-numbers ignored, as mingo's `isNumber`), added in row order. */
const sumOf =
  (value: Getter): AccumulatorKind =>
  () => {
    let total = 0
    return {
      add: (row) => {
        const v = value(row)
        if (typeof v === 'number' && !Number.isNaN(v)) total += v
      },
      result: () => total
    }
  }

const averageOf =
  (value: Getter): AccumulatorKind =>
  () => {
    let total = 0
    let count = 0
    return {
      add: (row) => {
        const v = value(row)
        if (typeof v === 'number' && !Number.isNaN(v)) {
          total += v
          count++
        }
      },
      result: () => (count === 0 ? null : total / count)
    }
  }

/** mingo sorts the non-null values (stably) and takes the first: the earliest of the smallest. */
const minOf =
  (value: Getter): AccumulatorKind =>
  () => {
    let least: unknown = null
    let seen = false
    return {
      add: (row) => {
        const v = value(row)
        if (v === null) return
        if (!seen) rank(v)
        if (!seen || compareValues(v, least) < 0) least = v
        seen = true
      },
      result: () => least
    }
  }

/** mingo sorts all values, nulls included, and takes the last: the latest of the largest. */
const maxOf =
  (value: Getter): AccumulatorKind =>
  () => {
    let most: unknown = null
    let seen = false
    return {
      add: (row) => {
        const v = value(row)
        if (!seen) rank(v)
        if (!seen || compareValues(v, most) >= 0) most = v
        seen = true
      },
      result: () => most
    }
  }

const firstOf =
  (value: Getter): AccumulatorKind =>
  () => {
    let first: Doc | undefined
    return {
      add: (row) => {
        first ??= row
      },
      result: () => (first === undefined ? null : value(first))
    }
  }

const lastOf =
  (value: Getter): AccumulatorKind =>
  () => {
    let last: Doc | undefined
    return {
      add: (row) => {
        last = row
      },
      result: () => (last === undefined ? null : value(last))
    }
  }

const pushOf =
  (value: Getter): AccumulatorKind =>
  () => {
    const items: unknown[] = []
    return { add: (row) => void items.push(value(row)), result: () => items }
  }

/** Distinct values in first-seen order, equal as group keys are (mingo builds both on its HashMap). */
const setOf =
  (value: Getter): AccumulatorKind =>
  () => {
    const items = new Map<string, unknown>()
    return {
      add: (row) => {
        const v = value(row)
        const key = keyOf(v)
        if (!items.has(key)) items.set(key, asMapKey(v))
      },
      result: () => Array.from(items.values())
    }
  }

/** The accumulators of the subset, each made from the value it reads per row. */
const ACCUMULATORS: ReadonlyMap<string, (value: Getter) => AccumulatorKind> = new Map([
  ['$sum', sumOf],
  ['$avg', averageOf],
  ['$min', minOf],
  ['$max', maxOf],
  ['$first', firstOf],
  ['$last', lastOf],
  ['$push', pushOf],
  ['$addToSet', setOf]
])

interface GroupState {
  id: unknown
  accumulators: Accumulator[]
}

const isPrimitive = (value: unknown): boolean => value === null || (typeof value !== 'object' && typeof value !== 'function')

/**
 * The groups by their ids, one level per part of the id. A primitive part is looked up as itself (a native Map's
 * SameValueZero: -0 is 0 and NaN is NaN, as in mingo's grouping), any other value by `keyOf`; so the common ids of
 * strings and numbers need no key string built and hashed for every row.
 */
class GroupIndex {
  private readonly plain = new Map<unknown, GroupIndex | GroupState>()
  private readonly composite = new Map<unknown, GroupIndex | GroupState>()

  /** The group of `row` (its id's parts from `from` on), made by `create` for the first row of its id. */
  groupOf(parts: readonly Getter[], row: Doc, create: (row: Doc) => GroupState, from = 0): GroupState {
    const value = parts[from](row)
    const primitive = isPrimitive(value)
    const map = primitive ? this.plain : this.composite
    const key = primitive ? value : keyOf(value)
    const last = from === parts.length - 1
    let entry = map.get(key)
    if (entry === undefined) {
      entry = last ? create(row) : new GroupIndex()
      map.set(key, entry)
    }
    return last ? (entry as GroupState) : (entry as GroupIndex).groupOf(parts, row, create, from + 1)
  }
}

function groupStage(spec: unknown): CompiledStage | undefined {
  if (!isPlain(spec) || !hasOwn(spec, '_id')) return undefined
  const idSpec = spec._id
  const reads = new Set<string>()
  // An object of expressions: keyed part by part, built once per group.
  let idParts: { keys: string[]; values: Getter[] } | undefined
  let idValue: Getter | undefined
  if (isPlain(idSpec) && !isOperator(Object.keys(idSpec)[0])) {
    const keys = Object.keys(idSpec)
    if (keys.includes('__proto__')) return undefined
    const values = keys.map((key) => compileExpression(idSpec[key]))
    if (!values.every((value): value is Getter => value !== undefined)) return undefined
    idParts = { keys, values }
  } else {
    idValue = compileExpression(idSpec)
    if (!idValue) return undefined
  }
  expressionReads(idSpec, reads)
  const names = Object.keys(spec).filter((name) => name !== '_id')
  if (names.includes('__proto__')) return undefined
  const kinds: AccumulatorKind[] = []
  for (const name of names) {
    const compiled = compileAccumulator(spec[name])
    if (!compiled) return undefined
    kinds.push(compiled.make)
    for (const field of compiled.reads) reads.add(field)
  }
  const idOf = (row: Doc): unknown => {
    if (!idParts) return asMapKey((idValue as Getter)(row) ?? null)
    const object: Doc = {}
    for (let i = 0; i < idParts.keys.length; i++) object[idParts.keys[i]] = idParts.values[i](row)
    return object
  }
  // `_id: {}` puts every row in one group.
  const parts = idParts ? (idParts.values.length > 0 ? idParts.values : [() => null]) : [(row: Doc): unknown => (idValue as Getter)(row) ?? null]
  return {
    reads: [...reads],
    passes: 'read',
    sink: (next) => {
      const index = new GroupIndex()
      const groups: GroupState[] = []
      const create = (row: Doc): GroupState => {
        const group = { id: idOf(row), accumulators: kinds.map((make) => make()) }
        groups.push(group)
        return group
      }
      return {
        push: (row) => {
          for (const accumulator of index.groupOf(parts, row, create).accumulators) accumulator.add(row)
          return true
        },
        end: () => {
          for (const group of groups) {
            const out: Doc = { _id: group.id }
            for (let i = 0; i < names.length; i++) out[names[i]] = group.accumulators[i].result()
            if (!next.push(out)) break
          }
          next.end()
        }
      }
    }
  }
}

/** A stable sort on field values, each key ascending unless -1 (mingo's reading of the specification). */
function sortStage(spec: unknown, options: Partial<Options>): CompiledStage | undefined {
  if (!isPlain(spec) || options.collation !== undefined) return undefined
  const keys = Object.keys(spec)
  if (keys.length === 0) return undefined
  const getters = keys.map(fieldGetter)
  if (!getters.every((get): get is Getter => get !== undefined)) return undefined
  const directions = keys.map((key) => (spec[key] === -1 ? -1 : 1))
  return {
    reads: keys.map((key) => key.split('.')[0]),
    passes: 'all',
    sink: (next) => {
      const rows: Array<{ row: Doc; values: unknown[] }> = []
      return {
        push: (row) => {
          const values = getters.map((get) => get(row) ?? null)
          for (const value of values) rank(value)
          rows.push({ row, values })
          return true
        },
        end: () => {
          rows.sort((a, b) => {
            for (let i = 0; i < directions.length; i++) {
              const order = compareValues(a.values[i], b.values[i])
              if (order !== 0) return order * directions[i]
            }
            return 0
          })
          for (const { row } of rows) if (!next.push(row)) break
          next.end()
        }
      }
    }
  }
}

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0

function skipStage(spec: unknown): CompiledStage | undefined {
  if (!isCount(spec)) return undefined
  return {
    reads: [],
    passes: 'all',
    sink: (next) => {
      let left = spec
      return { push: (row) => (left > 0 ? (left--, true) : next.push(row)), end: () => next.end() }
    }
  }
}

function limitStage(spec: unknown): CompiledStage | undefined {
  if (!isCount(spec)) return undefined
  return {
    reads: [],
    passes: 'all',
    sink: (next) => {
      let left = spec
      return {
        push: (row) => {
          if (left === 0) return false
          left--
          return next.push(row) && left > 0
        },
        end: () => next.end()
      }
    }
  }
}

/** `$count: name`: one row `{name: n}`, also for no input (mingo's answer; MongoDB returns none). */
function countStage(spec: unknown): CompiledStage | undefined {
  if (typeof spec !== 'string' || spec.trim().length === 0 || spec.includes('.') || spec.startsWith('$') || spec === '__proto__') return undefined
  return {
    reads: [],
    passes: 'read',
    sink: (next) => {
      let count = 0
      return {
        push: () => (count++, true),
        end: () => {
          next.push({ [spec]: count })
          next.end()
        }
      }
    }
  }
}

function compileStage(stage: Doc, options: Partial<Options>): CompiledStage | undefined {
  const names = Object.keys(stage)
  if (names.length !== 1) return undefined
  const spec = stage[names[0]]
  switch (names[0]) {
    case '$match':
      return matchStage(spec, options)
    case '$project':
      return projectStage(spec)
    case '$unwind':
      return unwindStage(spec)
    case '$group':
      return groupStage(spec)
    case '$sort':
      return sortStage(spec, options)
    case '$skip':
      return skipStage(spec)
    case '$limit':
      return limitStage(spec)
    case '$count':
      return countStage(spec)
    default:
      return undefined
  }
}

/**
 * The top-level fields a query reads: the first segment of each field it names (inside `$and`/`$or`/`$nor` too).
 * Undefined when another top-level operator (`$expr`, `$where`, …) may look at the whole document.
 */
export function queryReads(query: unknown): string[] | undefined {
  if (!isPlain(query)) return undefined
  const fields = new Set<string>()
  const visit = (q: unknown): boolean => {
    if (!isPlain(q)) return false
    for (const [key, value] of Object.entries(q)) {
      if (key === '$and' || key === '$or' || key === '$nor') {
        if (!Array.isArray(value) || !value.every(visit)) return false
      } else if (key.startsWith('$')) {
        return false
      } else {
        fields.add(key.split('.')[0])
      }
    }
    return true
  }
  return visit(query) ? [...fields] : undefined
}

/** The fast path for the leading stages of `stages` that it covers (possibly none), with mingo's `options`. */
export function fastPipeline(stages: readonly Doc[], options: Partial<Options>): FastPipeline {
  const compiled: CompiledStage[] = []
  for (const stage of stages) {
    const fast = compileStage(stage, options)
    if (!fast) break
    compiled.push(fast)
  }
  return {
    length: compiled.length,
    fields(queryFields) {
      if (queryFields === undefined) return undefined
      const reads = new Set(queryFields)
      for (const stage of compiled) {
        if (stage.reads === 'all') return undefined
        for (const field of stage.reads) reads.add(field)
        if (stage.passes === 'read') return { only: [...reads] }
        if (stage.passes !== 'all') return { except: stage.passes.except.filter((field) => !reads.has(field)) }
      }
      // The rows leave the fast path with all their fields, for mingo or for the answer.
      return undefined
    },
    run(rows) {
      const out: Doc[] = []
      let head: Sink = { push: (row) => (out.push(row), true), end: () => undefined }
      for (let i = compiled.length - 1; i >= 0; i--) head = compiled[i].sink(head)
      try {
        for (const row of rows) if (!head.push(row)) break
        head.end()
      } catch (e) {
        if (e === outside) return undefined
        throw e
      }
      return out
    }
  }
}

/** Stages before a dropping one that read only the fields they name (no script, no sub-pipeline). */
const NAMING_STAGES = new Set(['$match', '$lookup', '$addFields', '$set', '$sort', '$skip', '$limit'])
/** Keys under which a stage may look at fields it does not name: code, or variables bound outside the document. */
const OPAQUE_KEYS = new Set(['$where', '$function', '$accumulator', 'let', 'pipeline'])

/**
 * Top-level fields of the input documents that `stages` drop before anything looks at them: those a `$project`
 * excluding fields (or an `$unset`) removes, when no stage before it names them. Reading the store may then leave
 * them out — the book path's read of a session skips its waitlist. Conservative by construction: every key and every
 * string in the earlier stages counts as naming a field (`$a.b` and `a.b` name `a`), only stages that read nothing but
 * what they name may come first, and `$$ROOT`, `$$CURRENT` or a script anywhere gives up (none). Other `$$` variables
 * are bound inside the expression (`$filter`/`$map` `as`, `$let` `vars`, `$reduce`'s `this`/`value`) to values whose
 * own expressions are named here, or are the system's (`$$NOW`); variables bound from the document elsewhere, a
 * `$lookup`'s `let`, give up as a key.
 */
export function unreadFields(stages: readonly Doc[]): string[] {
  const named = new Set<string>()
  let opaque = false
  const name = (text: string) => {
    if (text.startsWith('$$')) {
      const variable = text.slice(2).split('.')[0]
      if (variable === 'ROOT' || variable === 'CURRENT') opaque = true
      return
    }
    named.add((text.startsWith('$') ? text.slice(1) : text).split('.')[0])
  }
  const visit = (value: unknown): void => {
    if (typeof value === 'string') name(value)
    else if (Array.isArray(value)) value.forEach(visit)
    else if (typeof value === 'object' && value !== null && !(value instanceof Date) && !(value instanceof RegExp)) {
      for (const [key, inner] of Object.entries(value)) {
        if (OPAQUE_KEYS.has(key)) opaque = true
        name(key)
        visit(inner)
      }
    }
  }
  const unnamed = (fields: unknown[]): string[] =>
    fields.every((f) => typeof f === 'string' && f !== '' && !f.includes('.') && !f.startsWith('$')) ? (fields as string[]).filter((f) => !named.has(f)) : []
  for (const stage of stages) {
    const keys = Object.keys(stage)
    if (keys.length !== 1) return []
    const [op] = keys
    const spec = stage[op]
    if (op === '$project') {
      if (!isPlain(spec) || isEmpty(spec) || !Object.values(spec).every((v) => v === 0 || v === false)) return []
      return unnamed(Object.keys(spec))
    }
    if (op === '$unset') return unnamed(Array.isArray(spec) ? spec : [spec])
    if (!NAMING_STAGES.has(op)) return []
    visit(spec)
    if (opaque) return []
  }
  return []
}
