/**
 * Arranging and reading data for the integration tests of function `survey` (survey-*.test.ts), each file with its
 * own local cloud holding the demo data, its clock stopped at NOW. Questionnaires are made the way organizers make
 * them — `save` then `publish` through the function — so every test exercises the stored shapes the function itself
 * writes; the store is read directly only to look at what was written.
 */
import ExcelJS from 'exceljs'
import type { ActionInput, ActionName } from '@core/api'
import type { ExportSurveyOutput, SubmitSurveyInput } from '@core/api/survey'
import type { ResponseDoc, SurveyDoc } from '@core/survey'
import { NEEDS_SURVEY_INPUT } from '../../emulator/demo-surveys'
import { data, startTestCloud, type TestCloud, type TestCloudOptions } from '../support/cloud'
import { WEDNESDAY_10_00 } from '../support/instants'

/** The instant every survey test runs at (a Wednesday morning in Shanghai). */
export const NOW = WEDNESDAY_10_00

export const ORGANIZER = 'demo-organizer'
export const ADMIN = 'demo-admin'
export const VENUE = 'venue-youlin'
export const OTHER_VENUE = 'venue-laojie'

export type SurveyAction = ActionName<'survey'>

/** A local cloud with the demo data (organizer, admin, venues, demo surveys) and only function `survey`. */
export const startSurveyCloud = (options: Partial<TestCloudOptions> = {}): Promise<TestCloud> =>
  startTestCloud({ at: NOW, seed: true, functions: ['survey'], ...options })

/** An action of function `survey`, by default as the demo organizer. */
export const call = <A extends SurveyAction>(cloud: TestCloud, action: A, input: ActionInput<'survey', A>, openid: string = ORGANIZER) =>
  cloud.call('survey', action, input, openid)

type Json = Record<string, unknown>

/** A one-page definition (as JSON input) around `questions`, taking unlimited self-filled responses unless told. */
export const definitionWith = (questions: Json[], settings: Json = {}): Json => ({
  title: '测试问卷',
  pages: [{ id: 'p1', questions }],
  settings: { limit: 'unlimited', channels: ['self'], ...settings }
})

/** The demo needs survey's definition (a copy a test may change), with settings changed. */
export function needsDefinition(settings: Json = {}): Json {
  const copy = structuredClone(NEEDS_SURVEY_INPUT)
  return { ...copy, settings: { ...copy.settings, ...settings } }
}

/** A questionnaire created and published through the function by `openid` (the organizer); answers its id. */
export async function publishedSurvey(cloud: TestCloud, definition: Json, openid = ORGANIZER, venueId = VENUE): Promise<string> {
  // The contract types the definition; tests hand in JSON the way the builder's import does.
  const saved = await cloud.callUntyped('survey', { action: 'save', venueId, definition }, openid)
  const surveyId = (saved.body as { ok: true; data: { survey: { _id: string } } }).data?.survey._id
  if (!surveyId) throw new Error(`save failed: ${JSON.stringify(saved.body)}`)
  data((await call(cloud, 'publish', { surveyId }, openid)).body)
  return surveyId
}

let clients = 0
/** A fresh clientId, as a client makes one per filling. */
export const clientId = (): string => `test-client-${String(++clients).padStart(6, '0')}`

/** Submits `answers` as `openid` (a fresh clientId unless given). */
export const submit = (cloud: TestCloud, surveyId: string, answers: Json, openid: string, extra: Partial<SubmitSurveyInput> = {}) =>
  call(cloud, 'submit', { surveyId, answers, clientId: extra.clientId ?? clientId(), ...extra }, openid)

export const surveyDoc = (cloud: TestCloud, surveyId: string): SurveyDoc => cloud.db.find<SurveyDoc>('surveys', { _id: surveyId })[0]

export const responsesOf = (cloud: TestCloud, surveyId: string): ResponseDoc[] => cloud.db.find<ResponseDoc>('responses', { surveyId })

/** Runs `tasks` with at most `width` in flight; the results in task order. */
export async function inFlight<T>(tasks: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results = new Array<T>(tasks.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const i = next++
      results[i] = await tasks[i]()
    }
  }
  await Promise.all(Array.from({ length: Math.min(width, tasks.length) }, worker))
  return results
}

/** Downloads an export through its temporary link and opens it with exceljs. */
export async function openExport(cloud: TestCloud, out: ExportSurveyOutput): Promise<ExcelJS.Workbook> {
  const got = await cloud.request('GET', new URL(encodeURI(out.tempFileURL)).pathname)
  expect(got.status).toBe(200)
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(got.body as unknown as ArrayBuffer)
  return workbook
}

/** The rows of a sheet as plain values (exceljs rows are 1-based). */
export function sheetRows(workbook: ExcelJS.Workbook, name: string): unknown[][] {
  const sheet = workbook.getWorksheet(name)
  if (!sheet) throw new Error(`no sheet ${name}`)
  const rows: unknown[][] = []
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)))
  return rows
}

/** What functions logged with console.error while `fn` ran (they run in this process). */
export async function errorsDuring(fn: () => Promise<void>): Promise<string[]> {
  const lines: string[] = []
  const spy = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    lines.push(args.map(String).join(' '))
  })
  try {
    await fn()
  } finally {
    spy.mockRestore()
  }
  return lines
}
