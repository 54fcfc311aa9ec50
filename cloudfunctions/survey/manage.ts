/**
 * The organizer's questionnaires (管理端), each scoped to the centres the caller manages (_shared/scope.ts: another
 * centre's survey answers FORBIDDEN; an admin manages all):
 *   listManaged    {venueId?, status?} → {items, venues}
 *   getDefinition  {surveyId, version?} → {survey, definition, version, versions}: for the builder and JSON export
 *   save           {surveyId?, venueId, definition} → {survey, newVersion}
 *   publish / close {surveyId} → {survey}
 *   duplicate      {surveyId, title?} → {survey}: a new draft with the same definition
 *
 * Versions: a survey never published is edited in place; once published (also when closed) an edit becomes the next
 * version at once and responses keep the version they answered (core versionAfterSave, versionConflicts). Each version
 * respondents could see is kept in `surveyVersions` before it stops being current — at publication, and again before
 * each new version replaces it — so results and exports can read every response with its own definition.
 * Quota counters exist from creation on (a conditional increment cannot match a missing field); an edit adds the
 * counters of new quotas and drops those of removed ones, never rewriting a live count.
 * Every write leaves an `audit` entry.
 */
import type {
  DuplicateSurveyInput,
  GetSurveyDefinitionInput,
  GetSurveyDefinitionOutput,
  ListManagedSurveysInput,
  ListManagedSurveysOutput,
  SaveSurveyInput,
  SaveSurveyOutput,
  SurveyOutput
} from '@core/api/survey'
import { DomainError } from '@core/api/result'
import { definitionWording, quotaCounts, surveyVersionIdFor, versionAfterSave, versionConflicts, type SurveyDefinition, type SurveyDoc } from '@core/survey'
import { managedVenues } from '@core/user'
import { _, audit, isDuplicateKeyError, requireShownTextsSafe, requireVenue, venueCondition, type ActionContext, type Patch, type Where } from '../_shared'
import { definitionOf, publishedVersions, store } from './repo'
import { managedSurvey } from './views'

/** What an organizer action receives: the framework has loaded the caller's account. */
export type Ctx<I> = ActionContext<I, 'organizer'>

const notFound = (): DomainError => new DomainError('NOT_FOUND', '问卷不存在或已被删除', 'surveyId')

/** The survey, if the caller manages its centre. One request. */
export async function managedSurveyDoc(ctx: Ctx<unknown>, surveyId: string): Promise<SurveyDoc> {
  const survey = await store.get('surveys', surveyId)
  if (!survey) throw notFound()
  requireVenue(ctx.user, survey.venueId)
  return survey
}

/** Keeps the survey's current definition as its version (once respondents may have seen it). One request. */
async function keepVersion(survey: SurveyDoc, now: number): Promise<void> {
  try {
    await store.insert('surveyVersions', {
      _id: surveyVersionIdFor(survey._id, survey.version),
      surveyId: survey._id,
      version: survey.version,
      definition: survey.definition,
      publishedAt: survey.publishedAt ?? now
    })
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err
  }
}

/** The counter changes an edit makes: new quotas start at 0, removed ones go, live ones are left alone. */
function quotaCounterPatch(before: Readonly<Record<string, number>>, next: SurveyDefinition): Patch {
  const patch: Patch = {}
  const kept = new Set((next.settings.quotas ?? []).map((quota) => quota.id))
  for (const id of kept) if (!Object.prototype.hasOwnProperty.call(before, id)) patch[`quotaCounts.${id}`] = 0
  for (const id of Object.keys(before)) if (!kept.has(id)) patch[`quotaCounts.${id}`] = _.remove()
  return patch
}

const changedMeanwhile = (): DomainError => new DomainError('CONFLICT', '问卷刚被其他人修改过，请刷新后再试')

export async function listManaged(ctx: Ctx<ListManagedSurveysInput>): Promise<ListManagedSurveysOutput> {
  const where: Where = {}
  const venue = venueCondition(ctx.user, ctx.input.venueId)
  if (venue !== undefined) where.venueId = venue
  if (ctx.input.status !== undefined) where.status = ctx.input.status
  // The pages stay on the server: a list needs the settings (availability), not the questions.
  const managed = managedVenues(ctx.user)
  const [surveys, venues] = await Promise.all([
    store.findAll('surveys', where, { 'definition.pages': false }),
    store.findAll('venues', managed === 'all' ? {} : { _id: _.in(managed) }, { name: true })
  ])
  return {
    items: surveys.sort((a, b) => b.updatedAt - a.updatedAt).map((survey) => managedSurvey(survey, ctx.now)),
    venues: venues.map((venue) => ({ _id: venue._id, name: venue.name })).sort((a, b) => a.name.localeCompare(b.name, 'zh'))
  }
}

export async function getDefinition(ctx: Ctx<GetSurveyDefinitionInput>): Promise<GetSurveyDefinitionOutput> {
  const [survey, versions] = await Promise.all([managedSurveyDoc(ctx, ctx.input.surveyId), publishedVersions(ctx.input.surveyId)])
  const version = ctx.input.version ?? survey.version
  const definition = definitionOf(survey, versions, version)
  if (!definition) throw new DomainError('NOT_FOUND', `问卷没有第${version}版`, 'version')
  // The current version of a published (or closed) survey counts as published before its own copy is kept.
  const numbers = versions.map((v) => v.version)
  if (survey.status !== 'draft' && !numbers.includes(survey.version)) numbers.push(survey.version)
  return { survey: managedSurvey(survey, ctx.now), definition, version, versions: numbers }
}

async function create(ctx: Ctx<SaveSurveyInput>): Promise<SaveSurveyOutput> {
  const { venueId, definition } = ctx.input
  requireVenue(ctx.user, venueId, 'venueId')
  if (!(await store.get('venues', venueId))) throw new DomainError('NOT_FOUND', '所选服务中心不存在', 'venueId')
  const doc: Omit<SurveyDoc, '_id'> = {
    venueId,
    status: 'draft',
    version: 1,
    title: definition.title,
    definition,
    quotaCounts: quotaCounts(definition),
    responses: 0,
    createdBy: ctx.openid,
    createdAt: ctx.now,
    updatedAt: ctx.now
  }
  const _id = await store.insert('surveys', doc)
  await audit(ctx, 'saveSurvey', `surveys/${_id}`, { created: true, title: doc.title, venueId })
  return { survey: managedSurvey({ _id, ...doc }, ctx.now), newVersion: false }
}

/** Create, or edit (in place while a draft, as the next version once published). */
export async function save(ctx: Ctx<SaveSurveyInput>): Promise<SaveSurveyOutput> {
  const { surveyId, venueId, definition } = ctx.input
  // Every respondent reads the wording: WeChat checks it before either path stores it.
  await requireShownTextsSafe(definitionWording(definition), ctx.openid)
  if (surveyId === undefined) return create(ctx)
  const survey = await managedSurveyDoc(ctx, surveyId)
  if (venueId !== survey.venueId) throw new DomainError('INVALID_INPUT', '问卷不能改到其他服务中心；需要时请复制一份', 'venueId')
  const { version, isNew } = versionAfterSave(survey.status, survey.version)
  if (isNew) {
    const [conflict] = versionConflicts(survey.definition, definition)
    if (conflict) throw new DomainError('INVALID_INPUT', conflict.message, ['definition', ...(conflict.path ?? [])].join('.'))
    await keepVersion(survey, ctx.now)
  }
  const data: Patch = { definition: _.set(definition), title: definition.title, version, updatedAt: ctx.now, ...quotaCounterPatch(survey.quotaCounts, definition) }
  if ((await store.update('surveys', { _id: surveyId, status: survey.status, version: survey.version }, data)) !== 1) throw changedMeanwhile()
  await audit(ctx, 'saveSurvey', `surveys/${surveyId}`, { created: false, version, newVersion: isNew, title: definition.title })
  const saved = await store.get('surveys', surveyId)
  if (!saved) throw notFound()
  return { survey: managedSurvey(saved, ctx.now), newVersion: isNew }
}

export async function publish(ctx: Ctx<{ surveyId: string }>): Promise<SurveyOutput> {
  const survey = await managedSurveyDoc(ctx, ctx.input.surveyId)
  if (survey.status === 'published') return { survey: managedSurvey(survey, ctx.now) }
  const { closeAt } = survey.definition.settings
  if (closeAt !== undefined && closeAt <= ctx.now) throw new DomainError('CONFLICT', '问卷的结束时间已过，请先修改结束时间再发布')
  const publishedAt = survey.publishedAt ?? ctx.now
  await keepVersion({ ...survey, publishedAt }, ctx.now)
  const done = await store.update(
    'surveys',
    { _id: survey._id, status: survey.status, version: survey.version },
    { status: 'published', publishedAt, closedAt: _.remove(), updatedAt: ctx.now }
  )
  if (done !== 1) throw changedMeanwhile()
  await audit(ctx, 'publishSurvey', `surveys/${survey._id}`, { version: survey.version, reopened: survey.status === 'closed' })
  const after: SurveyDoc = { ...survey, status: 'published', publishedAt, updatedAt: ctx.now }
  delete after.closedAt
  return { survey: managedSurvey(after, ctx.now) }
}

export async function close(ctx: Ctx<{ surveyId: string }>): Promise<SurveyOutput> {
  const survey = await managedSurveyDoc(ctx, ctx.input.surveyId)
  if (survey.status === 'closed') return { survey: managedSurvey(survey, ctx.now) }
  if (survey.status === 'draft') throw new DomainError('CONFLICT', '问卷还没有发布，不需要结束')
  if ((await store.update('surveys', { _id: survey._id, status: 'published' }, { status: 'closed', closedAt: ctx.now, updatedAt: ctx.now })) !== 1) {
    throw changedMeanwhile()
  }
  await audit(ctx, 'closeSurvey', `surveys/${survey._id}`, { responses: survey.responses })
  return { survey: managedSurvey({ ...survey, status: 'closed', closedAt: ctx.now, updatedAt: ctx.now }, ctx.now) }
}

export async function duplicate(ctx: Ctx<DuplicateSurveyInput>): Promise<SurveyOutput> {
  const [source] = await Promise.all([
    managedSurveyDoc(ctx, ctx.input.surveyId),
    requireShownTextsSafe([{ field: 'title', label: '问卷标题', text: ctx.input.title }], ctx.openid)
  ])
  const title = ctx.input.title ?? source.title
  const definition: SurveyDefinition = { ...source.definition, title }
  const doc: Omit<SurveyDoc, '_id'> = {
    venueId: source.venueId,
    status: 'draft',
    version: 1,
    title,
    definition,
    quotaCounts: quotaCounts(definition),
    responses: 0,
    createdBy: ctx.openid,
    createdAt: ctx.now,
    updatedAt: ctx.now
  }
  const _id = await store.insert('surveys', doc)
  await audit(ctx, 'duplicateSurvey', `surveys/${_id}`, { from: source._id, version: source.version })
  return { survey: managedSurvey({ _id, ...doc }, ctx.now) }
}
