import fc from 'fast-check'
import type { FreeTime } from '@core/api/user'
import { atWallClock, HOUR_MS, MINUTE_MS } from '@core/time'
import {
  addFreeTimes,
  fitsFreeTime,
  FREE_TIMES_MAX,
  freeTimesSchema,
  hasRole,
  managedVenues,
  managesVenue,
  mayOrganize,
  newUserDoc,
  nextFreeTime,
  nicknameSchema,
  sortFreeTimes,
  toProfile,
  updateProfileSchema,
  type UserDoc
} from '@core/user'
import { demoData } from '../../emulator/demo-data'
import { validate } from '@core/schema'

const message = (r: { ok: boolean; message?: string }) => (r.ok ? 'ok' : r.message)

describe('updateProfile input', () => {
  it('accepts a full, valid profile and trims text', () => {
    const r = validate(updateProfileSchema, {
      nickname: '  骑手小王 ',
      avatarUrl: 'cloud://env-1.7465-env-1/avatars/demo-rider.png',
      group: 'rider',
      community: ' 酒泉路街道 ',
      freeTimes: [{ weekday: 1, from: '19:30', to: '21:30' }],
      privacyConsent: true
    })
    expect(r).toEqual({
      ok: true,
      value: {
        nickname: '骑手小王',
        avatarUrl: 'cloud://env-1.7465-env-1/avatars/demo-rider.png',
        group: 'rider',
        community: '酒泉路街道',
        freeTimes: [{ weekday: 1, from: '19:30', to: '21:30' }],
        privacyConsent: true
      }
    })
  })

  it('takes any subset of fields, but not none', () => {
    expect(validate(updateProfileSchema, { group: 'courier' })).toEqual({ ok: true, value: { group: 'courier' } })
    expect(validate(updateProfileSchema, {})).toEqual({ ok: false, code: 'INVALID_INPUT', message: '没有需要保存的修改' })
  })

  it('rejects fields a client must not set, naming them', () => {
    for (const key of ['roles', 'openid', '_id', 'strikes', 'privacyConsentAt', 'createdAt']) {
      expect(validate(updateProfileSchema, { nickname: '小王', [key]: 'x' })).toMatchObject({ ok: false, field: key })
    }
  })

  it('nickname: 1–20 characters after trimming, no control characters', () => {
    expect(message(validate(nicknameSchema, '一'.repeat(20)))).toBe('ok')
    expect(message(validate(nicknameSchema, '一'.repeat(21)))).toBe('昵称最多20个字')
    expect(message(validate(nicknameSchema, '  '))).toBe('请填写昵称')
    expect(message(validate(nicknameSchema, '小\u200b王'))).toBe('ok')
    expect(message(validate(nicknameSchema, '小\u0008王'))).toBe('昵称包含不可见的特殊字符')
    expect(validate(updateProfileSchema, { nickname: '' })).toMatchObject({ field: 'nickname', message: '请填写昵称' })
  })

  it('avatarUrl: a cloud file id or an https address, or empty to clear', () => {
    expect(message(validate(updateProfileSchema, { avatarUrl: 'https://thirdwx.qlogo.cn/mmopen/abc/132' }))).toBe('ok')
    expect(message(validate(updateProfileSchema, { avatarUrl: '' }))).toBe('ok')
    for (const bad of ['http://example.com/a.png', 'javascript:alert(1)', 'cloud://', 'wxfile://tmp_abc.png', 'https://a b']) {
      expect(validate(updateProfileSchema, { avatarUrl: bad })).toMatchObject({
        ok: false,
        field: 'avatarUrl',
        message: '头像地址不正确，请重新选择头像'
      })
    }
  })

  it('group: one of the five groups', () => {
    expect(validate(updateProfileSchema, { group: 'organizer' })).toMatchObject({ field: 'group', message: '身份不在可选范围内' })
  })

  it('community: at most 30 characters', () => {
    expect(message(validate(updateProfileSchema, { community: '社'.repeat(30) }))).toBe('ok')
    expect(validate(updateProfileSchema, { community: '社'.repeat(31) })).toMatchObject({
      field: 'community',
      message: '所在社区最多30个字'
    })
  })

  it('privacyConsent: only true', () => {
    expect(validate(updateProfileSchema, { privacyConsent: false })).toMatchObject({
      field: 'privacyConsent',
      message: '请阅读并同意隐私保护指引'
    })
  })
})

describe('free-time windows', () => {
  const w = (weekday: number, from: string, to: string) => ({ weekday, from, to })

  it('accepts up to 14 windows, touching ones included', () => {
    const week = [1, 2, 3, 4, 5, 6, 7].flatMap((d) => [w(d, '12:00', '13:30'), w(d, '13:30', '21:00')])
    expect(validate(freeTimesSchema, week).ok).toBe(true)
    expect(validate(freeTimesSchema, [...week, w(1, '22:00', '23:00')])).toMatchObject({ message: '空闲时间最多14项' })
  })

  it('requires from before to', () => {
    expect(validate(freeTimesSchema, [w(1, '19:00', '21:00'), w(2, '21:00', '21:00')])).toEqual({
      ok: false,
      code: 'INVALID_INPUT',
      message: '空闲时间第2项的结束时间要晚于开始时间',
      field: '1.to'
    })
    expect(validate(updateProfileSchema, { freeTimes: [w(3, '22:00', '06:00')] })).toMatchObject({ field: 'freeTimes.0.to' })
  })

  it('rejects overlapping windows on the same weekday only', () => {
    expect(validate(freeTimesSchema, [w(1, '19:00', '21:00'), w(2, '20:00', '22:00')]).ok).toBe(true)
    expect(validate(updateProfileSchema, { freeTimes: [w(1, '19:00', '21:00'), w(1, '20:59', '22:00')] })).toEqual({
      ok: false,
      code: 'INVALID_INPUT',
      message: '周一的空闲时间 19:00–21:00 和 20:59–22:00 重叠了',
      field: 'freeTimes.1'
    })
    expect(validate(freeTimesSchema, [w(6, '08:00', '18:00'), w(6, '09:00', '10:00')]).ok).toBe(false)
  })

  it('checks weekday and time formats, naming the window', () => {
    expect(validate(updateProfileSchema, { freeTimes: [w(1, '19:00', '21:00'), w(0, '19:00', '21:00')] })).toEqual({
      ok: false,
      code: 'INVALID_INPUT',
      message: '空闲时间第2项的星期不在可选范围内',
      field: 'freeTimes.1.weekday'
    })
    expect(validate(updateProfileSchema, { freeTimes: [w(1, '7:00', '21:00')] })).toMatchObject({
      message: '空闲时间第1项的开始时间应为 00:00–23:59 之间的时间',
      field: 'freeTimes.0.from'
    })
    expect(validate(updateProfileSchema, { freeTimes: [{ weekday: 1, from: '19:00' }] })).toMatchObject({
      message: '请填写空闲时间第1项的结束时间',
      field: 'freeTimes.0.to'
    })
    expect(validate(updateProfileSchema, { freeTimes: [{ ...w(1, '19:00', '21:00'), note: 'x' }] })).toMatchObject({
      field: 'freeTimes.0.note'
    })
  })

  it('sorts into week order for display', () => {
    const sorted = sortFreeTimes([w(7, '09:00', '10:00'), w(1, '19:00', '20:00'), w(1, '08:00', '09:00')] as FreeTime[])
    expect(sorted.map((x) => `${x.weekday} ${x.from}`)).toEqual(['1 08:00', '1 19:00', '7 09:00'])
  })
})

describe('fitsFreeTime', () => {
  const evenings: FreeTime[] = [
    { weekday: 5, from: '19:00', to: '21:30' },
    { weekday: 6, from: '09:00', to: '11:00' },
    { weekday: 6, from: '14:00', to: '17:00' }
  ]
  const fri = (hhmm: string) => atWallClock('2025-11-28', hhmm)
  const sat = (hhmm: string) => atWallClock('2025-11-29', hhmm)

  it('fits a session entirely inside a window, edges included', () => {
    expect(fitsFreeTime(evenings, fri('19:00'), fri('20:30'))).toBe(true)
    expect(fitsFreeTime(evenings, fri('20:00'), fri('21:30'))).toBe(true)
    expect(fitsFreeTime(evenings, sat('14:30'), sat('16:00'))).toBe(true)
  })

  it('does not fit a session that starts early, ends late, or spans two windows', () => {
    expect(fitsFreeTime(evenings, fri('18:59'), fri('20:00'))).toBe(false)
    expect(fitsFreeTime(evenings, fri('20:30'), fri('21:31'))).toBe(false)
    expect(fitsFreeTime(evenings, sat('10:00'), sat('15:00'))).toBe(false)
  })

  it('uses the Shanghai weekday, not the UTC one', () => {
    // Saturday 09:30 Shanghai is Friday 01:30 UTC.
    expect(fitsFreeTime(evenings, sat('09:30'), sat('10:30'))).toBe(true)
    expect(fitsFreeTime([{ weekday: 5, from: '01:00', to: '03:00' }], sat('09:30'), sat('10:30'))).toBe(false)
  })

  it('never fits a session running past midnight, an empty session, or no windows', () => {
    const late: FreeTime[] = [{ weekday: 5, from: '22:00', to: '23:59' }, { weekday: 6, from: '00:00', to: '02:00' }]
    expect(fitsFreeTime(late, fri('23:00'), fri('23:00') + 2 * HOUR_MS)).toBe(false)
    expect(fitsFreeTime(evenings, fri('19:30'), fri('19:30'))).toBe(false)
    expect(fitsFreeTime([], fri('19:30'), fri('20:00'))).toBe(false)
    expect(fitsFreeTime(evenings, fri('19:30'), fri('19:30') + 30 * MINUTE_MS)).toBe(true)
  })
})

describe('account documents', () => {
  it('a new user has empty profile fields, no roles and no consent yet', () => {
    const doc = newUserDoc('o-abc', 1_764_000_000_000)
    expect(doc).toEqual({
      _id: 'o-abc',
      nickname: '',
      avatarUrl: '',
      group: '',
      community: '',
      freeTimes: [],
      roles: [],
      strikes: 0,
      createdAt: 1_764_000_000_000,
      updatedAt: 1_764_000_000_000
    })
    expect(toProfile(doc)).toEqual({
      openid: 'o-abc',
      nickname: '',
      avatarUrl: '',
      group: '',
      community: '',
      freeTimes: [],
      roles: [],
      createdAt: 1_764_000_000_000,
      updatedAt: 1_764_000_000_000
    })
  })

  it('the profile shows consent time and roles but not internal counters', () => {
    const doc: UserDoc = { ...newUserDoc('o-x', 1), roles: ['organizer'], strikes: 2, privacyConsentAt: 5, venueIds: ['v'] }
    const profile = toProfile(doc)
    expect(profile.privacyConsentAt).toBe(5)
    expect(profile.roles).toEqual(['organizer'])
    expect(profile).not.toHaveProperty('strikes')
    expect(profile).not.toHaveProperty('venueIds')
  })

  it('hasRole reads the stored roles only', () => {
    expect(hasRole({ roles: ['organizer'] }, 'organizer')).toBe(true)
    expect(hasRole({ roles: [] }, 'organizer')).toBe(false)
    expect(hasRole(null, 'organizer')).toBe(false)
  })

  it('an organizer manages the centres in venueIds; an admin manages every centre; nobody else manages any', () => {
    const organizer = { roles: ['organizer' as const], venueIds: ['venue-youlin'] }
    const admin = { roles: ['admin' as const] }
    expect(managesVenue(organizer, 'venue-youlin')).toBe(true)
    expect(managesVenue(organizer, 'venue-laojie')).toBe(false)
    expect(managesVenue(admin, 'venue-laojie')).toBe(true)
    expect(managesVenue({ roles: [], venueIds: ['venue-youlin'] }, 'venue-youlin')).toBe(false)
    expect(managesVenue({ roles: ['organizer'] }, 'venue-youlin')).toBe(false)
    expect(managesVenue(null, 'venue-youlin')).toBe(false)
    expect(managedVenues(organizer)).toEqual(['venue-youlin'])
    expect(managedVenues(admin)).toBe('all')
    expect(managedVenues({ roles: ['provider'], venueIds: ['venue-youlin'] })).toEqual([])
    expect([mayOrganize(organizer), mayOrganize(admin), mayOrganize({ roles: ['provider'] }), mayOrganize(undefined)]).toEqual([true, true, false, false])
  })
})

describe('demo data', () => {
  const now = Date.UTC(2025, 10, 28, 4)
  const data = demoData(now)
  const users = data.users as UserDoc[]

  it('has the demo identities of DESIGN.md ⚑ Roles (besides generated neighbours): one organizer of 友邻空间, one admin, one provider, two station managers (骑士之星 scorers)', () => {
    // The community's parts add members of their own (网格员, 商圈 members, 骑士之星 riders), each named `demo-…`.
    const named = users.map((u) => u._id).filter((id) => !id.startsWith('demo-neighbor-'))
    expect(named).toEqual(
      expect.arrayContaining(['demo-admin', 'demo-courier', 'demo-organizer', 'demo-provider', 'demo-resident', 'demo-rider', 'demo-scorer', 'demo-scorer-2'])
    )
    for (const id of named) expect(id).toMatch(/^demo-[a-z0-9-]+$/)
    for (const u of users) expect(hasRole(u, 'organizer')).toBe(u._id === 'demo-organizer' || u._id === 'demo-admin')
    for (const u of users) expect(hasRole(u, 'admin')).toBe(u._id === 'demo-admin')
    expect(users.find((u) => u._id === 'demo-organizer')?.venueIds).toEqual(['venue-youlin'])
    expect(users.find((u) => u._id === 'demo-provider')?.roles).toEqual(['provider'])
  })

  it('demo profiles pass the same rules as user input', () => {
    for (const u of users) {
      const r = validate(updateProfileSchema, {
        nickname: u.nickname,
        avatarUrl: u.avatarUrl,
        group: u.group,
        community: u.community,
        freeTimes: u.freeTimes
      })
      expect([u._id, r.ok]).toEqual([u._id, true])
      expect(u.createdAt).toBeLessThanOrEqual(now)
    }
  })

  it('demo-rider is free on weekday evenings', () => {
    const rider = users.find((u) => u._id === 'demo-rider')!
    expect(rider.group).toBe('rider')
    expect(fitsFreeTime(rider.freeTimes, atWallClock('2025-11-27', '19:30'), atWallClock('2025-11-27', '21:00'))).toBe(true)
  })

  it('lists the ten centres from the article with unique ids and Lanzhou coordinates', () => {
    const venues = data.venues as { _id: string; name: string; lat: number; lng: number; amenities: string[] }[]
    expect(venues.map((v) => v.name)).toEqual(['友邻空间', '岚沐文创园', '奔马车行', '兰州老街', '幸福里社区', '枣林西社区', '西固区', '皋兰路片区', '兰州科技创新园', '瑞德摩尔商圈'])
    expect(new Set(venues.map((v) => v._id)).size).toBe(venues.length)
    for (const v of venues) {
      expect(v.lat).toBeGreaterThan(35.9)
      expect(v.lat).toBeLessThan(36.2)
      expect(v.lng).toBeGreaterThan(103.6)
      expect(v.lng).toBeLessThan(104.0)
      expect(v.amenities.length).toBeGreaterThan(0)
    }
    expect(venues.find((v) => v._id === 'venue-zaolinxi')?.amenities).toContain('24小时便民服务点')
    expect(venues.find((v) => v._id === 'venue-xingfuli')?.amenities).toContain('暖蜂驿站')
  })

  it('gives fresh documents on every call (seeding may mutate them)', () => {
    const a = demoData(now)
    ;(a.venues[0] as { amenities: string[] }).amenities.push('x')
    ;(a.users[1] as UserDoc).freeTimes.push({ weekday: 6, from: '08:00', to: '09:00' })
    const b = demoData(now)
    expect((b.venues[0] as { amenities: string[] }).amenities).not.toContain('x')
    expect((b.users[1] as UserDoc).freeTimes).toHaveLength(6)
  })
})

describe('the window 添加时间段 adds', () => {
  const evening = (weekday: FreeTime['weekday']): FreeTime => ({ weekday, from: '19:00', to: '21:00' })
  const week = [1, 2, 3, 4, 5, 6, 7] as const

  it('starts on Monday evening, then continues from the last row: the next day, the same hours', () => {
    expect(nextFreeTime([])).toEqual({ weekday: 1, from: '19:00', to: '21:00' })
    expect(nextFreeTime([{ weekday: 2, from: '19:30', to: '21:30' }])).toEqual({ weekday: 3, from: '19:30', to: '21:30' })
    expect(nextFreeTime([evening(7)])).toEqual(evening(1))
  })

  it('skips a day that already has those hours', () => {
    expect(nextFreeTime([evening(2), { weekday: 1, from: '20:00', to: '22:00' }])).toEqual({ weekday: 3, from: '20:00', to: '22:00' })
  })

  it('after seven evenings the eighth is not Monday evening again (which clashed at once) but later that Monday', () => {
    const seven = week.map(evening)
    const eighth = nextFreeTime(seven)
    expect(eighth).toEqual({ weekday: 1, from: '21:00', to: '23:00' })
    expect(validate(freeTimesSchema, [...seven, eighth])).toMatchObject({ ok: true })
  })

  it('moves earlier when later would run past midnight, and gives up only when the week is full', () => {
    const late = week.map((weekday): FreeTime => ({ weekday, from: '20:00', to: '23:30' }))
    expect(nextFreeTime(late)).toEqual({ weekday: 1, from: '16:30', to: '20:00' })
    const wholeDays = week.map((weekday): FreeTime => ({ weekday, from: '00:00', to: '23:59' }))
    expect(nextFreeTime(wholeDays)).toBeNull()
  })

  it('never makes a list the shared rule rejects', () => {
    const slot = fc.record({
      weekday: fc.constantFrom(...week),
      start: fc.integer({ min: 0, max: 95 }),
      quarters: fc.integer({ min: 1, max: 16 })
    })
    fc.assert(
      fc.property(fc.array(slot, { maxLength: FREE_TIMES_MAX - 1 }), (slots) => {
        const windows: FreeTime[] = []
        for (const { weekday, start, quarters } of slots) {
          const end = Math.min(start + quarters, 95)
          if (end <= start) continue
          const hhmm = (q: number) => `${String(Math.floor(q / 4)).padStart(2, '0')}:${String((q % 4) * 15).padStart(2, '0')}`
          const w: FreeTime = { weekday, from: hhmm(start), to: hhmm(end) }
          if (validate(freeTimesSchema, [...windows, w]).ok) windows.push(w)
        }
        const next = nextFreeTime(windows)
        if (next) expect(validate(freeTimesSchema, [...windows, next])).toMatchObject({ ok: true })
      })
    )
  })
})

describe('free-time shortcuts', () => {
  const weekdayEvenings = [1, 2, 3, 4, 5].map((weekday): FreeTime => ({ weekday: weekday as FreeTime['weekday'], from: '19:30', to: '21:30' }))

  it('adds the windows that are new and leaves out those already there or clashing', () => {
    const had: FreeTime[] = [
      { weekday: 1, from: '19:30', to: '21:30' },
      { weekday: 3, from: '20:00', to: '22:00' }
    ]
    const { windows, added } = addFreeTimes(had, weekdayEvenings)
    expect(added).toBe(3)
    expect(windows.map((w) => w.weekday)).toEqual([1, 3, 2, 4, 5])
    expect(validate(freeTimesSchema, windows)).toMatchObject({ ok: true })
  })

  it(`stops at ${FREE_TIMES_MAX} windows`, () => {
    const many = Array.from({ length: FREE_TIMES_MAX - 2 }, (_, i): FreeTime => ({ weekday: ((i % 7) + 1) as FreeTime['weekday'], from: i < 7 ? '08:00' : '10:00', to: i < 7 ? '09:00' : '11:00' }))
    const { windows, added } = addFreeTimes(many, weekdayEvenings)
    expect(added).toBe(2)
    expect(windows).toHaveLength(FREE_TIMES_MAX)
  })
})
