/**
 * The H5 course list, cold, as a rider on a phone first sees it: a fresh browser context (empty cache) opens the 课程
 * tab on a local cloud with the demo data over loopback; measured from navigation start to the first class card on
 * screen, with the bytes and function calls it took. Medians of several runs, since the machine is noisy.
 *
 *   npm run bench:h5 -- [runs] [--4g]
 *
 * `--4g` shapes the connection like a rider's phone on a busy 4G cell (60 ms round trip, 8 Mbit/s down, 2 up), where
 * the bytes on the wire matter; on bare loopback they hardly do.
 * Needs the H5 build (npm run build:h5) and Debian's chromium.
 */
import fs from 'fs'
import path from 'path'
import { startCloud } from '../emulator'
import { buildFunctions } from '../scripts/build/functions'
import { launchBrowser, newPhone } from '../test/e2e/support/browser'

const ROOT = path.resolve(__dirname, '..')
const H5_DIR = path.join(ROOT, 'dist', 'h5')

export interface FirstCard {
  /** Navigation start → the first `.session-card` visible, ms. */
  firstCardMs: number
  /** Bytes received for the page's own files (compressed size when compressed). */
  transferBytes: number
  /** POST /functions/… calls made before the card showed. */
  functionCalls: number
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

/** A busy 4G cell, in Chrome DevTools Protocol terms (throughput in bytes per second). */
const CELL_4G = { offline: false, latency: 60, downloadThroughput: (8_000_000 / 8) | 0, uploadThroughput: (2_000_000 / 8) | 0 }

export async function measureFirstCard(runs: number, shaped = false): Promise<FirstCard[]> {
  if (!fs.existsSync(path.join(H5_DIR, 'index.html'))) throw new Error('dist/h5 is missing: run npm run build:h5 first')
  const out = path.join(ROOT, 'node_modules', '.cache', 'bench-h5-functions')
  await buildFunctions({ outDir: out })
  const cloud = await startCloud({ port: 0, dataDir: ':memory:', functionsDir: out, staticDir: H5_DIR, log: () => undefined })
  cloud.seed()
  const browser = await launchBrowser()
  const results: FirstCard[] = []
  try {
    for (let i = 0; i < runs; i++) {
      const context = await newPhone(browser)
      const page = await context.newPage()
      if (shaped) {
        const cdp = await context.newCDPSession(page)
        await cdp.send('Network.enable')
        await cdp.send('Network.emulateNetworkConditions', CELL_4G)
      }
      let functionCalls = 0
      let transferBytes = 0
      let counting = true
      page.on('request', (req) => {
        if (counting && req.method() === 'POST' && new URL(req.url()).pathname.startsWith('/functions/')) functionCalls++
      })
      page.on('response', (res) => {
        const length = Number(res.headers()['content-length'] ?? 0)
        if (counting && !new URL(res.url()).pathname.startsWith('/functions/')) transferBytes += length
      })
      await page.goto(`${cloud.url}/?as=demo-rider#/pages/courses/index`, { waitUntil: 'commit' })
      await page.locator('.session-card').first().waitFor({ state: 'visible', timeout: 30_000 })
      const firstCardMs = await page.evaluate(() => performance.now())
      counting = false
      results.push({ firstCardMs, transferBytes, functionCalls })
      await context.close()
    }
  } finally {
    await browser.close()
    await cloud.close()
  }
  return results
}

if (require.main === module) {
  const runs = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 7)
  void measureFirstCard(runs, process.argv.includes('--4g')).then((results) => {
    for (const r of results) console.log(`first card ${r.firstCardMs.toFixed(0)} ms · ${(r.transferBytes / 1024).toFixed(0)} KB · ${r.functionCalls} calls`)
    console.log(
      `median of ${runs}: first card ${median(results.map((r) => r.firstCardMs)).toFixed(0)} ms, ` +
        `${(median(results.map((r) => r.transferBytes)) / 1024).toFixed(0)} KB, ${median(results.map((r) => r.functionCalls))} function calls`
    )
  })
}
