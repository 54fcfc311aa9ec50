/**
 * Function `user` through the local cloud: the real bundle, the real wx-server-sdk, identity from x-wx-openid.
 */
import type { UpdateProfileInput } from '@core/api/user'
import { HOUR_MS } from '@core/time'
import { data, startTestCloud, type TestCloud } from '../support/cloud'
import { WEDNESDAY_10_00 } from '../support/instants'

let cloud: TestCloud

beforeAll(async () => {
  cloud = await startTestCloud({ at: WEDNESDAY_10_00, seed: true, functions: ['user'] })
})
afterAll(() => cloud.close())
// A test that moves the clock puts it back for the next.
afterEach(() => cloud.clock.set(WEDNESDAY_10_00))

const login = (openid?: string) => cloud.call('user', 'login', {}, openid)
const update = (openid: string | undefined, fields: UpdateProfileInput) => cloud.call('user', 'updateProfile', fields, openid)
/** For the fields and values the contract forbids. */
const updateUntyped = (openid: string, fields: object) => cloud.callUntyped('user', { action: 'updateProfile', ...fields }, openid)
const userDoc = (openid: string) => cloud.db.find('users', { _id: openid })[0]

describe('login', () => {
  it('answers a demo user with their stored profile in one database request', async () => {
    const res = await login('demo-rider')
    expect(res.status).toBe(200)
    const out = data(res.body)
    expect(out.openid).toBe('demo-rider')
    expect(out.isNew).toBe(false)
    expect(out.profile).toMatchObject({ openid: 'demo-rider', nickname: '骑手小王', group: 'rider', roles: [] })
    expect(out.profile.freeTimes.length).toBeGreaterThan(0)
    expect(res.dbOps).toBe(1)
  })

  it('shows the organizer role that only the database grants', async () => {
    expect(data((await login('demo-organizer')).body).profile.roles).toEqual(['organizer'])
  })

  it('refuses a caller without an OPENID, touching nothing', async () => {
    const res = await login()
    expect(res.status).toBe(200)
    expect(res.body).toEqual({ ok: false, code: 'UNAUTHENTICATED', message: '请先登录' })
    expect(res.dbOps).toBe(0)
  })

  it('creates the account on the first call (read + insert + the empty write-limit records), then just reads it', async () => {
    const first = await login('first-timer')
    expect(data(first.body)).toMatchObject({ openid: 'first-timer', isNew: true })
    expect(data(first.body).profile).toMatchObject({ nickname: '', group: '', freeTimes: [], roles: [] })
    expect(first.dbOps).toBe(3)
    const again = await login('first-timer')
    expect(data(again.body).isNew).toBe(false)
    expect(data(again.body).profile.createdAt).toBe(data(first.body).profile.createdAt)
    expect(again.dbOps).toBe(1)
    expect(cloud.db.count('users', { _id: 'first-timer' })).toBe(1)
  })

  it('takes identity only from the platform, never from the event', async () => {
    // userInfo is what the platform adds to events from the mini-program; a forged one must not count.
    const res = await cloud.callUntyped('user', { action: 'login', userInfo: { openId: 'demo-organizer', appId: 'wx0' } }, 'demo-rider')
    expect(res.body).toMatchObject({ ok: true, data: { openid: 'demo-rider' } })
    const smuggled = await cloud.callUntyped('user', { action: 'login', openid: 'demo-organizer' }, 'demo-rider')
    expect(smuggled.body).toEqual({ ok: false, code: 'INVALID_INPUT', message: '不支持的字段：openid', field: 'openid' })
  })

  it('300 concurrent logins with distinct openids each get their own openid back', async () => {
    const ids = Array.from({ length: 300 }, (_, i) => `burst-${i}`)
    const replies = await Promise.all(ids.map((id) => login(id)))
    replies.forEach((res, i) => {
      expect(res.status).toBe(200)
      const out = data(res.body)
      expect([out.openid, out.profile.openid, out.isNew]).toEqual([ids[i], ids[i], true])
      expect(res.dbOps).toBe(3)
    })
    expect(cloud.db.count('users', { _id: { $regex: '^burst-' } })).toBe(300)
  })

  it('concurrent first logins of one person create one account and all succeed', async () => {
    const people = Array.from({ length: 30 }, (_, i) => `racer-${i}`)
    const replies = await Promise.all(people.flatMap((id) => Array.from({ length: 8 }, () => login(id).then((r) => ({ id, r })))))
    for (const { id, r } of replies) expect(data(r.body).openid).toBe(id)
    for (const id of people) {
      const mine = replies.filter((x) => x.id === id)
      expect([id, mine.filter((x) => data(x.r.body).isNew).length]).toEqual([id, 1])
      expect([id, cloud.db.count('users', { _id: id })]).toEqual([id, 1])
      const created = new Set(mine.map((x) => data(x.r.body).profile.createdAt))
      expect([id, created.size]).toEqual([id, 1])
    }
    // Read-miss + insert-duplicate + re-read is the only path with 3 requests; none may take more. With 8 callers per
    // person most of them lose the insert race (about 160 of 240 here), so the duplicate path is really exercised.
    for (const { r } of replies) expect(r.dbOps).toBeLessThanOrEqual(3)
    expect(replies.some(({ r }) => r.dbOps === 3)).toBe(true)
  })

  it('never overwrites an existing profile, however many logins race', async () => {
    const before = userDoc('demo-courier')
    const replies = await Promise.all(Array.from({ length: 50 }, () => login('demo-courier')))
    for (const r of replies) expect(data(r.body).isNew).toBe(false)
    expect(userDoc('demo-courier')).toEqual(before)
  })
})

describe('updateProfile', () => {
  beforeAll(async () => {
    await login('editor')
  })

  it('changes only the given fields, sorts free time, and answers with the stored profile (2 requests)', async () => {
    const before = userDoc('editor')
    // An hour after the account was made.
    cloud.clock.set(WEDNESDAY_10_00 + HOUR_MS)
    const res = await update('editor', {
      nickname: ' 快递员小赵 ',
      group: 'courier',
      freeTimes: [
        { weekday: 6, from: '14:00', to: '17:00' },
        { weekday: 2, from: '19:00', to: '21:00' }
      ]
    })
    const profile = data(res.body).profile
    expect(profile).toMatchObject({
      openid: 'editor',
      nickname: '快递员小赵',
      group: 'courier',
      community: '',
      avatarUrl: '',
      freeTimes: [
        { weekday: 2, from: '19:00', to: '21:00' },
        { weekday: 6, from: '14:00', to: '17:00' }
      ],
      createdAt: before.createdAt
    })
    expect([before.updatedAt, profile.updatedAt]).toEqual([WEDNESDAY_10_00, WEDNESDAY_10_00 + HOUR_MS])
    // Update + read back, after the write limit's count (core/rate-limit.ts): one conditional update, the first write
    // included, since registering made the person's empty records.
    expect(res.dbOps).toBe(3)
    const stored = userDoc('editor')
    expect(stored).toMatchObject({ nickname: '快递员小赵', group: 'courier', roles: [], strikes: 0 })
    expect(stored.freeTimes).toEqual(profile.freeTimes)

    const second = await update('editor', { community: '酒泉路街道', freeTimes: [] })
    expect(data(second.body).profile).toMatchObject({ nickname: '快递员小赵', community: '酒泉路街道', freeTimes: [] })
    expect(second.dbOps).toBe(3)
  })

  it('records privacy consent with the server time', async () => {
    cloud.clock.set(WEDNESDAY_10_00 + 2 * HOUR_MS)
    const profile = data((await update('editor', { privacyConsent: true })).body).profile
    expect(profile.privacyConsentAt).toBe(WEDNESDAY_10_00 + 2 * HOUR_MS)
    expect(userDoc('editor').privacyConsentAt).toBe(profile.privacyConsentAt)
  })

  it.each([
    [{ nickname: '一'.repeat(21) }, 'nickname', '昵称最多20个字'],
    [{ nickname: '   ' }, 'nickname', '请填写昵称'],
    [{ group: 'boss' }, 'group', '身份不在可选范围内'],
    [{ avatarUrl: 'http://example.com/a.png' }, 'avatarUrl', '头像地址不正确，请重新选择头像'],
    [{ community: '社'.repeat(31) }, 'community', '所在社区最多30个字'],
    [
      { freeTimes: [{ weekday: 1, from: '19:00', to: '21:00' }, { weekday: 1, from: '20:00', to: '22:00' }] },
      'freeTimes.1',
      '周一的空闲时间 19:00–21:00 和 20:00–22:00 重叠了'
    ],
    [{ freeTimes: [{ weekday: 8, from: '19:00', to: '21:00' }] }, 'freeTimes.0.weekday', '空闲时间第1项的星期不在可选范围内'],
    [{ nickname: '小赵', roles: ['organizer'] }, 'roles', '不支持的字段：roles'],
    [{ nickname: '小赵', privacyConsentAt: 1 }, 'privacyConsentAt', '不支持的字段：privacyConsentAt']
  ])('rejects %j with field and message, writing nothing', async (fields, field, message) => {
    const before = userDoc('editor')
    const res = await updateUntyped('editor', fields)
    expect(res.body).toEqual({ ok: false, code: 'INVALID_INPUT', message, field })
    expect(res.dbOps).toBe(0)
    expect(userDoc('editor')).toEqual(before)
  })

  it('a risky nickname or community is refused by the content check and nothing of the profile is written', async () => {
    const before = userDoc('editor')
    const nick = await update('editor', { nickname: '代开发票找我', group: 'rider' })
    expect(nick.body).toEqual({ ok: false, code: 'CONTENT_RISKY', message: '昵称含有不适合公开的内容，请修改后再提交', field: 'nickname' })
    const community = await update('editor', { nickname: '小赵', community: '加微信领红包社区' })
    expect(community.body).toEqual({
      ok: false,
      code: 'CONTENT_RISKY',
      message: '所在社区含有不适合公开的内容，请修改后再提交',
      field: 'community'
    })
    // The write limit counted each attempt (one request each) before the check ran: risky text spends the budget too,
    // and WeChat's check is not called past it.
    expect([nick.dbOps, community.dbOps]).toEqual([1, 1])
    expect(userDoc('editor')).toEqual(before)
  })

  it('roles cannot be granted through the payload, not even by an organizer', async () => {
    const own = await updateUntyped('demo-rider', { roles: ['organizer', 'admin'] })
    expect(own.body).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'roles' })
    const nested = await updateUntyped('demo-organizer', { nickname: '管理员', roles: ['admin'] })
    expect(nested.body).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'roles' })
    expect(userDoc('demo-rider').roles).toEqual([])
    expect(userDoc('demo-organizer').roles).toEqual(['organizer'])
  })

  it('requires an OPENID and an existing account, creating none', async () => {
    expect((await update(undefined, { nickname: '路人' })).body).toEqual({
      ok: false,
      code: 'UNAUTHENTICATED',
      message: '请先登录'
    })
    const ghost = await update('never-logged-in', { nickname: '路人' })
    expect(ghost.body).toEqual({ ok: false, code: 'NOT_FOUND', message: '请先登录' })
    expect(cloud.db.count('users', { _id: 'never-logged-in' })).toBe(0)
  })

  it('rejects an empty update and an unknown action', async () => {
    expect((await update('editor', {})).body).toEqual({ ok: false, code: 'INVALID_INPUT', message: '没有需要保存的修改' })
    expect((await cloud.callUntyped('user', { action: 'deleteEverything' }, 'editor')).body).toEqual({
      ok: false,
      code: 'INVALID_INPUT',
      message: '未知的操作',
      field: 'action'
    })
    expect((await cloud.callUntyped('user', {}, 'editor')).body).toMatchObject({ ok: false, code: 'INVALID_INPUT', message: '未知的操作' })
  })
})
