/**
 * `npm run bench`: the one place that shows how fast and how small the product is. Runs every part of the bench in
 * turn, prints one table (each figure beside the baseline measured in the same run, and its budget), writes
 * bench/results.json and exits 1 when a figure breaks its budget or a part cannot run.
 *
 *   npm run bench                   every part at full size (under 10 minutes on a 2-core machine)
 *   npm run bench -- --quick        the budgets and a reduced burst (under 2 minutes; .ci/run runs it)
 *   npm run bench -- booking sizes  only the named parts (booking, database-requests, sizes, cold-init, h5, matching, survey)
 *   npm run bench -- booking --profile   also profiles a burst in each mode and prints where the CPU went
 *   npm run bench -- h5 --4g        the first screen over a connection shaped like a rider's 4G
 *
 * The parts only measure (bench/report.ts); judging is done here, once, so a budget means the same everywhere.
 * Parts run one after another in this process, each with its own local cloud, so they do not disturb each other.
 */
import { execFileSync } from 'child_process'
import fs from 'fs'
import os from 'os'
import path from 'path'
import { withinBudget, type BenchSection, type Figure } from './report'
import { section as requests } from './requests'
import { section as sizes } from './sizes'
import { section as coldInit } from './cold-init'
import { section as booking } from './booking'
import { section as h5 } from './h5'
import { section as matching } from './matching'
import { section as survey } from './survey'

/** Cheapest first: a broken budget shows before the long measurements. */
const SECTIONS: readonly BenchSection[] = [requests, sizes, coldInit, booking, h5, matching, survey]
const RESULTS_FILE = path.join(__dirname, 'results.json')

interface Row extends Figure {
  ok: boolean
  ratio?: number
}

const units: Record<string, (v: number) => string> = {
  // Sub-millisecond figures (CPU per database request) keep three places, or before and after would look alike.
  ms: (v) => `${v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(1) : v.toFixed(3)} ms`,
  KB: (v) => `${v.toFixed(1)} KB`,
  '×': (v) => `${v.toFixed(2)}×`,
  '%': (v) => `${v.toFixed(1)} %`
}

function show(value: number, unit: string): string {
  if (!Number.isFinite(value)) return 'n/a'
  const format = units[unit]
  if (format) return format(value)
  return `${Number.isInteger(value) ? value : value.toFixed(value >= 100 ? 0 : 2)} ${unit}`
}

function budgetText(figure: Figure): string {
  const { budget } = figure
  if (!budget) return ''
  const parts = [budget.max !== undefined ? `≤ ${show(budget.max, figure.unit)}` : '', budget.min !== undefined ? `≥ ${show(budget.min, figure.unit)}` : '']
  return parts.filter(Boolean).join(', ')
}

/** Plain-text table, columns padded by display width (CJK characters take two cells). */
function table(rows: string[][]): string {
  const width = (s: string) => [...s].reduce((w, c) => w + (/[\u1100-\uffff]/.test(c) && !/[≤≥×·→]/.test(c) ? 2 : 1), 0)
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => width(r[i]))))
  return rows.map((r) => r.map((cell, i) => cell + ' '.repeat(widths[i] - width(cell))).join('  ').trimEnd()).join('\n')
}

function gitCommit(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: __dirname, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
  } catch {
    return undefined
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2)
  const quick = args.includes('--quick')
  const named = args.filter((a) => !a.startsWith('--'))
  // On the command line a part's name is written with hyphens for spaces (database-requests).
  const argName = (s: BenchSection) => s.name.replace(/ /g, '-')
  const unknown = named.filter((n) => !SECTIONS.some((s) => argName(s) === n))
  if (unknown.length) throw new Error(`no bench part named ${unknown.join(', ')}; parts: ${SECTIONS.map(argName).join(', ')}`)
  const chosen = named.length ? SECTIONS.filter((s) => named.includes(argName(s))) : SECTIONS

  const started = Date.now()
  console.log(`bench${quick ? ' --quick' : ''}: Node ${process.version}, ${os.cpus().length} CPU(s), load ${os.loadavg()[0].toFixed(2)}`)
  const rows: Row[] = []
  const failures: { section: string; error: string }[] = []
  for (const section of chosen) {
    const sectionStarted = Date.now()
    console.log(`\n▸ ${section.name}`)
    try {
      const figures = await section.run({ quick, log: (line) => console.log(`  ${line}`) })
      for (const f of figures) rows.push({ ...f, ok: withinBudget(f), ratio: f.baseline && f.baseline.value ? f.value / f.baseline.value : undefined })
    } catch (e) {
      failures.push({ section: section.name, error: e instanceof Error ? (e.stack ?? e.message) : String(e) })
      console.log(`  failed: ${e instanceof Error ? e.message : String(e)}`)
    }
    console.log(`  (${((Date.now() - sectionStarted) / 1000).toFixed(1)} s)`)
  }

  const seconds = (Date.now() - started) / 1000
  const header = ['part', 'figure', 'value', 'baseline (same run)', 'ratio', 'budget', '']
  const body = rows.map((r) => [
    r.section,
    r.detail ? `${r.name} (${r.detail})` : r.name,
    show(r.value, r.unit),
    r.baseline ? `${show(r.baseline.value, r.unit)} ${r.baseline.name}` : '',
    r.ratio !== undefined ? `${r.ratio.toFixed(2)}×` : '',
    budgetText(r),
    r.budget ? (r.ok ? 'ok' : 'OVER') : ''
  ])
  console.log(`\n${table([header, ...body])}`)

  const broken = rows.filter((r) => !r.ok)
  fs.writeFileSync(
    RESULTS_FILE,
    `${JSON.stringify(
      {
        at: new Date(started).toISOString(),
        mode: quick ? 'quick' : 'full',
        commit: gitCommit(),
        node: process.version,
        cpus: os.cpus().length,
        seconds: Math.round(seconds),
        figures: rows,
        broken: broken.map((r) => `${r.section}: ${r.name}`),
        failures
      },
      null,
      2
    )}\n`
  )
  console.log(`\n${rows.length} figures in ${seconds.toFixed(0)} s; ${rows.filter((r) => r.budget).length} budgets, ${broken.length} broken; written to bench/results.json`)
  for (const r of broken) console.log(`  OVER BUDGET  ${r.section}: ${r.name} = ${show(r.value, r.unit)} (${budgetText(r)})`)
  for (const f of failures) console.log(`  FAILED  ${f.section}:\n${f.error}`)
  if (broken.length || failures.length) process.exitCode = 1
}

// A part that leaves a handle open (a browser, a worker) must not keep the verdict from being reported.
main().then(
  () => process.exit(),
  (e) => {
    console.error(e instanceof Error ? (e.stack ?? e.message) : e)
    process.exit(1)
  }
)
