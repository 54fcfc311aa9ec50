/**
 * The one wx-server-sdk instance of a function bundle, initialised once at module load (a warm instance reuses it).
 * Everything that talks to the platform goes through here, so a function file never calls `cloud.init` itself.
 */
import cloud from 'wx-server-sdk'

// The SDK types `env` as a string but documents the DYNAMIC_CURRENT_ENV symbol: "the environment this function runs in".
cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV as unknown as string })

export { cloud }

/**
 * The openapi calls the functions make, typed after WeChat's server API reference: the SDK types `cloud.openapi` as
 * `Record<string, any>`, which would let a misspelt method or field through to run time.
 */
export interface OpenApi {
  security: {
    /** v2 (scenes: TextScene in security.ts); `result.suggest` is pass | review | risky. */
    msgSecCheck(req: { content: string; version: 2; scene: 1 | 2 | 3 | 4; openid: string }): Promise<{ result?: { suggest?: string } }>
  }
  subscribeMessage: {
    send(req: {
      touser: string
      templateId: string
      page?: string
      data: Record<string, { value: string }>
      miniprogramState?: 'developer' | 'trial' | 'formal'
    }): Promise<unknown>
  }
}

export const openapi = cloud.openapi as OpenApi

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
