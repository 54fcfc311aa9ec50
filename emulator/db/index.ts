/**
 * The local cloud's document database: serves the CloudBase database wire API (as wx-server-sdk 4.0.2 sends it)
 * and a typed API for the emulator itself, over an embedded SQLite store.
 *
 * Behaviour choices that differ from, or pin down, the real service are listed in emulator/db/README.md.
 */
import fs from 'fs'
import path from 'path'
import mingo, { Query } from 'mingo'
import { SqliteStore, type StoredRow } from '../store/sqlite'
import { decodeEJSON, encodeEJSON, encodeKey, fromBytes, newDocId, resolveServerDates, toBytes, type Doc } from './codec'
import { DbError, collectionNotExist, duplicateKey, invalidParam } from './errors'
import { describeKey, indexEntries, planQuery, sameEntries, type IndexSpec } from './indexes'
import { nearSort, queryOptions } from './operators'
import { applyModifier, isOperatorDoc, upsertSeed } from './update'
import { TransactionState, docKey, type Txn } from './transactions'

export type { IndexSpec } from './indexes'
export interface CollectionSpec {
  name: string
  indexes?: IndexSpec[]
}
/** Set by the function runner for requests made inside a function invocation. */
export interface RequestContext {
  invocationId?: string
}

/** CloudBase server-side `get()` returns 100 documents unless told otherwise, and never more than 1000. */
export const DEFAULT_LIMIT = 100
export const MAX_LIMIT = 1000
/** aggregate().end() in a cloud function returns 20 documents when the pipeline sets no limit. */
export const AGGREGATE_DEFAULT_LIMIT = 20

const REPO_ROOT = path.resolve(__dirname, '..', '..')

export function loadCollectionSpecs(file: string = path.join(REPO_ROOT, 'collections.json')): CollectionSpec[] {
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8'))
  if (!parsed || !Array.isArray(parsed.collections)) throw new Error(`${file}: expected {"collections": [...]}`)
  for (const c of parsed.collections) {
    if (typeof c.name !== 'string' || !c.name) throw new Error(`${file}: a collection without a name`)
    for (const ix of c.indexes ?? []) {
      if (typeof ix.name !== 'string' || !ix.keys || Object.keys(ix.keys).length === 0) {
        throw new Error(`${file}: collection ${c.name} has an index without name or keys`)
      }
      for (const dir of Object.values(ix.keys)) {
        if (dir !== 1 && dir !== -1) throw new Error(`${file}: index ${c.name}.${ix.name}: key directions must be 1 or -1`)
      }
    }
  }
  return parsed.collections
}

interface FindOptions {
  sort?: Record<string, 1 | -1>
  skip?: number
  limit?: number
  projection?: Record<string, any>
}

interface Matched {
  row: StoredRow
  doc: Doc
}

const QUERY_CACHE_MAX = 2000

export class Database {
  private readonly store: SqliteStore
  private readonly specs = new Map<string, IndexSpec[]>()
  private readonly txs = new TransactionState()
  private readonly queryCache = new Map<string, Query>()
  private readonly mingoOptions: ReturnType<typeof queryOptions>
  /** Writes noted during the current SQLite transaction; published to the transaction state once it commits. */
  private pendingWrites: Array<{ key: string; before: Buffer | null }> | null = null
  private committingTxn: string | undefined
  private handled = 0
  private examined = 0

  private constructor(dataDir: string, collections: CollectionSpec[]) {
    this.store = new SqliteStore(dataDir)
    this.mingoOptions = queryOptions((name) => this.allDocs(name))
    for (const row of this.store.listCollections()) this.specs.set(row.name, JSON.parse(row.indexes))
    for (const c of collections) this.declare(c.name, c.indexes ?? [])
  }

  static open(options: { dataDir: string; collections: CollectionSpec[] }): Database {
    return new Database(options.dataDir, options.collections)
  }

  get requestCount(): number {
    return this.handled
  }

  /** Documents read from the store and tested against a query so far: shows whether lookups go through an index. */
  get docsExamined(): number {
    return this.examined
  }

  /** How a query on a collection finds its candidates: `_id`, `index:<name>` or `scan`. */
  explain(collection: string, query?: object): string {
    const plan = planQuery(query as Doc | undefined, this.specs.get(collection) ?? [])
    return plan.kind === 'ids' ? '_id' : plan.kind === 'index' ? `index:${plan.iname}` : 'scan'
  }

  // ───────────────────────────── wire API ─────────────────────────────

  handle(action: string, params: Record<string, any>, ctx?: RequestContext): Record<string, unknown> {
    this.handled++
    try {
      return this.dispatch(action, params ?? {}, ctx)
    } catch (e) {
      if (e instanceof DbError) return { code: e.code, message: e.message }
      const message = e instanceof Error ? e.message : String(e)
      return { code: 'DATABASE_REQUEST_FAILED', message: `[DATABASE_REQUEST_FAILED] ${message}` }
    }
  }

  endInvocation(invocationId: string): void {
    for (const txn of this.txs.transactionsOfInvocation(invocationId)) this.txs.end(txn)
  }

  private dispatch(action: string, p: Record<string, any>, ctx?: RequestContext): Record<string, unknown> {
    switch (action) {
      case 'database.startTransaction':
        return { transactionId: this.txs.start(ctx?.invocationId).id }
      case 'database.commitTransaction':
        this.commit(this.txs.get(p.transactionId))
        return {}
      case 'database.abortTransaction':
        this.txs.end(this.txs.get(p.transactionId))
        return {}
      case 'database.addCollection':
        return this.addCollection(p)
      case 'database.insertDocument':
        return this.wireInsert(p)
      case 'database.getDocument':
        return this.wireGet(p, ctx)
      case 'database.calculateDocument':
        this.guardSingleDocRule('count()', p, ctx)
        return { data: { total: this.count(this.wireCollection(p), this.wireQuery(p)) } }
      case 'database.modifyDocument':
        return this.wireModify(p, ctx)
      case 'database.modifyAndReturnDoc':
        return this.wireModifyAndReturn(p, ctx)
      case 'database.removeDocument':
        return this.wireRemove(p, ctx)
      case 'database.aggregateDocuments':
        return this.wireAggregate(p, ctx)
      default:
        throw invalidParam(`action ${action} is not supported by the local cloud database`)
    }
  }

  /**
   * CloudBase transactions only cover single-document operations, and the SDK sends where-queries, count() and
   * aggregate() without the transaction id, so inside a transaction they would silently run outside it. The local
   * cloud refuses them while the same function invocation has a transaction open (and refuses a where-query that
   * carries a transaction id), so code cannot come to rely on them.
   */
  private guardSingleDocRule(what: string, p: Record<string, any>, ctx?: RequestContext): void {
    const inTxn = p.transactionId !== undefined || (ctx?.invocationId !== undefined && this.txs.hasOpenForInvocation(ctx.invocationId))
    if (!inTxn) return
    throw new DbError(
      'DATABASE_TRANSACTION_FAIL',
      `CloudBase transactions allow only single-document operations (doc().get/update/set/remove, add): ${what} on ` +
        `collection ${p.collectionName} was called while this invocation has a transaction open and would run outside it`
    )
  }

  private wireCollection(p: Record<string, any>): string {
    const name = p.collectionName
    if (typeof name !== 'string' || !name) throw invalidParam('collectionName is required')
    if (!this.specs.has(name)) throw collectionNotExist(name)
    return name
  }

  private wireQuery(p: Record<string, any>): Doc | undefined {
    const q = p.query
    if (q === undefined || q === null || q === '') return undefined
    const decoded = typeof q === 'string' ? decodeEJSON(q) : q
    if (typeof decoded !== 'object' || decoded === null || Array.isArray(decoded)) throw invalidParam('query must be an object')
    return decoded
  }

  private isDocQuery(p: Record<string, any>, query: Doc | undefined): query is Doc {
    if (p.queryType !== 'DOC') return false
    if (!query || query._id === undefined) throw invalidParam('a DOC query needs the document _id')
    return true
  }

  private decodeOptional(v: unknown): any {
    if (v === undefined || v === null || v === '') return undefined
    return typeof v === 'string' ? decodeEJSON(v) : v
  }

  private wireInsert(p: Record<string, any>): Record<string, unknown> {
    const coll = this.wireCollection(p)
    if (!Array.isArray(p.data) || p.data.length === 0) throw invalidParam('data must be a non-empty array')
    const now = Date.now()
    const docs: Doc[] = p.data.map((d: unknown) => {
      const doc = resolveServerDates(typeof d === 'string' ? decodeEJSON(d) : d, now)
      if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw invalidParam('each inserted document must be an object')
      return doc
    })
    if (p.transactionId !== undefined) return { data: { insertedIds: this.txInsert(this.txs.get(p.transactionId), coll, docs) } }
    return { data: { insertedIds: this.insert(coll, docs) } }
  }

  private wireGet(p: Record<string, any>, ctx?: RequestContext): Record<string, unknown> {
    const coll = this.wireCollection(p)
    const query = this.wireQuery(p)
    const projection = this.decodeOptional(p.projection)
    if (this.isDocQuery(p, query)) {
      let docs: Doc[]
      if (p.transactionId !== undefined) {
        const doc = this.txView(this.txs.get(p.transactionId), coll, encodeKey(query._id))
        docs = doc ? this.project([doc], projection) : []
      } else {
        docs = this.find(coll, query, { projection, limit: 1 })
      }
      return { data: { list: docs.map(encodeEJSON), limit: 1, offset: 0 } }
    }
    this.guardSingleDocRule('where().get()', p, ctx)
    const offset = p.offset === undefined ? 0 : Number(p.offset)
    let limit = p.limit === undefined || p.limit === null ? DEFAULT_LIMIT : Number(p.limit)
    if (!Number.isInteger(offset) || offset < 0) throw invalidParam('offset must be a non-negative integer')
    if (!Number.isInteger(limit) || limit < 0) throw invalidParam('limit must be a non-negative integer')
    if (limit === 0) limit = DEFAULT_LIMIT
    limit = Math.min(limit, MAX_LIMIT)
    const sort = this.decodeOptional(p.order)
    const docs = this.find(coll, query, { sort, skip: offset, limit, projection })
    return { data: { list: docs.map(encodeEJSON), limit, offset } }
  }

  private wireModify(p: Record<string, any>, ctx?: RequestContext): Record<string, unknown> {
    const coll = this.wireCollection(p)
    const query = this.wireQuery(p)
    const data = this.decodeOptional(p.data)
    if (typeof data !== 'object' || data === null || Array.isArray(data)) throw invalidParam('data must be an object')
    resolveServerDates(data, Date.now())
    const replace = p.merge === false
    const upsert = p.upsert === true
    if (this.isDocQuery(p, query)) {
      if (p.transactionId !== undefined) return { data: this.txModify(this.txs.get(p.transactionId), coll, query._id, data, replace, upsert) }
      const r = this.modify(coll, query, data, { multi: false, upsert, replace })
      return { data: r.upsertedId === undefined ? { updated: r.updated } : { updated: r.updated, upsert_id: r.upsertedId } }
    }
    this.guardSingleDocRule('where().update()', p, ctx)
    const r = this.modify(coll, query ?? {}, data, { multi: p.multi !== false, upsert, replace })
    return { data: r.upsertedId === undefined ? { updated: r.updated } : { updated: r.updated, upsert_id: r.upsertedId } }
  }

  /** `Query.updateAndReturn`: updates the first match and returns it as it is after the update. */
  private wireModifyAndReturn(p: Record<string, any>, ctx?: RequestContext): Record<string, unknown> {
    this.guardSingleDocRule('updateAndReturn()', p, ctx)
    const coll = this.wireCollection(p)
    const query = this.wireQuery(p) ?? {}
    const data = this.decodeOptional(p.data)
    if (typeof data !== 'object' || data === null) throw invalidParam('data must be an object')
    resolveServerDates(data, Date.now())
    const r = this.modify(coll, query, data, { multi: false, upsert: false, replace: false })
    return { data: { updated: r.updated, doc: r.first ? encodeEJSON(r.first) : null } }
  }

  private wireRemove(p: Record<string, any>, ctx?: RequestContext): Record<string, unknown> {
    const coll = this.wireCollection(p)
    const query = this.wireQuery(p)
    if (this.isDocQuery(p, query)) {
      if (p.transactionId !== undefined) return { data: { deleted: this.txRemove(this.txs.get(p.transactionId), coll, query._id) } }
      return { data: { deleted: this.remove(coll, query, { multi: false }) } }
    }
    this.guardSingleDocRule('where().remove()', p, ctx)
    return { data: { deleted: this.remove(coll, query ?? {}, { multi: p.multi !== false }) } }
  }

  private wireAggregate(p: Record<string, any>, ctx?: RequestContext): Record<string, unknown> {
    this.guardSingleDocRule('aggregate()', p, ctx)
    const coll = this.wireCollection(p)
    if (!Array.isArray(p.stages)) throw invalidParam('stages must be an array')
    const pipeline: Doc[] = p.stages.map((s: any) => {
      if (!s || typeof s.stageKey !== 'string' || !s.stageKey.startsWith('$')) throw invalidParam('each stage needs a stageKey like $match')
      return { [s.stageKey]: typeof s.stageValue === 'string' ? decodeEJSON(s.stageValue) : s.stageValue }
    })
    // The real service returns only 20 aggregation results unless the pipeline has its own $limit stage.
    if (!pipeline.some((stage: Doc) => '$limit' in stage)) pipeline.push({ $limit: AGGREGATE_DEFAULT_LIMIT })
    return { data: { list: this.aggregate(coll, pipeline).map(encodeEJSON) } }
  }

  private addCollection(p: Record<string, any>): Record<string, unknown> {
    const name = p.collectionName
    if (typeof name !== 'string' || !/^[A-Za-z0-9_\-]{1,128}$/.test(name)) throw invalidParam('collectionName is invalid')
    if (this.specs.has(name)) throw new DbError('DATABASE_COLLECTION_ALREADY_EXIST', `collection ${name} already exists`)
    this.declare(name, [])
    return {}
  }

  // ───────────────────────────── typed API ─────────────────────────────

  /** Inserts documents atomically (all or none), generating `_id`s; creates the collection if needed. Returns the ids. */
  insert(collection: string, docs: object[]): string[] {
    this.ensureCollection(collection)
    return this.mutate(() => docs.map((d) => this.writeInsert(collection, this.withId({ ...(d as Doc) }))))
  }

  /** Documents matching a MongoDB query, in insertion order unless sorted. An unknown collection has none. */
  find(collection: string, query?: object, options: FindOptions = {}): any[] {
    if (!this.specs.has(collection)) return []
    const q = query as Doc | undefined
    const sort = options.sort && Object.keys(options.sort).length > 0 ? options.sort : undefined
    const skip = options.skip ?? 0
    // Without a sort the scan can stop as soon as it has enough matches.
    const stopAfter = sort || options.limit === undefined ? undefined : skip + options.limit
    const byDistance = sort ? undefined : nearSort(q)
    let docs = this.match(collection, q, byDistance ? undefined : stopAfter).map((m) => m.doc)
    if (sort) docs = mingo.aggregate(docs, [{ $sort: sort }], this.mingoOptions) as Doc[]
    else if (byDistance) docs = docs.map((d) => ({ d, k: byDistance(d) })).sort((a, b) => a.k - b.k).map((x) => x.d)
    if (skip || options.limit !== undefined) docs = docs.slice(skip, options.limit === undefined ? undefined : skip + options.limit)
    return this.project(docs, options.projection)
  }

  /**
   * Applies update operators (or, for a plain object, replaces the document, as MongoDB's update does) to the first
   * match, or every match with `multi`. Returns the number of documents changed or upserted.
   */
  update(collection: string, query: object, modifier: object, options: { multi?: boolean; upsert?: boolean } = {}): number {
    if (options.upsert) this.ensureCollection(collection)
    else if (!this.specs.has(collection)) return 0
    const r = this.modify(collection, query as Doc, modifier as Doc, {
      multi: options.multi ?? false,
      upsert: options.upsert ?? false,
      replace: !isOperatorDoc(modifier as Doc)
    })
    return r.updated + (r.upsertedId === undefined ? 0 : 1)
  }

  /** Removes every match (or the first with `multi: false`); returns how many. */
  remove(collection: string, query: object, options: { multi?: boolean } = {}): number {
    if (!this.specs.has(collection)) return 0
    const multi = options.multi ?? true
    return this.mutate(() => {
      const matches = this.match(collection, query as Doc, multi ? undefined : 1)
      for (const m of matches) this.writeDelete(collection, m.row)
      return matches.length
    })
  }

  count(collection: string, query?: object): number {
    if (!this.specs.has(collection)) return 0
    if (!query || Object.keys(query).length === 0) return this.store.countAll(collection)
    return this.match(collection, query as Doc).length
  }

  /** Runs an aggregation pipeline without the wire API's default 20-result limit. */
  aggregate(collection: string, pipeline: object[]): any[] {
    const stages = pipeline as Doc[]
    // A leading $match narrows the input through an index like any query.
    const first = stages[0]
    const source = first && first.$match && typeof first.$match === 'object'
      ? this.match(collection, first.$match).map((m) => m.doc)
      : this.allDocs(collection)
    return mingo.aggregate(source, first && first.$match ? stages.slice(1) : stages, this.mingoOptions)
  }

  collections(): string[] {
    return Array.from(this.specs.keys()).sort()
  }

  reset(): void {
    this.txs.endAll()
    this.store.clearDocuments()
  }

  close(): void {
    this.store.close()
  }

  // ───────────────────────────── internals ─────────────────────────────

  private declare(name: string, indexes: IndexSpec[]): void {
    const json = JSON.stringify(indexes)
    const previous = this.specs.get(name)
    this.specs.set(name, indexes)
    if (previous && JSON.stringify(previous) === json) return
    this.store.atomic(() => {
      this.store.saveCollection(name, json)
      if (previous) this.rebuildIndexes(name, indexes)
    })
  }

  /** Recomputes a collection's index entries after its declared indexes changed (fails loudly on duplicates). */
  private rebuildIndexes(coll: string, indexes: IndexSpec[]): void {
    this.store.dropCollectionEntries(coll)
    for (const row of this.store.scan(coll)) {
      const doc = fromBytes(row.body)
      const entries = indexEntries(doc, indexes)
      this.checkUnique(coll, row.id, doc, entries)
      this.store.insertEntries(coll, row.id, entries)
    }
  }

  private ensureCollection(name: string): void {
    if (!this.specs.has(name)) this.declare(name, [])
  }

  private withId(doc: Doc): Doc {
    if (doc._id === undefined || doc._id === null) return { _id: newDocId(), ...doc }
    if (Array.isArray(doc._id)) throw invalidParam('_id cannot be an array')
    return doc
  }

  private compile(query: Doc | undefined): Query {
    const key = query === undefined ? '' : encodeEJSON(query)
    let q = this.queryCache.get(key)
    if (!q) {
      q = new Query(query ?? {}, this.mingoOptions)
      if (this.queryCache.size >= QUERY_CACHE_MAX) this.queryCache.clear()
      this.queryCache.set(key, q)
    }
    return q
  }

  /** Matching documents in insertion order, found through `_id`, a declared index, or a scan. */
  private match(coll: string, query: Doc | undefined, stopAfter?: number): Matched[] {
    const q = this.compile(query)
    const plan = planQuery(query, this.specs.get(coll) ?? [])
    const out: Matched[] = []
    const consider = (row: StoredRow): boolean => {
      this.examined++
      const doc = fromBytes(row.body)
      if (q.test(doc)) out.push({ row, doc })
      return stopAfter !== undefined && out.length >= stopAfter
    }
    if (plan.kind === 'scan') {
      for (const row of this.store.iterate(coll)) if (consider(row)) break
      return out
    }
    let rows: StoredRow[]
    if (plan.kind === 'ids') {
      rows = []
      for (const k of plan.keys) {
        const row = this.store.getDoc(coll, k)
        if (row) rows.push(row)
      }
    } else {
      rows = plan.keys.length === 1 ? this.store.byIndex(coll, plan.iname, plan.keys[0]) : this.unionRows(coll, plan.iname, plan.keys)
    }
    if (rows.length > 1) rows.sort((a, b) => a.seq - b.seq)
    for (const row of rows) if (consider(row)) break
    return out
  }

  private unionRows(coll: string, iname: string, keys: string[]): StoredRow[] {
    const bySeq = new Map<number, StoredRow>()
    for (const k of keys) for (const row of this.store.byIndex(coll, iname, k)) bySeq.set(row.seq, row)
    return Array.from(bySeq.values())
  }

  private allDocs(coll: string): Doc[] {
    if (!this.specs.has(coll)) return []
    return this.store.scan(coll).map((r) => fromBytes(r.body))
  }

  private project(docs: Doc[], projection: Record<string, any> | undefined): Doc[] {
    if (!projection || Object.keys(projection).length === 0) return docs
    return new Query({}, this.mingoOptions).find(docs, projection).all() as Doc[]
  }

  /** Runs writes in one SQLite transaction, then publishes them to the transaction bookkeeping. */
  private mutate<T>(fn: () => T): T {
    if (this.pendingWrites) return fn()
    this.pendingWrites = []
    try {
      const result = this.store.atomic(fn)
      for (const w of this.pendingWrites) this.txs.recordWrite(w.key, w.before, this.committingTxn)
      return result
    } finally {
      this.pendingWrites = null
    }
  }

  private noteWrite(coll: string, idKey: string, before: Buffer | null): void {
    this.pendingWrites!.push({ key: docKey(coll, idKey), before })
  }

  private checkUnique(coll: string, idKey: string, doc: Doc, entries: ReturnType<typeof indexEntries>): void {
    for (const e of entries) {
      if (!e.uniq) continue
      const owner = this.store.uniqueOwner(coll, e)
      if (owner !== undefined && owner !== idKey) {
        const spec = this.specs.get(coll)!.find((s) => s.name === e.iname)!
        throw duplicateKey(coll, e.iname, describeKey(doc, spec))
      }
    }
  }

  private writeInsert(coll: string, doc: Doc): string {
    const idKey = encodeKey(doc._id)
    if (this.store.getDoc(coll, idKey)) throw duplicateKey(coll, '_id_', `{ _id: ${JSON.stringify(doc._id)} }`)
    const entries = indexEntries(doc, this.specs.get(coll) ?? [])
    this.checkUnique(coll, idKey, doc, entries)
    this.store.insertDoc(coll, idKey, toBytes(doc))
    this.store.insertEntries(coll, idKey, entries)
    this.noteWrite(coll, idKey, null)
    return doc._id
  }

  /** Replaces a stored document; returns false (and writes nothing) when the bytes would not change. */
  private writeUpdate(coll: string, row: StoredRow, before: Doc, after: Doc): boolean {
    const body = toBytes(after)
    if (body.equals(row.body)) return false
    const specs = this.specs.get(coll) ?? []
    const oldEntries = indexEntries(before, specs)
    const newEntries = indexEntries(after, specs)
    if (!sameEntries(oldEntries, newEntries)) {
      this.checkUnique(coll, row.id, after, newEntries)
      this.store.deleteEntries(coll, row.id)
      this.store.insertEntries(coll, row.id, newEntries)
    }
    this.store.updateDoc(row.seq, body)
    this.noteWrite(coll, row.id, row.body)
    return true
  }

  private writeDelete(coll: string, row: StoredRow): void {
    this.store.deleteDoc(row.seq)
    this.store.deleteEntries(coll, row.id)
    this.noteWrite(coll, row.id, row.body)
  }

  private modify(
    coll: string,
    query: Doc,
    data: Doc,
    opts: { multi: boolean; upsert: boolean; replace: boolean }
  ): { updated: number; upsertedId?: unknown; first?: Doc } {
    if (!opts.replace && Object.keys(data).length === 0) throw invalidParam('update data must not be empty')
    return this.mutate(() => {
      const matches = this.match(coll, query, opts.multi ? undefined : 1)
      let updated = 0
      let first: Doc | undefined
      for (const m of matches) {
        const after = opts.replace ? { _id: m.doc._id, ...stripId(data) } : applyModifier(fromBytes(m.row.body), data)
        if (this.writeUpdate(coll, m.row, m.doc, after)) updated++
        first ??= after
      }
      if (matches.length > 0 || !opts.upsert) return { updated, first }
      const seed = upsertSeed(query)
      const doc = this.withId(opts.replace ? { ...(seed._id === undefined ? {} : { _id: seed._id }), ...stripId(data) } : applyModifier(seed, data))
      const id = this.writeInsert(coll, doc)
      return { updated: 0, upsertedId: id, first: doc }
    })
  }

  // ───────────────────────────── transactions ─────────────────────────────

  /** The document as transaction `txn` sees it: its own write, else the committed state when it started. */
  private txView(txn: Txn, coll: string, idKey: string): Doc | null {
    const key = docKey(coll, idKey)
    const own = txn.writes.get(key)
    if (own) return own.doc ? structuredClone(own.doc) : null
    const snap = this.txs.snapshot(key, txn.startSeq)
    if (snap.found) return snap.before ? fromBytes(snap.before) : null
    const row = this.store.getDoc(coll, idKey)
    return row ? fromBytes(row.body) : null
  }

  private txInsert(txn: Txn, coll: string, docs: Doc[]): string[] {
    const ids: string[] = []
    for (const raw of docs) {
      const doc = this.withId(raw)
      const idKey = encodeKey(doc._id)
      const key = docKey(coll, idKey)
      if (this.txView(txn, coll, idKey)) throw duplicateKey(coll, '_id_', `{ _id: ${JSON.stringify(doc._id)} }`)
      this.txs.lockForWrite(txn, key, `document ${coll}/${String(doc._id)}`)
      txn.writes.set(key, { coll, idKey, doc })
      ids.push(doc._id)
    }
    return ids
  }

  private txModify(txn: Txn, coll: string, id: unknown, data: Doc, replace: boolean, upsert: boolean): Record<string, unknown> {
    const idKey = encodeKey(id)
    const key = docKey(coll, idKey)
    const current = this.txView(txn, coll, idKey)
    if (!current && !upsert) return { updated: 0 }
    const after = replace ? { _id: id, ...stripId(data) } : applyModifier(current ? structuredClone(current) : { _id: id }, data)
    if (current && toBytes(after).equals(toBytes(current))) return { updated: 0 }
    this.txs.lockForWrite(txn, key, `document ${coll}/${String(id)}`)
    txn.writes.set(key, { coll, idKey, doc: after })
    return current ? { updated: 1 } : { updated: 0, upsert_id: id }
  }

  private txRemove(txn: Txn, coll: string, id: unknown): number {
    const idKey = encodeKey(id)
    const key = docKey(coll, idKey)
    if (!this.txView(txn, coll, idKey)) return 0
    this.txs.lockForWrite(txn, key, `document ${coll}/${String(id)}`)
    txn.writes.set(key, { coll, idKey, doc: null })
    return 1
  }

  private commit(txn: Txn): void {
    if (txn.doomed) {
      this.txs.end(txn)
      throw new DbError('DATABASE_TRANSACTION_CONFLICT', `WriteConflict: ${txn.doomed}; the transaction was aborted`)
    }
    this.committingTxn = txn.id
    try {
      this.mutate(() => {
        for (const w of txn.writes.values()) {
          const row = this.store.getDoc(w.coll, w.idKey)
          if (w.doc === null) {
            if (row) this.writeDelete(w.coll, row)
          } else if (row) {
            this.writeUpdate(w.coll, row, fromBytes(row.body), w.doc)
          } else {
            this.writeInsert(w.coll, w.doc)
          }
        }
      })
    } finally {
      this.committingTxn = undefined
      this.txs.end(txn)
    }
  }
}

function stripId(data: Doc): Doc {
  const { _id: _ignored, ...rest } = data
  return rest
}
