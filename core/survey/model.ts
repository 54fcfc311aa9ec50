/**
 * The stored shapes of questionnaires (DESIGN.md §4 surveys, responses; plus each published version and the draft
 * list entries), the deterministic ids that make writes idempotent, and whether a survey takes responses now.
 *
 * Ids: one response per person is a unique key, not a check — the response `_id` is built from the survey and the
 * person (`${surveyId}_u_${openid}` for self-filled, `${surveyId}_p_${phoneHash}` for entries from visits, which dedupe
 * by the keyed hash of the respondent's phone), so a second device or a hundred concurrent submits find the same
 * document. Unlimited surveys key by the client's `clientId`, which makes a retried submit the same response.
 */
import { formatDateTime } from '../time'
import type { DraftEntry, EntryStatus } from './entries'
import type { Channel, ResponseLimit, SurveyDefinition } from './definition'
import type { CountingMark } from './counting'
import { isSurveyFull } from './quotas'
import type { RespondentGroup } from './respondent'
import type { Facet } from './results'
import type { PiiClass } from './pii'
import type { Answers, GeoPoint } from './values'

export const SURVEY_STATUSES = ['draft', 'published', 'closed'] as const
/** draft: being written, never seen by respondents; published: answerable within its window; closed: ended early. */
export type SurveyStatus = (typeof SURVEY_STATUSES)[number]
export const SURVEY_STATUS_LABELS: Record<SurveyStatus, string> = { draft: '草稿', published: '已发布', closed: '已结束' }

export interface SurveyDoc {
  _id: string
  /** The service centre that runs it: its organizers manage it (admins manage all). */
  venueId: string
  status: SurveyStatus
  /** The current version; 1 until a published survey is edited. */
  version: number
  /** Copied from the definition so lists need not read it. */
  title: string
  definition: SurveyDefinition
  /** Counter per quota id (quotas.ts); every quota of the current version has one. */
  quotaCounts: Record<string, number>
  /** Submitted responses (all versions). */
  responses: number
  /** Responses counted and not yet known stored, by response `_id` (counting.ts). */
  counting?: Record<string, CountingMark>
  publishedAt?: number
  closedAt?: number
  createdBy: string
  createdAt: number
  updatedAt: number
}

/** A version as published: responses of that version are read with it. `_id` = surveyVersionIdFor(). */
export interface SurveyVersionDoc {
  _id: string
  surveyId: string
  version: number
  definition: SurveyDefinition
  publishedAt: number
}

export const surveyVersionIdFor = (surveyId: string, version: number): string => `${surveyId}-v${version}`

export const RESPONSE_STATUSES = ['draft', 'submitted', 'void'] as const
/** draft: saved while filling (resumable on any device); submitted: counted; void: withdrawn by an organizer. */
export type ResponseStatus = (typeof RESPONSE_STATUSES)[number]

/** A personal answer at rest: the function fills `cipher` (AES-256-GCM) and `hash` (keyed); core gives `masked`. */
export interface SealedAnswer {
  pii: PiiClass
  cipher: string
  masked: string
  hash?: string
}

/** What an organizer records about a visit (走访录入). */
export interface VisitRecord {
  place: string
  at: number
  /** GCJ-02, rounded to about 1 km unless the respondent consented to more. */
  location?: GeoPoint
  /** The respondent agreed verbally; the organizer who heard it is named. */
  verbalConsent: { by: string; at: number }
}

export interface ResponseDoc {
  _id: string
  surveyId: string
  venueId: string
  /** The version the answers follow. */
  version: number
  status: ResponseStatus
  channel: Channel
  /** The respondent, for self-filled responses. */
  openid?: string
  /** The organizer who entered a proxy response (openid and name as entered). */
  enteredBy?: { openid: string; name: string }
  visit?: VisitRecord
  /** Keyed hash of the respondent's phone, for proxy dedupe. */
  phoneHash?: string
  clientId: string
  group: RespondentGroup
  /** Answers without personal information. */
  answers: Answers
  /** Personal answers, sealed, by question id. */
  sealed: Record<string, SealedAnswer>
  /** The id of the data key that sealed them (absent on records stored before keys rotated). */
  sealedWith?: string
  /** For results (results.ts `answerFacets`, written on submit). */
  facets: Facet[]
  /** Quota ids this response took (given back if it is voided). */
  quotas: string[]
  /** The count it was stored under (counting.ts); absent on responses stored before counts were marked. */
  countId?: string
  submittedAt?: number
  /** Why and by whom an organizer withdrew it (status 'void'). */
  voided?: { by: string; reason: string; at: number }
  createdAt: number
  updatedAt: number
}

/**
 * A respondent's unsubmitted answers, kept on the server so any device resumes them (saveDraft). One per person and
 * survey (`_id` = draftIdFor()), whatever the survey's limit; personal answers sealed as in a response; removed when
 * the response is submitted.
 */
export interface SurveyDraftDoc {
  _id: string
  surveyId: string
  openid: string
  /** The filling it belongs to: submitting it is submitting this clientId. */
  clientId: string
  /** The version the answers were checked against. */
  version: number
  answers: Answers
  sealed: Record<string, SealedAnswer>
  sealedWith?: string
  savedAt: number
  updatedAt: number
}

export const draftIdFor = (surveyId: string, openid: string): string => `${surveyId}_d_${openid}`

/** A draft list entry as stored (entries.ts), later approved into a list item or rejected. */
export interface EntryDoc extends Omit<DraftEntry, 'status'> {
  status: EntryStatus
  /** The list item it was approved into. */
  itemId?: string
  /**
   * Whether it added one to its item's demand: false when its response was already counted there (a person who chose
   * 法律咨询 and 劳动纠纷 is one person when both are merged into one item).
   */
  counted?: boolean
  /** The code it was filed under before an organizer recoded it. */
  recodedFrom?: string
  /** The organizer who approved or rejected it, when, and why it was rejected. */
  decidedBy?: string
  decidedAt?: number
  rejectReason?: string
  createdAt: number
  updatedAt: number
}

export interface ResponseIdentity {
  channel: Channel
  /** The caller, for self-filled responses. */
  openid?: string
  /** Hex keyed hash of the respondent's phone, for proxy responses. */
  phoneHash?: string
  clientId: string
}

/**
 * The response `_id`: per person under onePerPerson (openid for self, phone hash for proxy), per clientId otherwise.
 * Undefined when the identity needed is missing (a proxy response to a one-per-person survey needs the phone).
 */
export function responseIdFor(surveyId: string, limit: ResponseLimit, who: ResponseIdentity): string | undefined {
  if (limit === 'unlimited') return `${surveyId}_c_${who.clientId}`
  if (who.channel === 'self') return who.openid ? `${surveyId}_u_${who.openid}` : undefined
  return who.phoneHash ? `${surveyId}_p_${who.phoneHash.slice(0, 40)}` : undefined
}

export const AVAILABILITIES = ['draft', 'upcoming', 'open', 'closed', 'full'] as const
export type Availability = (typeof AVAILABILITIES)[number]
export const AVAILABILITY_LABELS: Record<Availability, string> = {
  draft: '未发布',
  upcoming: '未开始',
  open: '进行中',
  closed: '已结束',
  full: '名额已满'
}

/** Whether the survey takes responses at `now`: status, window [openAt, closeAt), and the overall quota. */
export function availability(survey: Pick<SurveyDoc, 'status' | 'definition' | 'quotaCounts'>, now: number): Availability {
  if (survey.status === 'draft') return 'draft'
  if (survey.status === 'closed') return 'closed'
  const { openAt, closeAt } = survey.definition.settings
  if (openAt !== undefined && now < openAt) return 'upcoming'
  if (closeAt !== undefined && now >= closeAt) return 'closed'
  return isSurveyFull(survey.definition, survey.quotaCounts) ? 'full' : 'open'
}

/** Why a survey that is not open refuses a response, for the person trying. */
export function unavailableMessage(availability: Availability, definition: SurveyDefinition): string {
  switch (availability) {
    case 'draft':
      return '问卷还没有发布'
    case 'upcoming':
      return definition.settings.openAt === undefined
        ? '问卷还没开始'
        : `问卷将于${formatDateTime(definition.settings.openAt)}开始`
    case 'full':
      return '问卷名额已满，感谢您的关注'
    case 'closed':
      return '问卷已结束，感谢您的关注'
    case 'open':
      return ''
  }
}

/** What the thank-you page says when the questionnaire does not say what happens next. */
export const DEFAULT_THANKS = '感谢您的填写！我们会整理大家的需求和资源，对接结果会在“服务”页公布。'

export const thanksFor = (definition: SurveyDefinition): string => definition.thanks ?? DEFAULT_THANKS

export const acceptsChannel = (definition: SurveyDefinition, channel: Channel): boolean =>
  definition.settings.channels.includes(channel)

/**
 * The version after an organizer saves an edit: a survey never published is edited in place; once published (also
 * when closed) the edit is a new version, so responses keep the definition they were given.
 */
export const versionAfterSave = (status: SurveyStatus, version: number): { version: number; isNew: boolean } =>
  status === 'draft' ? { version, isNew: false } : { version: version + 1, isNew: true }
