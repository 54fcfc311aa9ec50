/**
 * The course timer's step runner (cloudfunctions/courseTimer/runner.ts) and its budgets: a step that throws or runs
 * over its budget is logged by name and the steps after it still run; the budgets fit the function's timeout.
 */
import fs from 'fs'
import path from 'path'
import { STEP_BUDGET_MS, TIMEOUT_RESERVE_MS } from '../../cloudfunctions/courseTimer/budgets'
import { runSteps, type Step } from '../../cloudfunctions/courseTimer/runner'

/** A clock the test moves by hand. */
function manualClock() {
  let t = 0
  return { elapsed: () => t, advance: (ms: number) => (t += ms) }
}

describe('running the steps', () => {
  it('a step that throws is logged by name; the ones after it still run', async () => {
    const log: string[] = []
    const ran: string[] = []
    const steps: Step<string>[] = [
      { name: 'draws', budgetMs: 1000, run: () => (ran.push('draws'), Promise.resolve('drawn')) },
      { name: 'holds', budgetMs: 1000, run: () => Promise.reject(new Error('database unreachable')) },
      { name: 'send', budgetMs: 1000, run: () => (ran.push('send'), Promise.resolve('sent')) }
    ]
    const run = await runSteps(steps, { log: (line) => log.push(line) })
    expect(run).toEqual({ results: ['drawn', 'sent'], failed: ['holds'] })
    expect(ran).toEqual(['draws', 'send'])
    expect(log).toEqual([expect.stringMatching(/^\[courseTimer\] step holds failed: Error: database unreachable/)])
  })

  it('a step still busy at the end of its budget is left behind, and sending still happens', async () => {
    const log: string[] = []
    let release: () => void = () => undefined
    const stuck = new Promise<string>((resolve) => {
      release = () => resolve('late')
    })
    const steps: Step<string>[] = [
      { name: 'settle', budgetMs: 20, run: () => stuck },
      { name: 'send', budgetMs: 1000, run: () => Promise.resolve('sent') }
    ]
    const run = await runSteps(steps, { log: (line) => log.push(line) })
    expect(run).toEqual({ results: ['sent'], failed: ['settle'] })
    expect(log).toEqual(['[courseTimer] step settle ran over its 20 ms budget; the next run picks up the rest'])
    release()
  })

  it('a step left behind that fails later is still logged, not an unhandled rejection', async () => {
    const log: string[] = []
    let fail: (e: Error) => void = () => undefined
    const failing = new Promise<string>((_, reject) => {
      fail = reject
    })
    await runSteps([{ name: 'relay', budgetMs: 10, run: () => failing }], { log: (line) => log.push(line) })
    fail(new Error('too late'))
    await new Promise((resolve) => setImmediate(resolve))
    expect(log[1]).toMatch(/^\[courseTimer\] step relay failed after its budget: Error: too late/)
  })

  it('tells each step when its own budget is spent, so it stops before the next piece of work', async () => {
    const clock = manualClock()
    const done: number[] = []
    const step: Step<number> = {
      name: 'releases',
      budgetMs: 100,
      run: (budget) => {
        for (let i = 0; i < 10 && !budget.spent(); i++) {
          done.push(i)
          clock.advance(30)
        }
        return Promise.resolve(done.length)
      }
    }
    const fresh: Step<number> = { name: 'send', budgetMs: 100, run: (budget) => Promise.resolve(budget.spent() ? -1 : 1) }
    expect(await runSteps([step, fresh], { elapsed: clock.elapsed })).toEqual({ results: [4, 1], failed: [] })
  })
})

describe('the budgets', () => {
  it('fit the function’s timeout with room for its start and answer, sending last', () => {
    const config = JSON.parse(fs.readFileSync(path.join(__dirname, '../../cloudfunctions/courseTimer/config.json'), 'utf8')) as { timeout: number; triggers: unknown }
    const total = Object.values(STEP_BUDGET_MS).reduce((a, b) => a + b, 0)
    expect(total + TIMEOUT_RESERVE_MS).toBeLessThanOrEqual(config.timeout * 1000)
    expect(Object.keys(STEP_BUDGET_MS)).toEqual(['draws', 'holds', 'releases', 'settle', 'reminders', 'relay', 'send'])
    expect(config.triggers).toEqual([{ name: 'everyMinute', type: 'timer', config: '0 */1 * * * * *' }])
  })
})
