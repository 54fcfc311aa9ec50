/**
 * Loading a built bundle the way SCF loads `index.js`, shared by the two places functions run: this process
 * (runner.ts) and a worker-thread instance (instance.ts). Kept free of anything but Node built-ins and context.ts,
 * because the worker side is compiled on its own into the code a worker thread starts with.
 */
import fs from 'fs'
import path from 'path'
import vm from 'vm'
import { resolveFrom } from './context'

export type Handler = (event: unknown, context: Record<string, unknown>) => unknown

/** What a function threw (or rejected with), as an Error: SDK failures are plain objects with an errMsg. */
export function toError(e: unknown): Error {
  if (e instanceof Error) return e
  if (e && typeof e === 'object') {
    const o = e as { errMsg?: unknown; message?: unknown }
    const text = typeof o.errMsg === 'string' ? o.errMsg : typeof o.message === 'string' ? o.message : JSON.stringify(e)
    return Object.assign(new Error(text), { cause: e })
  }
  return new Error(String(e))
}

/**
 * Evaluates a bundle as a CommonJS module, afresh on every load: a rebuilt bundle then replaces the old one without
 * relying on require.cache (which jest's module registry does not honour). The bundle's own requires — wx-server-sdk and
 * Node built-ins, everything else is bundled — go through this module's require, so they share its module registry.
 */
function loadBundle(file: string): Record<string, unknown> {
  const dir = path.dirname(file)
  const module = { exports: {} as Record<string, unknown> }
  const localRequire = Object.assign(
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- a bundle's requires, known at run time, share this module's registry
    (id: string): unknown => require(resolveFrom(dir, id)),
    { resolve: (id: string) => resolveFrom(dir, id) }
  )
  compileModule(fs.readFileSync(file, 'utf8'), file)(module.exports, localRequire, module, file, dir)
  return module.exports
}

/** The bundle's exported main, or why there is none. */
export function bundleMain(name: string, file: string): Handler {
  const mod = loadBundle(file)
  if (typeof mod?.main !== 'function') throw new Error(`cloud function ${name}: index.js does not export main`)
  return mod.main as Handler
}

const PARAMS = ['exports', 'require', 'module', '__filename', '__dirname']
/** Whether this code runs in Node's main realm (not inside a jest sandbox, which has its own globals). */
const MAIN_REALM = vm.runInThisContext('Function') === Function

type ModuleWrapper = (...args: unknown[]) => void

function compileModule(code: string, file: string): ModuleWrapper {
  // In the main realm this is exactly Node's own module wrapper, so stack traces keep the bundle's line numbers.
  if (MAIN_REALM) return vm.runInThisContext(`(function (${PARAMS.join(', ')}) {${code}\n})`, { filename: file }) as ModuleWrapper
  // A sandbox must get the function from its own realm, or the bundle's objects and errors would be foreign there.
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- compiling the bundle is the point; only this Function is the sandbox's own
  return new Function(...PARAMS, `${code}\n//# sourceURL=${file}`) as ModuleWrapper
}
