/** Index entries of documents (MongoDB multikey semantics) and the choice of an index for a query. */
import { encodeKey, isDoc, isIndexableScalar, type Doc } from './codec'
import type { IndexEntry } from '../store/sqlite'

export interface IndexSpec {
  name: string
  keys: Record<string, 1 | -1>
  unique?: boolean
}

const SEP = '\u0002'
/** A compound unique index over long arrays would otherwise explode into a huge cartesian product. */
const MAX_ENTRIES_PER_INDEX = 1000

function isPlainObject(v: unknown): v is Doc {
  return isDoc(v) && !(v instanceof Date) && !(v instanceof RegExp) && typeof v._bsontype !== 'string'
}

/**
 * Every value a dotted path reaches in a document, descending into arrays the way MongoDB does; a missing field
 * counts as null (so a unique index admits one document without the field, as in MongoDB).
 */
export function pathValues(doc: unknown, path: string): unknown[] {
  const out: unknown[] = []
  collect(doc, path.split('.'), 0, out)
  return out
}

function collect(node: unknown, segs: string[], i: number, out: unknown[]): void {
  if (i === segs.length) {
    if (Array.isArray(node)) {
      for (const el of node) out.push(el)
      if (node.length === 0) out.push(undefined)
    } else out.push(node)
    return
  }
  const seg = segs[i]
  if (Array.isArray(node)) {
    if (/^\d+$/.test(seg)) collect(node[Number(seg)], segs, i + 1, out)
    let descended = false
    for (const el of node) {
      if (isPlainObject(el)) {
        collect(el, segs, i, out)
        descended = true
      }
    }
    if (!descended && !/^\d+$/.test(seg)) out.push(undefined)
    return
  }
  if (isPlainObject(node)) {
    collect(node[seg], segs, i + 1, out)
    return
  }
  out.push(undefined)
}

export function indexEntries(doc: Doc, specs: IndexSpec[]): IndexEntry[] {
  const entries: IndexEntry[] = []
  for (const spec of specs) {
    const fields = Object.keys(spec.keys)
    let combos: string[][] = [[]]
    for (const f of fields) {
      const keys = Array.from(new Set(pathValues(doc, f).map(encodeKey)))
      const next: string[][] = []
      for (const c of combos) for (const k of keys) next.push([...c, k])
      combos = next.slice(0, MAX_ENTRIES_PER_INDEX)
    }
    // A non-unique index is only ever searched by its first field, so one entry per distinct first key suffices.
    const seen = new Set<string>()
    for (const c of combos) {
      const k1 = c[0]
      const krest = spec.unique ? c.slice(1).join(SEP) : ''
      const id = k1 + SEP + krest
      if (seen.has(id)) continue
      seen.add(id)
      entries.push({ iname: spec.name, k1, krest, uniq: spec.unique ? 1 : 0 })
    }
  }
  return entries
}

export function sameEntries(a: IndexEntry[], b: IndexEntry[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) {
    if (a[i].iname !== b[i].iname || a[i].k1 !== b[i].k1 || a[i].krest !== b[i].krest) return false
  }
  return true
}

/** Describes the duplicate key of a unique entry in MongoDB's `dup key: { f: v }` style. */
export function describeKey(doc: Doc, spec: IndexSpec): string {
  const parts = Object.keys(spec.keys).map((f) => {
    const v = pathValues(doc, f)[0]
    return `${f}: ${v === undefined ? 'null' : JSON.stringify(v)}`
  })
  return `{ ${parts.join(', ')} }`
}

/** How a query's candidates are found: by `_id`, through a declared index, or by scanning the collection. */
export type Plan =
  | { kind: 'ids'; keys: string[] }
  | { kind: 'index'; iname: string; keys: string[] }
  | { kind: 'scan' }

/** Equality values a condition on one field pins the field to, or null when it does not pin it. */
function pinnedValues(cond: unknown): unknown[] | null {
  if (isIndexableScalar(cond)) return [cond]
  if (!isPlainObject(cond)) return null
  const ops = Object.keys(cond)
  if (ops.length === 0 || !ops.every((o) => o.startsWith('$'))) return null
  let best: unknown[] | null = null
  for (const op of ops) {
    const v = cond[op]
    let vals: unknown[] | null = null
    if (op === '$eq' && isIndexableScalar(v)) vals = [v]
    else if (op === '$in' && Array.isArray(v) && v.length > 0 && v.every(isIndexableScalar)) vals = v
    if (vals && (!best || vals.length < best.length)) best = vals
  }
  return best
}

/**
 * Whether `query` is nothing but an equality on `_id` (`{_id: v}`, `{_id: {$eq: v}}` or `{_id: {$in: [...]}}` with
 * scalar values): then its `_id` plan's rows are exactly its matches — ids are unique, never arrays, and keys are
 * equal exactly when MongoDB equality holds — so they need no testing. The most common request of all (`doc(id)`).
 */
export function isIdLookup(query: Record<string, unknown> | undefined): boolean {
  if (!query) return false
  const keys = Object.keys(query)
  if (keys.length !== 1 || keys[0] !== '_id') return false
  const cond = query._id
  if (isIndexableScalar(cond)) return true
  if (!isPlainObject(cond)) return false
  const ops = Object.keys(cond)
  if (ops.length !== 1) return false
  const v = cond[ops[0]]
  return (ops[0] === '$eq' && isIndexableScalar(v)) || (ops[0] === '$in' && Array.isArray(v) && v.length > 0 && v.every(isIndexableScalar))
}

/** Field conditions that every matching document must satisfy (top level and inside `$and`). */
function conjuncts(query: Record<string, unknown>, out: Array<[string, unknown]>): void {
  for (const [k, v] of Object.entries(query)) {
    if (k === '$and' && Array.isArray(v)) {
      for (const sub of v) if (isPlainObject(sub)) conjuncts(sub, out)
    } else if (!k.startsWith('$')) out.push([k, v])
  }
}

export function planQuery(query: Record<string, unknown> | undefined, specs: IndexSpec[]): Plan {
  if (!query) return { kind: 'scan' }
  const conds: Array<[string, unknown]> = []
  conjuncts(query, conds)
  let best: Plan = { kind: 'scan' }
  let bestSize = Infinity
  for (const [field, cond] of conds) {
    const vals = field === '_id' || specs.some((s) => Object.keys(s.keys)[0] === field) ? pinnedValues(cond) : null
    if (!vals) continue
    const keys = Array.from(new Set(vals.map(encodeKey)))
    // `_id` wins ties: it is one primary-key probe per value.
    const size = field === '_id' ? keys.length - 0.5 : keys.length
    if (size >= bestSize) continue
    bestSize = size
    if (field === '_id') best = { kind: 'ids', keys }
    else best = { kind: 'index', iname: specs.find((s) => Object.keys(s.keys)[0] === field)!.name, keys }
  }
  return best
}
