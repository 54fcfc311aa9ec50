/**
 * The emulator's durable store: one SQLite file (WAL) holding every collection's documents as BSON, plus a side
 * table of index entries so equality lookups on `_id` and declared index fields never scan a collection.
 */
import BetterSqlite3 from 'better-sqlite3'
import fs from 'fs'
import path from 'path'

export interface StoredRow {
  seq: number
  id: string
  body: Buffer
}

/** One index entry of one document: `k1` is the first key field's encoded value, `krest` the other fields'. */
export interface IndexEntry {
  iname: string
  k1: string
  krest: string
  uniq: 0 | 1
}

export class SqliteStore {
  readonly db: BetterSqlite3.Database
  private readonly st: {
    getDoc: BetterSqlite3.Statement
    insertDoc: BetterSqlite3.Statement
    updateDoc: BetterSqlite3.Statement
    deleteDoc: BetterSqlite3.Statement
    scan: BetterSqlite3.Statement
    everything: BetterSqlite3.Statement
    rowWrites: BetterSqlite3.Statement
    idsAfter: BetterSqlite3.Statement
    idsFrom: BetterSqlite3.Statement
    count: BetterSqlite3.Statement
    byIndex: BetterSqlite3.Statement
    uniqueOwner: BetterSqlite3.Statement
    insertEntry: BetterSqlite3.Statement
    deleteEntries: BetterSqlite3.Statement
    listCollections: BetterSqlite3.Statement
    upsertCollection: BetterSqlite3.Statement
    dropDocs: BetterSqlite3.Statement
    dropEntries: BetterSqlite3.Statement
    dropCollectionEntries: BetterSqlite3.Statement
  }
  private readonly txWrap: (fn: () => unknown) => unknown

  constructor(dataDir: string) {
    const memory = dataDir === ':memory:'
    if (!memory) fs.mkdirSync(dataDir, { recursive: true })
    this.db = new BetterSqlite3(memory ? ':memory:' : path.join(dataDir, 'store.sqlite'))
    if (!memory) {
      // WAL + NORMAL: a committed transaction is in the OS page cache before commit returns, so it survives a
      // killed process (not a power cut, which the local cloud does not promise).
      this.db.pragma('journal_mode = WAL')
      this.db.pragma('synchronous = NORMAL')
    }
    // Another process (e.g. `npm run seed` next to a running server) waits for the write lock instead of failing.
    this.db.pragma('busy_timeout = 5000')
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS collections (name TEXT PRIMARY KEY, indexes TEXT NOT NULL);
      CREATE TABLE IF NOT EXISTS docs (seq INTEGER PRIMARY KEY, coll TEXT NOT NULL, id TEXT NOT NULL, body BLOB NOT NULL);
      CREATE UNIQUE INDEX IF NOT EXISTS docs_by_id ON docs (coll, id);
      CREATE INDEX IF NOT EXISTS docs_by_coll ON docs (coll);
      CREATE TABLE IF NOT EXISTS ix (coll TEXT NOT NULL, iname TEXT NOT NULL, k1 TEXT NOT NULL, krest TEXT NOT NULL,
                                     uniq INTEGER NOT NULL, id TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS ix_lookup ON ix (coll, iname, k1);
      CREATE INDEX IF NOT EXISTS ix_by_doc ON ix (coll, id);
      CREATE UNIQUE INDEX IF NOT EXISTS ix_unique ON ix (coll, iname, k1, krest) WHERE uniq = 1;
    `)
    this.st = {
      getDoc: this.db.prepare('SELECT seq, id, body FROM docs WHERE coll = ? AND id = ?'),
      insertDoc: this.db.prepare('INSERT INTO docs (coll, id, body) VALUES (?, ?, ?)'),
      updateDoc: this.db.prepare('UPDATE docs SET body = ? WHERE seq = ?'),
      deleteDoc: this.db.prepare('DELETE FROM docs WHERE seq = ?'),
      scan: this.db.prepare('SELECT seq, id, body FROM docs WHERE coll = ? ORDER BY seq'),
      everything: this.db.prepare('SELECT coll, id, body FROM docs ORDER BY coll, id'),
      rowWrites: this.db.prepare('SELECT total_changes()').pluck(),
      idsAfter: this.db.prepare('SELECT seq, id, body FROM docs WHERE coll = ? AND id > ? ORDER BY id'),
      idsFrom: this.db.prepare('SELECT seq, id, body FROM docs WHERE coll = ? AND id >= ? ORDER BY id'),
      count: this.db.prepare('SELECT count(*) AS n FROM docs WHERE coll = ?').pluck(),
      // The distinct documents are found by seq alone, then read in seq order by primary key: deduplicating and
      // sorting whole rows (bodies included) took seconds for a key shared by 100,000 documents.
      byIndex: this.db.prepare(
        'SELECT seq, id, body FROM docs WHERE seq IN (SELECT d.seq FROM ix JOIN docs d ON d.coll = ix.coll AND d.id = ix.id ' +
          'WHERE ix.coll = ? AND ix.iname = ? AND ix.k1 = ?) ORDER BY seq'
      ),
      uniqueOwner: this.db
        .prepare('SELECT id FROM ix WHERE coll = ? AND iname = ? AND k1 = ? AND krest = ? AND uniq = 1')
        .pluck(),
      insertEntry: this.db.prepare('INSERT INTO ix (coll, iname, k1, krest, uniq, id) VALUES (?, ?, ?, ?, ?, ?)'),
      deleteEntries: this.db.prepare('DELETE FROM ix WHERE coll = ? AND id = ?'),
      listCollections: this.db.prepare('SELECT name, indexes FROM collections ORDER BY name'),
      upsertCollection: this.db.prepare(
        'INSERT INTO collections (name, indexes) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET indexes = excluded.indexes'
      ),
      dropDocs: this.db.prepare('DELETE FROM docs'),
      dropEntries: this.db.prepare('DELETE FROM ix'),
      dropCollectionEntries: this.db.prepare('DELETE FROM ix WHERE coll = ?')
    }
    const wrapped = this.db.transaction((fn: () => unknown) => fn())
    this.txWrap = (fn) => wrapped(fn)
  }

  /** Runs `fn` in one SQLite transaction (nested calls join the outer one); throws roll everything back. */
  atomic<T>(fn: () => T): T {
    return this.txWrap(fn) as T
  }

  getDoc(coll: string, id: string): StoredRow | undefined {
    return this.st.getDoc.get(coll, id) as StoredRow | undefined
  }

  insertDoc(coll: string, id: string, body: Buffer): number {
    return Number(this.st.insertDoc.run(coll, id, body).lastInsertRowid)
  }

  updateDoc(seq: number, body: Buffer): void {
    this.st.updateDoc.run(body, seq)
  }

  deleteDoc(seq: number): void {
    this.st.deleteDoc.run(seq)
  }

  /** All rows of a collection in insertion order. Rows are read eagerly so callers may query again meanwhile. */
  scan(coll: string): StoredRow[] {
    return this.st.scan.all(coll) as StoredRow[]
  }

  /**
   * Lazily iterates every stored document, by collection then id (an order independent of write history); the caller
   * must not run other statements until it stops iterating.
   */
  iterateEverything(): IterableIterator<{ coll: string; id: string; body: Buffer }> {
    return this.st.everything.iterate() as IterableIterator<{ coll: string; id: string; body: Buffer }>
  }

  /** Rows inserted, updated or deleted through this connection since it opened (SQLite's total_changes()). */
  rowWrites(): number {
    return this.st.rowWrites.get() as number
  }

  /** Lazily iterates a collection; the caller must not run other statements until it stops iterating. */
  iterate(coll: string): IterableIterator<StoredRow> {
    return this.st.scan.iterate(coll) as IterableIterator<StoredRow>
  }

  /**
   * Lazily iterates the rows whose encoded id is after (or from) `id`, in id order (the unique (coll, id) index: bytes
   * compared as MongoDB compares strings); the caller must not run other statements until it stops iterating.
   */
  iterateIds(coll: string, id: string, inclusive: boolean): IterableIterator<StoredRow> {
    return (inclusive ? this.st.idsFrom : this.st.idsAfter).iterate(coll, id) as IterableIterator<StoredRow>
  }

  countAll(coll: string): number {
    return this.st.count.get(coll) as number
  }

  byIndex(coll: string, iname: string, k1: string): StoredRow[] {
    return this.st.byIndex.all(coll, iname, k1) as StoredRow[]
  }

  /** `byIndex`, lazily; the caller must not run other statements until it stops iterating. */
  iterateIndex(coll: string, iname: string, k1: string): IterableIterator<StoredRow> {
    return this.st.byIndex.iterate(coll, iname, k1) as IterableIterator<StoredRow>
  }

  uniqueOwner(coll: string, e: IndexEntry): string | undefined {
    return this.st.uniqueOwner.get(coll, e.iname, e.k1, e.krest) as string | undefined
  }

  insertEntries(coll: string, id: string, entries: IndexEntry[]): void {
    for (const e of entries) this.st.insertEntry.run(coll, e.iname, e.k1, e.krest, e.uniq, id)
  }

  deleteEntries(coll: string, id: string): void {
    this.st.deleteEntries.run(coll, id)
  }

  dropCollectionEntries(coll: string): void {
    this.st.dropCollectionEntries.run(coll)
  }

  listCollections(): Array<{ name: string; indexes: string }> {
    return this.st.listCollections.all() as Array<{ name: string; indexes: string }>
  }

  saveCollection(name: string, indexesJson: string): void {
    this.st.upsertCollection.run(name, indexesJson)
  }

  /** Drops every document and index entry, keeping the collections themselves. */
  clearDocuments(): void {
    this.atomic(() => {
      this.st.dropDocs.run()
      this.st.dropEntries.run()
    })
  }

  close(): void {
    if (this.db.open) this.db.close()
  }
}
