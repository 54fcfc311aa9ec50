/**
 * Function `survey`, results and exports, through the local cloud with the real bundle and wx-server-sdk: statistics
 * counted by the database over a generated set of responses (both channels, every group) equal what a tally of the
 * generated answers says, written here independently of core; small cells are suppressed when shareable; results and
 * the xlsx export span versions without shifting columns.
 */
import type { QuestionResult, SurveyResults } from '@core/survey'
import { DAY_MS, HOUR_MS } from '@core/time'
import { needsAnswers, random, type GeneratedResponse } from '../../emulator/survey-answers'
import { data, type TestCloud } from '../support/cloud'
import { call, definitionWith, inFlight, needsDefinition, NOW, openExport, ORGANIZER, publishedSurvey, sheetRows, startSurveyCloud, submit } from './survey-support'

let cloud: TestCloud

beforeAll(async () => {
  cloud = await startSurveyCloud()
})
afterAll(() => cloud.close())

const PERSONAL = new Set(['name', 'phone'])

/** The stored value(s) an answer is counted under: options one by one, a region as its path. */
const countedValues = (question: string, value: unknown): (string | number)[] =>
  question === 'street' ? [(value as string[]).join('/')] : Array.isArray(value) ? (value as string[]) : [value as string | number]

describe('results of a generated set', () => {
  let generated: GeneratedResponse[]
  let surveyId: string
  let results: SurveyResults

  beforeAll(async () => {
    surveyId = await publishedSurvey(cloud, needsDefinition())
    generated = needsAnswers(random(7), { count: 90, proxyShare: 0.3, from: NOW - 5 * DAY_MS, to: NOW - HOUR_MS, prefix: 'gen' })
    const replies = await inFlight(
      generated.map((g) => () =>
        g.channel === 'self'
          ? submit(cloud, surveyId, g.answers, g.respondent, { clientId: g.clientId })
          : submit(cloud, surveyId, g.answers, ORGANIZER, {
              clientId: g.clientId,
              proxy: { visitPlace: g.visitPlace ?? '老街', visitAt: g.at, verbalConsent: true, entererName: '小马', respondentPhone: g.phone }
            })
      ),
      10
    )
    for (const reply of replies) expect(data(reply.body).replayed).toBe(false)
    results = data((await call(cloud, 'results', { surveyId })).body).results
  }, 120_000)

  const tally = (pick: (g: GeneratedResponse) => boolean): number => generated.filter(pick).length

  it('counts respondents in all, by group and by channel', () => {
    const groups = new Set(generated.map((g) => g.answers.group as string))
    expect(results.respondents.total).toBe(90)
    expect(results.respondents.byGroup).toEqual(Object.fromEntries([...groups].map((group) => [group, tally((g) => g.answers.group === group)])))
    expect(results.respondents.byChannel).toEqual({ self: tally((g) => g.channel === 'self'), proxy: tally((g) => g.channel === 'proxy') })
    expect(results.respondents.byChannel.proxy).toBeGreaterThan(10)
  })

  it('counts every question’s answers and every value, personal questions only as answered', () => {
    const byId = new Map(results.questions.map((q) => [q.questionId, q]))
    for (const id of ['group', 'hours', 'workDays', 'needs', 'legalTopic', 'skillTopics', 'otherNeed', 'freeTime', 'satisfaction', 'wantContact', 'contactConsent', 'name', 'phone', 'street']) {
      const question = byId.get(id) as QuestionResult
      const answered = generated.filter((g) => g.answers[id] !== undefined)
      expect([id, question.answered]).toEqual([id, answered.length])
      const expected = new Map<string | number, number>()
      if (!PERSONAL.has(id) && ['group', 'hours', 'needs', 'legalTopic', 'skillTopics', 'freeTime', 'satisfaction', 'wantContact', 'street'].includes(id)) {
        for (const g of answered) for (const v of countedValues(id, g.answers[id])) expected.set(v, (expected.get(v) ?? 0) + 1)
      }
      const counted = new Map(question.values.filter((v) => (v.count ?? 0) > 0).map((v) => [v.value, v.count]))
      expect([id, counted]).toEqual([id, expected])
    }
    expect(byId.get('phone')?.values).toEqual([])
  })

  it('cross-tabs a question by respondent group and by channel', () => {
    const needs = results.questions.find((q) => q.questionId === 'needs') as QuestionResult
    const legal = needs.values.findIndex((v) => v.value === 'legal')
    needs.byGroup.columns.forEach((column, c) => {
      expect([column.key, needs.byGroup.rows[legal].cells[c]]).toEqual([
        column.key,
        tally((g) => g.answers.group === column.key && (g.answers.needs as string[]).includes('legal'))
      ])
    })
    expect(needs.byChannel.rows[legal].cells).toEqual([
      tally((g) => g.channel === 'self' && (g.answers.needs as string[]).includes('legal')),
      tally((g) => g.channel === 'proxy' && (g.answers.needs as string[]).includes('legal'))
    ])
  })

  it('summarises numbers: mean, minimum and maximum of the working days', () => {
    const days = generated.map((g) => g.answers.workDays).filter((d): d is number => typeof d === 'number')
    const summary = results.questions.find((q) => q.questionId === 'workDays')?.summary
    expect(summary).toEqual({ count: days.length, mean: days.reduce((a, b) => a + b, 0) / days.length, min: Math.min(...days), max: Math.max(...days) })
  })

  it('shareable: no count from 1 to 4 is shown anywhere, and small summaries are hidden', async () => {
    const shared = data((await call(cloud, 'results', { surveyId, shareable: true })).body).results
    expect(shared.shareable).toBe(true)
    const shown: number[] = []
    const walk = (value: unknown, key: string): void => {
      if (['share', 'summary', 'value', 'label', 'key'].includes(key)) return
      if (typeof value === 'number') shown.push(value)
      else if (Array.isArray(value)) value.forEach((item) => walk(item, ''))
      else if (value !== null && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, k)
    }
    walk(shared.respondents, '')
    walk(shared.questions, '')
    expect(shown.filter((n) => n > 0 && n < 5)).toEqual([])
    for (const q of shared.questions) if (q.summary) expect(q.summary.count).toBeGreaterThanOrEqual(5)
    // The organizer's own view had small cells to hide.
    const small: number[] = []
    for (const q of results.questions) for (const row of q.byGroup.rows) for (const cell of row.cells) if (cell !== null && cell > 0 && cell < 5) small.push(cell)
    expect(small.length).toBeGreaterThan(0)
  })

  it('is one aggregate over the stored facets, not a read of the responses', async () => {
    const res = await call(cloud, 'results', { surveyId })
    // the caller's account, the survey, its versions, one page of facet counts
    expect(res.dbOps).toBe(4)
  })
})

describe('across versions', () => {
  it('results and the export keep every column in place: removed options and questions stay, new ones are added at the end', async () => {
    const v1 = definitionWith([
      { id: 'kind', type: 'single', title: '身份', options: [{ value: 'a', label: '骑手' }, { value: 'b', label: '快递员' }] },
      { id: 'wants', type: 'multi', title: '需要', options: [{ value: 'm1', label: '充电' }, { value: 'm2', label: '热饭' }, { value: 'm3', label: '歇脚' }] },
      { id: 'old', type: 'text', title: '旧问题' }
    ])
    const surveyId = await publishedSurvey(cloud, v1)
    data((await submit(cloud, surveyId, { kind: 'a', wants: ['m1', 'm2'], old: '旧回答' }, 'v1-person')).body)
    const pages = v1.pages as { questions: Record<string, unknown>[] }[]
    const [kind, wants] = pages[0].questions
    const v2 = {
      ...v1,
      pages: [
        {
          id: 'p1',
          questions: [
            kind,
            { ...wants, title: '最需要', options: (wants.options as { value: string }[]).filter((o) => o.value !== 'm2') },
            { id: 'more', type: 'text', title: '补充' }
          ]
        }
      ]
    }
    const saved = await cloud.callUntyped('survey', { action: 'save', surveyId, venueId: 'venue-youlin', definition: v2 }, ORGANIZER)
    expect(saved.body).toMatchObject({ ok: true, data: { newVersion: true, survey: { version: 2 } } })
    data((await submit(cloud, surveyId, { kind: 'b', wants: ['m3'], more: '新回答' }, 'v2-person', { version: 2 })).body)

    const { results, versions } = data((await call(cloud, 'results', { surveyId })).body)
    expect(versions).toEqual([1, 2])
    const wantsResult = results.questions.find((q) => q.questionId === 'wants') as QuestionResult
    expect(wantsResult.title).toBe('最需要')
    expect(wantsResult.values.map((v) => [v.value, v.removed, v.count])).toEqual([
      ['m1', false, 1],
      ['m2', true, 1],
      ['m3', false, 1]
    ])
    expect(results.questions.find((q) => q.questionId === 'old')).toMatchObject({ removed: true, answered: 1 })

    const out = data((await call(cloud, 'export', { surveyId })).body)
    const rows = sheetRows(await openExport(cloud, out), '答卷')
    expect(rows[0].slice(8)).toEqual(['身份', '最需要：充电', '最需要：热饭（已删除）', '最需要：歇脚', '旧问题（已删除）', '补充'])
    const byVersion = new Map(rows.slice(1).map((row) => [row[1], row.slice(8)]))
    expect(byVersion.get(1)).toEqual(['骑手', 1, 1, 0, '旧回答'])
    expect(byVersion.get(2)).toEqual(['快递员', 0, 0, 1, undefined, '新回答'])
  })
})
