/**
 * Typed access to the collections (DESIGN.md §4). Each helper is exactly one database request, so a handler's
 * request count can be read straight off its code.
 */
import type { BookingDoc, CourseDoc, NotificationDoc, SessionDoc } from '@core/booking/model'
import type { StrikeDoc } from '@core/booking/noshow'
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
  courses: CourseDoc
  sessions: SessionDoc
  bookings: BookingDoc
  strikes: StrikeDoc
  notifications: NotificationDoc
}

export type CollectionName = keyof Collections

export const collection = <K extends CollectionName>(name: K): Collection => db.collection(name)

/** One document by `_id`, or null. One request. */
export async function getDoc<K extends CollectionName>(name: K, id: string): Promise<Collections[K] | null> {
  const res = (await db.collection(name).doc(id).get()) as unknown as { data: Collections[K] | null }
  return res.data ?? null
}

/** Rows per request of findAll (CloudBase serves at most 1000 per server read). */
export const PAGE_SIZE = 1000

/**
 * Every document matching `where`, a page at a time in `_id` order, each page starting after the last `_id` seen (so
 * rows are neither repeated nor skipped): never the silent 100-row default. One request per page.
 */
export async function findAll<K extends CollectionName>(
  name: K,
  where: Record<string, unknown>,
  fields?: Record<string, boolean>
): Promise<Collections[K][]> {
  const out: Collections[K][] = []
  let after: string | undefined
  for (;;) {
    const range = after === undefined ? null : { _id: db.command.gt(after) }
    // A caller's own `_id` condition (e.g. `_.in(ids)`) must hold on the later pages too.
    const filter = range === null ? where : '_id' in where ? db.command.and([where, range]) : { ...where, ...range }
    const query = db
      .collection(name)
      .where(filter)
      .orderBy('_id', 'asc')
      .limit(PAGE_SIZE)
    const page = ((await (fields ? query.field(fields) : query).get()) as unknown as { data: Collections[K][] }).data
    out.push(...page)
    if (page.length < PAGE_SIZE) return out
    after = (page[page.length - 1] as { _id: string })._id
  }
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
