/**
 * Runs the timer's steps one after another so that no step can stop the others: each runs in its own try/catch, and
 * each has a time budget — the step sees its budget run out (`spent()`) and stops taking on more work, and a step
 * still busy when it is over (one slow request) is left behind so the steps after it, sending above all, still run
 * within the function's timeout. Every step is idempotent and picks up what is left on the next run a minute later,
 * so stopping one early loses nothing. Failures and overruns are logged with the step's name.
 *
 * Elapsed time is measured on a monotonic clock (performance.now); it only measures budgets, never tells the time of
 * day — the steps take their `now` from the invocation.
 */
import { performance } from 'perf_hooks'

export interface Budget {
  /** True once the step has used its time: stop before the next piece of work. */
  spent(): boolean
}

export interface Step<R, N extends string = string> {
  name: N
  budgetMs: number
  run: (budget: Budget) => Promise<R>
}

export interface StepsRun<R, N extends string = string> {
  /** What each step that finished answered, in step order. */
  results: R[]
  /** Steps that threw or ran over their budget (their results are missing). */
  failed: N[]
}

export interface RunOptions {
  /** Milliseconds on a monotonic clock. */
  elapsed?: () => number
  log?: (line: string) => void
}

const describe = (err: unknown): string => (err instanceof Error ? err.stack ?? err.message : String(err))

export async function runSteps<R, N extends string>(steps: readonly Step<R, N>[], options: RunOptions = {}): Promise<StepsRun<R, N>> {
  const elapsed = options.elapsed ?? (() => performance.now())
  const log = options.log ?? ((line: string) => console.error(line))
  const out: StepsRun<R, N> = { results: [], failed: [] }
  for (const step of steps) {
    const started = elapsed()
    const budget: Budget = { spent: () => elapsed() - started >= step.budgetMs }
    let timer: ReturnType<typeof setTimeout> | undefined
    const overrun = new Promise<{ kind: 'over' }>((resolve) => {
      timer = setTimeout(() => resolve({ kind: 'over' }), step.budgetMs)
    })
    const work = step.run(budget).then(
      (result) => ({ kind: 'done' as const, result }),
      (error: unknown) => ({ kind: 'threw' as const, error })
    )
    const outcome = await Promise.race([work, overrun])
    clearTimeout(timer)
    if (outcome.kind === 'done') {
      out.results.push(outcome.result)
      continue
    }
    out.failed.push(step.name)
    if (outcome.kind === 'threw') {
      log(`[courseTimer] step ${step.name} failed: ${describe(outcome.error)}`)
      continue
    }
    log(`[courseTimer] step ${step.name} ran over its ${step.budgetMs} ms budget; the next run picks up the rest`)
    // Left behind, it may still fail: say so rather than leave an unhandled rejection.
    void work.then((late) => {
      if (late.kind === 'threw') log(`[courseTimer] step ${step.name} failed after its budget: ${describe(late.error)}`)
    })
  }
  return out
}
