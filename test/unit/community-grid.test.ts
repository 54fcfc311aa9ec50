/**
 * The grid team's rules (core/community/grid.ts): categories as people say them, the report lifecycle and who moves it,
 * which reports are one problem, the counts by category and Shanghai month, and one application per person.
 */
import {
  applicationProblem,
  decideApplication,
  duplicateOf,
  gridCategoryOf,
  gridStats,
  newReport,
  stepReport,
  type EarlierReport,
  type GridMemberDoc,
  type GridReportDoc
} from '@core/community/grid'
import { DAY_MS, HOUR_MS, lastMonths, monthKey } from '@core/time'
import { shanghai } from '../support/instants'

const NOW = shanghai('2026-11-25T10:00:00')
const HERE = { lat: 36.09517, lng: 103.62336 }
/** About 55 m north of HERE. */
const NEAR = { lat: 36.09567, lng: 103.62336 }
/** About 555 m north of HERE. */
const FAR = { lat: 36.10017, lng: 103.62336 }

const member: GridMemberDoc = {
  _id: 'r1',
  openid: 'r1',
  venueId: 'venue-xigu',
  outlet: '美团西固站',
  status: 'approved',
  appliedAt: NOW - 30 * DAY_MS,
  createdAt: NOW - 30 * DAY_MS,
  updatedAt: NOW - 30 * DAY_MS
}

const report = (over: Partial<GridReportDoc> = {}): GridReportDoc => ({
  _id: 'g1',
  ...newReport({ openid: 'r1', venueId: 'venue-xigu', category: 'FLYING_CHARGE', text: '楼道飞线', location: HERE, photos: [], member, duplicate: undefined, now: NOW }),
  ...over
})

describe('categories', () => {
  test.each([
    ['飞线充电', 'FLYING_CHARGE'],
    ['电动车飞线充电', 'FLYING_CHARGE'],
    ['垃圾乱堆', 'GARBAGE'],
    ['垃圾乱堆乱放', 'GARBAGE'],
    [' 公共设施损坏 ', 'FACILITY'],
    ['食品卫生', 'FOOD_HYGIENE'],
    ['安全隐患', 'SAFETY'],
    ['SAFETY', 'SAFETY']
  ])('%s is %s', (said, code) => expect(gridCategoryOf(said)).toBe(code))

  test('a word that names no category is none', () => expect(gridCategoryOf('天气不好')).toBeUndefined())
})

describe('a new report', () => {
  test('by an approved member carries their 网点 and the Shanghai month', () => {
    // 2026-11-30 23:30 UTC is already December in Shanghai.
    const at = Date.UTC(2026, 10, 30, 23, 30)
    const doc = newReport({ openid: 'r1', venueId: 'venue-xigu', category: 'GARBAGE', text: '垃圾', location: HERE, photos: ['cloud://x/a.png'], member, duplicate: undefined, now: at })
    expect(doc).toMatchObject({ status: 'open', member: true, outlet: '美团西固站', month: '2026-12', history: [{ status: 'open', at, by: 'reporter' }] })
  })

  test('by someone whose application is pending is not a member’s', () => {
    const doc = newReport({ openid: 'r1', venueId: 'v', category: 'GARBAGE', text: '垃圾', location: HERE, photos: [], member: { ...member, status: 'pending' }, duplicate: undefined, now: NOW })
    expect(doc.member).toBe(false)
    expect(doc.outlet).toBeUndefined()
  })
})

describe('duplicates', () => {
  const earlier = (over: Partial<EarlierReport>): EarlierReport => ({ _id: 'e', category: 'FLYING_CHARGE', location: HERE, createdAt: NOW - HOUR_MS, status: 'open', ...over })

  test('the same category nearby within the window links to the earliest report still being handled', () => {
    const found = duplicateOf({ category: 'FLYING_CHARGE', location: NEAR, createdAt: NOW }, [
      earlier({ _id: 'later', createdAt: NOW - HOUR_MS }),
      earlier({ _id: 'first', createdAt: NOW - 3 * DAY_MS, status: 'assigned' }),
      earlier({ _id: 'done', createdAt: NOW - 5 * DAY_MS, status: 'resolved' })
    ])
    expect(found?._id).toBe('first')
  })

  test.each([
    ['another category', earlier({ category: 'GARBAGE' })],
    ['too far', earlier({ location: FAR })],
    ['too long ago', earlier({ createdAt: NOW - 8 * DAY_MS })],
    ['already settled', earlier({ status: 'rejected' })],
    ['itself a duplicate', earlier({ status: 'open', duplicateOf: 'x' })]
  ])('%s is not one', (_, other) => expect(duplicateOf({ category: 'FLYING_CHARGE', location: NEAR, createdAt: NOW }, [other])).toBeUndefined())

  test('a duplicate is stored as such, linked', () => {
    const doc = newReport({ openid: 'r2', venueId: 'v', category: 'FLYING_CHARGE', text: '又看到了', location: NEAR, photos: [], member: null, duplicate: earlier({ _id: 'first' }), now: NOW })
    expect(doc).toMatchObject({ status: 'duplicate', duplicateOf: 'first', member: false })
  })
})

describe('lifecycle', () => {
  test('open → assigned → resolved by the handler, each step on the timeline', () => {
    const assigned = stepReport(report(), { step: 'assign', assignee: '社区物业' }, 'handler', NOW + HOUR_MS)
    if (!assigned.ok) throw new Error(assigned.message)
    expect(assigned.report).toMatchObject({ status: 'assigned', assignee: '社区物业' })
    const resolved = stepReport(assigned.report, { step: 'resolve', note: '已拆除', photo: 'cloud://x/after.png' }, 'handler', NOW + 2 * HOUR_MS)
    if (!resolved.ok) throw new Error(resolved.message)
    expect(resolved.report).toMatchObject({ status: 'resolved', resolvedAt: NOW + 2 * HOUR_MS, resolution: { note: '已拆除', photo: 'cloud://x/after.png' } })
    expect(resolved.report.history.map((e) => e.status)).toEqual(['open', 'assigned', 'resolved'])
  })

  test('a reporter moves nothing; settled and duplicate reports take no step', () => {
    expect(stepReport(report(), { step: 'resolve', note: '好了', photo: 'cloud://x/a.png' }, 'reporter', NOW).ok).toBe(false)
    for (const status of ['resolved', 'rejected', 'duplicate'] as const) {
      const outcome = stepReport(report({ status }), { step: 'reject', reason: '重复' }, 'handler', NOW)
      expect(outcome.ok).toBe(false)
    }
  })
})

describe('counts', () => {
  test('by category and month within the window; duplicates count as neither', () => {
    const months = lastMonths(NOW, 3)
    expect(months).toEqual(['2026-09', '2026-10', '2026-11'])
    const stats = gridStats(
      [
        { month: '2026-10', category: 'FLYING_CHARGE', status: 'resolved', count: 5 },
        { month: '2026-11', category: 'FLYING_CHARGE', status: 'open', count: 2 },
        { month: '2026-11', category: 'FLYING_CHARGE', status: 'duplicate', count: 4 },
        { month: '2026-11', category: 'GARBAGE', status: 'resolved', count: 3 },
        { month: '2026-06', category: 'GARBAGE', status: 'resolved', count: 9 }
      ],
      months
    )
    expect(stats).toMatchObject({ reported: 10, resolved: 8, active: 2 })
    expect(stats.byCategory).toEqual([
      { category: 'FLYING_CHARGE', name: '电动车飞线充电', reported: 7, resolved: 5 },
      { category: 'GARBAGE', name: '垃圾乱堆乱放', reported: 3, resolved: 3 }
    ])
    expect(stats.cells.map((c) => `${c.month}/${c.category}=${c.reported}`)).toEqual(['2026-10/FLYING_CHARGE=5', '2026-11/FLYING_CHARGE=2', '2026-11/GARBAGE=3'])
  })

  test('months run across a year', () => {
    expect(lastMonths(shanghai('2027-01-10T00:00:00'), 3)).toEqual(['2026-11', '2026-12', '2027-01'])
    expect(monthKey(shanghai('2027-01-01T00:10:00'))).toBe('2027-01')
  })
})

describe('membership', () => {
  test('one application per person; a refused one may apply again', () => {
    expect(applicationProblem(null)).toBeUndefined()
    expect(applicationProblem({ status: 'rejected' })).toBeUndefined()
    expect(applicationProblem({ status: 'pending' })).toMatch('审核中')
    expect(applicationProblem({ status: 'approved' })).toMatch('已经是兼职网格员')
  })

  test('only a pending application is decided', () => {
    const pending = { ...member, status: 'pending' as const }
    const decided = decideApplication(pending, { approve: true }, 'demo-admin', NOW)
    expect(decided).toMatchObject({ ok: true, member: { status: 'approved', decidedAt: NOW, decidedBy: 'demo-admin' } })
    expect(decideApplication(member, { approve: false }, 'demo-admin', NOW).ok).toBe(false)
  })
})
