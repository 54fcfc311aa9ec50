/**
 * A survey response counted exactly once across a crash and its retry (core/survey/counting.ts). The crash test
 * (crash.test.ts) kills a process at a random point; here each window is forced on purpose by failing or holding one
 * database request of a submit (emulator/faults.ts), so every case runs every time:
 *   - died between counting and storing (the insert lost, and the read after it): the retry stores the response
 *     under the count already taken — not a second count — even when that count filled the survey;
 *   - died after storing, before clearing the count's mark: the retry, a replay, clears it;
 *   - a submit of the same person that counted after the first one had stored: its count is given back.
 * Requests of a submit, after the write limit's: 1 load, 2 count (or adopt), 3 insert, then 4 the read after a failed
 * insert, or else 4 the list entries and 5 the mark cleared.
 */
import { countingMark } from '@core/survey'
import { data, type TestCloud } from '../support/cloud'
import { limitRequestsBefore } from '../support/write-limits'
import { clientId, needsDefinition, publishedSurvey, responsesOf, startSurveyCloud, submit, surveyDoc } from '../integration/survey-support'
import { surveyViolations } from './invariants'

let cloud: TestCloud

beforeAll(async () => {
  cloud = await startSurveyCloud()
})
afterAll(() => cloud.close())
afterEach(() => cloud.faults.clear())

const riderAnswers = { group: 'rider', hours: 'after21', needs: ['legal', 'rest'], legalTopic: 'labor', freeTime: ['weekendDay'], wantContact: 'no' }

/** The number of `openid`'s next submit request that is the `nth` of the action itself. */
const request = (openid: string, nth: number): number => limitRequestsBefore(cloud.db, openid, 'sync') + nth

/** Runs `submitting` with the console's error log (the function logs the failure it answers INTERNAL) kept quiet. */
async function quietly<T>(submitting: () => Promise<T>): Promise<T> {
  const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined)
  try {
    return await submitting()
  } finally {
    errors.mockRestore()
  }
}

/** A submit dying between its count and its insert: the insert and the read after it lost, as a killed process. */
async function diesAfterCounting(surveyId: string, openid: string, filling: string): Promise<void> {
  const insert = cloud.faults.failDatabaseRequest({ fn: 'survey', openid, request: request(openid, 3) }, 'lost')
  const read = cloud.faults.failDatabaseRequest({ fn: 'survey', openid, request: request(openid, 4) }, 'lost')
  const failed = await quietly(() => submit(cloud, surveyId, riderAnswers, openid, { clientId: filling }))
  expect([insert.fired, read.fired]).toEqual([true, true])
  expect(failed.body).toMatchObject({ ok: false, code: 'INTERNAL' })
  expect(responsesOf(cloud, surveyId)).toEqual([])
  expect(surveyDoc(cloud, surveyId)).toMatchObject({ responses: 1 })
}

test('a submit that died between counting and storing: the retry stores it under that count, counted once', async () => {
  const surveyId = await publishedSurvey(cloud, needsDefinition())
  const filling = clientId()
  await diesAfterCounting(surveyId, 'crashed-rider', filling)
  const retry = data((await submit(cloud, surveyId, riderAnswers, 'crashed-rider', { clientId: filling })).body)
  expect(retry.replayed).toBe(false)
  expect(surveyDoc(cloud, surveyId)).toMatchObject({ responses: 1, quotaCounts: { total: 1 } })
  expect(surveyViolations(cloud.db, [surveyId])).toEqual([])
})

test('…even when that count took the last place: the retry is not turned away as full', async () => {
  const surveyId = await publishedSurvey(cloud, needsDefinition({ quotas: [{ id: 'total', label: '本期调查', limit: 1 }] }))
  const filling = clientId()
  await diesAfterCounting(surveyId, 'last-place', filling)
  const late = await submit(cloud, surveyId, riderAnswers, 'someone-else')
  expect(late.body).toMatchObject({ ok: false })
  const retry = data((await submit(cloud, surveyId, riderAnswers, 'last-place', { clientId: filling })).body)
  expect(retry.replayed).toBe(false)
  expect(responsesOf(cloud, surveyId).map((r) => r.openid)).toEqual(['last-place'])
  expect(surveyDoc(cloud, surveyId)).toMatchObject({ responses: 1, quotaCounts: { total: 1 } })
  expect(surveyViolations(cloud.db, [surveyId])).toEqual([])
})

test('a submit that died after storing, before clearing its mark: the retry replays it and clears the mark', async () => {
  const surveyId = await publishedSurvey(cloud, needsDefinition())
  const filling = clientId()
  const clearing = cloud.faults.failDatabaseRequest({ fn: 'survey', openid: 'cut-short', request: request('cut-short', 5) }, 'lost')
  const failed = await quietly(() => submit(cloud, surveyId, riderAnswers, 'cut-short', { clientId: filling }))
  expect(clearing.fired).toBe(true)
  expect(failed.body).toMatchObject({ ok: false, code: 'INTERNAL' })
  const [stored] = responsesOf(cloud, surveyId)
  expect(countingMark(surveyDoc(cloud, surveyId), stored._id)?.countId).toBe(stored.countId)
  const retry = data((await submit(cloud, surveyId, riderAnswers, 'cut-short', { clientId: filling })).body)
  expect(retry).toMatchObject({ replayed: true, response: { _id: stored._id } })
  expect(surveyDoc(cloud, surveyId)).toMatchObject({ responses: 1, quotaCounts: { total: 1 } })
  expect(surveyViolations(cloud.db, [surveyId])).toEqual([])
})

test('a submit of the same person that counts after the first one stored gives its count back', async () => {
  const surveyId = await publishedSurvey(cloud, needsDefinition())
  // The second device read the survey before the first stored, and counts only once the first is done.
  const held = cloud.faults.holdDatabaseRequest({ fn: 'survey', openid: 'two-phones', request: request('two-phones', 2) })
  const second = submit(cloud, surveyId, riderAnswers, 'two-phones')
  await held.arrived
  const first = data((await submit(cloud, surveyId, riderAnswers, 'two-phones')).body)
  expect(surveyDoc(cloud, surveyId)).toMatchObject({ responses: 1, counting: {} })
  held.release()
  const answered = data((await second).body)
  expect(answered).toMatchObject({ replayed: true, response: { _id: first.response._id } })
  expect(surveyDoc(cloud, surveyId)).toMatchObject({ responses: 1, quotaCounts: { total: 1 } })
  expect(surveyViolations(cloud.db, [surveyId])).toEqual([])
})

test('a submit refused for a clientId another response holds gives its count back, unless another device adopted it', async () => {
  const surveyId = await publishedSurvey(cloud, needsDefinition())
  const taken = clientId()
  data((await submit(cloud, surveyId, riderAnswers, 'first-holder', { clientId: taken })).body)
  const refused = await submit(cloud, surveyId, riderAnswers, 'reused-id', { clientId: taken })
  expect(refused.body).toMatchObject({ ok: false, code: 'CONFLICT', field: 'clientId' })
  expect(surveyDoc(cloud, surveyId)).toMatchObject({ responses: 1, quotaCounts: { total: 1 }, counting: {} })

  // The refused insert waits while the same person's other device adopts the count and is about to store under it.
  const refusedInsert = cloud.faults.holdDatabaseRequest({ fn: 'survey', openid: 'two-devices', request: request('two-devices', 3) })
  const first = submit(cloud, surveyId, riderAnswers, 'two-devices', { clientId: taken })
  await refusedInsert.arrived
  // The other device: its load, the adoption, then its insert, held.
  const adoptingInsert = cloud.faults.holdDatabaseRequest({ fn: 'survey', openid: 'two-devices', request: request('two-devices', 3) })
  const other = submit(cloud, surveyId, riderAnswers, 'two-devices')
  await adoptingInsert.arrived
  refusedInsert.release()
  expect((await first).body).toMatchObject({ ok: false, code: 'CONFLICT', field: 'clientId' })
  adoptingInsert.release()
  expect(data((await other).body).replayed).toBe(false)
  expect(surveyDoc(cloud, surveyId)).toMatchObject({ responses: 2, quotaCounts: { total: 2 } })
  expect(surveyViolations(cloud.db, [surveyId])).toEqual([])
})
