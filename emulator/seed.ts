/**
 * Puts the demo data (emulator/demo-data.ts) into a store: into an empty one, or — with `reset` — after wiping every
 * collection and every stored file. The data is placed around `now` (default: the database's clock), so its sessions
 * are bookable whenever the cloud's clock says it is.
 */
import type { Database } from './db'
import { demoData } from './demo-data'

export interface SeedResult {
  /** false when the store already held data and no reset was asked for. */
  seeded: boolean
  /** Documents inserted per collection. */
  counts: Record<string, number>
}

export function isStoreEmpty(db: Database): boolean {
  return db.collections().every((c) => db.count(c) === 0)
}

export function seedDemoData(db: Database, options: { reset?: boolean; now?: number; wipeFiles?: () => void } = {}): SeedResult {
  if (options.reset) {
    db.reset()
    options.wipeFiles?.()
  } else if (!isStoreEmpty(db)) {
    return { seeded: false, counts: {} }
  }
  const counts: Record<string, number> = {}
  for (const [collection, docs] of Object.entries(demoData(options.now ?? db.now()))) {
    if (docs.length) db.insert(collection, docs)
    counts[collection] = docs.length
  }
  return { seeded: true, counts }
}
