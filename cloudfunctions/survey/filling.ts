/**
 * The respondent's side before submitting:
 *   list       {venueId?} → {items}: open questionnaires, then the ones the caller has a draft or a response for
 *   get        {surveyId} → {survey, draft?, submitted?}: one request (the survey with the caller's draft and response)
 *   saveDraft  {surveyId, answers, clientId, version?} → {draft, dropped}: two requests (load, write)
 * Drafts live on the server, one per person and survey, so a second device resumes the same answers; their personal
 * answers are sealed like a response's. The rules (what is visible, valid, open) are core's.
 */
import type {
  DraftView,
  GetSurveyOutput,
  ListSurveysInput,
  ListSurveysOutput,
  MyResponseMark,
  SaveDraftInput,
  SaveDraftOutput,
  SurveyListItem
} from '@core/api/survey'
import { DomainError, type Fail } from '@core/api/result'
import {
  acceptsChannel,
  availability,
  draftIdFor,
  keepValidAnswers,
  responseIdFor,
  surveyVersionIdFor,
  unavailableMessage,
  validateAnswers,
  type Availability,
  type ResponseDoc,
  type SurveyDefinition,
  type SurveyDoc,
  type SurveyDraftDoc,
  type SurveyVersionDoc
} from '@core/survey'
import { _, type Where } from '../_shared'
import { dataKeys } from './keys'
import { draftRecord } from './records'
import { loadSurvey, store } from './repo'
import { openAnswers } from './sealing'
import { listItem, surveyView } from './views'

export const surveyNotFound = (): DomainError => new DomainError('NOT_FOUND', '问卷不存在或还没有发布', 'surveyId')

/** A core Fail (an answer's problem) thrown as the action's answer. */
export const rejected = (problem: Fail): DomainError => new DomainError(problem.code, problem.message, problem.field)

/** Why a survey that is not open refuses a draft or a response. */
export function unavailable(state: Exclude<Availability, 'open'>, definition: SurveyDefinition): DomainError {
  if (state === 'draft') return surveyNotFound()
  return new DomainError(state === 'full' ? 'QUOTA_EXCEEDED' : 'CONFLICT', unavailableMessage(state, definition))
}

/** The survey a respondent may see: published or closed, never a draft being written. */
export function published(survey: SurveyDoc | undefined): SurveyDoc {
  if (!survey || survey.status === 'draft') throw surveyNotFound()
  return survey
}

/** The candidate ids of a self-filled response: per person (one-per-person) or per filling (unlimited). */
export const selfResponseIds = (surveyId: string, openid: string, clientId: string): string[] => [
  responseIdFor(surveyId, 'onePerPerson', { channel: 'self', openid, clientId }) as string,
  responseIdFor(surveyId, 'unlimited', { channel: 'self', openid, clientId }) as string
]

export interface FormVersion {
  version: number
  definition: SurveyDefinition
}

/**
 * The version a form was rendered from and its definition: the current one, or an earlier published one (so an edit
 * published while someone fills does not reject their answers). Anything else is a form to reload.
 */
export function formVersion(survey: SurveyDoc, stored: SurveyVersionDoc | null, asked: number | undefined): FormVersion {
  if (asked === undefined || asked === survey.version) return { version: survey.version, definition: survey.definition }
  if (asked < survey.version && stored && stored.version === asked) return { version: asked, definition: stored.definition }
  throw new DomainError('CONFLICT', '问卷已经更新，请刷新后重新填写', 'version')
}

/** A response the caller already has: submitting or saving again is refused or replayed by the caller. */
export const voidedResponse = (): DomainError => new DomainError('CONFLICT', '这份答卷已被服务中心作废，如有疑问请联系服务中心')

const LIST_FIELDS = { _id: true, title: true, status: true, version: true, venueId: true, 'definition.settings': true, quotaCounts: true }

type Listed = Pick<SurveyDoc, '_id' | 'title' | 'status' | 'version' | 'venueId' | 'definition' | 'quotaCounts'>

/** Closing soonest first; no closing time last. */
const byClosing = (a: SurveyListItem, b: SurveyListItem): number => (a.closeAt ?? Infinity) - (b.closeAt ?? Infinity)

export async function listSurveys(openid: string, input: ListSurveysInput, now: number): Promise<ListSurveysOutput> {
  const where: Where = { status: 'published' }
  if (input.venueId !== undefined) where.venueId = input.venueId
  const [open, responses, drafts] = await Promise.all([
    store.findAll('surveys', where, LIST_FIELDS) as Promise<Listed[]>,
    store.findAll('responses', { openid, status: 'submitted' }, { _id: true, surveyId: true, updatedAt: true }),
    store.findAll('surveyDrafts', { openid }, { _id: true, surveyId: true, savedAt: true })
  ])
  const marks = new Map<string, MyResponseMark>()
  for (const d of drafts) marks.set(d.surveyId, { status: 'draft', updatedAt: d.savedAt })
  for (const r of responses) marks.set(r.surveyId, { status: 'submitted', updatedAt: r.updatedAt })

  const seen = new Set(open.map((s) => s._id))
  const elsewhere = [...marks.keys()].filter((id) => !seen.has(id))
  const answered: Listed[] =
    elsewhere.length === 0
      ? []
      : await store.findAll('surveys', { ...where, _id: _.in(elsewhere), status: _.in(['published', 'closed']) }, LIST_FIELDS)

  const withMark = (survey: Listed): SurveyListItem => {
    const mark = marks.get(survey._id)
    return mark ? { ...listItem(survey, now), mine: mark } : listItem(survey, now)
  }
  const items = open.filter((s) => acceptsChannel(s.definition, 'self')).map(withMark)
  const first = items.filter((item) => item.availability === 'open').sort(byClosing)
  const rest = [...items.filter((item) => item.availability !== 'open' && item.mine), ...answered.map(withMark)].sort(
    (a, b) => (b.mine?.updatedAt ?? 0) - (a.mine?.updatedAt ?? 0)
  )
  return { items: [...first, ...rest] }
}

/** A draft as its owner resumes it: sealed answers opened, carried over to the current version. */
function draftView(draft: SurveyDraftDoc, survey: SurveyDoc, now: number): DraftView {
  const answers = { ...draft.answers, ...openAnswers(dataKeys(), draft._id, draft.sealed) }
  return {
    clientId: draft.clientId,
    version: draft.version,
    answers: draft.version === survey.version ? answers : keepValidAnswers(survey.definition, answers, now),
    savedAt: draft.savedAt
  }
}

/**
 * The questionnaire, the caller's draft and whether they already submitted. One request; for an unlimited survey with
 * a draft, one more to tell whether that filling was submitted meanwhile (then the draft is stale, not shown).
 */
export async function getSurvey(openid: string, surveyId: string, now: number): Promise<GetSurveyOutput> {
  const [perPerson] = selfResponseIds(surveyId, openid, '')
  const loaded = await loadSurvey(surveyId, { responses: [perPerson], draft: draftIdFor(surveyId, openid) })
  const survey = published(loaded?.survey)
  const out: GetSurveyOutput = { survey: surveyView(survey, now) }
  const mine = loaded?.responses.find((r) => r._id === perPerson && r.status === 'submitted')
  if (mine) out.submitted = { responseId: mine._id, submittedAt: mine.submittedAt ?? mine.createdAt }
  const draft = loaded?.draft
  if (!draft) return out
  if (survey.definition.settings.limit === 'onePerPerson') {
    if (!mine) out.draft = draftView(draft, survey, now)
    return out
  }
  const filled = await store.get('responses', responseIdFor(surveyId, 'unlimited', { channel: 'self', clientId: draft.clientId }) as string)
  if (!filled) out.draft = draftView(draft, survey, now)
  return out
}

/**
 * Saves the caller's answers so far (formats checked, required-ness not; hidden answers dropped). Refused once the
 * filling is submitted (a late save would bring back a draft nobody needs) or the survey is not open.
 */
export async function saveDraft(openid: string, input: SaveDraftInput, now: number): Promise<SaveDraftOutput> {
  const { surveyId, clientId } = input
  const loaded = await loadSurvey(surveyId, {
    responses: selfResponseIds(surveyId, openid, clientId),
    ...(input.version === undefined ? {} : { version: surveyVersionIdFor(surveyId, input.version) })
  })
  const survey = published(loaded?.survey)
  const form = formVersion(survey, loaded?.version ?? null, input.version)
  const state = availability(survey, now)
  if (state !== 'open') throw unavailable(state, survey.definition)
  if (!acceptsChannel(survey.definition, 'self')) throw selfNotAccepted()
  const id = responseIdFor(surveyId, survey.definition.settings.limit, { channel: 'self', openid, clientId })
  const existing: ResponseDoc | undefined = loaded?.responses.find((r) => r._id === id)
  if (existing?.status === 'void') throw voidedResponse()
  if (existing) throw new DomainError('CONFLICT', '您已经提交过这份问卷，不需要再保存')

  const checked = validateAnswers(form.definition, input.answers, { now, mode: 'draft' })
  if (!checked.ok) throw rejected(checked)
  const draftId = draftIdFor(surveyId, openid)
  const { _id, ...doc } = draftRecord({
    keys: dataKeys(),
    draftId,
    surveyId,
    openid,
    clientId,
    version: form.version,
    definition: form.definition,
    answers: checked.value.answers,
    now
  })
  await store.setDoc('surveyDrafts', _id, doc)
  return { draft: { clientId, version: form.version, answers: checked.value.answers, savedAt: now }, dropped: checked.value.dropped }
}

export const selfNotAccepted = (): DomainError => new DomainError('FORBIDDEN', '这份问卷由服务中心工作人员走访录入，不需要自己填写')
