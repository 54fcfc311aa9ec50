/**
 * `npm run trigger -- <function> <trigger>`: fires a timer trigger from the function's config.json now, with the
 * event the platform sends. Goes to a running local cloud (npm start) if there is one; otherwise builds the functions
 * and runs the trigger in-process against the store in CLOUD_DATA (default .cloud/).
 */
import { defaultDataDir, startCloud } from '../emulator'
import { findRunningCloud } from '../emulator/client'
import { buildFunctions } from './build/functions'

async function viaServer(url: string, fn: string, trigger: string): Promise<{ result: unknown; dbOps: string }> {
  const res = await fetch(`${url}/triggers/${encodeURIComponent(fn)}/${encodeURIComponent(trigger)}`, { method: 'POST' })
  const body: unknown = await res.json()
  if (res.status !== 200) throw new Error((body as { message?: string }).message ?? `HTTP ${res.status}`)
  return { result: body, dbOps: res.headers.get('x-cloud-db-ops') ?? '?' }
}

async function inProcess(fn: string, trigger: string): Promise<{ result: unknown; dbOps: string }> {
  await buildFunctions({ names: [fn] })
  const cloud = await startCloud({ port: 0, dataDir: defaultDataDir(), functions: [fn], log: (line) => console.log(line) })
  try {
    const before = cloud.db.requestCount
    const result = await cloud.runTrigger(fn, trigger)
    return { result, dbOps: String(cloud.db.requestCount - before) }
  } finally {
    await cloud.close()
  }
}

async function main(): Promise<void> {
  const [fn, trigger] = process.argv.slice(2).filter((a) => !a.startsWith('-'))
  if (!fn || !trigger) {
    console.error('用法: npm run trigger -- <云函数名> <触发器名>（见该函数的 config.json triggers）')
    process.exit(2)
  }
  const url = await findRunningCloud()
  console.log(url ? `触发 ${fn}/${trigger}（运行中的本地云 ${url}）…` : `触发 ${fn}/${trigger}（进程内，存储 ${defaultDataDir()}）…`)
  const { result, dbOps } = url ? await viaServer(url, fn, trigger) : await inProcess(fn, trigger)
  console.log(JSON.stringify(result, null, 2))
  console.log(`数据库请求: ${dbOps}`)
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e)
  process.exit(1)
})
