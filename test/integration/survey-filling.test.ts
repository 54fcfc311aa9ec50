/**
 * Function `survey`, the respondent's side, through the local cloud with the real bundle and wx-server-sdk: the list,
 * the questionnaire (⚑ get), server-side drafts resumed on another device, submitting once per person and
 * idempotently per clientId, versions changing under a filling, visit entries (走访录入), and a function deployed
 * without its data key. Database requests of the hot actions are pinned.
 */
import { expect } from '@jest/globals'
import { DAY_MS } from '@core/time'
import type { EntryDoc, SurveyDraftDoc } from '@core/survey'
import { NOT_CONFIGURED_MESSAGE } from '../../cloudfunctions/survey/keys'
import { DATA_KEY_VARIABLE } from '../../cloudfunctions/_shared/sealing'
import { data, type TestCloud } from '../support/cloud'
import { LIMIT_REQUESTS } from '../support/write-limits'
import {
  ADMIN,
  call,
  clientId,
  definitionWith,
  errorsDuring,
  needsDefinition,
  NOW,
  ORGANIZER,
  OTHER_VENUE,
  publishedSurvey,
  responsesOf,
  startSurveyCloud,
  submit,
  surveyDoc
} from './survey-support'

let cloud: TestCloud

beforeAll(async () => {
  cloud = await startSurveyCloud()
})
afterAll(() => cloud.close())

const STREET = ['甘肃省', '兰州市', '城关区', '酒泉路街道']

/** A rider who wants legal help and leaves a name and phone (typed with spaces, as people do). */
const riderAnswers = {
  group: 'rider',
  hours: 'after21',
  needs: ['legal', 'charging'],
  legalTopic: 'labor',
  freeTime: ['weekdayEvening'],
  wantContact: 'yes',
  contactConsent: true,
  name: '王师傅',
  phone: '139 1234 5678',
  street: STREET
}

describe('list and get', () => {
  it('get answers the ⚑ shape in one request, without quotas or the group setting, naming what personal data it collects', async () => {
    const surveyId = await publishedSurvey(cloud, needsDefinition())
    const res = await call(cloud, 'get', { surveyId }, 'reader-1')
    expect(res.dbOps).toBe(1)
    const { survey, draft, submitted } = data(res.body)
    expect(survey).toMatchObject({ _id: surveyId, title: '新就业群体需求调查', version: 1, status: 'published', availability: 'open', collects: '姓名、手机号' })
    expect(survey.settings).toEqual({ limit: 'onePerPerson', channels: ['self', 'proxy'] })
    expect(survey.pages.map((p) => p.id)).toEqual(['basics', 'needs', 'contact'])
    expect(survey.pages[0].questions[0]).toMatchObject({ id: 'group', type: 'single', title: '您的身份', required: true, options: expect.arrayContaining([{ value: 'rider', label: '外卖骑手' }]) })
    expect(survey.pages[0].questions[1].showIf).toEqual({ op: 'in', question: 'group', values: ['rider', 'courier', 'driver'] })
    expect([draft, submitted]).toEqual([undefined, undefined])
  })

  it('a survey still being written is not found by respondents', async () => {
    const saved = await cloud.callUntyped('survey', { action: 'save', venueId: 'venue-youlin', definition: needsDefinition() }, ORGANIZER)
    const surveyId = (saved.body as { data: { survey: { _id: string } } }).data.survey._id
    expect((await call(cloud, 'get', { surveyId }, 'reader-2')).body).toEqual({ ok: false, code: 'NOT_FOUND', message: '问卷不存在或还没有发布', field: 'surveyId' })
    expect(data((await call(cloud, 'list', {}, 'reader-2')).body).items.map((i) => i._id)).not.toContain(surveyId)
  })

  it('lists open questionnaires closing soonest first, marks the caller’s draft and response, and leaves out proxy-only ones', async () => {
    const soon = await publishedSurvey(cloud, needsDefinition({ closeAt: NOW + 2 * DAY_MS }))
    const later = await publishedSurvey(cloud, needsDefinition({ closeAt: NOW + 9 * DAY_MS }))
    const visitsOnly = await publishedSurvey(cloud, needsDefinition({ channels: ['proxy'] }))
    await call(cloud, 'saveDraft', { surveyId: later, answers: { group: 'rider' }, clientId: clientId() }, 'lister')
    data((await submit(cloud, soon, riderAnswers, 'lister')).body)
    const items = data((await call(cloud, 'list', { venueId: 'venue-youlin' }, 'lister')).body).items
    const ids = items.map((i) => i._id)
    expect(ids.indexOf(soon)).toBeLessThan(ids.indexOf(later))
    expect(ids).not.toContain(visitsOnly)
    expect(items.find((i) => i._id === soon)?.mine).toEqual({ status: 'submitted', updatedAt: NOW })
    expect(items.find((i) => i._id === later)?.mine).toEqual({ status: 'draft', updatedAt: NOW })
    expect(items.every((i) => i.venueId === 'venue-youlin')).toBe(true)
  })
})

describe('drafts on the server', () => {
  it('saves in two requests, drops answers to hidden questions, seals the phone, and resumes on another device', async () => {
    const surveyId = await publishedSurvey(cloud, needsDefinition())
    const filling = clientId()
    // A resident was shown no working-hours question: the answer left over from choosing 骑手 first is dropped.
    const answers = { ...riderAnswers, group: 'resident' }
    const saved = await call(cloud, 'saveDraft', { surveyId, answers, clientId: filling }, 'drafter')
    expect(saved.dbOps).toBe(2 + LIMIT_REQUESTS.first)
    const { draft, dropped } = data(saved.body)
    expect(dropped).toEqual(['hours'])
    expect(draft).toEqual({ clientId: filling, version: 1, answers: expect.objectContaining({ group: 'resident', phone: '13912345678' }), savedAt: NOW })
    expect(draft.answers).not.toHaveProperty('hours')

    const [stored] = cloud.db.find<SurveyDraftDoc>('surveyDrafts', { openid: 'drafter' })
    expect(stored.answers).not.toHaveProperty('phone')
    expect(stored.answers).not.toHaveProperty('name')
    expect(stored.sealed.phone).toMatchObject({ pii: 'phone', masked: '139****5678', cipher: expect.stringMatching(/^g1\./) })
    expect(JSON.stringify(stored)).not.toContain('13912345678')

    // The same person on a second device: the same filling, the phone opened for its owner.
    const resumed = await call(cloud, 'get', { surveyId }, 'drafter')
    expect(resumed.dbOps).toBe(1)
    expect(data(resumed.body).draft).toEqual(draft)
  })

  it('checks formats but not required-ness, with the field of the wrong answer', async () => {
    const surveyId = await publishedSurvey(cloud, needsDefinition())
    const half = await call(cloud, 'saveDraft', { surveyId, answers: { group: 'rider' }, clientId: clientId() }, 'half-way')
    expect(data(half.body).draft.answers).toEqual({ group: 'rider' })
    const wrong = await call(cloud, 'saveDraft', { surveyId, answers: { ...riderAnswers, phone: '12345' }, clientId: clientId() }, 'half-way')
    expect(wrong.body).toEqual({ ok: false, code: 'INVALID_INPUT', message: '手机号格式不正确', field: 'answers.phone' })
  })

  it('is refused once the filling is submitted, and a submit removes it', async () => {
    const surveyId = await publishedSurvey(cloud, needsDefinition())
    const filling = clientId()
    await call(cloud, 'saveDraft', { surveyId, answers: riderAnswers, clientId: filling }, 'finisher')
    data((await submit(cloud, surveyId, riderAnswers, 'finisher', { clientId: filling })).body)
    expect(cloud.db.find('surveyDrafts', { openid: 'finisher', surveyId })).toEqual([])
    const late = await call(cloud, 'saveDraft', { surveyId, answers: riderAnswers, clientId: filling }, 'finisher')
    expect(late.body).toMatchObject({ ok: false, code: 'CONFLICT', message: '您已经提交过这份问卷，不需要再保存' })
    const again = data((await call(cloud, 'get', { surveyId }, 'finisher')).body)
    expect(again.submitted).toEqual({ responseId: `${surveyId}_u_finisher`, submittedAt: NOW })
    expect(again.draft).toBeUndefined()
  })
})

describe('submit', () => {
  it('stores one response in six requests: open answers, sealed personal ones, facets, quotas, entries; the draft goes', async () => {
    const surveyId = await publishedSurvey(cloud, needsDefinition())
    const filling = clientId()
    await call(cloud, 'saveDraft', { surveyId, answers: riderAnswers, clientId: filling }, 'submitter')
    const res = await submit(cloud, surveyId, riderAnswers, 'submitter', { clientId: filling, version: 1 })
    // load (survey + response + draft + profile + version), count (and its mark), insert, entries, the mark cleared,
    // draft removal
    expect(res.dbOps).toBe(6 + LIMIT_REQUESTS.first)
    const out = data(res.body)
    expect(out).toEqual({
      response: { _id: `${surveyId}_u_submitter`, surveyId, version: 1, status: 'submitted', channel: 'self', submittedAt: NOW },
      replayed: false,
      thanks: '感谢填写！我们会在两周内整理出需求清单，对接进展会在“服务”页公布；留了联系方式的，工作人员会电话回访。'
    })
    const [stored] = responsesOf(cloud, surveyId)
    expect(stored).toMatchObject({ openid: 'submitter', clientId: filling, group: 'rider', channel: 'self', venueId: 'venue-youlin', quotas: ['total'] })
    expect(Object.keys(stored.answers).sort()).toEqual(['contactConsent', 'freeTime', 'group', 'hours', 'legalTopic', 'needs', 'street', 'wantContact'])
    expect(Object.keys(stored.sealed).sort()).toEqual(['name', 'phone'])
    expect(stored.sealed.name.masked).toBe('王**')
    expect(stored.sealed.phone.hash).toMatch(/^[0-9a-f]{64}$/)
    expect(stored.facets).toEqual(expect.arrayContaining([{ q: '_', v: null }, { q: 'needs', v: 'legal' }, { q: 'phone', v: null }]))
    expect(stored.facets.some((f) => f.q === 'phone' && f.v !== null)).toBe(false)
    expect(surveyDoc(cloud, surveyId)).toMatchObject({ responses: 1, quotaCounts: { total: 1 } })
    const codes = cloud.db.find<EntryDoc>('listEntries', { responseId: stored._id }).map((e) => e.code).sort()
    expect(codes).toEqual(['BASIC_CHARGING', 'LEGAL', 'LEGAL_LABOR'])
  })

  it('is idempotent by clientId, and one per person from any device: replays answer the stored response in two requests', async () => {
    const surveyId = await publishedSurvey(cloud, needsDefinition())
    const filling = clientId()
    const first = data((await submit(cloud, surveyId, riderAnswers, 'retrier', { clientId: filling })).body)
    const retry = await submit(cloud, surveyId, riderAnswers, 'retrier', { clientId: filling })
    expect(retry.dbOps).toBe(2 + LIMIT_REQUESTS.later)
    expect(data(retry.body)).toEqual({ ...first, replayed: true })
    const otherDevice = await submit(cloud, surveyId, { ...riderAnswers, group: 'courier' }, 'retrier')
    expect(data(otherDevice.body)).toEqual({ ...first, replayed: true })
    expect(responsesOf(cloud, surveyId)).toHaveLength(1)
    expect(responsesOf(cloud, surveyId)[0].group).toBe('rider')
    expect(surveyDoc(cloud, surveyId)).toMatchObject({ responses: 1, quotaCounts: { total: 1 } })
  })

  it('an unlimited survey keeps one response per filling: a new clientId is a new response, the same one is a replay', async () => {
    const surveyId = await publishedSurvey(cloud, definitionWith([{ id: 'idea', type: 'textarea', title: '您的建议', required: true }]))
    const filling = clientId()
    data((await submit(cloud, surveyId, { idea: '多开晚班课' }, 'ideas', { clientId: filling })).body)
    expect(data((await submit(cloud, surveyId, { idea: '多开晚班课' }, 'ideas', { clientId: filling })).body).replayed).toBe(true)
    expect(data((await submit(cloud, surveyId, { idea: '周末也开' }, 'ideas')).body).replayed).toBe(false)
    expect(responsesOf(cloud, surveyId).map((r) => r.answers.idea).sort()).toEqual(['周末也开', '多开晚班课'])
  })

  it('refuses what the questionnaire refuses, with the field: a missing required answer, an option it does not have', async () => {
    const surveyId = await publishedSurvey(cloud, needsDefinition())
    const missing = await submit(cloud, surveyId, { ...riderAnswers, freeTime: [] }, 'careless')
    expect(missing.body).toEqual({ ok: false, code: 'INVALID_INPUT', message: '请选择“一般什么时候有空参加活动”', field: 'answers.freeTime' })
    const forged = await submit(cloud, surveyId, { ...riderAnswers, needs: ['legal', 'bribes'] }, 'careless')
    expect(forged.body).toEqual({ ok: false, code: 'INVALID_INPUT', message: '“您最需要哪些帮助”的选项不在可选范围内', field: 'answers.needs' })
    expect(responsesOf(cloud, surveyId)).toEqual([])
    expect(surveyDoc(cloud, surveyId).responses).toBe(0)
  })

  it('a closed or not yet open survey refuses with what the respondent should know', async () => {
    const upcoming = await publishedSurvey(cloud, needsDefinition({ openAt: NOW + DAY_MS }))
    expect((await submit(cloud, upcoming, riderAnswers, 'early')).body).toEqual({ ok: false, code: 'CONFLICT', message: '问卷将于11月26日 周四 10:00开始' })
    const closing = await publishedSurvey(cloud, needsDefinition())
    data((await call(cloud, 'close', { surveyId: closing })).body)
    expect((await submit(cloud, closing, riderAnswers, 'late')).body).toEqual({ ok: false, code: 'CONFLICT', message: '问卷已结束，感谢您的关注' })
    expect((await call(cloud, 'saveDraft', { surveyId: closing, answers: {}, clientId: clientId() }, 'late')).body).toMatchObject({ code: 'CONFLICT' })
  })
})

describe('versions', () => {
  it('an edit published while someone fills does not reject their answers; responses keep their version', async () => {
    const surveyId = await publishedSurvey(cloud, needsDefinition())
    const filling = clientId()
    await call(cloud, 'saveDraft', { surveyId, answers: riderAnswers, clientId: filling }, 'slow-filler')
    // The organizer removes the legal topic question and publishes version 2 meanwhile.
    const edited = needsDefinition()
    const pages = (edited.pages as { id: string; questions: { id: string }[] }[]).map((p) => ({ ...p, questions: p.questions.filter((q) => q.id !== 'legalTopic') }))
    const saved = data((await cloud.call('survey', 'save', { surveyId, venueId: 'venue-youlin', definition: { ...edited, pages } as never }, ORGANIZER)).body)
    expect(saved).toMatchObject({ newVersion: true, survey: { version: 2 } })

    // Resumed now: carried over to version 2, the removed question's answer gone.
    const resumed = data((await call(cloud, 'get', { surveyId }, 'slow-filler')).body)
    expect(resumed.survey.version).toBe(2)
    expect(resumed.draft).toMatchObject({ version: 1, clientId: filling })
    expect(resumed.draft?.answers).not.toHaveProperty('legalTopic')

    // Submitted from the form of version 1: accepted as version 1.
    const out = data((await submit(cloud, surveyId, riderAnswers, 'slow-filler', { clientId: filling, version: 1 })).body)
    expect(out.response.version).toBe(1)
    expect(responsesOf(cloud, surveyId)[0].answers.legalTopic).toBe('labor')
    const future = await submit(cloud, surveyId, riderAnswers, 'from-the-future', { version: 3 })
    expect(future.body).toEqual({ ok: false, code: 'CONFLICT', message: '问卷已经更新，请刷新后重新填写', field: 'version' })
  })
})

describe('visit entries (走访录入)', () => {
  const visit = { visitPlace: '兰州老街商圈', visitAt: NOW - 3_600_000, verbalConsent: true as const, entererName: '小马', location: { lat: 36.079123, lng: 103.744551 } }

  it('an organizer of the centre enters one: no respondent openid, the visit and who heard the consent recorded', async () => {
    const surveyId = await publishedSurvey(cloud, needsDefinition())
    const res = await submit(cloud, surveyId, riderAnswers, ORGANIZER, { proxy: { ...visit, respondentPhone: '139-1234-5678' } })
    expect(data(res.body)).toMatchObject({ replayed: false, response: { channel: 'proxy' } })
    const [stored] = responsesOf(cloud, surveyId)
    expect(stored.openid).toBeUndefined()
    expect(stored.enteredBy).toEqual({ openid: ORGANIZER, name: '小马' })
    expect(stored.visit).toEqual({ place: '兰州老街商圈', at: NOW - 3_600_000, location: { lat: 36.08, lng: 103.74 }, verbalConsent: { by: '小马', at: NOW } })
    expect(stored.phoneHash).toBe(stored.sealed.phone.hash)
    expect(stored._id).toBe(`${surveyId}_p_${(stored.phoneHash as string).slice(0, 40)}`)
  })

  it('dedupes by the keyed hash of the phone however it is typed; needs the phone on a one-per-person survey', async () => {
    const surveyId = await publishedSurvey(cloud, needsDefinition())
    const { wantContact: _w, contactConsent: _c, name: _n, phone: _p, street: _s, ...anonymous } = riderAnswers
    const first = data((await submit(cloud, surveyId, { ...anonymous, wantContact: 'no' }, ORGANIZER, { proxy: { ...visit, respondentPhone: '13800001111' } })).body)
    const again = await submit(cloud, surveyId, { ...anonymous, wantContact: 'no' }, ADMIN, { proxy: { ...visit, respondentPhone: '+86 138 0000 1111' } })
    expect(data(again.body)).toEqual({ ...first, replayed: true })
    expect(responsesOf(cloud, surveyId)).toHaveLength(1)
    const noPhone = await submit(cloud, surveyId, { ...anonymous, wantContact: 'no' }, ORGANIZER, { proxy: visit })
    expect(noPhone.body).toEqual({ ok: false, code: 'INVALID_INPUT', message: '这份问卷每人限填一份，请填写受访者手机号，以免重复录入', field: 'proxy.respondentPhone' })
  })

  it('is refused to a respondent, to another centre’s organizer, and on a survey that takes no visits', async () => {
    const surveyId = await publishedSurvey(cloud, needsDefinition())
    const proxy = { ...visit, respondentPhone: '13800002222' }
    expect((await submit(cloud, surveyId, riderAnswers, 'demo-rider', { proxy })).body).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    cloud.db.insert('users', [{ _id: 'laojie-organizer', nickname: '老街小刘', avatarUrl: '', group: 'other', community: '', freeTimes: [], roles: ['organizer'], venueIds: [OTHER_VENUE], strikes: 0, createdAt: 1, updatedAt: 1 }])
    expect((await submit(cloud, surveyId, riderAnswers, 'laojie-organizer', { proxy })).body).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    const selfOnly = await publishedSurvey(cloud, needsDefinition({ channels: ['self'] }))
    expect((await submit(cloud, selfOnly, riderAnswers, ORGANIZER, { proxy })).body).toEqual({ ok: false, code: 'FORBIDDEN', message: '这份问卷不接受走访录入' })
    expect(responsesOf(cloud, surveyId)).toEqual([])
  })
})

describe('deployed without its data key', () => {
  it('serves nothing: a logged configuration error, a clear answer, nothing written', async () => {
    const surveyId = await publishedSurvey(cloud, needsDefinition())
    const saved = process.env[DATA_KEY_VARIABLE]
    const before = { responses: cloud.db.count('responses'), drafts: cloud.db.count('surveyDrafts'), audit: cloud.db.count('audit') }
    const replies: unknown[] = []
    let errors: string[] = []
    try {
      for (const value of [undefined, 'not-a-key']) {
        if (value === undefined) delete process.env[DATA_KEY_VARIABLE]
        else process.env[DATA_KEY_VARIABLE] = value
        errors = errors.concat(
          await errorsDuring(async () => {
            replies.push((await submit(cloud, surveyId, riderAnswers, 'unlucky')).body)
            replies.push((await call(cloud, 'saveDraft', { surveyId, answers: riderAnswers, clientId: clientId() }, 'unlucky')).body)
            replies.push((await call(cloud, 'list', {}, 'unlucky')).body)
          })
        )
      }
    } finally {
      process.env[DATA_KEY_VARIABLE] = saved
    }
    for (const reply of replies) expect(reply).toEqual({ ok: false, code: 'INTERNAL', message: NOT_CONFIGURED_MESSAGE })
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringContaining(`[survey.submit] configuration error: environment variable ${DATA_KEY_VARIABLE} is not set`),
        expect.stringContaining(`[survey.submit] configuration error: environment variable ${DATA_KEY_VARIABLE} must be the base64 of 32 random bytes`)
      ])
    )
    expect(errors.join('\n')).not.toContain('not-a-key')
    expect({ responses: cloud.db.count('responses'), drafts: cloud.db.count('surveyDrafts'), audit: cloud.db.count('audit') }).toEqual(before)
    // With the key back, the same submit goes through.
    expect(data((await submit(cloud, surveyId, riderAnswers, 'unlucky')).body).replayed).toBe(false)
    expect(responsesOf(cloud, surveyId).map((r) => r.openid)).toEqual(['unlucky'])
  })
})
