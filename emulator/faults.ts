/**
 * Fault injection for tests: one database request of one invocation fails the way a dropped connection or the SDK's
 * request timeout makes it fail on CloudBase, or waits until the test lets it through.
 *
 * Why it exists: a function that gives up half-way must leave the store in a state its retry repairs, and the only
 * way to get there on purpose is to break a chosen request. Waiting out the SDK's 15-second timeout would make such a
 * test slow and dependent on the machine, so a failure is what the function sees of a timeout — its SDK call rejects —
 * without the wait. Holding a request lets a test order a race exactly instead of hoping the scheduler produces it.
 *
 * A fault names a function, optionally a caller, and which database request of the invocation it hits; it hits one
 * invocation and is spent. The server hands every database request of an invocation to `databaseRequest`; with
 * nothing armed that applies and answers it at once.
 */
import type { Invocation } from './functions/context'

export interface DatabaseRequestTarget {
  /** The function whose invocation it hits. */
  fn: string
  /** Only an invocation by this caller (OPENID); any caller when absent. */
  openid?: string
  /** Which database request of the invocation, from 1, counted as x-cloud-db-ops counts them. */
  request: number
}

/**
 * - `lost`: the request never reaches the store and the connection drops; the function's SDK call rejects.
 * - `unanswered`: the store applies the request, then the connection drops before the answer — a timeout after the
 *   write happened, which the function cannot tell from one before it.
 */
export type DatabaseFailure = 'lost' | 'unanswered'

export interface ArmedFault {
  /** Whether it has hit an invocation (a test checks it, so a fault aimed at the wrong request does not pass unseen). */
  readonly fired: boolean
}

export interface HeldRequest extends ArmedFault {
  /** Settles once the request has arrived and is being held (before the store sees it). */
  readonly arrived: Promise<void>
  /** Lets the request through to the store. */
  release(): void
}

type Apply = () => Record<string, unknown>
type Answer = (result: Record<string, unknown>) => void

interface Armed {
  target: DatabaseRequestTarget
  fired: boolean
  handle(apply: Apply, answer: Answer, drop: () => void): Promise<void> | void
  disarm(): void
}

export class CloudFaults {
  private armed: Armed[] = []

  /** The target request fails as `failure` says. */
  failDatabaseRequest(target: DatabaseRequestTarget, failure: DatabaseFailure): ArmedFault {
    const fault: Armed = {
      target,
      fired: false,
      handle: (apply, _answer, drop) => {
        if (failure === 'unanswered') apply()
        drop()
      },
      disarm: () => undefined
    }
    this.armed.push(fault)
    return fault
  }

  /** The target request waits, unseen by the store, until `release()` (or `clear()`). */
  holdDatabaseRequest(target: DatabaseRequestTarget): HeldRequest {
    let arrive = (): void => undefined
    let release = (): void => undefined
    const arrived = new Promise<void>((resolve) => (arrive = resolve))
    const released = new Promise<void>((resolve) => (release = resolve))
    const fault: Armed & HeldRequest = {
      target,
      fired: false,
      arrived,
      release,
      handle: async (apply, answer) => {
        arrive()
        await released
        answer(apply())
      },
      disarm: release
    }
    this.armed.push(fault)
    return fault
  }

  /** Disarms every fault not yet fired and lets held requests through. */
  clear(): void {
    for (const fault of this.armed) fault.disarm()
    this.armed = []
  }

  /** The server's hook for one database request of `invocation`: applied and answered, unless a fault is aimed at it. */
  async databaseRequest(invocation: Invocation, apply: Apply, answer: Answer, drop: () => void): Promise<void> {
    const i = this.armed.findIndex(
      ({ target }) =>
        target.fn === invocation.fn && (target.openid === undefined || target.openid === invocation.wx.OPENID) && target.request === invocation.dbOps
    )
    if (i === -1) {
      answer(apply())
      return
    }
    const [fault] = this.armed.splice(i, 1)
    fault.fired = true
    await fault.handle(apply, answer, drop)
  }
}
