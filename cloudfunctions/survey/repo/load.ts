/**
 * What a respondent's action needs, in ONE database request: the survey, and beside it the caller's response, draft,
 * profile and the version their form was rendered from, each looked up by its deterministic `_id` in the same
 * aggregate (`addFields` puts the ids on the survey row, one equality `lookup` per id). `get` is this one request;
 * `saveDraft` and `submit` start with it. An id not asked for is not looked up.
 */
import type { ResponseDoc, SurveyDoc, SurveyDraftDoc, SurveyVersionDoc } from '@core/survey'
import type { UserDoc } from '@core/user'
import { _ } from '../../_shared'
import { store } from './collections'

/**
 * The `_id`s to look up beside the survey. `responses` takes every id the caller's response could have (which one it
 * is depends on the survey's limit, known only once the survey is read).
 */
export interface Beside {
  responses?: string[]
  draft?: string
  user?: string
  version?: string
}

export interface Loaded {
  survey: SurveyDoc
  /** Responses found under the asked ids: pick by `_id`. */
  responses: ResponseDoc[]
  draft: SurveyDraftDoc | null
  user: UserDoc | null
  version: SurveyVersionDoc | null
}

interface Lookup {
  /** Where the id is put on the row, and where what it finds lands (names no SurveyDoc field has). */
  key: string
  from: string
  id: string
}

type Row = SurveyDoc & { lookupIds?: unknown } & Record<string, unknown>

const found = (row: Row, key: string): unknown[] => (Array.isArray(row[`with_${key}`]) ? (row[`with_${key}`] as unknown[]) : [])

/** The survey and what was asked beside it; null when there is no such survey. One request. */
export async function loadSurvey(surveyId: string, beside: Beside = {}): Promise<Loaded | null> {
  const $ = _.aggregate
  const lookups: Lookup[] = [
    ...(beside.responses ?? []).map((id, i) => ({ key: `response${i}`, from: 'responses', id })),
    ...(beside.draft === undefined ? [] : [{ key: 'draft', from: 'surveyDrafts', id: beside.draft }]),
    ...(beside.user === undefined ? [] : [{ key: 'user', from: 'users', id: beside.user }]),
    ...(beside.version === undefined ? [] : [{ key: 'version', from: 'surveyVersions', id: beside.version }])
  ]
  let pipeline = store.aggregate('surveys').match({ _id: surveyId })
  if (lookups.length > 0) {
    // Literals: an id is data, never a field path, whatever characters it holds.
    pipeline = pipeline.addFields({ lookupIds: Object.fromEntries(lookups.map(({ key, id }) => [key, $.literal(id)])) })
    for (const { key, from } of lookups) pipeline = pipeline.lookup({ from, localField: `lookupIds.${key}`, foreignField: '_id', as: `with_${key}` })
  }
  const [row] = await store.rows<Row>(pipeline.limit(1))
  if (!row) return null
  const survey = { ...row }
  delete survey.lookupIds
  for (const { key } of lookups) delete survey[`with_${key}`]
  const one = <T>(key: string): T | null => (found(row, key)[0] as T | undefined) ?? null
  return {
    survey,
    responses: lookups.filter((l) => l.from === 'responses').flatMap((l) => found(row, l.key) as ResponseDoc[]),
    draft: one<SurveyDraftDoc>('draft'),
    user: one<UserDoc>('user'),
    version: one<SurveyVersionDoc>('version')
  }
}
