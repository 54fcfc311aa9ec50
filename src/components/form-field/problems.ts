/**
 * Every problem of a form at once, keyed by field, from the schema the function applies (core/schema `problems`):
 * an empty 上课星期 and a bad 名额 are both pointed out; once every field is fine, the rules across fields
 * (结束日期不能早于开始日期) are checked too, and land on the field they name or on FORM.
 */
import { problems, type AnySchema } from '@core/schema'

/** The key of a problem about the form as a whole rather than one field. */
export const FORM = 'form'

export type Problems = Partial<Record<string, string>>

export function problemsOf(schema: AnySchema, input: Readonly<Record<string, unknown>>): Problems {
  const found: Problems = {}
  for (const fail of problems(schema, input)) {
    const key = fail.field?.split('.')[0] || FORM
    found[key] ??= fail.message
  }
  return found
}
