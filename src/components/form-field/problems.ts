/**
 * Every problem of a form at once, keyed by field, from the schema the function applies: each field is checked on its
 * own, so an empty 上课星期 and a bad 名额 are both pointed out; once every field is fine, the whole schema is checked
 * for its rules across fields (结束日期不能早于开始日期), which land on the field they name or on FORM.
 */
import type { AnySchema, Checked } from '@core/schema'

/** The key of a problem about the form as a whole rather than one field. */
export const FORM = 'form'

export type Problems = Partial<Record<string, string>>

/** An object schema (possibly refined): its fields, and a check of the whole. */
export interface FormSchema {
  readonly shape: Readonly<Record<string, AnySchema>>
  parse(input: unknown): Checked<unknown>
}

export function problemsOf(schema: FormSchema, input: Readonly<Record<string, unknown>>): Problems {
  const problems: Problems = {}
  for (const [key, field] of Object.entries(schema.shape)) {
    const checked = field.parse(input[key])
    if (!checked.ok) problems[key] = checked.message
  }
  if (Object.keys(problems).length > 0) return problems
  const whole = schema.parse(input)
  if (!whole.ok) problems[whole.field?.split('.')[0] || FORM] = whole.message
  return problems
}
