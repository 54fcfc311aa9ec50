/**
 * Bookkeeping of open CloudBase transactions: snapshot isolation with MongoDB-style write-write conflict detection.
 *
 * - A transaction reads the committed state as of its start (`startSeq`) plus its own writes. To serve that without
 *   keeping old versions forever, every write made while any transaction is open records the document's bytes as
 *   they were before the write (`history`); the first recorded write after a transaction's start holds its snapshot.
 * - A transactional write locks the document. Another transaction writing a locked document, or a transaction writing
 *   a document that changed since it started, fails at once with DATABASE_TRANSACTION_CONFLICT (and is aborted, as
 *   MongoDB aborts on WriteConflict).
 * - A non-transactional write to a locked document goes ahead (the local cloud is synchronous and cannot make it wait
 *   as MongoDB does); the lock holder is then doomed and its commit fails with DATABASE_TRANSACTION_CONFLICT.
 * - Transactions that stay open longer than the real service's 30 s are aborted.
 */
import { randomBytes } from 'crypto'
import { DbError } from './errors'
import type { Doc } from './codec'

export const TRANSACTION_TIMEOUT_MS = 30_000

export interface TxnWrite {
  coll: string
  idKey: string
  /** The document as the transaction left it; null = removed. */
  doc: Doc | null
}

export interface Txn {
  id: string
  startSeq: number
  expiresAt: number
  invocationId?: string
  writes: Map<string, TxnWrite>
  doomed?: string
}

interface HistoryEntry {
  seq: number
  before: Buffer | null
}

export const docKey = (coll: string, idKey: string): string => coll + '\u0003' + idKey

export class TransactionState {
  private seq = 0
  private readonly txns = new Map<string, Txn>()
  private readonly locks = new Map<string, string>()
  private readonly history = new Map<string, HistoryEntry[]>()
  private readonly byInvocation = new Map<string, Set<string>>()
  private endsSincePrune = 0

  /** `now` is the cloud's clock: a test that advances it past 30 s sees an open transaction time out. */
  constructor(private readonly now: () => number) {}

  get openCount(): number {
    return this.txns.size
  }

  start(invocationId?: string): Txn {
    this.sweep()
    const txn: Txn = {
      id: randomBytes(16).toString('hex'),
      startSeq: this.seq,
      expiresAt: this.now() + TRANSACTION_TIMEOUT_MS,
      invocationId,
      writes: new Map()
    }
    this.txns.set(txn.id, txn)
    if (invocationId) {
      let set = this.byInvocation.get(invocationId)
      if (!set) this.byInvocation.set(invocationId, (set = new Set()))
      set.add(txn.id)
    }
    return txn
  }

  /** The open transaction with this id, or DATABASE_TRANSACTION_FAIL (unknown, finished or timed out). */
  get(id: unknown): Txn {
    this.sweep()
    const txn = typeof id === 'string' ? this.txns.get(id) : undefined
    if (!txn) {
      throw new DbError(
        'DATABASE_TRANSACTION_FAIL',
        `transaction ${String(id)} does not exist on the server: it was committed, aborted, or not finished within ${TRANSACTION_TIMEOUT_MS / 1000} s`
      )
    }
    return txn
  }

  hasOpenForInvocation(invocationId: string): boolean {
    this.sweep()
    return (this.byInvocation.get(invocationId)?.size ?? 0) > 0
  }

  transactionsOfInvocation(invocationId: string): Txn[] {
    return Array.from(this.byInvocation.get(invocationId) ?? [], (id) => this.txns.get(id)!).filter(Boolean)
  }

  /** Records a committed write of one document; `writer` is the committing transaction, if any. */
  recordWrite(key: string, before: Buffer | null, writer?: string): void {
    this.seq++
    if (this.txns.size === 0) return
    let list = this.history.get(key)
    if (!list) this.history.set(key, (list = []))
    list.push({ seq: this.seq, before })
    const holder = this.locks.get(key)
    if (holder && holder !== writer) {
      const txn = this.txns.get(holder)
      if (txn) txn.doomed = 'a document it wrote was modified outside the transaction before it committed'
    }
  }

  /** The committed bytes of a document as of `startSeq`, when it has been written since (`found`). */
  snapshot(key: string, startSeq: number): { found: boolean; before: Buffer | null } {
    const list = this.history.get(key)
    if (list) for (const e of list) if (e.seq > startSeq) return { found: true, before: e.before }
    return { found: false, before: null }
  }

  /** Throws DATABASE_TRANSACTION_CONFLICT (aborting `txn`) unless `txn` may write the document `key`. */
  lockForWrite(txn: Txn, key: string, what: string): void {
    const holder = this.locks.get(key)
    let reason: string | undefined
    if (holder && holder !== txn.id) reason = `${what} is being written by another transaction`
    else if (this.history.get(key)?.some((e) => e.seq > txn.startSeq)) reason = `${what} was modified after the transaction started`
    if (reason) {
      this.end(txn)
      throw new DbError('DATABASE_TRANSACTION_CONFLICT', `WriteConflict: ${reason}; the transaction was aborted`)
    }
    this.locks.set(key, txn.id)
  }

  end(txn: Txn): void {
    if (!this.txns.delete(txn.id)) return
    for (const key of txn.writes.keys()) if (this.locks.get(key) === txn.id) this.locks.delete(key)
    if (txn.invocationId) {
      const set = this.byInvocation.get(txn.invocationId)
      set?.delete(txn.id)
      if (set && set.size === 0) this.byInvocation.delete(txn.invocationId)
    }
    if (this.txns.size === 0) {
      this.history.clear()
      this.endsSincePrune = 0
    } else if (++this.endsSincePrune >= 256) {
      this.prune()
    }
  }

  endAll(): void {
    for (const txn of Array.from(this.txns.values())) this.end(txn)
  }

  /** Aborts transactions past their deadline. */
  sweep(): void {
    if (this.txns.size === 0) return
    const now = this.now()
    for (const txn of Array.from(this.txns.values())) if (txn.expiresAt <= now) this.end(txn)
  }

  /** Drops history no open transaction can need: entries at or before the oldest open transaction's start. */
  private prune(): void {
    this.endsSincePrune = 0
    let oldest = Infinity
    for (const t of this.txns.values()) oldest = Math.min(oldest, t.startSeq)
    for (const [key, list] of this.history) {
      const kept = list.filter((e) => e.seq > oldest)
      if (kept.length === 0) this.history.delete(key)
      else if (kept.length !== list.length) this.history.set(key, kept)
    }
  }
}
