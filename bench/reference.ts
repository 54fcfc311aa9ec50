/**
 * The booking burst on the code as it was before the performance work (issue 11), measured in the same bench run:
 * the target is "≥ 2.5× today's books/s", and on these noisy machines a figure recorded on another day says
 * little. The old tree is checked out from git beside this one (a detached worktree sharing node_modules, removed
 * afterwards) and a small script, written into it, runs the same 1,000-way burst there: its own local cloud, its own
 * function bundle, its own booking rules. Needs the repository's history; a shallow clone skips the comparison.
 */
import { execFileSync, spawn } from 'child_process'
import fs from 'fs'
import os from 'os'
import path from 'path'
import { REPO_ROOT } from '../scripts/build/functions'

/** The last commit before issue 11: the local cloud in one thread, the waitlist uncapped. */
export const REFERENCE_COMMIT = '9aac5df'

export interface ReferenceBurst {
  booksPerSecond: number
  p99Ms: number
  failed: number
}

/** A burst there under the CPU profiler (the whole local cloud runs in that one thread). */
export interface ReferenceProfile {
  /** The `.cpuprofile` written, for bench/profile.ts. */
  file: string
  /** Where that tree's function bundles were built, so the summary can tell function code from the local cloud's. */
  functionsDir: string
  dbRequests: number
  /** CPU the process used during the burst (process.cpuUsage). */
  cpuMs: number
}

export interface Reference {
  bursts: ReferenceBurst[]
  profiles: ReferenceProfile[]
}

/**
 * Written into the old tree and run there. It uses only what that tree exports (its bench/run.ts did the same), and
 * prints one JSON line per burst.
 */
const SCRIPT = `
import fs from 'fs'
import { Session } from 'inspector/promises'
import { newSessionDoc, resolvePolicy, sessionIdFor } from '@core/booking'
import { DAY_MS, HOUR_MS, MINUTE_MS } from '@core/time'
import { startCloud } from '../emulator'
import { buildFunctions } from '../scripts/build/functions'

async function main(): Promise<void> {
  const [outDir, people, seats, runs, profiled, profileFile] = process.argv.slice(2)
  await buildFunctions({ outDir, names: ['course'] })
  const cloud = await startCloud({ port: 0, dataDir: ':memory:', functionsDir: outDir, functions: ['course'], log: () => undefined })
  cloud.seed()
  console.error = () => undefined
  const burst = async (run: number) => {
    const now = Date.now()
    const course = { _id: 'reference-course-' + run, title: '基准测试课', category: '健康', description: '', cover: '', instructor: '', venueId: 'venue-youlin',
      policy: resolvePolicy({ weeklyLimit: 14, maxUpcoming: 20, closesBeforeMin: 30 }), status: 'active' as const, createdAt: now, updatedAt: now }
    cloud.db.insert('courses', [course])
    const startAt = Math.floor((now + 2 * DAY_MS + run * MINUTE_MS) / MINUTE_MS) * MINUTE_MS
    const planned = { _id: sessionIdFor(course._id, startAt), courseId: course._id, startAt, endAt: startAt + HOUR_MS, capacity: Number(seats) }
    cloud.db.insert('sessions', [newSessionDoc(planned, course, 'reference-secret-' + run, now)])
    const latencies: number[] = []
    let failed = 0
    const started = performance.now()
    await Promise.all(Array.from({ length: Number(people) }, async (_, i) => {
      const t = performance.now()
      try {
        const res = await fetch(cloud.url + '/functions/course', { method: 'POST', headers: { 'content-type': 'application/json', 'x-wx-openid': 'reference-' + run + '-' + i }, body: JSON.stringify({ action: 'book', sessionId: planned._id }) })
        const body = (await res.json()) as { ok: boolean; code?: string }
        if (!body.ok && body.code === 'INTERNAL') failed++
      } catch {
        failed++
      }
      latencies.push(performance.now() - t)
    }))
    const ms = performance.now() - started
    latencies.sort((a, b) => a - b)
    return { booksPerSecond: Number(people) / (ms / 1000), p99Ms: latencies[Math.ceil(0.99 * latencies.length) - 1], failed }
  }
  for (let run = 0; run < Number(runs); run++) process.stdout.write(JSON.stringify(await burst(run)) + '\\n')
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.setSamplingInterval', { interval: 500 })
  for (let p = 0; p < Number(profiled); p++) {
    const requestsBefore = cloud.db.requestCount
    const cpuBefore = process.cpuUsage()
    await session.post('Profiler.start')
    await burst(Number(runs) + p)
    const { profile } = await session.post('Profiler.stop')
    const cpu = process.cpuUsage(cpuBefore)
    const file = profileFile + '.' + p
    fs.writeFileSync(file, JSON.stringify(profile))
    process.stdout.write(JSON.stringify({ file, dbRequests: cloud.db.requestCount - requestsBefore, cpuMs: (cpu.user + cpu.system) / 1000 }) + '\\n')
  }
  await cloud.close()
}

main().then(() => process.exit(0), (e) => { process.stderr.write(String(e && e.stack || e)); process.exit(1) })
`

function git(args: string[]): string {
  return execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim()
}

/** Whether the old tree can be checked out here (not in a shallow clone, nor outside git). */
export function referenceAvailable(): boolean {
  try {
    git(['cat-file', '-e', `${REFERENCE_COMMIT}^{commit}`])
    return true
  } catch {
    return false
  }
}

/**
 * `runs` bursts of `people` books at once on a `seats`-seat session, on the old tree, then `profiled` more under the
 * profiler (their profiles are written to `<profileFile>.<n>`).
 */
export async function referenceBursts(people: number, seats: number, runs: number, profiled: number, profileFile: string): Promise<Reference> {
  const tree = fs.mkdtempSync(path.join(os.tmpdir(), 'youlin-reference-'))
  const outDir = path.join(tree, '.reference-functions')
  git(['worktree', 'add', '--detach', '--force', tree, REFERENCE_COMMIT])
  try {
    fs.symlinkSync(path.join(REPO_ROOT, 'node_modules'), path.join(tree, 'node_modules'))
    fs.writeFileSync(path.join(tree, 'bench', 'reference-burst.ts'), SCRIPT)
    const child = spawn(path.join(REPO_ROOT, 'node_modules', '.bin', 'tsx'), ['bench/reference-burst.ts', outDir, String(people), String(seats), String(runs), String(profiled), profileFile], {
      cwd: tree,
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    if (code !== 0) throw new Error(`the burst on ${REFERENCE_COMMIT} failed (exit ${code}): ${err.slice(-2000)}`)
    const lines = out.trim().split('\n')
    const bursts = lines.slice(0, runs).map((line) => JSON.parse(line) as ReferenceBurst)
    const profiles = lines.slice(runs).map((line) => ({ ...(JSON.parse(line) as Omit<ReferenceProfile, 'functionsDir'>), functionsDir: outDir }))
    return { bursts, profiles }
  } finally {
    git(['worktree', 'remove', '--force', tree])
    fs.rmSync(tree, { recursive: true, force: true })
  }
}
