/**
 * What organizers do with submitted responses (their own centres; admins all):
 *   results       {surveyId, shareable?} → {survey, versions, results}: statistics and cross-tabs by respondent group
 *                 and channel, counted by the database (one aggregate pipeline over the facets each response stored),
 *                 never by loading responses into the function; `shareable` suppresses small cells (core results.ts)
 *   responses     {surveyId, channel?, version?, offset?, limit?} → {items, total}: a page, personal answers masked
 *   voidResponse  {responseId, reason} → {response}: withdrawn; its quotas and its list entries given back
 *   unmask        {responseId, questionId, reason} → {value}: one personal answer in full, admins only, audited
 * The xlsx export is export.ts.
 */
import type {
  SurveyResponsesInput,
  SurveyResponsesOutput,
  SurveyResultsInput,
  SurveyResultsOutput,
  UnmaskInput,
  UnmaskOutput,
  VoidResponseInput,
  VoidResponseOutput
} from '@core/api/survey'
import { DomainError } from '@core/api/result'
import {
  answerText,
  displayAnswer,
  findQuestion,
  shareableResults,
  surveyStats,
  surveyVersionIdFor,
  type Channel,
  type FacetCount,
  type RespondentGroup,
  type ResponseDoc
} from '@core/survey'
import { hasRole } from '@core/user'
import { _, audit, requireVenue, type Where } from '../_shared'
import { dataKeys } from './keys'
import { managedSurveyDoc, type Ctx } from './manage'
import { definitionOf, publishedVersions, store, uncountResponse, versionsWithCurrent } from './repo'
import { openAnswer } from './sealing'
import { managedSurvey, responseListItem } from './views'

/** Rows per page of an aggregate (the platform answers 20 without a $limit). */
const AGGREGATE_PAGE = 1000

interface FacetRow {
  _id: { q: string; v?: string | number | null; group: RespondentGroup; channel: Channel }
  count: number
  sum?: number | null
  min?: number | null
  max?: number | null
}

/**
 * The facet counts of a survey's submitted responses (core results.ts): match → unwind → group by question, value,
 * respondent group and channel. One request per 1000 rows; the rows grow with questions × values, not responses.
 */
async function facetCounts(surveyId: string): Promise<FacetCount[]> {
  const $ = _.aggregate
  const out: FacetCount[] = []
  for (let skip = 0; ; skip += AGGREGATE_PAGE) {
    const rows = await store.rows<FacetRow>(
      store
        .aggregate('responses')
        .match({ surveyId, status: 'submitted' })
        .project({ facets: 1, group: 1, channel: 1 })
        .unwind('$facets')
        .group({
          _id: { q: '$facets.q', v: '$facets.v', group: '$group', channel: '$channel' },
          count: $.sum(1),
          sum: $.sum('$facets.n'),
          min: $.min('$facets.n'),
          max: $.max('$facets.n')
        })
        .sort({ '_id.q': 1, '_id.v': 1, '_id.group': 1, '_id.channel': 1 })
        .skip(skip)
        .limit(AGGREGATE_PAGE)
    )
    for (const row of rows) {
      out.push({ q: row._id.q, v: row._id.v ?? null, group: row._id.group, channel: row._id.channel, count: row.count, sum: row.sum, min: row.min, max: row.max })
    }
    if (rows.length < AGGREGATE_PAGE) return out
  }
}

export async function results(ctx: Ctx<SurveyResultsInput>): Promise<SurveyResultsOutput> {
  const [survey, published] = await Promise.all([managedSurveyDoc(ctx, ctx.input.surveyId), publishedVersions(ctx.input.surveyId)])
  const versions = versionsWithCurrent(survey, published)
  const stats = surveyStats(versions, await facetCounts(survey._id))
  return {
    survey: managedSurvey(survey, ctx.now),
    versions: versions.map((v) => v.version),
    results: shareableResults(stats, { shareable: ctx.input.shareable ?? false })
  }
}

/** The list's page size when none is asked. */
const RESPONSES_PAGE = 20

export async function listResponses(ctx: Ctx<SurveyResponsesInput>): Promise<SurveyResponsesOutput> {
  const { surveyId, channel, version, offset = 0, limit = RESPONSES_PAGE } = ctx.input
  const [survey, published] = await Promise.all([managedSurveyDoc(ctx, surveyId), publishedVersions(surveyId)])
  const where: Where = { surveyId: survey._id, status: _.in(['submitted', 'void']) }
  if (channel !== undefined) where.channel = channel
  if (version !== undefined) where.version = version
  const [page, total] = await Promise.all([
    store.find('responses', where, { limit, skip: offset, orderBy: ['submittedAt', 'desc'], fields: { facets: false } }),
    store.count('responses', where)
  ])
  return { items: page.map((response) => responseListItem(response, definitionOf(survey, published, response.version))), total }
}

const responseNotFound = (): DomainError => new DomainError('NOT_FOUND', '答卷不存在', 'responseId')

/** The response, if the caller manages its centre. One request. */
async function managedResponse(ctx: Ctx<unknown>, responseId: string): Promise<ResponseDoc> {
  const response = await store.get('responses', responseId)
  if (!response || response.status === 'draft') throw responseNotFound()
  requireVenue(ctx.user, response.venueId)
  return response
}

/**
 * Takes back what a voided response counted in the list review: drafts are rejected; entries already approved leave
 * their item (its demand drops by one), each flipped conditionally so two voids cannot take one back twice.
 */
async function withdrawEntries(ctx: Ctx<unknown>, responseId: string): Promise<void> {
  const decided = { decidedBy: ctx.openid, decidedAt: ctx.now, rejectReason: '答卷已作废', updatedAt: ctx.now }
  const [, approved] = await Promise.all([
    store.update('listEntries', { responseId, status: 'draft' }, { status: 'rejected', ...decided }),
    store.findAll('listEntries', { responseId, status: 'approved' })
  ])
  for (const entry of approved) {
    if ((await store.update('listEntries', { _id: entry._id, status: 'approved' }, { status: 'rejected', ...decided })) !== 1) continue
    if (entry.itemId === undefined || entry.counted === false) continue
    await store.updateDoc('listItems', entry.itemId, {
      demand: _.inc(-1),
      [`byGroup.${entry.group}`]: _.inc(-1),
      [`byChannel.${entry.channel}`]: _.inc(-1),
      updatedAt: ctx.now
    })
  }
}

export async function voidResponse(ctx: Ctx<VoidResponseInput>): Promise<VoidResponseOutput> {
  const response = await managedResponse(ctx, ctx.input.responseId)
  const survey = await store.get('surveys', response.surveyId)
  const definition = survey ? definitionOf(survey, [], response.version) : undefined
  if (response.status === 'void') return { response: responseListItem(response, definition) }
  const voided = { by: ctx.openid, reason: ctx.input.reason, at: ctx.now }
  const flipped = (await store.update('responses', { _id: response._id, status: 'submitted' }, { status: 'void', voided, updatedAt: ctx.now })) === 1
  if (flipped) {
    if (survey) await uncountResponse(survey, response.quotas)
    await withdrawEntries(ctx, response._id)
    await audit(ctx, 'voidResponse', `responses/${response._id}`, { surveyId: response.surveyId, reason: ctx.input.reason, quotas: response.quotas })
  }
  const after = (await store.get('responses', response._id)) ?? { ...response, status: 'void' as const, voided, updatedAt: ctx.now }
  return { response: responseListItem(after, definition) }
}

/** One personal answer in full: admins only, with a reason, and an audit entry naming who saw what and why. */
export async function unmask(ctx: Ctx<UnmaskInput>): Promise<UnmaskOutput> {
  if (!hasRole(ctx.user, 'admin')) throw new DomainError('FORBIDDEN', '只有管理员可以查看完整的个人信息')
  const { responseId, questionId, reason } = ctx.input
  const response = await managedResponse(ctx, responseId)
  const sealed = Object.prototype.hasOwnProperty.call(response.sealed, questionId) ? response.sealed[questionId] : undefined
  if (!sealed) throw new DomainError('NOT_FOUND', '这道题没有需要查看的个人信息', 'questionId')
  const [survey, version] = await Promise.all([
    store.get('surveys', response.surveyId),
    store.get('surveyVersions', surveyVersionIdFor(response.surveyId, response.version))
  ])
  const definition = version?.definition ?? (survey && survey.version === response.version ? survey.definition : undefined)
  const question = definition === undefined ? undefined : findQuestion(definition, questionId)
  const value = openAnswer(dataKeys(), response._id, questionId, sealed)
  await audit(ctx, 'unmask', `responses/${response._id}`, { questionId, pii: sealed.pii, reason })
  return { questionId, value: question ? displayAnswer(question, value) : answerText(value) }
}
