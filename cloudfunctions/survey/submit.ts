/**
 * `submit {surveyId, answers, clientId, version?, proxy?}` → {response, replayed, thanks}: a response, self-filled or
 * entered by an organizer from a visit (走访录入, `proxy`).
 *
 * One response per person is a key, not a check: the response `_id` comes from the survey and the person (core
 * responseIdFor: the openid for self-filled, the keyed hash of the respondent's phone for visits; the clientId for
 * unlimited surveys), so a hundred concurrent submits of one person — or the same filling retried — insert the same
 * `_id`, exactly one insert succeeds, and every other caller is answered with the stored response (`replayed`).
 *
 * Counted exactly once, crashes included: the count leaves a mark under the response `_id` on the survey, and a
 * submit that finds the mark — a retry after a process died between counting and storing, or the same person
 * submitting at once from elsewhere — stores the response under that count instead of counting again (core
 * counting.ts). The mark is cleared once the response is stored under it.
 *
 * Requests, uncontended: 1 load (survey + the caller's candidate responses, draft, profile and form version, one
 * aggregate), 1 count (responses, quotas and the mark, one conditional update: repo/surveys.ts), 1 insert, 1 insert
 * of the draft list entries (when tags filed any), 1 clearing of the mark, 1 removal of the caller's draft (when there
 * is one). A replay is the load plus one write that re-files the response's entries (a no-op unless a crash cut the
 * first submit short), plus one that settles a mark left by a crash. Adopting a mark is one write (and a re-read of
 * the survey and the response when the mark went meanwhile); losing the insert: a read of the winner, a settling.
 * A submit whose insert failed without an answer and with nothing stored keeps its mark (the insert may yet land):
 * the place stays taken until the filling is retried, which stores the response under it.
 */
import type { SubmitSurveyInput, SubmitSurveyOutput } from '@core/api/survey'
import { DomainError } from '@core/api/result'
import { randomBytes } from 'crypto'
import {
  acceptsChannel,
  availability,
  countingMark,
  draftIdFor,
  isQuotaFull,
  quotaFullMessage,
  quotasFor,
  respondentGroup,
  responseIdFor,
  separatePii,
  settleMark,
  surveyVersionIdFor,
  thanksFor,
  validateAnswers,
  type Answers,
  type Channel,
  type CountingMark,
  type ResponseDoc,
  type SurveyDefinition,
  type SurveyDoc
} from '@core/survey'
import { managesVenue, mayOrganize } from '@core/user'
import { isDuplicateKeyError, type ActionContext } from '../_shared'
import { formVersion, published, rejected, selfNotAccepted, selfResponseIds, unavailable, voidedResponse } from './filling'
import { dataKeys } from './keys'
import { entryRecords, respondentPhoneHash, responseRecord, visitRecord, type ProxyRecord } from './records'
import { adoptMark, clearMark, countResponse, giveBackMark, loadSurvey, store } from './repo'
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

/**
 * Settles the mark a crash (or a lost race) left beside a stored response: cleared when the response was stored under
 * it, given back when it counted the response a second time (core settleMark). One request.
 */
async function settle(survey: SurveyDoc, stored: ResponseDoc, mark: CountingMark | undefined): Promise<void> {
  if (!mark) return
  if (settleMark(mark, stored) === 'clear') await clearMark(survey._id, stored._id, mark)
  else await giveBackMark(survey, stored._id, mark)
}

/**
 * The stored response, answered again; its entries re-filed when its definition is at hand, and the mark beside it —
 * the survey's, or the one this submit counted — settled.
 */
async function replay(
  stored: ResponseDoc,
  survey: SurveyDoc,
  form: SurveyDefinition | undefined,
  now: number,
  mark = countingMark(survey, stored._id)
): Promise<SubmitSurveyOutput> {
  await settle(survey, stored, mark)
  if (stored.status === 'void') throw voidedResponse()
  if (form !== undefined) await fileEntries(stored, form, now)
  return { response: submittedView(stored), replayed: true, thanks: thanksFor(survey.definition) }
}

/** The survey as a response was counted in, and the mark of that count. */
interface Counted {
  survey: SurveyDoc
  mark: CountingMark
}

/** What counting found instead: the response stored meanwhile (by another submit of the same person), to answer. */
interface Found {
  survey: SurveyDoc
  stored: ResponseDoc
}

/**
 * Counts the response toward the survey and its quotas, re-reading the survey when it changed in between (another
 * version published, closed, or the same response counted elsewhere) together with the response, which another submit
 * of the same person may have stored meanwhile (then that is answered). A mark already there is the response's count:
 * adopted, whatever the survey's state since (its place was taken while it was open). Answers the survey as counted
 * and the mark the response is stored under.
 */
async function count(survey: SurveyDoc, responseId: string, answers: Answers, now: number): Promise<Counted | Found> {
  let current = survey
  for (let attempt = 0; attempt < COUNT_ATTEMPTS; attempt++) {
    const marked = countingMark(current, responseId)
    if (marked) {
      if (await adoptMark(current._id, responseId, marked)) return { survey: current, mark: marked }
    } else {
      const state = availability(current, now)
      if (state !== 'open') throw unavailable(state, current.definition)
      const quotas = quotasFor(current.definition, answers)
      const full = quotas.find((quota) => isQuotaFull(quota, current.quotaCounts))
      if (full) throw new DomainError('QUOTA_EXCEEDED', quotaFullMessage(full))
      const mark: CountingMark = { countId: randomBytes(12).toString('hex'), quotas: quotas.map((quota) => quota.id), at: now }
      const limits = Object.fromEntries(quotas.map((quota) => [quota.id, quota.limit]))
      if (await countResponse(current, responseId, mark, limits)) return { survey: current, mark }
    }
    const again = await loadSurvey(survey._id, { responses: [responseId] })
    current = published(again?.survey)
    const stored = again?.responses.find((r) => r._id === responseId)
    if (stored) return { survey: current, stored }
  }
  throw new DomainError('CONFLICT', '提交的人太多了，请稍后再试')
}

/**
 * After the insert of `doc` failed, what is stored decides (one read). Our own write landed and its answer was lost:
 * undefined, carry on. Another submit of the same person stored it: that response is answered (replay settles our
 * mark). Refused with nothing stored — the clientId names another response — our count is given back unless adopted.
 * A failure without an answer and nothing stored keeps the mark, as a crash would (the insert may yet land): the retry
 * stores the response under it. If even the read fails, the same.
 */
async function afterFailedInsert(err: unknown, doc: ResponseDoc, counted: Counted): Promise<ResponseDoc | undefined> {
  const stored = await store.get('responses', doc._id).catch(() => {
    throw err
  })
  if (!stored) {
    if (!isDuplicateKeyError(err)) throw err
    await giveBackMark(counted.survey, doc._id, counted.mark, true)
    throw new DomainError('CONFLICT', '提交编号已被使用，请刷新页面后重新填写', 'clientId')
  }
  const ours = !isDuplicateKeyError(err) && stored.clientId === doc.clientId && stored.submittedAt === doc.submittedAt
  return ours ? undefined : stored
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
  if (state !== 'open' && state !== 'full') throw unavailable(state, survey.definition)
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

  // A full survey still takes the response it counted before it filled (a retry after a crash).
  if (state === 'full' && !countingMark(survey, responseId)) throw unavailable(state, survey.definition)

  const group = respondentGroup(form.definition, answers, channel === 'self' ? loaded?.user?.group : undefined)
  const counted = await count(survey, responseId, answers, now)
  if ('stored' in counted) return replay(counted.stored, counted.survey, undefined, now)
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
    quotas: counted.mark.quotas,
    countId: counted.mark.countId,
    now
  })
  try {
    await store.insert('responses', doc)
  } catch (err) {
    const other = await afterFailedInsert(err, doc, counted)
    if (other) return replay(other, counted.survey, undefined, now, counted.mark)
  }
  await Promise.all([
    fileEntries(doc, form.definition, now),
    clearMark(surveyId, responseId, counted.mark),
    loaded?.draft ? store.removeDoc('surveyDrafts', loaded.draft._id) : Promise.resolve()
  ])
  return { response: submittedView(doc), replayed: false, thanks: thanksFor(survey.definition) }
}
