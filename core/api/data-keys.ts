/**
 * The key rotation action every function holding sealed personal data has (issue 10), one shape for all: an admin
 * calls `rotateKeys` again and again after configuring a new data key (the old one kept as DATA_KEY_PREVIOUS), each
 * call sealing again a batch of what the old keys sealed, until `remaining` is 0; then the old key can be removed.
 * Batches keep each call well inside a cloud function's time limit, and a call interrupted anywhere leaves nothing
 * half done: each record is rewritten whole or not at all, and the next call finds what is left by a query.
 *
 *   rotateKeys  {limit?} → {keyId, resealed, remaining}: admins only; an `audit` entry per call
 */
import * as s from '../schema'

/** Records sealed again per call unless asked otherwise. */
export const ROTATE_BATCH = 200
export const ROTATE_BATCH_MAX = 1000

export const rotateKeysSchema = s.object({ limit: s.optional(s.int({ label: '每批条数', min: 1, max: ROTATE_BATCH_MAX })) })

export type RotateKeysInput = s.Infer<typeof rotateKeysSchema>

export interface RotateKeysOutput {
  /** The id of the key everything is being sealed with (a fingerprint, not the key). */
  keyId: string
  /** Records sealed again by this call. */
  resealed: number
  /** Records still sealed with another key: call again until 0. */
  remaining: number
}

export const ADMIN_ONLY_KEYS_MESSAGE = '只有管理员可以轮换数据密钥'
