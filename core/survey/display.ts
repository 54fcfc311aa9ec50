/**
 * An answer as text for people: option labels instead of values, dates on the Shanghai calendar, regions as written
 * locally. The response list, the unmask dialog and the export all show answers through here, and personal
 * information only through `maskedAnswer` unless someone with the right to see it asked for the plain value. The
 * builder shows conditions in words through `describeCondition`.
 */
import { dateKey, partsOf } from '../time'
import type { Condition, Scalar } from './conditions'
import { allQuestions, questionName, type Question, type SurveyDefinition } from './definition'
import { isPersonal, mask } from './pii'
import { regionText } from './region'
import { answerText, isGeoPoint, isStringList, type AnswerValue } from './values'

/** '2025年5月1日' */
export function dayText(at: number): string {
  const p = partsOf(at)
  return `${p.year}年${p.month}月${p.day}日`
}

/** The labels of a choice answer ('法律咨询、技能提升'); an option no longer in the question shows its value. */
export function choiceLabels(question: Question, value: AnswerValue): string {
  if (question.type !== 'single' && question.type !== 'multi') return answerText(value)
  const values = isStringList(value) ? value : [answerText(value)]
  return values.map((item) => question.options.find((option) => option.value === item)?.label ?? item).join('、')
}

/** The plain answer as text. Never throws: a value of an unexpected kind is shown as it is. */
export function displayAnswer(question: Question, value: AnswerValue): string {
  switch (question.type) {
    case 'single':
    case 'multi':
      return choiceLabels(question, value)
    case 'number':
      return typeof value === 'number' ? `${value}${question.unit ?? ''}` : answerText(value)
    case 'date':
      return typeof value === 'number' ? dayText(value) : answerText(value)
    case 'rating':
      return typeof value === 'number' ? `${value}分` : answerText(value)
    case 'region':
      return isStringList(value) ? regionText(value) : answerText(value)
    case 'location':
      return isGeoPoint(value) ? `${value.lat}, ${value.lng}` : answerText(value)
    case 'image':
      return isStringList(value) ? `${value.length}张图片` : answerText(value)
    case 'consent':
      return value === true ? '已同意' : answerText(value)
    default:
      return answerText(value)
  }
}

/** What organizers see by default: the masked form of personal information, the plain answer otherwise. */
export const maskedAnswer = (question: Question, value: AnswerValue): string =>
  isPersonal(question.pii) ? mask(question.pii, value) : displayAnswer(question, value)

/** A date answer as a sortable cell ('2025-05-01'). */
export const dateCell = (at: number): string => dateKey(at)

/** A comparison value as the builder shows it: an option's label, a date as a day, true as 已同意. */
function valueText(question: Question | undefined, value: Scalar): string {
  if (question && (question.type === 'single' || question.type === 'multi')) {
    return `“${question.options.find((option) => option.value === value)?.label ?? String(value)}”`
  }
  if (question?.type === 'date' && typeof value === 'number') return dayText(value)
  if (value === true) return '已同意'
  if (value === false) return '未同意'
  return typeof value === 'string' ? `“${value}”` : String(value)
}

/**
 * A condition in words, for the builder and the live preview: “您的身份”为“外卖骑手”，并且“您的年龄”大于30. Nested
 * groups are bracketed. Unknown questions show their id (a definition being edited may be incomplete).
 */
export function describeCondition(def: SurveyDefinition, condition: Condition): string {
  const byId = new Map(allQuestions(def).map((question) => [question.id, question]))
  const describe = (c: Condition, nested: boolean): string => {
    switch (c.op) {
      case 'all':
      case 'any': {
        if (c.of.length === 0) return c.op === 'all' ? '总是' : '从不'
        const text = c.of.map((inner) => describe(inner, true)).join(c.op === 'all' ? '，并且' : '，或者')
        return nested && c.of.length > 1 ? `（${text}）` : text
      }
      case 'not':
        return `并非${describe(c.of, true)}`
      default: {
        const question = byId.get(c.question)
        const name = question ? questionName(question) : c.question
        const list = (values: readonly Scalar[], joiner: string) => values.map((value) => valueText(question, value)).join(joiner)
        switch (c.op) {
          case 'eq':
            return `${name}为${valueText(question, c.value)}`
          case 'neq':
            return `${name}不为${valueText(question, c.value)}`
          case 'in':
            return `${name}为${list(c.values, '或')}`
          case 'has':
            return `${name}选了${valueText(question, c.value)}`
          case 'notHas':
            return `${name}没有选${valueText(question, c.value)}`
          case 'hasAll':
            return `${name}同时选了${list(c.values, '和')}`
          case 'answered':
            return `${name}已回答`
          case 'empty':
            return `${name}未回答`
          case 'gt':
            return `${name}大于${valueText(question, c.value)}`
          case 'lt':
            return `${name}小于${valueText(question, c.value)}`
        }
      }
    }
  }
  return describe(condition, false)
}
