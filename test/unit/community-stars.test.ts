/**
 * The 先锋指数 against cases computed by hand (the arithmetic is written beside each), the month window, and the
 * ranking's tie-breaks.
 */
import {
  activityPoints,
  isScorable,
  mayPublish,
  NO_ACTIVITY,
  openMonth,
  pioneerIndex,
  rankRiders,
  scorableMonths,
  scoresProblem,
  sideScore,
  STAR_CRITERIA
} from '@core/community/stars'
import { shanghai } from '../support/instants'
import { monthEndAt, monthKey, monthStartAt, shiftMonth } from '@core/time'

const enterprise = (commitment: number, safety: number, team: number) => ({ commitment, safety, team })
const community = (volunteer: number, grid: number, study: number, exemplar: number) => ({ volunteer, grid, study, exemplar })

describe('the published criteria', () => {
  it('weigh 100 per side', () => {
    for (const side of ['enterprise', 'community'] as const) {
      expect(STAR_CRITERIA.filter((c) => c.side === side).reduce((sum, c) => sum + c.weight, 0)).toBe(100)
    }
  })

  it('name a missing, unknown or out-of-range criterion', () => {
    expect(scoresProblem('enterprise', enterprise(5, 5, 5))).toBeUndefined()
    expect(scoresProblem('enterprise', { commitment: 5, safety: 5 })).toEqual({ field: 'team', message: '请给「爱岗带团队」打分' })
    expect(scoresProblem('enterprise', { ...enterprise(5, 5, 5), grid: 3 })?.field).toBe('grid')
    expect(scoresProblem('community', community(6, 0, 0, 0))).toEqual({ field: 'volunteer', message: '「志愿服务」应为 0–5 分' })
    expect(scoresProblem('community', community(2.5, 0, 0, 0))?.field).toBe('volunteer')
  })
})

describe('the 先锋指数', () => {
  it('the worked example of the module header', () => {
    // 企业 40×4/5 + 30×5/5 + 30×3/5 = 32 + 30 + 18 = 80
    // 社区 30×5/5 + 30×4/5 + 20×3/5 + 20×5/5 = 30 + 24 + 12 + 20 = 86
    // 活动 min(3×2, 8) + min(150/60, 8) + min(5×1, 4) = 6 + 2.5 + 4 = 12.5
    // 指数 80×0.4 + 86×0.4 + 12.5 = 32 + 34.4 + 12.5 = 78.9
    const result = pioneerIndex(
      { enterprise: enterprise(4, 5, 3), community: community(5, 4, 3, 5) },
      { reportsResolved: 3, volunteerMinutes: 150, coursesAttended: 5 }
    )
    expect(result).toEqual({ enterprise: 80, community: 86, activity: 12.5, index: 78.9 })
  })

  it('full marks and every cap reached make exactly 100', () => {
    // 100×0.4 + 100×0.4 + (8 + 8 + 4) = 40 + 40 + 20 = 100
    const result = pioneerIndex(
      { enterprise: enterprise(5, 5, 5), community: community(5, 5, 5, 5) },
      { reportsResolved: 10, volunteerMinutes: 20 * 60, coursesAttended: 9 }
    )
    expect(result.index).toBe(100)
  })

  it('works with no activity at all and one side missing', () => {
    // 企业 40×3/5 + 30×3/5 + 30×3/5 = 24 + 18 + 18 = 60; 社区 未评 = 0; 指数 60×0.4 = 24
    expect(pioneerIndex({ enterprise: enterprise(3, 3, 3) }, NO_ACTIVITY)).toEqual({ enterprise: 60, community: 0, activity: 0, index: 24 })
    expect(pioneerIndex({}, NO_ACTIVITY).index).toBe(0)
  })

  it('counts volunteer time by the minute and rounds to a tenth', () => {
    // 50 min = 0.8333 h → 0.8; 1 report → 2; 0 courses; 活动 2.8
    expect(activityPoints({ reportsResolved: 1, volunteerMinutes: 50, coursesAttended: 0 })).toBe(2.8)
    // 社区 30×1/5 + 30×2/5 + 20×3/5 + 20×4/5 = 6 + 12 + 12 + 16 = 46; 46×0.4 = 18.4; + 2.8 = 21.2
    expect(sideScore('community', community(1, 2, 3, 4))).toBe(46)
    expect(pioneerIndex({ community: community(1, 2, 3, 4) }, { reportsResolved: 1, volunteerMinutes: 50, coursesAttended: 0 }).index).toBe(21.2)
  })
})

describe('the ranking', () => {
  const entry = (riderId: string, name: string, enterprise: number, community: number, activity: number, index: number) => ({ riderId, name, enterprise, community, activity, index })

  it('breaks a tie of the index by the community score, then the enterprise score, and shares a rank only when all are equal', () => {
    // 甲 80×0.4 + 70×0.4 = 60; 乙 70×0.4 + 80×0.4 = 60 (more community: ahead); 丙, 丁 50×0.4 + 50×0.4 + 10 = 50, identical → share rank 3
    const ranked = rankRiders([
      entry('r-a', '甲', 80, 70, 0, 60),
      entry('r-d', '丁', 50, 50, 10, 50),
      entry('r-b', '乙', 70, 80, 0, 60),
      entry('r-c', '丙', 50, 50, 10, 50)
    ])
    expect(ranked.map((r) => [r.name, r.index, r.rank])).toEqual([
      ['乙', 60, 1],
      ['甲', 60, 2],
      ['丙', 50, 3],
      ['丁', 50, 3]
    ])
  })
})

describe('the month', () => {
  it('is the Shanghai month, also in the hours when UTC is still in the month before', () => {
    expect(monthKey(shanghai('2026-12-01T07:30:00'))).toBe('2026-12')
    expect(monthKey(shanghai('2026-11-30T23:59:00'))).toBe('2026-11')
    expect(shiftMonth('2026-12', 1)).toBe('2027-01')
    expect(shiftMonth('2027-01', -1)).toBe('2026-12')
    expect(monthStartAt('2026-11')).toBe(shanghai('2026-11-01T00:00:00'))
    expect(monthEndAt('2026-12')).toBe(shanghai('2027-01-01T00:00:00'))
  })

  it('may be scored from its last seven days until the next month ends', () => {
    expect(isScorable('2026-11', shanghai('2026-11-23T23:59:00'))).toBe(false)
    expect(isScorable('2026-11', shanghai('2026-11-24T00:00:00'))).toBe(true)
    expect(isScorable('2026-11', shanghai('2026-12-31T23:59:00'))).toBe(true)
    expect(isScorable('2026-11', shanghai('2027-01-01T00:00:00'))).toBe(false)
    expect(openMonth(shanghai('2026-11-25T10:00:00'))).toBe('2026-11')
    expect(openMonth(shanghai('2026-11-10T10:00:00'))).toBe('2026-10')
    expect(scorableMonths(shanghai('2026-11-25T10:00:00'))).toEqual(['2026-11', '2026-10'])
    expect(scorableMonths(shanghai('2026-11-10T10:00:00'))).toEqual(['2026-10'])
  })

  it('publishes a rider with both sides scored, or with the override', () => {
    expect(mayPublish({ enterprise: enterprise(1, 1, 1) }, false)).toBe(false)
    expect(mayPublish({ enterprise: enterprise(1, 1, 1) }, true)).toBe(true)
    expect(mayPublish({ enterprise: enterprise(1, 1, 1), community: community(1, 1, 1, 1) }, false)).toBe(true)
  })
})
