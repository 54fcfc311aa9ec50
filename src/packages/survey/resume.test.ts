/**
 * Where a filling starts when the page opens: the server's draft, this phone's unsaved copy, or afresh — and which
 * clientId goes with it, since that id is what makes a retried submit the same response.
 */
import type { DraftView } from '@core/api/survey'
import type { Answers } from '@core/survey/values'
import { asLocalDraft, startingPoint, type LocalDraft } from './resume'

const SAVED_AT = 1_764_000_000_000
const fresh = () => 'fresh-filling-id'

const server = (clientId: string, answers: Answers): DraftView => ({ clientId, version: 1, answers, savedAt: SAVED_AT })
const local = (clientId: string, answers: Record<string, unknown>, dirty: boolean): LocalDraft => ({ clientId, answers, dirty, savedAt: SAVED_AT - 60_000 })

test('nothing anywhere: a new filling with a new clientId', () => {
  expect(startingPoint(undefined, undefined, fresh)).toEqual({ clientId: 'fresh-filling-id', answers: {} })
})

test("the server's draft is resumed with its clientId, also on a phone that never saw it", () => {
  expect(startingPoint(server('draft-from-phone-a', { group: 'rider' }), undefined, fresh)).toEqual({
    clientId: 'draft-from-phone-a',
    answers: { group: 'rider' },
    resumed: { savedAt: SAVED_AT, unsaved: false }
  })
})

test("this phone's unsaved changes win over the draft they were made from", () => {
  const start = startingPoint(server('filling-0001', { group: 'rider' }), local('filling-0001', { group: 'rider', workDays: 6 }, true), fresh)
  expect(start).toEqual({ clientId: 'filling-0001', answers: { group: 'rider', workDays: 6 }, resumed: { savedAt: SAVED_AT, unsaved: true } })
})

test('a draft another phone went on with wins over an older filling kept here', () => {
  const start = startingPoint(server('filling-phone-b', { group: 'courier' }), local('filling-phone-a', { group: 'rider' }, true), fresh)
  expect(start.clientId).toBe('filling-phone-b')
  expect(start.answers).toEqual({ group: 'courier' })
})

test('unsaved changes with no draft on the server (typed offline) are resumed with their clientId', () => {
  const start = startingPoint(undefined, local('filling-offline', { group: 'driver' }, true), fresh)
  expect(start).toMatchObject({ clientId: 'filling-offline', answers: { group: 'driver' }, resumed: { unsaved: true } })
})

test('a saved copy with no draft left on the server is not reused: that filling may have been submitted', () => {
  expect(startingPoint(undefined, local('filling-submitted', { group: 'rider' }, false), fresh)).toEqual({ clientId: 'fresh-filling-id', answers: {} })
})

test('an empty draft is not announced as resumed, but keeps its clientId', () => {
  expect(startingPoint(server('filling-empty', {}), undefined, fresh)).toEqual({ clientId: 'filling-empty', answers: {} })
})

test('a stored copy is read back only when it is one', () => {
  expect(asLocalDraft({ clientId: 'filling-0001', answers: { group: 'rider' }, dirty: true, savedAt: SAVED_AT })).toEqual({
    clientId: 'filling-0001',
    answers: { group: 'rider' },
    dirty: true,
    savedAt: SAVED_AT
  })
  expect(asLocalDraft({ clientId: 'filling-0001', answers: {} })).toEqual({ clientId: 'filling-0001', answers: {}, dirty: false })
  expect(asLocalDraft('')).toBeUndefined()
  expect(asLocalDraft({ clientId: 'no spaces allowed', answers: {} })).toBeUndefined()
  expect(asLocalDraft({ clientId: 'filling-0001', answers: ['rider'] })).toBeUndefined()
})
