/**
 * The data keys (cloudfunctions/_shared/sealing.ts) without a cloud: the ring a rotation relies on — the current key
 * seals, previous keys only open, the hash secret stays put when the sealing key changes, the old variable name still
 * works — and no key material in the repository: no tracked file holds a value in the keys' form next to a key's name,
 * no key file or env file is tracked, and the local cloud's key file lies in an ignored directory.
 */
import { execFileSync } from 'child_process'
import fs from 'fs'
import path from 'path'
import {
  DATA_KEY_VARIABLE,
  HASH_KEY_VARIABLE,
  keyedHash,
  keyRingFrom,
  LEGACY_DATA_KEY_VARIABLE,
  newDataKey,
  PREVIOUS_DATA_KEYS_VARIABLE,
  reseal,
  seal,
  sealedKeyId,
  SealError,
  unseal,
  type DataKeys
} from '../../cloudfunctions/_shared/sealing'
import { SECRETS_FILE } from '../../emulator/function-env'

const REPO = path.resolve(__dirname, '../..')

const ring = (env: Record<string, string>): DataKeys => {
  const keys = keyRingFrom(env)
  if (!keys.ok) throw new Error(keys.problem)
  return keys.keys
}

describe('the key ring', () => {
  const [first, second, third, hash] = [newDataKey(), newDataKey(), newDataKey(), newDataKey()]
  const before = ring({ [DATA_KEY_VARIABLE]: first, [HASH_KEY_VARIABLE]: hash })
  const during = ring({ [DATA_KEY_VARIABLE]: second, [PREVIOUS_DATA_KEYS_VARIABLE]: `${third}, ${first}`, [HASH_KEY_VARIABLE]: hash })
  const after = ring({ [DATA_KEY_VARIABLE]: second, [HASH_KEY_VARIABLE]: hash })

  it('seals with the current key only, and opens with any key of the ring', () => {
    const old = seal(before, { lat: 36.06, lng: 103.83 }, 'need-1/location')
    const fresh = seal(during, '想找律师', 'need-1/text')
    expect(sealedKeyId(old)).toBe(before.id)
    expect(sealedKeyId(fresh)).toBe(during.id)
    expect(unseal(during, old, 'need-1/location')).toEqual({ lat: 36.06, lng: 103.83 })
    expect(unseal(after, fresh, 'need-1/text')).toBe('想找律师')
    expect(() => unseal(after, old, 'need-1/location')).toThrow(new SealError(`sealed with key ${before.id}, the configured key is ${after.id}`))
  })

  it('reseal moves a value to the current key for the same place, and leaves one sealed with it as it is', () => {
    const old = seal(before, '13812345678', 'resp-1/phone')
    const moved = reseal(during, old, 'resp-1/phone')
    expect(sealedKeyId(moved)).toBe(during.id)
    expect(unseal(after, moved, 'resp-1/phone')).toBe('13812345678')
    expect(reseal(during, moved, 'resp-1/phone')).toBe(moved)
    expect(() => reseal(during, old, 'resp-2/phone')).toThrow(SealError)
  })

  it('keeps hashes when the sealing key changes (DATA_HASH_KEY), and uses the sealing key for both when it is not set', () => {
    expect(keyedHash(after, 'service-requesters', 'o-1')).toBe(keyedHash(before, 'service-requesters', 'o-1'))
    const single = ring({ [DATA_KEY_VARIABLE]: first })
    expect(keyedHash(single, 'service-requesters', 'o-1')).not.toBe(keyedHash(before, 'service-requesters', 'o-1'))
    expect(keyedHash(ring({ [DATA_KEY_VARIABLE]: second, [HASH_KEY_VARIABLE]: first }), 's', 'm')).toBe(keyedHash(single, 's', 'm'))
    expect(single.hashing.equals(single.encryption)).toBe(false)
  })

  it('reads the old variable name when DATA_KEY is not set, and prefers DATA_KEY when both are', () => {
    expect(ring({ [LEGACY_DATA_KEY_VARIABLE]: first }).id).toBe(before.id)
    expect(ring({ [LEGACY_DATA_KEY_VARIABLE]: first, [DATA_KEY_VARIABLE]: second }).id).toBe(after.id)
  })

  it('has no default, and names what is wrong without repeating a value', () => {
    expect(keyRingFrom({})).toEqual({ ok: false, problem: 'environment variable DATA_KEY is not set' })
    expect(keyRingFrom({ [LEGACY_DATA_KEY_VARIABLE]: 'short' })).toEqual({ ok: false, problem: 'environment variable SURVEY_DATA_KEY must be the base64 of 32 random bytes' })
    const badPrevious = keyRingFrom({ [DATA_KEY_VARIABLE]: first, [PREVIOUS_DATA_KEYS_VARIABLE]: `${second},oops` })
    expect(badPrevious).toEqual({ ok: false, problem: 'environment variable DATA_KEY_PREVIOUS must list base64 keys of 32 random bytes, separated by commas' })
    const badHash = keyRingFrom({ [DATA_KEY_VARIABLE]: first, [HASH_KEY_VARIABLE]: 'oops' })
    expect(badHash).toEqual({ ok: false, problem: 'environment variable DATA_HASH_KEY must be the base64 of 32 random bytes' })
  })
})

/** A data key's value: base64 of 32 bytes, not part of a longer base64 run. */
const KEY_VALUE = /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{43}=(?![A-Za-z0-9+/=])/
const KEY_NAMES = [DATA_KEY_VARIABLE, LEGACY_DATA_KEY_VARIABLE, PREVIOUS_DATA_KEYS_VARIABLE, HASH_KEY_VARIABLE]
/** A line that gives one of the key variables a value in the keys' form. */
const KEY_ASSIGNMENT = new RegExp(`(?:${KEY_NAMES.join('|')})["']?\\s*[:=]\\s*["']?[A-Za-z0-9+/]{43}=`)
/** Files that hold secrets by convention. */
const SECRET_FILE = /(^|\/)(\.env(\..*)?|keys\.json|.*\.pem|.*\.key|id_rsa.*)$/

/** What of `text` looks like key material: a key variable given a value, or a bare key-shaped value. */
const keyMaterial = (text: string): string[] =>
  text.split('\n').filter((line) => KEY_ASSIGNMENT.test(line) || KEY_VALUE.test(line))

describe('no key material in the repository', () => {
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: REPO, encoding: 'utf8' }).split('\0').filter(Boolean)

  it('the detector finds a key however it is written (so a clean result means something)', () => {
    const key = newDataKey()
    for (const sample of [`DATA_KEY=${key}`, `"SURVEY_DATA_KEY": "${key}"`, `  DATA_HASH_KEY: '${key}'`, `const k = '${key}'`]) {
      expect([sample, keyMaterial(sample).length]).toEqual([sample, 1])
    }
    expect(keyMaterial(`integrity: sha512-${Buffer.alloc(64, 1).toString('base64')}`)).toEqual([])
  })

  it('no tracked file holds a key-shaped value or a key variable set to one', () => {
    expect(tracked.length).toBeGreaterThan(100)
    const found: string[] = []
    for (const file of tracked) {
      const full = path.join(REPO, file)
      if (!fs.existsSync(full) || fs.statSync(full).size > 5_000_000) continue
      const bytes = fs.readFileSync(full)
      if (bytes.includes(0)) continue
      for (const line of keyMaterial(bytes.toString('utf8'))) found.push(`${file}: ${line.trim().slice(0, 120)}`)
    }
    expect(found).toEqual([])
  })

  it('no key file or env file is tracked, and the local cloud keeps its keys in an ignored directory', () => {
    expect(tracked.filter((file) => SECRET_FILE.test(file))).toEqual([])
    const ignored = execFileSync('git', ['check-ignore', path.join('.cloud', SECRETS_FILE)], { cwd: REPO, encoding: 'utf8' })
    expect(ignored.trim()).toBe(path.join('.cloud', SECRETS_FILE))
  })
})
