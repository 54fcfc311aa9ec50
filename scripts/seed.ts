/**
 * `npm run seed [-- --reset]`: puts the demo data into an empty store; `--reset` wipes every collection and stored
 * file first. Talks to a running local cloud (npm start) if there is one, otherwise opens the store in CLOUD_DATA
 * (default .cloud/) directly.
 */
import { defaultDataDir } from '../emulator'
import { configuredUrl, findRunningCloud } from '../emulator/client'
import { Database, loadCollectionSpecs } from '../emulator/db'
import { localDataKeys, localSecrets } from '../emulator/function-env'
import { seedDemoData, type SeedResult } from '../emulator/seed'
import { CloudStorage } from '../emulator/storage'

async function viaServer(url: string, reset: boolean): Promise<SeedResult> {
  const res = await fetch(`${url}/_cloud/seed`, { method: 'POST', body: JSON.stringify({ reset }) })
  const body = (await res.json()) as { ok: boolean; data?: SeedResult; message?: string }
  if (!body.ok || !body.data) throw new Error(`the local cloud refused: ${body.message ?? res.status}`)
  return body.data
}

function direct(dataDir: string, reset: boolean): SeedResult {
  const db = Database.open({ dataDir, collections: loadCollectionSpecs() })
  const storage = new CloudStorage({ dataDir, db, baseUrl: () => configuredUrl() })
  try {
    return seedDemoData(db, { reset, wipeFiles: () => storage.wipe(), writeFile: (cloudPath, data) => storage.write(cloudPath, data), dataKeys: localDataKeys(localSecrets(dataDir)) })
  } finally {
    storage.close()
    db.close()
  }
}

async function main(): Promise<void> {
  const reset = process.argv.includes('--reset')
  const url = await findRunningCloud()
  const dataDir = defaultDataDir()
  if (!url && dataDir === ':memory:') throw new Error('CLOUD_DATA=:memory: 的存储只在运行中的本地云里：先 npm start')
  const result = url ? await viaServer(url, reset) : direct(dataDir, reset)
  const where = url ? `运行中的本地云 ${url}` : dataDir
  if (!result.seeded) {
    console.log(`${where} 已有数据，未写入演示数据（用 npm run seed -- --reset 清空并恢复）`)
    return
  }
  const counts = Object.entries(result.counts).map(([c, n]) => `${c} ${n}`)
  console.log(`${reset ? '已清空并恢复' : '已写入'}演示数据（${where}）：${counts.join('，')}`)
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e)
  process.exit(1)
})
