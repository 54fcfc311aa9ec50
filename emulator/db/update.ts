/** Update operators on one document, with the errors MongoDB raises where mingo would silently do nothing. */
import mingo from 'mingo'
import { DbError, invalidParam } from './errors'
import { isDoc, type Doc } from './codec'

const SUPPORTED = new Set([
  '$set', '$unset', '$inc', '$mul', '$min', '$max', '$rename', '$push', '$pull', '$pullAll', '$addToSet', '$pop',
  '$bit', '$currentDate'
])
const NUMERIC = new Set(['$inc', '$mul'])
const ARRAY = new Set(['$push', '$pull', '$pullAll', '$addToSet', '$pop'])

export function isOperatorDoc(data: Doc): boolean {
  const keys = Object.keys(data)
  return keys.length > 0 && keys.every((k) => k.startsWith('$'))
}

/** An object or array a dotted path can step into; numeric segments index arrays as they would index objects. */
type Container = Record<string, unknown>

function isContainer(node: unknown): node is Container {
  return node !== null && typeof node === 'object'
}

/** Reads a dotted path without array traversal (numeric segments index arrays), as update operators address fields. */
function valueAt(doc: unknown, path: string): { exists: boolean; value: unknown } {
  let node = doc
  for (const seg of path.split('.')) {
    if (!isContainer(node) || !(seg in node)) return { exists: false, value: undefined }
    node = node[seg]
  }
  return { exists: true, value: node }
}

/** The path's parent exists but is a scalar: MongoDB refuses to create a field inside it. */
function blockedBy(doc: unknown, path: string): string | undefined {
  const segs = path.split('.')
  let node = doc
  for (let i = 0; i < segs.length - 1; i++) {
    if (!isContainer(node) || !(segs[i] in node)) return undefined
    node = node[segs[i]]
    if (node !== null && node !== undefined && typeof node !== 'object') return segs.slice(0, i + 1).join('.')
  }
  return undefined
}

/** `_.addToSet({each: [...]})` reaches the server as `{each: [...]}`; CloudBase reads it as MongoDB's `$each`. */
function addToSetEach(fields: unknown): unknown {
  if (!isDoc(fields)) return fields
  const out: Doc = {}
  for (const [path, v] of Object.entries(fields)) {
    const isEach = isDoc(v) && Object.keys(v).length === 1 && Array.isArray(v.each)
    out[path] = isEach ? { $each: v.each } : v
  }
  return out
}

/** Sets a dotted path, creating intermediate objects. */
function setPath(doc: Doc, path: string, value: unknown): void {
  const segs = path.split('.')
  let node: Container = doc
  for (const seg of segs.slice(0, -1)) {
    const next = node[seg]
    node = isContainer(next) ? next : (node[seg] = {})
  }
  node[segs[segs.length - 1]] = value
}

/**
 * Applies CloudBase's (= MongoDB's) update operators to `doc` in place and returns it. Plain top-level fields are
 * taken as `$set`, which is what the SDK would have produced.
 */
export function applyModifier(doc: Doc, data: Doc): Doc {
  const modifier: Record<string, Doc> = {}
  for (const [k, v] of Object.entries(data)) {
    if (!k.startsWith('$')) {
      ;(modifier.$set ??= {})[k] = v
      continue
    }
    if (!SUPPORTED.has(k)) throw new DbError('DATABASE_INVALID_OPERRATOR', `unknown update operator ${k}`)
    const fields = k === '$addToSet' ? addToSetEach(v) : v
    if (!isDoc(fields)) throw invalidParam(`${k} needs an object of fields`)
    Object.assign((modifier[k] ??= {}), fields)
  }
  for (const [op, fields] of Object.entries(modifier)) {
    for (const [path, arg] of Object.entries(fields)) {
      if (path === '_id' || path.startsWith('_id.')) {
        const current = valueAt(doc, '_id')
        if (op === '$set' && path === '_id' && (!current.exists || current.value === arg)) {
          // Setting _id to the value it has (or seeding an upsert) is allowed; mingo itself refuses any _id path.
          if (current.exists) delete fields._id
          else doc._id = arg
          continue
        }
        throw new DbError('DATABASE_REQUEST_FAILED', `Performing an update on the path '_id' would modify the immutable field '_id'`)
      }
      const blocker = blockedBy(doc, path)
      if (blocker) throw new DbError('DATABASE_REQUEST_FAILED', `Cannot create field '${path}' in element {${blocker}: ${JSON.stringify(valueAt(doc, blocker).value)}}`)
      const cur = valueAt(doc, path)
      if (NUMERIC.has(op)) {
        if (typeof arg !== 'number') throw new DbError('DATABASE_REQUEST_FAILED', `Cannot ${op.slice(1)} with non-numeric argument: {${path}: ${JSON.stringify(arg)}}`)
        if (cur.exists && cur.value !== null && typeof cur.value !== 'number') {
          throw new DbError('DATABASE_REQUEST_FAILED', `Cannot apply ${op} to a value of non-numeric type. {_id: ${JSON.stringify(doc._id)}} has the field '${path}' of non-numeric type ${typeof cur.value}`)
        }
      }
      if (ARRAY.has(op) && cur.exists && cur.value !== null && !Array.isArray(cur.value)) {
        throw new DbError('DATABASE_REQUEST_FAILED', `The field '${path}' must be an array but is of type ${typeof cur.value} in document {_id: ${JSON.stringify(doc._id)}}`)
      }
    }
  }
  if (!applySimple(doc, modifier)) {
    startPushedArrays(doc, modifier)
    mingo.update(doc, modifier)
  }
  return doc
}

/**
 * An empty array where a `$push` goes and nothing is there yet (every object on the way plain or missing): mingo skips
 * `$sort` and `$slice` when it creates the array, MongoDB applies them to the new array too.
 */
export function startPushedArrays(doc: Doc, modifier: Doc): void {
  const pushes = modifier.$push
  if (!isDoc(pushes)) return
  for (const path of Object.keys(pushes)) {
    if (!PLAIN_PATH.test(path)) continue
    const segments = path.split('.')
    let node: Container | undefined = doc
    for (const segment of segments.slice(0, -1)) {
      const next: unknown = node[segment]
      if (next === undefined) node[segment] = {}
      else if (!isContainer(next) || Array.isArray(next) || next instanceof Date) {
        node = undefined
        break
      }
      node = node[segment] as Container
    }
    const last = segments[segments.length - 1]
    if (node && node[last] === undefined) node[last] = []
  }
}

const SIMPLE_OPS = new Set(['$set', '$unset', '$inc', '$max', '$min', '$push'])
const PLAIN_PATH = /^[^.$\d][^.$]*(\.[^.$\d][^.$]*)*$/

/**
 * What a `$push` makes of the array `current` (missing: empty), when it appends (`{$each: [...]}`, as the SDK sends
 * `_.push`) and then, on numbers only, sorts (`$sort: 1 | -1`) and keeps some (`$slice`): the write limiter's
 * window of recent writes. Undefined for anything else ($position, sorting other values or by a field).
 */
function pushed(current: unknown[], arg: unknown): unknown[] | undefined {
  if (!isDoc(arg)) return undefined
  const { $each: each, $sort: sort, $slice: slice, ...rest } = arg
  if (!Array.isArray(each) || Object.keys(rest).length > 0) return undefined
  let out: unknown[] = [...current, ...(each as unknown[])]
  if (sort !== undefined) {
    if ((sort !== 1 && sort !== -1) || !out.every((v) => typeof v === 'number' && !Number.isNaN(v))) return undefined
    out = (out as number[]).sort((a, b) => (a - b) * sort)
  }
  if (slice !== undefined) {
    if (!Number.isInteger(slice)) return undefined
    out = (slice as number) < 0 ? out.slice(Math.max(0, out.length + (slice as number))) : out.slice(0, slice as number)
  }
  return out
}

/**
 * The hot path (`$inc`/`$set` of plain fields, e.g. the booking counter, and `$push`, the waitlist and the write
 * limiter's window) without mingo's update machinery, which rebuilds its operator tables on every call. Returns
 * false, changing nothing, when mingo must handle the modifier: array paths, positional operators, non-numeric
 * $min/$max, a `$push` that `pushed` leaves to mingo or onto a field that is not an array.
 */
function applySimple(doc: Doc, modifier: Record<string, Doc>): boolean {
  const steps: Array<() => void> = []
  const paths: string[] = []
  for (const [op, fields] of Object.entries(modifier)) {
    if (!SIMPLE_OPS.has(op)) return false
    for (const [path, arg] of Object.entries(fields)) {
      if (!PLAIN_PATH.test(path)) return false
      // Two operators on one path, or on a path and a field inside it, are mingo's to answer (MongoDB refuses them).
      if (paths.some((other) => other === path || other.startsWith(`${path}.`) || path.startsWith(`${other}.`))) return false
      paths.push(path)
      const segs = path.split('.')
      let parent: unknown = doc
      for (const seg of segs.slice(0, -1)) {
        parent = isContainer(parent) ? parent[seg] : undefined
        if (parent !== undefined && (!isContainer(parent) || Array.isArray(parent) || parent instanceof Date)) return false
      }
      const cur = isContainer(parent) ? parent[segs[segs.length - 1]] : undefined
      if (op === '$push') {
        if (!(cur === undefined || Array.isArray(cur))) return false
        const after = pushed(cur ?? [], arg)
        if (!after) return false
        steps.push(() => setPath(doc, path, after))
        continue
      }
      if (Array.isArray(cur)) return false
      let value = arg
      if (op === '$inc') {
        if (typeof arg !== 'number' || (cur !== undefined && typeof cur !== 'number')) return false
        value = (cur ?? 0) + arg
      } else if (op === '$max' || op === '$min') {
        if (typeof arg !== 'number') return false
        if (typeof cur === 'number') value = op === '$max' ? Math.max(cur, arg) : Math.min(cur, arg)
        else if (cur !== undefined) return false
      }
      steps.push(op === '$unset' ? () => unsetPath(doc, segs) : () => setPath(doc, path, value))
    }
  }
  for (const step of steps) step()
  return true
}

function unsetPath(doc: Doc, segs: string[]): void {
  let node: unknown = doc
  for (const seg of segs.slice(0, -1)) {
    node = isContainer(node) ? node[seg] : undefined
    if (!isContainer(node)) return
  }
  if (isContainer(node)) delete node[segs[segs.length - 1]]
}

/** The document an upsert starts from: the query's equality conditions (MongoDB semantics, top-level and $and). */
export function upsertSeed(query: Doc): Doc {
  const seed: Doc = {}
  const take = (q: Doc) => {
    for (const [k, v] of Object.entries(q)) {
      if (k === '$and' && Array.isArray(v)) {
        for (const sub of v) if (isDoc(sub)) take(sub)
      } else if (k.startsWith('$')) continue
      else if (isDoc(v) && !(v instanceof Date) && !(v instanceof RegExp)) {
        const ops = Object.keys(v)
        if (ops.length === 1 && ops[0] === '$eq') setPath(seed, k, v.$eq)
        else if (!ops.some((o) => o.startsWith('$'))) setPath(seed, k, v)
      } else if (!(v instanceof RegExp)) setPath(seed, k, v)
    }
  }
  take(query)
  return seed
}
