/**
 * 组织关系安家 and 入党申请 through the local cloud (issue 12), with the store on disk so its bytes can be read:
 * consent is required, what a person gives is sealed at rest, organizers list it masked and only for their centre,
 * the detail is audited, the lifecycle moves as core says, withdrawing deletes, and messages carry no party words.
 */
import fs from 'fs'
import os from 'os'
import path from 'path'
import { nextPartyStatuses, PARTY_CONSENT_VERSION, type PartyKind, type PartyStatus } from '@core/community/party'
import type { AuditDoc } from '../../cloudfunctions/_shared'
import { ALREADY_OPEN_MESSAGE, NOT_FOUND_MESSAGE } from '../../cloudfunctions/community/party'
import { DATA_KEY_VARIABLE, keyRingFrom, newDataKey, PREVIOUS_DATA_KEYS_VARIABLE } from '../../cloudfunctions/_shared/sealing'
import { OTHER_VENUE_MESSAGE } from '../../cloudfunctions/_shared/scope'
import { data, startTestCloud, type TestCloud } from '../support/cloud'
import { WEDNESDAY_10_00 } from '../support/instants'
import { limitRequestsBefore } from '../support/write-limits'

const RIDER = 'demo-rider'
const ORGANIZER = 'demo-organizer'
const ADMIN = 'demo-admin'
const OTHER_ORGANIZER = 'party-organizer-laojie'
const YOULIN = 'venue-youlin'

const NAME = '王建军'
const PHONE = '13812345678'
const ORG = '美团外卖城关站'
const RELATION_AT = '天水市秦州区皂郊镇党委'
const SINCE = '2016年'
const NOTE = '晚上九点后方便接电话'
const SECRETS = [NAME, PHONE, ORG, RELATION_AT, SINCE, NOTE]
const PARTY_WORDS = /党|入党|组织关系|安家/

const relation = { kind: 'relation', name: NAME, phone: PHONE, currentOrg: ORG, relationAt: RELATION_AT, partyMemberSince: SINCE, venueId: YOULIN, note: NOTE, consent: true } as const

let dir: string
let cloud: TestCloud

const storeBytes = (): Buffer =>
  Buffer.concat(
    fs
      .readdirSync(dir)
      .filter((name) => name.startsWith('store.sqlite'))
      .map((name) => fs.readFileSync(path.join(dir, name)))
  )

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'youlin-party-'))
  cloud = await startTestCloud({ at: WEDNESDAY_10_00, seed: true, functions: ['community'], dataDir: dir })
  const [template] = cloud.db.find<Record<string, unknown>>('users', { _id: ORGANIZER })
  cloud.db.insert('users', [{ ...template, _id: OTHER_ORGANIZER, nickname: '老街小周', roles: ['organizer'], venueIds: ['venue-laojie'] }])
})

afterAll(async () => {
  await cloud.close()
  fs.rmSync(dir, { recursive: true, force: true })
})

afterEach(() => {
  cloud.db.remove('partyRegistrations', { openid: RIDER })
})

interface StoredRegistration {
  _id: string
  kind: PartyKind
  status: PartyStatus
  sealedWith: string
}

/** Waits (a few seconds at most) until `done` holds: for writes the test lets run while another one is held. */
async function until(done: () => boolean): Promise<void> {
  for (let tries = 0; !done(); tries++) {
    if (tries === 300) throw new Error('gave up waiting')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

const register = (input: object, openid = RIDER) => cloud.callUntyped('community', { action: 'registerParty', ...input }, openid)

describe('registering', () => {
  test('without its own consent nothing is stored, and the message says what to tick', async () => {
    const { consent: _consent, ...withoutConsent } = relation
    for (const input of [withoutConsent, { ...relation, consent: false }]) {
      const reply = await register(input)
      expect(reply.body).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'consent', message: '请先阅读并勾选同意《政治面貌信息处理说明》' })
    }
    expect(cloud.db.find('partyRegistrations', { openid: RIDER })).toEqual([])
  })

  test('a relation needs where the relation sits; a phone must be a mobile', async () => {
    const { relationAt: _at, ...noRelation } = relation
    expect((await register(noRelation)).body).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'relationAt' })
    expect((await register({ ...relation, phone: '0931-123' })).body).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'phone' })
  })

  test('stores the consent version and time, seals everything political, and the bytes on disk hold none of it', async () => {
    const reply = await cloud.call('community', 'registerParty', relation, RIDER)
    const { registration } = data(reply.body)
    expect(registration).toMatchObject({ _id: 'party-relation-demo-rider', status: 'submitted', person: { name: NAME, phone: PHONE, relationAt: RELATION_AT } })
    expect(registration.consent).toEqual({ version: PARTY_CONSENT_VERSION, at: WEDNESDAY_10_00 })
    const [stored] = cloud.db.find<Record<string, unknown>>('partyRegistrations', { _id: registration._id })
    expect(Object.keys(stored).sort()).toEqual(['_id', 'consent', 'createdAt', 'kind', 'openid', 'sealed', 'sealedWith', 'status', 'updatedAt', 'venueId'])
    const raw = JSON.stringify(stored)
    for (const secret of SECRETS) expect([secret, raw.includes(secret)]).toEqual([secret, false])
    const bytes = storeBytes()
    for (const secret of SECRETS) expect([secret, bytes.includes(Buffer.from(secret, 'utf8'))]).toEqual([secret, false])
  })

  test('one open registration per person and kind; another kind is another registration', async () => {
    data((await cloud.call('community', 'registerParty', relation, RIDER)).body)
    expect((await register(relation)).body).toMatchObject({ ok: false, code: 'CONFLICT', message: ALREADY_OPEN_MESSAGE })
    const application = { kind: 'application', name: NAME, phone: PHONE, venueId: YOULIN, consent: true } as const
    const second = await cloud.call('community', 'registerParty', application, RIDER)
    data(second.body)
    // A person's later write: the write limit (one request), the centre, the insert.
    expect(second.dbOps).toBe(3)
    const mine = data((await cloud.call('community', 'myParty', {}, RIDER)).body).items
    expect(mine.map((r) => r.kind).sort()).toEqual(['application', 'relation'])
    expect(mine.find((r) => r.kind === 'relation')?.person).toEqual({ name: NAME, phone: PHONE, currentOrg: ORG, relationAt: RELATION_AT, partyMemberSince: SINCE, note: NOTE })
  })

  test('a risky note is refused before anything is written', async () => {
    const reply = await register({ ...relation, note: '代开发票找我' })
    expect(reply.body).toMatchObject({ ok: false, code: 'CONTENT_RISKY', field: 'note' })
    expect(cloud.db.find('partyRegistrations', { openid: RIDER })).toEqual([])
  })
})

describe("organizers' view", () => {
  test('the list is masked and holds nothing of the affiliation; each organizer sees only their centre, an admin all', async () => {
    data((await cloud.call('community', 'registerParty', relation, RIDER)).body)
    const reply = await cloud.call('community', 'listParty', {}, ORGANIZER)
    const { items } = data(reply.body)
    expect(reply.dbOps).toBe(2)
    expect(new Set(items.map((i) => i.venueId))).toEqual(new Set([YOULIN]))
    expect(items.find((i) => i._id === 'party-relation-demo-rider')).toMatchObject({ name: '王**', phone: '138****5678', status: 'submitted' })
    const shown = JSON.stringify(items)
    for (const secret of SECRETS) expect([secret, shown.includes(secret)]).toEqual([secret, false])

    const laojie = data((await cloud.call('community', 'listParty', {}, OTHER_ORGANIZER)).body).items
    expect(laojie.length).toBeGreaterThan(0)
    expect(laojie.every((i) => i.venueId === 'venue-laojie')).toBe(true)
    expect((await cloud.call('community', 'listParty', { venueId: YOULIN }, OTHER_ORGANIZER)).body).toMatchObject({ ok: false, code: 'FORBIDDEN', message: OTHER_VENUE_MESSAGE })

    const all = data((await cloud.call('community', 'listParty', {}, ADMIN)).body).items
    expect(new Set(all.map((i) => i.venueId))).toEqual(new Set([YOULIN, 'venue-lanmu', 'venue-laojie']))
  })

  test("岚沐文创园's follow-ups are the article's: 3 relations settled, 4 applications guided", async () => {
    const settled = data((await cloud.call('community', 'listParty', { venueId: 'venue-lanmu', kind: 'relation', status: 'settled' }, ADMIN)).body).items
    const guided = data((await cloud.call('community', 'listParty', { venueId: 'venue-lanmu', kind: 'application', status: 'guided' }, ADMIN)).body).items
    expect([settled.length, guided.length]).toEqual([3, 4])
  })

  test('the detail is whole for the centre organizer and audited as a view naming no value; another centre is refused', async () => {
    const { registration } = data((await cloud.call('community', 'registerParty', relation, RIDER)).body)
    const reply = await cloud.call('community', 'partyDetail', { registrationId: registration._id }, ORGANIZER)
    expect(data(reply.body).registration.person).toMatchObject({ name: NAME, phone: PHONE, relationAt: RELATION_AT })
    const [entry] = cloud.db.find<AuditDoc>('audit', { action: 'viewParty', target: `partyRegistrations/${registration._id}` })
    expect(entry).toMatchObject({ actor: ORGANIZER, fn: 'community' })
    const logged = JSON.stringify(entry)
    for (const secret of SECRETS) expect([secret, logged.includes(secret)]).toEqual([secret, false])
    expect((await cloud.call('community', 'partyDetail', { registrationId: registration._id }, OTHER_ORGANIZER)).body).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect((await cloud.call('community', 'partyDetail', { registrationId: registration._id }, RIDER)).body).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  })
})

describe('following up', () => {
  test('a relation moves to 安家 step by step; each step is audited and messages the person without a party word', async () => {
    const { registration } = data((await cloud.call('community', 'registerParty', relation, RIDER)).body)
    const registrationId = registration._id
    const follow = (status: 'contacted' | 'transferring' | 'settled' | 'guided', note?: string) =>
      cloud.call('community', 'followUpParty', { registrationId, status, ...(note ? { note } : {}) }, ORGANIZER)

    expect((await follow('guided')).body).toMatchObject({ ok: false, code: 'CONFLICT', field: 'status' })
    const contacted = await follow('contacted', '已电话联系，周六来中心')
    expect(data(contacted.body).registration.status).toBe('contacted')
    expect(contacted.dbOps).toBeLessThanOrEqual(6)
    data((await follow('transferring', '已开具介绍信')).body)
    cloud.clock.advance(60_000)
    data((await follow('settled')).body)
    expect((await follow('transferring')).body).toMatchObject({ ok: false, code: 'CONFLICT' })

    const mine = data((await cloud.call('community', 'myParty', {}, RIDER)).body).items[0]
    expect(mine.history.map((s) => s.status)).toEqual(['submitted', 'contacted', 'transferring', 'settled'])
    expect(mine.history[1].note).toBe('已电话联系，周六来中心')

    const audits = cloud.db.find<AuditDoc>('audit', { action: 'followUpParty', target: `partyRegistrations/${registrationId}` })
    expect(audits.map((a) => a.detail.to)).toEqual(['contacted', 'transferring', 'settled'])
    const messages = cloud.db.find<Record<string, unknown>>('notifications', { subjectId: registrationId })
    expect(messages).toHaveLength(3)
    for (const message of messages) {
      expect(message).toMatchObject({ openid: RIDER, template: 'needProgress', status: 'pending', page: 'packages/party/index' })
      const text = JSON.stringify(message.data)
      expect(text).not.toMatch(PARTY_WORDS)
      for (const secret of SECRETS) expect([secret, text.includes(secret)]).toEqual([secret, false])
    }
  })

  test('an application ends guided; an ended registration may be made again, a new one', async () => {
    const application = { kind: 'application', name: NAME, phone: PHONE, venueId: YOULIN, consent: true } as const
    const { registration } = data((await cloud.call('community', 'registerParty', application, RIDER)).body)
    expect((await cloud.call('community', 'followUpParty', { registrationId: registration._id, status: 'transferring' }, ORGANIZER)).body).toMatchObject({ ok: false, code: 'CONFLICT' })
    data((await cloud.call('community', 'followUpParty', { registrationId: registration._id, status: 'guided', note: '已递交入党申请书' }, ORGANIZER)).body)
    cloud.clock.advance(60_000)
    const again = data((await cloud.call('community', 'registerParty', application, RIDER)).body).registration
    expect(again).toMatchObject({ _id: registration._id, status: 'submitted' })
    expect(again.history).toHaveLength(1)
  })

  test("another centre's organizer cannot follow up", async () => {
    const { registration } = data((await cloud.call('community', 'registerParty', relation, RIDER)).body)
    const reply = await cloud.call('community', 'followUpParty', { registrationId: registration._id, status: 'contacted' }, OTHER_ORGANIZER)
    expect(reply.body).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(cloud.db.find<{ status: string }>('partyRegistrations', { _id: registration._id })[0].status).toBe('submitted')
  })
})

describe('withdrawing', () => {
  test('deletes the registration and its sealed data; someone else is told it is not there', async () => {
    const { registration } = data((await cloud.call('community', 'registerParty', relation, RIDER)).body)
    expect((await cloud.call('community', 'withdrawParty', { registrationId: registration._id }, 'demo-courier')).body).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
      message: NOT_FOUND_MESSAGE
    })
    const reply = await cloud.call('community', 'withdrawParty', { registrationId: registration._id }, RIDER)
    expect(data(reply.body)).toEqual({ withdrawn: registration._id })
    expect(reply.dbOps).toBeLessThanOrEqual(3)
    expect(cloud.db.find('partyRegistrations', { _id: registration._id })).toEqual([])
    expect(data((await cloud.call('community', 'myParty', {}, RIDER)).body).items).toEqual([])
  })
})

describe('key rotation', () => {
  const keyId = (): string => {
    const ring = keyRingFrom(process.env)
    if (!ring.ok) throw new Error(ring.problem)
    return ring.keys.id
  }

  test('with a new key and the old one kept readable, batched admin runs seal every registration again; then the old key can go', async () => {
    expect((await cloud.call('community', 'rotateKeys', {}, ORGANIZER)).body).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    const oldKey = process.env[DATA_KEY_VARIABLE] as string
    const oldId = keyId()
    process.env[DATA_KEY_VARIABLE] = newDataKey()
    process.env[PREVIOUS_DATA_KEYS_VARIABLE] = oldKey
    try {
      const newId = keyId()
      expect(newId).not.toBe(oldId)
      const total = cloud.db.count('partyRegistrations')
      let resealed = 0
      for (let run = 0; run < 10; run++) {
        const out = data((await cloud.call('community', 'rotateKeys', { limit: 4 }, ADMIN)).body)
        resealed += out.resealed
        if (out.remaining === 0) break
      }
      expect(resealed).toBe(total)
      expect(new Set(cloud.db.find<{ sealedWith: string }>('partyRegistrations', {}).map((r) => r.sealedWith))).toEqual(new Set([newId]))
      delete process.env[PREVIOUS_DATA_KEYS_VARIABLE]
      const { items } = data((await cloud.call('community', 'listParty', { venueId: 'venue-lanmu' }, ADMIN)).body)
      expect(items).toHaveLength(7)
      expect(data((await cloud.call('community', 'partyDetail', { registrationId: items[0]._id }, ADMIN)).body).registration.person.phone).toMatch(/^1\d{10}$/)
    } finally {
      process.env[DATA_KEY_VARIABLE] = oldKey
      delete process.env[PREVIOUS_DATA_KEYS_VARIABLE]
    }
  })
  // Last in the file: it empties the store's registrations to know exactly which ones the batch holds.
  test('writes of a batch are in flight together, and a registration followed up meanwhile keeps its follow-up', async () => {
    cloud.db.remove('partyRegistrations', {})
    const people = ['rotation-1', 'rotation-2', 'rotation-3', 'rotation-4']
    for (const person of people) data((await cloud.call('community', 'registerParty', relation, person)).body)
    const oldKey = process.env[DATA_KEY_VARIABLE] as string
    process.env[DATA_KEY_VARIABLE] = newDataKey()
    process.env[PREVIOUS_DATA_KEYS_VARIABLE] = oldKey
    const sealedWithNew = (): StoredRegistration[] => cloud.db.find<StoredRegistration>('partyRegistrations', {}).filter((r) => r.sealedWith === keyId())
    try {
      // The caller read, the write limit, the batch read, then the first reseal: held until the test lets it through.
      const firstWrite = 1 + limitRequestsBefore(cloud.db, ADMIN, 'organizing') + 1 + 1
      const held = cloud.faults.holdDatabaseRequest({ fn: 'community', openid: ADMIN, request: firstWrite })
      const rotation = cloud.call('community', 'rotateKeys', { limit: people.length }, ADMIN)
      await held.arrived
      // The other reseals do not wait behind the held one: one after another, none of them could land now.
      await until(() => sealedWithNew().length === people.length - 1)
      const [waiting] = cloud.db.find<StoredRegistration>('partyRegistrations', {}).filter((r) => r.sealedWith !== keyId())
      const [to] = nextPartyStatuses(waiting.kind, waiting.status)
      data((await cloud.call('community', 'followUpParty', { registrationId: waiting._id, status: to, note: '已电话联系' }, ADMIN)).body)
      held.release()
      expect(data((await rotation).body)).toMatchObject({ resealed: people.length - 1, remaining: 0 })
      expect(held.fired).toBe(true)
      const { registration } = data((await cloud.call('community', 'partyDetail', { registrationId: waiting._id }, ADMIN)).body)
      expect(registration.status).toBe(to)
      expect(registration.history.at(-1)).toMatchObject({ status: to, note: '已电话联系' })
      expect(sealedWithNew()).toHaveLength(people.length)
    } finally {
      cloud.faults.clear()
      process.env[DATA_KEY_VARIABLE] = oldKey
      delete process.env[PREVIOUS_DATA_KEYS_VARIABLE]
    }
  })
})
