/**
 * Input validation shared by client forms and cloud functions, so each input rule exists once. The schemas are zod
 * schemas (`zod/mini`: its functional API tree-shakes, which keeps the mini-program's main package small), built with
 * the helpers below so every one carries a Chinese label. zod checks; this module words the result: `validate`
 * answers `{ok:true, value}` or the API's Fail whose message names the field by its chain of labels
 * ("预约规则的提前开放小时数不能小于1") and whose `field` is the input's dot path (`freeTimes.2.from`).
 *
 * Rules zod does not have in this form live here too: lengths count characters as people do (an emoji is one), text
 * never carries invisible control characters, an instant is epoch milliseconds within the app's years, and `null`
 * counts as an absent key (JSON has no `undefined`). Objects are strict: a client cannot smuggle fields like `roles`.
 */
import * as z from 'zod/mini'
import type { $ZodIssue } from 'zod/v4/core'
import type { Fail } from './api/result'

// Mini-program engines forbid `new Function`; zod would otherwise probe for it to compile fast object parsers.
z.config({ jitless: true })

export type Checked<T> = { ok: true; value: T } | Fail

/** Any schema built here (or any zod/mini schema). */
export type AnySchema = z.ZodMiniType
/** A schema whose parsed value is a T. */
export type SchemaOf<T> = z.ZodMiniType<T>
export type Infer<S extends AnySchema> = z.output<S>

type Kind = 'string' | 'number' | 'int' | 'boolean' | 'literal' | 'enum' | 'instant' | 'array' | 'object'

interface Meta {
  kind: Kind
  label: string
  /** Said after a bound, e.g. '人' → `不能少于1人`. */
  unit?: string
  /** Replaces every message of a literal (e.g. a consent that must be given). */
  message?: string
  /** Picked on a list or a map rather than typed: a missing one is asked for with 请选择, not 请填写. */
  picked?: boolean
}

const metas = z.registry<Meta>()

function labelled<S extends AnySchema>(schema: S, meta: Meta): S {
  metas.add(schema, meta)
  return schema
}

/** The Chinese label a schema was built with ('' for an unlabelled object). */
export const labelOf = (schema: AnySchema): string => metas.get(schema)?.label ?? ''

/** A problem found by a `refine` rule; `path` is relative to the refined value. */
export interface Issue {
  message: string
  path?: (string | number)[]
}

/** What our own checks put into a zod issue's params, so the wording happens in one place (`wording`). */
type Rule =
  | { rule: 'controls' }
  | { rule: 'empty' }
  | { rule: 'min'; min: number }
  | { rule: 'max'; max: number }
  | { rule: 'pattern'; hint: string }
  | { rule: 'instant' | 'early' | 'late' }
  | { rule: 'refine'; message: string }

/**
 * What text never carries: C0/C1 controls and the Unicode line/paragraph separators (invisible, and they break
 * single-line UI); the bidirectional controls (a right-to-left override makes a name or title shown to others read
 * otherwise than what was typed); and lone surrogates (`\p{Cs}` under the `u` flag: not characters at all, and UTF-8
 * storage turns them into U+FFFD, so what is stored would differ from what was accepted). Emoji sequences keep their
 * zero-width joiners.
 */
const INVISIBLE = '\\p{Cc}\\p{Cs}\\u2028\\u2029\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069'
const CONTROL_CHARS = new RegExp(`[${INVISIBLE}]`, 'u')
/** The same, but a multi-line text may keep newlines and tabs. */
const CONTROL_CHARS_MULTILINE = new RegExp(`(?![\\t\\n\\r])[${INVISIBLE}]`, 'u')

/** Length in characters as people count them: an emoji or a rare CJK character counts once. */
export const charLength = (s: string): number => {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) i++
    }
    n++
  }
  return n
}

/** A check that reports at most one of our rules (the first that fails). */
const ruleCheck = <T>(find: (value: T) => Rule | undefined) =>
  z.superRefine<T>((value, ctx) => {
    const params = find(value)
    if (params) ctx.addIssue({ code: 'custom', input: value, params })
  })

export interface StringOptions {
  label: string
  /** Default true: surrounding whitespace is removed before the other rules run. */
  trim?: boolean
  min?: number
  max?: number
  pattern?: RegExp
  /** Said after the field's name when `pattern` does not match; default '格式不正确'. */
  patternHint?: string
  /** Allow newlines and tabs (default false: no control characters at all). */
  multiline?: boolean
  /** Chosen from a list rather than typed (a category, a centre): missing, it is asked for with 请选择. */
  picked?: boolean
}

export function string(opts: StringOptions): z.ZodMiniString<string> {
  const { label, trim = true, min = 0, max, pattern, patternHint = '格式不正确', multiline = false, picked } = opts
  const controls = multiline ? CONTROL_CHARS_MULTILINE : CONTROL_CHARS
  const rules = ruleCheck<string>((value) => {
    if (controls.test(value)) return { rule: 'controls' }
    const len = charLength(value)
    if (len < min) return min === 1 ? { rule: 'empty' } : { rule: 'min', min }
    if (max !== undefined && len > max) return { rule: 'max', max }
    if (pattern && !pattern.test(value)) return { rule: 'pattern', hint: patternHint }
    return undefined
  })
  const schema = trim ? z.string().check(z.trim(), rules) : z.string().check(rules)
  return labelled(schema, { kind: 'string', label, picked })
}

export interface NumberOptions {
  label: string
  min?: number
  max?: number
  /** Message suffix unit for bounds, e.g. '人' → `不能小于1人`. */
  unit?: string
}

const bounds = ({ min, max }: NumberOptions) => [
  ...(min === undefined ? [] : [z.gte(min)]),
  ...(max === undefined ? [] : [z.lte(max)])
]

export const number = (opts: NumberOptions): z.ZodMiniNumber<number> =>
  labelled(z.number().check(...bounds(opts)), { kind: 'number', label: opts.label, unit: opts.unit })

export const int = (opts: NumberOptions): z.ZodMiniNumber<number> =>
  labelled(z.int().check(...bounds(opts)), { kind: 'int', label: opts.label, unit: opts.unit })

export const boolean = (opts: { label: string }): z.ZodMiniBoolean<boolean> =>
  labelled(z.boolean(), { kind: 'boolean', label: opts.label })

type Primitive = string | number | boolean

export const literal = <const V extends Primitive>(value: V, opts: { label: string; message?: string }): z.ZodMiniLiteral<V> =>
  labelled(z.literal(value), { kind: 'literal', label: opts.label, message: opts.message })

/** One of a fixed list of values (strings or numbers). */
export const oneOf = <const V extends readonly Primitive[]>(values: V, opts: { label: string }): z.ZodMiniLiteral<V[number]> =>
  labelled(z.literal(values), { kind: 'enum', label: opts.label })

/** Earliest and latest instants the app accepts: anything outside is a unit mistake (seconds, not ms) or garbage. */
const MIN_INSTANT = Date.UTC(2000, 0, 1)
const MAX_INSTANT = Date.UTC(2100, 0, 1)

/** A point in time as epoch milliseconds (DESIGN.md: fields named `*At`). */
export function instant(opts: { label: string; min?: number; max?: number }): z.ZodMiniNumber<number> {
  const lo = opts.min ?? MIN_INSTANT
  const hi = opts.max ?? MAX_INSTANT
  const rules = ruleCheck<number>((at) => {
    if (!Number.isInteger(at) || at < MIN_INSTANT || at >= MAX_INSTANT) return { rule: 'instant' }
    if (at < lo) return { rule: 'early' }
    if (at > hi) return { rule: 'late' }
    return undefined
  })
  return labelled(z.number().check(rules), { kind: 'instant', label: opts.label })
}

export function array<S extends AnySchema>(item: S, opts: { label: string; min?: number; max?: number }): z.ZodMiniArray<S> {
  const checks = [...(opts.min ? [z.minLength(opts.min)] : []), ...(opts.max === undefined ? [] : [z.maxLength(opts.max)])]
  return labelled(z.array(item).check(...checks), { kind: 'array', label: opts.label })
}

type Shape = Record<string, AnySchema>

/** An object with exactly these keys: an unknown key is rejected. */
export const object = <S extends Shape>(shape: S, opts: { label?: string; picked?: boolean } = {}): z.ZodMiniObject<S, z.core.$strict> =>
  labelled(z.strictObject(shape), { kind: 'object', label: opts.label ?? '', picked: opts.picked })

/** The key may be absent (and `null` counts as absent). */
export const optional = <S extends AnySchema>(inner: S): z.ZodMiniOptional<S> => z.optional(inner)

/**
 * Adds a rule across the value (e.g. windows must not overlap). The rule returns an Issue, or undefined if fine. It
 * runs only on a value whose parts all passed, so it may rely on their formats.
 */
export function refine<S extends AnySchema>(inner: S, rule: (value: Infer<S>) => Issue | undefined): S {
  const checked = inner.check(
    z.superRefine<Infer<S>>(
      (value, ctx) => {
        const issue = rule(value)
        if (issue) ctx.addIssue({ code: 'custom', input: value, path: issue.path ?? [], params: { rule: 'refine', message: issue.message } })
      },
      { when: (payload) => payload.issues.length === 0 }
    )
  )
  const meta = metas.get(inner)
  return meta ? labelled(checked, meta) : checked
}

/** Inputs nested deeper than this are left for the schema to reject (none of ours is this deep). */
const MAX_DEPTH = 32

/**
 * The input as the schemas read it: own keys only (an inherited `roles` is not a field), keys holding `null` or
 * `undefined` dropped (absent), on objects without a prototype (so a `__proto__` key is just an unknown field).
 */
function normalized(input: unknown, depth = 0): unknown {
  if (input === null) return undefined
  if (typeof input !== 'object' || depth > MAX_DEPTH) return input
  if (Array.isArray(input)) return input.map((item) => normalized(item, depth + 1))
  const out = Object.create(null) as Record<string, unknown>
  for (const key of Object.keys(input)) {
    const value = (input as Record<string, unknown>)[key]
    if (value !== null && value !== undefined) out[key] = normalized(value, depth + 1)
  }
  return out
}

type Node = { _zod: { def: { type: string; shape?: Shape; element?: AnySchema; innerType?: AnySchema; in?: AnySchema } } }

/** Looks through wrappers (optional, pipes) to the schema that holds the shape or element. */
function unwrapped(schema: AnySchema): AnySchema {
  let node = schema
  for (;;) {
    const def = (node as unknown as Node)._zod.def
    const inner = def.innerType ?? (def.type === 'pipe' ? def.in : undefined)
    if (!inner) return node
    node = inner
  }
}

/** The schema at `path` under `root` and its chain of labels ('场次第1项的开始时间'); stops at an unknown key. */
function position(root: AnySchema, path: readonly PropertyKey[]): { schema: AnySchema; name: string } {
  let schema = root
  let name = labelOf(unwrapped(root))
  for (const key of path) {
    const def = (unwrapped(schema) as unknown as Node)._zod.def
    if (def.type === 'object' && def.shape && typeof key === 'string' && Object.prototype.hasOwnProperty.call(def.shape, key)) {
      schema = def.shape[key]
      const own = labelOf(unwrapped(schema))
      name = name ? `${name}的${own}` : own
    } else if (def.type === 'array' && def.element && typeof key === 'number') {
      name = `${name || '输入'}第${key + 1}项`
      schema = def.element
    } else {
      break
    }
  }
  return { schema: unwrapped(schema), name: name || '输入' }
}

/** One zod issue in the words a person reads. */
function wording(issue: $ZodIssue, root: AnySchema): { message: string; path: PropertyKey[] } {
  const path = [...issue.path]
  if (issue.code === 'unrecognized_keys') {
    const key = issue.keys[0]
    return { message: `不支持的字段：${key}`, path: [...path, key] }
  }
  const { schema, name } = position(root, path)
  const meta = metas.get(schema)
  const kind = meta?.kind
  const unit = meta?.unit ?? ''
  const input: unknown = 'input' in issue ? issue.input : undefined
  const missing = input === undefined || input === null
  const say = (message: string) => ({ message, path })
  switch (issue.code) {
    case 'custom': {
      const params = issue.params as Rule | undefined
      switch (params?.rule) {
        case 'controls':
          return say(`${name}包含不可见的特殊字符`)
        case 'empty':
          return say(`${meta?.picked ? '请选择' : '请填写'}${name}`)
        case 'min':
          return say(`${name}至少${params.min}个字`)
        case 'max':
          return say(`${name}最多${params.max}个字`)
        case 'pattern':
          return say(`${name}${params.hint}`)
        case 'instant':
          return say(`${name}不是有效的时间`)
        case 'early':
          return say(`${name}太早了`)
        case 'late':
          return say(`${name}太晚了`)
        case 'refine':
          return say(params.message)
        default:
          return say(`${name}格式不正确`)
      }
    }
    case 'invalid_type':
      if (missing) {
        if (kind === 'literal' && meta?.message) return say(meta.message)
        const choose = meta?.picked === true || kind === 'boolean' || kind === 'enum' || kind === 'literal' || kind === 'instant'
        return say(choose ? `请选择${name}` : `请填写${name}`)
      }
      switch (kind) {
        case 'string':
          return say(`${name}必须是文字`)
        case 'int':
          return say(typeof input === 'number' && Number.isFinite(input) ? `${name}必须是整数` : `${name}必须是数字`)
        case 'number':
          return say(`${name}必须是数字`)
        case 'boolean':
          return say(`${name}只能是“是”或“否”`)
        case 'instant':
          return say(`${name}不是有效的时间`)
        case 'literal':
          return say(meta?.message ?? `${name}不正确`)
        case 'enum':
          return say(`${name}不在可选范围内`)
        default:
          return say(`${name}格式不正确`)
      }
    case 'invalid_value':
      return say(kind === 'literal' ? (meta?.message ?? `${name}不正确`) : `${name}不在可选范围内`)
    case 'too_small':
      if (issue.origin === 'array') return say(Number(issue.minimum) === 1 ? `请至少填写一项${name}` : `${name}至少${issue.minimum}项`)
      return say(`${name}不能小于${issue.minimum}${unit}`)
    case 'too_big':
      if (issue.origin === 'array') return say(`${name}最多${issue.maximum}项`)
      return say(`${name}不能大于${issue.maximum}${unit}`)
    default:
      return say(`${name}格式不正确`)
  }
}

const toFail = ({ message, path }: { message: string; path: PropertyKey[] }): Fail => {
  const field = path.map(String).join('.')
  return field === '' ? { ok: false, code: 'INVALID_INPUT', message } : { ok: false, code: 'INVALID_INPUT', message, field }
}

/** Unknown fields are named before anything else, the outermost first: they say the whole input is not ours. */
const order = (a: $ZodIssue, b: $ZodIssue): number =>
  Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys') ||
  (a.code === 'unrecognized_keys' ? a.path.length - b.path.length : 0)

/** Every problem with `input`, in the order a form shows them (empty when it is valid). */
export function problems(schema: AnySchema, input: unknown): Fail[] {
  const result = schema.safeParse(normalized(input), { reportInput: true })
  if (result.success) return []
  return [...result.error.issues].sort(order).map((issue) => toFail(wording(issue, schema)))
}

/** The value as the schema outputs it (trimmed, unknown-free), or the first problem as a Fail. */
export function validate<S extends AnySchema>(schema: S, input: unknown): Checked<Infer<S>> {
  const result = schema.safeParse(normalized(input), { reportInput: true })
  if (result.success) return { ok: true, value: result.data }
  const first = [...result.error.issues].sort(order)[0]
  return toFail(wording(first, schema))
}
