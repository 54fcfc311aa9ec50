/**
 * Function `survey`, personal information at rest and in view, through a local cloud whose store is on disk: the
 * data directory keeps its own key (keys.json, owner-only) across restarts; no submitted or drafted phone or id number,
 * nor any of the demo's, is anywhere in the raw SQLite files; lists and exports are masked; seeing a value in full
 * takes the admin role and leaves an audit entry.
 */
import fs from 'fs'
import os from 'os'
import path from 'path'
import { idCardCheckChar } from '@core/survey'
import { HOUR_MS, DAY_MS } from '@core/time'
import { SECRETS_FILE } from '../../emulator/function-env'
import { needsAnswers, random } from '../../emulator/survey-answers'
import type { AuditDoc } from '../../cloudfunctions/_shared'
import { DATA_KEY_VARIABLE } from '../../cloudfunctions/_shared/sealing'
import { data, type TestCloud } from '../support/cloud'
import {
  ADMIN,
  call,
  clientId,
  definitionWith,
  needsDefinition,
  NOW,
  openExport,
  ORGANIZER,
  publishedSurvey,
  sheetRows,
  startSurveyCloud,
  submit
} from './survey-support'

const first17 = '62010219880615432'
const ID_NUMBER = `${first17}${idCardCheckChar(first17)}`
const PHONE = '13987654321'
const DRAFT_PHONE = '15811112222'

/** Everything the store keeps on disk: the database file and its write-ahead log. */
function storeBytes(dir: string): Buffer {
  return Buffer.concat(
    fs
      .readdirSync(dir)
      .filter((name) => name.startsWith('store.sqlite'))
      .map((name) => fs.readFileSync(path.join(dir, name)))
  )
}

const contact = { group: 'rider', hours: 'after21', needs: ['rest'], freeTime: ['weekdayEvening'], wantContact: 'yes', contactConsent: true, name: '苟师傅', phone: PHONE }

let dir: string
let cloud: TestCloud
let surveyId: string
let idSurvey: string
let responseId: string

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'youlin-survey-privacy-'))
  cloud = await startSurveyCloud({ dataDir: dir })
  surveyId = await publishedSurvey(cloud, needsDefinition())
  idSurvey = await publishedSurvey(
    cloud,
    definitionWith([
      { id: 'ok', type: 'consent', title: '证件号使用同意', statement: '身份证号仅用于办理补贴，加密保存。' },
      { id: 'idcard', type: 'text', title: '身份证号', format: 'idcard', pii: 'idcard', consent: 'ok', required: true }
    ])
  )
  responseId = data((await submit(cloud, surveyId, contact, 'privacy-rider')).body).response._id
  data((await submit(cloud, idSurvey, { ok: true, idcard: ID_NUMBER }, 'privacy-rider')).body)
  data((await call(cloud, 'saveDraft', { surveyId, answers: { ...contact, phone: DRAFT_PHONE }, clientId: clientId() }, 'privacy-drafter')).body)
})
afterAll(async () => {
  await cloud.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('at rest', () => {
  it('the data directory has its own key, readable by its owner only', () => {
    const file = path.join(dir, SECRETS_FILE)
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    const secrets = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, string>
    expect(Buffer.from(secrets[DATA_KEY_VARIABLE], 'base64')).toHaveLength(32)
    expect(process.env[DATA_KEY_VARIABLE]).toBe(secrets[DATA_KEY_VARIABLE])
  })

  it('the raw store holds no phone or id number: submitted, drafted, or seeded with the demo', () => {
    const bytes = storeBytes(dir)
    expect(bytes.length).toBeGreaterThan(100_000)
    // What the demo seeded: the same generator, the same seed (emulator/demo-surveys.ts).
    const opened = NOW - 21 * DAY_MS
    const demo = needsAnswers(random(20250520), { count: 320, proxyShare: 0.25, from: opened, to: NOW - HOUR_MS })
    const demoPhones = demo.filter((g) => typeof g.answers.phone === 'string').map((g) => g.answers.phone as string)
    expect(demoPhones.length).toBeGreaterThan(100)
    for (const secret of [PHONE, DRAFT_PHONE, ID_NUMBER, '苟师傅', ...demoPhones]) {
      expect([secret, bytes.includes(Buffer.from(secret, 'utf8'))]).toEqual([secret, false])
    }
    // The masked forms are there, as lists show them.
    expect(bytes.includes(Buffer.from('139****4321', 'utf8'))).toBe(true)
  })

  it('after a restart on the same directory the same key opens what was sealed', async () => {
    await cloud.close()
    cloud = await startSurveyCloud({ dataDir: dir, seed: false })
    const resumed = data((await call(cloud, 'get', { surveyId }, 'privacy-drafter')).body)
    expect(resumed.draft?.answers.phone).toBe(DRAFT_PHONE)
  })
})

describe('in view', () => {
  it('the response list shows personal answers masked, and which ones an admin may unmask', async () => {
    const { items } = data((await call(cloud, 'responses', { surveyId })).body)
    const mine = items.find((i) => i._id === responseId)
    expect(mine?.answers).toMatchObject({ phone: '139****4321', name: '苟**', group: '外卖骑手', needs: '歇脚休息' })
    expect(mine?.personal.sort()).toEqual(['name', 'phone'])
  })

  it('unmask: refused to an organizer; an admin sees the value, and the audit names who, what and why — not the value', async () => {
    const refused = await call(cloud, 'unmask', { responseId, questionId: 'phone', reason: '电话回访' }, ORGANIZER)
    expect(refused.body).toEqual({ ok: false, code: 'FORBIDDEN', message: '只有管理员可以查看完整的个人信息' })
    const seen = data((await call(cloud, 'unmask', { responseId, questionId: 'phone', reason: '电话回访' }, ADMIN)).body)
    expect(seen).toEqual({ questionId: 'phone', value: PHONE })
    const entries = cloud.db.find<AuditDoc>('audit', { target: `responses/${responseId}` })
    expect(entries).toEqual([expect.objectContaining({ actor: ADMIN, action: 'unmask', detail: { questionId: 'phone', pii: 'phone', reason: '电话回访' } })])
    expect(JSON.stringify(entries)).not.toContain(PHONE)
    const open = await call(cloud, 'unmask', { responseId, questionId: 'group', reason: '电话回访' }, ADMIN)
    expect(open.body).toMatchObject({ ok: false, code: 'NOT_FOUND', field: 'questionId' })
  })

  it('the export is masked by default; in full only for an admin; both audited', async () => {
    const out = data((await call(cloud, 'export', { surveyId })).body)
    expect(out).toMatchObject({ rows: 1, masked: true, fileName: '新就业群体需求调查-答卷-2026-11-25.xlsx' })
    const rows = sheetRows(await openExport(cloud, out), '答卷')
    const phoneColumn = rows[0].indexOf('手机号')
    expect(rows[1][phoneColumn]).toBe('139****4321')
    expect(JSON.stringify(rows)).not.toContain(PHONE)

    expect((await call(cloud, 'export', { surveyId, reveal: true })).body).toMatchObject({ ok: false, code: 'FORBIDDEN', field: 'reveal' })
    const full = data((await call(cloud, 'export', { surveyId, reveal: true }, ADMIN)).body)
    expect(full.masked).toBe(false)
    expect(sheetRows(await openExport(cloud, full), '答卷')[1][phoneColumn]).toBe(PHONE)
    expect(cloud.db.find<AuditDoc>('audit', { target: `surveys/${surveyId}`, action: 'exportSurvey' }).map((a) => a.detail.masked)).toEqual([
      true,
      false
    ])
  })
})
