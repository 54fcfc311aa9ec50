/**
 * Function `survey` under concurrency and failure, through the local cloud with the real bundle and wx-server-sdk:
 * one person submitting 100 times at once gets exactly one stored response and every call is answered with it, or,
 * past the write limit, refused before it wrote anything;
 * a burst of different people never pushes a quota past its limit; a submit whose insert failed keeps its count marked
 * and its retry stores the response under that count, and one whose insert landed but whose answer was lost keeps it.
 * These tests assert behaviour, not speed.
 */
import type { SubmitSurveyOutput } from '@core/api/survey'
import type { Result } from '@core/api/result'
import type { EntryDoc } from '@core/survey'
import { WRITE_LIMITS } from '@core/rate-limit'
import { data, type CallResult, type TestCloud } from '../support/cloud'
import { LIMIT_REQUESTS } from '../support/write-limits'
import { clientId, inFlight, needsDefinition, publishedSurvey, responsesOf, startSurveyCloud, submit, surveyDoc } from './survey-support'

let cloud: TestCloud

beforeAll(async () => {
  cloud = await startSurveyCloud()
})
afterAll(() => cloud.close())
afterEach(() => cloud.faults.clear())

const answersOf = (group: string) => ({ group, ...(group === 'resident' ? {} : { hours: 'after21' }), needs: ['legal', 'rest'], legalTopic: 'labor', freeTime: ['weekendDay'], wantContact: 'no' })

type Reply = CallResult<Result<SubmitSurveyOutput>>

/**
 * Every reply names the same stored response, except those past the person's write limit (the clock is stopped: all
 * of them fall in one window), refused before anything was written; exactly one of them stored it.
 */
function expectOneResponse(replies: Reply[]): string {
  const refused = replies.filter((r) => !r.body.ok && r.body.code === 'RATE_LIMITED')
  expect(refused).toHaveLength(replies.length - WRITE_LIMITS.sync.limit)
  const outs = replies.filter((r) => !refused.includes(r)).map((r) => data(r.body))
  const ids = new Set(outs.map((o) => o.response._id))
  expect(ids.size).toBe(1)
  expect(outs.filter((o) => !o.replayed)).toHaveLength(1)
  return [...ids][0]
}

describe('one person submitting 100 times at once', () => {
  it('from 100 devices (100 clientIds): one stored response, one count, one set of list entries, every call answered with it', async () => {
    const surveyId = await publishedSurvey(cloud, needsDefinition())
    const replies = await Promise.all(Array.from({ length: 100 }, () => submit(cloud, surveyId, answersOf('rider'), 'eager-rider')))
    const id = expectOneResponse(replies)
    expect(responsesOf(cloud, surveyId).map((r) => r._id)).toEqual([id])
    expect(surveyDoc(cloud, surveyId)).toMatchObject({ responses: 1, quotaCounts: { total: 1 } })
    expect(cloud.db.find<EntryDoc>('listEntries', { responseId: id }).map((e) => e.code).sort()).toEqual(['BASIC_REST', 'LEGAL', 'LEGAL_LABOR'])
  }, 120_000)

  it('retrying one filling (one clientId) 100 times: the same', async () => {
    const surveyId = await publishedSurvey(cloud, needsDefinition())
    const filling = clientId()
    const replies = await Promise.all(Array.from({ length: 100 }, () => submit(cloud, surveyId, answersOf('courier'), 'retrying-courier', { clientId: filling })))
    expectOneResponse(replies)
    expect(responsesOf(cloud, surveyId)).toHaveLength(1)
    expect(surveyDoc(cloud, surveyId)).toMatchObject({ responses: 1, quotaCounts: { total: 1 } })
  }, 120_000)

  it('an organizer entering the same visit 100 times (one phone): one response', async () => {
    const surveyId = await publishedSurvey(cloud, needsDefinition())
    const proxy = { visitPlace: '兰州老街商圈', visitAt: Date.UTC(2026, 10, 24), verbalConsent: true as const, entererName: '小马', respondentPhone: '13700001234' }
    const replies = await Promise.all(Array.from({ length: 100 }, () => submit(cloud, surveyId, answersOf('driver'), 'demo-organizer', { proxy })))
    expectOneResponse(replies)
    expect(responsesOf(cloud, surveyId)).toHaveLength(1)
    expect(surveyDoc(cloud, surveyId).quotaCounts).toEqual({ total: 1 })
  }, 120_000)
})

/**
 * Submits in flight at once in a burst: every invocation of the local cloud shares this Node thread with the test,
 * so bounding the client keeps each request's wait short on a loaded machine, while 30 racing for the last places of a
 * quota still take every contended path (see course-concurrency.test.ts).
 */
const BURST_IN_FLIGHT = 30

describe('a burst of different people against quotas', () => {
  it('never exceeds a quota, overall or per condition; the counters equal what is stored; the rest hear which is full', async () => {
    const surveyId = await publishedSurvey(
      cloud,
      needsDefinition({
        quotas: [
          { id: 'total', label: '本期调查', limit: 25 },
          { id: 'riders', label: '骑手', limit: 10, when: { op: 'eq', question: 'group', value: 'rider' } }
        ]
      })
    )
    const people = Array.from({ length: 120 }, (_, i) => ({ openid: `burst-${i}`, group: i % 2 === 0 ? 'rider' : i % 3 === 0 ? 'courier' : 'resident' }))
    const replies = await inFlight(
      people.map((p) => () => submit(cloud, surveyId, answersOf(p.group), p.openid)),
      BURST_IN_FLIGHT
    )
    const stored = responsesOf(cloud, surveyId)
    const riders = stored.filter((r) => r.group === 'rider')
    expect(stored).toHaveLength(25)
    expect(riders.length).toBeLessThanOrEqual(10)
    expect(surveyDoc(cloud, surveyId)).toMatchObject({ responses: 25, quotaCounts: { total: 25, riders: riders.length } })
    expect(replies.filter((r) => r.body.ok)).toHaveLength(25)
    const refusals = new Set(replies.filter((r) => !r.body.ok).map((r) => JSON.stringify(r.body)))
    expect([...refusals].map((r) => JSON.parse(r) as unknown)).toEqual(
      expect.arrayContaining([{ ok: false, code: 'QUOTA_EXCEEDED', message: '问卷名额已满，感谢您的关注' }])
    )
    for (const refusal of refusals) expect(JSON.parse(refusal)).toMatchObject({ ok: false, code: 'QUOTA_EXCEEDED' })
    // Each stored response says which quotas it took.
    expect(riders.every((r) => r.quotas.join() === 'total,riders')).toBe(true)
  }, 180_000)
})

describe('a submit that fails half-way', () => {
  // Requests of a submit without a draft, after the write limit's (support/write-limits.ts): 1 load, 2 count, 3 insert,
  // 4 list entries, 5 the count's mark cleared.
  it('whose insert never reached the store keeps its count, marked as not yet stored; the retry stores it under that count', async () => {
    const surveyId = await publishedSurvey(cloud, needsDefinition())
    const fault = cloud.faults.failDatabaseRequest({ fn: 'survey', openid: 'unlucky', request: LIMIT_REQUESTS.first + 3 }, 'lost')
    const filling = clientId()
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    const failed = await submit(cloud, surveyId, answersOf('rider'), 'unlucky', { clientId: filling })
    errors.mockRestore()
    expect(fault.fired).toBe(true)
    expect(failed.body).toMatchObject({ ok: false, code: 'INTERNAL' })
    // Given back, it could go below what is stored: a submit of the same person may be storing under the same count.
    const { counting } = surveyDoc(cloud, surveyId)
    expect(surveyDoc(cloud, surveyId)).toMatchObject({ responses: 1, quotaCounts: { total: 1 } })
    expect(Object.values(counting ?? {})).toHaveLength(1)
    expect(responsesOf(cloud, surveyId)).toEqual([])
    const retry = data((await submit(cloud, surveyId, answersOf('rider'), 'unlucky', { clientId: filling })).body)
    expect(retry.replayed).toBe(false)
    expect(surveyDoc(cloud, surveyId)).toMatchObject({ responses: 1, quotaCounts: { total: 1 }, counting: {} })
    expect(responsesOf(cloud, surveyId).map((r) => r.countId)).toEqual(Object.values(counting ?? {}).map((mark) => mark.countId))
  })

  it('whose insert landed but whose answer was lost keeps its count and answers as stored', async () => {
    const surveyId = await publishedSurvey(cloud, needsDefinition())
    const fault = cloud.faults.failDatabaseRequest({ fn: 'survey', openid: 'cut-off', request: LIMIT_REQUESTS.first + 3 }, 'unanswered')
    const out = data((await submit(cloud, surveyId, answersOf('rider'), 'cut-off')).body)
    expect(fault.fired).toBe(true)
    expect(out.replayed).toBe(false)
    expect(responsesOf(cloud, surveyId).map((r) => r._id)).toEqual([out.response._id])
    expect(surveyDoc(cloud, surveyId)).toMatchObject({ responses: 1, quotaCounts: { total: 1 } })
    expect(cloud.db.count('listEntries', { responseId: out.response._id })).toBe(3)
  })

  it('whose list entries were lost gets them filed by its retry', async () => {
    const surveyId = await publishedSurvey(cloud, needsDefinition())
    const fault = cloud.faults.failDatabaseRequest({ fn: 'survey', openid: 'half-done', request: LIMIT_REQUESTS.first + 4 }, 'lost')
    const filling = clientId()
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined)
    expect((await submit(cloud, surveyId, answersOf('rider'), 'half-done', { clientId: filling })).body).toMatchObject({ ok: false, code: 'INTERNAL' })
    errors.mockRestore()
    expect(fault.fired).toBe(true)
    const [stored] = responsesOf(cloud, surveyId)
    expect(cloud.db.count('listEntries', { responseId: stored._id })).toBe(0)
    expect(data((await submit(cloud, surveyId, answersOf('rider'), 'half-done', { clientId: filling })).body).replayed).toBe(true)
    expect(cloud.db.count('listEntries', { responseId: stored._id })).toBe(3)
  })
})
