/**
 * A small typed validation library shared by client forms and cloud functions, so each input rule exists once.
 * Schemas are plain objects; `parse` returns `{ok:true, value}` or the API's Fail with a Chinese message that names
 * the field by its label, and `field` = the dot path of the offending input (e.g. `freeTimes.2.from`).
 */
import type { Fail } from './api/result'

export type Checked<T> = { ok: true; value: T } | Fail

type PathKey = string | number

/** Where a value sits in the input: its path, and the Chinese label a message should use for it. */
export interface Where {
  readonly path: readonly PathKey[]
  readonly label: string
}

export interface Schema<T, O extends boolean = false> {
  readonly kind: string
  readonly label: string
  /** true only for `optional(...)`: an object may omit the key. */
  readonly optional: O
  check(input: unknown, at: Where): Checked<T>
  parse(input: unknown): Checked<T>
}

// `any` because a shape holds schemas of unrelated value types.
export type AnySchema = Schema<any, boolean>

export type Infer<S> = S extends Schema<infer T, boolean> ? T : never

type Shape = Record<string, AnySchema>
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K]['optional'] extends true ? K : never }[keyof S]
type RequiredKeys<S extends Shape> = Exclude<keyof S, OptionalKeys<S>>
type Flatten<T> = { [K in keyof T]: T[K] } & {}
export type ObjectOutput<S extends Shape> = Flatten<
  { [K in RequiredKeys<S>]: Infer<S[K]> } & { [K in OptionalKeys<S>]?: Exclude<Infer<S[K]>, undefined> }
>

export interface ObjectSchema<S extends Shape> extends Schema<ObjectOutput<S>> {
  readonly shape: S
}

/** A problem found by a `refine` rule; `path` is relative to the refined value. */
export interface Issue {
  message: string
  path?: PathKey[]
}

const ROOT: Where = { path: [], label: '' }

export const invalid = (at: Where, message: string): Fail => {
  const field = at.path.join('.')
  return field === '' ? { ok: false, code: 'INVALID_INPUT', message } : { ok: false, code: 'INVALID_INPUT', message, field }
}

const good = <T>(value: T): Checked<T> => ({ ok: true, value })

/** The label used in messages: the position's label (set by the parent) or, at the root, the schema's own. */
const nameOf = (at: Where, own: string): string => at.label || own || '输入'

function make<T>(kind: string, label: string, check: (input: unknown, at: Where) => Checked<T>): Schema<T> {
  return { kind, label, optional: false, check, parse: (input) => check(input, ROOT) }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** C0/C1 controls and the Unicode line/paragraph separators: invisible, and they break single-line UI. */
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/
/** The same, but a multi-line text may keep newlines and tabs. */
const CONTROL_CHARS_MULTILINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/

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
}

export function string(opts: StringOptions): Schema<string> & { readonly options: StringOptions } {
  const { label, trim = true, min = 0, max, pattern, patternHint = '格式不正确', multiline = false } = opts
  const controls = multiline ? CONTROL_CHARS_MULTILINE : CONTROL_CHARS
  const schema = make<string>('string', label, (input, at) => {
    const name = nameOf(at, label)
    if (input === undefined || input === null) return invalid(at, `请填写${name}`)
    if (typeof input !== 'string') return invalid(at, `${name}必须是文字`)
    const value = trim ? input.trim() : input
    if (controls.test(value)) return invalid(at, `${name}包含不可见的特殊字符`)
    const len = charLength(value)
    if (len < min) return invalid(at, min === 1 ? `请填写${name}` : `${name}至少${min}个字`)
    if (max !== undefined && len > max) return invalid(at, `${name}最多${max}个字`)
    if (pattern && !pattern.test(value)) return invalid(at, `${name}${patternHint}`)
    return good(value)
  })
  return { ...schema, options: opts }
}

export interface NumberOptions {
  label: string
  min?: number
  max?: number
  /** Message suffix unit for bounds, e.g. '人' → `不能少于1人`. */
  unit?: string
}

function numeric(kind: 'number' | 'int', opts: NumberOptions): Schema<number> & { readonly options: NumberOptions } {
  const { label, min, max, unit = '' } = opts
  const schema = make<number>(kind, label, (input, at) => {
    const name = nameOf(at, label)
    if (input === undefined || input === null) return invalid(at, `请填写${name}`)
    if (typeof input !== 'number' || !Number.isFinite(input)) return invalid(at, `${name}必须是数字`)
    if (kind === 'int' && !Number.isInteger(input)) return invalid(at, `${name}必须是整数`)
    if (min !== undefined && input < min) return invalid(at, `${name}不能小于${min}${unit}`)
    if (max !== undefined && input > max) return invalid(at, `${name}不能大于${max}${unit}`)
    return good(input)
  })
  return { ...schema, options: opts }
}

export const number = (opts: NumberOptions) => numeric('number', opts)
export const int = (opts: NumberOptions) => numeric('int', opts)

export function boolean(opts: { label: string }): Schema<boolean> {
  return make('boolean', opts.label, (input, at) => {
    const name = nameOf(at, opts.label)
    if (input === undefined || input === null) return invalid(at, `请选择${name}`)
    if (typeof input !== 'boolean') return invalid(at, `${name}只能是“是”或“否”`)
    return good(input)
  })
}

type Primitive = string | number | boolean

export function literal<const V extends Primitive>(value: V, opts: { label: string; message?: string }): Schema<V> {
  return make('literal', opts.label, (input, at) => {
    const name = nameOf(at, opts.label)
    if (input === undefined || input === null) return invalid(at, opts.message ?? `请选择${name}`)
    if (input !== value) return invalid(at, opts.message ?? `${name}不正确`)
    return good(value)
  })
}

/** One of a fixed list of values (strings or numbers). */
export function oneOf<const V extends readonly Primitive[]>(
  values: V,
  opts: { label: string }
): Schema<V[number]> & { readonly values: V } {
  const allowed = new Set<unknown>(values)
  const schema = make<V[number]>('enum', opts.label, (input, at) => {
    const name = nameOf(at, opts.label)
    if (input === undefined || input === null) return invalid(at, `请选择${name}`)
    if (!allowed.has(input)) return invalid(at, `${name}不在可选范围内`)
    return good(input as V[number])
  })
  return { ...schema, values }
}

/** Earliest and latest instants the app accepts: anything outside is a unit mistake (seconds, not ms) or garbage. */
const MIN_INSTANT = Date.UTC(2000, 0, 1)
const MAX_INSTANT = Date.UTC(2100, 0, 1)

/** A point in time as epoch milliseconds (DESIGN.md: fields named `*At`). */
export function instant(opts: { label: string; min?: number; max?: number }): Schema<number> {
  const lo = opts.min ?? MIN_INSTANT
  const hi = opts.max ?? MAX_INSTANT
  return make('instant', opts.label, (input, at) => {
    const name = nameOf(at, opts.label)
    if (input === undefined || input === null) return invalid(at, `请选择${name}`)
    if (typeof input !== 'number' || !Number.isInteger(input) || input < MIN_INSTANT || input >= MAX_INSTANT) {
      return invalid(at, `${name}不是有效的时间`)
    }
    if (input < lo) return invalid(at, `${name}太早了`)
    if (input > hi) return invalid(at, `${name}太晚了`)
    return good(input)
  })
}

export function array<S extends AnySchema>(
  item: S,
  opts: { label: string; min?: number; max?: number }
): Schema<Infer<S>[]> & { readonly item: S } {
  const { label, min = 0, max } = opts
  const schema = make<Infer<S>[]>('array', label, (input, at) => {
    const name = nameOf(at, label)
    if (input === undefined || input === null) return invalid(at, `请填写${name}`)
    if (!Array.isArray(input)) return invalid(at, `${name}格式不正确`)
    if (input.length < min) return invalid(at, min === 1 ? `请至少填写一项${name}` : `${name}至少${min}项`)
    if (max !== undefined && input.length > max) return invalid(at, `${name}最多${max}项`)
    const out: Infer<S>[] = []
    for (let i = 0; i < input.length; i++) {
      const r = item.check(input[i], { path: [...at.path, i], label: `${name}第${i + 1}项` })
      if (!r.ok) return r
      out.push(r.value)
    }
    return good(out)
  })
  return { ...schema, item }
}

/** An object with exactly these keys: an unknown key is rejected (a client must not smuggle fields like `roles`). */
export function object<S extends Shape>(shape: S, opts: { label?: string } = {}): ObjectSchema<S> {
  const label = opts.label ?? ''
  const keys = Object.keys(shape)
  const schema = make<ObjectOutput<S>>('object', label, (input, at) => {
    const name = nameOf(at, label)
    if (input === undefined || input === null) return invalid(at, `请填写${name}`)
    if (!isPlainObject(input)) return invalid(at, `${name}格式不正确`)
    for (const key of Object.keys(input)) {
      if (!Object.prototype.hasOwnProperty.call(shape, key)) {
        return invalid({ path: [...at.path, key], label: key }, `不支持的字段：${key}`)
      }
    }
    const out: Record<string, unknown> = {}
    const prefix = at.label || label
    for (const key of keys) {
      const field = shape[key]
      const fieldLabel = prefix ? `${prefix}的${field.label}` : field.label
      const r = field.check(input[key], { path: [...at.path, key], label: fieldLabel })
      if (!r.ok) return r
      if (r.value !== undefined) out[key] = r.value
    }
    return good(out as ObjectOutput<S>)
  })
  return { ...schema, shape }
}

/** The key may be absent; `null` counts as absent too (JSON has no `undefined`). */
export function optional<T>(inner: Schema<T, boolean>): Schema<T | undefined, true> {
  const check = (input: unknown, at: Where): Checked<T | undefined> =>
    input === undefined || input === null ? good(undefined) : inner.check(input, at)
  return { kind: inner.kind, label: inner.label, optional: true, check, parse: (input) => check(input, ROOT) }
}

/** Adds a rule across the value (e.g. windows must not overlap). The rule returns an Issue, or undefined if fine. */
export function refine<S extends AnySchema>(inner: S, rule: (value: Infer<S>) => Issue | undefined): S {
  const check = (input: unknown, at: Where): Checked<Infer<S>> => {
    const r = inner.check(input, at)
    if (!r.ok) return r
    const issue = rule(r.value)
    return issue ? invalid({ path: [...at.path, ...(issue.path ?? [])], label: at.label }, issue.message) : r
  }
  return { ...inner, check, parse: (input: unknown) => check(input, ROOT) }
}
