/**
 * A cloud function's `config.json`, as WeChat DevTools and the CloudBase CLI read it:
 * - `permissions.openapi`: the cloud-call (云调用) APIs the function may use, e.g. `"subscribeMessage.send"`;
 * - `triggers`: timer triggers `{name, type: 'timer', config: '<7-field cron>'}`;
 * - `timeout`: seconds (copied into cloudbaserc.json; the local cloud reports it in the SCF context).
 * The build checks it (a malformed file fails the build, not the deployment); the local cloud reads it through here too.
 */
import fs from 'fs'
import path from 'path'

/** CloudBase's default function timeout, used when config.json names none. */
export const DEFAULT_TIMEOUT_S = 10
/** The memory every function deploys with; the functions are thin handlers over the database. */
export const FUNCTION_MEMORY_MB = 256

export interface TriggerConfig {
  name: string
  type: 'timer'
  config: string
}

export interface FunctionConfig {
  permissions?: { openapi?: string[] }
  triggers?: TriggerConfig[]
  timeout?: number
}

const TRIGGER_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,59}$/

/** Reads and checks `<dir>/config.json`; a function without one has no permissions and no triggers. */
export function readFunctionConfig(dir: string): FunctionConfig {
  const file = path.join(dir, 'config.json')
  if (!fs.existsSync(file)) return {}
  let raw: unknown
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch (e) {
    throw Object.assign(new Error(`${file}: not valid JSON (${(e as Error).message})`), { cause: e })
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error(`${file}: expected a JSON object`)
  const config = raw as Record<string, unknown>
  const out: FunctionConfig = {}
  if (config.permissions !== undefined) {
    if (!config.permissions || typeof config.permissions !== 'object') throw new Error(`${file}: permissions must be an object`)
    const openapi = (config.permissions as { openapi?: unknown }).openapi
    if (openapi !== undefined && (!Array.isArray(openapi) || openapi.some((a) => typeof a !== 'string'))) {
      throw new Error(`${file}: permissions.openapi must be an array of API names`)
    }
    out.permissions = { openapi: (openapi as string[] | undefined) ?? [] }
  }
  if (config.triggers !== undefined) {
    if (!Array.isArray(config.triggers)) throw new Error(`${file}: triggers must be an array`)
    // CloudBase accepts one trigger per function; a second would only fail at deploy time.
    if (config.triggers.length > 1) throw new Error(`${file}: CloudBase allows one timer trigger per function`)
    out.triggers = config.triggers.map((raw: unknown): TriggerConfig => {
      const t = (raw && typeof raw === 'object' ? raw : {}) as Partial<Record<keyof TriggerConfig, unknown>>
      if (t.type !== 'timer') throw new Error(`${file}: only timer triggers exist on CloudBase`)
      if (typeof t.name !== 'string' || !TRIGGER_NAME.test(t.name)) throw new Error(`${file}: bad trigger name ${JSON.stringify(t.name)}`)
      if (typeof t.config !== 'string') throw new Error(`${file}: trigger ${t.name} needs a cron expression in "config"`)
      return { name: t.name, type: 'timer', config: t.config }
    })
  }
  if (config.timeout !== undefined) {
    if (typeof config.timeout !== 'number' || config.timeout <= 0) throw new Error(`${file}: timeout must be a positive number of seconds`)
    out.timeout = config.timeout
  }
  return out
}
