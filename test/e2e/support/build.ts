/**
 * jest globalSetup for browser tests: the H5 build must reflect the current sources, so it is rebuilt when any file
 * it is made from is newer than dist/h5/index.html (a fresh clone always builds).
 */
import { execFileSync } from 'child_process'
import fs from 'fs'
import path from 'path'

const ROOT = path.resolve(__dirname, '../../..')
export const H5_DIR = path.join(ROOT, 'dist', 'h5')
const SOURCES = ['src', 'core', 'config', 'babel.config.js', 'package-lock.json']

function newestMtime(p: string): number {
  const stat = fs.statSync(p, { throwIfNoEntry: false })
  if (!stat) return 0
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(0, ...fs.readdirSync(p).map((name) => newestMtime(path.join(p, name))))
}

export default function buildH5(): void {
  const built = fs.statSync(path.join(H5_DIR, 'index.html'), { throwIfNoEntry: false })?.mtimeMs ?? 0
  const changed = Math.max(...SOURCES.map((s) => newestMtime(path.join(ROOT, s))))
  if (built > changed) return
  const started = Date.now()
  process.stdout.write('\nBuilding the H5 app for browser tests…\n')
  // jest sets NODE_ENV=test, under which Taro's babel preset compiles modules to CommonJS: every lazily loaded page
  // would land in one eager app.js, unlike the build that ships. The browser tests drive the production build.
  execFileSync(path.join(ROOT, 'node_modules', '.bin', 'taro'), ['build', '--type', 'h5'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' }
  })
  process.stdout.write(`H5 built in ${((Date.now() - started) / 1000).toFixed(1)} s\n`)
}
