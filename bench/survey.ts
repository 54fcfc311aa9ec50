/**
 * `npm run bench:survey` (part of `npm run bench`): function `survey`'s organizer reads on a large survey — `results` (one aggregate over the
 * facets stored with each response) and `export` (every response as an xlsx row, read a page at a time into exceljs's
 * streaming writer) — on 100,000 generated responses to 新就业群体需求调查, stored as `submit` stores them (sealed
 * personal answers included), on a local cloud in memory with the real bundle and wx-server-sdk. Prints the time of
 * each run, the median, and the peak resident memory of the process while it ran (the local cloud, its database and
 * the function share this process, so the peak is theirs together), and the submit path's database requests. It
 * measures; it does not pass or fail.
 *
 * RESPONSES=20000 npm run bench:survey runs a smaller set.
 */
import fs from 'fs'
import os from 'os'
import path from 'path'
import { DAY_MS, HOUR_MS } from '@core/time'
import { startCloud, type LocalCloud } from '../emulator'
import { demoDefinition, NEEDS_SURVEY_INPUT, publishedSurveyDoc, storedResponses } from '../emulator/demo-surveys'
import { needsAnswers, random } from '../emulator/survey-answers'
import { keyRingFrom } from '../cloudfunctions/_shared/sealing'
import { buildFunctions } from '../scripts/build/functions'

const RESPONSES = Number(process.env.RESPONSES ?? 100_000)
const BATCH = 5_000
const RUNS = 3
const SURVEY_ID = 'bench-needs'
const ORGANIZER = 'demo-organizer'

interface Reply {
  body: { ok: boolean; data?: Record<string, unknown>; code?: string; message?: string }
  dbOps: number
}

let cloud: LocalCloud

async function call(action: string, input: object, openid: string): Promise<Reply> {
  const res = await fetch(`${cloud.url}/functions/survey`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-wx-openid': openid },
    body: JSON.stringify({ action, ...input })
  })
  return { body: (await res.json()) as Reply['body'], dbOps: Number(res.headers.get('x-cloud-db-ops')) }
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`

interface Measured {
  ms: number
  peakRss: number
  startRss: number
  reply: Reply
}

/** Times one call and samples the process's resident memory while it runs. */
async function measured(run: () => Promise<Reply>): Promise<Measured> {
  global.gc?.()
  const startRss = process.memoryUsage().rss
  let peakRss = startRss
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss)
  }, 20)
  const started = process.hrtime.bigint()
  try {
    const reply = await run()
    return { ms: Number(process.hrtime.bigint() - started) / 1e6, peakRss: Math.max(peakRss, process.memoryUsage().rss), startRss, reply }
  } finally {
    clearInterval(sampler)
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

/** 100,000 responses stored the way submit stores them, a batch at a time (so generating them stays small). */
function storeResponses(now: number): number {
  const keyed = keyRingFrom(process.env)
  if (!keyed.ok) throw new Error(keyed.problem)
  const definition = demoDefinition({ ...NEEDS_SURVEY_INPUT, settings: { ...NEEDS_SURVEY_INPUT.settings, quotas: [{ id: 'total', label: '本期调查', limit: 1_000_000 }] } })
  const base = { _id: SURVEY_ID, venueId: 'venue-youlin', definition, publishedAt: now - 30 * DAY_MS }
  const quotaCounts: Record<string, number> = { total: 0 }
  let entries = 0
  for (let from = 0; from < RESPONSES; from += BATCH) {
    const count = Math.min(BATCH, RESPONSES - from)
    const generated = needsAnswers(random(1000 + from), { count, proxyShare: 0.25, from: now - 30 * DAY_MS, to: now - HOUR_MS, prefix: `bench-${from}` })
    const stored = storedResponses(keyed.keys, base, generated)
    cloud.db.insert('responses', stored.responses)
    cloud.db.insert('listEntries', stored.entries)
    quotaCounts.total += stored.quotaCounts.total
    entries += stored.entries.length
  }
  const { survey, version } = publishedSurveyDoc(base, { responses: RESPONSES, quotaCounts, lastAt: now - HOUR_MS })
  cloud.db.insert('surveys', [survey])
  cloud.db.insert('surveyVersions', [version])
  return entries
}

function report(label: string, runs: Measured[], extra: (ok: Measured) => string): void {
  const ms = runs.map((r) => r.ms)
  const failed = runs.filter((r) => !r.reply.body.ok)
  console.log(`${label.padEnd(10)} ${median(ms).toFixed(0).padStart(7)} ms median (runs: ${ms.map((m) => m.toFixed(0)).join(', ')} ms)`)
  const memory = `peak RSS ${mb(Math.max(...runs.map((r) => r.peakRss)))} (at start ${mb(Math.min(...runs.map((r) => r.startRss)))}, largest rise ${mb(Math.max(...runs.map((r) => r.peakRss - r.startRss)))})`
  const ok = runs.find((r) => r.reply.body.ok)
  console.log(`${''.padEnd(10)} ${memory}${ok ? `; ${extra(ok)}` : ''}`)
  // A database request of the local cloud slower than the SDK's 15-second request timeout fails the call with INTERNAL.
  if (failed.length > 0) console.log(`${''.padEnd(10)} ${failed.length} of ${runs.length} runs failed: ${failed[0].reply.body.code} ${failed[0].reply.body.message} (see the function's log line above)`)
}

/** The results pipeline (answers.ts facetCounts), run by the local database in this process, without the SDK. */
function databaseOnly(): number {
  const started = process.hrtime.bigint()
  const rows = cloud.db.aggregate('responses', [
    { $match: { surveyId: SURVEY_ID, status: 'submitted' } },
    { $project: { facets: 1, group: 1, channel: 1 } },
    { $unwind: '$facets' },
    {
      $group: {
        _id: { q: '$facets.q', v: '$facets.v', group: '$group', channel: '$channel' },
        count: { $sum: 1 },
        sum: { $sum: '$facets.n' },
        min: { $min: '$facets.n' },
        max: { $max: '$facets.n' }
      }
    }
  ])
  const ms = Number(process.hrtime.bigint() - started) / 1e6
  console.log(`${''.padEnd(10)} the same aggregate run by the local database directly: ${ms.toFixed(0)} ms, ${rows.length} rows`)
  return ms
}

async function main(): Promise<void> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'youlin-bench-survey-'))
  try {
    await buildFunctions({ outDir, names: ['survey'] })
    cloud = await startCloud({ port: 0, dataDir: ':memory:', functionsDir: outDir, functions: ['survey'], log: (line) => console.log(`  [local cloud] ${line.split('\n')[0]}`) })
    cloud.seed()
    const now = cloud.clock.now()
    console.log(`function survey on a local cloud in memory, Node ${process.version}, ${os.cpus().length} CPU(s)`)
    let started = Date.now()
    const entries = storeResponses(now)
    console.log(`stored ${RESPONSES.toLocaleString('en')} responses and ${entries.toLocaleString('en')} list entries in ${((Date.now() - started) / 1000).toFixed(1)} s; RSS ${mb(process.memoryUsage().rss)}\n`)

    const results: Measured[] = []
    for (let r = 0; r < RUNS; r++) results.push(await measured(() => call('results', { surveyId: SURVEY_ID }, ORGANIZER)))
    report('results', results, (ok) => {
      const total = (ok.reply.body.data as { results: { respondents: { total: number } } }).results.respondents.total
      return `${ok.reply.dbOps} database requests; ${total.toLocaleString('en')} respondents counted`
    })
    databaseOnly()

    const exports: Measured[] = []
    for (let r = 0; r < RUNS; r++) {
      cloud.clock.advance(60_000)
      exports.push(await measured(() => call('export', { surveyId: SURVEY_ID }, ORGANIZER)))
    }
    const exported = exports.find((r) => r.reply.body.ok)?.reply.body.data as { rows: number; tempFileURL: string } | undefined
    const size = exported ? (await (await fetch(exported.tempFileURL)).arrayBuffer()).byteLength : 0
    report('export', exports, (ok) => `${ok.reply.dbOps} database requests; ${exported?.rows.toLocaleString('en')} rows, ${mb(size)} xlsx`)

    started = Date.now()
    const submit = await call('submit', { surveyId: SURVEY_ID, answers: { group: 'rider', hours: 'after21', needs: ['legal'], legalTopic: 'labor', freeTime: ['weekdayEvening'], wantContact: 'no' }, clientId: 'bench-client-0001' }, 'bench-late-rider')
    console.log(`\nsubmit with ${RESPONSES.toLocaleString('en')} responses stored: ${submit.body.ok ? 'ok' : submit.body.code}, ${submit.dbOps} database requests, ${Date.now() - started} ms`)
  } finally {
    await cloud?.close()
    fs.rmSync(outDir, { recursive: true, force: true })
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? (e.stack ?? e.message) : e)
  process.exit(1)
})
