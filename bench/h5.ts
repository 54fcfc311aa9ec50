/**
 * `npm run bench -- h5`: the H5 course list, cold, as a rider on a phone first sees it. A fresh browser context (empty
 * cache) opens the 课程 tab on a local cloud with the demo data over loopback; per run, from navigation start: the
 * first contentful paint, the first class card (`.session-card`) on screen, and how many function calls started before
 * it showed. The product promises the list within 1 s in at most 2 function calls (budgets); the first paint is the
 * list's baseline, so the ratio says how long the rider looks at the page's shell before the classes come.
 *
 * Each counted load meets warm function instances (an uncounted load goes first): a function's cold start is
 * bench/cold-init.ts's figure. The card's moment is taken inside the page (a mutation observer installed before any
 * script runs) rather than when the browser driver notices it, whose polling and round trip would add tens of ms; the
 * calls are the page's own resource timings, so a call started just after the card does not count.
 *
 * Needs the H5 build (npm run build:h5) and Debian's chromium. Alone: `npm run bench -- h5 [--quick] [--4g]`; `--4g`
 * shapes the connection like a rider's phone on a busy 4G cell (60 ms round trip, 8 Mbit/s down, 2 up), where the
 * bytes on the wire matter; on bare loopback they hardly do.
 */
import fs from 'fs'
import os from 'os'
import path from 'path'
import { startCloud } from '../emulator'
import { buildFunctions, REPO_ROOT } from '../scripts/build/functions'
import { launchBrowser, newPhone } from '../test/e2e/support/browser'
import { median, type BenchSection, type Figure } from './report'

const SECTION = 'h5'
const H5_DIR = path.join(REPO_ROOT, 'dist', 'h5')
const LIST_BUDGET_MS = 1000
const CALLS_BUDGET = 2

/** A busy 4G cell, in Chrome DevTools Protocol terms (throughput in bytes per second). */
const CELL_4G = { offline: false, latency: 60, downloadThroughput: (8_000_000 / 8) | 0, uploadThroughput: (2_000_000 / 8) | 0 }

interface FirstScreen {
  /** Navigation start → first contentful paint, ms. */
  paintMs: number
  /** Navigation start → the first `.session-card` laid out on screen, ms. */
  listMs: number
  /** POST /functions/… calls started before the card showed. */
  functionCalls: number
  /** Bytes received before the card showed (compressed size when compressed). */
  transferBytes: number
}

/**
 * Installed before the page's scripts: notes when the first class card is laid out. No named inner functions: the
 * TypeScript loader would wrap them in a helper the page does not have.
 */
function watchFirstCard(): void {
  const observer = new MutationObserver(() => {
    const card = document.querySelector('.session-card')
    if (!card || card.getBoundingClientRect().height === 0) return
    ;(window as unknown as { firstCardAt: number }).firstCardAt = performance.now()
    observer.disconnect()
  })
  observer.observe(document, { childList: true, subtree: true, attributes: true })
}

/** Read in the page once the card is there. */
function readFirstScreen(): FirstScreen {
  const listMs = (window as unknown as { firstCardAt: number }).firstCardAt
  const paint = performance.getEntriesByName('first-contentful-paint')[0]
  const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[]
  const before = resources.filter((r) => r.startTime < listMs)
  const navigation = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined
  return {
    paintMs: paint ? paint.startTime : Number.NaN,
    listMs,
    functionCalls: before.filter((r) => new URL(r.name).pathname.startsWith('/functions/')).length,
    transferBytes: before.reduce((n, r) => n + r.transferSize, navigation?.transferSize ?? 0)
  }
}

async function measureFirstScreen(runs: number, shaped: boolean, log: (line: string) => void): Promise<FirstScreen[]> {
  if (!fs.existsSync(path.join(H5_DIR, 'index.html'))) throw new Error('no H5 build in dist/h5: run `npm run build:h5` first')
  const functionsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'youlin-bench-h5-'))
  const results: FirstScreen[] = []
  try {
    await buildFunctions({ outDir: functionsDir })
    const cloud = await startCloud({ port: 0, dataDir: ':memory:', functionsDir, staticDir: H5_DIR, log: () => undefined })
    try {
      cloud.seed()
      const browser = await launchBrowser()
      try {
        // One load first, not counted: it starts the local cloud's function instances, whose cold start is
        // bench/cold-init.ts's to measure, so every counted load meets warm functions and an empty browser cache alike.
        for (let i = -1; i < runs; i++) {
          const context = await newPhone(browser)
          const page = await context.newPage()
          if (shaped) {
            const cdp = await context.newCDPSession(page)
            await cdp.send('Network.enable')
            await cdp.send('Network.emulateNetworkConditions', CELL_4G)
          }
          await page.addInitScript(watchFirstCard)
          await page.goto(`${cloud.url}/?as=demo-rider#/pages/courses/index`, { waitUntil: 'commit' })
          await page.waitForFunction(() => (window as unknown as { firstCardAt?: number }).firstCardAt !== undefined, undefined, { timeout: 30_000 })
          const run = await page.evaluate(readFirstScreen)
          await context.close()
          if (i < 0) continue
          log(`run ${i + 1}: paint ${run.paintMs.toFixed(0)} ms, list ${run.listMs.toFixed(0)} ms, ${run.functionCalls} calls, ${(run.transferBytes / 1024).toFixed(0)} KB`)
          results.push(run)
        }
      } finally {
        await browser.close()
      }
    } finally {
      await cloud.close()
    }
  } finally {
    fs.rmSync(functionsDir, { recursive: true, force: true })
  }
  return results
}

async function firstScreenFigures(quick: boolean, shaped: boolean, log: (line: string) => void): Promise<Figure[]> {
  const runs = quick ? 3 : 7
  const results = await measureFirstScreen(runs, shaped, log)
  const of = (pick: (r: FirstScreen) => number) => median(results.map(pick))
  const paintMs = of((r) => r.paintMs)
  const how = `median of ${runs} cold loads, ${shaped ? 'shaped like 4G' : 'loopback'}`
  return [
    { section: SECTION, name: 'course list: first contentful paint', value: paintMs, unit: 'ms', detail: how },
    {
      section: SECTION,
      name: 'course list: first class card shown',
      value: of((r) => r.listMs),
      unit: 'ms',
      baseline: { name: 'first paint', value: paintMs },
      budget: shaped ? undefined : { max: LIST_BUDGET_MS },
      detail: how
    },
    {
      section: SECTION,
      name: 'course list: function calls before it shows',
      value: Math.max(...results.map((r) => r.functionCalls)),
      unit: 'calls',
      budget: { max: CALLS_BUDGET },
      detail: `most of ${runs} loads`
    },
    { section: SECTION, name: 'course list: bytes before it shows', value: of((r) => r.transferBytes) / 1024, unit: 'KB', detail: how }
  ]
}

export const section: BenchSection = {
  name: SECTION,
  // `npm run bench -- h5 --4g`: the same loads over a connection shaped like a rider's 4G (no budget: loopback's).
  run: ({ quick, log }) => firstScreenFigures(quick, process.argv.includes('--4g'), log)
}
