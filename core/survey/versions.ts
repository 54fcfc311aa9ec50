/**
 * Results and exports that span versions. Editing a published questionnaire makes a new version (model.ts
 * `versionAfterSave`) and each response keeps the version it answered; the organizer still wants one table.
 *
 * `questionCatalog(versions)` merges every question and option that any version had, keyed by the stable ids (question
 * id, option value) — removed ones included and marked. `resultColumns` lays them out so that columns never shift:
 * a column's place is where it first appeared (versions oldest first, within a version the questionnaire's order),
 * so a later version only ever ADDS columns at the end, and a removed question or option keeps its column for the
 * responses that have it. Titles and labels are the latest wording. A multi question has one 0/1 column per option (so each option is
 * countable in a spreadsheet) unless it holds personal information, which has one masked column.
 *
 * `versionConflicts` keeps ids honest: a question id may not change its type in a later version (a new question
 * needs a new id), or the columns would mix answers of different kinds.
 */
import type * as s from '../schema'
import { formatDateTime } from '../time'
import {
  allQuestions,
  CHANNEL_LABELS,
  QUESTION_TYPE_LABELS,
  type Channel,
  type Question,
  type QuestionType,
  type SurveyDefinition
} from './definition'
import { dateCell } from './display'
import { isPersonal, mask, type PiiClass } from './pii'
import { RESPONDENT_GROUP_LABELS, type RespondentGroup } from './respondent'
import { answerText, isGeoPoint, isStringList, type AnswerValue } from './values'

export interface SurveyVersion {
  version: number
  definition: SurveyDefinition
}

export interface CatalogOption {
  value: string
  /** The latest label of the option. */
  label: string
  /** Not in the latest version of its question. */
  removed: boolean
}

export interface CatalogQuestion {
  id: string
  type: QuestionType
  /** The latest title. */
  title: string
  /** The most protective class any version gave it: personal once means masked for every version's answers. */
  pii: PiiClass
  /** Not in the latest version. */
  removed: boolean
  /** The versions that have it, ascending. */
  versions: number[]
  /** Every option any version had, first appearance first. */
  options: CatalogOption[]
  /** The question as its latest version has it. */
  latest: Question
}

const byVersion = (versions: readonly SurveyVersion[]): SurveyVersion[] => [...versions].sort((a, b) => a.version - b.version)

/** Every question (notes left out: they have no answers) of any version, in first-appearance order. */
export function questionCatalog(versions: readonly SurveyVersion[]): CatalogQuestion[] {
  const ordered = byVersion(versions)
  const last = ordered[ordered.length - 1]
  const inLast = new Set(last ? allQuestions(last.definition).map((q) => q.id) : [])
  const catalog = new Map<string, CatalogQuestion>()
  for (const { version, definition } of ordered) {
    for (const question of allQuestions(definition)) {
      if (question.type === 'note') continue
      let entry = catalog.get(question.id)
      if (!entry) {
        entry = { id: question.id, type: question.type, title: question.title, pii: question.pii, removed: !inLast.has(question.id), versions: [], options: [], latest: question }
        catalog.set(question.id, entry)
      }
      entry.versions.push(version)
      entry.type = question.type
      entry.title = question.title
      entry.latest = question
      if (isPersonal(question.pii)) entry.pii = question.pii
      if (question.type === 'single' || question.type === 'multi') {
        const present = new Set(question.options.map((option) => option.value))
        for (const option of entry.options) option.removed = !present.has(option.value)
        for (const option of question.options) {
          const known = entry.options.find((candidate) => candidate.value === option.value)
          if (known) known.label = option.label
          else entry.options.push({ value: option.value, label: option.label, removed: false })
        }
      }
    }
  }
  return [...catalog.values()]
}

export const META_FIELDS = ['id', 'version', 'channel', 'group', 'submittedAt', 'enteredBy', 'visitPlace', 'visitAt'] as const
export type MetaField = (typeof META_FIELDS)[number]

const META_HEADERS: Record<MetaField, string> = {
  id: '编号',
  version: '问卷版本',
  channel: '填写方式',
  group: '身份',
  submittedAt: '提交时间',
  enteredBy: '录入人',
  visitPlace: '走访地点',
  visitAt: '走访时间'
}

export type ResultColumn =
  | { kind: 'meta'; key: string; header: string; field: MetaField }
  /** One column for the question's answer. */
  | { kind: 'answer'; key: string; header: string; question: CatalogQuestion }
  /** A multi question's option: 1 chosen, 0 answered without it, empty when the question was not answered. */
  | { kind: 'option'; key: string; header: string; question: CatalogQuestion; option: CatalogOption }

const REMOVED = '（已删除）'

/**
 * The columns of a results table or export over `versions`. Each column (a question's, or a multi option's) takes its
 * place the first time a version has it, so adding a version only appends columns; the one exception is a multi
 * question that a later version marks personal, whose option columns collapse into one masked column.
 */
export function resultColumns(versions: readonly SurveyVersion[]): ResultColumn[] {
  const catalog = new Map(questionCatalog(versions).map((question) => [question.id, question]))
  const columns: ResultColumn[] = META_FIELDS.map((field) => ({ kind: 'meta', key: `meta:${field}`, header: META_HEADERS[field], field }))
  const placed = new Set<string>()
  const place = (column: ResultColumn) => {
    if (placed.has(column.key)) return
    placed.add(column.key)
    columns.push(column)
  }
  for (const { definition } of byVersion(versions)) {
    for (const own of allQuestions(definition)) {
      const question = catalog.get(own.id)
      if (!question) continue
      const title = question.removed ? `${question.title}${REMOVED}` : question.title
      if (question.type !== 'multi' || own.type !== 'multi' || isPersonal(question.pii)) {
        place({ kind: 'answer', key: `q:${question.id}`, header: title, question })
        continue
      }
      for (const { value } of own.options) {
        const option = question.options.find((candidate) => candidate.value === value)
        if (!option) continue
        place({
          kind: 'option',
          key: `q:${question.id}:${option.value}`,
          header: `${title}：${option.label}${option.removed && !question.removed ? REMOVED : ''}`,
          question,
          option
        })
      }
    }
  }
  return columns
}

/** What a row is read from: a submitted response with its open answers and the stored masks of its personal ones. */
export interface ResponseRow {
  _id: string
  version: number
  channel: Channel
  group: RespondentGroup
  submittedAt: number
  /** Open answers; personal answers too when the caller decrypted them to reveal. */
  answers: Readonly<Record<string, AnswerValue>>
  /** Stored masked forms of personal answers, by question id. */
  masked?: Readonly<Record<string, string>>
  /** The organizer who entered a proxy response. */
  enteredBy?: string
  visit?: { place: string; at: number }
}

export type Cell = string | number | null

export interface RowOptions {
  /** Show personal answers in full (admin export; the caller checks the right and writes the audit entry). */
  reveal?: boolean
}

const own = <T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined =>
  record !== undefined && Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined

/** An answer as a cell, by the catalog (so removed options still show their label). */
function answerCell(question: CatalogQuestion, value: AnswerValue): Cell {
  switch (question.type) {
    case 'single':
      return question.options.find((option) => option.value === value)?.label ?? answerText(value)
    case 'multi':
      return isStringList(value)
        ? value.map((item) => question.options.find((option) => option.value === item)?.label ?? item).join('、')
        : answerText(value)
    case 'number':
    case 'rating':
      return typeof value === 'number' ? value : answerText(value)
    case 'date':
      return typeof value === 'number' ? dateCell(value) : answerText(value)
    case 'region':
      return isStringList(value) ? value.join('/') : answerText(value)
    case 'location':
      return isGeoPoint(value) ? `${value.lat},${value.lng}` : answerText(value)
    case 'image':
      return isStringList(value) ? value.join('\n') : answerText(value)
    case 'consent':
      return value === true ? '同意' : answerText(value)
    default:
      return answerText(value)
  }
}

function metaCell(field: MetaField, response: ResponseRow): Cell {
  switch (field) {
    case 'id':
      return response._id
    case 'version':
      return response.version
    case 'channel':
      return CHANNEL_LABELS[response.channel] ?? response.channel
    case 'group':
      return RESPONDENT_GROUP_LABELS[response.group] ?? response.group
    case 'submittedAt':
      return formatDateTime(response.submittedAt)
    case 'enteredBy':
      return response.enteredBy ?? null
    case 'visitPlace':
      return response.visit?.place ?? null
    case 'visitAt':
      return response.visit ? formatDateTime(response.visit.at) : null
  }
}

/**
 * One response as a row of `columns`. Personal answers show their stored mask (or are masked here when only the plain
 * value was passed) unless `reveal`. A question the response's version did not have, or left unanswered, is empty.
 */
export function rowFor(columns: readonly ResultColumn[], response: ResponseRow, options: RowOptions = {}): Cell[] {
  return columns.map((column) => {
    if (column.kind === 'meta') return metaCell(column.field, response)
    const { question } = column
    const value = own(response.answers, question.id)
    if (column.kind === 'option') {
      if (value === undefined) return null
      return isStringList(value) && value.includes(column.option.value) ? 1 : 0
    }
    if (isPersonal(question.pii) && !options.reveal) {
      return own(response.masked, question.id) ?? (value === undefined ? null : mask(question.pii, value))
    }
    if (value === undefined) return isPersonal(question.pii) ? (own(response.masked, question.id) ?? null) : null
    return answerCell(question, value)
  })
}

/** The header row of `columns`. */
export const headerRow = (columns: readonly ResultColumn[]): string[] => columns.map((column) => column.header)

/**
 * What a new version may not change about the previous one: a question id keeps its type (paths point into `next`).
 * Options may be added, reworded or removed; questions may be added, moved or removed.
 */
export function versionConflicts(previous: SurveyDefinition, next: SurveyDefinition): s.Issue[] {
  const before = new Map(allQuestions(previous).map((question) => [question.id, question]))
  const issues: s.Issue[] = []
  next.pages.forEach((page, p) =>
    page.questions.forEach((question, i) => {
      const old = before.get(question.id)
      if (old && old.type !== question.type) {
        issues.push({
          message: `题目 ${question.id} 在已发布的版本里是${QUESTION_TYPE_LABELS[old.type]}，不能改成${QUESTION_TYPE_LABELS[question.type]}；请删除它，另建一道新编号的题目`,
          path: ['pages', p, 'questions', i, 'type']
        })
      }
    })
  )
  return issues
}
