/**
 * The request budget table (bench/budgets.ts) against what the functions serve, without a cloud: every action a
 * function's table declares has a budget and every budget names such an action, every timer trigger in a function's
 * config.json has one and every timer budget names such a trigger. TypeScript refuses the same mistakes in the action
 * table at compile time; this holds the table to the functions as they run, and covers the timers, which no type
 * describes.
 */
import fs from 'fs'
import path from 'path'
import { REQUEST_BUDGETS, TIMER_REQUEST_BUDGETS, type RequestBudget } from '../../bench/budgets'
import { listFunctionSources, REPO_ROOT } from '../../scripts/build/functions'
import { functionActions } from '../security/function-actions'

const names = (table: Readonly<Record<string, Readonly<Record<string, unknown>>>>): string[] =>
  Object.entries(table).flatMap(([fn, rows]) => Object.keys(rows).map((row) => `${fn}.${row}`)).sort()

interface FunctionConfig {
  triggers?: { name: string; type: string }[]
}

function timerTriggers(): string[] {
  return listFunctionSources().flatMap((fn) => {
    const config = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'cloudfunctions', fn, 'config.json'), 'utf8')) as FunctionConfig
    return (config.triggers ?? []).filter((t) => t.type === 'timer').map((t) => `${fn}.${t.name}`)
  })
}

describe('the request budgets', () => {
  it('name exactly the actions the functions serve', () => {
    const served = functionActions().actions.map((a) => `${a.fn}.${a.action}`).sort()
    const budgeted = names(REQUEST_BUDGETS)
    expect({
      withoutBudget: served.filter((a) => !budgeted.includes(a)),
      budgetWithoutAction: budgeted.filter((a) => !served.includes(a))
    }).toEqual({ withoutBudget: [], budgetWithoutAction: [] })
  })

  it('name exactly the timer triggers the functions declare', () => {
    expect(names(TIMER_REQUEST_BUDGETS)).toEqual(timerTriggers().sort())
  })

  it('are whole numbers of requests, one per action or one per named case', () => {
    const rows = Object.values(REQUEST_BUDGETS).flatMap((actions) => Object.values<RequestBudget>(actions))
    const split = rows.filter((budget): budget is Readonly<Record<string, number>> => typeof budget !== 'number')
    const maxima = [
      ...rows.filter((budget): budget is number => typeof budget === 'number'),
      ...split.flatMap((cases) => Object.values(cases)),
      ...Object.values(TIMER_REQUEST_BUDGETS).flatMap((triggers) => Object.values<number>(triggers))
    ]
    expect(maxima.filter((max) => !Number.isInteger(max) || max < 0)).toEqual([])
    expect(split.filter((cases) => Object.keys(cases).length === 0)).toEqual([])
  })
})
