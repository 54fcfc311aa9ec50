/**
 * Writes over a batch of documents with a few in flight at once (a key rotation's batch of reseals). One after
 * another, a batch of 200 waits out 200 round trips end to end; all at once, it opens 200 requests in one invocation
 * against the database's per-environment limits. A small fixed number in flight takes most of the first gain without
 * the second cost. Each write stays the caller's own request (a conditional update), so running several side by side
 * does not change what any one of them writes.
 */

/** Writes one invocation keeps in flight over a batch. */
export const WRITES_IN_FLIGHT = 8

/**
 * Runs `write` for every item, at most `inFlight` at a time, and answers the sum of what they answered (documents
 * changed). After a failure no further write starts; the ones in flight settle, then the first failure is thrown.
 */
export async function sumOfWrites<T>(items: readonly T[], write: (item: T) => Promise<number>, inFlight = WRITES_IN_FLIGHT): Promise<number> {
  let next = 0
  let total = 0
  const failures: unknown[] = []
  const lane = async (): Promise<void> => {
    while (failures.length === 0 && next < items.length) {
      const item = items[next++]
      try {
        // Awaited first: `total += await …` would read `total` before the wait and lose the other lanes' counts.
        const changed = await write(item)
        total += changed
      } catch (reason) {
        failures.push(reason)
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(inFlight, items.length) }, lane))
  if (failures.length > 0) throw failures[0]
  return total
}
