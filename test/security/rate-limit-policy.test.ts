/**
 * The write-limit policy of core/rate-limit.ts, pure: the verdict on a person's record of admitted writes, the
 * retry-after it answers, and its agreement with the one-field condition the database update uses
 * (cloudfunctions/_shared/limits.ts: admitted when the oldest recorded write is at or before the window's start).
 */
import fc from 'fast-check'
import { admitsWhenOldestAtMost, firstRecord, judgeWrite, rateLimitedMessage, WRITE_KINDS, WRITE_LIMITS, type WriteKind } from '@core/rate-limit'

const NOW = Date.UTC(2026, 10, 25, 2, 0, 0)
const kind = fc.constantFrom<WriteKind>(...WRITE_KINDS)

/** A record as the database keeps it: the latest `limit` instants, ascending. */
const record = (k: WriteKind) =>
  fc
    .array(fc.integer({ min: NOW - 3 * WRITE_LIMITS[k].windowMs, max: NOW }), { minLength: WRITE_LIMITS[k].limit, maxLength: WRITE_LIMITS[k].limit })
    .map((writes) => writes.sort((a, b) => a - b))

describe('the policy table', () => {
  it('allows tens of writes a minute to a person, more to an organizer, and enough for an offline queue', () => {
    for (const k of WRITE_KINDS) expect(WRITE_LIMITS[k].windowMs).toBe(60_000)
    expect(WRITE_LIMITS.personal.limit).toBeGreaterThanOrEqual(20)
    expect(WRITE_LIMITS.organizing.limit).toBeGreaterThan(WRITE_LIMITS.personal.limit)
    expect(WRITE_LIMITS.sync.limit).toBeGreaterThan(WRITE_LIMITS.personal.limit)
  })
})

describe('judgeWrite', () => {
  it('admits the limit-th write in a window and refuses the next, until the oldest leaves the window', () => {
    const { limit, windowMs } = WRITE_LIMITS.personal
    const full = Array.from({ length: limit }, (_, i) => NOW - windowMs + 1 + i * 10)
    expect(judgeWrite('personal', full.slice(1), NOW)).toEqual({ allowed: true })
    expect(judgeWrite('personal', full, NOW)).toEqual({ allowed: false, retryAfterSeconds: 1 })
    expect(judgeWrite('personal', full, NOW + 1)).toEqual({ allowed: true })
  })

  it('a new record admits a whole budget more and nothing from before counts', () => {
    for (const k of WRITE_KINDS) {
      const start = firstRecord(k, NOW)
      expect(start).toHaveLength(WRITE_LIMITS[k].limit)
      expect(judgeWrite(k, start, NOW)).toEqual({ allowed: true })
    }
  })

  it('a burst at one instant is refused for the whole window, in whole seconds', () => {
    const burst = Array.from({ length: WRITE_LIMITS.sync.limit }, () => NOW)
    expect(judgeWrite('sync', burst, NOW)).toEqual({ allowed: false, retryAfterSeconds: 60 })
    expect(rateLimitedMessage(60)).toBe('操作太频繁了，请60秒后再试')
  })

  it('agrees with the database condition on every record', () => {
    fc.assert(
      fc.property(
        kind.chain((k) => fc.tuple(fc.constant(k), record(k))),
        ([k, writes]) => {
          const verdict = judgeWrite(k, writes, NOW)
          expect(verdict.allowed).toBe(writes[0] <= admitsWhenOldestAtMost(k, NOW))
        }
      ),
      { numRuns: 300 }
    )
  })

  it('a refused person who waits the retry-after is admitted, and not a second earlier', () => {
    fc.assert(
      fc.property(
        kind.chain((k) => fc.tuple(fc.constant(k), record(k))),
        ([k, writes]) => {
          const verdict = judgeWrite(k, writes, NOW)
          if (verdict.allowed) return
          const wait = verdict.retryAfterSeconds * 1000
          expect(judgeWrite(k, writes, NOW + wait).allowed).toBe(true)
          if (verdict.retryAfterSeconds > 1) expect(judgeWrite(k, writes, NOW + wait - 1000).allowed).toBe(false)
        }
      ),
      { numRuns: 300 }
    )
  })
})
