/**
 * The machinery of seeded storms: a small PRNG, so a storm's operations are a function of its seed alone (the same seed
 * builds the same operations in the same order; only how the in-flight calls interleave is the machine's), how many
 * storms and how big (`SECURITY_DEEP=1` for the long run, `STORM_SEED=<n>` to replay one), and a runner that keeps
 * a fixed number of calls in flight and records what each answered.
 *
 * The PRNG is mulberry32: 32 bits of state, good enough to pick operations, and small enough to read here rather than
 * depend on anything.
 */
import type { CallResult } from '../support/cloud'

export const DEEP = process.env.SECURITY_DEEP === '1'

/** The seeds to run: the one asked for, or a fixed list (longer in the deep run). */
export function stormSeeds(defaults: readonly number[], deep: readonly number[]): number[] {
  const asked = process.env.STORM_SEED
  if (asked !== undefined && asked !== '') return [Number(asked)]
  return [...(DEEP ? deep : defaults)]
}

export interface Random {
  /** [0, 1) */
  next(): number
  /** An integer in [min, max]. */
  int(min: number, max: number): number
  pick<T>(items: readonly T[]): T
  /** A key of `weights`, with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K
  chance(p: number): boolean
}

export function seeded(seed: number): Random {
  let state = seed >>> 0
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1))
  return {
    next,
    int,
    pick: (items) => items[int(0, items.length - 1)],
    weighted(weights) {
      const keys = Object.keys(weights) as (keyof typeof weights)[]
      let roll = next() * keys.reduce((sum, k) => sum + weights[k], 0)
      for (const k of keys) {
        roll -= weights[k]
        if (roll < 0) return k
      }
      return keys[keys.length - 1]
    },
    chance: (p) => next() < p
  }
}

/** One call of a storm: what it is (for the failure report) and how to make it. */
export interface StormOp {
  label: string
  run: () => Promise<CallResult<unknown>>
}

/** An answer that breaks the function contract whatever the storm did: not 200, not the envelope, or INTERNAL. */
export interface BadAnswer {
  label: string
  status: number
  body: unknown
}

const isEnvelope = (body: unknown): boolean => {
  if (typeof body !== 'object' || body === null) return false
  const b = body as Record<string, unknown>
  if (b.ok === true) return 'data' in b
  return b.ok === false && typeof b.code === 'string' && /^[A-Z][A-Z_]*$/.test(b.code) && typeof b.message === 'string' && b.message !== ''
}

/**
 * Runs `ops` with `width` in flight (each invocation shares this Node thread with the test, so an unbounded storm
 * would only measure the queue; see course-concurrency.test.ts). Refusals are the storm's normal weather; what it
 * answers is every reply that is not a success or a coded refusal, and every INTERNAL.
 */
export async function runStorm(ops: readonly StormOp[], width: number): Promise<{ bad: BadAnswer[]; ok: number; refused: Map<string, number> }> {
  const bad: BadAnswer[] = []
  const refused = new Map<string, number>()
  let ok = 0
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < ops.length) {
      const op = ops[next++]
      const { status, body } = await op.run()
      const reply = body as { ok?: boolean; code?: string }
      if (status !== 200 || !isEnvelope(body) || reply.code === 'INTERNAL') bad.push({ label: op.label, status, body })
      else if (reply.ok) ok++
      else refused.set(reply.code as string, (refused.get(reply.code as string) ?? 0) + 1)
    }
  }
  await Promise.all(Array.from({ length: Math.min(width, ops.length) }, worker))
  return { bad, ok, refused }
}

/** The storm's outcome in one line, for the log the report quotes. */
export const stormLine = (name: string, seed: number, ops: number, r: { ok: number; refused: Map<string, number> }): string =>
  `${name} seed=${seed}: ${ops} calls, ${r.ok} ok, refused ${[...r.refused].map(([c, n]) => `${c}×${n}`).join(' ') || 'none'}`
