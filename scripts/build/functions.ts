/**
 * Bundles each cloud function `<sourceDir>/<fn>/index.ts` with esbuild into `<outDir>/<fn>/index.js` (CommonJS for
 * the deployed Node runtime, wx-server-sdk left external, `@core/*` resolved through tsconfig paths), next to a
 * `package.json` that depends on wx-server-sdk only and a copy of `config.json` — the folder `tcb fn deploy` and
 * WeChat DevTools upload. Folders starting with `_` hold shared code and are not functions.
 *
 * It lives with the build scripts because deployment needs it; the local cloud runs the very same bundles and imports
 * it from here (never the other way round: nothing under scripts/build imports the emulator).
 */
import fs from 'fs'
import { createRequire } from 'module'
import path from 'path'
import * as esbuild from 'esbuild'
import { writeCloudbaserc } from './cloudbaserc'
import { parseCron } from './cron'
import { readFunctionConfig, type FunctionConfig } from './function-config'
import { NODE_RUNTIME } from './runtime'

export const REPO_ROOT = path.resolve(__dirname, '..', '..')
export const DEFAULT_SOURCE_DIR = path.join(REPO_ROOT, 'cloudfunctions')
export const DEFAULT_OUT_DIR = path.join(REPO_ROOT, 'dist', 'functions')

/** CloudBase: 1–60 characters, letters, digits, `-` and `_`, starting with a letter. */
const FUNCTION_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,59}$/

export interface BuildFunctionsOptions {
  /** Keep esbuild contexts alive and rebuild a function when its sources or its config.json change. */
  watch?: boolean
  outDir?: string
  sourceDir?: string
  /** Build only these functions (default: every function folder). */
  names?: string[]
  /** Watch mode: called after each rebuild of a function, with esbuild's error messages if it failed. */
  onRebuild?: (name: string, errors: string[]) => void
  log?: (line: string) => void
}

export interface BuildFunctionsResult {
  outDir: string
  functions: string[]
  ms: number
  /** Ends watch mode (a no-op otherwise). */
  stop(): Promise<void>
}

/** The function folders in `sourceDir`: every non-`_` directory holding an index.ts. */
export function listFunctionSources(sourceDir: string = DEFAULT_SOURCE_DIR): string[] {
  if (!fs.existsSync(sourceDir)) return []
  return fs
    .readdirSync(sourceDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('_') && !e.name.startsWith('.') && fs.existsSync(path.join(sourceDir, e.name, 'index.ts')))
    .map((e) => e.name)
    .sort()
}

function sdkVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(createRequire(__filename).resolve('wx-server-sdk/package.json'), 'utf8')) as { version: string }
  return pkg.version
}

/**
 * The npm packages a function declares in its own package.json (besides wx-server-sdk). They stay out of the bundle
 * and are installed by CloudBase on deploy, so a heavy library used by one rare action (exceljs for exports) costs
 * nothing on the cold start of the function's other actions.
 */
function declaredDependencies(srcDir: string): Record<string, string> {
  const file = path.join(srcDir, 'package.json')
  if (!fs.existsSync(file)) return {}
  const { dependencies = {} } = JSON.parse(fs.readFileSync(file, 'utf8')) as { dependencies?: Record<string, string> }
  const { 'wx-server-sdk': _sdk, ...others } = dependencies
  return others
}

function checkConfig(name: string, config: FunctionConfig): void {
  for (const t of config.triggers ?? []) {
    try {
      parseCron(t.config)
    } catch (e) {
      throw Object.assign(new Error(`cloud function ${name}: trigger ${t.name}: ${(e as Error).message}`), { cause: e })
    }
  }
}

/** Writes package.json and config.json beside a fresh bundle. */
function writeManifest(name: string, srcDir: string, fnOutDir: string, version: string): FunctionConfig {
  const config = readFunctionConfig(srcDir)
  checkConfig(name, config)
  const dependencies = { ...declaredDependencies(srcDir), 'wx-server-sdk': version }
  const pkg = { name, version: '1.0.0', private: true, main: 'index.js', dependencies }
  fs.writeFileSync(path.join(fnOutDir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n')
  const configSrc = path.join(srcDir, 'config.json')
  const configOut = path.join(fnOutDir, 'config.json')
  if (fs.existsSync(configSrc)) fs.copyFileSync(configSrc, configOut)
  else fs.rmSync(configOut, { force: true })
  return config
}

function esbuildOptions(name: string, srcDir: string, fnOutDir: string, plugins: esbuild.Plugin[]): esbuild.BuildOptions {
  return {
    entryPoints: [path.join(srcDir, 'index.ts')],
    outfile: path.join(fnOutDir, 'index.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: NODE_RUNTIME.esbuildTarget,
    external: ['wx-server-sdk', ...Object.keys(declaredDependencies(srcDir))],
    // import() of an external package becomes a lazy require: same behaviour on CloudBase, and it also runs inside
    // jest's vm sandbox, which has no native dynamic import.
    supported: { 'dynamic-import': false },
    tsconfig: path.join(REPO_ROOT, 'tsconfig.json'),
    absWorkingDir: REPO_ROOT,
    logLevel: 'silent',
    // A cold start parses the whole bundle (the bench holds each under 200 KB); names are kept so the stack traces in
    // the function logs still say which function failed.
    minify: true,
    keepNames: true,
    legalComments: 'none',
    charset: 'utf8',
    banner: { js: `// cloud function "${name}", bundled by scripts/build-functions.ts — edit cloudfunctions/${name}/ instead` },
    plugins
  }
}

function formatErrors(errors: esbuild.Message[]): string[] {
  return errors.map((m) => (m.location ? `${m.location.file}:${m.location.line}:${m.location.column}: ${m.text}` : m.text))
}

export async function buildFunctions(options: BuildFunctionsOptions = {}): Promise<BuildFunctionsResult> {
  const started = Date.now()
  const sourceDir = path.resolve(options.sourceDir ?? DEFAULT_SOURCE_DIR)
  const outDir = path.resolve(options.outDir ?? DEFAULT_OUT_DIR)
  const log = options.log ?? (() => undefined)
  const available = listFunctionSources(sourceDir)
  const names = options.names ?? available
  for (const name of names) {
    if (!FUNCTION_NAME.test(name)) throw new Error(`"${name}" is not a valid CloudBase function name`)
    if (!available.includes(name)) throw new Error(`no cloud function ${name} in ${sourceDir}`)
  }
  fs.mkdirSync(outDir, { recursive: true })
  if (!options.names) {
    // A function removed from the sources must not linger in the deployable output.
    for (const e of fs.readdirSync(outDir, { withFileTypes: true })) {
      if (e.isDirectory() && !names.includes(e.name)) fs.rmSync(path.join(outDir, e.name), { recursive: true, force: true })
    }
  }
  const version = sdkVersion()
  const configs: { name: string; config: FunctionConfig }[] = []
  const contexts: esbuild.BuildContext[] = []

  try {
    for (const name of names) {
      const srcDir = path.join(sourceDir, name)
      const fnOutDir = path.join(outDir, name)
      fs.mkdirSync(fnOutDir, { recursive: true })
      if (options.watch) {
        const ctx = await esbuild.context(esbuildOptions(name, srcDir, fnOutDir, [watchPlugin(name, srcDir, fnOutDir, version, options, log)]))
        contexts.push(ctx)
        const first = await ctx.rebuild()
        if (first.errors.length) throw new Error(formatErrors(first.errors).join('\n'))
        await ctx.watch()
      } else {
        const result = await esbuild.build(esbuildOptions(name, srcDir, fnOutDir, []))
        if (result.errors.length) throw new Error(formatErrors(result.errors).join('\n'))
      }
      configs.push({ name, config: writeManifest(name, srcDir, fnOutDir, version) })
    }
  } catch (e) {
    await Promise.all(contexts.map((c) => c.dispose()))
    if (e && typeof e === 'object' && Array.isArray((e as esbuild.BuildFailure).errors)) {
      throw Object.assign(new Error(`building cloud functions failed:\n${formatErrors((e as esbuild.BuildFailure).errors).join('\n')}`), { cause: e })
    }
    throw e
  }
  if (sourceDir === DEFAULT_SOURCE_DIR && outDir === DEFAULT_OUT_DIR && !options.names) writeCloudbaserc(configs, path.join(REPO_ROOT, 'cloudbaserc.json'))
  const ms = Date.now() - started
  log(`built ${names.length} cloud function(s) into ${path.relative(REPO_ROOT, outDir) || outDir} in ${ms} ms`)
  return {
    outDir,
    functions: names,
    ms,
    stop: async () => {
      await Promise.all(contexts.map((c) => c.dispose()))
    }
  }
}

/**
 * In watch mode: makes config.json part of the watched inputs (so editing triggers or permissions rebuilds), and after
 * each rebuild refreshes package.json/config.json and tells the runner.
 */
function watchPlugin(
  name: string,
  srcDir: string,
  fnOutDir: string,
  version: string,
  options: BuildFunctionsOptions,
  log: (line: string) => void
): esbuild.Plugin {
  const entry = path.join(srcDir, 'index.ts')
  let builds = 0
  return {
    name: 'cloud-function-watch',
    setup(build) {
      build.onLoad({ filter: /index\.ts$/ }, (args) => {
        if (args.path !== entry) return undefined
        return { contents: fs.readFileSync(entry, 'utf8'), loader: 'ts', watchFiles: [path.join(srcDir, 'config.json')] }
      })
      build.onEnd((result) => {
        // The first build is reported by buildFunctions itself.
        if (builds++ === 0) return
        const errors = formatErrors(result.errors)
        if (errors.length === 0) {
          try {
            writeManifest(name, srcDir, fnOutDir, version)
          } catch (e) {
            errors.push((e as Error).message)
          }
        }
        log(errors.length ? `cloud function ${name}: rebuild failed\n${errors.join('\n')}` : `cloud function ${name}: rebuilt`)
        options.onRebuild?.(name, errors)
      })
    }
  }
}
