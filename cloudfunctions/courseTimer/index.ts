/**
 * Function `courseTimer`: the periodic work of course booking, every minute (timer trigger `everyMinute`,
 * config.json, with its own timeout), on the course function's modules. Its own function so that a slow run never
 * holds up a booking and a booking burst never delays the timer, each with its own timeout and permissions.
 *
 * The seven steps (work.ts 1–5, messages.ts 6–7) run in order, each in its own try/catch and time budget
 * (runner.ts, budgets.ts): a step that fails or overruns is logged by name and the others still run — sending last,
 * always. Only the platform's trigger starts it (SOURCE wx_trigger); any other call is an unknown action and touches
 * nothing. It answers `{ok: true, data: TimerReport}`.
 */
import { fail, ok, type Result } from '@core/api/result'
import { cloud, INTERNAL_MESSAGE, invocationNow } from '../_shared'
import { STEP_BUDGET_MS, type StepName } from './budgets'
import { relayNotices, sendDue } from './messages'
import { runSteps, type Budget, type Step } from './runner'
import { drawLotteries, expireHolds, releaseUnclaimed, remind, settleEnded } from './work'

/** What one run did; a step in `stepsFailed` (see the log) counts nothing this run. */
export interface TimerReport {
  drawn: number
  holdsPassedOn: number
  seatsReleased: number
  sessionsSettled: number
  remindersQueued: number
  noticesQueued: number
  sent: number
  /** Messages that could not be sent (WeChat refused, or their template is not configured). */
  failed: number
  stepsFailed: StepName[]
}

type Counts = Omit<TimerReport, 'stepsFailed'>

const NOTHING: Counts = { drawn: 0, holdsPassedOn: 0, seatsReleased: 0, sessionsSettled: 0, remindersQueued: 0, noticesQueued: 0, sent: 0, failed: 0 }

function steps(now: number): Step<Partial<Counts>, StepName>[] {
  const work: Record<StepName, (budget: Budget) => Promise<Partial<Counts>>> = {
    draws: async (b) => ({ drawn: await drawLotteries(now, b) }),
    holds: async (b) => ({ holdsPassedOn: await expireHolds(now, b) }),
    releases: async (b) => ({ seatsReleased: await releaseUnclaimed(now, b) }),
    settle: async (b) => ({ sessionsSettled: await settleEnded(now, b) }),
    reminders: async (b) => ({ remindersQueued: await remind(now, b) }),
    relay: async () => ({ noticesQueued: await relayNotices(now) }),
    send: (b) => sendDue(now, b)
  }
  return (Object.keys(STEP_BUDGET_MS) as StepName[]).map((name) => ({ name, budgetMs: STEP_BUDGET_MS[name], run: work[name] }))
}

export async function runTimer(now: number): Promise<TimerReport> {
  const { results, failed } = await runSteps(steps(now))
  return { ...results.reduce<Counts>((sum, counts) => ({ ...sum, ...counts }), NOTHING), stepsFailed: failed }
}

const isTimerEvent = (event: unknown): boolean =>
  typeof event === 'object' && event !== null && (event as { Type?: unknown }).Type === 'Timer'

export async function main(event: unknown, context?: unknown): Promise<Result<TimerReport>> {
  if (!isTimerEvent(event) || cloud.getWXContext().SOURCE !== 'wx_trigger') return fail('INVALID_INPUT', '未知的操作', 'action')
  try {
    return ok(await runTimer(invocationNow(context)))
  } catch (err) {
    console.error('[courseTimer] failed:', err instanceof Error ? err.stack ?? err.message : err)
    return fail('INTERNAL', INTERNAL_MESSAGE)
  }
}
