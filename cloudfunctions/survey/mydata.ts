/**
 * 我的数据 in function `survey` (issue 10, PII): the questionnaires the caller answered, with their own answers in
 * full, and erasing them.
 *   myData        → {responses, drafts}: personal answers are opened here, inside the function holding the key
 *   deleteMyData  → {removed, anonymized, cancelled: 0}
 *
 * Drafts are removed. A submitted (or voided) response stays for the survey's results, quotas and the 需求清单's
 * demand, anonymized (core/erasure.ts): re-keyed away from `<surveyId>_u_<openid>`, without the openid, the sealed
 * personal answers, any free text or photos (their files are deleted); its list entries follow it to the new id without the respondent's words.
 * Counters (`responses`, quota counts, item demand) are untouched because no counted record disappears.
 *
 * Idempotent: each response gets its own random anonymous id, written onto it first (`erasedAs`), so a retry reuses
 * it; copies go in before originals are removed, and a copy already there is a duplicate-key no-op.
 */
import { randomBytes } from 'crypto'
import type { DeleteMyDataOutput, MyAnswerRecord, MyResponseRecord, SurveyMyDataOutput } from '@core/api/mydata'
import { anonymizedEntry, anonymizedResponse, anonymizedResponseId, ERASED_PREFIX, type ErasureMark } from '@core/erasure'
import { allQuestions, displayAnswer, surveyVersionIdFor, type ResponseDoc, type SurveyDefinition } from '@core/survey'
import { _, deleteStoredFiles, isDuplicateKeyError } from '../_shared'
import { dataKeys } from './keys'
import { store } from './repo'
import { openAnswers } from './sealing'

type Marked = ResponseDoc & ErasureMark

/** The definition each response was answered with (its version), and each survey's title. */
async function definitionsOf(responses: readonly ResponseDoc[]): Promise<{ defs: Map<string, SurveyDefinition>; titles: Map<string, string> }> {
  const surveyIds = [...new Set(responses.map((r) => r.surveyId))]
  const versionIds = [...new Set(responses.map((r) => surveyVersionIdFor(r.surveyId, r.version)))]
  const [surveys, versions] = await Promise.all([
    surveyIds.length === 0 ? [] : store.findAll('surveys', { _id: _.in(surveyIds) }),
    versionIds.length === 0 ? [] : store.findAll('surveyVersions', { _id: _.in(versionIds) })
  ])
  const defs = new Map<string, SurveyDefinition>()
  for (const s of surveys) defs.set(surveyVersionIdFor(s._id, s.version), s.definition)
  for (const v of versions) defs.set(v._id, v.definition)
  return { defs, titles: new Map(surveys.map((s) => [s._id, s.title])) }
}

const defOf = (defs: Map<string, SurveyDefinition>, r: ResponseDoc): SurveyDefinition | null => defs.get(surveyVersionIdFor(r.surveyId, r.version)) ?? null

/** The person's answers in question order, personal ones opened, each as the form shows it. */
function readableAnswers(response: ResponseDoc, def: SurveyDefinition | null): MyAnswerRecord[] {
  const values = { ...response.answers, ...openAnswers(dataKeys(), response._id, response.sealed) }
  const questions = def ? allQuestions(def) : []
  const known = new Set(questions.map((q) => q.id))
  return [
    ...questions.filter((q) => Object.prototype.hasOwnProperty.call(values, q.id)).map((q) => ({ questionId: q.id, title: q.title, text: displayAnswer(q, values[q.id]) })),
    ...Object.keys(values)
      .filter((id) => !known.has(id))
      .map((id) => ({ questionId: id, title: id, text: JSON.stringify(values[id]) }))
  ]
}

export async function myData(openid: string): Promise<SurveyMyDataOutput> {
  const [responses, drafts] = await Promise.all([store.findAll('responses', { openid }), store.findAll('surveyDrafts', { openid })])
  const { defs, titles } = await definitionsOf(responses)
  const draftSurveys = drafts.length === 0 ? [] : await store.findAll('surveys', { _id: _.in(drafts.map((d) => d.surveyId)) }, { title: true })
  const draftTitle = new Map(draftSurveys.map((s) => [s._id, s.title]))
  return {
    responses: responses
      .map(
        (r): MyResponseRecord => ({
          _id: r._id,
          surveyId: r.surveyId,
          title: titles.get(r.surveyId) ?? '',
          status: r.status,
          ...(r.submittedAt === undefined ? {} : { submittedAt: r.submittedAt }),
          answers: readableAnswers(r, defOf(defs, r))
        })
      )
      .sort((a, b) => (b.submittedAt ?? 0) - (a.submittedAt ?? 0)),
    drafts: drafts.map((d) => ({ surveyId: d.surveyId, title: draftTitle.get(d.surveyId) ?? '', savedAt: d.savedAt }))
  }
}

/** The anonymous id of `response`: the one an interrupted erasure wrote onto it, or a new one written now. */
async function anonymousIdOf(response: Marked): Promise<string> {
  if (response.erasedAs !== undefined) return response.erasedAs
  const fresh = `${ERASED_PREFIX}${randomBytes(12).toString('hex')}`
  if ((await store.update('responses', { _id: response._id, erasedAs: _.exists(false) }, { erasedAs: fresh })) === 1) return fresh
  const again: Marked | null = await store.get('responses', response._id)
  return again?.erasedAs ?? fresh
}

async function insertOnce(write: Promise<string>): Promise<void> {
  try {
    await write
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err
  }
}

/** The photos the person answered with (image questions): files of theirs that the anonymized response drops. */
function photosOf(response: ResponseDoc, def: SurveyDefinition | null): string[] {
  const images = (def ? allQuestions(def) : []).filter((q) => q.type === 'image').map((q) => response.answers[q.id])
  return images.flatMap((value) => (Array.isArray(value) ? value.filter((id): id is string => typeof id === 'string') : []))
}

/** Moves one response and its list entries to its anonymous id; answers how many records it kept anonymized. */
async function anonymize(response: Marked, def: SurveyDefinition | null): Promise<number> {
  const anonId = await anonymousIdOf(response)
  await deleteStoredFiles(photosOf(response, def))
  const newId = anonymizedResponseId(response.surveyId, anonId)
  await insertOnce(store.insert('responses', anonymizedResponse(response, def, anonId)))
  const entries = await store.findAll('listEntries', { responseId: response._id })
  for (const entry of entries) {
    await insertOnce(store.insert('listEntries', anonymizedEntry(entry, newId)))
    await store.removeDoc('listEntries', entry._id)
  }
  // An organizer's withdrawal or unmasking stays on record, pointing at the anonymized response.
  await store.update('audit', { target: `responses/${response._id}` }, { target: `responses/${newId}` })
  await store.removeDoc('responses', response._id)
  return 1 + entries.length
}

export async function deleteMyData(openid: string): Promise<DeleteMyDataOutput> {
  const [responses, drafts] = await Promise.all([
    store.findAll('responses', { openid }) as Promise<Marked[]>,
    store.findAll('surveyDrafts', { openid }, { _id: true })
  ])
  await Promise.all(drafts.map((d) => store.removeDoc('surveyDrafts', d._id)))
  const { defs } = await definitionsOf(responses)
  let anonymized = 0
  for (const response of responses) anonymized += await anonymize(response, defOf(defs, response))
  return { removed: drafts.length, anonymized, cancelled: 0 }
}
