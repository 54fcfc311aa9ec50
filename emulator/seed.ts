/**
 * Puts the demo data (emulator/demo-data.ts) into a store: into an empty one, or — with `reset` — after wiping every
 * collection and every stored file. The data is placed around `now` (default: the database's clock), so its sessions
 * are bookable whenever the cloud's clock says it is. Questionnaire answers and needs are sealed with the store's data
 * keys, and the needs' requesters are keyed with them (demo-surveys.ts, demo-services.ts); so are the 组织关系
 * registrations (demo-party.ts). The demo's photos are stored with it (demo-grid.ts).
 */
import type { DataKeys } from '../cloudfunctions/_shared/sealing'
import type { Database } from './db'
import { demoData } from './demo-data'
import { demoServiceData } from './demo-services'
import { demoSurveyData } from './demo-surveys'
import { gridDemoFiles } from './demo-grid'
import { demoPartyData } from './demo-party'

export interface SeedResult {
  /** false when the store already held data and no reset was asked for. */
  seeded: boolean
  /** Documents inserted per collection. */
  counts: Record<string, number>
}

export function isStoreEmpty(db: Database): boolean {
  return db.collections().every((c) => db.count(c) === 0)
}

export interface SeedOptions {
  reset?: boolean
  now?: number
  wipeFiles?: () => void
  /** Stores a demo file's bytes (the grid reports' photos); without it the demo's file ids point at nothing. */
  writeFile?: (cloudPath: string, data: Buffer) => void
  /**
   * The data keys of this store (function-env.ts): seeded personal answers and needs are sealed with them, and
   * requester keys derived from them, as the functions do.
   */
  dataKeys: DataKeys
}

export function seedDemoData(db: Database, options: SeedOptions): SeedResult {
  if (options.reset) {
    db.reset()
    options.wipeFiles?.()
  } else if (!isStoreEmpty(db)) {
    return { seeded: false, counts: {} }
  }
  const counts: Record<string, number> = {}
  const now = options.now ?? db.now()
  const demo = { ...demoData(now), ...demoSurveyData(now, options.dataKeys), ...demoServiceData(now, options.dataKeys), ...demoPartyData(now, options.dataKeys) }
  for (const [collection, docs] of Object.entries(demo)) {
    if (docs.length) db.insert(collection, docs)
    counts[collection] = docs.length
  }
  for (const file of gridDemoFiles()) options.writeFile?.(file.cloudPath, file.data)
  return { seeded: true, counts }
}
