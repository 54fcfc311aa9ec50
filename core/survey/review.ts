/**
 * List review: the draft 需求 / 资源 entries that tags produced, grouped by taxonomy code with their counts and groups
 * ("法律咨询 · 41 人 · 外卖骑手 29"), and what an organizer's decision does with a group. Approved groups become the
 * centre's 需求清单 / 资源清单 items with their demand counts, which the matching issue consumes.
 *
 * The counting happens in the database: `match {venueId, status: 'draft'} → group {_id: {list, code, group,
 * channel}, count: sum(1)}` gives `EntryCount` rows; `reviewGroups` reduces them. Decisions:
 *   approve  the group's draft entries become `approved` into the item `listItemIdFor(venue, list, code)` (created on
 *            first approval, titled by the organizer or by the taxonomy), whose demand grows by their counts
 *   recode   the entries move to another code of the same list and stay drafts (they regroup for review)
 *   merge    the entries are approved into an existing item of the same list (e.g. 夜间法律咨询 absorbs LEGAL_LABOR)
 *   reject   the entries become `rejected` (not a need or resource the centre takes on)
 * Each entry changes with a conditional update on `status: 'draft'`, and the item's counts grow by what actually
 * changed (`stats.updated`), so two organizers deciding at once cannot count an entry twice.
 */
import { CHANNELS, type Channel } from './definition'
import { RESPONDENT_GROUP_LABELS, RESPONDENT_GROUPS, type RespondentGroup } from './respondent'
import { ENTRY_LIST_LABELS, ENTRY_LISTS, taxonomyEntry, taxonomyLabel, type EntryList } from './taxonomy'

export const REVIEW_DECISIONS = ['approve', 'recode', 'merge', 'reject'] as const
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number]
export const REVIEW_DECISION_LABELS: Record<ReviewDecision, string> = {
  approve: '通过',
  recode: '改分类',
  merge: '合并',
  reject: '不采纳'
}

/** One row of the review pipeline. */
export interface EntryCount {
  list: EntryList
  code: string
  group: RespondentGroup
  channel: Channel
  count: number
}

export interface ReviewGroup {
  list: EntryList
  code: string
  /** '法律咨询 · 劳动纠纷' */
  name: string
  /** Draft entries, one per response: the people who asked (or offered). */
  count: number
  /** Largest group first; groups without entries left out. */
  byGroup: { group: RespondentGroup; label: string; count: number }[]
  byChannel: Record<Channel, number>
  /** '法律咨询 · 41 人 · 外卖骑手 29' */
  summary: string
}

/** The line a review list shows for a group: name, people, and the largest respondent group. */
export function reviewSummary(name: string, count: number, byGroup: readonly { label: string; count: number }[], list: EntryList = 'need'): string {
  const unit = list === 'need' ? '人' : '条'
  const top = byGroup[0]
  return top && top.count < count ? `${name} · ${count} ${unit} · ${top.label} ${top.count}` : `${name} · ${count} ${unit}`
}

/** Groups by list (needs first), then most entries first, then code. */
export function reviewGroups(rows: readonly EntryCount[]): ReviewGroup[] {
  const groups = new Map<string, { list: EntryList; code: string; count: number; byGroup: Map<RespondentGroup, number>; byChannel: Record<Channel, number> }>()
  for (const row of rows) {
    const key = `${row.list}:${row.code}`
    let group = groups.get(key)
    if (!group) {
      group = {
        list: row.list,
        code: row.code,
        count: 0,
        byGroup: new Map(),
        byChannel: Object.fromEntries(CHANNELS.map((channel) => [channel, 0])) as Record<Channel, number>
      }
      groups.set(key, group)
    }
    group.count += row.count
    group.byGroup.set(row.group, (group.byGroup.get(row.group) ?? 0) + row.count)
    if (Object.prototype.hasOwnProperty.call(group.byChannel, row.channel)) group.byChannel[row.channel] += row.count
  }
  return [...groups.values()]
    .map((group): ReviewGroup => {
      const name = taxonomyLabel(group.code)
      const byGroup = RESPONDENT_GROUPS.filter((g) => (group.byGroup.get(g) ?? 0) > 0)
        .map((g) => ({ group: g, label: RESPONDENT_GROUP_LABELS[g], count: group.byGroup.get(g) ?? 0 }))
        .sort((a, b) => b.count - a.count)
      return { list: group.list, code: group.code, name, count: group.count, byGroup, byChannel: group.byChannel, summary: reviewSummary(name, group.count, byGroup, group.list) }
    })
    .sort((a, b) => ENTRY_LISTS.indexOf(a.list) - ENTRY_LISTS.indexOf(b.list) || b.count - a.count || a.code.localeCompare(b.code))
}

/** An item of the centre's 需求清单 / 资源清单, built from approved entries. */
export interface ListItemDoc {
  /** listItemIdFor(venueId, list, code). */
  _id: string
  venueId: string
  list: EntryList
  code: string
  /** The organizer's title ('夜间法律咨询'), or the taxonomy name. */
  title: string
  /** Approved entries: people who asked for it (need) or offers of it (resource). */
  demand: number
  byGroup: Record<RespondentGroup, number>
  byChannel: Record<Channel, number>
  createdBy: string
  createdAt: number
  updatedAt: number
}

export const listItemIdFor = (venueId: string, list: EntryList, code: string): string => `${venueId}-${list}-${code}`

/** A new, empty item (counts grow with `_.inc` as entries are approved into it). */
export function newListItem(venueId: string, list: EntryList, code: string, title: string | undefined, by: string, now: number): ListItemDoc {
  return {
    _id: listItemIdFor(venueId, list, code),
    venueId,
    list,
    code,
    title: title ?? taxonomyLabel(code),
    demand: 0,
    byGroup: Object.fromEntries(RESPONDENT_GROUPS.map((group) => [group, 0])) as Record<RespondentGroup, number>,
    byChannel: Object.fromEntries(CHANNELS.map((channel) => [channel, 0])) as Record<Channel, number>,
    createdBy: by,
    createdAt: now,
    updatedAt: now
  }
}

/** Why a recode or merge target does not fit the group (another list, unknown code, itself); undefined when it fits. */
export function targetProblem(list: EntryList, code: string, targetCode: string): string | undefined {
  const target = taxonomyEntry(targetCode)
  if (!target) return `分类 ${targetCode} 不存在`
  if (target.list !== list) return `只能改成${ENTRY_LIST_LABELS[list]}类的分类`
  if (targetCode === code) return '新分类和原分类相同'
  return undefined
}
