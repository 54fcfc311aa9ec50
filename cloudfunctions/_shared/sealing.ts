/**
 * Personal data at rest, for every function (issue 8 for questionnaire answers, issue 10 for needs; PIPL art. 51):
 * a value is stored AES-256-GCM encrypted with Node's crypto, and a value that must be found again without being read
 * (a phone number that dedupes responses, an openid that finds a requester's needs) as a keyed hash (HMAC-SHA-256).
 * What is personal and how it is masked is core's (survey pii.ts, matching privacy.ts); this module holds the only
 * secrets, so it lives with the functions, never in core.
 *
 * Keys come from the function's environment, never from code or the database, and there is no default: without a
 * usable key the functions refuse to serve or to store a personal value rather than store it in the clear.
 *   DATA_KEY           base64 of 32 random bytes: seals every new value (read as SURVEY_DATA_KEY, its old name, when
 *                      DATA_KEY is not set, so a deployment configured before keeps working)
 *   DATA_KEY_PREVIOUS  earlier keys, comma separated: values they sealed still open, nothing new is sealed with them.
 *                      After a rotation run (`rotateKeys` of each function) nothing is sealed with them any more and
 *                      they can be removed.
 *   DATA_HASH_KEY      the secret of keyed hashes; when not set, the sealing key's own. Hashes are pseudonyms that
 *                      lookups depend on, so they never rotate with the sealing key: a deployment that had one key
 *                      for both sets DATA_HASH_KEY to that key before it changes DATA_KEY.
 * Each secret is stretched with HKDF into a purpose key (one to encrypt, one to hash), so a hash key never decrypts.
 *
 * A ciphertext is `g1.<key id>.<base64url(iv ‖ ciphertext ‖ tag)>`: the key id (a fingerprint of the secret, not the
 * secret) picks the key of the ring that opens it and names a missing one instead of failing obscurely. Its
 * additional authenticated data is the place it belongs (`<record id>/<field>`), so a ciphertext copied into another
 * record or field does not open.
 *
 * The module imports nothing but Node's crypto, so the local cloud's seeding uses it without loading the SDK.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'crypto'
import { DomainError } from '@core/api/result'

/** The environment variable of the key that seals. */
export const DATA_KEY_VARIABLE = 'DATA_KEY'
/** Its name before every function sealed with it (issue 8: the questionnaire's alone). */
export const LEGACY_DATA_KEY_VARIABLE = 'SURVEY_DATA_KEY'
/** Earlier keys that still open what they sealed. */
export const PREVIOUS_DATA_KEYS_VARIABLE = 'DATA_KEY_PREVIOUS'
/** The secret of keyed hashes. */
export const HASH_KEY_VARIABLE = 'DATA_HASH_KEY'

export interface DataKeys {
  /** Fingerprint of the sealing secret (not the secret): which key sealed a value. */
  id: string
  encryption: Buffer
  hashing: Buffer
  /** Every key that opens, by id: the sealing key and the previous ones. */
  opening: ReadonlyMap<string, Buffer>
}

export type DataKeysResult = { ok: true; keys: DataKeys } | { ok: false; problem: string }

type Env = Readonly<Record<string, string | undefined>>

const KEY_BYTES = 32
const IV_BYTES = 12
const TAG_BYTES = 16
const FORMAT = 'g1'
const BASE64_32_BYTES = /^[A-Za-z0-9+/]{43}=$/

const derive = (secret: Buffer, purpose: string): Buffer => Buffer.from(hkdfSync('sha256', secret, Buffer.alloc(0), `youlin-survey/${purpose}`, KEY_BYTES))

/** The secret written in `variable`, or what is wrong with it (never the value itself). */
function secretOf(variable: string, value: string | undefined): { ok: true; secret: Buffer } | { ok: false; problem: string } {
  if (value === undefined || value.trim() === '') return { ok: false, problem: `environment variable ${variable} is not set` }
  const text = value.trim()
  if (!BASE64_32_BYTES.test(text)) return { ok: false, problem: `environment variable ${variable} must be the base64 of ${KEY_BYTES} random bytes` }
  return { ok: true, secret: Buffer.from(text, 'base64') }
}

const keyIdOf = (secret: Buffer): string => createHash('sha256').update(derive(secret, 'key-id')).digest('hex').slice(0, 8)
const encryptionOf = (secret: Buffer): Buffer => derive(secret, 'answers-aes-256-gcm')

/**
 * The keys of a sealing secret, earlier secrets still to open, and the hash secret (the sealing one when absent), as
 * written in the environment; or what is wrong with them.
 */
export function dataKeysFrom(value: string | undefined, options: { previous?: string; hash?: string; variable?: string } = {}): DataKeysResult {
  const variable = options.variable ?? DATA_KEY_VARIABLE
  const current = secretOf(variable, value)
  if (!current.ok) return current
  const opening = new Map<string, Buffer>()
  const earlier = (options.previous ?? '').split(',').filter((text) => text.trim() !== '')
  for (const text of earlier) {
    const previous = secretOf(PREVIOUS_DATA_KEYS_VARIABLE, text)
    if (!previous.ok) return { ok: false, problem: `environment variable ${PREVIOUS_DATA_KEYS_VARIABLE} must list base64 keys of ${KEY_BYTES} random bytes, separated by commas` }
    opening.set(keyIdOf(previous.secret), encryptionOf(previous.secret))
  }
  let hashSecret = current.secret
  if (options.hash !== undefined && options.hash.trim() !== '') {
    const hash = secretOf(HASH_KEY_VARIABLE, options.hash)
    if (!hash.ok) return hash
    hashSecret = hash.secret
  }
  const id = keyIdOf(current.secret)
  const encryption = encryptionOf(current.secret)
  opening.set(id, encryption)
  return { ok: true, keys: { id, encryption, hashing: derive(hashSecret, 'answers-hmac-sha256'), opening } }
}

/** The keys an environment configures: DATA_KEY (or its old name), DATA_KEY_PREVIOUS, DATA_HASH_KEY. */
export function keyRingFrom(env: Env): DataKeysResult {
  const legacy = !env[DATA_KEY_VARIABLE]?.trim() && !!env[LEGACY_DATA_KEY_VARIABLE]?.trim()
  return dataKeysFrom(legacy ? env[LEGACY_DATA_KEY_VARIABLE] : env[DATA_KEY_VARIABLE], {
    previous: env[PREVIOUS_DATA_KEYS_VARIABLE],
    hash: env[HASH_KEY_VARIABLE],
    variable: legacy ? LEGACY_DATA_KEY_VARIABLE : DATA_KEY_VARIABLE
  })
}

/** A new secret in the form the environment variables take (the local cloud's per-directory keys). */
export const newDataKey = (): string => randomBytes(KEY_BYTES).toString('base64')

const CONFIGURED = [DATA_KEY_VARIABLE, LEGACY_DATA_KEY_VARIABLE, PREVIOUS_DATA_KEYS_VARIABLE, HASH_KEY_VARIABLE] as const
let memo: { values: string; result: DataKeysResult } | undefined

/** The keys of this function's environment, read on every call (a warm instance sees a changed configuration). */
export function environmentKeys(): DataKeysResult {
  const values = CONFIGURED.map((name) => process.env[name] ?? '').join('\n')
  if (!memo || memo.values !== values) memo = { values, result: keyRingFrom(process.env) }
  return memo.result
}

/**
 * The configured keys, for a function that must not store in the clear: while they are not configured it refuses with
 * INTERNAL and `notConfigured` (the person's words), and logs the configuration problem under `fn.where`.
 */
export function requireDataKeys(fnWhere: string, notConfigured: string): DataKeys {
  const keys = environmentKeys()
  if (!keys.ok) {
    console.error(`[${fnWhere}] configuration error: ${keys.problem}`)
    throw new DomainError('INTERNAL', notConfigured)
  }
  return keys.keys
}

/** A stored value that does not open with the configured keys (a key not configured, or altered). */
export class SealError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'SealError'
  }
}

/** `value` (anything JSON can hold) encrypted with the sealing key for the place `context` (`<record id>/<field>`). */
export function seal(keys: DataKeys, value: unknown, context: string): string {
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', keys.encryption, iv)
  cipher.setAAD(Buffer.from(context, 'utf8'))
  const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()])
  return `${FORMAT}.${keys.id}.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')}`
}

/** The id of the key that sealed `sealed`, or undefined when it is not a sealed value. */
export function sealedKeyId(sealed: string): string | undefined {
  const [format, keyId, blob] = sealed.split('.')
  return format === FORMAT && blob !== undefined ? keyId : undefined
}

/** The value sealed for `context`; SealError when its key is not in the ring, it was sealed for another place, or altered. */
export function unseal<T = unknown>(keys: DataKeys, sealed: string, context: string): T {
  const [format, keyId, blob] = sealed.split('.')
  if (format !== FORMAT || blob === undefined) throw new SealError('not a sealed value')
  const key = keys.opening.get(keyId)
  if (!key) throw new SealError(`sealed with key ${keyId}, the configured key is ${keys.id}`)
  const bytes = Buffer.from(blob, 'base64url')
  if (bytes.length < IV_BYTES + TAG_BYTES) throw new SealError('sealed value too short')
  const decipher = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, IV_BYTES))
  decipher.setAAD(Buffer.from(context, 'utf8'))
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES))
  try {
    const plain = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()])
    return JSON.parse(plain.toString('utf8')) as T
  } catch {
    throw new SealError(`sealed value does not open for ${context}`)
  }
}

/** `sealed` sealed again with the sealing key (a rotation); unchanged when that key sealed it already. */
export const reseal = (keys: DataKeys, sealed: string, context: string): string =>
  sealedKeyId(sealed) === keys.id ? sealed : seal(keys, unseal(keys, sealed, context), context)

/** The keyed hash of `material` within `scope` (a survey id, the requesters), hex. */
export const keyedHash = (keys: DataKeys, scope: string, material: string): string =>
  createHmac('sha256', keys.hashing).update(`${scope}\n${material}`, 'utf8').digest('hex')
