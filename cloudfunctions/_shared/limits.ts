/**
 * Where the write limits of core/rate-limit.ts are kept: one small `writeLimits` document per openid and kind of
 * write, holding the instants of the latest admitted writes. The instances of a deployed function share no memory,
 * so the count lives in the database, and an admitted write costs ONE request: a conditional update that appends
 * this write (keeping the array sorted and cut to the limit) only where the oldest recorded write has left the window.
 * Concurrent writes each append atomically, so a burst spread over instances is counted whole, and no two of them can
 * both take the last place.
 *
 * When nothing was updated, one read tells a refusal (the record is full; the answer carries the retry-after) from a
 * person's first write of the kind (no record yet: it is created). The database has no update that creates a missing
 * document with an operator; two racing first writes resolve through the `_id`, and the loser appends as usual.
 * So that a newcomer's first book is not three requests dearer than their second, registration (`user.login`, once
 * per person) makes their empty records in one batch; the read-and-insert path remains for anyone without them.
 */
import { fail, type Fail } from '@core/api/result'
import { admitsWhenOldestAtMost, emptyRecord, firstRecord, judgeWrite, rateLimitedMessage, WRITE_KINDS, WRITE_LIMITS, type WriteKind } from '@core/rate-limit'
import { _ } from './cloud'
import { createStore, isDuplicateKeyError } from './store'

export interface WriteLimitDoc {
  /** `<openid>:<kind>`. */
  _id: string
  openid: string
  kind: WriteKind
  /** Instants of the latest admitted writes, ascending, exactly WRITE_LIMITS[kind].limit of them (0 = none). */
  writes: number[]
  updatedAt: number
}

const store = createStore<{ writeLimits: WriteLimitDoc }>()

/** Appends the write at `now` when the record admits it: one request, true when it did. */
async function append(id: string, kind: WriteKind, now: number): Promise<boolean> {
  const admitted = await store.update(
    'writeLimits',
    { _id: id, 'writes.0': _.lte(admitsWhenOldestAtMost(kind, now)) },
    { writes: _.push({ each: [now], sort: 1, slice: -WRITE_LIMITS[kind].limit }), updatedAt: now }
  )
  return admitted === 1
}

function refusal(kind: WriteKind, record: WriteLimitDoc, now: number): Fail {
  const verdict = judgeWrite(kind, record.writes, now)
  // Admitted by the rule yet passed over by the update after the retry: a record out of shape; a short wait, not a loop.
  const seconds = verdict.allowed ? 1 : verdict.retryAfterSeconds
  return { ...fail('RATE_LIMITED', rateLimitedMessage(seconds)), retryAfter: seconds }
}

/**
 * Counts a write by `openid` at `now`: the RATE_LIMITED refusal when it is one too many (nothing counted), else null.
 * `retry` is spent on a race with the same person's first write elsewhere, so the requests stay bounded.
 */
export async function admitWrite(openid: string, kind: WriteKind, now: number, retry = true): Promise<Fail | null> {
  const id = `${openid}:${kind}`
  if (await append(id, kind, now)) return null
  const record = await store.get('writeLimits', id)
  if (record !== null) {
    // The rule admitting what the update passed over: the record was made or moved on in between, worth one retry.
    if (retry && judgeWrite(kind, record.writes, now).allowed) return admitWrite(openid, kind, now, false)
    return refusal(kind, record, now)
  }
  try {
    await store.insert('writeLimits', { _id: id, openid, kind, writes: firstRecord(kind, now), updatedAt: now })
    return null
  } catch (err) {
    if (!isDuplicateKeyError(err) || !retry) throw err
    return admitWrite(openid, kind, now, false)
  }
}

/**
 * Makes the person's empty records of every kind in one request. A record already there (a write before the first
 * login) fails the batch on its `_id`; the kinds left without a record take the read-and-insert path on first use.
 */
export async function openWriteRecords(openid: string, now: number): Promise<void> {
  const records: WriteLimitDoc[] = WRITE_KINDS.map((kind) => ({ _id: `${openid}:${kind}`, openid, kind, writes: emptyRecord(kind), updatedAt: now }))
  try {
    await store.insertMany('writeLimits', records)
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err
  }
}

/** Removes the person's write records, one per kind (我的数据: their erasure leaves no document keyed by the openid). */
export async function forgetWrites(openid: string): Promise<void> {
  await Promise.all(WRITE_KINDS.map((kind) => store.removeDoc('writeLimits', `${openid}:${kind}`)))
}
