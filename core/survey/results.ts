/**
 * Results without loading responses: on submit, the function stores each response's `facets` (`answerFacets`); the
 * statistics are then ONE aggregate pipeline in the database, whatever the questionnaire:
 *
 *   match {surveyId, status: 'submitted'} → project {facets, group, channel} → unwind '$facets' →
 *   group {_id: {q: '$facets.q', v: '$facets.v', group: '$group', channel: '$channel'},
 *          count: sum(1), sum: sum('$facets.n'), min: min('$facets.n'), max: max('$facets.n')}
 *   (set a limit: the platform returns 20 rows by default; page until fewer come back)
 *
 * Each resulting row is a `FacetCount`; `surveyStats(versions, rows)` reduces them to per-question statistics,
 * `crossTab` lays one question out by respondent group or channel, and `shareableResults` suppresses small cells for
 * anything shown beyond organizers.
 *
 * Facets of a response: `{q: '_', v: null}` once (the respondent), and per answered question `{q, v: null}`
 * (answered; with `n` = the number for number, date and rating questions) plus `{q, v}` per chosen value (option
 * values, rating points, the region path 'a/b/c'). Personal questions contribute only "answered": their values are
 * stored encrypted and must not reappear in plain text here.
 *
 * Small-cell suppression: a count from 1 to 4 is hidden (null), and so is one more cell in any row or column where a
 * single hidden cell could be recomputed from the totals (secondary suppression), repeated until nothing can be.
 */
import { walk } from './flow'
import { CHANNEL_LABELS, CHANNELS, RATING_RANGE, type Channel, type QuestionType, type SurveyDefinition } from './definition'
import { isPersonal, type PiiClass } from './pii'
import { RESPONDENT_GROUP_LABELS, RESPONDENT_GROUPS, type RespondentGroup } from './respondent'
import { regionText } from './region'
import { isStringList } from './values'
import { questionCatalog, type CatalogQuestion, type SurveyVersion } from './versions'

/** The facet every response has once, so respondents are counted by the same pipeline. Never a question id. */
export const RESPONDENT_FACET = '_'

export interface Facet {
  /** Question id, or RESPONDENT_FACET. */
  q: string
  /** null: "answered"; otherwise one chosen value. */
  v: string | number | null
  /** On the "answered" facet of number, date and rating questions: the number. */
  n?: number
}

/** The facets of one submitted response (answers as validated; hidden ones are ignored). */
export function answerFacets(def: SurveyDefinition, answers: unknown): Facet[] {
  const { visible, answers: kept } = walk(def, answers)
  const facets: Facet[] = [{ q: RESPONDENT_FACET, v: null }]
  for (const question of visible) {
    if (!Object.prototype.hasOwnProperty.call(kept, question.id)) continue
    const value = kept[question.id]
    const q = question.id
    if (isPersonal(question.pii)) {
      facets.push({ q, v: null })
      continue
    }
    switch (question.type) {
      case 'single':
        facets.push({ q, v: null }, { q, v: String(value) })
        break
      case 'multi':
        facets.push({ q, v: null }, ...(isStringList(value) ? value : []).map((v) => ({ q, v })))
        break
      case 'rating':
        facets.push({ q, v: null, n: Number(value) }, { q, v: Number(value) })
        break
      case 'number':
      case 'date':
        facets.push({ q, v: null, n: Number(value) })
        break
      case 'region':
        facets.push({ q, v: null }, { q, v: isStringList(value) ? value.join('/') : String(value) })
        break
      default:
        facets.push({ q, v: null })
    }
  }
  return facets
}

/** One row of the aggregate pipeline above. `min`/`max` are null where no facet had `n`. */
export interface FacetCount {
  q: string
  v: string | number | null
  group: RespondentGroup
  channel: Channel
  count: number
  sum?: number | null
  min?: number | null
  max?: number | null
}

/** A count split by respondent group and by channel. */
export interface Tally {
  total: number
  byGroup: Record<RespondentGroup, number>
  byChannel: Record<Channel, number>
}

export interface ValueStat {
  value: string | number
  label: string
  /** An option the latest version no longer has. */
  removed: boolean
  count: Tally
}

export interface NumberSummary {
  count: number
  mean: number | null
  min: number | null
  max: number | null
}

export interface QuestionStats {
  questionId: string
  title: string
  type: QuestionType
  pii: PiiClass
  removed: boolean
  answered: Tally
  /** One per option (in option order), rating point (the whole scale) or region (most answered first). */
  values: ValueStat[]
  /** number, date, rating. */
  summary?: NumberSummary
}

export interface SurveyStats {
  respondents: Tally
  questions: QuestionStats[]
}

const emptyTally = (): Tally => ({
  total: 0,
  byGroup: Object.fromEntries(RESPONDENT_GROUPS.map((group) => [group, 0])) as Record<RespondentGroup, number>,
  byChannel: Object.fromEntries(CHANNELS.map((channel) => [channel, 0])) as Record<Channel, number>
})

function add(tally: Tally, row: FacetCount): void {
  tally.total += row.count
  if (Object.prototype.hasOwnProperty.call(tally.byGroup, row.group)) tally.byGroup[row.group] += row.count
  if (Object.prototype.hasOwnProperty.call(tally.byChannel, row.channel)) tally.byChannel[row.channel] += row.count
}

const NUMERIC: readonly QuestionType[] = ['number', 'date', 'rating']

/** Values a question shows even at zero, in display order. */
function knownValues(question: CatalogQuestion): ValueStat[] {
  if (question.type === 'single' || question.type === 'multi') {
    return question.options.map((option) => ({ value: option.value, label: option.label, removed: option.removed, count: emptyTally() }))
  }
  if (question.type === 'rating' && question.latest.type === 'rating') {
    const { min, max } = RATING_RANGE[question.latest.scale]
    return Array.from({ length: max - min + 1 }, (_, i) => ({ value: min + i, label: `${min + i}分`, removed: false, count: emptyTally() }))
  }
  return []
}

const valueLabel = (question: CatalogQuestion, value: string | number): string =>
  question.type === 'region' && typeof value === 'string' ? regionText(value.split('/')) : String(value)

/** Per-question statistics over all versions from the pipeline's rows. */
export function surveyStats(versions: readonly SurveyVersion[], rows: readonly FacetCount[]): SurveyStats {
  const respondents = emptyTally()
  const byQuestion = new Map<string, FacetCount[]>()
  for (const row of rows) {
    if (row.q === RESPONDENT_FACET) add(respondents, row)
    else byQuestion.set(row.q, [...(byQuestion.get(row.q) ?? []), row])
  }
  const questions = questionCatalog(versions).map((question): QuestionStats => {
    const answered = emptyTally()
    const values = knownValues(question)
    let count = 0
    let sum = 0
    let min: number | null = null
    let max: number | null = null
    for (const row of byQuestion.get(question.id) ?? []) {
      if (row.v === null) {
        add(answered, row)
        if (typeof row.sum === 'number' && typeof row.min === 'number' && typeof row.max === 'number') {
          count += row.count
          sum += row.sum
          min = min === null ? row.min : Math.min(min, row.min)
          max = max === null ? row.max : Math.max(max, row.max)
        }
        continue
      }
      let stat = values.find((candidate) => candidate.value === row.v)
      if (!stat) {
        stat = { value: row.v, label: valueLabel(question, row.v), removed: false, count: emptyTally() }
        values.push(stat)
      }
      add(stat.count, row)
    }
    if (question.type === 'region') values.sort((a, b) => b.count.total - a.count.total || String(a.value).localeCompare(String(b.value)))
    const stats: QuestionStats = {
      questionId: question.id,
      title: question.title,
      type: question.type,
      pii: question.pii,
      removed: question.removed,
      answered,
      values
    }
    if (NUMERIC.includes(question.type) && !isPersonal(question.pii)) {
      stats.summary = { count, mean: count === 0 ? null : sum / count, min, max }
    }
    return stats
  })
  return { respondents, questions }
}

/** A count that may be suppressed (null = fewer than the threshold, or hidden so one cannot be recomputed). */
export type Count = number | null

export type CrossBy = 'group' | 'channel'

export interface CrossTab {
  by: CrossBy
  /** Respondent groups (those with any answer) or the two channels. */
  columns: { key: string; label: string }[]
  /** One per value; `cells` follow `columns`; `total` is the value's count. */
  rows: { value: string | number; label: string; cells: Count[]; total: Count }[]
  /** Answered per column, and in all. */
  totals: Count[]
  total: Count
}

/** One question by respondent group or channel (all counts shown). */
export function crossTab(question: QuestionStats, by: CrossBy): CrossTab {
  const keys: string[] =
    by === 'group' ? RESPONDENT_GROUPS.filter((group) => question.answered.byGroup[group] > 0) : [...CHANNELS]
  const pick = (tally: Tally, key: string): number =>
    by === 'group' ? tally.byGroup[key as RespondentGroup] : tally.byChannel[key as Channel]
  return {
    by,
    columns: keys.map((key) => ({
      key,
      label: by === 'group' ? RESPONDENT_GROUP_LABELS[key as RespondentGroup] : CHANNEL_LABELS[key as Channel]
    })),
    rows: question.values.map((stat) => ({
      value: stat.value,
      label: stat.label,
      cells: keys.map((key) => pick(stat.count, key)),
      total: stat.count.total
    })),
    totals: keys.map((key) => pick(question.answered, key)),
    total: question.answered.total
  }
}

/** Counts below this are not shown beyond organizers. */
export const SMALL_CELL = 5

/** Totals two cross-tabs of one question share: the value totals (row indexes) and the grand total. */
export interface SharedHidden {
  rows: ReadonlySet<number>
  total: boolean
}

/** A set of counts whose sum is `whole`: if exactly one of them is hidden it can be recomputed. */
interface Line {
  parts: number[]
  whole: number
}

/**
 * Which of `values` (by index) to hide: those in 1..threshold-1, then, while some line has exactly one hidden member,
 * the smallest positive shown member of that line. `forced` are hidden from the start.
 */
function hiddenSet(values: readonly number[], lines: readonly Line[], threshold: number, forced: ReadonlySet<number>): Set<number> {
  const hidden = new Set<number>(forced)
  values.forEach((value, i) => {
    if (value > 0 && value < threshold) hidden.add(i)
  })
  for (let changed = true; changed; ) {
    changed = false
    for (const line of lines) {
      const members = [...line.parts, line.whole]
      if (members.filter((i) => hidden.has(i)).length !== 1) continue
      const candidates = members.filter((i) => !hidden.has(i) && values[i] > 0)
      if (candidates.length === 0) continue
      const smallest = candidates.reduce((a, b) => (values[b] < values[a] ? b : a))
      hidden.add(smallest)
      changed = true
    }
  }
  return hidden
}

/**
 * The cross-tab with small cells suppressed. `additive`: each respondent gives one value (single, rating, region), so
 * a column's cells sum to its total and the row totals to the grand total; for multi-choice only rows add up.
 * `forced` hides those value totals (by row index) and the grand total from the start, so two tables that share them
 * (by group, by channel) hide the same ones.
 */
export function suppressSmallCells(
  tab: CrossTab,
  { threshold = SMALL_CELL, additive, forced }: { threshold?: number; additive: boolean; forced?: SharedHidden }
): CrossTab {
  const width = tab.columns.length
  // Flatten: cells row-major, then row totals, then column totals, then the grand total.
  const values: number[] = []
  tab.rows.forEach((row) => row.cells.forEach((cell) => values.push(cell ?? 0)))
  const rowTotal = (r: number) => tab.rows.length * width + r
  const colTotal = (c: number) => tab.rows.length * width + tab.rows.length + c
  const grand = tab.rows.length * width + tab.rows.length + width
  tab.rows.forEach((row) => values.push(row.total ?? 0))
  tab.totals.forEach((total) => values.push(total ?? 0))
  values.push(tab.total ?? 0)
  const cell = (r: number, c: number) => r * width + c
  const range = (n: number) => Array.from({ length: n }, (_, i) => i)
  const lines: Line[] = [
    ...tab.rows.map((_, r) => ({ parts: range(width).map((c) => cell(r, c)), whole: rowTotal(r) })),
    { parts: range(width).map(colTotal), whole: grand }
  ]
  if (additive) {
    lines.push(...range(width).map((c) => ({ parts: tab.rows.map((_, r) => cell(r, c)), whole: colTotal(c) })))
    lines.push({ parts: tab.rows.map((_, r) => rowTotal(r)), whole: grand })
  }
  const start = new Set([...(forced?.rows ?? [])].map(rowTotal))
  if (forced?.total) start.add(grand)
  const hidden = hiddenSet(values, lines, threshold, start)
  const shown = (i: number): Count => (hidden.has(i) ? null : values[i])
  return {
    ...tab,
    rows: tab.rows.map((row, r) => ({ ...row, cells: range(width).map((c) => shown(cell(r, c))), total: shown(rowTotal(r)) })),
    totals: range(width).map((c) => shown(colTotal(c))),
    total: shown(grand)
  }
}

const ADDITIVE: readonly QuestionType[] = ['single', 'rating', 'region']

export interface QuestionResult {
  questionId: string
  title: string
  type: QuestionType
  removed: boolean
  answered: Count
  /** Each value's count and share of those who answered (null when suppressed). */
  values: { value: string | number; label: string; removed: boolean; count: Count; share: number | null }[]
  byGroup: CrossTab
  byChannel: CrossTab
  /** Hidden (null) beyond organizers when fewer than SMALL_CELL answered. */
  summary?: NumberSummary | null
}

export interface SurveyResults {
  /** Whether small cells are suppressed (anything shown beyond organizers). */
  shareable: boolean
  /** Respondents in all, per group (groups with any), per channel. */
  respondents: { total: Count; byGroup: Partial<Record<RespondentGroup, Count>>; byChannel: Record<Channel, Count> }
  questions: QuestionResult[]
}

/** Respondent counts as a one-line table, suppressed like any other when shareable. */
function respondentCounts(respondents: Tally, shareable: boolean): SurveyResults['respondents'] {
  const groups = RESPONDENT_GROUPS.filter((group) => respondents.byGroup[group] > 0)
  const values = [...groups.map((group) => respondents.byGroup[group]), ...CHANNELS.map((c) => respondents.byChannel[c]), respondents.total]
  const total = values.length - 1
  const lines: Line[] = [
    { parts: groups.map((_, i) => i), whole: total },
    { parts: CHANNELS.map((_, i) => groups.length + i), whole: total }
  ]
  const hidden = shareable ? hiddenSet(values, lines, SMALL_CELL, new Set()) : new Set<number>()
  const shown = (i: number): Count => (hidden.has(i) ? null : values[i])
  return {
    total: shown(total),
    byGroup: Object.fromEntries(groups.map((group, i) => [group, shown(i)])),
    byChannel: Object.fromEntries(CHANNELS.map((channel, i) => [channel, shown(groups.length + i)])) as Record<Channel, Count>
  }
}

/**
 * Results as the results page shows them. For organizers (`shareable: false`) every count is shown; for anything
 * beyond them, small cells are suppressed in both cross-tabs, consistently (a value total hidden in one is hidden in
 * the other), and shares are computed only from shown counts.
 */
export function shareableResults(stats: SurveyStats, { shareable }: { shareable: boolean }): SurveyResults {
  const questions = stats.questions.map((question): QuestionResult => {
    const additive = ADDITIVE.includes(question.type)
    let byGroup = crossTab(question, 'group')
    let byChannel = crossTab(question, 'channel')
    if (shareable) {
      // Suppress both until they agree on the shared totals (the hidden set only grows, so this ends).
      let forced: SharedHidden = { rows: new Set(), total: false }
      for (;;) {
        byGroup = suppressSmallCells(crossTab(question, 'group'), { additive, forced })
        byChannel = suppressSmallCells(crossTab(question, 'channel'), { additive, forced })
        const rows = new Set<number>()
        for (const tab of [byGroup, byChannel]) tab.rows.forEach((row, r) => row.total === null && rows.add(r))
        const total = byGroup.total === null || byChannel.total === null
        if (rows.size === forced.rows.size && total === forced.total) break
        forced = { rows, total }
      }
    }
    const answered = byGroup.total
    const result: QuestionResult = {
      questionId: question.questionId,
      title: question.title,
      type: question.type,
      removed: question.removed,
      answered,
      values: question.values.map((stat, r) => {
        const count = byGroup.rows[r].total
        return {
          value: stat.value,
          label: stat.label,
          removed: stat.removed,
          count,
          share: count === null || answered === null || answered === 0 ? null : count / answered
        }
      }),
      byGroup,
      byChannel
    }
    if (question.summary) result.summary = shareable && question.summary.count < SMALL_CELL ? null : question.summary
    return result
  })
  return { shareable, respondents: respondentCounts(stats.respondents, shareable), questions }
}
