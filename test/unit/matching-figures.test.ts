import {
  centreFigures,
  centreOutcomes,
  DURATION_BOUNDARIES_MS,
  findDuplicates,
  medianHours,
  suppressBreakdown,
  type FigureRows
} from '@core/matching'
import { HOUR_MS } from '@core/time'
import { need, NOW } from './support/matching-fixtures'

const DAY = 86_400_000

describe('duplicate check', () => {
  const draft = { category: 'LEGAL_LABOR', tokens: ['老板', '拖欠', '工资', '三个', '月'], requesterKey: 'rk-1', createdAt: NOW }

  it('same requester and category within 14 days', () => {
    const hints = findDuplicates(draft, [
      need({ _id: 'recent', requesterKey: 'rk-1', tokens: ['合同', '到期'], createdAt: NOW - 13 * DAY }),
      need({ _id: 'old', requesterKey: 'rk-1', createdAt: NOW - 15 * DAY }),
      need({ _id: 'other-person', requesterKey: 'rk-2', tokens: ['交通', '事故'], createdAt: NOW - DAY }),
      need({ _id: 'withdrawn', requesterKey: 'rk-1', status: 'withdrawn', createdAt: NOW - DAY })
    ])
    expect(hints).toEqual([{ needId: 'recent', kind: 'same_category', similarity: 0, sameRequester: true, message: '您在两周内已提交过同一类需求' }])
  })

  it('similar text from anyone, above the threshold and long enough', () => {
    const hints = findDuplicates(draft, [
      need({ _id: 'same-words', requesterKey: 'rk-2', category: 'RIGHTS_WAGES', tokens: ['老板', '欠薪', '三个', '月', '了'], createdAt: NOW - 2 * DAY }),
      need({ _id: 'different', requesterKey: 'rk-3', tokens: ['老板', '辞退', '我'], createdAt: NOW - 2 * DAY })
    ])
    expect(hints.map((h) => [h.needId, h.kind, h.sameRequester, h.message])).toEqual([['same-words', 'similar_text', false, '和另一条需求的描述很像']])
    expect(hints[0].similarity).toBe(1)
    expect(findDuplicates({ ...draft, tokens: ['欠薪'] }, [need({ _id: 'x', requesterKey: 'rk-2', tokens: ['欠薪'] })])).toEqual([])
  })
})

describe('the centre’s figures', () => {
  const rows: FigureRows = {
    needs: [
      { category: 'LEGAL_LABOR', status: 'resolved', count: 20 },
      { category: 'LEGAL', status: 'matching', count: 7 },
      { category: 'RIGHTS_WAGES', status: 'resolved', count: 15 },
      { category: 'SOCIAL_DATING', status: 'referred', count: 3 },
      { category: 'HEALTH_CHECKUP', status: 'in_progress', count: 9 },
      { category: 'HEALTH_CHECKUP', status: 'duplicate', count: 4 }
    ],
    services: [
      { status: 'active', count: 28 },
      { status: 'paused', count: 3 },
      { status: 'draft', count: 2 }
    ],
    resources: 18,
    activitiesHeld: 89,
    served: [
      { group: 'rider', count: 21 },
      { group: 'courier', count: 11 },
      { group: 'driver', count: 3 }
    ],
    referrals: [
      { status: 'completed', count: 30 },
      { status: 'rated', count: 10 },
      { status: 'declined', declineReason: 'no_capacity', count: 6 },
      { status: 'declined', declineReason: 'other', count: 4 },
      { status: 'sent', count: 5 }
    ],
    toFirstReferral: [
      { from: 0, count: 2 },
      { from: 24 * HOUR_MS, count: 6 },
      { from: 48 * HOUR_MS, count: 2 }
    ],
    toResolution: [{ from: 168 * HOUR_MS, count: 4 }]
  }

  it('counts the headline numbers ⚑ and the breakdowns for organizers', () => {
    const figures = centreFigures(rows, { suppress: false })
    expect(figures).toMatchObject({ needs: 54, resources: 18, services: 31, needsSolved: 35, activitiesHeld: 89, suppressed: false })
    expect(figures.needsByCategory.map((b) => [b.label, b.count])).toEqual([
      ['法律咨询', 27],
      ['权益保障', 15],
      ['健康义诊', 9],
      ['婚恋交友', 3]
    ])
    expect(figures.needsByStatus.find((b) => b.key === 'resolved')?.count).toBe(35)
    expect(figures.needsByStatus.map((b) => b.key)).not.toContain('duplicate')
    expect(figures.peopleServed.map((b) => [b.label, b.count])).toEqual([
      ['外卖骑手', 21],
      ['快递员', 11],
      ['网约车司机', 3]
    ])
    expect(figures.acceptanceRate).toBe(0.8)
    expect(figures.noCapacityRate).toBe(0.12)
    expect(figures.medianHoursToFirstReferral).toBe(36)
    expect(figures.medianHoursToResolution).toBe(252)
  })

  it('the public board hides small cells, one more where the total would give one away, and thin medians', () => {
    const figures = centreFigures(rows, { suppress: true })
    expect(figures.needs).toBe(54)
    expect(figures.needsByCategory.map((b) => b.count)).toEqual([27, 15, null, null])
    expect(figures.peopleServed.map((b) => b.count)).toEqual([21, null, null])
    expect(figures.medianHoursToResolution).toBeNull()
    expect(figures.medianHoursToFirstReferral).toBe(36)
    expect(figures.suppressed).toBe(true)
  })

  it('suppresses a breakdown: primary below 5, then the smallest other when one would be recomputable', () => {
    expect(suppressBreakdown([10, 3, 7])).toEqual([10, null, null])
    expect(suppressBreakdown([10, 3, 2, 7])).toEqual([10, null, null, 7])
    expect(suppressBreakdown([10, 0, 7])).toEqual([10, 0, 7])
    expect(suppressBreakdown([4])).toEqual([null])
  })

  it('medians come from buckets, linear inside the middle one', () => {
    expect(medianHours([])).toBeNull()
    expect(medianHours([{ from: 0, count: 1 }, { from: HOUR_MS, count: 1 }])).toBe(1)
    expect(medianHours([{ from: 2 * HOUR_MS, count: 4 }])).toBe(3)
    const last = DURATION_BOUNDARIES_MS[DURATION_BOUNDARIES_MS.length - 1]
    expect(medianHours([{ from: last, count: 3 }])).toBe(last / HOUR_MS)
  })

  it('needItems counts the kinds of need on the list: as the pipelines give them, else the categories still listed', () => {
    expect(centreFigures({ ...rows, needItems: 27 }, { suppress: true }).needItems).toBe(27)
    // LEGAL_LABOR, LEGAL, RIGHTS_WAGES, SOCIAL_DATING, HEALTH_CHECKUP: the duplicates' category is listed by its other needs.
    expect(centreFigures(rows, { suppress: false }).needItems).toBe(5)
    const merged: FigureRows = { ...rows, needs: [{ category: 'CHILDCARE', status: 'withdrawn', count: 2 }, { category: 'JOBS', status: 'duplicate', count: 1 }] }
    expect(centreFigures(merged, { suppress: false }).needItems).toBe(0)
  })

  it('a centre’s outcomes: from needs counted by status alone, the same as the full figures, on the board too', () => {
    const byStatus = [
      { status: 'resolved', count: 35 },
      { status: 'matching', count: 7 },
      { status: 'referred', count: 3 },
      { status: 'in_progress', count: 9 },
      { status: 'duplicate', count: 4 }
    ] as const
    expect(centreOutcomes({ needs: byStatus, activitiesHeld: 89 })).toEqual({ needsSolved: 35, activitiesHeld: 89 })
    for (const suppress of [false, true]) {
      const { needsSolved, activitiesHeld } = centreFigures(rows, { suppress })
      expect({ needsSolved, activitiesHeld }).toEqual(centreOutcomes(rows))
    }
    expect(centreOutcomes({ needs: [], activitiesHeld: 0 })).toEqual({ needsSolved: 0, activitiesHeld: 0 })
  })

  it('an empty centre has zeros and no rates', () => {
    const figures = centreFigures(
      { needs: [], services: [], resources: 0, activitiesHeld: 0, served: [], referrals: [], toFirstReferral: [], toResolution: [] },
      { suppress: true }
    )
    expect(figures).toMatchObject({ needs: 0, needItems: 0, needsSolved: 0, acceptanceRate: null, noCapacityRate: null, peopleServedTotal: 0, needsByCategory: [] })
  })
})
