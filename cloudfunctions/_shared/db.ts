/**
 * The collections every function shares (DESIGN.md §4): `users` (identity and roles, read to authorise organizer
 * actions), `venues` (the service centres) and `audit` (who did what, for every organizer write). A function's own
 * repo extends SharedCollections with its collections, so each name and shape is declared once.
 */
import type { Venue } from '@core/api/venue'
import type { UserDoc } from '@core/user'
import { createStore } from './store'

/** An `audit` entry: who did what to which record, for every organizer write. */
export interface AuditDoc {
  _id: string
  /** openid of the organizer who acted. */
  actor: string
  fn: string
  action: string
  /** `<collection>/<_id>` of the record acted on. */
  target: string
  detail: Record<string, unknown>
  createdAt: number
}

export interface SharedCollections {
  users: UserDoc
  venues: Venue
  audit: AuditDoc
}

export const sharedStore = createStore<SharedCollections>()

/** Records an organizer write in `audit`. One request. */
export async function audit(
  ctx: { fn: string; openid: string; now: number },
  action: string,
  target: string,
  detail: Record<string, unknown> = {}
): Promise<void> {
  await sharedStore.insert('audit', { actor: ctx.openid, fn: ctx.fn, action, target, detail, createdAt: ctx.now })
}
