/**
 * The CloudBase database wire protocol, as wx-server-sdk 4.0.2 (→ @cloudbase/database 1.4.3) posts it to `/admin`:
 * `database.*` actions whose parameters carry EJSON strings (query, data, order, projection, stage values), answered
 * with `{data: …}` or an error `{code, message}`, always HTTP 200.
 *
 * This layer only translates: it checks and decodes parameters, applies the service's read limits, substitutes
 * `db.serverDate()` with the cloud's clock, enforces the local cloud's loud single-document rule for transactions,
 * and calls the Database's typed API (index.ts). It keeps no state, so the document database underneath knows nothing
 * of request shapes and stays usable on its own (seeding, storage metadata, tests).
 */
import { decodeEJSON, encodeEJSON, isDoc, resolveServerDates, type Doc } from './codec'
import { DbError, collectionNotExist, invalidParam } from './errors'
import type { Database, FindOptions } from './index'

/** A request's fields as the SDK posted them: values to check, never trusted. */
export type WireParams = Record<string, unknown>
/** The answer before the server adds its `requestId`: `{data}`, `{transactionId}`, `{}`, or `{code, message}`. */
export type WireAnswer = Record<string, unknown>
/** Set by the server for requests made inside a function invocation (the SDK's `scfRequestId`). */
export interface RequestContext {
  invocationId?: string
}

/** CloudBase server-side `get()` returns 100 documents unless told otherwise, and never more than 1000. */
export const DEFAULT_LIMIT = 100
export const MAX_LIMIT = 1000
/** aggregate().end() in a cloud function returns 20 documents when the pipeline sets no limit. */
export const AGGREGATE_DEFAULT_LIMIT = 20

/** Answers one `database.*` action; every failure becomes the service's error answer, nothing is thrown. */
export function answerWireRequest(db: Database, action: string, params: WireParams, ctx: RequestContext = {}): WireAnswer {
  try {
    return dispatch(new WireRequest(db, params ?? {}, ctx), action)
  } catch (e) {
    if (e instanceof DbError) return { code: e.code, message: e.message }
    const message = e instanceof Error ? e.message : String(e)
    return { code: 'DATABASE_REQUEST_FAILED', message: `[DATABASE_REQUEST_FAILED] ${message}` }
  }
}

function dispatch(r: WireRequest, action: string): WireAnswer {
  const { db, p } = r
  switch (action) {
    case 'database.startTransaction':
      return { transactionId: db.startTransaction(r.ctx.invocationId) }
    case 'database.commitTransaction':
      db.commitTransaction(p.transactionId)
      return {}
    case 'database.abortTransaction':
      db.abortTransaction(p.transactionId)
      return {}
    case 'database.addCollection':
      if (typeof p.collectionName !== 'string') throw invalidParam('collectionName is invalid')
      db.createCollection(p.collectionName)
      return {}
    case 'database.insertDocument':
      return insertDocument(r)
    case 'database.getDocument':
      return getDocument(r)
    case 'database.calculateDocument':
      r.guardSingleDocRule('count()')
      return { data: { total: db.count(r.collection(), r.query()) } }
    case 'database.modifyDocument':
      return modifyDocument(r)
    case 'database.modifyAndReturnDoc':
      return modifyAndReturnDoc(r)
    case 'database.removeDocument':
      return removeDocument(r)
    case 'database.aggregateDocuments':
      return aggregateDocuments(r)
    default:
      throw invalidParam(`action ${action} is not supported by the local cloud database`)
  }
}

/** One request: its parameters, decoded on demand, and the checks every action shares. */
class WireRequest {
  constructor(
    readonly db: Database,
    readonly p: WireParams,
    readonly ctx: RequestContext
  ) {}

  /** Single-document operations inside a transaction carry its id; where-queries never do. */
  get inTransaction(): boolean {
    return this.p.transactionId !== undefined
  }

  /** The named collection, which must exist (as on the real service, for reads and writes alike). */
  collection(): string {
    const name = this.p.collectionName
    if (typeof name !== 'string' || !name) throw invalidParam('collectionName is required')
    if (!this.db.hasCollection(name)) throw collectionNotExist(name)
    return name
  }

  /** A parameter that may come as an EJSON string or as plain JSON; absent, null and '' read as undefined. */
  decoded(key: string): unknown {
    const v = this.p[key]
    if (v === undefined || v === null || v === '') return undefined
    return typeof v === 'string' ? decodeEJSON(v) : v
  }

  /** An optional object parameter (query, projection). */
  object(key: string): Doc | undefined {
    const v = this.decoded(key)
    if (v !== undefined && !isDoc(v)) throw invalidParam(`${key} must be an object`)
    return v
  }

  query(): Doc | undefined {
    return this.object('query')
  }

  /** Update data, with `db.serverDate()` placeholders replaced by the cloud's clock. */
  data(): Doc {
    const data = this.decoded('data')
    if (!isDoc(data)) throw invalidParam('data must be an object')
    resolveServerDates(data, this.db.now())
    return data
  }

  /** `orderBy` arrives as `{field: 1 | -1, …}`. */
  order(): FindOptions['sort'] {
    const order = this.object('order')
    if (!order) return undefined
    const sort: Record<string, 1 | -1> = {}
    for (const [field, direction] of Object.entries(order)) {
      if (direction !== 1 && direction !== -1) throw invalidParam(`order of ${field} must be 1 or -1`)
      sort[field] = direction
    }
    return sort
  }

  /** Whether the SDK addressed one document (`doc(id)`), whose query then holds its `_id`. */
  isDocQuery(query: Doc | undefined): query is Doc {
    if (this.p.queryType !== 'DOC') return false
    if (!query || query._id === undefined) throw invalidParam('a DOC query needs the document _id')
    return true
  }

  /**
   * CloudBase transactions only cover single-document operations, and the SDK sends where-queries, count() and
   * aggregate() without the transaction id, so inside a transaction they would silently run outside it. The local
   * cloud refuses them while the same function invocation has a transaction open (and refuses a where-query that
   * carries a transaction id), so code cannot come to rely on them.
   */
  guardSingleDocRule(what: string): void {
    const { invocationId } = this.ctx
    if (!this.inTransaction && (invocationId === undefined || !this.db.hasOpenTransaction(invocationId))) return
    throw new DbError(
      'DATABASE_TRANSACTION_FAIL',
      `CloudBase transactions allow only single-document operations (doc().get/update/set/remove, add): ${what} on ` +
        `collection ${String(this.p.collectionName)} was called while this invocation has a transaction open and would run outside it`
    )
  }
}

function insertDocument(r: WireRequest): WireAnswer {
  const coll = r.collection()
  const { data } = r.p
  if (!Array.isArray(data) || data.length === 0) throw invalidParam('data must be a non-empty array')
  const now = r.db.now()
  const docs = data.map((d: unknown) => {
    const doc = resolveServerDates(typeof d === 'string' ? decodeEJSON(d) : d, now)
    if (!isDoc(doc)) throw invalidParam('each inserted document must be an object')
    return doc
  })
  const insertedIds = r.inTransaction ? r.db.insertInTransaction(r.p.transactionId, coll, docs) : r.db.insert(coll, docs)
  return { data: { insertedIds } }
}

function getDocument(r: WireRequest): WireAnswer {
  const coll = r.collection()
  const query = r.query()
  const projection = r.object('projection')
  if (r.isDocQuery(query)) {
    let docs: Doc[]
    if (r.inTransaction) {
      const doc = r.db.getInTransaction(r.p.transactionId, coll, query._id, projection)
      docs = doc ? [doc] : []
    } else {
      docs = r.db.find<Doc>(coll, query, { projection, limit: 1 })
    }
    return { data: { list: docs.map(encodeEJSON), limit: 1, offset: 0 } }
  }
  r.guardSingleDocRule('where().get()')
  const offset = r.p.offset === undefined ? 0 : Number(r.p.offset)
  let limit = r.p.limit === undefined || r.p.limit === null ? DEFAULT_LIMIT : Number(r.p.limit)
  if (!Number.isInteger(offset) || offset < 0) throw invalidParam('offset must be a non-negative integer')
  if (!Number.isInteger(limit) || limit < 0) throw invalidParam('limit must be a non-negative integer')
  if (limit === 0) limit = DEFAULT_LIMIT
  limit = Math.min(limit, MAX_LIMIT)
  const docs = r.db.find<Doc>(coll, query, { sort: r.order(), skip: offset, limit, projection })
  return { data: { list: docs.map(encodeEJSON), limit, offset } }
}

function modifyDocument(r: WireRequest): WireAnswer {
  const coll = r.collection()
  const query = r.query()
  const data = r.data()
  const replace = r.p.merge === false
  const upsert = r.p.upsert === true
  if (r.isDocQuery(query)) {
    if (r.inTransaction) return updateAnswer(r.db.updateInTransaction(r.p.transactionId, coll, query._id, data, { replace, upsert }))
    return updateAnswer(r.db.modify(coll, query, data, { multi: false, upsert, replace }))
  }
  r.guardSingleDocRule('where().update()')
  return updateAnswer(r.db.modify(coll, query ?? {}, data, { multi: r.p.multi !== false, upsert, replace }))
}

/** The SDK reads `stats.updated` from `updated`, and an upsert's new id (`doc().set` creating) from `upsert_id`. */
function updateAnswer(result: { updated: number; upsertedId?: unknown }): WireAnswer {
  const { updated, upsertedId } = result
  return { data: upsertedId === undefined ? { updated } : { updated, upsert_id: upsertedId } }
}

/** `Query.updateAndReturn`: updates the first match and returns it as it is after the update. */
function modifyAndReturnDoc(r: WireRequest): WireAnswer {
  r.guardSingleDocRule('updateAndReturn()')
  const coll = r.collection()
  const query = r.query() ?? {}
  const m = r.db.modify(coll, query, r.data(), { multi: false, upsert: false, replace: false })
  return { data: { updated: m.updated, doc: m.first ? encodeEJSON(m.first) : null } }
}

function removeDocument(r: WireRequest): WireAnswer {
  const coll = r.collection()
  const query = r.query()
  if (r.isDocQuery(query)) {
    if (r.inTransaction) return { data: { deleted: r.db.removeInTransaction(r.p.transactionId, coll, query._id) } }
    return { data: { deleted: r.db.remove(coll, query, { multi: false }) } }
  }
  r.guardSingleDocRule('where().remove()')
  return { data: { deleted: r.db.remove(coll, query ?? {}, { multi: r.p.multi !== false }) } }
}

function aggregateDocuments(r: WireRequest): WireAnswer {
  r.guardSingleDocRule('aggregate()')
  const coll = r.collection()
  const { stages } = r.p
  if (!Array.isArray(stages)) throw invalidParam('stages must be an array')
  const pipeline: Doc[] = stages.map((s: unknown) => {
    if (!isDoc(s) || typeof s.stageKey !== 'string' || !s.stageKey.startsWith('$')) throw invalidParam('each stage needs a stageKey like $match')
    return { [s.stageKey]: typeof s.stageValue === 'string' ? decodeEJSON(s.stageValue) : s.stageValue }
  })
  // The real service returns only 20 aggregation results unless the pipeline has its own $limit stage.
  if (!pipeline.some((stage) => '$limit' in stage)) pipeline.push({ $limit: AGGREGATE_DEFAULT_LIMIT })
  return { data: { list: r.db.aggregate<Doc>(coll, pipeline).map(encodeEJSON) } }
}
