/**
 * What the per-person write limit (cloudfunctions/_shared/limits.ts, issue 10) adds in front of every write action,
 * in database requests, for tests that pin an action's request count or aim a fault at one of its requests: the
 * action's own requests come after these.
 */
import type { WriteKind } from '@core/rate-limit'
import type { TestDatabase } from './cloud'

/** The collection the write limit keeps its counts in: nobody's data, so tests leave it out of "nothing written". */
export const WRITE_LIMITS_COLLECTION = 'writeLimits'

/** Drops every count: the calls that follow start a fresh minute for the limit. */
export function forgetWriteCounts(db: TestDatabase): void {
  db.remove(WRITE_LIMITS_COLLECTION, {})
}

export const LIMIT_REQUESTS = {
  /**
   * The first write of a kind by someone who never logged in (registration makes empty records): the conditional
   * update finds no record, a read confirms it, an insert makes it.
   */
  first: 3,
  /** Every later admitted write, and a registered person's first: the conditional update. */
  later: 1,
  /** A refused write: the conditional update and the read for the retry-after; the action does not run. */
  refused: 2
} as const

/**
 * The requests the limit will put in front of `openid`'s next write of `kind`, from the store as it is: `first` when
 * they have no record of that kind yet, else `later` (a test aiming a fault must not depend on which test ran before).
 */
export function limitRequestsBefore(db: TestDatabase, openid: string, kind: WriteKind): number {
  return db.find(WRITE_LIMITS_COLLECTION, { _id: `${openid}:${kind}` }).length === 0 ? LIMIT_REQUESTS.first : LIMIT_REQUESTS.later
}
