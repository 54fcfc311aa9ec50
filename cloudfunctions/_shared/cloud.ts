/**
 * The one wx-server-sdk instance of a function bundle, initialised once at module load (a warm instance reuses it).
 * Everything that talks to the platform goes through here, so a function file never calls `cloud.init` itself.
 */
import cloud from 'wx-server-sdk'

// The SDK types `env` as a string but documents the DYNAMIC_CURRENT_ENV symbol: "the environment this function runs in".
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string })

export { cloud }

/**
 * The database. `throwOnNotFound: false` makes `doc(id).get()` resolve `{data: null}` for a missing document instead
 * of rejecting, so "does it exist?" costs one request and no exception.
 */
export const db = cloud.database({ throwOnNotFound: false } as Parameters<typeof cloud.database>[0])

export const _ = db.command

export type Database = typeof db
export type Collection = ReturnType<Database['collection']>

/** The caller's trusted openid from the platform context, or null for a caller without one (timer, web visitor). */
export function callerOpenid(): string | null {
  const { OPENID } = cloud.getWXContext()
  return typeof OPENID === 'string' && OPENID !== '' ? OPENID : null
}
