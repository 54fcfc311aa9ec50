/**
 * The documents a submit or a saved draft stores, built in one place from validated answers: the open answers as they
 * are, the personal ones sealed (sealing.ts), the facets results count (core results.ts), the draft list entries the
 * tags file (core entries.ts). The function writes exactly these; the local cloud's demo data and the benchmark build
 * theirs through the same functions, so seeded responses are indistinguishable from submitted ones.
 *
 * Nothing here talks to the database or reads the clock: ids, the instant and the keys come in.
 */
import type { ProxyEntryInput } from '@core/api/survey'
import {
  answerFacets,
  coarseLocation,
  draftEntries,
  respondentPhoneMaterial,
  separatePii,
  type Answers,
  type Channel,
  type EntryDoc,
  type RespondentGroup,
  type ResponseDoc,
  type SurveyDefinition,
  type SurveyDraftDoc,
  type VisitRecord
} from '@core/survey'
import { keyedHash, type DataKeys } from '../_shared/sealing'
import { sealAnswers } from './sealing'

/** Who entered a response from a visit (走访录入), and what they recorded. */
export interface ProxyRecord {
  enteredBy: { openid: string; name: string }
  visit: VisitRecord
  phoneHash?: string
}

export interface ResponseRecordInput {
  keys: DataKeys
  /** responseIdFor() of the survey, limit and person. */
  responseId: string
  survey: { _id: string; venueId: string }
  /** The version the answers follow, and its definition. */
  version: number
  definition: SurveyDefinition
  /** Validated and canonical (core validateAnswers). */
  answers: Answers
  channel: Channel
  /** The respondent, for self-filled responses. */
  openid?: string
  proxy?: ProxyRecord
  clientId: string
  group: RespondentGroup
  /** Quota ids taken for it. */
  quotas: string[]
  /** The count it is stored under (core counting.ts); absent for responses seeded with their counters. */
  countId?: string
  now: number
}

/** A submitted response as stored. */
export function responseRecord(input: ResponseRecordInput): ResponseDoc {
  const { keys, responseId, survey, definition, answers, now } = input
  const { open, protected: personal } = separatePii(definition, answers)
  const doc: ResponseDoc = {
    _id: responseId,
    surveyId: survey._id,
    venueId: survey.venueId,
    version: input.version,
    status: 'submitted',
    channel: input.channel,
    clientId: input.clientId,
    group: input.group,
    answers: open,
    sealed: sealAnswers(keys, survey._id, responseId, personal),
    sealedWith: keys.id,
    facets: answerFacets(definition, answers),
    quotas: input.quotas,
    submittedAt: now,
    createdAt: now,
    updatedAt: now
  }
  if (input.countId !== undefined) doc.countId = input.countId
  if (input.openid !== undefined) doc.openid = input.openid
  if (input.proxy) {
    doc.enteredBy = input.proxy.enteredBy
    doc.visit = input.proxy.visit
    if (input.proxy.phoneHash !== undefined) doc.phoneHash = input.proxy.phoneHash
  }
  return doc
}

/**
 * The draft list entries of a stored response. They are read from its open answers: tags never sit on personal
 * questions (definition.ts), so the open answers hold everything an entry needs, and the entries of a response can be
 * filed again from the stored response alone (a retried submit repairs a crash between the two writes).
 */
export function entryRecords(response: ResponseDoc, definition: SurveyDefinition, now: number): EntryDoc[] {
  const respondent = {
    responseId: response._id,
    surveyId: response.surveyId,
    version: response.version,
    venueId: response.venueId,
    channel: response.channel,
    group: response.group
  }
  return draftEntries(definition, response.answers, respondent).map((entry) => ({ ...entry, createdAt: now, updatedAt: now }))
}

export interface DraftRecordInput {
  keys: DataKeys
  draftId: string
  surveyId: string
  openid: string
  clientId: string
  version: number
  definition: SurveyDefinition
  answers: Answers
  now: number
}

/** A saved draft as stored: personal answers sealed like a response's. */
export function draftRecord(input: DraftRecordInput): SurveyDraftDoc {
  const { open, protected: personal } = separatePii(input.definition, input.answers)
  return {
    _id: input.draftId,
    surveyId: input.surveyId,
    openid: input.openid,
    clientId: input.clientId,
    version: input.version,
    answers: open,
    sealed: sealAnswers(input.keys, input.surveyId, input.draftId, personal),
    sealedWith: input.keys.id,
    savedAt: input.now,
    updatedAt: input.now
  }
}

/** The keyed hash that dedupes visit entries of one survey by the respondent's phone, or undefined without one. */
export function respondentPhoneHash(keys: DataKeys, surveyId: string, phone: string | undefined): string | undefined {
  const material = phone === undefined ? undefined : respondentPhoneMaterial(phone)
  return material === undefined ? undefined : keyedHash(keys, surveyId, material)
}

/** What a visit entry records: place, time, the location to about 1 km, and who heard the verbal consent, when. */
export function visitRecord(proxy: ProxyEntryInput, now: number): VisitRecord {
  return {
    place: proxy.visitPlace,
    at: proxy.visitAt,
    ...(proxy.location === undefined ? {} : { location: coarseLocation(proxy.location) }),
    verbalConsent: { by: proxy.entererName, at: now }
  }
}
