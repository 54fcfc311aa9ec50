/**
 * Typed access to the collections (DESIGN.md §4). Each helper is exactly one database request, so a handler's
 * request count can be read straight off its code.
 */
import type { UserDoc } from '@core/user'
import type { Venue } from '@core/api/venue'
import { db, type Collection } from './cloud'

/** An `audit` entry: who did what to which record, for every organizer write. */
export interface AuditDoc {
  _id?: string
  /** openid of the organizer who acted. */
  actor: string
  fn: string
  action: string
  /** `<collection>/<_id>` of the record acted on. */
  target: string
  detail: Record<string, unknown>
  createdAt: number
}

/** Collection name → stored document type. Later functions add their collections here. */
export interface Collections {
  users: UserDoc
  venues: Venue
  audit: AuditDoc
}

export type CollectionName = keyof Collections

/** Current time as epoch ms (DESIGN.md ⚑: instants are numbers in `*At` fields). */
export const now = (): number => Date.now()

export const collection = <K extends CollectionName>(name: K): Collection => db.collection(name)

/** One document by `_id`, or null. One request. */
export async function getDoc<K extends CollectionName>(name: K, id: string): Promise<Collections[K] | null> {
  const res = (await db.collection(name).doc(id).get()) as unknown as { data: Collections[K] | null }
  return res.data ?? null
}

/** Inserts one document (with its own `_id` when given) and returns the `_id`. One request. */
export async function insertDoc<K extends CollectionName>(name: K, doc: Collections[K]): Promise<string> {
  const res = (await db.collection(name).add({ data: doc })) as { _id: string | number }
  return String(res._id)
}

/**
 * True when a write failed because the `_id` (or a unique index) already exists. CloudBase reports it as a
 * database error whose message carries MongoDB's E11000 / "duplicate key" text.
 */
export function isDuplicateKeyError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false
  const { errCode, code, errMsg, message } = err as Record<string, unknown>
  const text = [errCode, code, errMsg, message].filter((v) => v !== undefined).join(' ')
  return /E11000|duplicate key|DUPLICATE/i.test(text)
}

/** Records an organizer write in `audit`. One request. */
export async function audit(
  ctx: { fn: string; openid: string; now: number },
  action: string,
  target: string,
  detail: Record<string, unknown> = {}
): Promise<void> {
  await insertDoc('audit', { actor: ctx.openid, fn: ctx.fn, action, target, detail, createdAt: ctx.now })
}
