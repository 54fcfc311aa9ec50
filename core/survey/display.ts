/**
 * An answer as text for people: option labels instead of values, dates on the Shanghai calendar, regions as written
 * locally. The response list, the unmask dialog and the export all show answers through here, and personal
 * information only through `maskedAnswer` unless someone with the right to see it asked for the plain value.
 */
import { dateKey, partsOf } from '../time'
import { type Question } from './definition'
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
