/**
 * Sealing personal answers (cloudfunctions/survey/sealing.ts) and the local cloud's per-directory key
 * (emulator/function-env.ts), without a cloud: what opens, what refuses to, and what the key rules are.
 */
import fs from 'fs'
import os from 'os'
import path from 'path'
import { dataKeysFrom, keyedHash, newDataKey, seal, SealError, unseal, type DataKeys } from '../../cloudfunctions/_shared/sealing'
import { openAnswers, sealAnswers } from '../../cloudfunctions/survey/sealing'
import { localSecrets, SECRETS_FILE } from '../../emulator/function-env'

const keysOf = (secret: string): DataKeys => {
  const result = dataKeysFrom(secret)
  if (!result.ok) throw new Error(result.problem)
  return result.keys
}

const keys = keysOf(newDataKey())
const other = keysOf(newDataKey())

describe('the data key', () => {
  it('is required, and must be the base64 of 32 bytes; the problem never repeats the value', () => {
    expect(dataKeysFrom(undefined)).toEqual({ ok: false, problem: 'environment variable DATA_KEY is not set' })
    expect(dataKeysFrom('  ')).toEqual({ ok: false, problem: 'environment variable DATA_KEY is not set' })
    const short = Buffer.alloc(16, 7).toString('base64')
    expect(dataKeysFrom(short)).toEqual({ ok: false, problem: 'environment variable DATA_KEY must be the base64 of 32 random bytes' })
    expect(dataKeysFrom(newDataKey()).ok).toBe(true)
  })

  it('derives different keys for encrypting and hashing, and a fingerprint that is not the secret', () => {
    const secret = newDataKey()
    const derived = keysOf(secret)
    expect(derived.encryption.equals(derived.hashing)).toBe(false)
    expect(derived.encryption.equals(Buffer.from(secret, 'base64'))).toBe(false)
    expect(derived.id).toMatch(/^[0-9a-f]{8}$/)
    expect(keysOf(secret).id).toBe(derived.id)
  })
})

describe('sealed answers', () => {
  it('open with the same key at the same place, whatever kind of answer', () => {
    for (const value of ['13812345678', ['甘肃省', '兰州市'], { lat: 36.06, lng: 103.83 }, 42, true]) {
      const sealed = seal(keys, value, 'resp-1/phone')
      expect(sealed).toMatch(new RegExp(`^g1\\.${keys.id}\\.`))
      expect(unseal(keys, sealed, 'resp-1/phone')).toEqual(value)
    }
  })

  it('never look alike twice, and do not open with another key, at another place, or altered', () => {
    const a = seal(keys, '13812345678', 'resp-1/phone')
    expect(seal(keys, '13812345678', 'resp-1/phone')).not.toBe(a)
    expect(() => unseal(other, a, 'resp-1/phone')).toThrow(new SealError(`sealed with key ${keys.id}, the configured key is ${other.id}`))
    expect(() => unseal(keys, a, 'resp-2/phone')).toThrow(SealError)
    expect(() => unseal(keys, a, 'resp-1/name')).toThrow(SealError)
    const blob = Buffer.from(a.split('.')[2], 'base64url')
    blob[blob.length - 20] ^= 1
    expect(() => unseal(keys, `g1.${keys.id}.${blob.toString('base64url')}`, 'resp-1/phone')).toThrow(SealError)
  })

  it('a record seals each personal answer with its mask and, for identifying classes, a hash scoped to the survey', () => {
    const sealed = sealAnswers(keys, 'survey-a', 'resp-1', [
      { questionId: 'phone', pii: 'phone', sensitive: false, value: '13812345678', masked: '138****5678', hashMaterial: 'phone:13812345678' },
      { questionId: 'name', pii: 'name', sensitive: false, value: '王师傅', masked: '王**' }
    ])
    expect(sealed.phone).toMatchObject({ pii: 'phone', masked: '138****5678', hash: keyedHash(keys, 'survey-a', 'phone:13812345678') })
    expect(sealed.name).not.toHaveProperty('hash')
    expect(openAnswers(keys, 'resp-1', sealed)).toEqual({ phone: '13812345678', name: '王师傅' })
    expect(keyedHash(keys, 'survey-b', 'phone:13812345678')).not.toBe(sealed.phone.hash)
    expect(keyedHash(other, 'survey-a', 'phone:13812345678')).not.toBe(sealed.phone.hash)
  })
})

describe("the local cloud's key per data directory", () => {
  it('is made once, kept owner-only, and read back; an in-memory store gets a fresh one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'youlin-secrets-'))
    try {
      const first = localSecrets(dir)
      expect(fs.statSync(path.join(dir, SECRETS_FILE)).mode & 0o777).toBe(0o600)
      expect(localSecrets(dir)).toEqual(first)
      expect(dataKeysFrom(first.DATA_KEY).ok).toBe(true)
      expect(dataKeysFrom(first.DATA_HASH_KEY).ok).toBe(true)
      expect(localSecrets(':memory:').DATA_KEY).not.toBe(localSecrets(':memory:').DATA_KEY)
      fs.writeFileSync(path.join(dir, SECRETS_FILE), JSON.stringify({ DATA_KEY: 'broken' }))
      expect(() => localSecrets(dir)).toThrow('must be the base64 of 32 random bytes')
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
