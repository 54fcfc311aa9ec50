/**
 * `rotateKeys` (core/api/data-keys.ts) for the questionnaire's sealed answers: a batch of responses, then of drafts,
 * sealed with an earlier key are sealed again with the current one; masks and dedupe hashes stay as they are (the hash
 * secret does not rotate with the sealing key: _shared/sealing.ts). A record without `sealedWith` (stored before keys
 * could rotate) counts as not rotated, so the first run visits every record once; records stored since carry the key
 * that sealed them. Each record is rewritten only if it did not change since it was read; a few are rewritten at once
 * (_shared/parallel.ts), as the other functions' rotations do.
 */
import { ADMIN_ONLY_KEYS_MESSAGE, ROTATE_BATCH, type RotateKeysInput, type RotateKeysOutput } from '@core/api/data-keys'
import { DomainError } from '@core/api/result'
import { hasRole } from '@core/user'
import { _, audit, sumOfWrites, type Patch } from '../_shared'
import { dataKeys } from './keys'
import type { Ctx } from './manage'
import { store } from './repo'
import { resealAnswers } from './sealing'

type Sealed = 'responses' | 'surveyDrafts'

/** Seals again up to `limit` records of `collection`; answers how many it visited and how many changed. */
async function rotate(collection: Sealed, keyId: string, limit: number): Promise<{ visited: number; resealed: number }> {
  if (limit === 0) return { visited: 0, resealed: 0 }
  const keys = dataKeys()
  const page = await store.find(collection, { sealedWith: _.neq(keyId) }, { limit, fields: { _id: true, sealed: true, sealedWith: true, updatedAt: true } })
  const resealed = await sumOfWrites(page, (record) => {
    const unchanged = { _id: record._id, updatedAt: record.updatedAt, sealedWith: record.sealedWith ?? _.exists(false) }
    const patch: Patch = { sealedWith: keyId }
    if (Object.keys(record.sealed).length > 0) patch.sealed = _.set(resealAnswers(keys, record._id, record.sealed))
    return store.update(collection, unchanged, patch)
  })
  return { visited: page.length, resealed }
}

export async function rotateKeys(ctx: Ctx<RotateKeysInput>): Promise<RotateKeysOutput> {
  if (!hasRole(ctx.user, 'admin')) throw new DomainError('FORBIDDEN', ADMIN_ONLY_KEYS_MESSAGE)
  const keyId = dataKeys().id
  const limit = ctx.input.limit ?? ROTATE_BATCH
  const responses = await rotate('responses', keyId, limit)
  const drafts = await rotate('surveyDrafts', keyId, limit - responses.visited)
  const stale = { sealedWith: _.neq(keyId) }
  const [left, draftsLeft] = await Promise.all([store.count('responses', stale), store.count('surveyDrafts', stale)])
  const out = { keyId, resealed: responses.resealed + drafts.resealed, remaining: left + draftsLeft }
  await audit(ctx, 'rotateKeys', 'responses', { ...out })
  return out
}
