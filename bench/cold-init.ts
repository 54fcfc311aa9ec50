/**
 * `npm run bench -- cold-init`: what each cloud function adds to a cold start. CloudBase starts a new instance with a
 * fresh Node process that loads the function's index.js before the first request is served; that load is the
 * wx-server-sdk (the same for every function, and not ours to shrink) plus the function's own modules, schemas and
 * tables. So each bundle is required in a fresh process and timed around the `require` alone (Node's own start is the
 * same for all and left out), and wx-server-sdk is required alone the same way; the figure is the difference of the
 * medians, the SDK alone is its baseline. The time is the CPU time the process spent in the require: on a shared
 * machine the elapsed time mostly measures the other processes (the same require took 330–600 ms elapsed within one
 * minute, and 230–300 ms of CPU); the elapsed medians are logged beside it. The fresh processes of the bundles and of
 * the SDK alone take turns, so a busy spell of the machine falls on both.
 *
 * Bundles are built into a temporary folder; wx-server-sdk is found through NODE_PATH, as CloudBase installs it beside
 * the bundle. Packages a function declares for one rare action (exceljs for exports) are required lazily by that
 * action, so they are rightly not part of the cold start.
 */
import { spawnSync } from 'child_process'
import fs from 'fs'
import os from 'os'
import path from 'path'
import { buildFunctions, REPO_ROOT } from '../scripts/build/functions'
import { median, type BenchSection, type Figure } from './report'

const SECTION = 'cold-init'
const SDK = 'wx-server-sdk'

/**
 * Per function, CPU ms of its own init beyond the SDK's. Measured on the 2-core bench machine while other work ran
 * (medians of 3 and of 7): course 32–38, courseTimer 21–33, service 43–59, survey 28–31, user 23. Each budget is about
 * twice that, which keeps a quick run's noise (±10 ms) out and still catches the regression that matters for a cold
 * start: an eager heavy import. exceljs required eagerly would add about 250 ms, and even zod required whole
 * (instead of the bundled zod/mini parts) about 55 ms.
 */
const BUDGET_MS: Record<string, number> = { course: 80, courseTimer: 70, service: 110, survey: 70, user: 50 }

/** Runs in the fresh process: requires one module and prints the CPU ms and the elapsed ms the require took. */
const PROBE =
  'const c=process.cpuUsage(),t=process.hrtime.bigint();require(process.argv[1]);const u=process.cpuUsage(c);' +
  'process.stdout.write(JSON.stringify({cpuMs:(u.user+u.system)/1e3,elapsedMs:Number(process.hrtime.bigint()-t)/1e6}))'

interface RequireTime {
  cpuMs: number
  elapsedMs: number
}

function requireTime(target: string): RequireTime {
  const res = spawnSync(process.execPath, ['-e', PROBE, target], {
    cwd: REPO_ROOT,
    env: { ...process.env, NODE_PATH: path.join(REPO_ROOT, 'node_modules') },
    encoding: 'utf8'
  })
  if (res.status !== 0) throw new Error(`requiring ${target} in a fresh process failed: ${res.stderr.trim().split('\n').slice(0, 5).join(' | ')}`)
  return JSON.parse(res.stdout) as RequireTime
}

export const section: BenchSection = {
  name: SECTION,
  async run({ quick, log }) {
    const runs = quick ? 3 : 7
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'youlin-bench-cold-init-'))
    try {
      const { functions } = await buildFunctions({ outDir })
      const sdk = require.resolve(SDK)
      const times = new Map<string, RequireTime[]>([[SDK, []], ...functions.map((name): [string, RequireTime[]] => [name, []])])
      for (let i = 0; i < runs; i++) {
        times.get(SDK)?.push(requireTime(sdk))
        for (const name of functions) times.get(name)?.push(requireTime(path.join(outDir, name, 'index.js')))
      }
      const medians = (name: string) => {
        const of = times.get(name) ?? []
        return { cpuMs: median(of.map((t) => t.cpuMs)), elapsedMs: median(of.map((t) => t.elapsedMs)) }
      }
      const sdkAlone = medians(SDK)
      const sdkMs = sdkAlone.cpuMs
      log(`${SDK} alone: ${sdkMs.toFixed(0)} ms CPU, ${sdkAlone.elapsedMs.toFixed(0)} ms elapsed (medians of ${runs} fresh processes)`)
      return functions.map((name): Figure => {
        const bundle = medians(name)
        const bundleMs = bundle.cpuMs
        log(`${name}: ${bundleMs.toFixed(0)} ms CPU with the SDK, ${(bundleMs - sdkMs).toFixed(0)} ms its own; elapsed ${bundle.elapsedMs.toFixed(0)} ms with the SDK`)
        return {
          section: SECTION,
          name: `function ${name} own init`,
          value: bundleMs - sdkMs,
          unit: 'ms',
          baseline: { name: `${SDK} alone`, value: sdkMs },
          budget: BUDGET_MS[name] === undefined ? undefined : { max: BUDGET_MS[name] },
          detail: `CPU of require in a fresh process minus the SDK's, medians of ${runs}`
        }
      })
    } finally {
      fs.rmSync(outDir, { recursive: true, force: true })
    }
  }
}
