/**
 * How WeChat counts a weapp build's packages: what is uploaded (no source maps, no DevTools configuration), split into
 * the main package and each subpackage root of app.json. One reckoning for the build check (scripts/check-weapp.ts,
 * WeChat's hard limit) and the bench (bench/sizes.ts, our tighter budgets), so both speak of the same bytes.
 */
import fs from 'fs'
import path from 'path'

/** DevTools configuration and source maps are never part of an uploaded package. */
const NOT_UPLOADED = /(^|\/)project(\.private)?\.config\.json$|\.map$/

/** The parts of app.json that say how the build is packaged. */
export interface AppJson {
  subPackages?: Array<{ root: string }>
  subpackages?: Array<{ root: string }>
  tabBar?: { list?: Array<{ iconPath?: string; selectedIconPath?: string }> }
}

export interface WeappPackages {
  app: AppJson
  /** Uploaded files, relative to the build directory. */
  files: string[]
  mainBytes: number
  /** Each subpackage by its root (without the trailing slash), in app.json's order. */
  subpackages: { root: string; bytes: number }[]
}

function listFiles(dir: string, base = ''): string[] {
  return fs.readdirSync(path.join(dir, base), { withFileTypes: true }).flatMap((entry) => {
    const rel = base ? `${base}/${entry.name}` : entry.name
    return entry.isDirectory() ? listFiles(dir, rel) : [rel]
  })
}

export function weappPackages(dist: string): WeappPackages {
  const app = JSON.parse(fs.readFileSync(path.join(dist, 'app.json'), 'utf8')) as AppJson
  const roots = (app.subPackages ?? app.subpackages ?? []).map((p) => p.root.replace(/\/+$/, '') + '/')
  const files = listFiles(dist).filter((f) => !NOT_UPLOADED.test(f))
  const bytes = (chosen: string[]) => chosen.reduce((n, f) => n + fs.statSync(path.join(dist, f)).size, 0)
  return {
    app,
    files,
    mainBytes: bytes(files.filter((f) => !roots.some((r) => f.startsWith(r)))),
    subpackages: roots.map((root) => ({ root: root.slice(0, -1), bytes: bytes(files.filter((f) => f.startsWith(root))) }))
  }
}
