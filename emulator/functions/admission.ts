/**
 * Admission of invocations to a function, like CloudBase's per-function concurrency: at most `limit` run at once and
 * the rest wait in arrival order. Under a burst this keeps the local cloud fair. Without it, 1,000 invocations
 * started together all share the CPU, so every one of them, and each database request they make, slows to the pace of
 * the whole burst, and requests run past the SDK's 15-second timeout while others finish. With it, the admitted few
 * finish quickly, each waiting invocation starts as soon as one ends, and the wait is spent before the function runs,
 * where no SDK timer is counting.
 */
export class Admission {
  private running = 0
  private readonly waiting: (() => void)[] = []

  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`function concurrency must be a whole number ≥ 1, not ${limit}`)
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running < this.limit) this.running++
    // The place is handed over by the invocation that leaves it, so a newcomer never overtakes the queue.
    else await new Promise<void>((admit) => this.waiting.push(admit))
    try {
      return await task()
    } finally {
      const next = this.waiting.shift()
      if (next) next()
      else this.running--
    }
  }
}
