/**
 * Stored documents → what the API answers (core/api/survey.ts): respondents see the questionnaire without its quotas
 * and group setting; organizers see counters; a response in a list shows every answer as text, personal ones only in
 * their stored masked form (nothing is decrypted to list responses).
 */
import type { ManagedSurvey, ResponseListItem, SubmittedResponse, SurveyListItem, SurveyView } from '@core/api/survey'
import {
  answerText,
  availability,
  collectedPiiText,
  displayAnswer,
  findQuestion,
  type ResponseDoc,
  type SurveyDefinition,
  type SurveyDoc
} from '@core/survey'

/** The questionnaire as the filling page renders it (DESIGN.md §3 ⚑ get → data.survey). */
export function surveyView(survey: SurveyDoc, now: number): SurveyView {
  const { settings, ...definition } = survey.definition
  const { openAt, closeAt, limit, channels } = settings
  return {
    ...definition,
    _id: survey._id,
    version: survey.version,
    status: survey.status,
    availability: availability(survey, now),
    settings: { limit, channels, ...(openAt === undefined ? {} : { openAt }), ...(closeAt === undefined ? {} : { closeAt }) },
    collects: collectedPiiText(survey.definition)
  }
}

/** A survey in a respondent's list (the caller's mark is added by the list). */
export function listItem(survey: Pick<SurveyDoc, '_id' | 'title' | 'status' | 'version' | 'venueId' | 'definition' | 'quotaCounts'>, now: number): SurveyListItem {
  const { openAt, closeAt } = survey.definition.settings
  return {
    _id: survey._id,
    title: survey.title,
    status: survey.status,
    version: survey.version,
    availability: availability(survey, now),
    venueId: survey.venueId,
    ...(openAt === undefined ? {} : { openAt }),
    ...(closeAt === undefined ? {} : { closeAt })
  }
}

/** A survey as organizers list it. */
export function managedSurvey(survey: SurveyDoc, now: number): ManagedSurvey {
  const view: ManagedSurvey = {
    _id: survey._id,
    venueId: survey.venueId,
    title: survey.title,
    status: survey.status,
    version: survey.version,
    availability: availability(survey, now),
    responses: survey.responses,
    quotaCounts: survey.quotaCounts,
    createdAt: survey.createdAt,
    updatedAt: survey.updatedAt
  }
  if (survey.publishedAt !== undefined) view.publishedAt = survey.publishedAt
  if (survey.closedAt !== undefined) view.closedAt = survey.closedAt
  return view
}

/** What a submit answers about the stored response. */
export const submittedView = (response: ResponseDoc): SubmittedResponse => ({
  _id: response._id,
  surveyId: response.surveyId,
  version: response.version,
  status: 'submitted',
  channel: response.channel,
  submittedAt: response.submittedAt ?? response.createdAt
})

/**
 * A response in the organizer's list: open answers as text by the definition of its version (labels, units, days),
 * personal ones as stored masked.
 */
export function responseListItem(response: ResponseDoc, definition: SurveyDefinition | undefined): ResponseListItem {
  const answers: Record<string, string> = {}
  for (const [questionId, value] of Object.entries(response.answers)) {
    const question = definition === undefined ? undefined : findQuestion(definition, questionId)
    answers[questionId] = question === undefined ? answerText(value) : displayAnswer(question, value)
  }
  for (const [questionId, sealed] of Object.entries(response.sealed)) answers[questionId] = sealed.masked
  const item: ResponseListItem = {
    _id: response._id,
    version: response.version,
    status: response.status,
    channel: response.channel,
    group: response.group,
    submittedAt: response.submittedAt ?? response.createdAt,
    answers,
    personal: Object.keys(response.sealed)
  }
  if (response.enteredBy) item.enteredBy = response.enteredBy.name
  if (response.visit) item.visit = { place: response.visit.place, at: response.visit.at }
  return item
}
