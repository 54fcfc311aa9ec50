/**
 * The thin-handler framework every cloud function uses (DESIGN.md §2):
 * action → validate input → identify caller → authorise → limit writes → run → `{ok:true,data}` |
 * `{ok:false,code,message}`. The returned `main` never throws to the platform.
 *
 * A write action names its kind of write (`limit`, core/rate-limit.ts) in its table, and the dispatcher counts it per
 * openid before it runs (limits.ts: one database request); a refused write runs nothing. Reads name none and cost
 * nothing more.
 *
 * A function's action table is typed against FunctionApi (core/api), the contract the client compiles against:
 * defineFunction('course', actions) accepts exactly the actions FunctionApi names for `course`, each with a schema
 * that parses to exactly that action's input and a run that answers its output — a missing or extra action, a wrong
 * schema or a wrong answer does not compile (test/types/function-api.ts proves each). The dispatcher below works on
 * the erased table, once those checks are done.
 */
import type { ActionInput, ActionName, ActionOutput, FunctionName } from '@core/api'
import { DomainError, fail, ok, type Fail, type Result } from '@core/api/result'
import { validate, type AnySchema, type Infer, type SchemaOf } from '@core/schema'
import type { WriteKind } from '@core/rate-limit'
import { mayOrganize, type UserDoc } from '@core/user'
import { invocationNow } from './clock'
import { callerOpenid } from './cloud'
import { sharedStore } from './db'
import { admitWrite } from './limits'

/**
 * public: anyone, even without an OPENID; user: any caller with an OPENID; organizer: `roles` has 'organizer' or 'admin'
 * (which centres the caller manages is the action's check, on what it loads: _shared/scope.ts).
 */
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
  /** A write: which budget of the caller's it counts against. Public actions have no caller to count. */
  readonly limit?: A extends 'public' ? never : WriteKind
  readonly run: (ctx: ActionContext<Infer<S>, A>) => Promise<O>
}

/** Declares one action; a function so TypeScript infers `ctx.input` and `ctx.openid` from `input` and `auth`. */
export const action = <S extends AnySchema, A extends Auth, O>(def: ActionDef<S, A, O>): ActionDef<S, A, O> => def

/** An action answering `O` for input `I`, under any of the three kinds of caller. */
type ActionFor<I, O> = { [A in Auth]: ActionDef<SchemaOf<I>, A, O> }[Auth]

/** The action table of function F: every action FunctionApi names for it, each answering its output type. */
export type ActionTable<F extends FunctionName> = { readonly [A in ActionName<F>]: ActionFor<ActionInput<F, A>, ActionOutput<F, A>> }

/** An input without fields, however it is spelled (`{}` from a schema, Record<string, never> in the API). */
type Fields<T> = keyof T extends never ? Record<string, never> : T

/** The same type, not merely assignable: a schema that leaves out an optional field of the input must not pass. */
type Same<X, Y> = (<T>() => T extends Fields<X> ? 1 : 2) extends <T>() => T extends Fields<Y> ? 1 : 2 ? true : false

/** What a mapped type cannot say: no action FunctionApi lacks, and each schema parsing to exactly the API's input. */
type Exact<F extends FunctionName, T> = {
  readonly [A in keyof T]: A extends ActionName<F>
    ? T[A] extends { readonly input: infer S extends AnySchema }
      ? Same<Infer<S>, ActionInput<F, A>> extends true
        ? T[A]
        : { readonly input: { readonly parsesExactlyTo: ActionInput<F, A> } }
      : never
    : { readonly notAnActionOf: F }
}

export type Main = (event: unknown, context?: unknown) => Promise<Result<unknown>>

/** Function `name` serving the actions FunctionApi gives it. */
export function defineFunction<F extends FunctionName, T extends ActionTable<F>>(name: F, actions: T & Exact<F, T>): Main {
  return handlerFor(name, actions)
}

/** An action as the dispatcher sees it: its input and answer types were checked where the table was declared. */
interface ErasedAction {
  readonly input: AnySchema
  readonly auth: Auth
  readonly limit?: WriteKind
  readonly run: (ctx: never) => Promise<unknown>
}

export const INTERNAL_MESSAGE = '服务开小差了，请稍后再试'

/**
 * Keys the platform or the router puts into the event: `action` selects the handler; `userInfo` ({appId, openId})
 * is injected by WeChat on client calls and is never trusted (identity comes from getWXContext).
 */
const ENVELOPE_KEYS = new Set(['action', 'userInfo'])

/**
 * Deeper than any input of the API (a survey definition, the deepest, is about eight levels): a payload nested more
 * than this is refused before anything walks it.
 */
export const MAX_EVENT_DEPTH = 32

/**
 * What no schema should be handed: a `__proto__` key (an assignment of it replaces an object's prototype instead of
 * setting a field, so the schemas would never see it and the call would pass with the key silently gone) and nesting
 * deeper than MAX_EVENT_DEPTH. Answers the first such place as INVALID_INPUT, with its dot path.
 */
function hostileShape(value: object, path: string[]): Fail | undefined {
  if (path.length >= MAX_EVENT_DEPTH) return fail('INVALID_INPUT', '输入的内容层级太深', path.join('.'))
  for (const key of Object.keys(value)) {
    if (key === '__proto__') return fail('INVALID_INPUT', `不支持的字段：${key}`, [...path, key].join('.'))
    const item: unknown = (value as Record<string, unknown>)[key]
    if (typeof item !== 'object' || item === null) continue
    const problem = hostileShape(item, [...path, key])
    if (problem) return problem
  }
  return undefined
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * The dispatcher behind defineFunction, for any table of actions: how the framework itself is tested with actions
 * of its own. A function of the app uses defineFunction, which checks its table against the API.
 */
export function handlerFor(name: string, actions: { readonly [action: string]: ErasedAction }): Main {
  async function invoke(event: unknown, now: number): Promise<Result<unknown>> {
    const envelope = isRecord(event) ? event : {}
    const actionName = envelope.action
    if (typeof actionName !== 'string' || !Object.prototype.hasOwnProperty.call(actions, actionName)) {
      return fail('INVALID_INPUT', '未知的操作', 'action')
    }
    const spec = actions[actionName]
    const hostile = hostileShape(envelope, [])
    if (hostile) return hostile

    const payload: Record<string, unknown> = {}
    for (const key of Object.keys(envelope)) if (!ENVELOPE_KEYS.has(key)) payload[key] = envelope[key]
    const parsed = validate(spec.input, payload)
    if (!parsed.ok) return parsed

    const openid = callerOpenid()
    if (spec.auth !== 'public' && openid === null) return fail('UNAUTHENTICATED', '请先登录')

    let user: UserDoc | undefined
    if (spec.auth === 'organizer') {
      user = (await sharedStore.get('users', openid as string)) ?? undefined
      if (!mayOrganize(user)) return fail('FORBIDDEN', '只有服务中心的组织者可以这样做')
    }

    if (spec.limit !== undefined && openid !== null) {
      const refused = await admitWrite(openid, spec.limit, now)
      if (refused) return refused
    }

    const ctx: ActionContext<unknown, Auth> = { fn: name, action: actionName, input: parsed.value, openid, user, now }
    // The context was built for spec.auth just above: the shape its run was declared with.
    const run = spec.run as (ctx: ActionContext<unknown, Auth>) => Promise<unknown>
    return ok(await run(ctx))
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
