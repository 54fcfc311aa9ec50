/**
 * Personal data at rest and in organizers' view (issue 10), through a local cloud whose store is a file in a temporary
 * data directory, with functions `survey` and `service`:
 *   - personal data goes in through the actions (needs with phones, a name, health and legal words, a precise point;
 *     a questionnaire answer with a phone), then the raw SQLite file is read — its bytes, and its rows decoded straight
 *     from the file, not through the local cloud — and no plaintext is there;
 *   - organizers see the needs masked (list, match), the requester sees their own words;
 *   - an admin unmasks one value with a reason and one audit entry is written; an organizer or a user is refused;
 *   - a key rotation: the new key configured with the old one kept readable, the rotation run in batches by an admin
 *     until nothing is left, then the old key removed — the rows hold the new key id only and everything still reads.
 *     Removing the old key before the run makes the reads fail, so the run is what makes the difference. A need
 *     stored before needs were sealed (words in the clear, as an earlier deployment wrote it) reads, shows masked, and
 *     is sealed by the same run.
 */
import Sqlite from 'better-sqlite3'
import { deserialize } from 'bson'
import fs from 'fs'
import os from 'os'
import path from 'path'
import { ADMIN_ONLY_KEYS_MESSAGE, type RotateKeysOutput } from '@core/api/data-keys'
import type { Result } from '@core/api/result'
import { SENSITIVE_TEXT_MASK, type NeedDoc } from '@core/matching'
import type { AuditDoc } from '../../cloudfunctions/_shared'
import { DATA_KEY_VARIABLE, keyRingFrom, newDataKey, PREVIOUS_DATA_KEYS_VARIABLE, sealedKeyId } from '../../cloudfunctions/_shared/sealing'
import { ADMIN_ONLY_UNMASK_MESSAGE } from '../../cloudfunctions/service/privacy'
import { requesterKeyFor } from '../../cloudfunctions/service/requester'
import { data, startTestCloud, type TestCloud } from '../support/cloud'
import { WEDNESDAY_10_00 } from '../support/instants'
import { errorsDuring, needsDefinition, publishedSurvey, submit } from '../integration/survey-support'

const ORGANIZER = 'demo-organizer'
const ADMIN = 'demo-admin'
const VENUE = 'venue-youlin'
const REQUESTER = 'pii-rider'
const ORGANIZER_ERROR = { ok: false, code: 'FORBIDDEN', message: '只有服务中心的组织者可以这样做' }

/** What the people wrote: every one of these must be nowhere in the file. */
const LEGAL_TEXT = '我叫马建国，电话13912345678，跑单时被车撞了，对方不赔医药费，想找律师打官司'
const HEALTH_TEXT = '腰椎间盘突出三年了，跑单久坐疼得厉害，想找医生看看'
const PLAIN_TEXT = '电动车电瓶总是不够用，想找个能充电的地方，联系我13700001111或者rider.ma@example.com'
const VISIT_TEXT = '独居老人赵桂兰想学用智能手机挂号'
const SURVEY_PHONE = '13655554444'
const PRECISE = { lat: 36.061234, lng: 103.834567 }
const SECRETS = ['马建国', '13912345678', '13700001111', 'rider.ma@example.com', '腰椎间盘突出', '赵桂兰', '被车撞了', SURVEY_PHONE, '36.061234', '103.834567']

let dir: string
let cloud: TestCloud
const needIds: Record<'legal' | 'health' | 'plain' | 'visit', string> = { legal: '', health: '', plain: '', visit: '' }
let responseId: string

/** The store's file and its write-ahead log, as bytes. */
function storeBytes(): Buffer {
  const files = fs.readdirSync(dir).filter((name) => name.startsWith('store.sqlite'))
  return Buffer.concat(files.map((name) => fs.readFileSync(path.join(dir, name))))
}

/** The documents of a collection as the file holds them now, decoded from the rows of the SQLite file itself. */
function rawDocs(collection: string): Record<string, unknown>[] {
  const file = new Sqlite(path.join(dir, 'store.sqlite'), { readonly: true, fileMustExist: true })
  try {
    const rows = file.prepare('SELECT body FROM docs WHERE coll = ?').all(collection) as { body: Buffer }[]
    return rows.map((row) => deserialize(row.body))
  } finally {
    file.close()
  }
}

/** Every sealed value (`g1.<key id>.…`) anywhere in a document. */
function sealedValues(value: unknown): string[] {
  if (typeof value === 'string') return sealedKeyId(value) === undefined ? [] : [value]
  if (Array.isArray(value)) return value.flatMap(sealedValues)
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(sealedValues)
  return []
}

/** The key ids the file's live documents of these collections are sealed with. */
const keyIdsAtRest = (collections: readonly string[]): string[] =>
  [...new Set(collections.flatMap((c) => rawDocs(c).flatMap(sealedValues)).map((v) => sealedKeyId(v) as string))].sort()

function currentKeys() {
  const keys = keyRingFrom(process.env)
  if (!keys.ok) throw new Error(keys.problem)
  return keys.keys
}

const currentKeyId = (): string => currentKeys().id

const myNeedTexts = async (): Promise<string[]> => data((await cloud.call('service', 'myNeeds', {}, REQUESTER)).body).items.map((need) => need.text)

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'youlin-pii-'))
  cloud = await startTestCloud({ at: WEDNESDAY_10_00, seed: true, functions: ['service', 'survey'], dataDir: dir })
  const file = (category: string, text: string, extra: object = {}) =>
    cloud.call('service', 'submitNeed', { category, text, venueId: VENUE, ...extra }, REQUESTER)
  needIds.legal = data((await file('LEGAL_TRAFFIC', LEGAL_TEXT, { location: PRECISE, consent: { shareContact: true, preciseLocation: true } })).body).need._id
  needIds.health = data((await file('HEALTH_INJURY', HEALTH_TEXT)).body).need._id
  needIds.plain = data((await file('BASIC_CHARGING', PLAIN_TEXT, { location: PRECISE })).body).need._id
  const visit = { venueId: VENUE, category: 'SKILLS_DIGITAL', text: VISIT_TEXT, group: 'resident', visitPlace: '幸福里小区', entererName: '小马', verbalConsent: true } as const
  needIds.visit = data((await cloud.call('service', 'recordNeed', visit, ORGANIZER)).body).need._id
  const surveyId = await publishedSurvey(cloud, needsDefinition())
  const answers = { group: 'rider', hours: 'after21', needs: ['rest'], freeTime: ['weekdayEvening'], wantContact: 'yes', contactConsent: true, name: '苟师傅', phone: SURVEY_PHONE }
  responseId = data((await submit(cloud, surveyId, answers, REQUESTER)).body).response._id
})

afterAll(async () => {
  await cloud.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('at rest', () => {
  it('the raw SQLite file holds none of the words, numbers, names or the precise point people gave', () => {
    const bytes = storeBytes()
    for (const secret of SECRETS) expect([secret, bytes.includes(Buffer.from(secret, 'utf8'))]).toEqual([secret, false])
  })

  it("a need's row holds its words, tokens and precise point sealed, the point beside them coarse", () => {
    const [legal] = rawDocs('needs').filter((doc) => doc._id === needIds.legal)
    expect(legal).not.toHaveProperty('text')
    expect(legal).not.toHaveProperty('tokens')
    expect(legal.location).toEqual({ lat: 36.06, lng: 103.83, precise: false })
    const sealed = legal.sealed as Record<string, string>
    expect(Object.keys(sealed).sort()).toEqual(['location', 'text', 'tokens'])
    for (const value of Object.values(sealed)) expect(sealedKeyId(value)).toBe(currentKeyId())
    expect(legal.sealedWith).toBe(currentKeyId())
  })
})

describe("in organizers' view", () => {
  it('the list hides health and legal words, stars identifiers elsewhere, shows the point coarse, and no tokens', async () => {
    const { items } = data((await cloud.call('service', 'listNeeds', { venueId: VENUE, limit: 100 }, ORGANIZER)).body)
    const byId = new Map(items.map((need) => [need._id, need]))
    expect(byId.get(needIds.legal)).toMatchObject({ text: SENSITIVE_TEXT_MASK, location: { lat: 36.06, lng: 103.83, precise: false }, masked: ['text', 'location'] })
    expect(byId.get(needIds.health)?.text).toBe(SENSITIVE_TEXT_MASK)
    expect(byId.get(needIds.plain)?.text).toBe('电动车电瓶总是不够用，想找个能充电的地方，联系我137****1111或者r***@example.com')
    expect(byId.get(needIds.visit)?.text).toBe(VISIT_TEXT)
    const shown = JSON.stringify(items)
    for (const secret of SECRETS.filter((s) => s !== '赵桂兰')) expect([secret, shown.includes(secret)]).toEqual([secret, false])
    expect(items.every((need) => !('tokens' in need))).toBe(true)
  })

  it('the matching screen shows each proposal with the masked words', async () => {
    data((await cloud.call('service', 'triageNeed', { needId: needIds.legal }, ORGANIZER)).body)
    const { proposals } = data((await cloud.call('service', 'match', { venueId: VENUE, needIds: [needIds.legal] }, ORGANIZER)).body)
    expect(proposals.length).toBeGreaterThan(0)
    for (const proposal of proposals) expect(proposal.needText).toBe(SENSITIVE_TEXT_MASK)
  })

  it('the requester reads their own needs as written', async () => {
    expect(await myNeedTexts()).toEqual(expect.arrayContaining([LEGAL_TEXT, HEALTH_TEXT, PLAIN_TEXT]))
  })
})

describe('unmask', () => {
  it('is refused to an organizer and to a user, and writes nothing', async () => {
    const before = cloud.db.count('audit')
    const input = { needId: needIds.legal, field: 'text', reason: '核实联系方式' } as const
    expect((await cloud.call('service', 'unmask', input, ORGANIZER)).body).toEqual({ ok: false, code: 'FORBIDDEN', message: ADMIN_ONLY_UNMASK_MESSAGE })
    expect((await cloud.call('service', 'unmask', input, REQUESTER)).body).toEqual(ORGANIZER_ERROR)
    expect(cloud.db.count('audit')).toBe(before)
  })

  it('shows an admin the words or the point in full, each time with one audit entry naming who, what and why — not the value', async () => {
    const text = data((await cloud.call('service', 'unmask', { needId: needIds.legal, field: 'text', reason: '核实联系方式' }, ADMIN)).body)
    expect(text).toEqual({ needId: needIds.legal, field: 'text', value: LEGAL_TEXT })
    const point = data((await cloud.call('service', 'unmask', { needId: needIds.legal, field: 'location', reason: '安排上门' }, ADMIN)).body)
    expect(point.value).toBe('36.061234, 103.834567')
    const entries = cloud.db.find<AuditDoc>('audit', { target: `needs/${needIds.legal}`, action: 'unmask' })
    expect(entries).toEqual([
      expect.objectContaining({ actor: ADMIN, fn: 'service', detail: { field: 'text', reason: '核实联系方式' } }),
      expect.objectContaining({ actor: ADMIN, fn: 'service', detail: { field: 'location', reason: '安排上门' } })
    ])
    expect(JSON.stringify(entries)).not.toContain('马建国')
    const coarse = await cloud.call('service', 'unmask', { needId: needIds.health, field: 'location', reason: '安排上门' }, ADMIN)
    expect(coarse.body).toMatchObject({ ok: false, code: 'NOT_FOUND', field: 'field' })
  })
})

describe('key rotation', () => {
  const SEALED = ['needs', 'responses', 'surveyDrafts'] as const
  let oldKey: string
  let newKey: string
  let oldId: string
  const LEGACY_TEXT = '想咨询离婚后孩子抚养权的问题，前妻叫刘翠花'

  /** A need as a deployment before sealing stored it: words, tokens and the consented point in the clear. */
  const legacyNeed = (): NeedDoc => ({
    _id: 'need-legacy-clear',
    venueId: VENUE,
    category: 'LEGAL_FAMILY',
    text: LEGACY_TEXT,
    tokens: ['咨询', '离婚', '孩子', '抚养权', '刘翠花'],
    urgency: 'normal',
    source: 'self',
    requesterKey: requesterKeyFor(currentKeys(), REQUESTER),
    group: 'rider',
    availability: [],
    location: { lat: 36.071234, lng: 103.844567, precise: true },
    consent: { shareContact: false, preciseLocation: true },
    photos: [],
    status: 'submitted',
    history: [{ to: 'submitted', at: WEDNESDAY_10_00 - 86_400_000, by: 'requester' }],
    createdAt: WEDNESDAY_10_00 - 86_400_000,
    updatedAt: WEDNESDAY_10_00 - 86_400_000
  })

  const rotateAll = async (fn: 'service' | 'survey'): Promise<RotateKeysOutput[]> => {
    const runs: RotateKeysOutput[] = []
    for (let i = 0; i < 200; i++) {
      const body: Result<RotateKeysOutput> = (await cloud.call(fn, 'rotateKeys', { limit: 40 }, ADMIN)).body
      runs.push(data(body))
      if (data(body).remaining === 0) return runs
    }
    throw new Error(`${fn}.rotateKeys did not finish`)
  }

  beforeAll(() => {
    oldKey = process.env[DATA_KEY_VARIABLE] as string
    oldId = currentKeyId()
    newKey = newDataKey()
    cloud.db.insert('needs', [legacyNeed()])
  })
  afterAll(() => {
    process.env[DATA_KEY_VARIABLE] = oldKey
    delete process.env[PREVIOUS_DATA_KEYS_VARIABLE]
  })

  it('everything is sealed with the one key to begin with', () => {
    expect(keyIdsAtRest(SEALED)).toEqual([oldId])
  })

  it('a need stored in the clear by an earlier deployment reads for its requester and shows masked to organizers', async () => {
    expect(await myNeedTexts()).toContain(LEGACY_TEXT)
    const { items } = data((await cloud.call('service', 'listNeeds', { venueId: VENUE, limit: 100 }, ORGANIZER)).body)
    expect(items.find((need) => need._id === 'need-legacy-clear')).toMatchObject({ text: SENSITIVE_TEXT_MASK, location: { lat: 36.07, lng: 103.84, precise: false } })
  })

  it('is refused to anyone but an admin', async () => {
    for (const fn of ['service', 'survey'] as const) {
      expect((await cloud.call(fn, 'rotateKeys', {}, ORGANIZER)).body).toEqual({ ok: false, code: 'FORBIDDEN', message: ADMIN_ONLY_KEYS_MESSAGE })
      expect((await cloud.call(fn, 'rotateKeys', {}, REQUESTER)).body).toEqual(ORGANIZER_ERROR)
    }
    expect(keyIdsAtRest(SEALED)).toEqual([oldId])
  })

  it('without the old key kept readable, what it sealed does not read (so the run below is what matters)', async () => {
    process.env[DATA_KEY_VARIABLE] = newKey
    try {
      const errors = await errorsDuring(async () => {
        expect((await cloud.call('service', 'myNeeds', {}, REQUESTER)).body).toMatchObject({ ok: false, code: 'INTERNAL' })
      })
      expect(errors).toEqual([expect.stringContaining(`sealed with key ${oldId}`)])
    } finally {
      process.env[DATA_KEY_VARIABLE] = oldKey
    }
  })

  it('with the new key and the old one kept readable, reads go on; the batched run seals everything again', async () => {
    process.env[DATA_KEY_VARIABLE] = newKey
    process.env[PREVIOUS_DATA_KEYS_VARIABLE] = oldKey
    const newId = currentKeyId()
    expect(newId).not.toBe(oldId)
    expect(await myNeedTexts()).toEqual(expect.arrayContaining([LEGAL_TEXT, HEALTH_TEXT, PLAIN_TEXT]))

    const needs = cloud.db.count('needs')
    const records = cloud.db.count('responses') + cloud.db.count('surveyDrafts')
    const serviceRuns = await rotateAll('service')
    const surveyRuns = await rotateAll('survey')
    expect(serviceRuns.reduce((sum, run) => sum + run.resealed, 0)).toBe(needs)
    expect(surveyRuns.reduce((sum, run) => sum + run.resealed, 0)).toBe(records)
    expect(serviceRuns.length).toBeGreaterThan(1)
    for (const run of [...serviceRuns, ...surveyRuns]) expect(run.keyId).toBe(newId)
    expect(keyIdsAtRest(SEALED)).toEqual([newId])
    expect(cloud.db.find<AuditDoc>('audit', { action: 'rotateKeys' })).toHaveLength(serviceRuns.length + surveyRuns.length)
    // A second run finds nothing left.
    expect(data((await cloud.call('service', 'rotateKeys', {}, ADMIN)).body)).toEqual({ keyId: newId, resealed: 0, remaining: 0 })
  })

  it('after the run the old key is removed and everything still reads: needs, masks, unmask, answers', async () => {
    delete process.env[PREVIOUS_DATA_KEYS_VARIABLE]
    expect(await myNeedTexts()).toEqual(expect.arrayContaining([LEGAL_TEXT, HEALTH_TEXT, PLAIN_TEXT, LEGACY_TEXT]))
    const [legacy] = rawDocs('needs').filter((doc) => doc._id === 'need-legacy-clear')
    expect(legacy).not.toHaveProperty('text')
    expect(legacy).not.toHaveProperty('tokens')
    expect(legacy).toMatchObject({ location: { lat: 36.07, lng: 103.84, precise: false }, sealedWith: currentKeyId() })
    expect(JSON.stringify(rawDocs('needs'))).not.toContain('刘翠花')
    const legacyPoint = data((await cloud.call('service', 'unmask', { needId: 'need-legacy-clear', field: 'location', reason: '安排上门' }, ADMIN)).body)
    expect(legacyPoint.value).toBe('36.071234, 103.844567')
    const { items } = data((await cloud.call('service', 'listNeeds', { venueId: VENUE, limit: 100 }, ORGANIZER)).body)
    expect(items.length).toBe(cloud.db.count('needs', { venueId: VENUE }))
    const text = data((await cloud.call('service', 'unmask', { needId: needIds.plain, field: 'text', reason: '回访' }, ADMIN)).body)
    expect(text.value).toBe(PLAIN_TEXT)
    const answer = data((await cloud.call('survey', 'unmask', { responseId, questionId: 'phone', reason: '回访' }, ADMIN)).body)
    expect(answer.value).toBe(SURVEY_PHONE)
    // Seeded demo data too: every demo requester still finds their needs (the hash key did not rotate).
    expect(data((await cloud.call('service', 'myNeeds', {}, 'demo-rider')).body).items.length).toBeGreaterThan(0)
    const bytes = storeBytes()
    for (const secret of SECRETS) expect([secret, bytes.includes(Buffer.from(secret, 'utf8'))]).toEqual([secret, false])
  })
})
