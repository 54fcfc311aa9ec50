/**
 * Timer triggers (定时触发器) from each function's config.json: fired on schedule while the local cloud runs with
 * timers on, or on demand. The event is the one SCF's timer trigger delivers:
 * `{Type: 'Timer', TriggerName, Time: '2024-01-01T02:00:00Z', Message}`; the function sees SOURCE `wx_trigger` and no
 * OPENID.
 *
 * The schedule follows the cloud's clock (emulator/clock.ts), like everything else that means "now in the cloud": a
 * stopped clock holds timers back until it is moved on, a shifted one fires them at the shifted times.
 */
import type { FunctionRunner, InvokeOutcome } from '../functions/runner'
import { nextFireTime, parseCron } from '../../scripts/build/cron'

export interface TimerEvent {
  Type: 'Timer'
  TriggerName: string
  /** The scheduled instant, ISO 8601 in UTC without milliseconds. */
  Time: string
  Message: string
}

export function timerEvent(triggerName: string, at: number): TimerEvent {
  return { Type: 'Timer', TriggerName: triggerName, Time: new Date(Math.floor(at / 1000) * 1000).toISOString().replace('.000Z', 'Z'), Message: '' }
}

export class UnknownTriggerError extends Error {
  constructor(fn: string, trigger: string) {
    super(`云函数 ${fn} 没有名为 ${trigger} 的定时触发器`)
    this.name = 'UnknownTriggerError'
  }
}

/** Runs one trigger of one function now; the event's `Time` is `at` (default: the cloud's clock). */
export function fireTrigger(runner: FunctionRunner, fn: string, trigger: string, at = runner.now()): Promise<InvokeOutcome> {
  const config = runner.get(fn)?.config
  if (config && !config.triggers?.some((t) => t.name === trigger)) throw new UnknownTriggerError(fn, trigger)
  return runner.invoke(fn, timerEvent(trigger, at), { source: 'wx_trigger' })
}

// setTimeout's limit (about 24.8 days); longer waits are re-armed.
const MAX_DELAY_MS = 2 ** 31 - 1

export class TimerScheduler {
  private readonly handles = new Map<string, NodeJS.Timeout>()
  private running = false

  constructor(
    private readonly runner: FunctionRunner,
    private readonly log: (line: string) => void
  ) {}

  start(): void {
    this.running = true
    for (const name of this.runner.names()) this.schedule(name)
  }

  /** (Re)arms the triggers of one function, e.g. after its config.json changed. */
  schedule(fn: string): void {
    for (const [key, handle] of this.handles) {
      if (key.startsWith(`${fn}/`)) {
        clearTimeout(handle)
        this.handles.delete(key)
      }
    }
    if (!this.running) return
    for (const t of this.runner.get(fn)?.config.triggers ?? []) {
      this.arm(fn, t.name, parseCron(t.config), this.runner.now())
    }
  }

  private arm(fn: string, trigger: string, cron: ReturnType<typeof parseCron>, after: number): void {
    const at = nextFireTime(cron, after)
    if (at === undefined) return
    const key = `${fn}/${trigger}`
    const wait = at - this.runner.now()
    const handle = setTimeout(
      () => {
        this.handles.delete(key)
        if (!this.running) return
        const now = this.runner.now()
        // Not there yet: a long wait is re-armed in steps, and the clock may have been stopped or set back meanwhile.
        if (at > now) {
          this.arm(fn, trigger, cron, after)
          return
        }
        // After the clock jumped ahead the firings in between are skipped, as on a platform that was not running.
        this.arm(fn, trigger, cron, Math.max(at, now))
        fireTrigger(this.runner, fn, trigger, at).then(
          (outcome) => {
            if (outcome.ok) this.log(`timer ${key} fired (${outcome.dbOps} db ops)`)
            else this.log(`timer ${key} failed: ${outcome.error.stack ?? outcome.error.message}`)
          },
          (e: Error) => this.log(`timer ${key} failed: ${e.message}`)
        )
      },
      Math.max(0, Math.min(wait, MAX_DELAY_MS))
    )
    handle.unref()
    this.handles.set(key, handle)
  }

  stop(): void {
    this.running = false
    for (const handle of this.handles.values()) clearTimeout(handle)
    this.handles.clear()
  }
}
