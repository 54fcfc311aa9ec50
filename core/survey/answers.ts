/**
 * The one answers validator, for the filling page (inline checks, what a draft may hold) and the `survey` function
 * (saveDraft, submit). Every problem is a Fail with `field` = `answers.<questionId>` and a Chinese message a
 * respondent understands ("手机号格式不正确", "“您的年龄”不能小于16岁").
 *
 *   - Answers to questions the respondent does not see (show-if false, page skipped by a jump, consent not given)
 *     are DROPPED, not rejected: the page may keep them while someone changes their mind, the server never stores
 *     them. Their ids come back in `dropped`.
 *   - An id that is not a question of this definition is rejected (a stale or forged client), as is an answer to a
 *     note.
 *   - Empty values ('' / [] / null) mean "not answered". `submit` mode requires the visible required questions and a
 *     multi question's minimum; `draft` mode checks only the values that are there, so a half-filled form saves.
 *   - Values come back canonical: text trimmed, mobiles as 11 digits, id numbers with an uppercase X, locations to
 *     6 decimals — so equal answers are equal in storage, in statistics and in dedupe hashes.
 *
 * `now` matters only for dates with bounds relative to the day of answering.
 */
import { fail, type Fail } from '../api/result'
import * as s from '../schema'
import { DAY_MS, startOfDay } from '../time'
import {
  allQuestions,
  isAnswerable,
  NUMBER_LIMIT,
  questionName,
  RATING_RANGE,
  type DateQuestion,
  type Question,
  type SurveyDefinition,
  type TextareaQuestion,
  type TextQuestion
} from './definition'
import { dayText } from './display'
import { walk } from './flow'
import { checkFormat } from './formats'
import { isRegionPath, REGION_LEVEL_NAMES } from './region'
import { answerOf, isEmptyAnswer, isGeoPoint, isInChina, isStringList, type Answers, type AnswerValue } from './values'

export type AnswerMode = 'submit' | 'draft'

export interface AnswerOptions {
  /** The instant of answering (relative date bounds). */
  now: number
  /** 'submit' (default) requires required questions; 'draft' checks formats only. */
  mode?: AnswerMode
}

export interface CheckedAnswers {
  /** Visible questions' answers, canonical. */
  answers: Answers
  /** Ids that had an answer but were dropped because the question is not shown. */
  dropped: string[]
}

/** At most this many answers in one input: more is not a form. */
export const ANSWERS_MAX = 400

/** One answer checked: its canonical value, or the message to show. */
export type AnswerCheck = { ok: true; value: AnswerValue } | { ok: false; message: string }

const good = (value: AnswerValue): AnswerCheck => ({ ok: true, value })
const bad = (message: string): AnswerCheck => ({ ok: false, message })

/** The first and last allowed day (Shanghai midnights) of a date question on the day `now`. */
export function dateBounds(question: DateQuestion, now: number): { min?: number; max?: number } {
  const today = startOfDay(now)
  const min = question.minAt ?? (question.minOffsetDays === undefined ? undefined : today + question.minOffsetDays * DAY_MS)
  const max = question.maxAt ?? (question.maxOffsetDays === undefined ? undefined : today + question.maxOffsetDays * DAY_MS)
  return { ...(min === undefined ? {} : { min }), ...(max === undefined ? {} : { max }) }
}

/**
 * Text answers follow the app's one text rule (core/schema `s.string`: trimmed, no invisible control characters,
 * length as people count it), labelled with the question's name; built once per question.
 */
const textSchemas = new WeakMap<Question, s.AnySchema>()

function checkText(question: TextQuestion | TextareaQuestion, raw: unknown): AnswerCheck {
  let schema = textSchemas.get(question)
  if (!schema) {
    schema = s.string({ label: questionName(question), max: question.maxLength, multiline: question.type === 'textarea' })
    textSchemas.set(question, schema)
  }
  const checked = s.validate(schema, raw)
  return checked.ok ? good(checked.value as string) : bad(checked.message)
}

/**
 * One non-empty answer checked against its question, canonical on success. Required-ness and a multi question's
 * minimum are the caller's (they depend on the mode); everything else is here.
 */
export function checkAnswer(question: Question, raw: unknown, now: number): AnswerCheck {
  const name = questionName(question)
  switch (question.type) {
    case 'single':
      if (typeof raw !== 'string') return bad(`${name}请选择一个选项`)
      return question.options.some((option) => option.value === raw) ? good(raw) : bad(`${name}的选项不在可选范围内`)
    case 'multi': {
      if (!isStringList(raw)) return bad(`${name}的回答格式不正确`)
      if (new Set(raw).size !== raw.length) return bad(`${name}的选项重复了`)
      if (!raw.every((value) => question.options.some((option) => option.value === value))) {
        return bad(`${name}的选项不在可选范围内`)
      }
      const exclusive = question.options.find((option) => option.exclusive === true && raw.includes(option.value))
      if (exclusive && raw.length > 1) return bad(`“${exclusive.label}”不能和其他选项同时选择`)
      if (question.maxSelect !== undefined && raw.length > question.maxSelect) return bad(`${name}最多选择${question.maxSelect}项`)
      // Stored in the order of the options, so two equal choices are equal arrays.
      return good(question.options.filter((option) => raw.includes(option.value)).map((option) => option.value))
    }
    case 'text': {
      const text = checkText(question, raw)
      if (!text.ok || question.format === undefined) return text
      const formatted = checkFormat(question.format, text.value as string)
      return formatted.ok ? good(formatted.value) : bad(question.format === 'number' ? `${name}请填写数字` : formatted.message)
    }
    case 'textarea':
      return checkText(question, raw)
    case 'number': {
      if (typeof raw !== 'number' || !Number.isFinite(raw)) return bad(`${name}请填写数字`)
      if (question.integer && !Number.isInteger(raw)) return bad(`${name}请填写整数`)
      const unit = question.unit ?? ''
      if (question.min !== undefined && raw < question.min) return bad(`${name}不能小于${question.min}${unit}`)
      if (question.max !== undefined && raw > question.max) return bad(`${name}不能大于${question.max}${unit}`)
      if (Math.abs(raw) > NUMBER_LIMIT) return bad(`${name}的数字太大了`)
      return good(raw)
    }
    case 'date': {
      if (typeof raw !== 'number' || !Number.isInteger(raw) || startOfDay(raw) !== raw) return bad(`${name}不是有效的日期`)
      const { min, max } = dateBounds(question, now)
      if (min !== undefined && raw < min) return bad(`${name}不能早于${dayText(min)}`)
      if (max !== undefined && raw > max) return bad(`${name}不能晚于${dayText(max)}`)
      return good(raw)
    }
    case 'rating': {
      const { min, max } = RATING_RANGE[question.scale]
      return typeof raw === 'number' && Number.isInteger(raw) && raw >= min && raw <= max
        ? good(raw)
        : bad(`${name}请选择${min}到${max}分`)
    }
    case 'region': {
      const level = REGION_LEVEL_NAMES[question.levels - 1]
      if (!isStringList(raw)) return bad(`${name}请选择地区`)
      if (raw.length !== question.levels) return bad(`${name}请选择到${level}`)
      return isRegionPath(raw) ? good(raw) : bad(`${name}不在可选的地区范围内`)
    }
    case 'location': {
      if (!isGeoPoint(raw) || Object.keys(raw).some((key) => key !== 'lat' && key !== 'lng')) return bad(`${name}的位置格式不正确`)
      if (!isInChina(raw)) return bad(`${name}的位置不在中国境内，请重新选择`)
      return good({ lat: Math.round(raw.lat * 1e6) / 1e6, lng: Math.round(raw.lng * 1e6) / 1e6 })
    }
    case 'image': {
      if (!isStringList(raw)) return bad(`${name}的图片格式不正确`)
      if (!raw.every((id) => id.length <= 512 && /^cloud:\/\/\S+$/.test(id))) return bad(`${name}有图片没有上传成功，请重新上传`)
      if (new Set(raw).size !== raw.length) return bad(`${name}的图片重复了`)
      return raw.length > question.maxCount ? bad(`${name}最多上传${question.maxCount}张图片`) : good(raw)
    }
    case 'consent':
      return raw === true ? good(true) : bad(`请阅读并同意${name}`)
    case 'note':
      return bad(noteMessage(question))
  }
}

const noteMessage = (question: Question): string => `${questionName(question)}是说明文字，不需要作答`

/** What to ask for when a required question has no answer. */
function missingMessage(question: Question): string {
  const name = questionName(question)
  switch (question.type) {
    case 'text':
    case 'textarea':
    case 'number':
      return `请填写${name}`
    case 'image':
      return `请上传${name}`
    case 'consent':
      return `请阅读并同意${name}`
    default:
      return `请选择${name}`
  }
}

const problem = (questionId: string, message: string): Fail => fail('INVALID_INPUT', message, `answers.${questionId}`)

interface Assessment {
  answers: Answers
  dropped: string[]
  problems: Fail[]
}

function assess(def: SurveyDefinition, input: unknown, { now, mode = 'submit' }: AnswerOptions): Assessment {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { answers: {}, dropped: [], problems: [fail('INVALID_INPUT', '答案格式不正确', 'answers')] }
  }
  const ids = Object.keys(input)
  if (ids.length > ANSWERS_MAX) return { answers: {}, dropped: [], problems: [fail('INVALID_INPUT', '答案太多了', 'answers')] }
  const byId = new Map(allQuestions(def).map((question) => [question.id, question]))
  const problems: Fail[] = []
  for (const id of ids) {
    const question = byId.get(id)
    if (!question) problems.push(problem(id, `问卷里没有这道题（${id}），请刷新后重新填写`))
    else if (!isAnswerable(question) && !isEmptyAnswer(answerOf(input, id))) problems.push(problem(id, noteMessage(question)))
  }
  const { visible } = walk(def, input)
  const shown = new Set(visible.map((question) => question.id))
  const answers: Answers = {}
  for (const question of visible) {
    if (!isAnswerable(question)) continue
    const raw = answerOf(input, question.id)
    if (isEmptyAnswer(raw)) {
      if (mode === 'submit' && question.required) problems.push(problem(question.id, missingMessage(question)))
      continue
    }
    const checked = checkAnswer(question, raw, now)
    if (!checked.ok) {
      problems.push(problem(question.id, checked.message))
      continue
    }
    const { value } = checked
    if (mode === 'submit' && question.type === 'multi' && question.minSelect !== undefined && isStringList(value) && value.length < question.minSelect) {
      problems.push(problem(question.id, `${questionName(question)}至少选择${question.minSelect}项`))
      continue
    }
    answers[question.id] = value
  }
  const dropped = ids.filter((id) => {
    const question = byId.get(id)
    return question !== undefined && isAnswerable(question) && !shown.has(id) && !isEmptyAnswer(answerOf(input, id))
  })
  return { answers, dropped, problems }
}

/** The answers, visible-only and canonical, or the first problem (unknown ids first, then in question order). */
export function validateAnswers(def: SurveyDefinition, input: unknown, options: AnswerOptions): { ok: true; value: CheckedAnswers } | Fail {
  const { answers, dropped, problems } = assess(def, input, options)
  return problems.length > 0 ? problems[0] : { ok: true, value: { answers, dropped } }
}

/** Every problem, one per question at most, for a form to mark them all. Empty when valid. */
export const answerProblems = (def: SurveyDefinition, input: unknown, options: AnswerOptions): Fail[] =>
  assess(def, input, options).problems

/**
 * The answers worth keeping from `input` under `def`: visible, known and well-formed ones, canonical; everything else
 * left out silently. For resuming a draft saved under an older version (removed questions and options fall away)
 * and for the page to save a draft while one field is still half typed.
 */
export const keepValidAnswers = (def: SurveyDefinition, input: unknown, now: number): Answers =>
  assess(def, input, { now, mode: 'draft' }).answers
