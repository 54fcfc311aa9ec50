/**
 * 骑士之星 and the 先锋指数 through the local cloud and the real SDK (issue 12): the two sides scoring, who may score
 * whom (a scorer of one station, an organizer of one centre, sees and touches nothing of another), the ranking
 * against an index computed by hand from the seeded scores and arranged activity, publishing once per centre and
 * month, and the public wall.
 *
 * The clock stands on Wednesday 25 November 2026, in November's last seven days, so November is open for scoring.
 * The demo data (emulator/demo-stars.ts) has November partly scored and October's stars published.
 */
import type { NotificationDoc } from '@core/booking'
import { DEMO_SCORER, DEMO_SCORER_2 } from '../../emulator/demo-stars'
import { data, startTestCloud, type TestCloud } from '../support/cloud'
import { shanghai, WEDNESDAY_10_00 } from '../support/instants'

const MONTH = '2026-11'
const YOULIN = 'venue-youlin'
const GAOLANLU = 'venue-gaolanlu'

let cloud: TestCloud
beforeAll(async () => {
  cloud = await startTestCloud({ at: WEDNESDAY_10_00, seed: true, functions: ['community'] })
})
afterAll(() => cloud.close())

const ENTERPRISE = { commitment: 4, safety: 5, team: 3 }
const COMMUNITY = { volunteer: 5, grid: 4, study: 3, exemplar: 5 }

describe('a scorer sees only their own riders', () => {
  test('each station manager lists their station’s riders with this month’s enterprise scores', async () => {
    const reply = await cloud.call('community', 'myStarRiders', { month: MONTH }, DEMO_SCORER)
    const mine = data(reply.body)
    expect(mine.scorable).toBe(true)
    expect(mine.items.map((r) => r.riderId).sort()).toEqual(['demo-star-li', 'demo-star-ma', 'demo-star-wang', 'demo-star-zhang', 'demo-star-zhao'])
    expect(new Set(mine.items.map((r) => r.venueId))).toEqual(new Set([GAOLANLU]))
    // 张建军 this month: 40×5/5 + 30×4/5 + 30×5/5 = 40 + 24 + 30 = 94
    expect(mine.items.find((r) => r.riderId === 'demo-star-zhang')?.enterprise?.total).toBe(94)
    expect(reply.dbOps).toBe(3)

    const other = data((await cloud.call('community', 'myStarRiders', { month: MONTH }, DEMO_SCORER_2)).body)
    expect(other.items.map((r) => r.riderId).sort()).toEqual(['demo-star-he', 'demo-star-sun', 'demo-star-wei'])
  })

  test('someone who is not a scorer is refused', async () => {
    for (const who of ['demo-rider', 'demo-organizer']) {
      expect((await cloud.call('community', 'myStarRiders', { month: MONTH }, who)).body).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    }
  })
})

describe('scoring', () => {
  test('the station manager scores the enterprise side, an organizer of the rider’s centre the community side', async () => {
    const byScorer = await cloud.call('community', 'scoreRider', { riderId: 'demo-star-wang', month: MONTH, scores: ENTERPRISE, note: '准时率 99%，零投诉' }, DEMO_SCORER)
    // 40×4/5 + 30×5/5 + 30×3/5 = 32 + 30 + 18 = 80
    expect(data(byScorer.body).scores).toMatchObject({ side: 'enterprise', total: 80, scores: ENTERPRISE, note: '准时率 99%，零投诉' })

    const byCentre = await cloud.call('community', 'scoreRider', { riderId: 'demo-star-wang', month: MONTH, scores: COMMUNITY }, 'demo-admin')
    // 30×5/5 + 30×4/5 + 20×3/5 + 20×5/5 = 30 + 24 + 12 + 20 = 86
    expect(data(byCentre.body).scores).toMatchObject({ side: 'community', total: 86 })
    const stored = cloud.db.find<{ _id: string; side: string; openid: string; scoredBy: string }>('starScores', { riderId: 'demo-star-wang', month: MONTH })
    expect(stored.map((d) => [d.side, d.openid, d.scoredBy]).sort()).toEqual([
      ['community', 'demo-star-wang', 'demo-admin'],
      ['enterprise', 'demo-star-wang', DEMO_SCORER]
    ])
    expect(cloud.db.find('audit', { action: 'scoreRider', actor: 'demo-admin' })).toHaveLength(1)
  })

  test('a scorer of another station, an organizer of another centre and a rider are refused, and nothing is written', async () => {
    const before = cloud.db.find('starScores', {}).length
    const cases: Array<[string, string]> = [
      [DEMO_SCORER_2, 'demo-star-ma'],
      [DEMO_SCORER, 'demo-star-wei'],
      ['demo-organizer', 'demo-star-ma'],
      ['demo-star-wei', 'demo-star-wei']
    ]
    for (const [who, riderId] of cases) {
      const reply = await cloud.call('community', 'scoreRider', { riderId, month: MONTH, scores: { ...ENTERPRISE, ...COMMUNITY } }, who)
      expect([who, reply.body]).toEqual([who, expect.objectContaining({ ok: false, code: 'FORBIDDEN', field: 'riderId' })])
    }
    expect(cloud.db.find('starScores', {}).length).toBe(before)
  })

  test('every criterion of the caller’s side, each 0–5, in a month open for scoring', async () => {
    const missing = await cloud.call('community', 'scoreRider', { riderId: 'demo-star-zhao', month: MONTH, scores: { commitment: 4, safety: 4 } }, DEMO_SCORER)
    expect(missing.body).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'scores.team', message: '请给「爱岗带团队」打分' })
    const otherSide = await cloud.call('community', 'scoreRider', { riderId: 'demo-star-zhao', month: MONTH, scores: COMMUNITY }, DEMO_SCORER)
    expect(otherSide.body).toMatchObject({ ok: false, code: 'INVALID_INPUT' })
    const tooMany = await cloud.callUntyped('community', { action: 'scoreRider', riderId: 'demo-star-zhao', month: MONTH, scores: { ...ENTERPRISE, team: 6 } }, DEMO_SCORER)
    expect(tooMany.body).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'scores.team' })
    for (const month of ['2026-09', '2026-12']) {
      const closed = await cloud.call('community', 'scoreRider', { riderId: 'demo-star-zhao', month, scores: ENTERPRISE }, DEMO_SCORER)
      expect(closed.body).toMatchObject({ ok: false, code: 'CONFLICT', field: 'month' })
    }
    const risky = await cloud.call('community', 'scoreRider', { riderId: 'demo-star-zhao', month: MONTH, scores: ENTERPRISE, note: '有人找我代开发票' }, DEMO_SCORER)
    expect(risky.body).toMatchObject({ ok: false, code: 'CONTENT_RISKY', field: 'note' })
  })
})

describe('the ranking', () => {
  beforeAll(() => {
    // 孙立新's November: two reports resolved in it (one resolved in October and one still open do not count), 90
    // minutes at a volunteer activity, two courses attended (a cancelled booking does not count).
    const at = (iso: string) => shanghai(iso)
    const report = (id: string, status: string, resolvedAt?: number) => ({ _id: id, openid: 'demo-star-sun', venueId: YOULIN, category: '飞线充电', status, createdAt: at('2026-10-20T10:00:00'), ...(resolvedAt ? { resolvedAt } : {}) })
    cloud.db.insert('gridReports', [
      report('rep-sun-1', 'resolved', at('2026-11-03T10:00:00')),
      report('rep-sun-2', 'resolved', at('2026-11-20T16:00:00')),
      report('rep-sun-3', 'resolved', at('2026-10-31T23:00:00')),
      report('rep-sun-4', 'open')
    ])
    cloud.db.insert('courses', [{ _id: 'course-stars-volunteer', title: '平安建设巡逻', kind: 'volunteer', venueId: YOULIN, status: 'active' }])
    const booking = (id: string, courseId: string, status: string, startAt: number, volunteerMinutes?: number) => ({
      _id: id,
      sessionId: id,
      courseId,
      openid: 'demo-star-sun',
      status,
      startAt,
      endAt: startAt + 90 * 60_000,
      ...(volunteerMinutes ? { volunteerMinutes } : {})
    })
    cloud.db.insert('bookings', [
      booking('bk-sun-vol', 'course-stars-volunteer', 'attended', at('2026-11-08T09:00:00'), 90),
      booking('bk-sun-yoga-1', 'course-yoga', 'attended', at('2026-11-10T19:30:00')),
      booking('bk-sun-yoga-2', 'course-yoga', 'attended', at('2026-11-17T19:30:00')),
      booking('bk-sun-yoga-3', 'course-yoga', 'cancelled', at('2026-11-24T19:30:00'))
    ])
  })

  test('ranks a centre’s riders by the index computed by hand', async () => {
    const reply = await cloud.call('community', 'starRanking', { venueId: YOULIN, month: MONTH }, 'demo-organizer')
    const ranking = data(reply.body)
    // 王小伟: 企业 5/5/4 = 40 + 30 + 24 = 94; 社区 5/4/5/5 = 30 + 24 + 20 + 20 = 94; no activity
    //   94×0.4 + 94×0.4 = 37.6 + 37.6 = 75.2
    // 孙立新: 企业 4/5/4 = 32 + 30 + 24 = 86; 社区 未评; 活动 2×2 + 90/60 + 2×1 = 4 + 1.5 + 2 = 7.5
    //   86×0.4 + 7.5 = 34.4 + 7.5 = 41.9
    // 何文斌: 企业 4/4/5 = 32 + 24 + 30 = 86; 社区 未评; no activity → 34.4
    expect(ranking.items.map((r) => [r.name, r.enterpriseScore, r.communityScore, r.activityPoints, r.index, r.rank])).toEqual([
      ['王小伟', 94, 94, 0, 75.2, 1],
      ['孙立新', 86, 0, 7.5, 41.9, 2],
      ['何文斌', 86, 0, 0, 34.4, 3]
    ])
    expect(ranking.items[1].activity).toEqual({ reportsResolved: 2, volunteerMinutes: 90, coursesAttended: 2 })
    expect(ranking.star).toBeUndefined()
    expect(reply.dbOps).toBeLessThanOrEqual(7)
  })

  test('before the month is published, a rider sees their index, not the scores behind it', async () => {
    const mine = data((await cloud.call('community', 'myStar', {}, 'demo-star-wei')).body)
    expect(mine.me).toMatchObject({ index: 75.2, published: false, isStar: false })
    expect(mine.me).not.toHaveProperty('enterprise')
    expect(mine.me).not.toHaveProperty('enterpriseScore')
  })

  test('an organizer of another centre sees nothing of it', async () => {
    const reply = await cloud.call('community', 'starRanking', { venueId: GAOLANLU, month: MONTH }, 'demo-organizer')
    expect(reply.body).toMatchObject({ ok: false, code: 'FORBIDDEN', field: 'venueId' })
    const own = data((await cloud.call('community', 'starRanking', { month: MONTH }, 'demo-organizer')).body)
    expect(own.venueId).toBe(YOULIN)
  })
})

describe('publishing the month’s 骑士之星', () => {
  test('a rider with a side unscored needs the organizer’s override', async () => {
    const input = { venueId: YOULIN, month: MONTH, riderId: 'demo-star-he', citation: '传帮带新骑手。' }
    expect((await cloud.call('community', 'publishStar', input, 'demo-organizer')).body).toMatchObject({ ok: false, code: 'CONFLICT', field: 'riderId' })
    expect(cloud.db.find('starAwards', { month: MONTH })).toHaveLength(0)
  })

  test('a citation WeChat flags is refused and nothing is published', async () => {
    const input = { venueId: YOULIN, month: MONTH, riderId: 'demo-star-wei', citation: '有人找我代开发票' }
    expect((await cloud.call('community', 'publishStar', input, 'demo-organizer')).body).toMatchObject({ ok: false, code: 'CONTENT_RISKY', field: 'citation' })
    expect(cloud.db.find('starAwards', { month: MONTH })).toHaveLength(0)
  })

  test('publishes once per centre and month, audited, and tells the rider', async () => {
    const input = { venueId: YOULIN, month: MONTH, riderId: 'demo-star-wei', citation: '服务亮承诺，零投诉；带动站点新骑手加入志愿服务队。' }
    const replies = await Promise.all([1, 2].map(() => cloud.call('community', 'publishStar', input, 'demo-organizer')))
    const won = replies.filter((r) => r.body.ok)
    expect(won).toHaveLength(1)
    expect(replies.find((r) => !r.body.ok)?.body).toMatchObject({ ok: false, code: 'CONFLICT' })
    expect(data(won[0].body).star).toMatchObject({ _id: `${YOULIN}_${MONTH}`, riderId: 'demo-star-wei', name: '王小伟', index: 75.2, publishedAt: WEDNESDAY_10_00 })
    expect(won[0].dbOps).toBeLessThanOrEqual(10)

    expect(cloud.db.find('starAwards', { month: MONTH })).toHaveLength(1)
    expect(cloud.db.find('audit', { action: 'publishStar', actor: 'demo-organizer' })).toHaveLength(1)
    const messages = cloud.db.find<NotificationDoc>('notifications', { kind: 'star' })
    expect(messages.map((m) => [m.openid, m.template, m.page])).toEqual([['demo-star-wei', 'referralTask', `packages/stars/index?venueId=${YOULIN}`]])

    const again = await cloud.call('community', 'publishStar', { ...input, riderId: 'demo-star-sun', override: true }, 'demo-organizer')
    expect(again.body).toMatchObject({ ok: false, code: 'CONFLICT', field: 'month' })
  })

  test('publishing fixes the month’s scores at that centre', async () => {
    const reply = await cloud.call('community', 'scoreRider', { riderId: 'demo-star-sun', month: MONTH, scores: COMMUNITY }, 'demo-organizer')
    expect(reply.body).toMatchObject({ ok: false, code: 'CONFLICT', field: 'month' })
  })

  test('an organizer of another centre cannot publish there; the override publishes a rider half scored', async () => {
    const input = { venueId: GAOLANLU, month: MONTH, riderId: 'demo-star-ma', citation: '雨夜护送走失老人回家。' }
    expect((await cloud.call('community', 'publishStar', input, 'demo-organizer')).body).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    const overridden = await cloud.call('community', 'publishStar', { ...input, override: true }, 'demo-admin')
    // 马国栋: 企业 4/4/4 = 32 + 24 + 24 = 80, 社区 未评 → 80×0.4 = 32
    expect(data(overridden.body).star).toMatchObject({ name: '马国栋', index: 32, communityScore: 0 })
  })

  test('the public wall shows each centre’s stars, newest month first, to anyone', async () => {
    const wall = data((await cloud.call('community', 'stars', { venueId: YOULIN })).body)
    expect(wall.items.map((s) => [s.month, s.name])).toEqual([
      [MONTH, '王小伟'],
      ['2026-10', '孙立新']
    ])
    expect(wall.items[0]).not.toHaveProperty('publishedBy')
    const all = data((await cloud.call('community', 'stars', {})).body)
    expect(all.items.map((s) => `${s.venueId} ${s.month}`)).toEqual(expect.arrayContaining([`${GAOLANLU} ${MONTH}`, `${GAOLANLU} 2026-10`, `${YOULIN} 2026-10`]))
  })
})

describe('my 先锋指数', () => {
  test('a rider sees their index; the criteria scores once the month is published', async () => {
    const published = data((await cloud.call('community', 'myStar', {}, 'demo-star-wei')).body)
    expect(published.month).toBe(MONTH)
    expect(published.me).toMatchObject({ index: 75.2, published: true, isStar: true, enterpriseScore: 94, communityScore: 94 })
    expect(published.me?.community?.scores).toEqual({ volunteer: 5, grid: 4, study: 5, exemplar: 5 })

    const sun = data((await cloud.call('community', 'myStar', {}, 'demo-star-sun')).body)
    expect(sun.me).toMatchObject({ index: 41.9, isStar: false })
  })

  test('someone who is not a 骑士之星 rider gets an empty answer', async () => {
    expect(data((await cloud.call('community', 'myStar', {}, 'demo-courier')).body)).toEqual({ month: MONTH })
  })
})
