/**
 * Per-person write limits through the local cloud (issue 10, Abuse): a burst of writes from one openid is refused
 * with RATE_LIMITED and a retry-after, while other people and other kinds of write go on; the window moves with the
 * cloud's clock; a refused call changes nothing in the store; concurrent writes spread over invocations are counted
 * whole; and a write pays exactly one extra database request, a read none.
 *
 * The clock is stopped, so every write of a burst lands on the same instant: the limit is reached with no real time
 * passing, and the window only moves when a test moves the clock.
 */
import { WRITE_KINDS, WRITE_LIMITS } from '@core/rate-limit'
import { data, startTestCloud, type TestCloud } from '../support/cloud'
import { WEDNESDAY_10_00 } from '../support/instants'

let cloud: TestCloud

beforeAll(async () => {
  cloud = await startTestCloud({ at: WEDNESDAY_10_00, seed: true })
})
afterAll(() => cloud.close())

const PERSONAL = WRITE_LIMITS.personal

const rename = (openid: string, nickname: string) => cloud.call('user', 'updateProfile', { nickname }, openid)

/** A person with an account (login is a read after the first time, and not limited). */
async function signIn(openid: string): Promise<void> {
  data((await cloud.call('user', 'login', {}, openid)).body)
}

/** Every collection's documents, as stored: what a refused call must leave exactly as it was. */
function snapshot(): string {
  return JSON.stringify(cloud.db.collections().map((name) => [name, cloud.db.find(name, {}, { sort: { _id: 1 } })]))
}

/** Spends the person's whole personal budget in the current window, one write after another. */
async function spend(openid: string): Promise<void> {
  await signIn(openid)
  for (let i = 0; i < PERSONAL.limit; i++) expect((await rename(openid, `骑手${i}`)).body.ok).toBe(true)
}

describe('a burst from one person', () => {
  it('is refused past the limit with RATE_LIMITED, a Chinese message and a retry-after, and writes nothing', async () => {
    await spend('burst-rider')
    const before = snapshot()
    const refused = await rename('burst-rider', '第三十一次')
    expect(refused.body).toEqual({
      ok: false,
      code: 'RATE_LIMITED',
      message: `操作太频繁了，请${PERSONAL.windowMs / 1000}秒后再试`,
      retryAfter: PERSONAL.windowMs / 1000
    })
    expect(snapshot()).toBe(before)
    expect(cloud.db.find('users', { _id: 'burst-rider' })[0]).toMatchObject({ nickname: `骑手${PERSONAL.limit - 1}` })
  })

  it('leaves another person in the same burst unaffected', async () => {
    await spend('burst-courier')
    await signIn('calm-resident')
    const [limited, other] = await Promise.all([rename('burst-courier', '又一次'), rename('calm-resident', '居民老王')])
    expect(limited.body).toMatchObject({ ok: false, code: 'RATE_LIMITED' })
    expect(data(other.body).profile.nickname).toBe('居民老王')
  })

  it('counts each kind of write apart: a full personal budget does not stop a questionnaire draft', async () => {
    await spend('busy-rider')
    expect((await rename('busy-rider', '再改一次')).body).toMatchObject({ code: 'RATE_LIMITED' })
    const survey = data((await cloud.call('survey', 'list', {}, 'busy-rider')).body).items[0]
    const draft = await cloud.call('survey', 'saveDraft', { surveyId: survey._id, answers: {}, clientId: 'busy-rider-draft-1' }, 'busy-rider')
    expect(draft.body.ok).toBe(true)
  })

  it('is admitted again once the window has moved on with the clock, and not a second before', async () => {
    const start = cloud.clock.now()
    await spend('patient-rider')
    cloud.clock.set(start + PERSONAL.windowMs - 1000)
    expect((await rename('patient-rider', '还没到')).body).toMatchObject({ code: 'RATE_LIMITED', retryAfter: 1 })
    cloud.clock.set(start + PERSONAL.windowMs)
    expect(data((await rename('patient-rider', '到时间了')).body).profile.nickname).toBe('到时间了')
    cloud.clock.set(start)
  })

  it('spread over concurrent invocations is counted whole: exactly the limit gets through', async () => {
    await signIn('parallel-rider')
    const burst = await Promise.all(Array.from({ length: PERSONAL.limit + 15 }, (_, i) => rename('parallel-rider', `并发${i}`)))
    const codes = burst.map((r) => (r.body.ok ? 'ok' : r.body.code))
    expect(codes.filter((c) => c === 'ok')).toHaveLength(PERSONAL.limit)
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(15)
    expect(cloud.db.find('writeLimits', { _id: 'parallel-rider:personal' })[0].writes).toHaveLength(PERSONAL.limit)
  })
})

describe('what the limit costs', () => {
  it('one database request per admitted write, the first included, for a person who registered; none on a read', async () => {
    const registration = await cloud.call('user', 'login', {}, 'cost-rider')
    const first = await rename('cost-rider', '第一次')
    const second = await rename('cost-rider', '第二次')
    const read = await cloud.call('user', 'login', {}, 'cost-rider')
    // A first login reads, inserts the account and makes the empty records of every kind in one batch;
    // updateProfile is an update and a read back.
    expect([registration.dbOps, first.dbOps, second.dbOps, read.dbOps]).toEqual([3, 2 + 1, 2 + 1, 1])
    expect(cloud.db.find('writeLimits', { openid: 'cost-rider' }).map((r) => r.kind)).toEqual(expect.arrayContaining([...WRITE_KINDS]))
  })

  it('three requests on the first write of a kind for someone without a record (a write before any login)', async () => {
    const first = await rename('never-registered', '第一次')
    const second = await rename('never-registered', '第二次')
    // The missed update, the read that finds no record, the insert; then the action's update and read back.
    expect([first.dbOps, second.dbOps]).toEqual([2 + 3, 2 + 1])
  })

  it('two requests for a refusal (the conditional update, the read for the retry-after), and nothing else', async () => {
    await spend('refused-rider')
    expect((await rename('refused-rider', '多余的')).dbOps).toBe(2)
  })
})
