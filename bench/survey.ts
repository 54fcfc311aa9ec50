/**
 * `npm run bench -- survey`: function `survey`'s organizer reads on a large survey — `results` (one aggregate over the
 * facets stored with each response) and `export` (every response as an xlsx row, read a page at a time into exceljs's
 * streaming writer) — on 100,000 generated responses to 新就业群体需求调查 (a quick run: 5,000), stored as `submit`
 * stores them (sealed personal answers included), on a local cloud in memory with the real bundle and wx-server-sdk.
 * Figures: the median time of each read, beside the same aggregate run by the local database directly for `results`
 * (what the function, the SDK and the local cloud's HTTP add); the peak resident memory of the process while each
 * ran, beside the memory at its start (the local cloud, its database and the function share this process, so the peak
 * is theirs together); and the database requests of each read and of a submit with the responses stored. No budgets:
 * the times are shown to be watched; a read that fails (e.g. a database request past the SDK's 15-second timeout)
 * fails the part.
 *
 * Alone: `npm run bench -- survey [--quick]`; RESPONSES=20000 sets another size.
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
import { median, type BenchSection, type Figure } from './report'

const FULL_RESPONSES = 100_000
const QUICK_RESPONSES = 5_000
const BATCH = 5_000
const RUNS = 3
/** An export of 100,000 rows takes ~40 s; one keeps the whole bench under 10 minutes, and its time varies little. */
const EXPORT_RUNS = 1
const SURVEY_ID = 'bench-needs'
const ORGANIZER = 'demo-organizer'

interface Reply {
  body: { ok: boolean; data?: Record<string, unknown>; code?: string; message?: string }
  dbOps: number
}

async function call(cloud: LocalCloud, action: string, input: object, openid: string): Promise<Reply> {
  const res = await fetch(`${cloud.url}/functions/survey`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-wx-openid': openid },
    body: JSON.stringify({ action, ...input })
  })
  return { body: (await res.json()) as Reply['body'], dbOps: Number(res.headers.get('x-cloud-db-ops')) }
}

const MB = 1024 * 1024
const SECTION = 'survey'
const mb = (bytes: number): string => `${(bytes / MB).toFixed(0)} MB`

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

/** The responses stored the way submit stores them, a batch at a time (so generating them stays small). */
function storeResponses(cloud: LocalCloud, responses: number, now: number): number {
  const keyed = keyRingFrom(process.env)
  if (!keyed.ok) throw new Error(keyed.problem)
  const definition = demoDefinition({ ...NEEDS_SURVEY_INPUT, settings: { ...NEEDS_SURVEY_INPUT.settings, quotas: [{ id: 'total', label: '本期调查', limit: 1_000_000 }] } })
  const base = { _id: SURVEY_ID, venueId: 'venue-youlin', definition, publishedAt: now - 30 * DAY_MS }
  const quotaCounts: Record<string, number> = { total: 0 }
  let entries = 0
  for (let from = 0; from < responses; from += BATCH) {
    const count = Math.min(BATCH, responses - from)
    const generated = needsAnswers(random(1000 + from), { count, proxyShare: 0.25, from: now - 30 * DAY_MS, to: now - HOUR_MS, prefix: `bench-${from}` })
    const stored = storedResponses(keyed.keys, base, generated)
    cloud.db.insert('responses', stored.responses)
    cloud.db.insert('listEntries', stored.entries)
    quotaCounts.total += stored.quotaCounts.total
    entries += stored.entries.length
  }
  const { survey, version } = publishedSurveyDoc(base, { responses, quotaCounts, lastAt: now - HOUR_MS })
  cloud.db.insert('surveys', [survey])
  cloud.db.insert('surveyVersions', [version])
  return entries
}

/** Logs the runs of one read; a failed run fails the part, since its time would mean nothing. */
function report(label: string, runs: Measured[], extra: (ok: Measured) => string, log: (line: string) => void): void {
  const ms = runs.map((r) => r.ms)
  log(`${label.padEnd(10)} ${median(ms).toFixed(0).padStart(7)} ms median (runs: ${ms.map((m) => m.toFixed(0)).join(', ')} ms)`)
  const memory = `peak RSS ${mb(Math.max(...runs.map((r) => r.peakRss)))} (at start ${mb(Math.min(...runs.map((r) => r.startRss)))}, largest rise ${mb(Math.max(...runs.map((r) => r.peakRss - r.startRss)))})`
  const ok = runs.find((r) => r.reply.body.ok)
  log(`${''.padEnd(10)} ${memory}${ok ? `; ${extra(ok)}` : ''}`)
  const failed = runs.filter((r) => !r.reply.body.ok)
  // A database request of the local cloud slower than the SDK's 15-second request timeout fails the call with INTERNAL.
  if (failed.length > 0) throw new Error(`${label}: ${failed.length} of ${runs.length} runs failed: ${failed[0].reply.body.code} ${failed[0].reply.body.message}`)
}

/** The figures of one read: its median time, its peak memory beside the memory at its start, its database requests. */
function readFigures(label: string, runs: Measured[], detail: string, baseline?: Figure['baseline']): Figure[] {
  return [
    { section: SECTION, name: `${label}: time`, value: median(runs.map((r) => r.ms)), unit: 'ms', baseline, detail: `${detail}, median of ${runs.length}` },
    {
      section: SECTION,
      name: `${label}: peak memory`,
      value: Math.max(...runs.map((r) => r.peakRss)) / MB,
      unit: 'MB',
      baseline: { name: 'at its start', value: Math.min(...runs.map((r) => r.startRss)) / MB },
      detail: `${detail}, RSS of the process`
    },
    { section: SECTION, name: `${label}: database requests`, value: runs[0].reply.dbOps, unit: 'requests', detail }
  ]
}

/** The results pipeline (answers.ts facetCounts), run by the local database in this process, without the SDK. */
function databaseOnly(cloud: LocalCloud, log: (line: string) => void): number {
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
  log(`${''.padEnd(10)} the same aggregate run by the local database directly: ${ms.toFixed(0)} ms, ${rows.length} rows`)
  return ms
}

async function runSurveyBench(responses: number, log: (line: string) => void): Promise<Figure[]> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'youlin-bench-survey-'))
  let cloud: LocalCloud | undefined
  try {
    await buildFunctions({ outDir, names: ['survey'] })
    cloud = await startCloud({ port: 0, dataDir: ':memory:', functionsDir: outDir, functions: ['survey'], log: (line) => log(`[local cloud] ${line.split('\n')[0]}`) })
    const local = cloud
    local.seed()
    const now = local.clock.now()
    log(`function survey on a local cloud in memory, Node ${process.version}, ${os.cpus().length} CPU(s)`)
    let started = Date.now()
    const entries = storeResponses(local, responses, now)
    log(`stored ${responses.toLocaleString('en')} responses and ${entries.toLocaleString('en')} list entries in ${((Date.now() - started) / 1000).toFixed(1)} s; RSS ${mb(process.memoryUsage().rss)}`)
    const stored = `${responses.toLocaleString('en')} responses`

    const results: Measured[] = []
    for (let r = 0; r < RUNS; r++) results.push(await measured(() => call(local, 'results', { surveyId: SURVEY_ID }, ORGANIZER)))
    report(
      'results',
      results,
      (ok) => {
        const total = (ok.reply.body.data as { results: { respondents: { total: number } } }).results.respondents.total
        return `${ok.reply.dbOps} database requests; ${total.toLocaleString('en')} respondents counted`
      },
      log
    )
    const aggregateMs = databaseOnly(local, log)

    const exports: Measured[] = []
    for (let r = 0; r < EXPORT_RUNS; r++) {
      local.clock.advance(60_000)
      exports.push(await measured(() => call(local, 'export', { surveyId: SURVEY_ID }, ORGANIZER)))
    }
    const exported = exports.find((r) => r.reply.body.ok)?.reply.body.data as { rows: number; tempFileURL: string } | undefined
    const size = exported ? (await (await fetch(exported.tempFileURL)).arrayBuffer()).byteLength : 0
    report('export', exports, (ok) => `${ok.reply.dbOps} database requests; ${exported?.rows.toLocaleString('en')} rows, ${mb(size)} xlsx`, log)

    started = Date.now()
    const submit = await call(
      local,
      'submit',
      { surveyId: SURVEY_ID, answers: { group: 'rider', hours: 'after21', needs: ['legal'], legalTopic: 'labor', freeTime: ['weekdayEvening'], wantContact: 'no' }, clientId: 'bench-client-0001' },
      'bench-late-rider'
    )
    log(`submit with ${stored} stored: ${submit.body.ok ? 'ok' : submit.body.code}, ${submit.dbOps} database requests, ${Date.now() - started} ms`)
    if (!submit.body.ok) throw new Error(`submit failed: ${submit.body.code} ${submit.body.message}`)

    return [
      ...readFigures('results', results, stored, { name: 'the same aggregate in the local database alone', value: aggregateMs }),
      ...readFigures('export', exports, `${stored}, ${mb(size)} xlsx`),
      { section: SECTION, name: 'submit: database requests', value: submit.dbOps, unit: 'requests', detail: `${stored} stored` }
    ]
  } finally {
    await cloud?.close()
    fs.rmSync(outDir, { recursive: true, force: true })
  }
}

export const section: BenchSection = {
  name: SECTION,
  run: ({ quick, log }) => runSurveyBench(Number(process.env.RESPONSES ?? (quick ? QUICK_RESPONSES : FULL_RESPONSES)), log)
}
