import fc from 'fast-check'
import {
  answerFacets,
  crossTab,
  RESPONDENT_FACET,
  reviewGroups,
  reviewSummary,
  newListItem,
  listItemIdFor,
  shareableResults,
  SMALL_CELL,
  suppressSmallCells,
  surveyStats,
  targetProblem,
  validateAnswers,
  type Channel,
  type CrossTab,
  type FacetCount,
  type RespondentGroup,
  type SurveyVersion
} from '@core/survey'
import { atWallClock } from '@core/time'
import { needsSurvey } from './support/survey-definitions'

const NOW = atWallClock('2025-05-20', '10:00')
const v1: SurveyVersion = { version: 1, definition: needsSurvey }

interface Stored {
  facets: ReturnType<typeof answerFacets>
  group: RespondentGroup
  channel: Channel
}

const stored = (input: Record<string, unknown>, group: RespondentGroup, channel: Channel = 'self'): Stored => {
  const checked = validateAnswers(needsSurvey, input, { now: NOW })
  if (!checked.ok) throw new Error(checked.message)
  return { facets: answerFacets(needsSurvey, checked.value.answers), group, channel }
}

/** What the documented pipeline computes ($unwind facets, $group by q, v, group, channel). */
function aggregate(responses: readonly Stored[]): FacetCount[] {
  const rows = new Map<string, FacetCount>()
  for (const response of responses) {
    for (const facet of response.facets) {
      const key = JSON.stringify([facet.q, facet.v, response.group, response.channel])
      const row = rows.get(key) ?? { q: facet.q, v: facet.v, group: response.group, channel: response.channel, count: 0, sum: 0, min: null, max: null }
      row.count++
      if (facet.n !== undefined) {
        row.sum = (row.sum ?? 0) + facet.n
        row.min = row.min === null || row.min === undefined ? facet.n : Math.min(row.min, facet.n)
        row.max = row.max === null || row.max === undefined ? facet.n : Math.max(row.max, facet.n)
      }
      rows.set(key, row)
    }
  }
  return [...rows.values()]
}

const riderAnswer = { group: 'rider', hours: 'late', age: 30, needs: ['legal', 'charging'], legalTopic: 'labor', satisfaction: 4, wantContact: 'yes', contactConsent: true, phone: '13812345678', street: ['甘肃省', '兰州市', '城关区', '酒泉路街道'] }

describe('facets', () => {
  it('one per answered question, one per chosen value, numbers carried; personal answers only as answered', () => {
    expect(stored(riderAnswer, 'rider').facets).toEqual([
      { q: RESPONDENT_FACET, v: null },
      { q: 'group', v: null },
      { q: 'group', v: 'rider' },
      { q: 'hours', v: null },
      { q: 'hours', v: 'late' },
      { q: 'age', v: null, n: 30 },
      { q: 'needs', v: null },
      { q: 'needs', v: 'legal' },
      { q: 'needs', v: 'charging' },
      { q: 'legalTopic', v: null },
      { q: 'legalTopic', v: 'labor' },
      { q: 'satisfaction', v: null, n: 4 },
      { q: 'satisfaction', v: 4 },
      { q: 'wantContact', v: null },
      { q: 'wantContact', v: 'yes' },
      { q: 'contactConsent', v: null },
      { q: 'phone', v: null },
      { q: 'street', v: null },
      { q: 'street', v: '甘肃省/兰州市/城关区/酒泉路街道' }
    ])
    expect(JSON.stringify(stored(riderAnswer, 'rider').facets)).not.toContain('13812345678')
  })
})

describe('statistics from aggregated counts', () => {
  const responses = [
    ...Array.from({ length: 12 }, (_, i) => stored({ ...riderAnswer, age: 20 + i }, 'rider')),
    ...Array.from({ length: 6 }, () => stored({ group: 'courier', hours: 'before21', needs: ['legal'], satisfaction: 2, wantContact: 'no' }, 'courier', 'proxy')),
    ...Array.from({ length: 3 }, () => stored({ group: 'resident', needs: ['childcare', 'health'], wantContact: 'no', satisfaction: 5 }, 'resident'))
  ]
  const stats = surveyStats([v1], aggregate(responses))
  const q = (id: string) => stats.questions.find((question) => question.questionId === id)!

  it('counts respondents by group and channel', () => {
    expect(stats.respondents.total).toBe(21)
    expect(stats.respondents.byGroup).toMatchObject({ rider: 12, courier: 6, resident: 3, driver: 0 })
    expect(stats.respondents.byChannel).toEqual({ self: 15, proxy: 6 })
  })

  it('choice questions: every option in order, zeros included', () => {
    const needs = q('needs')
    expect(needs.answered.total).toBe(21)
    expect(needs.values.map((v) => [v.value, v.count.total])).toEqual([
      ['legal', 18],
      ['health', 3],
      ['childcare', 3],
      ['skills', 0],
      ['charging', 12],
      ['none', 0]
    ])
    expect(needs.values[0].count.byGroup).toMatchObject({ rider: 12, courier: 6 })
    expect(needs.values[0].count.byChannel).toEqual({ self: 12, proxy: 6 })
  })

  it('rating: the whole scale and a mean; number: a summary', () => {
    const satisfaction = q('satisfaction')
    expect(satisfaction.values.map((v) => [v.label, v.count.total])).toEqual([['1分', 0], ['2分', 6], ['3分', 0], ['4分', 12], ['5分', 3]])
    expect(satisfaction.summary).toEqual({ count: 21, mean: (12 * 4 + 6 * 2 + 3 * 5) / 21, min: 2, max: 5 })
    expect(q('age').summary).toEqual({ count: 12, mean: 25.5, min: 20, max: 31 })
  })

  it('region values read as places; personal questions only count answers', () => {
    expect(q('street').values.map((v) => [v.label, v.count.total])).toEqual([['兰州市城关区酒泉路街道', 12]])
    expect(q('phone')).toMatchObject({ pii: 'phone', values: [], answered: { total: 12 } })
    expect(q('phone').summary).toBeUndefined()
  })

  it('cross-tabs by respondent group and by channel', () => {
    const tab = crossTab(q('needs'), 'group')
    expect(tab.columns).toEqual([
      { key: 'rider', label: '外卖骑手' },
      { key: 'courier', label: '快递员' },
      { key: 'resident', label: '居民' }
    ])
    expect(tab.rows[0]).toEqual({ value: 'legal', label: '法律咨询', cells: [12, 6, 0], total: 18 })
    expect(tab.totals).toEqual([12, 6, 3])
    expect(crossTab(q('needs'), 'channel').rows[0].cells).toEqual([12, 6])
  })

  it('organizers see every count; shared results hide small cells consistently', () => {
    const full = shareableResults(stats, { shareable: false })
    expect(full.respondents).toEqual({ total: 21, byGroup: { rider: 12, courier: 6, resident: 3 }, byChannel: { self: 15, proxy: 6 } })
    expect(full.questions.find((r) => r.questionId === 'needs')!.values[1]).toMatchObject({ value: 'health', count: 3, share: 3 / 21 })

    const shared = shareableResults(stats, { shareable: true })
    // 3 residents would single them out; then one more group has to go or 21 − 12 − 6 gives it back.
    expect(shared.respondents).toEqual({ total: 21, byGroup: { rider: 12, courier: null, resident: null }, byChannel: { self: 15, proxy: 6 } })
    const needs = shared.questions.find((r) => r.questionId === 'needs')!
    expect(needs.values.map((v) => v.count)).toEqual([18, null, null, 0, 12, 0])
    expect(needs.values[0].share).toBe(18 / 21)
    expect(needs.values[1].share).toBeNull()
    for (const tab of [needs.byGroup, needs.byChannel]) {
      for (const row of tab.rows) for (const c of row.cells) expect(c === null || c === 0 || c >= SMALL_CELL).toBe(true)
    }
    needs.byGroup.rows.forEach((row, r) => expect(row.total).toBe(needs.byChannel.rows[r].total))
    expect(shared.questions.find((r) => r.questionId === 'age')!.summary).toEqual({ count: 12, mean: 25.5, min: 20, max: 31 })
  })

  it('hides a summary of fewer than five answers when shared', () => {
    const few = surveyStats([v1], aggregate(responses.slice(0, 3)))
    expect(shareableResults(few, { shareable: true }).questions.find((r) => r.questionId === 'age')!.summary).toBeNull()
  })
})

describe('small-cell suppression', () => {
  const tab = (cells: number[][]): CrossTab => ({
    by: 'group',
    columns: cells[0].map((_, c) => ({ key: `g${c}`, label: `g${c}` })),
    rows: cells.map((row, r) => ({ value: `v${r}`, label: `v${r}`, cells: row, total: row.reduce((a, b) => a + b, 0) })),
    totals: cells[0].map((_, c) => cells.reduce((sum, row) => sum + row[c], 0)),
    total: cells.flat().reduce((a, b) => a + b, 0)
  })

  it('hides 1–4 and one more in a line that would give it away', () => {
    const out = suppressSmallCells(tab([[20, 3], [10, 30]]), { additive: true })
    expect(out.rows.map((r) => r.cells)).toEqual([[null, null], [null, null]])
    const wide = suppressSmallCells(tab([[20, 3, 9], [10, 30, 12]]), { additive: true })
    expect(wide.rows.map((r) => r.cells)).toEqual([[20, null, null], [10, null, null]])
    expect(wide.totals).toEqual([30, 33, 21])
  })

  it('leaves big cells and zeros alone', () => {
    const out = suppressSmallCells(tab([[20, 0], [10, 30]]), { additive: true })
    expect(out.rows.map((r) => r.cells)).toEqual([[20, 0], [10, 30]])
  })

  const matrix = fc.integer({ min: 1, max: 4 }).chain((rows) =>
    fc.integer({ min: 1, max: 4 }).chain((cols) => fc.array(fc.array(fc.nat({ max: 12 }), { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows }))
  )

  it('property: no count 1–4 is shown, and no row or column has exactly one hidden member', () => {
    fc.assert(
      fc.property(matrix, fc.boolean(), (cells, additive) => {
        const out = suppressSmallCells(tab(cells), { additive })
        const shown = [...out.rows.flatMap((r) => [...r.cells, r.total]), ...out.totals, out.total]
        for (const value of shown) expect(value === null || value === 0 || value >= SMALL_CELL).toBe(true)
        const hiddenIn = (members: (number | null)[]) => members.filter((m) => m === null).length
        for (const row of out.rows) expect(hiddenIn([...row.cells, row.total])).not.toBe(1)
        expect(hiddenIn([...out.totals, out.total])).not.toBe(1)
        if (additive) {
          out.columns.forEach((_, c) => expect(hiddenIn([...out.rows.map((r) => r.cells[c]), out.totals[c]])).not.toBe(1))
          expect(hiddenIn([...out.rows.map((r) => r.total), out.total])).not.toBe(1)
        }
        // Every shown number is the true one.
        const truth = tab(cells)
        out.rows.forEach((row, r) => row.cells.forEach((c, j) => c !== null && expect(c).toBe(truth.rows[r].cells[j])))
      })
    )
  })
})

describe('list review', () => {
  const rows = [
    { list: 'need' as const, code: 'LEGAL', group: 'rider' as const, channel: 'self' as const, count: 20 },
    { list: 'need' as const, code: 'LEGAL', group: 'rider' as const, channel: 'proxy' as const, count: 9 },
    { list: 'need' as const, code: 'LEGAL', group: 'courier' as const, channel: 'self' as const, count: 12 },
    { list: 'resource' as const, code: 'VENUE', group: 'other' as const, channel: 'proxy' as const, count: 50 },
    { list: 'need' as const, code: 'CHILDCARE', group: 'resident' as const, channel: 'self' as const, count: 7 }
  ]

  it('groups draft entries by code, needs first, most first, with their groups', () => {
    const groups = reviewGroups(rows)
    expect(groups.map((g) => g.summary)).toEqual(['法律咨询 · 41 人 · 外卖骑手 29', '照看子女 · 7 人', '场地 · 50 条'])
    expect(groups[0]).toMatchObject({
      list: 'need',
      code: 'LEGAL',
      name: '法律咨询',
      count: 41,
      byGroup: [
        { group: 'rider', label: '外卖骑手', count: 29 },
        { group: 'courier', label: '快递员', count: 12 }
      ],
      byChannel: { self: 32, proxy: 9 }
    })
    expect(reviewSummary('夜间法律咨询', 41, groups[0].byGroup)).toBe('夜间法律咨询 · 41 人 · 外卖骑手 29')
  })

  it('decisions: targets stay in the same list; items have deterministic ids and start empty', () => {
    expect(targetProblem('need', 'LEGAL', 'LEGAL_LABOR')).toBeUndefined()
    expect(targetProblem('need', 'LEGAL', 'VENUE')).toBe('只能改成需求类的分类')
    expect(targetProblem('need', 'LEGAL', 'LEGAL')).toBe('新分类和原分类相同')
    expect(targetProblem('need', 'LEGAL', 'NOPE')).toBe('分类 NOPE 不存在')
    const item = newListItem('venue-youlin', 'need', 'LEGAL', '夜间法律咨询', 'demo-organizer', NOW)
    expect(item).toMatchObject({ _id: listItemIdFor('venue-youlin', 'need', 'LEGAL'), title: '夜间法律咨询', demand: 0 })
    expect(item._id).toBe('venue-youlin-need-LEGAL')
    expect(newListItem('venue-youlin', 'need', 'LEGAL_LABOR', undefined, 'x', NOW).title).toBe('法律咨询 · 劳动纠纷')
  })
})
