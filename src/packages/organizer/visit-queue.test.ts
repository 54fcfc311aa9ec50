/**
 * The 走访录入 queue: an entry is stored before it is sent, keeps waiting through failed connections, is sent once
 * however many syncs are started at once, and ends synced or refused with the function's words.
 */
import type { Result } from '@core/api'
import { clientIdSchema, type SubmitSurveyOutput } from '@core/api/survey'
import { validate } from '@core/schema'
import { enqueue, loadQueue, newClientId, pruned, removeEntry, syncQueue, SYNCED_KEPT, waitingCount, type QueueStorage, type VisitEntry } from './visit-queue'

function memory(): QueueStorage & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>()
  // Through JSON, as the phone's storage keeps it.
  return { data, get: (key) => (data.has(key) ? (JSON.parse(JSON.stringify(data.get(key))) as unknown) : ''), set: (key, value) => void data.set(key, JSON.parse(JSON.stringify(value))) }
}

const entry = (clientId: string, savedAt: number, state: VisitEntry['state'] = 'waiting'): VisitEntry => ({
  clientId,
  surveyId: 'survey-needs-2025',
  surveyTitle: '新就业群体需求调查',
  version: 1,
  answers: { group: 'resident' },
  proxy: { visitPlace: '雁滩路 12 号', visitAt: 1, verbalConsent: true, entererName: '小马' },
  savedAt,
  state
})

const stored = (id: string): Result<SubmitSurveyOutput> => ({
  ok: true,
  data: {
    response: { _id: id, surveyId: 'survey-needs-2025', version: 1, status: 'submitted', channel: 'proxy', submittedAt: 5 },
    replayed: false,
    thanks: ''
  }
})

const offline: Result<SubmitSurveyOutput> = { ok: false, code: 'INTERNAL', message: '网络不太好，请稍后重试' }

it('makes client ids the submit schema takes, different each time', () => {
  const ids = new Set(Array.from({ length: 50 }, () => newClientId(Date.UTC(2026, 10, 25))))
  expect(ids.size).toBe(50)
  for (const id of ids) expect(validate(clientIdSchema, id).ok).toBe(true)
})

it('stores an entry before anything is sent, and keeps it waiting while the connection fails', async () => {
  const storage = memory()
  enqueue(storage, entry('visit-a-000001', 1))
  expect(waitingCount(loadQueue(storage))).toBe(1)
  const send = jest.fn(() => Promise.resolve(offline))
  const after = await syncQueue(storage, send, () => 9)
  expect(send).toHaveBeenCalledTimes(1)
  expect(after).toEqual([expect.objectContaining({ clientId: 'visit-a-000001', state: 'waiting', message: '网络不太好，请稍后重试', lastTriedAt: 9 })])
})

it('stops at the first entry that cannot reach the service, and sends the rest next time, oldest first', async () => {
  const storage = memory()
  for (const [id, at] of [['visit-c-000003', 3], ['visit-a-000001', 1], ['visit-b-000002', 2]] as const) enqueue(storage, entry(id, at))
  const order: string[] = []
  await syncQueue(storage, (e) => (order.push(e.clientId), Promise.resolve(offline)))
  expect(order).toEqual(['visit-a-000001'])
  await syncQueue(storage, (e) => (order.push(e.clientId), Promise.resolve(stored(`r-${e.clientId}`))))
  expect(order).toEqual(['visit-a-000001', 'visit-a-000001', 'visit-b-000002', 'visit-c-000003'])
  expect(loadQueue(storage).map((e) => [e.clientId, e.state, e.responseId])).toEqual([
    ['visit-c-000003', 'synced', 'r-visit-c-000003'],
    ['visit-a-000001', 'synced', 'r-visit-a-000001'],
    ['visit-b-000002', 'synced', 'r-visit-b-000002']
  ])
})

it('sends each entry once when syncs are started together (reconnect and the button at once)', async () => {
  const storage = memory()
  enqueue(storage, entry('visit-a-000001', 1))
  enqueue(storage, entry('visit-b-000002', 2))
  let release: () => void = () => undefined
  const gate = new Promise<void>((resolve) => (release = resolve))
  const send = jest.fn(async (e: VisitEntry) => {
    await gate
    return stored(`r-${e.clientId}`)
  })
  const both = Promise.all([syncQueue(storage, send), syncQueue(storage, send), syncQueue(storage, send)])
  release()
  const [first, second] = await both
  expect(send).toHaveBeenCalledTimes(2)
  expect(first).toEqual(second)
  expect(waitingCount(first)).toBe(0)
})

it('syncs an entry saved after a sync that found nothing to send', async () => {
  const storage = memory()
  const send = jest.fn((e: VisitEntry) => Promise.resolve(stored(`r-${e.clientId}`)))
  expect(await syncQueue(storage, send)).toEqual([])
  enqueue(storage, entry('visit-a-000001', 1))
  expect(waitingCount(await syncQueue(storage, send))).toBe(0)
  expect(send).toHaveBeenCalledTimes(1)
})

it('sends an entry saved while a sync runs in that same sync', async () => {
  const storage = memory()
  enqueue(storage, entry('visit-a-000001', 1))
  const send = jest.fn((e: VisitEntry) => {
    if (e.clientId === 'visit-a-000001') enqueue(storage, entry('visit-b-000002', 2))
    return Promise.resolve(stored(`r-${e.clientId}`))
  })
  const after = await syncQueue(storage, send)
  expect(send.mock.calls.map(([e]) => e.clientId)).toEqual(['visit-a-000001', 'visit-b-000002'])
  expect(waitingCount(after)).toBe(0)
})

it('a refusal is kept with the function’s words until the organizer removes it', async () => {
  const storage = memory()
  enqueue(storage, entry('visit-a-000001', 1))
  await syncQueue(storage, () => Promise.resolve({ ok: false, code: 'CONFLICT', message: '这位受访者已经录入过了' }))
  expect(loadQueue(storage)).toEqual([expect.objectContaining({ state: 'refused', message: '这位受访者已经录入过了' })])
  await syncQueue(storage, () => Promise.reject(new Error('not sent again')))
  expect(removeEntry(storage, 'visit-a-000001')).toEqual([])
})

it('an entry refused as too frequent (the write limit) stays waiting for the next sync, which stores it', async () => {
  const storage = memory()
  enqueue(storage, entry('visit-a-000001', 1))
  const limited = await syncQueue(storage, () => Promise.resolve({ ok: false, code: 'RATE_LIMITED', message: '操作太频繁了，请30秒后再试', retryAfter: 30 }))
  expect(limited).toEqual([expect.objectContaining({ state: 'waiting' })])
  const after = await syncQueue(storage, (e) => Promise.resolve(stored(`r-${e.clientId}`)))
  expect(after).toEqual([expect.objectContaining({ state: 'synced' })])
})

it('keeps every unsent entry and only the newest synced ones', () => {
  const synced = Array.from({ length: SYNCED_KEPT + 5 }, (_, i) => entry(`visit-s-${String(i).padStart(6, '0')}`, i, 'synced'))
  const kept = pruned([entry('visit-w-000001', -10), entry('visit-r-000001', -20, 'refused'), ...synced])
  expect(kept.filter((e) => e.state === 'synced')).toHaveLength(SYNCED_KEPT)
  expect(kept.filter((e) => e.state === 'synced').every((e) => e.savedAt >= 5)).toBe(true)
  expect(kept.map((e) => e.clientId)).toEqual(expect.arrayContaining(['visit-w-000001', 'visit-r-000001']))
})

it('reads past anything unreadable in storage', () => {
  const storage = memory()
  storage.set('youlin.visits.v1', [{ junk: true }, entry('visit-a-000001', 1), 'x'])
  expect(loadQueue(storage).map((e) => e.clientId)).toEqual(['visit-a-000001'])
})
