/**
 * Typed access to a function's collections over the one wx-server-sdk database. Each function declares its
 * collections once, in its repo (name → stored document type), and reads and writes them through a Store for that
 * map, so a collection name or a document shape cannot drift between files.
 *
 * Every method is exactly one database request, so a handler's request count can be read off its code. The SDK types
 * its results loosely (`Promise<T> | void | string`, an untyped `stats`), so this is the one module that casts them —
 * to the shapes the CloudBase database API documents.
 */
import { db, type Collection } from './cloud'

/** A collection map: collection name → the documents stored in it. */
export type CollectionMap<M> = { [K in keyof M]: { _id: string } }

/** A query condition: fields, dot paths and database commands (`_.gt(…)`, `_.in(…)`). */
export type Where = Record<string, unknown>
/** An update: fields, dot paths and update commands (`_.inc(1)`, `_.remove()`). */
export type Patch = Record<string, unknown>
/** A projection: which fields a read ships. */
export type Fields = Readonly<Record<string, boolean>>

/** A document to insert: its `_id` is ours when it is deterministic, the database's otherwise. */
export type NewDoc<D extends { _id: string }> = Omit<D, '_id'> & { _id?: string }

export type Aggregate = ReturnType<Collection['aggregate']>

/** Rows per request of findAll (CloudBase serves at most 1000 per server read). */
export const PAGE_SIZE = 1000

/** What a request resolves to, per the CloudBase API: the SDK's typings leave it open, so this is said once, here. */
const settled = <T>(request: unknown): Promise<T> => request as Promise<T>

/** The database SDK's query as far as updateAndReturn goes: an error comes back as `code`, not thrown. */
interface ReturnQuery {
  updateAndReturn(data: Patch): Promise<{ code?: string; message?: string; doc?: unknown }>
}

interface Updated {
  stats: { updated: number }
}

export interface Store<M extends CollectionMap<M>> {
  /** One document by `_id`, or null. */
  get<K extends keyof M & string>(name: K, id: string): Promise<M[K] | null>
  /**
   * Every document matching `where`, a page at a time in `_id` order, each page starting after the last `_id` seen (so
   * rows are neither repeated nor skipped): never the silent 100-row default. One request per page.
   */
  findAll<K extends keyof M & string>(name: K, where: Where, fields?: Fields): Promise<M[K][]>
  /** At most `limit` (≤ PAGE_SIZE) documents matching `where`, in `orderBy` order when given, after skipping `skip`. */
  find<K extends keyof M & string>(
    name: K,
    where: Where,
    page: { limit: number; orderBy?: [string, 'asc' | 'desc']; skip?: number; fields?: Fields }
  ): Promise<M[K][]>
  count<K extends keyof M & string>(name: K, where: Where): Promise<number>
  /** Inserts one document and answers its `_id`; a taken `_id` rejects with a duplicate-key error (isDuplicateKeyError). */
  insert<K extends keyof M & string>(name: K, doc: NewDoc<M[K]>): Promise<string>
  /** Inserts a batch in one request: all or nothing. */
  insertMany<K extends keyof M & string>(name: K, docs: readonly M[K][]): Promise<void>
  /** Updates the documents matching `where` (a conditional write when `where` names the expected state); answers how many changed. */
  update<K extends keyof M & string>(name: K, where: Where, data: Patch): Promise<number>
  /**
   * Updates the first document matching `where` and answers it as the update left it, or null when nothing matched:
   * a conditional write that also tells what it wrote next to (a counter it incremented, a list it appended to).
   */
  updateAndReturn<K extends keyof M & string>(name: K, where: Where, data: Patch): Promise<M[K] | null>
  /** Updates one document by `_id`; answers 1 if it changed, 0 if missing or already so. */
  updateDoc<K extends keyof M & string>(name: K, id: string, data: Patch): Promise<number>
  /** Writes one document by `_id` whole (creating it if missing). */
  setDoc<K extends keyof M & string>(name: K, id: string, doc: Omit<M[K], '_id'>): Promise<void>
  removeDoc<K extends keyof M & string>(name: K, id: string): Promise<void>
  /** An aggregation pipeline over a collection; run it with `rows`. */
  aggregate<K extends keyof M & string>(name: K): Aggregate
  /** Runs a pipeline and answers its rows, shaped as the caller's stages make them. */
  rows<T>(pipeline: { end(): unknown }): Promise<T[]>
}

export function createStore<M extends CollectionMap<M>>(): Store<M> {
  const collection = (name: string): Collection => db.collection(name)
  return {
    async get(name, id) {
      const res = await settled<{ data: M[typeof name] | null }>(collection(name).doc(id).get())
      return res.data ?? null
    },

    async findAll(name, where, fields) {
      type D = M[typeof name]
      const out: D[] = []
      let after: string | undefined
      for (;;) {
        const range = after === undefined ? null : { _id: db.command.gt(after) }
        // A caller's own `_id` condition (e.g. `_.in(ids)`) must hold on the later pages too.
        const filter = range === null ? where : '_id' in where ? db.command.and([where, range]) : { ...where, ...range }
        const query = collection(name).where(filter).orderBy('_id', 'asc').limit(PAGE_SIZE)
        const page = (await settled<{ data: D[] }>((fields ? query.field(fields) : query).get())).data
        out.push(...page)
        if (page.length < PAGE_SIZE) return out
        after = page[page.length - 1]._id
      }
    },

    async find(name, where, page) {
      let query = collection(name).where(where)
      if (page.orderBy) query = query.orderBy(...page.orderBy)
      if (page.skip) query = query.skip(page.skip)
      query = query.limit(page.limit)
      if (page.fields) query = query.field(page.fields)
      return (await settled<{ data: M[typeof name][] }>(query.get())).data
    },

    async count(name, where) {
      return (await settled<{ total: number }>(collection(name).where(where).count())).total
    },

    async insert(name, doc) {
      const res = await settled<{ _id: string | number }>(collection(name).add({ data: doc }))
      return String(res._id)
    },

    async insertMany(name, docs) {
      // CloudBase's add takes an array as one batch (the SDK describes one document, whose index signature admits it).
      await settled(collection(name).add({ data: docs }))
    },

    async update(name, where, data) {
      return (await settled<Updated>(collection(name).where(where).update({ data }))).stats.updated
    },

    async updateAndReturn<K extends keyof M & string>(name: K, where: Where, data: Patch) {
      // wx-server-sdk 4 wraps the database SDK's query and forwards get/update/remove but not this one: it is asked of
      // the query underneath, which sends the documented request (database.modifyAndReturnDoc) on the same connection.
      const query = (collection(name).where(where) as unknown as { _query: ReturnQuery })._query
      const answer = await query.updateAndReturn(data)
      if (answer.code) throw new Error(`[${answer.code}] ${answer.message ?? ''}`)
      return (answer.doc ?? null) as M[K] | null
    },

    async updateDoc(name, id, data) {
      return (await settled<Updated>(collection(name).doc(id).update({ data }))).stats.updated
    },

    async setDoc(name, id, doc) {
      await settled(collection(name).doc(id).set({ data: doc }))
    },

    async removeDoc(name, id) {
      await settled(collection(name).doc(id).remove())
    },

    aggregate: (name) => collection(name).aggregate(),

    async rows<T>(pipeline: { end(): unknown }) {
      return (await settled<{ list: T[] }>(pipeline.end())).list
    }
  }
}

/**
 * True when a write failed because the `_id` (or a unique index) already exists. CloudBase reports it as a
 * database error whose message carries MongoDB's E11000 / "duplicate key" text.
 */
export function isDuplicateKeyError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false
  const { errCode, code, errMsg, message } = err as Record<string, unknown>
  const text = [errCode, code, errMsg, message].filter((v) => typeof v === 'string' || typeof v === 'number').join(' ')
  return /E11000|duplicate key|DUPLICATE/i.test(text)
}
