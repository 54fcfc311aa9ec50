/**
 * Personal answers at rest (issue 8; PIPL art. 51): each one is stored AES-256-GCM encrypted with Node's crypto, next
 * to its masked form (core pii.ts, for lists and the default export) and — for classes that identify a person — a
 * keyed hash (HMAC-SHA-256) that dedupes without revealing the value. core/survey decides what is personal and how it
 * is masked; this module holds the only secrets, so it is the function's, never core's.
 *
 * Keys: one secret, `SURVEY_DATA_KEY` (base64 of 32 random bytes) in the function's environment, never in code or in
 * the database. Two keys are derived from it with HKDF — one to encrypt, one to hash — so a hash can never be used to
 * decrypt and each purpose could be rotated apart later. There is no default: without the variable, or with a
 * malformed one, the function refuses to serve (index.ts) instead of storing anything in the clear. The local cloud
 * generates one per data directory (emulator/function-env.ts) and seeds its demo data through this same module.
 *
 * A ciphertext is `g1.<key id>.<base64url(iv ‖ ciphertext ‖ tag)>`: the key id (a fingerprint of the secret) names a
 * wrong key instead of failing obscurely. Its additional authenticated data is where it belongs (`<record id>/<question
 * id>`), so a ciphertext copied into another response or another question does not decrypt. Hashes are scoped to one
 * survey: they dedupe within it, and the same phone number in two surveys does not link the two.
 *
 * The module imports nothing but Node's crypto and core types, so the local cloud's seeding and the benchmark use it
 * without loading the SDK.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'crypto'
import type { AnswerValue, ProtectedAnswer, SealedAnswer } from '@core/survey'

/** The environment variable holding the secret. */
export const DATA_KEY_VARIABLE = 'SURVEY_DATA_KEY'

export interface DataKeys {
  /** Fingerprint of the secret (not the secret): which key sealed a value. */
  id: string
  encryption: Buffer
  hashing: Buffer
}

export type DataKeysResult = { ok: true; keys: DataKeys } | { ok: false; problem: string }

const KEY_BYTES = 32
const IV_BYTES = 12
const TAG_BYTES = 16
const FORMAT = 'g1'
const BASE64_32_BYTES = /^[A-Za-z0-9+/]{43}=$/

const derive = (secret: Buffer, purpose: string): Buffer => Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), `youlin-survey/${purpose}`, KEY_BYTES))

/** The keys of a secret as written in the environment, or what is wrong with it (never the value itself). */
export function dataKeysFrom(value: string | undefined): DataKeysResult {
  if (value === undefined || value.trim() === '') return { ok: false, problem: `environment variable ${DATA_KEY_VARIABLE} is not set` }
  const text = value.trim()
  if (!BASE64_32_BYTES.test(text)) {
    return { ok: false, problem: `environment variable ${DATA_KEY_VARIABLE} must be the base64 of ${KEY_BYTES} random bytes` }
  }
  const secret = Buffer.from(text, 'base64')
  return {
    ok: true,
    keys: {
      id: createHash('sha256').update(derive(secret, 'key-id')).digest('hex').slice(0, 8),
      encryption: derive(secret, 'answers-aes-256-gcm'),
      hashing: derive(secret, 'answers-hmac-sha256')
    }
  }
}

/** A new secret in the form the environment variable takes (the local cloud's per-directory key). */
export const newDataKey = (): string => randomBytes(KEY_BYTES).toString('base64')

let memo: { value: string | undefined; result: DataKeysResult } | undefined

/** The keys of this function's environment, read on every call (a warm instance sees a changed configuration). */
export function environmentKeys(): DataKeysResult {
  const value = process.env[DATA_KEY_VARIABLE]
  if (!memo || memo.value !== value) memo = { value, result: dataKeysFrom(value) }
  return memo.result
}

/** A stored value that does not open with the configured key (wrong key, or altered). */
export class SealError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SealError'
  }
}

/** `value` encrypted for the place `context` (`<record id>/<question id>`). */
export function seal(keys: DataKeys, value: AnswerValue, context: string): string {
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', keys.encryption, iv)
  cipher.setAAD(Buffer.from(context, 'utf8'))
  const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()])
  return `${FORMAT}.${keys.id}.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')}`
}

/** The value sealed for `context`; SealError when it was sealed with another key, for another place, or altered. */
export function unseal(keys: DataKeys, sealed: string, context: string): AnswerValue {
  const [format, keyId, blob] = sealed.split('.')
  if (format !== FORMAT || blob === undefined) throw new SealError('not a sealed answer')
  if (keyId !== keys.id) throw new SealError(`sealed with key ${keyId}, the configured key is ${keys.id}`)
  const bytes = Buffer.from(blob, 'base64url')
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new SealError('sealed answer too short')
  const decipher = createDecipheriv('aes-256-gcm', keys.encryption, bytes.subarray(0, IV_BYTES))
  decipher.setAAD(Buffer.from(context, 'utf8'))
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES))
  try {
    const plain = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()])
    return JSON.parse(plain.toString('utf8')) as AnswerValue
  } catch {
    throw new SealError(`sealed answer does not open for ${context}`)
  }
}

/** The keyed hash of dedupe material ('phone:13812345678') within one survey, hex. */
export const keyedHash = (keys: DataKeys, surveyId: string, material: string): string =>
  createHmac('sha256', keys.hashing).update(`${surveyId}\n${material}`, 'utf8').digest('hex')

const placeOf = (recordId: string, questionId: string): string => `${recordId}/${questionId}`

/** Core's protected answers of one record (a response or a draft) as stored: sealed, masked, hashed. */
export function sealAnswers(keys: DataKeys, surveyId: string, recordId: string, answers: readonly ProtectedAnswer[]): Record<string, SealedAnswer> {
  const sealed: Record<string, SealedAnswer> = {}
  for (const answer of answers) {
    sealed[answer.questionId] = {
      pii: answer.pii,
      cipher: seal(keys, answer.value, placeOf(recordId, answer.questionId)),
      masked: answer.masked,
      ...(answer.hashMaterial === undefined ? {} : { hash: keyedHash(keys, surveyId, answer.hashMaterial) })
    }
  }
  return sealed
}

/** One sealed answer of a record, opened. */
export const openAnswer = (keys: DataKeys, recordId: string, questionId: string, answer: SealedAnswer): AnswerValue =>
  unseal(keys, answer.cipher, placeOf(recordId, questionId))

/** Every sealed answer of a record, opened (for the respondent resuming their own draft, or an admin's export). */
export function openAnswers(keys: DataKeys, recordId: string, sealed: Readonly<Record<string, SealedAnswer>>): Record<string, AnswerValue> {
  const out: Record<string, AnswerValue> = {}
  for (const [questionId, answer] of Object.entries(sealed)) out[questionId] = openAnswer(keys, recordId, questionId, answer)
  return out
}
