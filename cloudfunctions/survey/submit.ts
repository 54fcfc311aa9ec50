/**
 * `submit {surveyId, answers, clientId, version?, proxy?}` → {response, replayed, thanks}: a response, self-filled or
 * entered by an organizer from a visit (走访录入, `proxy`).
 *
 * One response per person is a key, not a check: the response `_id` comes from the survey and the person (core
 * responseIdFor: the openid for self-filled, the keyed hash of the respondent's phone for visits; the clientId for
 * unlimited surveys), so a hundred concurrent submits of one person — or the same filling retried — insert the same
 * `_id`, exactly one insert succeeds, and every other caller is answered with the stored response (`replayed`).
 *
 * Requests, uncontended: 1 load (survey + the caller's candidate responses, draft, profile and form version, one
 * aggregate), 1 count (responses and quotas, one conditional update: repo/surveys.ts), 1 insert, 1 insert of the
 * draft list entries (when tags filed any), 1 removal of the caller's draft (when there is one). A replay is the load
 * plus one write that re-files the response's entries (a no-op unless a crash cut the first submit short). A caller
 * who loses the insert gives back what it counted and reads the winner: two more. A failed submit gives back what it
 * counted (afterFailedInsert).
 */
import type { SubmitSurveyInput, SubmitSurveyOutput } from '@core/api/survey'
import { DomainError } from '@core/api/result'
import {
  acceptsChannel,
  availability,
  draftIdFor,
  isQuotaFull,
  quotaFullMessage,
  quotasFor,
  respondentGroup,
  responseIdFor,
  separatePii,
  surveyVersionIdFor,
  thanksFor,
  validateAnswers,
  type Answers,
  type Channel,
  type Quota,
  type ResponseDoc,
  type SurveyDefinition,
  type SurveyDoc
} from '@core/survey'
import { managesVenue, mayOrganize } from '@core/user'
import { isDuplicateKeyError, type ActionContext } from '../_shared'
import { formVersion, published, rejected, selfNotAccepted, selfResponseIds, unavailable, voidedResponse } from './filling'
import { dataKeys } from './keys'
import { entryRecords, respondentPhoneHash, responseRecord, visitRecord, type ProxyRecord } from './records'
import { countResponse, loadSurvey, store, uncountResponse } from './repo'
import { keyedHash } from '../_shared/sealing'
import { submittedView } from './views'

/** Rounds of "the survey changed between the read and the count" before asking the caller to try again. */
const COUNT_ATTEMPTS = 3

/**
 * Files the draft list entries of a stored response. Entry ids are deterministic, and a batch insert is all or
 * nothing, so entries already filed (by the first submit, or a concurrent replay) make this a no-op. One request.
 */
async function fileEntries(response: ResponseDoc, definition: SurveyDefinition, now: number): Promise<void> {
  const entries = entryRecords(response, definition, now)
  if (entries.length === 0) return
  try {
    await store.insertMany('listEntries', entries)
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err
  }
}

/** The stored response, answered again; its entries re-filed when its definition is at hand. */
async function replay(stored: ResponseDoc, survey: SurveyDoc, form: SurveyDefinition | undefined, now: number): Promise<SubmitSurveyOutput> {
  if (stored.status === 'void') throw voidedResponse()
  if (form !== undefined) await fileEntries(stored, form, now)
  return { response: submittedView(stored), replayed: true, thanks: thanksFor(survey.definition) }
}

/**
 * Counts the response toward the survey and its quotas, re-reading the survey when it changed in between (another
 * version published, closed). Answers the survey as counted and the quotas taken.
 */
async function count(survey: SurveyDoc, answers: Answers, now: number): Promise<{ survey: SurveyDoc; quotas: Quota[] }> {
  let current = survey
  for (let attempt = 0; attempt < COUNT_ATTEMPTS; attempt++) {
    const state = availability(current, now)
    if (state !== 'open') throw unavailable(state, current.definition)
    const quotas = quotasFor(current.definition, answers)
    const full = quotas.find((quota) => isQuotaFull(quota, current.quotaCounts))
    if (full) throw new DomainError('QUOTA_EXCEEDED', quotaFullMessage(full))
    if (await countResponse(current, quotas)) return { survey: current, quotas }
    current = published((await store.get('surveys', survey._id)) ?? undefined)
  }
  throw new DomainError('CONFLICT', '提交的人太多了，请稍后再试')
}

/**
 * After the insert of `doc` failed, what is stored decides (one read). A duplicate key means the store refused ours:
 * the response under that `_id` (a concurrent submit of the same person won) is answered and our count given back.
 * Any other failure may have come after the write landed (a lost answer): a stored response of this filling at this
 * instant is taken as ours and kept as counted — undefined, carry on; nothing stored gets our count back and the
 * error. If even the read fails, the count stays: a quota may lose a place, but is never exceeded.
 */
async function afterFailedInsert(err: unknown, doc: ResponseDoc, counted: SurveyDoc): Promise<ResponseDoc | undefined> {
  const stored = await store.get('responses', doc._id).catch(() => {
    throw err
  })
  const ours = !isDuplicateKeyError(err) && stored !== null && stored.clientId === doc.clientId && stored.submittedAt === doc.submittedAt
  if (ours) return undefined
  await uncountResponse(counted, doc.quotas)
  if (stored) return stored
  if (isDuplicateKeyError(err)) throw new DomainError('CONFLICT', '提交编号已被使用，请刷新页面后重新填写', 'clientId')
  throw err
}

export async function submit(ctx: ActionContext<SubmitSurveyInput, 'user'>): Promise<SubmitSurveyOutput> {
  const { surveyId, clientId, proxy } = ctx.input
  const { openid, now } = ctx
  const keys = dataKeys()
  const channel: Channel = proxy ? 'proxy' : 'self'
  const phoneHash = proxy ? respondentPhoneHash(keys, surveyId, proxy.respondentPhone) : undefined
  const who = { channel, openid: channel === 'self' ? openid : undefined, phoneHash, clientId }
  const candidates =
    channel === 'self'
      ? selfResponseIds(surveyId, openid, clientId)
      : [responseIdFor(surveyId, 'onePerPerson', who), responseIdFor(surveyId, 'unlimited', who)].filter((id): id is string => id !== undefined)
  const loaded = await loadSurvey(surveyId, {
    responses: candidates,
    user: openid,
    ...(channel === 'self' ? { draft: draftIdFor(surveyId, openid) } : {}),
    ...(ctx.input.version === undefined ? {} : { version: surveyVersionIdFor(surveyId, ctx.input.version) })
  })
  const survey = published(loaded?.survey)
  const settings = survey.definition.settings
  if (proxy) {
    if (!mayOrganize(loaded?.user) || !managesVenue(loaded?.user, survey.venueId)) {
      throw new DomainError('FORBIDDEN', '只有这个服务中心的组织者可以录入走访问卷')
    }
    if (!acceptsChannel(survey.definition, 'proxy')) throw new DomainError('FORBIDDEN', '这份问卷不接受走访录入')
  } else if (!acceptsChannel(survey.definition, 'self')) {
    throw selfNotAccepted()
  }

  const form = formVersion(survey, loaded?.version ?? null, ctx.input.version)
  let responseId = responseIdFor(surveyId, settings.limit, who)
  const stored = loaded?.responses.find((r) => r._id === responseId)
  if (stored) return replay(stored, survey, stored.version === form.version ? form.definition : undefined, now)

  const state = availability(survey, now)
  if (state !== 'open') throw unavailable(state, survey.definition)
  const checked = validateAnswers(form.definition, ctx.input.answers, { now })
  if (!checked.ok) throw rejected(checked)
  const { answers } = checked.value

  let dedupeHash = phoneHash
  if (responseId === undefined) {
    // A visit entry without the respondent's phone dedupes by a phone the answers hold, if any.
    const material = separatePii(form.definition, answers).protected.find((p) => p.pii === 'phone')?.hashMaterial
    if (material !== undefined) {
      dedupeHash = keyedHash(keys, surveyId, material)
      responseId = responseIdFor(surveyId, settings.limit, { ...who, phoneHash: dedupeHash })
    }
  }
  if (responseId === undefined) {
    throw new DomainError('INVALID_INPUT', '这份问卷每人限填一份，请填写受访者手机号，以免重复录入', 'proxy.respondentPhone')
  }

  const group = respondentGroup(form.definition, answers, channel === 'self' ? loaded?.user?.group : undefined)
  const counted = await count(survey, answers, now)
  const proxyRecord: ProxyRecord | undefined = proxy && {
    enteredBy: { openid, name: proxy.entererName },
    visit: visitRecord(proxy, now),
    ...(dedupeHash === undefined ? {} : { phoneHash: dedupeHash })
  }
  const doc = responseRecord({
    keys,
    responseId,
    survey,
    version: form.version,
    definition: form.definition,
    answers,
    channel,
    ...(channel === 'self' ? { openid } : {}),
    ...(proxyRecord ? { proxy: proxyRecord } : {}),
    clientId,
    group,
    quotas: counted.quotas.map((quota) => quota.id),
    now
  })
  try {
    await store.insert('responses', doc)
  } catch (err) {
    const other = await afterFailedInsert(err, doc, counted.survey)
    if (other) return replay(other, survey, undefined, now)
  }
  await Promise.all([
    fileEntries(doc, form.definition, now),
    loaded?.draft ? store.removeDoc('surveyDrafts', loaded.draft._id) : Promise.resolve()
  ])
  return { response: submittedView(doc), replayed: false, thanks: thanksFor(survey.definition) }
}
