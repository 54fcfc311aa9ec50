/**
 * Per-person write limits (issue 10): how many writes one openid may make within a sliding window, by kind of write,
 * and what a write at `now` becomes given the instants of that person's latest admitted writes. The policy is a table
 * here, pure, so it can be read and tested in one place; the function framework (cloudfunctions/_shared) keeps the
 * instants in the database, because the instances of a deployed function share no memory.
 *
 * Only admitted writes count: a refused call writes nothing, not even to its count, and a client that waits the
 * answered retry-after gets through. Only the latest `limit` admitted writes are kept, which is all a verdict needs,
 * so the stored record stays small however long the burst.
 */

/** The kinds of write, each with its own budget: an autosave must not use up the budget of a booking. */
export const WRITE_KINDS = ['personal', 'draft', 'sync', 'organizing'] as const
export type WriteKind = (typeof WRITE_KINDS)[number]

export interface WriteLimit {
  /** Attempts allowed within any window of `windowMs`. */
  readonly limit: number
  readonly windowMs: number
}

const MINUTE = 60_000

/**
 * Sized for real use, with room to spare: a rider books, cancels and checks in a handful of times in a busy minute;
 * a questionnaire autosaves 1.5 s after typing stops; an organizer's offline visit queue is sent one entry after
 * another when the phone is back online; an organizer entering a schedule or a catalogue saves in quick succession.
 */
export const WRITE_LIMITS: Readonly<Record<WriteKind, WriteLimit>> = {
  /** A person's own writes: profile, bookings, check-in, needs, referral steps, message consents. */
  personal: { limit: 30, windowMs: MINUTE },
  /** A questionnaire's draft, autosaved while it is filled. */
  draft: { limit: 60, windowMs: MINUTE },
  /** Survey answers: one's own response, or an organizer's offline visit queue synced as a batch. */
  sync: { limit: 60, windowMs: MINUTE },
  /** An organizer's (or admin's) writes: courses, sessions, attendance, catalogue, questionnaires, reviews, exports. */
  organizing: { limit: 120, windowMs: MINUTE }
}

export type WriteVerdict = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number }

/**
 * The person's record of one kind: the instants of their latest `limit` admitted writes, ascending. A new record is
 * padded with 0 (long ago) to that length, so "fewer than `limit` writes in the window" is one condition on one field:
 * the oldest recorded instant is outside the window (admitsWhenOldestAtMost).
 */
export function firstRecord(kind: WriteKind, now: number): number[] {
  return [...emptyRecord(kind).slice(1), now]
}

/**
 * A record with no writes yet, made when the person registers: their first write of the kind is then the same one
 * conditional update as every later one, instead of a missed update, a read and an insert.
 */
export function emptyRecord(kind: WriteKind): number[] {
  return Array.from({ length: WRITE_LIMITS[kind].limit }, () => 0)
}

/** A write at `now` is admitted when the oldest instant of the record is at most this: the window's start. */
export const admitsWhenOldestAtMost = (kind: WriteKind, now: number): number => now - WRITE_LIMITS[kind].windowMs

/**
 * The verdict on a write at `now`, given the instants of the person's earlier admitted writes of this kind (any order;
 * padding counts as long ago). Refused when `limit` of them fall within the window ending now; the retry-after is the
 * wait until the oldest of those leaves it. The same rule as admitsWhenOldestAtMost, said for any list of instants.
 */
export function judgeWrite(kind: WriteKind, writes: readonly number[], now: number): WriteVerdict {
  const { limit } = WRITE_LIMITS[kind]
  const windowStart = admitsWhenOldestAtMost(kind, now)
  const recent = writes.filter((at) => at > windowStart).sort((a, b) => a - b)
  if (recent.length < limit) return { allowed: true }
  const leaves = recent[recent.length - limit]
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((leaves - windowStart) / 1000)) }
}

/** What a refused person reads: that they went too fast, and how long to wait. */
export const rateLimitedMessage = (retryAfterSeconds: number): string => `操作太频繁了，请${retryAfterSeconds}秒后再试`
