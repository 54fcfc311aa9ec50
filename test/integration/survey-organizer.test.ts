/**
 * Function `survey`, the organizer's side (管理端), through the local cloud with the real bundle and wx-server-sdk:
 * who may manage which centre's questionnaires, the builder's save/publish/close/duplicate with versions and quota
 * counters, withdrawing a response, the response list, and the list review that turns tagged answers into the
 * centre's 需求清单 / 资源清单 items with their demand counts.
 */
import { expect } from '@jest/globals'
import type { ActionInput } from '@core/api'
import { ADMIN_ONLY_KEYS_MESSAGE } from '@core/api/data-keys'
import type { SaveSurveyOutput } from '@core/api/survey'
import type { Result } from '@core/api/result'
import type { AuditDoc } from '../../cloudfunctions/_shared'
import type { EntryDoc, ListItemDoc, ResponseDoc, SurveyVersionDoc } from '@core/survey'
import { OTHER_VENUE_MESSAGE } from '../../cloudfunctions/_shared/scope'
import { FEEDBACK_SURVEY_ID } from '../../emulator/demo-surveys'
import { data, type TestCloud } from '../support/cloud'
import {
  ADMIN,
  call,
  definitionWith,
  needsDefinition,
  ORGANIZER,
  OTHER_VENUE,
  publishedSurvey,
  responsesOf,
  startSurveyCloud,
  submit,
  surveyDoc,
  VENUE,
  type SurveyAction
} from './survey-support'

let cloud: TestCloud

beforeAll(async () => {
  cloud = await startSurveyCloud()
})
afterAll(() => cloud.close())

type OrganizerAction = Exclude<SurveyAction, 'list' | 'get' | 'saveDraft' | 'submit' | 'myData' | 'deleteMyData'>

const answers = (group: string, needs: string[], extra: Record<string, unknown> = {}) => ({
  group,
  ...(group === 'resident' ? {} : { hours: 'before21' }),
  needs,
  ...(needs.includes('legal') ? { legalTopic: 'labor' } : {}),
  freeTime: ['weekendDay'],
  wantContact: 'no',
  ...extra
})

describe('who manages which questionnaires', () => {
  const laojieResponse = `${FEEDBACK_SURVEY_ID}_u_demo-laojie-0001`

  /** A valid input of every organizer action aimed at 兰州老街's survey, so only the caller's centre is wrong. */
  const inputs = (): { [A in OrganizerAction]: ActionInput<'survey', A> } => ({
    listManaged: { venueId: OTHER_VENUE },
    getDefinition: { surveyId: FEEDBACK_SURVEY_ID },
    save: { surveyId: FEEDBACK_SURVEY_ID, venueId: OTHER_VENUE, definition: surveyDoc(cloud, FEEDBACK_SURVEY_ID).definition },
    publish: { surveyId: FEEDBACK_SURVEY_ID },
    close: { surveyId: FEEDBACK_SURVEY_ID },
    duplicate: { surveyId: FEEDBACK_SURVEY_ID },
    results: { surveyId: FEEDBACK_SURVEY_ID },
    responses: { surveyId: FEEDBACK_SURVEY_ID },
    export: { surveyId: FEEDBACK_SURVEY_ID },
    voidResponse: { responseId: laojieResponse, reason: '测试' },
    reviewList: { venueId: OTHER_VENUE },
    reviewDecide: { venueId: OTHER_VENUE, list: 'need', code: 'BASIC_REST', decision: 'approve' },
    unmask: { responseId: laojieResponse, questionId: 'group', reason: '测试' },
    rotateKeys: {}
  })

  /** What an organizer of another centre is told: admin-only actions say so, the others name the centre. */
  const refusal = (action: string): string =>
    action === 'unmask' ? '只有管理员可以查看完整的个人信息' : action === 'rotateKeys' ? ADMIN_ONLY_KEYS_MESSAGE : OTHER_VENUE_MESSAGE

  it("another centre's questionnaire: every organizer action answers FORBIDDEN to demo-organizer and writes nothing", async () => {
    const before = { audit: cloud.db.count('audit'), surveys: cloud.db.count('surveys'), survey: surveyDoc(cloud, FEEDBACK_SURVEY_ID), files: cloud.db.count('files') }
    for (const [action, input] of Object.entries(inputs())) {
      const res = await cloud.callUntyped('survey', { action, ...input }, ORGANIZER)
      const message = refusal(action)
      expect([action, res.body]).toEqual([action, expect.objectContaining({ ok: false, code: 'FORBIDDEN', message })])
    }
    expect({ audit: cloud.db.count('audit'), surveys: cloud.db.count('surveys'), survey: surveyDoc(cloud, FEEDBACK_SURVEY_ID), files: cloud.db.count('files') }).toEqual(before)
    expect(cloud.db.find<ResponseDoc>('responses', { _id: laojieResponse })[0].status).toBe('submitted')
  })

  it('an ordinary user may use none of them', async () => {
    for (const [action, input] of Object.entries(inputs())) {
      const res = await cloud.callUntyped('survey', { action, ...input }, 'demo-rider')
      expect([action, res.body]).toEqual([action, { ok: false, code: 'FORBIDDEN', message: '只有服务中心的组织者可以这样做' }])
      expect([action, res.dbOps]).toEqual([action, 1])
    }
  })

  it("lists hold the caller's centres only; the admin sees and manages every centre's", async () => {
    const mine = data((await call(cloud, 'listManaged', {})).body)
    expect(new Set(mine.items.map((s) => s.venueId))).toEqual(new Set([VENUE]))
    expect(mine.venues).toEqual([{ _id: VENUE, name: '友邻空间' }])
    const all = data((await call(cloud, 'listManaged', {}, ADMIN)).body)
    expect(all.items.map((s) => s._id)).toContain(FEEDBACK_SURVEY_ID)
    expect(all.venues.map((v) => v._id)).toEqual(expect.arrayContaining([VENUE, OTHER_VENUE]))
    const results = data((await call(cloud, 'results', { surveyId: FEEDBACK_SURVEY_ID }, ADMIN)).body)
    expect(results.results.respondents.total).toBe(36)
    expect(data((await call(cloud, 'reviewList', { venueId: OTHER_VENUE }, ADMIN)).body).groups.length).toBeGreaterThan(0)
  })

  it('a questionnaire cannot be created for, or moved to, another centre', async () => {
    const created = await cloud.callUntyped('survey', { action: 'save', venueId: OTHER_VENUE, definition: needsDefinition() }, ORGANIZER)
    expect(created.body).toEqual({ ok: false, code: 'FORBIDDEN', message: OTHER_VENUE_MESSAGE, field: 'venueId' })
    const surveyId = await publishedSurvey(cloud, needsDefinition())
    const moved = await cloud.callUntyped('survey', { action: 'save', surveyId, venueId: 'venue-benma', definition: needsDefinition() }, ADMIN)
    expect(moved.body).toEqual({ ok: false, code: 'INVALID_INPUT', message: '问卷不能改到其他服务中心；需要时请复制一份', field: 'venueId' })
  })
})

describe('the builder: save, publish, versions, close, duplicate', () => {
  /** save with a definition as JSON, as the builder's import sends it. */
  const save = async (input: Record<string, unknown>, openid = ORGANIZER): Promise<Result<SaveSurveyOutput>> =>
    (await cloud.callUntyped('survey', { action: 'save', venueId: VENUE, ...input }, openid)).body as Result<SaveSurveyOutput>

  it('edits a draft in place, publishes it, and turns the next edit into version 2 while version 1 is kept', async () => {
    const created = data(await save({ definition: needsDefinition() }))
    const surveyId = created.survey._id
    expect(created).toMatchObject({ newVersion: false, survey: { status: 'draft', version: 1, responses: 0, quotaCounts: { total: 0 } } })
    const retitled = data(await save({ surveyId, definition: { ...needsDefinition(), title: '新就业群体需求调查（第二期）' } }))
    expect(retitled).toMatchObject({ newVersion: false, survey: { version: 1, title: '新就业群体需求调查（第二期）' } })
    expect(data((await call(cloud, 'publish', { surveyId })).body).survey).toMatchObject({ status: 'published', publishedAt: expect.any(Number) })
    const kept = cloud.db.find<SurveyVersionDoc>('surveyVersions', { surveyId })
    expect(kept.map((v) => [v._id, v.definition.title])).toEqual([[`${surveyId}-v1`, '新就业群体需求调查（第二期）']])

    const v2 = data(await save({ surveyId, definition: needsDefinition({ closeAt: Date.UTC(2027, 0, 1) }) }))
    expect(v2).toMatchObject({ newVersion: true, survey: { version: 2, status: 'published' } })
    const definition = data((await call(cloud, 'getDefinition', { surveyId, version: 1 })).body)
    expect(definition).toMatchObject({ version: 1, versions: [1, 2], definition: { title: '新就业群体需求调查（第二期）' } })
    expect(data((await call(cloud, 'getDefinition', { surveyId })).body)).toMatchObject({ version: 2, definition: { title: '新就业群体需求调查' } })
    expect(cloud.db.find<AuditDoc>('audit', { target: `surveys/${surveyId}` }).map((a) => a.action)).toEqual(['saveSurvey', 'saveSurvey', 'publishSurvey', 'saveSurvey'])
  })

  it("refuses a published question changing its type, naming the field; two editors at once: one wins, the other is told", async () => {
    const surveyId = await publishedSurvey(cloud, needsDefinition())
    const changed = needsDefinition()
    const pages = changed.pages as { questions: Record<string, unknown>[] }[]
    pages[0].questions[2] = { ...pages[0].questions[2], type: 'text', integer: undefined, min: undefined, max: undefined, unit: undefined }
    const refused = await save({ surveyId, definition: changed })
    expect(refused).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'definition.pages.0.questions.2.type' })
    expect(refused.ok ? '' : refused.message).toContain('不能改成填空题')

    const [a, b] = await Promise.all([save({ surveyId, definition: needsDefinition({ closeAt: Date.UTC(2027, 0, 1) }) }), save({ surveyId, definition: needsDefinition() })])
    expect([a.ok, b.ok].sort()).toEqual([false, true])
    expect([a, b].find((r) => !r.ok)).toEqual({ ok: false, code: 'CONFLICT', message: '问卷刚被其他人修改过，请刷新后再试' })
    expect(surveyDoc(cloud, surveyId).version).toBe(2)
  })

  it('adds counters for new quotas and drops removed ones, never resetting a live count', async () => {
    const surveyId = await publishedSurvey(cloud, needsDefinition())
    data((await submit(cloud, surveyId, answers('rider', ['rest']), 'counted-1')).body)
    const riders = { id: 'riders', label: '骑手', limit: 50, when: { op: 'eq', question: 'group', value: 'rider' } }
    await save({ surveyId, definition: needsDefinition({ quotas: [{ id: 'total', label: '本期调查', limit: 5000 }, riders] }) })
    expect(surveyDoc(cloud, surveyId).quotaCounts).toEqual({ total: 1, riders: 0 })
    data((await submit(cloud, surveyId, answers('rider', ['rest']), 'counted-2')).body)
    expect(surveyDoc(cloud, surveyId).quotaCounts).toEqual({ total: 2, riders: 1 })
    await save({ surveyId, definition: needsDefinition({ quotas: [riders] }) })
    expect(surveyDoc(cloud, surveyId)).toMatchObject({ quotaCounts: { riders: 1 }, responses: 2, version: 3 })
  })

  it('closes (responses refused), reopens, and duplicates into a fresh draft', async () => {
    const surveyId = await publishedSurvey(cloud, needsDefinition())
    data((await submit(cloud, surveyId, answers('courier', ['rest']), 'before-close')).body)
    expect(data((await call(cloud, 'close', { surveyId })).body).survey).toMatchObject({ status: 'closed', availability: 'closed' })
    expect((await submit(cloud, surveyId, answers('courier', ['rest']), 'after-close')).body).toMatchObject({ ok: false, code: 'CONFLICT' })
    const reopened = data((await call(cloud, 'publish', { surveyId })).body).survey
    expect(reopened.status).toBe('published')
    expect(reopened).not.toHaveProperty('closedAt')
    const copy = data((await call(cloud, 'duplicate', { surveyId, title: '需求调查（复制）' })).body).survey
    expect(copy).toMatchObject({ status: 'draft', version: 1, responses: 0, quotaCounts: { total: 0 }, title: '需求调查（复制）', venueId: VENUE })
    expect(data((await call(cloud, 'getDefinition', { surveyId: copy._id })).body).definition.title).toBe('需求调查（复制）')
  })
})

describe('responses', () => {
  it('pages the list, newest first, filtered by channel', async () => {
    const surveyId = await publishedSurvey(cloud, definitionWith([{ id: 'idea', type: 'text', title: '建议' }], { channels: ['self', 'proxy'] }))
    for (let i = 0; i < 5; i++) {
      cloud.clock.advance(60_000)
      data((await submit(cloud, surveyId, { idea: `建议${i}` }, `pager-${i}`)).body)
    }
    const page = data((await call(cloud, 'responses', { surveyId, offset: 1, limit: 2 })).body)
    expect(page.total).toBe(5)
    expect(page.items.map((i) => i.answers.idea)).toEqual(['建议3', '建议2'])
    expect(data((await call(cloud, 'responses', { surveyId, channel: 'proxy' })).body)).toEqual({ items: [], total: 0 })
  })

  it('voiding one withdraws it: its quota counts given back, its draft entries rejected, its approved entry out of the item', async () => {
    const surveyId = await publishedSurvey(cloud, needsDefinition())
    const { _id: responseId } = data((await submit(cloud, surveyId, answers('rider', ['legal', 'rest']), 'test-entry')).body).response
    // Its LEGAL entry already approved into 友邻空间's LEGAL item (with the demo's).
    data((await call(cloud, 'reviewDecide', { venueId: VENUE, list: 'need', code: 'LEGAL', decision: 'approve' })).body)
    const item = (): ListItemDoc => cloud.db.find<ListItemDoc>('listItems', { _id: `${VENUE}-need-LEGAL` })[0]
    const demandBefore = item().demand
    const voided = data((await call(cloud, 'voidResponse', { responseId, reason: '工作人员测试填写' })).body).response
    expect(voided).toMatchObject({ _id: responseId, status: 'void' })
    expect(responsesOf(cloud, surveyId)[0]).toMatchObject({ status: 'void', voided: { by: ORGANIZER, reason: '工作人员测试填写' } })
    expect(surveyDoc(cloud, surveyId)).toMatchObject({ responses: 0, quotaCounts: { total: 0 } })
    const entries = cloud.db.find<EntryDoc>('listEntries', { responseId })
    expect(entries.map((e) => [e.code, e.status]).sort()).toEqual([
      ['BASIC_REST', 'rejected'],
      ['LEGAL', 'rejected'],
      ['LEGAL_LABOR', 'rejected']
    ])
    expect(item().demand).toBe(demandBefore - 1)
    expect(cloud.db.find('audit', { target: `responses/${responseId}` })).toEqual([expect.objectContaining({ action: 'voidResponse', actor: ORGANIZER })])
    // Again: nothing more happens. The person cannot submit again over it.
    expect(data((await call(cloud, 'voidResponse', { responseId, reason: '再点一次' })).body).response.status).toBe('void')
    expect(surveyDoc(cloud, surveyId).responses).toBe(0)
    expect((await submit(cloud, surveyId, answers('rider', ['rest']), 'test-entry')).body).toEqual({
      ok: false,
      code: 'CONFLICT',
      message: '这份答卷已被服务中心作废，如有疑问请联系服务中心'
    })
  })
})

describe('list review', () => {
  const BENMA = 'venue-benma'
  const decide = (input: Omit<ActionInput<'survey', 'reviewDecide'>, 'venueId'>) => call(cloud, 'reviewDecide', { venueId: BENMA, ...input }, ADMIN)

  beforeAll(async () => {
    // 奔马车行's own survey and respondents, so the counts here are this test's alone.
    const surveyId = await publishedSurvey(cloud, needsDefinition(), ADMIN, BENMA)
    const people: [string, string, string[]][] = [
      ['d1', 'driver', ['legal', 'health']],
      ['d2', 'driver', ['legal']],
      ['d3', 'driver', ['legal', 'rest']],
      ['r1', 'rider', ['legal', 'charging']],
      ['r2', 'rider', ['charging']],
      ['c1', 'courier', ['health']]
    ]
    for (const [openid, group, needs] of people) data((await submit(cloud, surveyId, answers(group, needs), `benma-${openid}`)).body)
    data((await submit(cloud, surveyId, answers('driver', ['legal']), ADMIN, { proxy: { visitPlace: '雁南路车行', visitAt: Date.UTC(2026, 10, 24), verbalConsent: true, entererName: '管理员', respondentPhone: '13600009999' } })).body)
  })

  it('groups the draft entries by code with their people by group and channel', async () => {
    const { groups, items } = data((await call(cloud, 'reviewList', { venueId: BENMA, list: 'need' }, ADMIN)).body)
    expect(items).toEqual([])
    const legal = groups.find((g) => g.code === 'LEGAL')
    expect(legal).toMatchObject({ count: 5, byChannel: { self: 4, proxy: 1 }, summary: '法律咨询 · 5 人 · 网约车司机 4' })
    expect(legal?.byGroup).toEqual([
      { group: 'driver', label: '网约车司机', count: 4 },
      { group: 'rider', label: '外卖骑手', count: 1 }
    ])
    expect(groups.map((g) => g.code)).toEqual(['LEGAL', 'LEGAL_LABOR', 'BASIC_CHARGING', 'HEALTH', 'BASIC_REST'])
  })

  it('approving twice at once counts each entry once; the item holds the demand by group and channel', async () => {
    const [a, b] = await Promise.all([decide({ list: 'need', code: 'LEGAL', decision: 'approve', title: '夜间法律咨询' }), decide({ list: 'need', code: 'LEGAL', decision: 'approve' })])
    expect(data(a.body).decided + data(b.body).decided).toBe(5)
    const [item] = cloud.db.find<ListItemDoc>('listItems', { venueId: BENMA })
    expect(item).toMatchObject({ _id: `${BENMA}-need-LEGAL`, code: 'LEGAL', demand: 5, byGroup: { driver: 4, rider: 1 }, byChannel: { self: 4, proxy: 1 } })
    expect(cloud.db.count('listEntries', { venueId: BENMA, code: 'LEGAL', status: 'approved', itemId: item._id })).toBe(5)
  })

  it('recodes, merges into an item of the same list, and rejects; refuses a target of the other list', async () => {
    const wrongList = await decide({ list: 'need', code: 'HEALTH', decision: 'recode', toCode: 'VENUE_ROOM' })
    expect(wrongList.body).toEqual({ ok: false, code: 'INVALID_INPUT', message: '只能改成需求类的分类', field: 'toCode' })
    expect(data((await decide({ list: 'need', code: 'LEGAL_LABOR', decision: 'recode', toCode: 'LEGAL_TRAFFIC' })).body)).toEqual({ decided: 5, code: 'LEGAL_TRAFFIC', list: 'need' })
    // The same five people asked for legal help under both codes: merged, they are still five.
    const merged = data((await decide({ list: 'need', code: 'LEGAL_TRAFFIC', decision: 'merge', itemId: `${BENMA}-need-LEGAL` })).body)
    expect(merged).toMatchObject({ decided: 5, item: { demand: 5, title: '夜间法律咨询' } })
    expect(data((await decide({ list: 'need', code: 'HEALTH', decision: 'reject', reason: '由区医院统一安排' })).body).decided).toBe(2)
    const { groups, items } = data((await call(cloud, 'reviewList', { venueId: BENMA }, ADMIN)).body)
    expect(groups.map((g) => [g.code, g.count])).toEqual([
      ['BASIC_CHARGING', 2],
      ['BASIC_REST', 1]
    ])
    expect(items.map((i) => [i.code, i.demand])).toEqual([['LEGAL', 5]])
    expect(cloud.db.find('audit', { target: `listEntries/${BENMA}-need-HEALTH` })).toEqual([
      expect.objectContaining({ actor: ADMIN, detail: { decision: 'reject', decided: 2, reason: '由区医院统一安排' } })
    ])
  })
})
