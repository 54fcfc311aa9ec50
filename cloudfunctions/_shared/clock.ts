/**
 * The instant an invocation runs at, read once per invocation so all its writes agree. On CloudBase it is the wall
 * clock. The local cloud passes its own clock reading in the SCF context (`localClockAt`), so tests can run a
 * function on a chosen Monday or New Year's Eve without touching `Date`; the context comes from the platform, never
 * from the caller.
 */
export function invocationNow(context: unknown): number {
  const at = typeof context === 'object' && context !== null ? (context as { localClockAt?: unknown }).localClockAt : undefined
  return typeof at === 'number' && Number.isFinite(at) ? at : Date.now()
}
