/**
 * The survey document's counters and versions. A submitted response is counted by ONE conditional update of the
 * survey — `responses` +1 and +1 on every quota it counts toward, only while the survey is still published at the
 * version the answers were judged by and every one of those quotas is below its limit — so a burst can never exceed a
 * quota and there is no count-then-insert race (core quotas.ts; the way course seats are taken). All quotas of a
 * response are taken together or not at all, so nothing is half-taken. The same update leaves the count's mark under
 * the response `_id` and only where there is none yet, so a response is counted once however often it is submitted,
 * crashes included (core counting.ts). Giving back (a count too many, a voided response) is the reverse increment.
 */
import type { CountingMark, SurveyDoc, SurveyVersion, SurveyVersionDoc } from '@core/survey'
import { _, type Patch, type Where } from '../../_shared'
import { store } from './collections'

const quotaPath = (id: string): string => `quotaCounts.${id}`
const markPath = (responseId: string): string => `counting.${responseId}`

/**
 * Counts the response `responseId` toward `mark.quotas` (with their limits) of `survey` as read, leaving `mark`. One
 * request; false when the survey or a quota moved on, or the response already has a mark.
 */
export async function countResponse(survey: SurveyDoc, responseId: string, mark: CountingMark, limits: Readonly<Record<string, number>>): Promise<boolean> {
  const where: Where = { _id: survey._id, status: 'published', version: survey.version, [markPath(responseId)]: _.exists(false) }
  const data: Patch = { responses: _.inc(1), [markPath(responseId)]: _.set(mark) }
  for (const id of mark.quotas) {
    where[quotaPath(id)] = _.lt(limits[id])
    data[quotaPath(id)] = _.inc(1)
  }
  return (await store.update('surveys', where, data)) === 1
}

/** Adopts the mark of a response counted elsewhere, while it is there. One request; false when it went meanwhile. */
export async function adoptMark(surveyId: string, responseId: string, mark: CountingMark): Promise<boolean> {
  const where: Where = { _id: surveyId, [`${markPath(responseId)}.countId`]: mark.countId }
  return (await store.update('surveys', where, { [`${markPath(responseId)}.adopted`]: _.inc(1) })) === 1
}

/** Clears the mark of a response stored under it: its count is the response's own. One request. */
export async function clearMark(surveyId: string, responseId: string, mark: CountingMark): Promise<void> {
  await store.update('surveys', { _id: surveyId, [`${markPath(responseId)}.countId`]: mark.countId }, { [markPath(responseId)]: _.remove() })
}

/**
 * Gives back the count of a mark, and removes the mark, together and only while the mark is there (so it is given back
 * once) — and, when `unadopted`, only while nobody adopted it. Quotas a later version removed have no counter to give
 * back to. One request, or three when the version changed since `survey` was read.
 */
export async function giveBackMark(survey: SurveyDoc, responseId: string, mark: CountingMark, unadopted = false): Promise<void> {
  let current = survey
  for (let attempt = 0; attempt < 2; attempt++) {
    const data: Patch = { responses: _.inc(-1), [markPath(responseId)]: _.remove() }
    for (const id of mark.quotas) if (Object.prototype.hasOwnProperty.call(current.quotaCounts, id)) data[quotaPath(id)] = _.inc(-1)
    const where: Where = { _id: survey._id, version: current.version, [`${markPath(responseId)}.countId`]: mark.countId }
    if (unadopted) where[`${markPath(responseId)}.adopted`] = _.exists(false)
    if ((await store.update('surveys', where, data)) === 1) return
    const fresh = await store.get('surveys', survey._id)
    const still = fresh?.counting?.[responseId]
    if (!fresh || still?.countId !== mark.countId || (unadopted && still.adopted !== undefined)) return
    current = fresh
  }
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
