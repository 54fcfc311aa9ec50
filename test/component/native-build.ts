/**
 * Builds the Taro components listed under `components` in src/app.config.ts as native WeChat custom components
 * (`taro build native-components --type weapp`) into dist/native-components, for miniprogram-simulate to render.
 * Skips the ~15 s build when the output is newer than every source it depends on; a lock directory keeps parallel
 * jest workers from building at the same time.
 */
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'

export const repoRoot = path.resolve(__dirname, '..', '..')
export const nativeRoot = path.join(repoRoot, 'dist', 'native-components')

const SOURCES = ['src', 'core', 'config', 'babel.config.js', 'package-lock.json']
const LOCK = path.join(repoRoot, 'dist', '.native-components.lock')
const LOCK_STALE_MS = 180_000

function newestMtime(p: string): number {
  if (!fs.existsSync(p)) return 0
  const stat = fs.statSync(p)
  if (!stat.isDirectory()) return stat.mtimeMs
  // Files only: tests live beside components and must not trigger a rebuild.
  return fs
    .readdirSync(p, { withFileTypes: true })
    .filter((e) => !/\.test\.tsx?$/.test(e.name))
    .reduce((m, e) => Math.max(m, newestMtime(path.join(p, e.name))), 0)
}

function isFresh(entry: string): boolean {
  const out = path.join(nativeRoot, `${entry}.js`)
  if (!fs.existsSync(out)) return false
  const built = fs.statSync(out).mtimeMs
  return SOURCES.every((s) => newestMtime(path.join(repoRoot, s)) < built)
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function acquireLock(): Promise<void> {
  fs.mkdirSync(path.dirname(LOCK), { recursive: true })
  for (;;) {
    try {
      fs.mkdirSync(LOCK)
      return
    } catch {
      const age = Date.now() - fs.statSync(LOCK, { throwIfNoEntry: false })!.mtimeMs
      if (age > LOCK_STALE_MS) fs.rmSync(LOCK, { recursive: true, force: true })
      else await sleep(500)
    }
  }
}

/** Makes sure `dist/native-components/<entry>.js` exists and is current; returns the component path to load. */
export async function ensureNativeComponent(entry: string): Promise<string> {
  if (!isFresh(entry)) {
    await acquireLock()
    try {
      if (!isFresh(entry)) {
        const res = spawnSync(process.execPath, [require.resolve('@tarojs/cli/bin/taro'), 'build', 'native-components', '--type', 'weapp'], {
          cwd: repoRoot,
          env: { ...process.env, TARO_OUTPUT_ROOT: path.relative(repoRoot, nativeRoot), NODE_ENV: 'production' },
          encoding: 'utf8',
          maxBuffer: 64 * 1024 * 1024
        })
        if (res.status !== 0 || !fs.existsSync(path.join(nativeRoot, `${entry}.js`))) {
          throw new Error(`taro build native-components failed:\n${res.stdout.slice(-4000)}\n${res.stderr.slice(-4000)}`)
        }
      }
    } finally {
      fs.rmSync(LOCK, { recursive: true, force: true })
    }
  }
  return path.join(nativeRoot, entry)
}
