/**
 * The survey document's counters and versions. A submitted response is counted by ONE conditional update of the
 * survey — `responses` +1 and +1 on every quota it counts toward, only while the survey is still published at the
 * version the answers were judged by and every one of those quotas is below its limit — so a burst can never exceed a
 * quota and there is no count-then-insert race (core quotas.ts; the way course seats are taken). All quotas of a
 * response are taken together or not at all, so nothing is half-taken. Giving back (a duplicate that lost the insert,
 * a voided response) is the reverse increment.
 */
import type { Quota, SurveyDoc, SurveyVersion, SurveyVersionDoc } from '@core/survey'
import { _, type Patch, type Where } from '../../_shared'
import { store } from './collections'

const quotaPath = (id: string): string => `quotaCounts.${id}`

/** Counts one response toward `quotas` of `survey` as read. One request; false when the survey or a quota moved on. */
export async function countResponse(survey: SurveyDoc, quotas: readonly Quota[]): Promise<boolean> {
  const where: Where = { _id: survey._id, status: 'published', version: survey.version }
  const data: Patch = { responses: _.inc(1) }
  for (const quota of quotas) {
    where[quotaPath(quota.id)] = _.lt(quota.limit)
    data[quotaPath(quota.id)] = _.inc(1)
  }
  return (await store.update('surveys', where, data)) === 1
}

/**
 * Gives back a counted response: `responses` −1 and −1 on each of `quotaIds` the survey still counts (a quota an edit
 * removed has no counter to give back to, and must not get a negative one). One request, or one per quota when the
 * version changed since `survey` was read.
 */
export async function uncountResponse(survey: SurveyDoc, quotaIds: readonly string[]): Promise<void> {
  const data: Patch = { responses: _.inc(-1) }
  const held = quotaIds.filter((id) => Object.prototype.hasOwnProperty.call(survey.quotaCounts, id))
  for (const id of held) data[quotaPath(id)] = _.inc(-1)
  if ((await store.update('surveys', { _id: survey._id, version: survey.version }, data)) === 1) return
  await store.updateDoc('surveys', survey._id, { responses: _.inc(-1) })
  for (const id of held) await store.update('surveys', { _id: survey._id, [quotaPath(id)]: _.exists(true) }, { [quotaPath(id)]: _.inc(-1) })
}

/** Every published version of a survey, ascending. One request per 1000 versions. */
export async function publishedVersions(surveyId: string): Promise<SurveyVersionDoc[]> {
  return (await store.findAll('surveyVersions', { surveyId })).sort((a, b) => a.version - b.version)
}

/**
 * The versions results and exports span: the published ones, and the current definition as its version when it has
 * not been stored as one (a draft's preview, or a version saved since).
 */
export function versionsWithCurrent(survey: SurveyDoc, published: readonly SurveyVersionDoc[]): SurveyVersion[] {
  const versions: SurveyVersion[] = published.map(({ version, definition }) => ({ version, definition }))
  if (!versions.some((v) => v.version === survey.version)) versions.push({ version: survey.version, definition: survey.definition })
  return versions.sort((a, b) => a.version - b.version)
}

/** The definition responses of `version` were given, from the survey or its versions. */
export function definitionOf(survey: SurveyDoc, published: readonly SurveyVersionDoc[], version: number): SurveyVersion['definition'] | undefined {
  if (version === survey.version) return survey.definition
  return published.find((v) => v.version === version)?.definition
}
