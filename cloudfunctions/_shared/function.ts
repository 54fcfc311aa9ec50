/**
 * The thin-handler framework every cloud function uses (DESIGN.md §2):
 * action → validate input → identify caller → authorise → run → `{ok:true,data}` | `{ok:false,code,message}`.
 * The returned `main` never throws to the platform.
 */
import { DomainError, fail, ok, type Fail, type Result } from '@core/api/result'
import { validate, type AnySchema, type Infer } from '@core/schema'
import { hasRole, type UserDoc } from '@core/user'
import { invocationNow } from './clock'
import { callerOpenid } from './cloud'
import { getDoc } from './db'

/** public: anyone, even without an OPENID; user: any caller with an OPENID; organizer: `roles` has 'organizer'. */
export type Auth = 'public' | 'user' | 'organizer'

export interface ActionContext<I = unknown, A extends Auth = Auth> {
  /** Function name, e.g. 'user'. */
  readonly fn: string
  readonly action: string
  readonly input: I
  /** From `cloud.getWXContext()` only, never from the payload. */
  readonly openid: A extends 'public' ? string | null : string
  /** The caller's `users` document, loaded only for organizer actions (the read that authorised the call). */
  readonly user: A extends 'organizer' ? UserDoc : undefined
  /** When this invocation started, epoch ms: one clock reading per invocation keeps its writes consistent. */
  readonly now: number
}

export interface ActionDef<S extends AnySchema, A extends Auth, O> {
  readonly input: S
  readonly auth: A
  readonly run: (ctx: ActionContext<Infer<S>, A>) => Promise<O>
}

/** Declares one action; a function so TypeScript infers `ctx.input` and `ctx.openid` from `input` and `auth`. */
export const action = <S extends AnySchema, A extends Auth, O>(def: ActionDef<S, A, O>): ActionDef<S, A, O> => def

// `any` output because a function's actions return unrelated types.
type AnyAction = ActionDef<AnySchema, Auth, any>

export interface FunctionDef {
  /** The function's name, for logs and audit entries. */
  name: string
  actions: Record<string, AnyAction>
}

export type Main = (event: unknown, context?: unknown) => Promise<Result<unknown>>

export const INTERNAL_MESSAGE = '服务开小差了，请稍后再试'

/**
 * Keys the platform or the router puts into the event: `action` selects the handler; `userInfo` ({appId, openId})
 * is injected by WeChat on client calls and is never trusted (identity comes from getWXContext).
 */
const ENVELOPE_KEYS = new Set(['action', 'userInfo'])

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

export function defineFunction(def: FunctionDef): Main {
  const { name, actions } = def

  async function invoke(event: unknown, now: number): Promise<Result<unknown>> {
    const envelope = isRecord(event) ? event : {}
    const actionName = envelope.action
    if (typeof actionName !== 'string' || !Object.prototype.hasOwnProperty.call(actions, actionName)) {
      return fail('INVALID_INPUT', '未知的操作', 'action')
    }
    const spec = actions[actionName]

    const payload: Record<string, unknown> = {}
    for (const key of Object.keys(envelope)) if (!ENVELOPE_KEYS.has(key)) payload[key] = envelope[key]
    const parsed = validate(spec.input, payload)
    if (!parsed.ok) return parsed

    const openid = callerOpenid()
    if (spec.auth !== 'public' && openid === null) return fail('UNAUTHENTICATED', '请先登录')

    let user: UserDoc | undefined
    if (spec.auth === 'organizer') {
      user = (await getDoc('users', openid as string)) ?? undefined
      if (!hasRole(user, 'organizer')) return fail('FORBIDDEN', '只有服务中心的组织者可以这样做')
    }

    const ctx = { fn: name, action: actionName, input: parsed.value, openid, user, now }
    return ok(await spec.run(ctx as ActionContext<unknown, Auth>))
  }

  return async function main(event: unknown, context?: unknown): Promise<Result<unknown>> {
    try {
      return await invoke(event, invocationNow(context))
    } catch (err) {
      if (err instanceof DomainError) return fail(err.code, err.message, err.field)
      const action = isRecord(event) ? String(event.action) : '?'
      console.error(`[${name}.${action}] failed:`, err instanceof Error ? err.stack ?? err.message : err)
      const internal: Fail = { ok: false, code: 'INTERNAL', message: INTERNAL_MESSAGE }
      return internal
    }
  }
}
