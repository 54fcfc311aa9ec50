/**
 * `npm run bench -- sizes`: how big what we ship is, against budgets that keep it small.
 *
 *  - the weapp main package and each subpackage, counted as WeChat counts the upload (scripts/check-weapp.ts does the
 *    same: no source maps, no DevTools config). WeChat refuses any package over 2,048 KB; the main package has a
 *    tighter budget of 800 KB because every rider downloads it before the first screen, on any connection;
 *  - each cloud function bundle (index.js as scripts/build/functions.ts writes it; wx-server-sdk and a function's
 *    declared packages are installed by CloudBase, not bundled), ≤ 200 KB so a cold start parses little;
 *  - the H5 initial JS: the scripts index.html loads before the first page's own chunk, gzip-compressed as a server
 *    sends them.
 *
 * The weapp and H5 builds take minutes: a full run builds what is missing (and says so); a quick run (CI, which builds
 * first) refuses with a message instead of spending its two minutes on a build. Function bundles are built into a
 * temporary folder each run, which takes a second.
 */
import { execFileSync } from 'child_process'
import fs from 'fs'
import os from 'os'
import path from 'path'
import zlib from 'zlib'
import { buildFunctions, REPO_ROOT } from '../scripts/build/functions'
import { weappPackages } from '../scripts/build/weapp-packages'
import type { BenchOptions, BenchSection, Figure } from './report'

const SECTION = 'sizes'
const KB = 1024
/** WeChat's limit for every package, main or sub. */
const WECHAT_PACKAGE_LIMIT_KB = 2048
const MAIN_PACKAGE_BUDGET_KB = 800
const FUNCTION_BUNDLE_BUDGET_KB = 200
/**
 * The H5 initial JS is about 130 KB gzip today (React, the Taro runtime and the app shell). 160 KB keeps ~20 % of
 * headroom, so a library pulled into the eager chunks by mistake (a chart or xlsx library is 100 KB+) breaks it, while
 * the first screen's 1 s stays reachable on a rider's 4G (160 KB is about 0.2 s at 8 Mbit/s).
 */
const H5_INITIAL_JS_BUDGET_KB = 160

const WEAPP_DIR = path.join(REPO_ROOT, 'dist', 'weapp')
const H5_DIR = path.join(REPO_ROOT, 'dist', 'h5')

/**
 * Makes sure a client build exists. Returns a note for the figures' detail when it had to build one; refuses in quick
 * mode, where the build belongs to the step before the bench.
 */
function ensureBuilt(kind: 'weapp' | 'h5', marker: string, { quick, log }: BenchOptions): string | undefined {
  if (fs.existsSync(marker)) return undefined
  if (quick) throw new Error(`no ${kind} build in dist/${kind}: run \`npm run build:${kind}\` before \`npm run bench -- --quick\``)
  log(`no ${kind} build in dist/${kind}: building it (npm run build:${kind}, a few minutes)…`)
  // Taro under NODE_ENV=test compiles pages to CommonJS into one eager bundle, unlike the build that ships.
  execFileSync(path.join(REPO_ROOT, 'node_modules', '.bin', 'taro'), ['build', '--type', kind], {
    cwd: REPO_ROOT,
    // Piped, not shown: a failed build's error then carries what it printed.
    stdio: 'pipe',
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NODE_ENV: 'production' }
  })
  return 'built by this run'
}

function withNote(detail: string, note: string | undefined): string {
  return note ? `${detail}; ${note}` : detail
}

function weappFigures(options: BenchOptions): Figure[] {
  const note = ensureBuilt('weapp', path.join(WEAPP_DIR, 'app.json'), options)
  const packages = weappPackages(WEAPP_DIR)
  const main: Figure = {
    section: SECTION,
    name: 'weapp main package',
    value: packages.mainBytes / KB,
    unit: 'KB',
    budget: { max: MAIN_PACKAGE_BUDGET_KB },
    detail: withNote('as uploaded', note)
  }
  const subpackages = packages.subpackages.map(
    ({ root, bytes }): Figure => ({
      section: SECTION,
      name: `weapp subpackage ${root}`,
      value: bytes / KB,
      unit: 'KB',
      budget: { max: WECHAT_PACKAGE_LIMIT_KB },
      detail: withNote("WeChat's limit", note)
    })
  )
  return [main, ...subpackages]
}

async function functionFigures(): Promise<Figure[]> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'youlin-bench-sizes-'))
  try {
    const { functions } = await buildFunctions({ outDir })
    return functions.map((name) => ({
      section: SECTION,
      name: `function ${name} bundle`,
      value: fs.statSync(path.join(outDir, name, 'index.js')).size / KB,
      unit: 'KB',
      budget: { max: FUNCTION_BUNDLE_BUDGET_KB },
      detail: 'index.js, without wx-server-sdk'
    }))
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true })
  }
}

/** The scripts of index.html, in page order: the file for a `src`, the text for an inline script. */
function initialScripts(html: string, dir: string): Buffer[] {
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)]
  return scripts.map(([, attributes, inline]) => {
    const src = /\bsrc=["']?([^"'\s>]+)/.exec(attributes)?.[1]
    return src ? fs.readFileSync(path.join(dir, src.replace(/^\//, ''))) : Buffer.from(inline)
  })
}

function h5Figure(options: BenchOptions): Figure {
  const index = path.join(H5_DIR, 'index.html')
  const note = ensureBuilt('h5', index, options)
  const scripts = initialScripts(fs.readFileSync(index, 'utf8'), H5_DIR)
  const gzipped = scripts.reduce((n, s) => n + zlib.gzipSync(s).length, 0)
  const raw = scripts.reduce((n, s) => n + s.length, 0)
  return {
    section: SECTION,
    name: 'H5 initial JS',
    value: gzipped / KB,
    unit: 'KB',
    budget: { max: H5_INITIAL_JS_BUDGET_KB },
    detail: withNote(`gzip, ${scripts.length} scripts of index.html, ${(raw / KB).toFixed(0)} KB raw`, note)
  }
}

export const section: BenchSection = {
  name: SECTION,
  async run(options) {
    const figures = [...weappFigures(options), ...(await functionFigures()), h5Figure(options)]
    for (const f of figures) options.log(`${f.name}: ${f.value.toFixed(1)} KB (budget ≤ ${f.budget?.max} KB)`)
    return figures
  }
}
