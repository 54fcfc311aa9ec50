/**
 * Environment variables the local cloud gives its functions, in place of what a deployment sets in the CloudBase
 * console (云函数 → 环境变量). Only the local cloud has these — deployed functions without the variables log a
 * configuration error and send nothing (templates) or serve nothing (the survey data key) — and a value already in the
 * environment (a developer's own) is kept.
 *
 * Two kinds:
 *   - defaults (`LOCAL_FUNCTION_ENV`): the same for every local cloud;
 *   - secrets (`localSecrets`): generated per data directory and kept in `<CLOUD_DATA>/keys.json` (mode 0600), never
 *     in the repository, so data sealed with a key is readable after a restart and a fresh directory gets keys of its
 *     own; an in-memory store gets fresh random keys per process. The functions seal personal data with `DATA_KEY` and
 *     hash with `DATA_HASH_KEY` (_shared/sealing.ts), and the demo data is sealed with the same keys (seed.ts), so
 *     seeded answers and needs open like submitted ones. A directory made before the key was shared holds
 *     `SURVEY_DATA_KEY` alone, which the functions still read as the key for both.
 */
import fs from 'fs'
import path from 'path'
import { DATA_KEY_VARIABLE, HASH_KEY_VARIABLE, keyRingFrom, newDataKey, type DataKeys } from '../cloudfunctions/_shared/sealing'

export const LOCAL_FUNCTION_ENV: Readonly<Record<string, string>> = Object.freeze({
  // Subscribe-message template ids: the local cloud accepts any id and records each message in `outbox`.
  SUBSCRIBE_TEMPLATE_CONFIRMED: 'local-booking-confirmed',
  SUBSCRIBE_TEMPLATE_REMINDER: 'local-class-reminder',
  SUBSCRIBE_TEMPLATE_PROMOTED: 'local-waitlist-promoted',
  SUBSCRIBE_TEMPLATE_NEED_PROGRESS: 'local-need-progress',
  SUBSCRIBE_TEMPLATE_REFERRAL_TASK: 'local-referral-task'
})

type Env = Readonly<Record<string, string | undefined>>

/** The defaults the environment does not set already. */
export const localFunctionEnv = (env: Env = process.env): Record<string, string> =>
  Object.fromEntries(Object.entries(LOCAL_FUNCTION_ENV).filter(([name]) => !env[name]))

/** The file holding a data directory's secrets. */
export const SECRETS_FILE = 'keys.json'

const newSecrets = (): Record<string, string> => ({ [DATA_KEY_VARIABLE]: newDataKey(), [HASH_KEY_VARIABLE]: newDataKey() })

/** The stored secrets, or undefined when the file is missing; a file that is there but broken is an error to fix. */
function readSecrets(file: string): Record<string, string> | undefined {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw err
  }
  const parsed = JSON.parse(text) as Record<string, unknown>
  const secrets = Object.fromEntries(Object.entries(parsed).filter((entry): entry is [string, string] => typeof entry[1] === 'string'))
  const keys = keyRingFrom(secrets)
  if (!keys.ok) throw new Error(`${file}: ${keys.problem}`)
  return secrets
}

/**
 * The secrets of the store in `dataDir` (':memory:' → fresh ones), creating and keeping them on first use. Two
 * processes starting on one new directory agree: the file is created exclusively and the loser reads the winner's.
 */
export function localSecrets(dataDir: string): Record<string, string> {
  if (dataDir === ':memory:') return newSecrets()
  const file = path.join(dataDir, SECRETS_FILE)
  const stored = readSecrets(file)
  if (stored) return stored
  fs.mkdirSync(dataDir, { recursive: true })
  const secrets = newSecrets()
  try {
    fs.writeFileSync(file, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600, flag: 'wx' })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    return readSecrets(file) as Record<string, string>
  }
  return secrets
}

/** The secrets of `dataDir` that the environment does not set already. */
export const localSecretEnv = (secrets: Readonly<Record<string, string>>, env: Env = process.env): Record<string, string> =>
  Object.fromEntries(Object.entries(secrets).filter(([name]) => !env[name]))

/** The data keys functions in this process see: the environment's own variables, else the data directory's. */
export function localDataKeys(secrets: Readonly<Record<string, string>>, env: Env = process.env): DataKeys {
  const keys = keyRingFrom({ ...secrets, ...Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== '')) })
  if (!keys.ok) throw new Error(`data keys: ${keys.problem}`)
  return keys.keys
}
