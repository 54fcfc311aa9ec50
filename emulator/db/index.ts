/**
 * The local cloud's document database: collections, queries, updates, transactions and indexes over an embedded
 * SQLite store, with a typed API for the emulator itself (seeding, storage metadata, cloud calls, tests).
 *
 * The CloudBase wire protocol that wx-server-sdk speaks is wire.ts; `handle()` hands each request to it, so the
 * server, the test harness and the scripts share one object per data directory (transaction state lives in memory).
 * Behaviour choices that differ from, or pin down, the real service are listed in emulator/db/README.md.
 */
import { createHash } from 'crypto'
import fs from 'fs'
import path from 'path'
import { Query } from 'mingo/query'
import { SqliteStore, type IndexEntry, type StoredRow } from '../store/sqlite'
import { encodeEJSON, encodeKey, fromBytes, isDoc, newDocId, toBytes, type Doc } from './codec'
import { fieldReader, type FieldSelection } from './decode'
import { DbError, collectionNotExist, duplicateKey, invalidParam } from './errors'
import { describeKey, indexEntries, isIdLookup, planQuery, sameEntries, type IndexSpec } from './indexes'
import { nearSort, queryOptions, runPipeline } from './operators'
import { fastPipeline, queryReads, unreadFields } from './pipeline'
import { plainQuery, type DocTest } from './plain-query'
import { applyModifier, isOperatorDoc, upsertSeed } from './update'
import { TransactionState, docKey, type Txn } from './transactions'
import { answerWireRequest, type RequestContext, type WireAnswer, type WireParams } from './wire'

export type { Doc } from './codec'
export type { IndexSpec } from './indexes'
export type { RequestContext, WireAnswer, WireParams } from './wire'

export interface CollectionSpec {
  name: string
  indexes?: IndexSpec[]
}

export interface FindOptions {
  sort?: Record<string, 1 | -1>
  skip?: number
  limit?: number
  projection?: Doc
}

export interface ModifyOptions {
  /** Every match rather than the first. */
  multi: boolean
  /** Insert a document built from the query's equalities when nothing matches. */
  upsert: boolean
  /** `data` is the whole new document (keeping `_id`), not update operators. */
  replace: boolean
}

export interface ModifyResult {
  /** Documents whose stored bytes changed: 0 when the new values equal the old ones. */
  updated: number
  upsertedId?: unknown
  /** The first match as it is after the update (or the upserted document). */
  first?: Doc
}

const REPO_ROOT = path.resolve(__dirname, '..', '..')
/** CloudBase collection names: letters, digits, `_` and `-`, at most 128. */
const COLLECTION_NAME = /^[A-Za-z0-9_-]{1,128}$/

/**
 * Where a query sorted by `_id` ascending starts, when its `_id` condition is `{$gt: s}` or `{$gte: s}` with a string
 * `s` (how pages after the first are asked for): only string ids can match it, and string ids in id-index order are
 * the sort order. Anything else returns undefined (matched and sorted the general way).
 */
function idRangeStart(query: Doc | undefined, sort: Record<string, 1 | -1>): { id: string; inclusive: boolean } | undefined {
  if (Object.keys(sort).length !== 1 || sort._id !== 1 || !query || !isDoc(query._id)) return undefined
  const condition = query._id
  const keys = Object.keys(condition)
  if (keys.length !== 1) return undefined
  if (keys[0] === '$gt' && typeof condition.$gt === 'string') return { id: condition.$gt, inclusive: false }
  if (keys[0] === '$gte' && typeof condition.$gte === 'string') return { id: condition.$gte, inclusive: true }
  return undefined
}

/**
 * The values a $lookup joins on at a dotted `path` of `doc`: a list's items (MongoDB matches any of them), null for
 * a missing field (which joins documents whose foreign field is null or missing).
 */
function valuesAt(doc: Doc, path: string): unknown[] {
  const spread = (value: unknown): unknown[] => (Array.isArray(value) ? (value as unknown[]) : [value])
  const field = (value: unknown, key: string): unknown => (isDoc(value) ? value[key] : undefined)
  let values: unknown[] = [doc]
  for (const key of path.split('.')) values = values.flatMap((value) => spread(value).flatMap((item) => spread(field(item, key))))
  return values.map((value) => (value === undefined ? null : value))
}

export function loadCollectionSpecs(file: string = path.join(REPO_ROOT, 'collections.json')): CollectionSpec[] {
  const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'))
  if (!isDoc(parsed) || !Array.isArray(parsed.collections)) throw new Error(`${file}: expected {"collections": [...]}`)
  return parsed.collections.map((c: unknown): CollectionSpec => {
    if (!isDoc(c) || typeof c.name !== 'string' || !c.name) throw new Error(`${file}: a collection without a name`)
    const name = c.name
    const indexes = c.indexes ?? []
    if (!Array.isArray(indexes)) throw new Error(`${file}: collection ${name}: indexes must be an array`)
    return { name, indexes: indexes.map((ix: unknown) => indexSpec(ix, `${file}: collection ${name}`)) }
  })
}

function indexSpec(ix: unknown, where: string): IndexSpec {
  if (!isDoc(ix) || typeof ix.name !== 'string' || !isDoc(ix.keys) || Object.keys(ix.keys).length === 0) {
    throw new Error(`${where} has an index without name or keys`)
  }
  const keys: Record<string, 1 | -1> = {}
  for (const [field, dir] of Object.entries(ix.keys)) {
    if (dir !== 1 && dir !== -1) throw new Error(`${where}: index ${ix.name}: key directions must be 1 or -1`)
    keys[field] = dir
  }
  return ix.unique === true ? { name: ix.name, keys, unique: true } : { name: ix.name, keys }
}

interface Matched {
  row: StoredRow
  doc: Doc
}

const QUERY_CACHE_MAX = 2000

export class Database {
  private readonly store: SqliteStore
  private readonly specs = new Map<string, IndexSpec[]>()
  private readonly txs: TransactionState
  private readonly queryCache = new Map<string, Query>()
  private readonly mingoOptions: ReturnType<typeof queryOptions>
  /** Writes noted during the current SQLite transaction; published to the transaction state once it commits. */
  private pendingWrites: Array<{ key: string; before: Buffer | null }> | null = null
  private committingTxn: string | undefined
  private handled = 0
  private examined = 0
  /** While an indexed $lookup runs: the documents of its `from` collection it can join (see aggregate). */
  private joinable: Map<string, Doc[]> | null = null

  private constructor(
    dataDir: string,
    collections: CollectionSpec[],
    private readonly clock: () => number
  ) {
    this.store = new SqliteStore(dataDir)
    this.txs = new TransactionState(clock)
    this.mingoOptions = queryOptions((name) => this.joinable?.get(name) ?? this.allDocs(name))
    for (const row of this.store.listCollections()) this.specs.set(row.name, JSON.parse(row.indexes) as IndexSpec[])
    for (const c of collections) this.declare(c.name, c.indexes ?? [])
  }

  /**
   * `now` is the cloud's clock (emulator/clock.ts): what `db.serverDate()` stores, what new ids and transaction
   * deadlines are reckoned from. Default: the wall clock.
   */
  static open(options: { dataDir: string; collections: CollectionSpec[]; now?: () => number }): Database {
    return new Database(options.dataDir, options.collections, options.now ?? Date.now)
  }

  /** The cloud's clock reading. */
  now(): number {
    return this.clock()
  }

  /** Wire requests answered so far (the server's, the harness's): what a benchmark counts as database round trips. */
  get requestCount(): number {
    return this.handled
  }

  /** Documents read from the store and tested against a query so far: shows whether lookups go through an index. */
  get docsExamined(): number {
    return this.examined
  }

  /** How a query on a collection finds its candidates: `_id`, `index:<name>` or `scan`. */
  explain(collection: string, query?: Doc): string {
    const plan = planQuery(query, this.specs.get(collection) ?? [])
    return plan.kind === 'ids' ? '_id' : plan.kind === 'index' ? `index:${plan.iname}` : 'scan'
  }

  /** Answers one `database.*` request of the CloudBase API (wire.ts); errors come back as `{code, message}`. */
  handle(action: string, params: WireParams, ctx?: RequestContext): WireAnswer {
    this.handled++
    return answerWireRequest(this, action, params, ctx)
  }

  // ───────────────────────────── collections ─────────────────────────────

  hasCollection(name: string): boolean {
    return this.specs.has(name)
  }

  /** `db.createCollection(name)`: a new collection without indexes; an existing one is an error, as on CloudBase. */
  createCollection(name: string): void {
    if (!COLLECTION_NAME.test(name)) throw invalidParam('collectionName is invalid')
    if (this.specs.has(name)) throw new DbError('DATABASE_COLLECTION_ALREADY_EXIST', `collection ${name} already exists`)
    this.declare(name, [])
  }

  collections(): string[] {
    return Array.from(this.specs.keys()).sort()
  }

  // ───────────────────────────── documents ─────────────────────────────

  /** Inserts documents atomically (all or none), generating `_id`s; creates the collection if needed. Returns the ids. */
  insert(collection: string, docs: object[]): unknown[] {
    this.ensureCollection(collection)
    return this.mutate(() => docs.map((d) => this.writeInsert(collection, this.withId({ ...d }))))
  }

  /**
   * Documents matching a MongoDB query, in insertion order unless sorted. An unknown collection has none. The store is
   * schemaless: `T` is the caller's word for what the collection holds (test/support/cloud.ts names them per collection).
   */
  find<T = Doc>(collection: string, query?: Doc, options: FindOptions = {}): T[] {
    if (!this.specs.has(collection)) return []
    const sort = options.sort && Object.keys(options.sort).length > 0 ? options.sort : undefined
    const skip = options.skip ?? 0
    // Without a sort the scan can stop as soon as it has enough matches.
    const stopAfter = sort || options.limit === undefined ? undefined : skip + options.limit
    const byDistance = sort ? undefined : nearSort(query)
    const from = sort && options.limit !== undefined ? idRangeStart(query, sort) : undefined
    if (from) {
      // Paging by `_id` (after the last one seen, in `_id` order): read in id order through the id index and stop at
      // the page's end, instead of matching the whole collection and sorting it for every page.
      const page = this.matchInIdOrder(collection, query ?? {}, from, skip + options.limit!).slice(skip)
      return this.project(page, options.projection) as T[]
    }
    let docs = this.match(collection, query, byDistance ? undefined : stopAfter).map((m) => m.doc)
    if (sort) docs = this.sorted(docs, sort)
    else if (byDistance) docs = docs.map((d) => ({ d, k: byDistance(d) })).sort((a, b) => a.k - b.k).map((x) => x.d)
    if (skip || options.limit !== undefined) docs = docs.slice(skip, options.limit === undefined ? undefined : skip + options.limit)
    return this.project(docs, options.projection) as T[]
  }

  /**
   * Applies update operators (or, for a plain object, replaces the document, as MongoDB's update does) to the first
   * match, or every match with `multi`. Returns the number of documents changed or upserted.
   */
  update(collection: string, query: Doc, modifier: Doc, options: { multi?: boolean; upsert?: boolean } = {}): number {
    if (options.upsert) this.ensureCollection(collection)
    else if (!this.specs.has(collection)) return 0
    const r = this.modify(collection, query, modifier, {
      multi: options.multi ?? false,
      upsert: options.upsert ?? false,
      replace: !isOperatorDoc(modifier)
    })
    return r.updated + (r.upsertedId === undefined ? 0 : 1)
  }

  /** The general update behind `update()` and the wire's: see ModifyOptions. The collection must exist. */
  modify(collection: string, query: Doc, data: Doc, options: ModifyOptions): ModifyResult {
    if (!this.specs.has(collection)) throw collectionNotExist(collection)
    if (!options.replace && Object.keys(data).length === 0) throw invalidParam('update data must not be empty')
    return this.mutate(() => {
      const matches = this.match(collection, query, options.multi ? undefined : 1)
      let updated = 0
      let first: Doc | undefined
      for (const m of matches) {
        // The match was decoded for this call alone: the modifier may work on it in place once its index entries
        // are known, instead of decoding the stored bytes a second time.
        const before = this.entriesOf(collection, m.doc)
        const after = options.replace ? { _id: m.doc._id, ...stripId(data) } : applyModifier(m.doc, data)
        if (this.writeUpdate(collection, m.row, before, after)) updated++
        first ??= after
      }
      if (matches.length > 0 || !options.upsert) return { updated, first }
      const seed = upsertSeed(query)
      const doc = this.withId(options.replace ? { ...(seed._id === undefined ? {} : { _id: seed._id }), ...stripId(data) } : applyModifier(seed, data))
      const id = this.writeInsert(collection, doc)
      return { updated: 0, upsertedId: id, first: doc }
    })
  }

  /** Removes every match (or the first with `multi: false`); returns how many. */
  remove(collection: string, query: Doc, options: { multi?: boolean } = {}): number {
    if (!this.specs.has(collection)) return 0
    const multi = options.multi ?? true
    return this.mutate(() => {
      const matches = this.match(collection, query, multi ? undefined : 1)
      for (const m of matches) this.writeDelete(collection, m.row)
      return matches.length
    })
  }

  count(collection: string, query?: Doc): number {
    if (!this.specs.has(collection)) return 0
    if (!query || Object.keys(query).length === 0) return this.store.countAll(collection)
    return this.match(collection, query).length
  }

  /** Runs an aggregation pipeline without the wire API's default 20-result limit. */
  aggregate<T = Doc>(collection: string, pipeline: Doc[]): T[] {
    // A leading $match narrows the input through an index like any query.
    const [first, ...rest] = pipeline
    const query = first !== undefined && isDoc(first.$match) ? first.$match : undefined
    const stages = query ? rest : pipeline
    // The common stages run on the fast path (pipeline.ts) as documents stream out of the store, each decoded only as
    // far as the pipeline reads it. A value outside the fast path's types sends the whole pipeline the general way.
    const fast = fastPipeline(stages, this.mingoOptions)
    if (fast.length > 0) {
      const examined = this.examined
      const selection = fast.fields(query ? queryReads(query) : [])
      const out = fast.run(this.matching(collection, query, selection))
      if (out) return this.runStages(out, stages.slice(fast.length)) as T[]
      // Read again below: counted once.
      this.examined = examined
    }
    // Fields the stages drop unread (and the $match does not test) need not be decoded at all.
    const reads = query ? queryReads(query) : []
    const unread = reads ? unreadFields(stages).filter((f) => !reads.includes(f)) : []
    let docs: Doc[]
    if (unread.length > 0) docs = Array.from(this.matching(collection, query, { except: unread }))
    else docs = query ? this.match(collection, query).map((m) => m.doc) : this.allDocs(collection)
    return this.runStages(docs, stages) as T[]
  }

  /** Pipeline stages over documents already read, through mingo. */
  private runStages(input: Doc[], stages: Doc[]): Doc[] {
    let docs = input
    // A $lookup on `_id` or an indexed field reads, through the index, only the documents it can join — as the
    // database does — instead of the whole collection: the stages before it run first to know the keys.
    let done = 0
    stages.forEach((stage, i) => {
      const join = this.indexedLookup(stage)
      if (!join) return
      docs = runPipeline(docs, stages.slice(done, i), this.mingoOptions)
      // Every document has an _id: a missing local field joins nothing there.
      const keys = [...new Set(docs.flatMap((doc) => valuesAt(doc, join.localField)))].filter((key) => key !== null || join.foreignField !== '_id')
      const rows = keys.length === 0 ? [] : this.match(join.from, { [join.foreignField]: { $in: keys } }).map((m) => m.doc)
      this.joinable = new Map([[join.from, rows]])
      try {
        docs = runPipeline(docs, [stage], this.mingoOptions)
      } finally {
        this.joinable = null
      }
      done = i + 1
    })
    return runPipeline(docs, stages.slice(done), this.mingoOptions)
  }

  /** Up to `stopAfter` documents matching `query` whose string `_id` is after (or from) `from.id`, in `_id` order. */
  private matchInIdOrder(coll: string, query: Doc, from: { id: string; inclusive: boolean }, stopAfter: number): Doc[] {
    const matches = this.matcher(query)
    const out: Doc[] = []
    for (const row of this.store.iterateIds(coll, encodeKey(from.id), from.inclusive)) {
      this.examined++
      const doc = matches(row.body)
      if (doc) out.push(doc)
      if (out.length >= stopAfter) break
    }
    return out
  }

  /** The equality $lookup of `stage` when its foreign field is `_id` or the first key of a declared index. */
  private indexedLookup(stage: Doc): { from: string; localField: string; foreignField: string } | undefined {
    const lookup = stage.$lookup
    if (!isDoc(lookup) || lookup.pipeline !== undefined) return undefined
    const { from, localField, foreignField } = lookup
    if (typeof from !== 'string' || typeof localField !== 'string' || typeof foreignField !== 'string' || !this.specs.has(from)) return undefined
    const indexed = foreignField === '_id' || (this.specs.get(from) ?? []).some((ix) => Object.keys(ix.keys)[0] === foreignField)
    return indexed ? { from, localField, foreignField } : undefined
  }

  /**
   * Rows the store has written since it opened, counted by SQLite (documents and index entries, rolled back or not):
   * while it stands still nothing was written, so a test need not digest the store again to know it is unchanged.
   */
  get rowWrites(): number {
    return this.store.rowWrites()
  }

  /**
   * A digest of each collection's stored bytes (ids and document bodies, in id order), by collection name: two equal
   * answers mean byte-for-byte the same documents. Tests compare one taken before a call with one taken after it to
   * prove a rejected call wrote nothing; only collections holding documents are listed.
   */
  contentDigests(): Record<string, string> {
    const digests: Record<string, string> = {}
    let coll: string | undefined
    let hash = createHash('sha256')
    for (const row of this.store.iterateEverything()) {
      if (row.coll !== coll) {
        if (coll !== undefined) digests[coll] = hash.digest('hex')
        coll = row.coll
        hash = createHash('sha256')
      }
      hash.update(`${row.id.length}:${row.id}${row.body.length}:`).update(row.body)
    }
    if (coll !== undefined) digests[coll] = hash.digest('hex')
    return digests
  }

  reset(): void {
    this.txs.endAll()
    this.store.clearDocuments()
  }

  close(): void {
    this.store.close()
  }

  // ───────────────────────────── transactions ─────────────────────────────

  /** Opens a transaction (owned by a function invocation, when given) and returns its id. */
  startTransaction(invocationId?: string): string {
    return this.txs.start(invocationId).id
  }

  /** Whether an invocation has a transaction open (the wire's single-document rule needs to know). */
  hasOpenTransaction(invocationId: string): boolean {
    return this.txs.hasOpenForInvocation(invocationId)
  }

  commitTransaction(txnId: unknown): void {
    this.commit(this.txs.get(txnId))
  }

  abortTransaction(txnId: unknown): void {
    this.txs.end(this.txs.get(txnId))
  }

  /** Aborts what an invocation left open: a transaction dies with its invocation, as on the platform. */
  endInvocation(invocationId: string): void {
    for (const txn of this.txs.transactionsOfInvocation(invocationId)) this.txs.end(txn)
  }

  /** `t.collection(c).doc(id).get()`: the document as the transaction sees it, or null. */
  getInTransaction(txnId: unknown, collection: string, id: unknown, projection?: Doc): Doc | null {
    const doc = this.txView(this.txs.get(txnId), collection, encodeKey(id))
    return doc ? this.project([doc], projection)[0] : null
  }

  /** `t.collection(c).add()`: written at commit; a duplicate `_id` fails now. Returns the ids. */
  insertInTransaction(txnId: unknown, collection: string, docs: Doc[]): unknown[] {
    const txn = this.txs.get(txnId)
    return docs.map((raw) => {
      const doc = this.withId(raw)
      const idKey = encodeKey(doc._id)
      if (this.txView(txn, collection, idKey)) throw duplicateKey(collection, '_id_', `{ _id: ${JSON.stringify(doc._id)} }`)
      this.txs.lockForWrite(txn, docKey(collection, idKey), `document ${collection}/${String(doc._id)}`)
      txn.writes.set(docKey(collection, idKey), { coll: collection, idKey, doc })
      return doc._id
    })
  }

  /** `t.collection(c).doc(id).update()/set()`: `replace` for set, `upsert` when set may create the document. */
  updateInTransaction(txnId: unknown, collection: string, id: unknown, data: Doc, options: { replace: boolean; upsert: boolean }): ModifyResult {
    const txn = this.txs.get(txnId)
    const idKey = encodeKey(id)
    const current = this.txView(txn, collection, idKey)
    if (!current && !options.upsert) return { updated: 0 }
    const after = options.replace ? { _id: id, ...stripId(data) } : applyModifier(current ? structuredClone(current) : { _id: id }, data)
    if (current && toBytes(after).equals(toBytes(current))) return { updated: 0 }
    this.txs.lockForWrite(txn, docKey(collection, idKey), `document ${collection}/${String(id)}`)
    txn.writes.set(docKey(collection, idKey), { coll: collection, idKey, doc: after })
    return current ? { updated: 1 } : { updated: 0, upsertedId: id }
  }

  /** `t.collection(c).doc(id).remove()`: returns 1 if the transaction saw the document. */
  removeInTransaction(txnId: unknown, collection: string, id: unknown): number {
    const txn = this.txs.get(txnId)
    const idKey = encodeKey(id)
    if (!this.txView(txn, collection, idKey)) return 0
    this.txs.lockForWrite(txn, docKey(collection, idKey), `document ${collection}/${String(id)}`)
    txn.writes.set(docKey(collection, idKey), { coll: collection, idKey, doc: null })
    return 1
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
    if (doc._id === undefined || doc._id === null) return { _id: newDocId(this.clock()), ...doc }
    if (Array.isArray(doc._id)) throw invalidParam('_id cannot be an array')
    return doc
  }

  /** The test of `query`: built directly when its conditions are on plain values (plain-query.ts), else mingo's. */
  private compile(query: Doc | undefined): DocTest {
    return (query && plainQuery(query, () => this.mingoTest(query))) || this.mingoTest(query)
  }

  private mingoTest(query: Doc | undefined): DocTest {
    const key = query === undefined ? '' : encodeEJSON(query)
    let q = this.queryCache.get(key)
    if (!q) {
      q = new Query(query ?? {}, this.mingoOptions)
      if (this.queryCache.size >= QUERY_CACHE_MAX) this.queryCache.clear()
      this.queryCache.set(key, q)
    }
    const compiled = q
    return (doc) => compiled.test(doc)
  }

  /**
   * The stored document `bytes` when it matches `query`, else undefined: decoded by `read` when given (a reader of
   * the fields the caller needs, the query's among them), else whole — after testing the query on only the top-level
   * fields it reads, so that a scan past many other documents does not pay for decoding them whole.
   */
  private matcher(query: Doc | undefined, read?: (bytes: Buffer) => Doc): (bytes: Buffer) => Doc | undefined {
    // Rows found by `_id` alone already match (candidates() reads them by key): nothing to compile or test.
    if (isIdLookup(query)) return read ?? fromBytes
    const test = this.compile(query)
    const fields = read || !query || Object.keys(query).length === 0 ? undefined : queryReads(query)
    if (!fields) {
      const decode = read ?? fromBytes
      return (bytes) => {
        const doc = decode(bytes)
        return test(doc) ? doc : undefined
      }
    }
    const probe = fieldReader({ only: fields })
    return (bytes) => (test(probe(bytes)) ? fromBytes(bytes) : undefined)
  }

  /** Matching documents in insertion order, found through `_id`, a declared index, or a scan. */
  private match(coll: string, query: Doc | undefined, stopAfter?: number): Matched[] {
    const matches = this.matcher(query)
    const out: Matched[] = []
    for (const row of this.candidates(coll, query)) {
      this.examined++
      const doc = matches(row.body)
      if (doc) out.push({ row, doc })
      if (stopAfter !== undefined && out.length >= stopAfter) break
    }
    return out
  }

  /**
   * Matching documents one at a time, in insertion order: only their `selection` of fields (leaving out what neither
   * the query nor the stages after it look at), or whole. The store is being read while this runs: the consumer must
   * not query it.
   */
  private *matching(coll: string, query: Doc | undefined, selection: FieldSelection | undefined): Generator<Doc> {
    const read = selection ? fieldReader(selection) : undefined
    if (!query) {
      if (this.specs.has(coll)) for (const row of this.candidates(coll, undefined)) yield (read ?? fromBytes)(row.body)
      return
    }
    const matches = this.matcher(query, read)
    for (const row of this.candidates(coll, query)) {
      this.examined++
      const doc = matches(row.body)
      if (doc) yield doc
    }
  }

  /** The stored rows that may match `query`, in insertion order: through `_id`, a declared index, or a scan. */
  private *candidates(coll: string, query: Doc | undefined): Generator<StoredRow> {
    const plan = planQuery(query, this.specs.get(coll) ?? [])
    if (plan.kind === 'scan') {
      yield* this.store.iterate(coll)
      return
    }
    if (plan.kind === 'index' && plan.keys.length === 1) {
      yield* this.store.iterateIndex(coll, plan.iname, plan.keys[0])
      return
    }
    let rows: StoredRow[]
    if (plan.kind === 'ids') {
      rows = []
      for (const k of plan.keys) {
        const row = this.store.getDoc(coll, k)
        if (row) rows.push(row)
      }
    } else {
      rows = this.unionRows(coll, plan.iname, plan.keys)
    }
    if (rows.length > 1) rows.sort((a, b) => a.seq - b.seq)
    yield* rows
  }

  private unionRows(coll: string, iname: string, keys: string[]): StoredRow[] {
    const bySeq = new Map<number, StoredRow>()
    for (const k of keys) for (const row of this.store.byIndex(coll, iname, k)) bySeq.set(row.seq, row)
    return Array.from(bySeq.values())
  }

  /** `docs` in `sort` order, as mingo's $sort orders them (on the fast path when the values allow). */
  private sorted(docs: Doc[], sort: Record<string, 1 | -1>): Doc[] {
    const stages = [{ $sort: sort }]
    return fastPipeline(stages, this.mingoOptions).run(docs) ?? runPipeline(docs, stages, this.mingoOptions)
  }

  private allDocs(coll: string): Doc[] {
    if (!this.specs.has(coll)) return []
    return this.store.scan(coll).map((r) => fromBytes(r.body))
  }

  private project(docs: Doc[], projection: Doc | undefined): Doc[] {
    if (!projection || Object.keys(projection).length === 0) return docs
    return new Query({}, this.mingoOptions).find<Doc>(docs, projection).all()
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

  private writeInsert(coll: string, doc: Doc): unknown {
    const idKey = encodeKey(doc._id)
    if (this.store.getDoc(coll, idKey)) throw duplicateKey(coll, '_id_', `{ _id: ${JSON.stringify(doc._id)} }`)
    const entries = indexEntries(doc, this.specs.get(coll) ?? [])
    this.checkUnique(coll, idKey, doc, entries)
    this.store.insertDoc(coll, idKey, toBytes(doc))
    this.store.insertEntries(coll, idKey, entries)
    this.noteWrite(coll, idKey, null)
    return doc._id
  }

  private entriesOf(coll: string, doc: Doc): IndexEntry[] {
    return indexEntries(doc, this.specs.get(coll) ?? [])
  }

  /**
   * Replaces a stored document whose index entries were `oldEntries`; returns false (and writes nothing) when the
   * bytes would not change.
   */
  private writeUpdate(coll: string, row: StoredRow, oldEntries: IndexEntry[], after: Doc): boolean {
    const body = toBytes(after)
    if (body.equals(row.body)) return false
    const newEntries = this.entriesOf(coll, after)
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
            this.writeUpdate(w.coll, row, this.entriesOf(w.coll, fromBytes(row.body)), w.doc)
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
