/**
 * The questionnaire builder's edits, as pure functions on a definition being written: the page keeps one
 * `SurveyDefinition` in state and replaces it through these, so every edit is testable without a screen and the JSON
 * the organizer exports is exactly what the builder holds.
 *
 * A definition being written may be invalid at any moment (an empty title, one option): nothing here refuses an edit.
 * Whether it may be saved is core's `definitionProblems`, whose problems the page places beside their fields through
 * `problemKey` (which question, page or setting a problem path belongs to) and `problemPlace` (where it is, in words).
 *
 * Ids: a new question gets the first free `q<n>`, a new option the first free `o<n>` in its question, a new page the
 * first free `p<n>`. Ids never change afterwards — answers, conditions and exports key by them — so reordering moves
 * objects and never renumbers them.
 *
 * Show-if is edited as a list of one-question rows joined by 全部满足 / 满足任一 (`EditableCondition`): what a person
 * builds in a form. A condition nested deeper (from JSON) is shown in words and can only be cleared or edited as JSON.
 */
import {
  allQuestions,
  checkDefinition,
  conditionQuestions,
  definitionProblems,
  IMAGE_COUNT_DEFAULT,
  IMAGE_SIZE_KB_DEFAULT,
  isPersonal,
  QUESTION_TYPE_LABELS,
  QUESTION_TYPES,
  REGION_MAX_LEVELS,
  TEXT_LENGTH_DEFAULT,
  TEXTAREA_LENGTH_DEFAULT,
  versionConflicts,
  type Condition,
  type LeafCondition,
  type Question,
  type QuestionType,
  type Quota,
  type SurveyDefinition,
  type SurveyOption,
  type SurveyPage,
  type SurveySettings
} from '@core/survey'
import type { Fail } from '@core/api'

/** What a new questionnaire starts as: one page, self-filled and visit entries, one response per person. */
export function blankDefinition(): SurveyDefinition {
  return { title: '', pages: [{ id: 'p1', questions: [] }], settings: { limit: 'onePerPerson', channels: ['self', 'proxy'] } }
}

/** The first `${prefix}<n>` (n from 1) not in `taken`. */
export function freeId(prefix: string, taken: Iterable<string>): string {
  const used = new Set(taken)
  let n = 1
  while (used.has(`${prefix}${n}`)) n++
  return `${prefix}${n}`
}

const freeOptionValue = (options: readonly SurveyOption[]): string => freeId('o', options.map((o) => o.value))

/** The fields a type needs to be valid at once (two options, a rating scale …), with the common ones given. */
function withType(type: QuestionType, base: Pick<Question, 'id' | 'title' | 'required' | 'pii'> & Partial<Question>, options?: SurveyOption[]): Question {
  const common = {
    id: base.id,
    title: base.title,
    required: type === 'note' ? false : base.required,
    pii: type === 'consent' || type === 'note' ? ('none' as const) : base.pii,
    ...(base.description !== undefined ? { description: base.description } : {}),
    ...(base.showIf !== undefined ? { showIf: base.showIf } : {}),
    ...(base.consent !== undefined && type !== 'consent' ? { consent: base.consent } : {})
  }
  const choices = options ?? [
    { value: 'o1', label: '选项1' },
    { value: 'o2', label: '选项2' }
  ]
  switch (type) {
    case 'single':
      return { ...common, type, options: choices.map(({ exclusive: _exclusive, ...option }) => option) }
    case 'multi':
      return { ...common, type, options: choices }
    case 'text':
      return { ...common, type, maxLength: TEXT_LENGTH_DEFAULT }
    case 'textarea':
      return { ...common, type, maxLength: TEXTAREA_LENGTH_DEFAULT }
    case 'number':
      return { ...common, type, integer: false }
    case 'date':
      return { ...common, type }
    case 'rating':
      return { ...common, type, scale: '1-5' }
    case 'region':
      return { ...common, type, levels: REGION_MAX_LEVELS }
    case 'location':
      return { ...common, type, pii: 'location' }
    case 'image':
      return { ...common, type, maxCount: IMAGE_COUNT_DEFAULT, maxSizeKB: IMAGE_SIZE_KB_DEFAULT }
    case 'consent':
      return { ...common, type, statement: '' }
    case 'note':
      return { ...common, type }
  }
}

/** A new question of `type` with the first free id: empty title, optional, not personal. */
export function newQuestion(def: SurveyDefinition, type: QuestionType): Question {
  const id = freeId('q', allQuestions(def).map((q) => q.id))
  return withType(type, { id, title: '', required: false, pii: 'none' })
}

/**
 * The question as another type: id, title, description, required, show-if and consent link stay; options stay between
 * 单选 and 多选; the rest starts at the new type's defaults (a format or a scale of the old type means nothing there).
 * The personal information class is kept only where the new type can carry it, and a location question is location.
 */
export function changeType(question: Question, type: QuestionType): Question {
  if (question.type === type) return question
  const options = question.type === 'single' || question.type === 'multi' ? question.options : undefined
  const keepsPii = ['text', 'textarea', 'region', 'number', 'date', 'image', 'single', 'multi'].includes(type) && !['phone', 'idcard', 'location'].includes(question.pii)
  return withType(type, { ...question, pii: keepsPii ? question.pii : 'none' }, options)
}

/** Where a question is: page and position. */
export interface QuestionAt {
  page: number
  index: number
}

export function locate(def: SurveyDefinition, id: string): QuestionAt | undefined {
  for (let page = 0; page < def.pages.length; page++) {
    const index = def.pages[page].questions.findIndex((q) => q.id === id)
    if (index >= 0) return { page, index }
  }
  return undefined
}

const withPages = (def: SurveyDefinition, pages: SurveyPage[]): SurveyDefinition => ({ ...def, pages })

const replaceAt = <T>(list: readonly T[], i: number, item: T): T[] => list.map((x, j) => (j === i ? item : x))

/** The definition with one question replaced (found by id). */
export function updateQuestion(def: SurveyDefinition, id: string, update: (question: Question) => Question): SurveyDefinition {
  const at = locate(def, id)
  if (!at) return def
  const page = def.pages[at.page]
  return withPages(def, replaceAt(def.pages, at.page, { ...page, questions: replaceAt(page.questions, at.index, update(page.questions[at.index])) }))
}

export function addQuestion(def: SurveyDefinition, pageIndex: number, question: Question): SurveyDefinition {
  const page = def.pages[pageIndex]
  return withPages(def, replaceAt(def.pages, pageIndex, { ...page, questions: [...page.questions, question] }))
}

/**
 * One step up (-1) or down (+1). At the top of a page, up moves the question to the end of the page before; at the
 * bottom, down moves it to the start of the next page — so up/down alone can take a question anywhere.
 */
export function moveQuestion(def: SurveyDefinition, id: string, delta: -1 | 1): SurveyDefinition {
  const at = locate(def, id)
  if (!at) return def
  const pages = def.pages.map((page) => ({ ...page, questions: [...page.questions] }))
  const from = pages[at.page].questions
  const [question] = from.splice(at.index, 1)
  const to = at.index + delta
  if (to >= 0 && to <= from.length) from.splice(to, 0, question)
  else if (delta === -1 && at.page > 0) pages[at.page - 1].questions.push(question)
  else if (delta === 1 && at.page < pages.length - 1) pages[at.page + 1].questions.unshift(question)
  else return def
  return withPages(def, pages)
}

/**
 * What a move or delete of question `id` can make wrong elsewhere, as problem keys (problemKey): the questions whose
 * show-if reads it or whose consent it is, the pages whose jumps read it, the settings whose quotas or group question
 * do. Their problems show at once, as the moved question's own do.
 */
export function dependentKeys(def: SurveyDefinition, id: string): string[] {
  const keys = [`q:${id}`]
  for (const question of allQuestions(def)) {
    if (question.consent === id || (question.showIf && conditionQuestions(question.showIf).includes(id))) keys.push(`q:${question.id}`)
  }
  for (const page of def.pages) if ((page.jumps ?? []).some((jump) => conditionQuestions(jump.when).includes(id))) keys.push(`page:${page.id}`)
  const { quotas, groupQuestion } = def.settings
  if (groupQuestion === id || (quotas ?? []).some((quota) => quota.when && conditionQuestions(quota.when).includes(id))) keys.push('settings')
  return keys
}

/** Whether up / down can move the question at all (the first question of the first page cannot go up). */
export function canMove(def: SurveyDefinition, id: string): { up: boolean; down: boolean } {
  const at = locate(def, id)
  if (!at) return { up: false, down: false }
  return { up: at.page > 0 || at.index > 0, down: at.page < def.pages.length - 1 || at.index < def.pages[at.page].questions.length - 1 }
}

/** A deletion that 撤销 can put back exactly where it was. */
export interface Removed<T> {
  item: T
  at: QuestionAt
}

export function removeQuestion(def: SurveyDefinition, id: string): { def: SurveyDefinition; removed?: Removed<Question> } {
  const at = locate(def, id)
  if (!at) return { def }
  const page = def.pages[at.page]
  const item = page.questions[at.index]
  return { def: withPages(def, replaceAt(def.pages, at.page, { ...page, questions: page.questions.filter((q) => q.id !== id) })), removed: { item, at } }
}

/** Puts a deleted question back at its place (or the end of the last page, if its page is gone meanwhile). */
export function restoreQuestion(def: SurveyDefinition, removed: Removed<Question>): SurveyDefinition {
  const pageIndex = Math.min(removed.at.page, def.pages.length - 1)
  const page = def.pages[pageIndex]
  const questions = [...page.questions]
  questions.splice(Math.min(removed.at.index, questions.length), 0, removed.item)
  return withPages(def, replaceAt(def.pages, pageIndex, { ...page, questions }))
}

type ChoiceUpdate = (options: SurveyOption[]) => SurveyOption[]

/** Changes the options of a choice question (nothing for other types). */
export function updateOptions(def: SurveyDefinition, id: string, update: ChoiceUpdate): SurveyDefinition {
  return updateQuestion(def, id, (q) => (q.type === 'single' || q.type === 'multi' ? { ...q, options: update(q.options) } : q))
}

export const addOption = (options: SurveyOption[]): SurveyOption[] => [...options, { value: freeOptionValue(options), label: `选项${options.length + 1}` }]

export function moveOption(options: SurveyOption[], index: number, delta: -1 | 1): SurveyOption[] {
  const to = index + delta
  if (to < 0 || to >= options.length) return options
  const next = [...options]
  const [option] = next.splice(index, 1)
  next.splice(to, 0, option)
  return next
}

export const addPage = (def: SurveyDefinition): SurveyDefinition =>
  withPages(def, [...def.pages, { id: freeId('p', def.pages.map((p) => p.id)), questions: [] }])

export function movePage(def: SurveyDefinition, index: number, delta: -1 | 1): SurveyDefinition {
  const to = index + delta
  if (to < 0 || to >= def.pages.length) return def
  const pages = [...def.pages]
  const [page] = pages.splice(index, 1)
  pages.splice(to, 0, page)
  return withPages(def, pages)
}

/** Removes a page with its questions; the last page stays (a questionnaire has at least one). */
export function removePage(def: SurveyDefinition, index: number): { def: SurveyDefinition; removed?: Removed<SurveyPage> } {
  if (def.pages.length <= 1) return { def }
  return { def: withPages(def, def.pages.filter((_, i) => i !== index)), removed: { item: def.pages[index], at: { page: index, index: 0 } } }
}

export function restorePage(def: SurveyDefinition, removed: Removed<SurveyPage>): SurveyDefinition {
  const pages = [...def.pages]
  pages.splice(Math.min(removed.at.page, pages.length), 0, removed.item)
  return withPages(def, pages)
}

export function addQuota(def: SurveyDefinition): SurveyDefinition {
  const quotas = def.settings.quotas ?? []
  const quota: Quota = { id: freeId('quota', quotas.map((q) => q.id)), label: quotas.length === 0 ? '总名额' : `名额${quotas.length + 1}`, limit: 100 }
  return { ...def, settings: { ...def.settings, quotas: [...quotas, quota] } }
}

// ---- show-if as a form --------------------------------------------------------------------------------------------

export interface EditableCondition {
  join: 'all' | 'any'
  rows: LeafCondition[]
}

/** The condition as rows, or undefined when it is nested deeper than one all/any of single-question conditions. */
export function editableOf(condition: Condition | undefined): EditableCondition | undefined {
  if (condition === undefined) return { join: 'all', rows: [] }
  if ('question' in condition) return { join: 'all', rows: [condition] }
  if (condition.op === 'not') return undefined
  const rows = condition.of.filter((inner): inner is LeafCondition => 'question' in inner)
  return rows.length === condition.of.length ? { join: condition.op, rows } : undefined
}

/** The rows as a condition: none → no condition, one → that row, more → joined. */
export function conditionOf(editable: EditableCondition): Condition | undefined {
  if (editable.rows.length === 0) return undefined
  if (editable.rows.length === 1) return editable.rows[0]
  return { op: editable.join, of: editable.rows }
}

export type LeafOp = LeafCondition['op']

/** The operators that make sense for a question's answer, in the order the builder offers them. */
export function operatorsFor(question: Question): LeafOp[] {
  switch (question.type) {
    case 'single':
      return ['eq', 'neq', 'in', 'answered', 'empty']
    case 'multi':
      return ['has', 'notHas', 'hasAll', 'answered', 'empty']
    case 'text':
    case 'textarea':
      return ['eq', 'neq', 'answered', 'empty']
    case 'number':
    case 'rating':
    case 'date':
      return ['eq', 'gt', 'lt', 'answered', 'empty']
    case 'consent':
      return ['eq', 'empty']
    default:
      return ['answered', 'empty']
  }
}

/** Questions a condition of `questionId` may read: the earlier ones that take an answer (all of them for quotas). */
export function conditionTargets(def: SurveyDefinition, questionId?: string): Question[] {
  const all = allQuestions(def)
  const end = questionId === undefined ? all.length : all.findIndex((q) => q.id === questionId)
  return all.slice(0, end < 0 ? all.length : end).filter((q) => q.type !== 'note')
}

/** A row for `question` with operator `op`, keeping the previous row's value where it still fits. */
export function leafFor(question: Question, op: LeafOp, previous?: LeafCondition): LeafCondition {
  const firstOption = question.type === 'single' || question.type === 'multi' ? (question.options[0]?.value ?? '') : ''
  const sameQuestion = previous?.question === question.id
  const previousValue = sameQuestion && previous && 'value' in previous ? previous.value : undefined
  const previousValues = sameQuestion && previous && 'values' in previous ? previous.values : undefined
  switch (op) {
    case 'answered':
    case 'empty':
      return { op, question: question.id }
    case 'eq':
    case 'neq':
      if (question.type === 'consent') return { op, question: question.id, value: true }
      return { op, question: question.id, value: previousValue ?? previousValues?.[0] ?? (question.type === 'single' ? firstOption : question.type === 'text' || question.type === 'textarea' ? '' : 0) }
    case 'gt':
    case 'lt':
      return { op, question: question.id, value: typeof previousValue === 'number' ? previousValue : 0 }
    case 'has':
    case 'notHas':
      return { op, question: question.id, value: typeof previousValue === 'string' ? previousValue : (previousValues?.map(String)[0] ?? firstOption) }
    case 'in':
      return { op, question: question.id, values: previousValues ?? (previousValue !== undefined ? [previousValue] : [firstOption]) }
    case 'hasAll':
      return { op, question: question.id, values: previousValues?.map(String) ?? (typeof previousValue === 'string' ? [previousValue] : [firstOption]) }
  }
}

// ---- problems -----------------------------------------------------------------------------------------------------

/**
 * Which part of the builder a problem path belongs to: `q:<id>` (a question's card), `page:<id>`, `settings`, or
 * `meta` (title, intro, thanks). Keys by id, not position, so a problem stays with its question when it moves.
 */
export function problemKey(def: SurveyDefinition, field: string | undefined): string {
  const path = (field ?? '').split('.')
  if (path[0] === 'settings') return 'settings'
  if (path[0] === 'pages') {
    const page = def.pages[Number(path[1])]
    if (!page) return 'meta'
    if (path[2] === 'questions' && path[3] !== undefined) {
      const question = page.questions[Number(path[3])]
      if (question) return `q:${question.id}`
    }
    return `page:${page.id}`
  }
  return 'meta'
}

/** The rest of a problem's path inside its question: 'title', 'options.1.label', 'showIf.of.0.value'. */
export function fieldInQuestion(field: string | undefined): string {
  const path = (field ?? '').split('.')
  return path[0] === 'pages' && path[2] === 'questions' ? path.slice(4).join('.') : ''
}

/** Where a problem is, for the list of problems (JSON import, the summary after 保存): '第1页 第2题'. */
export function problemPlace(def: unknown, field: string | undefined): string {
  const path = (field ?? '').split('.')
  if (path[0] === 'settings') return '设置'
  if (path[0] === 'title' || path[0] === 'intro' || path[0] === 'thanks') return '问卷'
  if (path[0] === 'pages' && path[1] !== undefined) {
    const page = `第${Number(path[1]) + 1}页`
    if (path[2] !== 'questions' || path[3] === undefined) return page
    const pages = (def as { pages?: { questions?: { id?: unknown }[] }[] } | null)?.pages
    const id = pages?.[Number(path[1])]?.questions?.[Number(path[3])]?.id
    return `${page} 第${Number(path[3]) + 1}题${typeof id === 'string' ? `（${id}）` : ''}`
  }
  return '问卷'
}

/**
 * Core names a field by its whole place ('请填写问卷的页面第1项的题目第2项的标题'); shown beside that field, or after
 * its place in the list ('第1页 第2题：'), the place is said already: '请填写标题'.
 */
const PLACE_WORDS = /问卷的(?:(?:页面|题目|选项|跳转规则|名额|清单标签)第\d+项的|设置的)*/g

export const besideField = (problem: Fail): Fail => ({ ...problem, message: problem.message.replace(PLACE_WORDS, '') })

/**
 * Every problem of the definition being written: core's (definitionProblems), and for a published questionnaire the
 * edits its next version may not make (a question changing type under answers already given).
 */
export function builderProblems(def: SurveyDefinition, published?: SurveyDefinition): Fail[] {
  const found = definitionProblems(def).map(besideField)
  if (found.length > 0 || !published) return found
  return versionConflicts(published, def).map((issue) => ({ ok: false, code: 'INVALID_INPUT', message: issue.message, field: (issue.path ?? []).join('.') }))
}

/** Problems grouped by `problemKey`. */
export function problemsByKey(def: SurveyDefinition, problems: readonly Fail[]): Map<string, Fail[]> {
  const out = new Map<string, Fail[]>()
  for (const problem of problems) {
    const key = problemKey(def, problem.field)
    out.set(key, [...(out.get(key) ?? []), problem])
  }
  return out
}

// ---- JSON ---------------------------------------------------------------------------------------------------------

export const exportJson = (def: SurveyDefinition): string => JSON.stringify(def, null, 2)

/** What pasted JSON is: a definition to load (maybe with problems to fix), or text that is not a definition at all. */
export type Imported = { ok: true; definition: SurveyDefinition; problems: Fail[] } | { ok: false; message: string }

/**
 * A definition that failed the check, made safe to edit: the fields every question card reads are filled in (not
 * answered → optional, not personal, no options yet), so the builder shows the problems instead of breaking on them.
 */
function editable(raw: SurveyDefinition): SurveyDefinition {
  const settings = raw.settings as Partial<SurveySettings>
  return {
    ...raw,
    title: typeof raw.title === 'string' ? raw.title : '',
    pages: raw.pages.map((page) => ({
      ...page,
      questions: page.questions.map((q) => {
        const filled = { ...q, title: typeof q.title === 'string' ? q.title : '', required: q.required === true, pii: q.pii ?? 'none' }
        if (filled.type === 'single' || filled.type === 'multi') return { ...filled, options: Array.isArray(filled.options) ? filled.options : [] }
        if (filled.type === 'consent') return { ...filled, statement: typeof filled.statement === 'string' ? filled.statement : '' }
        return filled
      })
    })),
    settings: { ...settings, limit: settings.limit ?? 'onePerPerson', channels: Array.isArray(settings.channels) ? settings.channels : [] }
  }
}

/**
 * Reads pasted text. Anything that parses as a JSON object with `pages` and `settings` of questions of known types
 * loads: a valid one as checked (defaults filled in), one with problems as it is, so the organizer fixes them in the
 * builder where each shows beside its field. Other text is refused with the reason.
 */
export function importJson(text: string): Imported {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    return { ok: false, message: '这段文字不是有效的 JSON，请完整复制导出的内容再粘贴' }
  }
  const shape = parsed as Partial<SurveyDefinition> | null
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || !Array.isArray(shape?.pages) || typeof shape.settings !== 'object' || shape.settings === null) {
    return { ok: false, message: '这不是问卷定义：需要有 title、pages 和 settings' }
  }
  const looksRight = shape.pages.every(
    (page) =>
      typeof page === 'object' &&
      page !== null &&
      typeof page.id === 'string' &&
      Array.isArray(page.questions) &&
      page.questions.every((q) => typeof q === 'object' && q !== null && typeof q.id === 'string' && (QUESTION_TYPES as readonly string[]).includes(q.type))
  )
  if (!looksRight) return { ok: false, message: '这不是问卷定义：每一页要有 id 和 questions，每道题要有 id 和题型（type）' }
  const checked = checkDefinition(parsed)
  if (checked.ok) return { ok: true, definition: checked.value, problems: [] }
  return { ok: true, definition: editable(parsed as SurveyDefinition), problems: definitionProblems(parsed).map(besideField) }
}

/** '单选题 · 必答 · 含个人信息' — the line under a collapsed question's title. */
export function questionSummary(question: Question): string {
  return [
    QUESTION_TYPE_LABELS[question.type],
    question.required ? '必答' : undefined,
    isPersonal(question.pii) ? '含个人信息' : undefined,
    question.type === 'single' || question.type === 'multi' ? `${question.options.length}个选项` : undefined
  ]
    .filter(Boolean)
    .join(' · ')
}
