/**
 * API of the `survey` function (DESIGN.md §3 ⚑ list, get, submit, results): input schemas and output types, shared by
 * the function and the client. The rules behind them live in core/survey.
 *
 *   respondents (any signed-in user)
 *     list        {venueId?} → {items}: open questionnaires, and the ones the caller answered, each with its mark
 *     get         {surveyId} → {survey, draft?, submitted?}: what to render, and where the caller left off
 *     saveDraft   {surveyId, answers, clientId, version?} → {draft, dropped}: server-side draft, resumable on any
 *                 device (formats are checked, required-ness is not; answers to hidden questions are dropped)
 *     submit      {surveyId, answers, clientId, version?, proxy?} → {response, replayed, thanks}: idempotent by
 *                 clientId; one per person where the survey says so. `proxy` = an organizer entering a visit (走访录入)
 *   organizers (their own centres; admins all)
 *     listManaged {venueId?, status?} → {items, venues}: also the centres the caller manages (to create in, to review)
 *     getDefinition {surveyId, version?} → {survey, definition, versions}: for the builder and JSON export
 *     save        {surveyId?, venueId, definition} → {survey, newVersion}: create, or edit (a new version once published)
 *     publish     {surveyId} → {survey}          close {surveyId} → {survey}
 *     duplicate   {surveyId, title?} → {survey}: a new draft with the same definition
 *     results     {surveyId, shareable?} → {results}: per-question statistics and cross-tabs; `shareable` suppresses
 *                 small cells (< 5) for anything shown beyond organizers
 *     responses   {surveyId, channel?, version?, offset?, limit?} → {items, total}: personal answers masked
 *     export      {surveyId, reveal?} → {fileID, tempFileURL, fileName, rows}: xlsx, masked unless `reveal` (admin)
 *     voidResponse {responseId, reason} → {response}: withdraws a response (test entry, duplicate); frees its quotas
 *     reviewList  {venueId, list?} → {groups, items}: draft list entries grouped by taxonomy code; approved items
 *     reviewDecide {venueId, list, code, decision, …} → {decided, item?}
 *   admin
 *     unmask      {responseId, questionId, reason} → {value}: one personal answer in full; writes an audit entry
 *     rotateKeys  {limit?} → {keyId, resealed, remaining}: responses and drafts sealed again with the current data
 *                 key (core/api/data-keys.ts)
 */
import * as z from 'zod/mini'
import { idSchema } from '../booking/model'
import * as s from '../schema'
import type { RotateKeysInput, RotateKeysOutput } from './data-keys'
import {
  CHANNELS,
  definitionSchema,
  ENTRY_LISTS,
  normalizeMobile,
  REVIEW_DECISIONS,
  SURVEY_STATUSES,
  targetProblem,
  type Answers,
  type Availability,
  type Channel,
  type EntryList,
  type ListItemDoc,
  type ResponseStatus,
  type RespondentGroup,
  type ReviewDecision,
  type ReviewGroup,
  type SurveyDefinition,
  type SurveyResults,
  type SurveyStatus
} from '../survey'
import type { Action } from './action'

const surveyId = idSchema('问卷')
const venueId = idSchema('服务中心')
const responseId = idSchema('答卷')

/** Made once per filling (or per visit entry) by the client and kept with its local copy: a retry is the same submit. */
export const clientIdSchema = s.string({ label: '提交编号', pattern: /^[A-Za-z0-9_-]{8,64}$/, patternHint: '格式不正确' })

/**
 * Question id → value (DESIGN.md §3 ⚑). Only "an object" is checked here; the questionnaire decides the rest
 * (core/survey validateAnswers), which needs the survey the function loads.
 */
export const answersSchema = s.refine(z.custom<Record<string, unknown>>(), (value) =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? undefined : { message: '答案格式不正确' }
)

export const listSurveysSchema = s.object({ venueId: s.optional(venueId) })

export const getSurveySchema = s.object({ surveyId })

/**
 * The version the form was rendered from. Answers are checked against that version while it is the current one or an
 * earlier published one, so an edit published while someone is filling does not reject their answers (responses keep
 * their version); absent = the current version.
 */
const versionSchema = s.int({ label: '问卷版本', min: 1 })

export const saveDraftSchema = s.object({ surveyId, answers: answersSchema, clientId: clientIdSchema, version: s.optional(versionSchema) })

/** What an organizer records when entering a response from a visit (走访录入). */
export const proxyEntrySchema = s.object(
  {
    visitPlace: s.string({ label: '走访地点', min: 1, max: 60 }),
    visitAt: s.instant({ label: '走访时间' }),
    /** GCJ-02; stored rounded to about 1 km. */
    location: s.optional(
      s.object(
        { lat: s.number({ label: '纬度', min: -90, max: 90 }), lng: s.number({ label: '经度', min: -180, max: 180 }) },
        { label: '走访位置' }
      )
    ),
    /** The respondent agreed aloud after hearing the consent text; `entererName` is who heard it. */
    verbalConsent: s.literal(true, { label: '口头同意', message: '请先向受访者说明并取得口头同意' }),
    entererName: s.string({ label: '录入人姓名', min: 1, max: 20 }),
    /** Dedupes visit entries (keyed hash); required when the survey takes one response per person. */
    respondentPhone: s.optional(
      s.refine(s.string({ label: '受访者手机号', min: 1, max: 20 }), (phone) =>
        normalizeMobile(phone) === undefined ? { message: '受访者手机号格式不正确' } : undefined
      )
    )
  },
  { label: '走访信息' }
)

export const submitSurveySchema = s.object({
  surveyId,
  answers: answersSchema,
  clientId: clientIdSchema,
  version: s.optional(versionSchema),
  proxy: s.optional(proxyEntrySchema)
})

export const listManagedSurveysSchema = s.object({
  venueId: s.optional(venueId),
  status: s.optional(s.oneOf(SURVEY_STATUSES, { label: '问卷状态' }))
})

export const getSurveyDefinitionSchema = s.object({ surveyId, version: s.optional(s.int({ label: '版本', min: 1 })) })

/** Create (no surveyId) or edit. Editing a published or closed survey makes a new version. */
export const saveSurveySchema = s.object({ surveyId: s.optional(surveyId), venueId, definition: definitionSchema })

export const publishSurveySchema = s.object({ surveyId })

export const closeSurveySchema = s.object({ surveyId })

export const duplicateSurveySchema = s.object({ surveyId, title: s.optional(s.string({ label: '问卷标题', min: 1, max: 40 })) })

export const surveyResultsSchema = s.object({ surveyId, shareable: s.optional(s.boolean({ label: '对外展示' })) })

export const RESPONSES_PAGE_MAX = 100

export const surveyResponsesSchema = s.object({
  surveyId,
  channel: s.optional(s.oneOf(CHANNELS, { label: '填写方式' })),
  version: s.optional(s.int({ label: '版本', min: 1 })),
  offset: s.optional(s.int({ label: '起始位置', min: 0 })),
  limit: s.optional(s.int({ label: '每页条数', min: 1, max: RESPONSES_PAGE_MAX }))
})

export const exportSurveySchema = s.object({ surveyId, reveal: s.optional(s.boolean({ label: '显示完整个人信息' })) })

export const voidResponseSchema = s.object({ responseId, reason: s.string({ label: '作废原因', min: 2, max: 100 }) })

export const reviewListSchema = s.object({ venueId, list: s.optional(s.oneOf(ENTRY_LISTS, { label: '清单' })) })

const codeSchema = s.string({ label: '分类代码', pattern: /^[A-Z][A-Z0-9_]{0,39}$/, patternHint: '格式不正确' })

/** What reviewDecide's optional fields are called in messages. */
const FIELD_NAMES = { toCode: '新分类', itemId: '合并目标', title: '条目名称', reason: '不采纳原因' } as const

/**
 * approve {title?}: into the item for this code (created on first approval). recode {toCode}: another code of the
 * same list, still to review. merge {itemId}: into an existing item of the same list. reject {reason?}.
 */
export const reviewDecideSchema = s.refine(
  s.object({
    venueId,
    list: s.oneOf(ENTRY_LISTS, { label: '清单' }),
    code: codeSchema,
    decision: s.oneOf(REVIEW_DECISIONS, { label: '处理方式' }),
    toCode: s.optional(codeSchema),
    itemId: s.optional(idSchema('清单条目')),
    title: s.optional(s.string({ label: '清单条目名称', min: 1, max: 30 })),
    reason: s.optional(s.string({ label: '不采纳原因', max: 100 }))
  }),
  (input) => {
    const extra = (field: 'toCode' | 'itemId' | 'title' | 'reason', allowed: ReviewDecision) =>
      input[field] !== undefined && input.decision !== allowed ? { message: `这种处理方式不需要填写${FIELD_NAMES[field]}`, path: [field] } : undefined
    const unexpected = extra('toCode', 'recode') ?? extra('itemId', 'merge') ?? extra('title', 'approve') ?? extra('reason', 'reject')
    if (unexpected) return unexpected
    if (input.decision === 'recode') {
      if (input.toCode === undefined) return { message: '请选择新的分类', path: ['toCode'] }
      const problem = targetProblem(input.list, input.code, input.toCode)
      return problem === undefined ? undefined : { message: problem, path: ['toCode'] }
    }
    if (input.decision === 'merge' && input.itemId === undefined) return { message: '请选择要合并到的清单条目', path: ['itemId'] }
    return undefined
  }
)

export const unmaskSchema = s.object({
  responseId,
  questionId: s.string({ label: '题目', pattern: /^[A-Za-z][A-Za-z0-9_]{0,31}$/, patternHint: '不正确' }),
  reason: s.string({ label: '查看原因', min: 2, max: 100 })
})

export type ListSurveysInput = s.Infer<typeof listSurveysSchema>
export type GetSurveyInput = s.Infer<typeof getSurveySchema>
export type SaveDraftInput = s.Infer<typeof saveDraftSchema>
export type ProxyEntryInput = s.Infer<typeof proxyEntrySchema>
export type SubmitSurveyInput = s.Infer<typeof submitSurveySchema>
export type ListManagedSurveysInput = s.Infer<typeof listManagedSurveysSchema>
export type GetSurveyDefinitionInput = s.Infer<typeof getSurveyDefinitionSchema>
export type SaveSurveyInput = s.Infer<typeof saveSurveySchema>
export type PublishSurveyInput = s.Infer<typeof publishSurveySchema>
export type CloseSurveyInput = s.Infer<typeof closeSurveySchema>
export type DuplicateSurveyInput = s.Infer<typeof duplicateSurveySchema>
export type SurveyResultsInput = s.Infer<typeof surveyResultsSchema>
export type SurveyResponsesInput = s.Infer<typeof surveyResponsesSchema>
export type ExportSurveyInput = s.Infer<typeof exportSurveySchema>
export type VoidResponseInput = s.Infer<typeof voidResponseSchema>
export type ReviewListInput = s.Infer<typeof reviewListSchema>
export type ReviewDecideInput = s.Infer<typeof reviewDecideSchema>
export type UnmaskInput = s.Infer<typeof unmaskSchema>

/** The caller's own response to a listed survey. */
export interface MyResponseMark {
  status: Extract<ResponseStatus, 'draft' | 'submitted'>
  updatedAt: number
}

export interface SurveyListItem {
  _id: string
  title: string
  status: SurveyStatus
  version: number
  availability: Availability
  venueId: string
  openAt?: number
  closeAt?: number
  /** Present when the caller has a draft or a submitted response. */
  mine?: MyResponseMark
}

export interface ListSurveysOutput {
  /** Open ones first (closing soonest first), then the rest the caller answered. */
  items: SurveyListItem[]
}

/** What respondents are told of the settings (quotas and the group question stay with organizers). */
export type PublicSettings = Pick<SurveyDefinition['settings'], 'openAt' | 'closeAt' | 'limit' | 'channels'>

/** A questionnaire as the filling page renders it (DESIGN.md §3 ⚑ get → data.survey). */
export interface SurveyView extends Omit<SurveyDefinition, 'settings'> {
  _id: string
  version: number
  status: SurveyStatus
  availability: Availability
  settings: PublicSettings
  /** '手机号、位置（行踪）': what personal information it may ask, for the notice on the first screen. */
  collects: string
}

export interface DraftView {
  clientId: string
  /** The version the draft was saved under; answers were carried over to the current one (keepValidAnswers). */
  version: number
  answers: Answers
  savedAt: number
}

export interface GetSurveyOutput {
  survey: SurveyView
  /** The caller's draft, to resume (also one saved on another device). */
  draft?: DraftView
  /** The caller already submitted (one-per-person surveys then show the thank-you instead of the form). */
  submitted?: { responseId: string; submittedAt: number }
}

export interface SaveDraftOutput {
  draft: DraftView
  /** Ids whose answers were dropped because the question is not shown. */
  dropped: string[]
}

export interface SubmittedResponse {
  _id: string
  surveyId: string
  version: number
  status: 'submitted'
  channel: Channel
  submittedAt: number
}

export interface SubmitSurveyOutput {
  response: SubmittedResponse
  /** True when this clientId (or this person, for one-per-person surveys) had already submitted: nothing new stored. */
  replayed: boolean
  /** The thank-you text with what happens next. */
  thanks: string
}

/** A survey in the organizer's list. */
export interface ManagedSurvey {
  _id: string
  venueId: string
  title: string
  status: SurveyStatus
  version: number
  availability: Availability
  /** Submitted responses, all versions. */
  responses: number
  quotaCounts: Record<string, number>
  publishedAt?: number
  closedAt?: number
  createdAt: number
  updatedAt: number
}

/** A service centre as the organizer's pages name it. */
export interface ManagedVenue {
  _id: string
  name: string
}

export interface ListManagedSurveysOutput {
  items: ManagedSurvey[]
  /** The centres the caller manages (every centre for an admin), by name: where a new survey can go, whose lists to review. */
  venues: ManagedVenue[]
}

export interface GetSurveyDefinitionOutput {
  survey: ManagedSurvey
  /** The requested version's definition (the current one by default). */
  definition: SurveyDefinition
  version: number
  /** Every published version, ascending. */
  versions: number[]
}

export interface SaveSurveyOutput {
  survey: ManagedSurvey
  /** The edit made a new version (the survey had been published). */
  newVersion: boolean
}

export interface SurveyOutput {
  survey: ManagedSurvey
}

export interface SurveyResultsOutput {
  survey: ManagedSurvey
  /** Versions the results span. */
  versions: number[]
  results: SurveyResults
}

/** A response as the organizer's list shows it: every answer as text, personal ones masked. */
export interface ResponseListItem {
  _id: string
  version: number
  status: ResponseStatus
  channel: Channel
  group: RespondentGroup
  submittedAt: number
  enteredBy?: string
  visit?: { place: string; at: number }
  /** Question id → display text (masked where personal). */
  answers: Record<string, string>
  /** Ids of the personal answers (which an admin may unmask). */
  personal: string[]
}

export interface SurveyResponsesOutput {
  items: ResponseListItem[]
  total: number
}

export interface ExportSurveyOutput {
  fileID: string
  /** A temporary download link. */
  tempFileURL: string
  fileName: string
  rows: number
  masked: boolean
}

export interface VoidResponseOutput {
  response: ResponseListItem
}

export interface ReviewListOutput {
  /** Draft entries by code, needs first. */
  groups: ReviewGroup[]
  /** The centre's approved list items, most demand first. */
  items: ListItemDoc[]
}

export interface ReviewDecideOutput {
  /** Entries that changed. */
  decided: number
  /** The item they were approved or merged into. */
  item?: ListItemDoc
  /** recode: the code they now wait under. */
  code?: string
  list: EntryList
}

export interface UnmaskOutput {
  questionId: string
  /** The full answer as text. */
  value: string
}

/** The `survey` entry of FunctionApi. */
export interface SurveyApi {
  list: Action<ListSurveysInput, ListSurveysOutput>
  get: Action<GetSurveyInput, GetSurveyOutput>
  saveDraft: Action<SaveDraftInput, SaveDraftOutput>
  submit: Action<SubmitSurveyInput, SubmitSurveyOutput>
  listManaged: Action<ListManagedSurveysInput, ListManagedSurveysOutput>
  getDefinition: Action<GetSurveyDefinitionInput, GetSurveyDefinitionOutput>
  save: Action<SaveSurveyInput, SaveSurveyOutput>
  publish: Action<PublishSurveyInput, SurveyOutput>
  close: Action<CloseSurveyInput, SurveyOutput>
  duplicate: Action<DuplicateSurveyInput, SurveyOutput>
  results: Action<SurveyResultsInput, SurveyResultsOutput>
  responses: Action<SurveyResponsesInput, SurveyResponsesOutput>
  export: Action<ExportSurveyInput, ExportSurveyOutput>
  voidResponse: Action<VoidResponseInput, VoidResponseOutput>
  reviewList: Action<ReviewListInput, ReviewListOutput>
  reviewDecide: Action<ReviewDecideInput, ReviewDecideOutput>
  unmask: Action<UnmaskInput, UnmaskOutput>
  rotateKeys: Action<RotateKeysInput, RotateKeysOutput>
}
