/**
 * A questionnaire definition: versioned JSON written by organizers (builder or JSON import), stored with the survey,
 * served by `get` (DESIGN.md §3 ⚑ {title, pages: [{questions: [{id, type, title, required, options?, showIf?}]}]})
 * and read by every other module here.
 *
 * Checking it is two layers, both through `definitionSchema` (so `validate(definitionSchema, input)` answers in the
 * app's Chinese, label-named messages with the field path):
 *   1. shape — each question is one strict object holding the fields of every type (each labelled, so a message
 *      says "页面第1项的题目第2项的字数上限不能大于2000"), then a per-type rule refuses fields its type does not
 *      have and fills the type's defaults. The output is the precise `Question` union. One flat object per question
 *      instead of a schema union keeps those labelled messages: zod reports a union's inner fields without labels.
 *   2. structure (`structuralIssues`) — unique page/question ids and option values; show-if and consent refer only to
 *      earlier questions; jumps read only questions up to their page and go forward; conditions fit the questions
 *      they read (an option that exists, `has` only on lists …); a sensitive question has a consent question before
 *      it (PIPL art. 29); quota and group settings refer to real questions.
 *
 * Decisions: a date question's bounds are either fixed days (`minAt`/`maxAt`, epoch ms, compared by Shanghai
 * calendar day) or relative to the day of answering (`minOffsetDays`/`maxOffsetDays`, 0 = today, -1 = yesterday):
 * "出生日期 not after today" needs the second, "visit date in May" the first. A question that refers to a consent
 * question (`consent: id`) is shown only once that consent is given, so nothing personal is even asked before.
 */
import * as z from 'zod/mini'
import { fail, type Fail } from '../api/result'
import { USER_GROUPS } from '../api/user'
import * as s from '../schema'
import { startOfDay } from '../time'
import { conditionSchema, leavesOf, type Condition, type LeafCondition } from './conditions'
import { TEXT_FORMATS, type TextFormat } from './formats'
import { isPersonal, isSensitive, PII_CLASSES, PII_INFO, type PiiClass } from './pii'
import { REGION_MAX_LEVELS } from './region'
import { parseTag, TAG_PATTERN } from './taxonomy'

export const QUESTION_TYPES = [
  'single',
  'multi',
  'text',
  'textarea',
  'number',
  'date',
  'rating',
  'region',
  'location',
  'image',
  'consent',
  'note'
] as const
export type QuestionType = (typeof QUESTION_TYPES)[number]

export const QUESTION_TYPE_LABELS: Record<QuestionType, string> = {
  single: '单选题',
  multi: '多选题',
  text: '填空题',
  textarea: '多行文本题',
  number: '数字题',
  date: '日期题',
  rating: '评分题',
  region: '地区题',
  location: '位置题',
  image: '图片题',
  consent: '同意题',
  note: '说明文字'
}

/** self: the respondent fills it in; proxy: an organizer enters it after a visit (走访录入). */
export const CHANNELS = ['self', 'proxy'] as const
export type Channel = (typeof CHANNELS)[number]
export const CHANNEL_LABELS: Record<Channel, string> = { self: '本人填写', proxy: '走访录入' }

export const RESPONSE_LIMITS = ['onePerPerson', 'unlimited'] as const
export type ResponseLimit = (typeof RESPONSE_LIMITS)[number]
export const RESPONSE_LIMIT_LABELS: Record<ResponseLimit, string> = { onePerPerson: '每人限填一份', unlimited: '不限份数' }

export const RATING_SCALES = ['1-5', '0-10'] as const
export type RatingScale = (typeof RATING_SCALES)[number]
export const RATING_RANGE: Record<RatingScale, { min: number; max: number }> = {
  '1-5': { min: 1, max: 5 },
  '0-10': { min: 0, max: 10 }
}

/** A region answer holds this many names (2 = 省市 … 4 = 省市区街道). */
export const REGION_LEVELS = [2, 3, 4] as const
export type RegionLevels = (typeof REGION_LEVELS)[number]

/** The jump target that ends the questionnaire. */
export const END_OF_SURVEY = 'end'

export const SURVEY_TITLE_MAX = 40
export const SURVEY_INTRO_MAX = 1000
export const SURVEY_THANKS_MAX = 500
export const PAGES_MAX = 30
export const PAGE_QUESTIONS_MAX = 50
export const QUESTIONS_MAX = 200
export const QUESTION_TITLE_MAX = 100
export const OPTIONS_MAX = 50
export const OPTION_LABEL_MAX = 40
export const TAGS_MAX = 5
export const JUMPS_MAX = 10
export const QUOTAS_MAX = 20
export const CONSENT_STATEMENT_MAX = 2000
export const TEXT_LENGTH_DEFAULT = 100
export const TEXT_LENGTH_MAX = 200
export const TEXTAREA_LENGTH_DEFAULT = 500
export const TEXTAREA_LENGTH_MAX = 2000
export const IMAGE_COUNT_DEFAULT = 3
export const IMAGE_COUNT_MAX = 9
export const IMAGE_SIZE_KB_DEFAULT = 5120
export const IMAGE_SIZE_KB_MAX = 10240
/** Any number answer or bound stays within ±this: beyond it is a typo, and it stays exact as a double. */
export const NUMBER_LIMIT = 1e12
/** Relative date bounds reach about a century either way (birth dates). */
export const OFFSET_DAYS_LIMIT = 36600

export interface SurveyOption {
  /** Stable id, stored in answers; the label may be reworded in a later version, the value keeps its meaning. */
  value: string
  label: string
  /** `need:LEGAL` / `resource:VENUE`: choosing the option makes a draft list entry (entries.ts). */
  tags?: string[]
  /** multi only: chosen alone ("以上都没有"). */
  exclusive?: boolean
}

interface QuestionBase {
  id: string
  title: string
  description?: string
  required: boolean
  pii: PiiClass
  /** Shown only when this holds (conditions read earlier questions only). */
  showIf?: Condition
  /** The id of an earlier consent question: this question is shown only once that consent is given. */
  consent?: string
}

export interface SingleQuestion extends QuestionBase {
  type: 'single'
  options: SurveyOption[]
}
export interface MultiQuestion extends QuestionBase {
  type: 'multi'
  options: SurveyOption[]
  minSelect?: number
  maxSelect?: number
}
export interface TextQuestion extends QuestionBase {
  type: 'text'
  format?: TextFormat
  maxLength: number
  /** A non-empty answer makes a draft list entry carrying the text ("其他需求：…"). */
  tags?: string[]
}
export interface TextareaQuestion extends QuestionBase {
  type: 'textarea'
  maxLength: number
  tags?: string[]
}
export interface NumberQuestion extends QuestionBase {
  type: 'number'
  min?: number
  max?: number
  integer: boolean
  unit?: string
}
export interface DateQuestion extends QuestionBase {
  type: 'date'
  /** Fixed bounds: the Shanghai day starting at this instant (stored as that midnight). */
  minAt?: number
  maxAt?: number
  /** Bounds relative to the day the answer is given: 0 = today, -1 = yesterday, 30 = in 30 days. */
  minOffsetDays?: number
  maxOffsetDays?: number
}
export interface RatingQuestion extends QuestionBase {
  type: 'rating'
  scale: RatingScale
  lowLabel?: string
  highLabel?: string
}
export interface RegionQuestion extends QuestionBase {
  type: 'region'
  levels: RegionLevels
}
export interface LocationQuestion extends QuestionBase {
  type: 'location'
}
export interface ImageQuestion extends QuestionBase {
  type: 'image'
  maxCount: number
  /** For the upload page; the function cannot see sizes in a file id. */
  maxSizeKB: number
}
export interface ConsentQuestion extends QuestionBase {
  type: 'consent'
  /** What is collected, why, who sees it and how long it is kept; the respondent agrees to exactly this text. */
  statement: string
}
export interface NoteQuestion extends QuestionBase {
  type: 'note'
}

export type Question =
  | SingleQuestion
  | MultiQuestion
  | TextQuestion
  | TextareaQuestion
  | NumberQuestion
  | DateQuestion
  | RatingQuestion
  | RegionQuestion
  | LocationQuestion
  | ImageQuestion
  | ConsentQuestion
  | NoteQuestion

export type ChoiceQuestion = SingleQuestion | MultiQuestion

/** After a page: the first jump whose `when` holds decides the next page (`to` = a later page's id, or 'end'). */
export interface PageJump {
  when: Condition
  to: string
}

export interface SurveyPage {
  id: string
  title?: string
  description?: string
  questions: Question[]
  jumps?: PageJump[]
}

/**
 * A response quota: at most `limit` submitted responses (of those matching `when`, or of all without it). Counted by
 * the function with one conditional increment per quota (quotas.ts).
 */
export interface Quota {
  id: string
  label: string
  limit: number
  when?: Condition
}

export interface SurveySettings {
  openAt?: number
  closeAt?: number
  limit: ResponseLimit
  channels: Channel[]
  quotas?: Quota[]
  /**
   * A single-choice question whose option values are user groups (rider, courier …): it gives the respondent group
   * for results and list review, also for proxy responses, where no profile is at hand.
   */
  groupQuestion?: string
}

export interface SurveyDefinition {
  title: string
  /** Shown before the first page. */
  intro?: string
  /** Shown after submitting: thanks and what happens next. */
  thanks?: string
  pages: SurveyPage[]
  settings: SurveySettings
}

/** Questions that take an answer (everything but notes). */
export const isAnswerable = (question: Question): boolean => question.type !== 'note'

/** Every question in order, page by page. */
export const allQuestions = (def: SurveyDefinition): Question[] => def.pages.flatMap((page) => page.questions)

export const findQuestion = (def: SurveyDefinition, id: string): Question | undefined =>
  allQuestions(def).find((question) => question.id === id)

/** A question as messages name it: “您的手机号” (long titles shortened, trailing punctuation dropped). */
export function questionName(question: Pick<Question, 'title'>): string {
  const title = question.title.replace(/[？?：:。.！!\s]+$/u, '')
  const c = Array.from(title)
  return `“${c.length > 16 ? `${c.slice(0, 15).join('')}…` : title}”`
}

const ID_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,31}$/
const ID_HINT = '应以字母开头，只含字母、数字和下划线（最多32个字符）'
const idSchema = (label: string) => s.string({ label, pattern: ID_PATTERN, patternHint: ID_HINT })

const tagSchema = s.refine(
  s.string({ label: '清单标签', pattern: TAG_PATTERN, patternHint: '应写成 need:分类代码 或 resource:分类代码' }),
  (tag) => (parseTag(tag) ? undefined : { message: `清单标签 ${tag} 不在分类表中` })
)
const tagsSchema = s.array(tagSchema, { label: '清单标签', max: TAGS_MAX })

const optionSchema = s.object({
  value: s.string({
    label: '选项值',
    pattern: /^[A-Za-z0-9_-]{1,32}$/,
    patternHint: '只能含字母、数字、下划线和短横线（最多32个字符）'
  }),
  label: s.string({ label: '选项文字', min: 1, max: OPTION_LABEL_MAX }),
  tags: s.optional(tagsSchema),
  exclusive: s.optional(s.boolean({ label: '互斥选项' }))
})

const boundSchema = (label: string) => s.number({ label, min: -NUMBER_LIMIT, max: NUMBER_LIMIT })
const offsetSchema = (label: string) => s.int({ label, min: -OFFSET_DAYS_LIMIT, max: OFFSET_DAYS_LIMIT, unit: '天' })
const shortText = (label: string, max: number) => s.string({ label, max })

/** Every field a question can have; which ones a type takes is `TYPE_FIELDS`. */
const questionFields = {
  id: idSchema('题目编号'),
  type: s.oneOf(QUESTION_TYPES, { label: '题型' }),
  title: s.string({ label: '标题', min: 1, max: QUESTION_TITLE_MAX }),
  description: s.optional(s.string({ label: '题目说明', max: 300, multiline: true })),
  required: s.optional(s.boolean({ label: '是否必答' })),
  pii: s.optional(s.oneOf(PII_CLASSES, { label: '个人信息类别' })),
  consent: s.optional(idSchema('关联的同意题')),
  showIf: s.optional(conditionSchema),
  options: s.optional(s.array(optionSchema, { label: '选项', max: OPTIONS_MAX })),
  minSelect: s.optional(s.int({ label: '最少选择项数', min: 1, max: OPTIONS_MAX, unit: '项' })),
  maxSelect: s.optional(s.int({ label: '最多选择项数', min: 1, max: OPTIONS_MAX, unit: '项' })),
  format: s.optional(s.oneOf(TEXT_FORMATS, { label: '格式要求' })),
  maxLength: s.optional(s.int({ label: '字数上限', min: 1, max: TEXTAREA_LENGTH_MAX, unit: '字' })),
  min: s.optional(boundSchema('最小值')),
  max: s.optional(boundSchema('最大值')),
  integer: s.optional(s.boolean({ label: '只能填整数' })),
  unit: s.optional(shortText('单位', 10)),
  minAt: s.optional(s.instant({ label: '最早日期' })),
  maxAt: s.optional(s.instant({ label: '最晚日期' })),
  minOffsetDays: s.optional(offsetSchema('最早日期（相对作答当天）')),
  maxOffsetDays: s.optional(offsetSchema('最晚日期（相对作答当天）')),
  scale: s.optional(s.oneOf(RATING_SCALES, { label: '评分范围' })),
  lowLabel: s.optional(shortText('最低分说明', 10)),
  highLabel: s.optional(shortText('最高分说明', 10)),
  levels: s.optional(s.oneOf(REGION_LEVELS, { label: '地区精确到' })),
  maxCount: s.optional(s.int({ label: '图片张数上限', min: 1, max: IMAGE_COUNT_MAX, unit: '张' })),
  maxSizeKB: s.optional(s.int({ label: '单张图片大小上限', min: 50, max: IMAGE_SIZE_KB_MAX, unit: 'KB' })),
  statement: s.optional(s.string({ label: '同意内容', min: 1, max: CONSENT_STATEMENT_MAX, multiline: true })),
  tags: s.optional(tagsSchema)
}

type QuestionField = keyof typeof questionFields
const looseQuestionSchema = s.object(questionFields, { label: '' })
type LooseQuestion = s.Infer<typeof looseQuestionSchema>

const FIELD_LABELS: Record<QuestionField, string> = {
  id: '题目编号',
  type: '题型',
  title: '标题',
  description: '题目说明',
  required: '是否必答',
  pii: '个人信息类别',
  consent: '关联的同意题',
  showIf: '显示条件',
  options: '选项',
  minSelect: '最少选择项数',
  maxSelect: '最多选择项数',
  format: '格式要求',
  maxLength: '字数上限',
  min: '最小值',
  max: '最大值',
  integer: '只能填整数',
  unit: '单位',
  minAt: '最早日期',
  maxAt: '最晚日期',
  minOffsetDays: '最早日期（相对作答当天）',
  maxOffsetDays: '最晚日期（相对作答当天）',
  scale: '评分范围',
  lowLabel: '最低分说明',
  highLabel: '最高分说明',
  levels: '地区精确到',
  maxCount: '图片张数上限',
  maxSizeKB: '单张图片大小上限',
  statement: '同意内容',
  tags: '清单标签'
}

const COMMON_FIELDS: readonly QuestionField[] = ['id', 'type', 'title', 'description', 'required', 'pii', 'consent', 'showIf']

const TYPE_FIELDS: Record<QuestionType, readonly QuestionField[]> = {
  single: ['options'],
  multi: ['options', 'minSelect', 'maxSelect'],
  text: ['format', 'maxLength', 'tags'],
  textarea: ['maxLength', 'tags'],
  number: ['min', 'max', 'integer', 'unit'],
  date: ['minAt', 'maxAt', 'minOffsetDays', 'maxOffsetDays'],
  rating: ['scale', 'lowLabel', 'highLabel'],
  region: ['levels'],
  location: [],
  image: ['maxCount', 'maxSizeKB'],
  consent: ['statement'],
  note: []
}

/** The question types each personal information class can be asked with (beyond `none`, which fits all). */
function piiTypeIssue(q: LooseQuestion, pii: PiiClass): s.Issue | undefined {
  const type = q.type
  const wrong = (message: string): s.Issue => ({ message, path: ['pii'] })
  if (type === 'consent' || type === 'note') return pii === 'none' ? undefined : wrong(`${QUESTION_TYPE_LABELS[type]}不含个人信息`)
  if (type === 'text' && q.format === 'mobile' && pii !== 'phone') return wrong('手机号格式的题目，个人信息类别应为“手机号”')
  if (type === 'text' && q.format === 'idcard' && pii !== 'idcard') return wrong('身份证号格式的题目，个人信息类别应为“身份证号”')
  if (type === 'location' && pii !== 'location') return wrong('位置题的个人信息类别应为“位置（行踪）”')
  switch (pii) {
    case 'phone':
      return type === 'text' && q.format === 'mobile' ? undefined : wrong('“手机号”类别只能用于格式为手机号的填空题')
    case 'idcard':
      return type === 'text' && q.format === 'idcard' ? undefined : wrong('“身份证号”类别只能用于格式为身份证号的填空题')
    case 'name':
      return type === 'text' && q.format === undefined ? undefined : wrong('“姓名”类别只能用于不限格式的填空题')
    case 'address':
      return (type === 'text' && q.format === undefined) || type === 'textarea' || type === 'region'
        ? undefined
        : wrong('“住址”类别只能用于填空、多行文本或地区题')
    case 'location':
      return type === 'location' ? undefined : wrong('“位置（行踪）”类别只能用于位置题')
    default:
      return undefined
  }
}

/** What the type of a question asks of its fields: no foreign fields, the needed ones present, bounds in order. */
function questionIssue(q: LooseQuestion): s.Issue | undefined {
  const typeLabel = QUESTION_TYPE_LABELS[q.type]
  const own = TYPE_FIELDS[q.type]
  const foreign = (Object.keys(q) as QuestionField[]).find((key) => !COMMON_FIELDS.includes(key) && !own.includes(key))
  if (foreign !== undefined) return { message: `${typeLabel}不能设置“${FIELD_LABELS[foreign]}”`, path: [foreign] }
  const pii = q.pii ?? 'none'
  const piiIssue = piiTypeIssue(q, pii)
  if (piiIssue) return piiIssue
  if (q.tags !== undefined && isPersonal(pii)) {
    return { message: '含个人信息的题目不能带清单标签（标签会把回答原文带进需求/资源清单）', path: ['tags'] }
  }
  switch (q.type) {
    case 'single':
    case 'multi': {
      const options = q.options ?? []
      if (options.length < 2) return { message: `${typeLabel}至少需要2个选项`, path: ['options'] }
      const exclusive = options.findIndex((option) => option.exclusive !== undefined)
      if (q.type === 'single' && exclusive >= 0) {
        return { message: '单选题的选项本来就只能选一个，不需要设置互斥', path: ['options', exclusive, 'exclusive'] }
      }
      if (q.type === 'multi') {
        const { minSelect, maxSelect } = q
        if (minSelect !== undefined && minSelect > options.length) {
          return { message: `最少选择项数不能多于选项数（${options.length}项）`, path: ['minSelect'] }
        }
        if (maxSelect !== undefined && maxSelect > options.length) {
          return { message: `最多选择项数不能多于选项数（${options.length}项）`, path: ['maxSelect'] }
        }
        if (minSelect !== undefined && maxSelect !== undefined && minSelect > maxSelect) {
          return { message: '最少选择项数不能多于最多选择项数', path: ['minSelect'] }
        }
      }
      return undefined
    }
    case 'text':
      return q.maxLength !== undefined && q.maxLength > TEXT_LENGTH_MAX
        ? { message: `填空题的字数上限不能大于${TEXT_LENGTH_MAX}字，更长的回答请用多行文本题`, path: ['maxLength'] }
        : undefined
    case 'number':
      if (q.min !== undefined && q.max !== undefined && q.min > q.max) return { message: '最小值不能大于最大值', path: ['min'] }
      if (q.integer === true && q.min !== undefined && !Number.isInteger(q.min)) return { message: '只能填整数时，最小值也应是整数', path: ['min'] }
      if (q.integer === true && q.max !== undefined && !Number.isInteger(q.max)) return { message: '只能填整数时，最大值也应是整数', path: ['max'] }
      return undefined
    case 'date':
      if (q.minAt !== undefined && q.minOffsetDays !== undefined) {
        return { message: '最早日期请在固定日期和相对天数中选一种', path: ['minOffsetDays'] }
      }
      if (q.maxAt !== undefined && q.maxOffsetDays !== undefined) {
        return { message: '最晚日期请在固定日期和相对天数中选一种', path: ['maxOffsetDays'] }
      }
      if (q.minAt !== undefined && q.maxAt !== undefined && startOfDay(q.minAt) > startOfDay(q.maxAt)) {
        return { message: '最早日期不能晚于最晚日期', path: ['minAt'] }
      }
      if (q.minOffsetDays !== undefined && q.maxOffsetDays !== undefined && q.minOffsetDays > q.maxOffsetDays) {
        return { message: '最早日期不能晚于最晚日期', path: ['minOffsetDays'] }
      }
      return undefined
    case 'rating':
      return q.scale === undefined ? { message: '请选择评分范围', path: ['scale'] } : undefined
    case 'consent':
      if (q.statement === undefined) return { message: '请填写同意内容：收集哪些信息、用来做什么、谁能看到、保存多久', path: ['statement'] }
      return q.consent === undefined ? undefined : { message: '同意题不能再关联另一道同意题', path: ['consent'] }
    case 'note':
      return q.required === true ? { message: '说明文字不需要作答，不能设为必答', path: ['required'] } : undefined
    default:
      return undefined
  }
}

/** Keeps only the keys whose value is defined (so absent optional fields stay absent in stored JSON). */
function defined<T extends Record<string, unknown>>(fields: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) out[key] = value
  return out as { [K in keyof T]?: Exclude<T[K], undefined> }
}

/** The loose, checked question as its precise type, with the type's defaults filled in. */
function toQuestion(q: LooseQuestion): Question {
  const id = q.id
  const base: Omit<QuestionBase, 'id'> = {
    title: q.title,
    required: q.required ?? false,
    pii: q.pii ?? 'none',
    ...defined({ description: q.description, showIf: q.showIf, consent: q.consent })
  }
  switch (q.type) {
    case 'single':
      return { id, type: 'single', ...base, options: q.options ?? [] }
    case 'multi':
      return { id, type: 'multi', ...base, options: q.options ?? [], ...defined({ minSelect: q.minSelect, maxSelect: q.maxSelect }) }
    case 'text':
      return { id, type: 'text', ...base, maxLength: q.maxLength ?? TEXT_LENGTH_DEFAULT, ...defined({ format: q.format, tags: q.tags }) }
    case 'textarea':
      return { id, type: 'textarea', ...base, maxLength: q.maxLength ?? TEXTAREA_LENGTH_DEFAULT, ...defined({ tags: q.tags }) }
    case 'number':
      return { id, type: 'number', ...base, integer: q.integer ?? false, ...defined({ min: q.min, max: q.max, unit: q.unit }) }
    case 'date':
      return {
        id,
        type: 'date',
        ...base,
        ...defined({
          minAt: q.minAt === undefined ? undefined : startOfDay(q.minAt),
          maxAt: q.maxAt === undefined ? undefined : startOfDay(q.maxAt),
          minOffsetDays: q.minOffsetDays,
          maxOffsetDays: q.maxOffsetDays
        })
      }
    case 'rating':
      return { id, type: 'rating', ...base, scale: q.scale ?? '1-5', ...defined({ lowLabel: q.lowLabel, highLabel: q.highLabel }) }
    case 'region':
      return { id, type: 'region', ...base, levels: q.levels ?? REGION_MAX_LEVELS }
    case 'location':
      return { id, type: 'location', ...base }
    case 'image':
      return { id, type: 'image', ...base, maxCount: q.maxCount ?? IMAGE_COUNT_DEFAULT, maxSizeKB: q.maxSizeKB ?? IMAGE_SIZE_KB_DEFAULT }
    case 'consent':
      return { id, type: 'consent', ...base, statement: q.statement ?? '' }
    case 'note':
      return { id, type: 'note', ...base }
  }
}

export const questionSchema = z.pipe(s.refine(looseQuestionSchema, questionIssue), z.transform(toQuestion))

const jumpSchema = s.object({
  when: conditionSchema,
  to: s.string({ label: '跳转到', pattern: ID_PATTERN, patternHint: '应为页面编号或 end' })
})

export const pageSchema = s.object({
  id: idSchema('页面编号'),
  title: s.optional(s.string({ label: '页面标题', max: 40 })),
  description: s.optional(s.string({ label: '页面说明', max: 300, multiline: true })),
  questions: s.array(questionSchema, { label: '题目', min: 1, max: PAGE_QUESTIONS_MAX }),
  jumps: s.optional(s.array(jumpSchema, { label: '跳转规则', max: JUMPS_MAX }))
})

export const quotaSchema = s.object({
  id: idSchema('名额编号'),
  label: s.string({ label: '名额名称', min: 1, max: 30 }),
  limit: s.int({ label: '名额上限', min: 1, max: 1_000_000, unit: '份' }),
  when: s.optional(conditionSchema)
})

export const settingsSchema = s.object(
  {
    openAt: s.optional(s.instant({ label: '开始时间' })),
    closeAt: s.optional(s.instant({ label: '结束时间' })),
    limit: s.oneOf(RESPONSE_LIMITS, { label: '填写份数' }),
    channels: s.array(s.oneOf(CHANNELS, { label: '填写方式' }), { label: '填写方式', min: 1, max: CHANNELS.length }),
    quotas: s.optional(s.array(quotaSchema, { label: '名额', max: QUOTAS_MAX })),
    groupQuestion: s.optional(idSchema('身份题'))
  },
  { label: '设置' }
)

type Path = (string | number)[]

interface Placed {
  question: Question
  page: number
  /** Position among all questions of the definition. */
  order: number
  path: Path
}

const NUMERIC_TYPES: readonly QuestionType[] = ['number', 'rating', 'date']

/** Why `leaf` does not fit the question it reads, with the path (in the leaf) of the part at fault; undefined if it fits. */
function fitIssue(leaf: LeafCondition, target: Question): s.Issue | undefined {
  const name = questionName(target)
  if (target.type === 'note') return { message: `${name}是说明文字，不能作为条件`, path: ['question'] }
  switch (leaf.op) {
    case 'answered':
    case 'empty':
      return undefined
    case 'gt':
    case 'lt':
      return NUMERIC_TYPES.includes(target.type) ? undefined : { message: '“大于”“小于”只能用于数字、评分或日期题', path: ['question'] }
    case 'has':
    case 'notHas':
    case 'hasAll': {
      if (target.type === 'region') return undefined
      if (target.type !== 'multi') return { message: '“包含”类条件只能用于多选题或地区题', path: ['question'] }
      const values = leaf.op === 'hasAll' ? leaf.values : [leaf.value]
      const missing = values.findIndex((value) => !target.options.some((option) => option.value === value))
      if (missing < 0) return undefined
      return { message: `${values[missing]} 不是${name}的选项`, path: leaf.op === 'hasAll' ? ['values', missing] : ['value'] }
    }
    case 'eq':
    case 'neq':
    case 'in': {
      const values = leaf.op === 'in' ? leaf.values : [leaf.value]
      const at = (i: number) => (leaf.op === 'in' ? ['values', i] : ['value'])
      const check = (ok: (value: unknown) => boolean, message: (value: unknown) => string) => {
        const bad = values.findIndex((value) => !ok(value))
        return bad < 0 ? undefined : { message: message(values[bad]), path: at(bad) }
      }
      switch (target.type) {
        case 'single':
          return check(
            (value) => target.options.some((option) => option.value === value),
            (value) => `${String(value)} 不是${name}的选项`
          )
        case 'text':
        case 'textarea':
          return check((value) => typeof value === 'string', () => `${name}的回答是文字，比较值也应是文字`)
        case 'number':
        case 'rating':
        case 'date':
          return check((value) => typeof value === 'number', () => `${name}的回答是数字，比较值也应是数字`)
        case 'consent':
          return check((value) => value === true, () => `${name}只能比较“已同意”（true）`)
        default:
          return { message: `“等于”类条件不能用于${QUESTION_TYPE_LABELS[target.type]}，请用“包含”或“已回答”`, path: ['question'] }
      }
    }
  }
}

/**
 * Every structural problem of a definition whose shape is valid, in the order a builder lists them; each with the
 * path from the definition's root. The schema reports the first; the builder can show them all.
 */
export function structuralIssues(def: SurveyDefinition): s.Issue[] {
  const issues: s.Issue[] = []
  const pageIndex = new Map<string, number>()
  def.pages.forEach((page, p) => {
    if (page.id === END_OF_SURVEY) issues.push({ message: `页面编号不能是 ${END_OF_SURVEY}（它表示结束问卷）`, path: ['pages', p, 'id'] })
    else if (pageIndex.has(page.id)) issues.push({ message: `页面编号 ${page.id} 重复了`, path: ['pages', p, 'id'] })
    else pageIndex.set(page.id, p)
  })

  const placed = new Map<string, Placed>()
  const inOrder: Placed[] = []
  def.pages.forEach((page, p) =>
    page.questions.forEach((question, i) => {
      const path: Path = ['pages', p, 'questions', i]
      const here: Placed = { question, page: p, order: inOrder.length, path }
      inOrder.push(here)
      if (placed.has(question.id)) issues.push({ message: `题目编号 ${question.id} 重复了`, path: [...path, 'id'] })
      else placed.set(question.id, here)
      if (question.type === 'single' || question.type === 'multi') {
        const values = new Set<string>()
        const labels = new Set<string>()
        question.options.forEach((option, o) => {
          if (values.has(option.value)) issues.push({ message: `选项值 ${option.value} 重复了`, path: [...path, 'options', o, 'value'] })
          if (labels.has(option.label)) issues.push({ message: `选项“${option.label}”重复了`, path: [...path, 'options', o, 'label'] })
          values.add(option.value)
          labels.add(option.label)
        })
      }
    })
  )
  if (inOrder.length > QUESTIONS_MAX) issues.push({ message: `一份问卷最多${QUESTIONS_MAX}道题`, path: ['pages'] })
  if (!inOrder.some(({ question }) => isAnswerable(question))) {
    issues.push({ message: '问卷至少需要一道要回答的题目', path: ['pages'] })
  }

  /** Checks every leaf of a condition: the question exists, `where` allows it, and the leaf fits its type. */
  const checkCondition = (condition: Condition, base: Path, where: (target: Placed) => string | undefined) => {
    for (const { leaf, path } of leavesOf(condition)) {
      const target = placed.get(leaf.question)
      const at = [...base, ...path]
      if (!target) {
        issues.push({ message: `条件引用的题目 ${leaf.question} 不存在`, path: [...at, 'question'] })
        continue
      }
      const misplaced = where(target)
      if (misplaced !== undefined) {
        issues.push({ message: misplaced, path: [...at, 'question'] })
        continue
      }
      const misfit = fitIssue(leaf, target.question)
      if (misfit) issues.push({ message: misfit.message, path: [...at, ...(misfit.path ?? [])] })
    }
  }

  for (const here of inOrder) {
    const { question, path, order } = here
    if (question.showIf) {
      checkCondition(question.showIf, [...path, 'showIf'], (target) =>
        target.order === order
          ? '显示条件不能引用本题自己'
          : target.order > order
            ? `显示条件只能引用本题之前的题目（${questionName(target.question)}在本题之后）`
            : undefined
      )
    }
    if (question.consent !== undefined) {
      const consent = placed.get(question.consent)
      if (!consent || consent.question.type !== 'consent') {
        issues.push({ message: `关联的同意题 ${question.consent} 不存在或不是同意题`, path: [...path, 'consent'] })
      } else if (consent.order > order) {
        issues.push({ message: '同意题要放在需要同意的题目之前', path: [...path, 'consent'] })
      }
    } else if (isSensitive(question.pii)) {
      issues.push({
        message: `${questionName(question)}收集敏感个人信息（${PII_INFO[question.pii].label}），请在它之前加一道单独的同意题并关联它`,
        path: [...path, 'consent']
      })
    }
  }

  def.pages.forEach((page, p) =>
    (page.jumps ?? []).forEach((jump, j) => {
      const base: Path = ['pages', p, 'jumps', j]
      checkCondition(jump.when, [...base, 'when'], (target) =>
        target.page > p ? `跳转条件只能引用本页及之前的题目（${questionName(target.question)}在后面的页面）` : undefined
      )
      if (jump.to === END_OF_SURVEY) return
      const to = pageIndex.get(jump.to)
      if (to === undefined) issues.push({ message: `跳转到的页面 ${jump.to} 不存在`, path: [...base, 'to'] })
      else if (to <= p) issues.push({ message: '只能跳转到后面的页面', path: [...base, 'to'] })
    })
  )

  const { settings } = def
  const quotaIds = new Set<string>()
  ;(settings.quotas ?? []).forEach((quota, i) => {
    const base: Path = ['settings', 'quotas', i]
    if (quotaIds.has(quota.id)) issues.push({ message: `名额编号 ${quota.id} 重复了`, path: [...base, 'id'] })
    quotaIds.add(quota.id)
    if (quota.when) checkCondition(quota.when, [...base, 'when'], () => undefined)
  })
  if (settings.groupQuestion !== undefined) {
    const target = placed.get(settings.groupQuestion)?.question
    if (!target || target.type !== 'single') {
      issues.push({ message: `身份题 ${settings.groupQuestion} 不存在或不是单选题`, path: ['settings', 'groupQuestion'] })
    } else if (!target.options.every((option) => (USER_GROUPS as readonly string[]).includes(option.value))) {
      issues.push({ message: `身份题的选项值应为 ${USER_GROUPS.join('、')} 之一`, path: ['settings', 'groupQuestion'] })
    }
  }
  if (new Set(settings.channels).size !== settings.channels.length) {
    issues.push({ message: '填写方式重复了', path: ['settings', 'channels'] })
  }
  if (settings.openAt !== undefined && settings.closeAt !== undefined && settings.closeAt <= settings.openAt) {
    issues.push({ message: '结束时间要晚于开始时间', path: ['settings', 'closeAt'] })
  }
  return issues
}

const definitionShape = s.object(
  {
    title: s.string({ label: '问卷标题', min: 1, max: SURVEY_TITLE_MAX }),
    intro: s.optional(s.string({ label: '问卷说明', max: SURVEY_INTRO_MAX, multiline: true })),
    thanks: s.optional(s.string({ label: '提交后的说明', max: SURVEY_THANKS_MAX, multiline: true })),
    pages: s.array(pageSchema, { label: '页面', min: 1, max: PAGES_MAX }),
    settings: settingsSchema
  },
  { label: '问卷' }
)

/** The whole check: shape, then structure (its first issue). `validate(definitionSchema, input)` → SurveyDefinition. */
export const definitionSchema = s.refine(definitionShape, (def: SurveyDefinition) => structuralIssues(def)[0])

/** The definition, checked and with defaults filled in, or the first problem (field = its path in the definition). */
export const checkDefinition = (input: unknown): s.Checked<SurveyDefinition> => s.validate(definitionSchema, input)

/**
 * Every problem of a definition, for the builder to mark all at once: the shape problems if there are any (structure
 * cannot be judged before the shape is right), otherwise every structural one. Empty when the definition is valid.
 */
export function definitionProblems(input: unknown): Fail[] {
  const shape = s.validate(definitionShape, input)
  if (!shape.ok) return s.problems(definitionShape, input)
  return structuralIssues(shape.value).map((issue) =>
    fail('INVALID_INPUT', issue.message, (issue.path ?? []).length === 0 ? undefined : (issue.path ?? []).join('.'))
  )
}
