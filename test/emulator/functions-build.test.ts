/**
 * The function build: one CommonJS bundle per function with wx-server-sdk left external and `@core/*` resolved,
 * beside a package.json that depends on wx-server-sdk only and the function's config.json — the folder layout
 * `tcb fn deploy` uploads (CloudBase CLI, https://docs.cloudbase.net/cli-v1/functions/configs) — and watch mode.
 */
import fs from 'fs'
import os from 'os'
import path from 'path'
import { CloudClock } from '../../emulator/clock'
import { Database } from '../../emulator/db'
import { FunctionRunner } from '../../emulator/functions/runner'
import { writeCloudbaserc } from '../../scripts/build/cloudbaserc'
import { readFunctionConfig } from '../../scripts/build/function-config'
import { buildFunctions, DEFAULT_SOURCE_DIR, listFunctionSources, REPO_ROOT } from '../../scripts/build/functions'
import { NODE_RUNTIME } from '../../scripts/build/runtime'

let tmp: string
let src: string
let out: string

function write(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, text)
}

beforeEach(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'youlin-build-'))
  src = path.join(tmp, 'src')
  out = path.join(tmp, 'out')
  write(
    path.join(src, 'hello', 'index.ts'),
    `import cloud from 'wx-server-sdk'\nimport dayjs from 'dayjs'\nimport { ok } from '@core/api/result'\nimport { greet } from '../_shared/greet'\n` +
      `export async function main(event: { name: string }) { return ok({ text: greet(event.name), hasSdk: typeof cloud.init, epochYear: dayjs(200 * 86400000).year() }) }\n`
  )
  write(path.join(src, 'hello', 'config.json'), '{"permissions":{"openapi":["security.msgSecCheck"]},"triggers":[{"name":"daily","type":"timer","config":"0 0 2 * * * *"}]}')
  write(path.join(src, 'hello', 'package.json'), '{"name":"hello","dependencies":{"wx-server-sdk":"4.0.2","dayjs":"1.11.13"}}')
  write(path.join(src, '_shared', 'greet.ts'), `export const greet = (name: string) => '你好，' + name\n`)
  write(path.join(src, 'notes', 'README.md'), 'not a function: no index.ts')
})

afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }))

test('each function becomes index.js + package.json + config.json; _shared and folders without index.ts are skipped', async () => {
  const result = await buildFunctions({ sourceDir: src, outDir: out })
  expect(result.functions).toEqual(['hello'])
  expect(fs.readdirSync(out)).toEqual(['hello'])
  expect(fs.readdirSync(path.join(out, 'hello')).sort()).toEqual(['config.json', 'index.js', 'package.json'])
  const bundle = fs.readFileSync(path.join(out, 'hello', 'index.js'), 'utf8')
  expect(bundle).toContain('require("wx-server-sdk")')
  expect(bundle).not.toContain('@core/')
  expect(bundle).toContain('你好，')
  // Packages the function declares stay out of the bundle and are installed by CloudBase on deploy.
  expect(bundle).toContain('require("dayjs")')
  expect(JSON.parse(fs.readFileSync(path.join(out, 'hello', 'package.json'), 'utf8'))).toEqual({
    name: 'hello',
    version: '1.0.0',
    private: true,
    main: 'index.js',
    dependencies: { dayjs: '1.11.13', 'wx-server-sdk': '4.0.2' }
  })
  expect(fs.readFileSync(path.join(out, 'hello', 'config.json'), 'utf8')).toBe(fs.readFileSync(path.join(src, 'hello', 'config.json'), 'utf8'))
})

test('a built bundle runs from any directory: the runner resolves wx-server-sdk from the repository', async () => {
  await buildFunctions({ sourceDir: src, outDir: out })
  const db = Database.open({ dataDir: ':memory:', collections: [] })
  const runner = new FunctionRunner({ dirs: [out], db, clock: new CloudClock(), log: () => undefined })
  const outcome = await runner.invoke('hello', { name: '小王' })
  db.close()
  expect(outcome).toMatchObject({ ok: true, result: { ok: true, data: { text: '你好，小王', hasSdk: 'function', epochYear: 1970 } } })
  expect(runner.get('hello')?.config.triggers).toEqual([{ name: 'daily', type: 'timer', config: '0 0 2 * * * *' }])
})

test('a function removed from the sources disappears from the output of a full build', async () => {
  await buildFunctions({ sourceDir: src, outDir: out })
  fs.mkdirSync(path.join(out, 'gone'))
  await buildFunctions({ sourceDir: src, outDir: out })
  expect(fs.readdirSync(out)).toEqual(['hello'])
})

test('compile errors, bad cron expressions and a second trigger fail the build with the reason', async () => {
  write(path.join(src, 'broken', 'index.ts'), 'export async function main( {\n')
  await expect(buildFunctions({ sourceDir: src, outDir: out, names: ['broken'] })).rejects.toThrow(/broken[\\/]index\.ts:\d+:\d+/)
  write(path.join(src, 'hello', 'config.json'), '{"triggers":[{"name":"daily","type":"timer","config":"0 0 2 * *"}]}')
  await expect(buildFunctions({ sourceDir: src, outDir: out, names: ['hello'] })).rejects.toThrow(/trigger daily: .*7 fields/)
  write(path.join(src, 'hello', 'config.json'), '{"triggers":[{"name":"a","type":"timer","config":"0 0 2 * * * *"},{"name":"b","type":"timer","config":"0 0 3 * * * *"}]}')
  await expect(buildFunctions({ sourceDir: src, outDir: out, names: ['hello'] })).rejects.toThrow(/one timer trigger/)
  await expect(buildFunctions({ sourceDir: src, outDir: out, names: ['nope'] })).rejects.toThrow(/no cloud function nope/)
})

test('cloudbaserc.json lists every function with runtime, timeout and its timer trigger', () => {
  const file = path.join(tmp, 'cloudbaserc.json')
  writeCloudbaserc(
    [
      { name: 'user', config: {} },
      { name: 'reminders', config: { timeout: 20, triggers: [{ name: 'daily', type: 'timer', config: '0 0 8 * * * *' }] } }
    ],
    file
  )
  const rc = JSON.parse(fs.readFileSync(file, 'utf8'))
  expect(rc).toMatchObject({ version: '2.0', envId: '{{env.ENV_ID}}', functionRoot: './dist/functions' })
  expect(rc.functions).toEqual([
    { name: 'user', timeout: 10, runtime: 'Nodejs20.19', memorySize: 256, handler: 'index.main', installDependency: true },
    {
      name: 'reminders',
      timeout: 20,
      runtime: 'Nodejs20.19',
      memorySize: 256,
      handler: 'index.main',
      installDependency: true,
      triggers: [{ name: 'daily', type: 'timer', config: '0 0 8 * * * *' }]
    }
  ])
})

test('functions deploy on the Node major the tests run on, and are bundled for it', () => {
  const major = process.versions.node.split('.')[0]
  expect(NODE_RUNTIME.cloudbase).toMatch(new RegExp(`^Nodejs${major}\\.\\d+$`))
  expect(NODE_RUNTIME.esbuildTarget).toBe(`node${NODE_RUNTIME.cloudbase.slice('Nodejs'.length)}`)
})

test('the committed cloudbaserc.json is what the build writes for cloudfunctions/', () => {
  const committed = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'cloudbaserc.json'), 'utf8'))
  const file = path.join(tmp, 'cloudbaserc.json')
  writeCloudbaserc(
    listFunctionSources().map((name) => ({ name, config: readFunctionConfig(path.join(DEFAULT_SOURCE_DIR, name)) })),
    file
  )
  expect(committed).toEqual(JSON.parse(fs.readFileSync(file, 'utf8')))
  expect(committed.functions.map((f: { runtime: string }) => f.runtime)).toEqual(listFunctionSources().map(() => 'Nodejs20.19'))
})

test('watch mode rebuilds on a source or config change and the runner then serves the new bundle', async () => {
  const rebuilt: string[] = []
  let notify: () => void = () => undefined
  const watcher = await buildFunctions({
    sourceDir: src,
    outDir: out,
    watch: true,
    onRebuild: (name, errors) => {
      rebuilt.push(`${name}:${errors.length}`)
      notify()
    }
  })
  const nextRebuild = () => new Promise<void>((resolve) => (notify = resolve))
  const db = Database.open({ dataDir: ':memory:', collections: [] })
  const runner = new FunctionRunner({ dirs: [out], db, clock: new CloudClock(), log: () => undefined })
  try {
    expect(await runner.invoke('hello', { name: 'A' })).toMatchObject({ result: { data: { text: '你好，A' } } })
    let rebuild = nextRebuild()
    write(path.join(src, '_shared', 'greet.ts'), `export const greet = (name: string) => 'Hi ' + name\n`)
    await rebuild
    runner.reload('hello')
    expect(await runner.invoke('hello', { name: 'A' })).toMatchObject({ result: { data: { text: 'Hi A' } } })
    rebuild = nextRebuild()
    write(path.join(src, 'hello', 'config.json'), '{"permissions":{"openapi":["subscribeMessage.send"]}}')
    await rebuild
    runner.reload('hello')
    expect(runner.get('hello')?.config).toEqual({ permissions: { openapi: ['subscribeMessage.send'] } })
    expect(rebuilt).toEqual(['hello:0', 'hello:0'])
  } finally {
    await watcher.stop()
    db.close()
  }
})
