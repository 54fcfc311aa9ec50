/**
 * What every part of `npm run bench` hands back: figures, each with its unit, the baseline it was measured against in
 * the same run (these machines are noisy, so a figure alone says little; a ratio to a baseline taken minutes apart
 * says more) and, where the product promises something, a budget. The runner (bench/index.ts) prints them as one
 * table, writes them to bench/results.json and fails when a budget is broken; the parts only measure.
 */

export interface Budget {
  /** The figure must not exceed this. */
  max?: number
  /** The figure must reach at least this. */
  min?: number
}

export interface Figure {
  /** The part of the bench it comes from, e.g. `booking`, `database requests`, `sizes`. */
  section: string
  /** What was measured, in the domain's words: `book → waitlisted`, `main package`. */
  name: string
  value: number
  /** `ms`, `books/s`, `requests`, `KB`, `×`, `count`… */
  unit: string
  /** The same quantity measured in this run on the reference it is compared with (today's code path, the SDK alone…). */
  baseline?: { name: string; value: number }
  budget?: Budget
  /** How it was measured, briefly: `median of 5`, `gzip`. */
  detail?: string
}

export interface BenchOptions {
  /** `--quick`: the budgets and a reduced load, for CI on every submission (the whole bench in under 2 minutes). */
  quick: boolean
  /** Progress lines for the person watching; the table is printed by the runner. */
  log: (line: string) => void
}

export interface BenchSection {
  name: string
  run(options: BenchOptions): Promise<Figure[]>
}

/** Whether a figure keeps its budget (a figure without one always does). */
export function withinBudget(figure: Figure): boolean {
  const { budget, value } = figure
  if (!budget) return true
  if (!Number.isFinite(value)) return false
  return (budget.max === undefined || value <= budget.max) && (budget.min === undefined || value >= budget.min)
}

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

/** The p-th percentile (0–100) by nearest rank. */
export function percentile(xs: readonly number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))]
}

export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint()
  await fn()
  return Number(process.hrtime.bigint() - started) / 1e6
}
