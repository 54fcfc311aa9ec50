/**
 * List review (core review.ts): the draft 需求/资源 entries that option tags filed on submit, per centre.
 *   reviewList    {venueId, list?} → {groups, items}: drafts grouped by taxonomy code with their counts by respondent
 *                 group and channel (counted by the database), and the centre's approved items, most demand first
 *   reviewDecide  {venueId, list, code, decision, …} → {decided, item?, code?, list}
 *     approve  the code's drafts become `approved` into the item listItemIdFor(venue, list, code) (made on first use)
 *     merge    the same, into an existing item of the same list
 *     recode   the drafts move to another code of the list, still to review
 *     reject   the drafts become `rejected`
 * Every entry changes by a conditional update on `status: 'draft'`, one per respondent group and channel, and the
 * item's counters grow by exactly what changed (`stats.updated`): two organizers deciding at once, or an entry filed
 * while deciding, never count an entry twice or not at all. Each decision leaves an `audit` entry.
 */
import type { ReviewDecideInput, ReviewDecideOutput, ReviewListInput, ReviewListOutput } from '@core/api/survey'
import { DomainError } from '@core/api/result'
import { listItemIdFor, newListItem, reviewGroups, type Channel, type EntryCount, type EntryList, type ListItemDoc, type RespondentGroup } from '@core/survey'
import { _, audit, isDuplicateKeyError, PAGE_SIZE, requireVenue, type Patch, type Where } from '../_shared'
import type { Ctx } from './manage'
import { store } from './repo'

interface CountRow<K> {
  _id: K
  count: number
}

type Cell = { group: RespondentGroup; channel: Channel }

/** Runs a grouping of draft entries a page at a time (the platform answers 20 rows without a $limit). */
async function groupedDrafts<K>(where: Where, key: Record<string, string>): Promise<CountRow<K>[]> {
  const $ = _.aggregate
  const out: CountRow<K>[] = []
  for (let skip = 0; ; skip += PAGE_SIZE) {
    const rows = await store.rows<CountRow<K>>(
      store
        .aggregate('listEntries')
        .match(where)
        .group({ _id: key, count: $.sum(1) })
        .sort({ _id: 1 })
        .skip(skip)
        .limit(PAGE_SIZE)
    )
    out.push(...rows)
    if (rows.length < PAGE_SIZE) return out
  }
}

export async function reviewList(ctx: Ctx<ReviewListInput>): Promise<ReviewListOutput> {
  const { venueId, list } = ctx.input
  requireVenue(ctx.user, venueId, 'venueId')
  const where: Where = { venueId, status: 'draft' }
  if (list !== undefined) where.list = list
  const itemsWhere: Where = { venueId }
  if (list !== undefined) itemsWhere.list = list
  const [rows, items] = await Promise.all([
    groupedDrafts<Omit<EntryCount, 'count'>>(where, { list: '$list', code: '$code', group: '$group', channel: '$channel' }),
    store.findAll('listItems', itemsWhere)
  ])
  const counts: EntryCount[] = rows.map((row) => ({ ...row._id, count: row.count }))
  return { groups: reviewGroups(counts), items: items.sort((a, b) => b.demand - a.demand || a.code.localeCompare(b.code)) }
}

/** The draft entries of one code of a centre's list: what a decision acts on. */
const draftsOf = (venueId: string, list: EntryList, code: string): Where => ({ venueId, list, code, status: 'draft' })

/** The item for a code, made on its first approval (a concurrent first approval finds the other's). */
async function itemFor(ctx: Ctx<ReviewDecideInput>): Promise<ListItemDoc> {
  const { venueId, list, code, title } = ctx.input
  const fresh = newListItem(venueId, list, code, title, ctx.openid, ctx.now)
  try {
    await store.insert('listItems', fresh)
    return fresh
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err
  }
  if (title !== undefined) await store.updateDoc('listItems', fresh._id, { title, updatedAt: ctx.now })
  const stored = await store.get('listItems', fresh._id)
  if (!stored) throw new DomainError('CONFLICT', '清单条目刚被删除，请刷新后再试')
  return stored
}

/** Approves the code's drafts into `item`, cell by cell, and grows the item by what changed. Answers how many. */
async function approveInto(ctx: Ctx<ReviewDecideInput>, item: ListItemDoc): Promise<number> {
  const { venueId, list, code } = ctx.input
  const scope = draftsOf(venueId, list, code)
  const cells = await groupedDrafts<Cell>(scope, { group: '$group', channel: '$channel' })
  const byGroup = new Map<RespondentGroup, number>()
  const byChannel = new Map<Channel, number>()
  let decided = 0
  for (const { _id: cell } of cells) {
    const changed = await store.update(
      'listEntries',
      { ...scope, group: cell.group, channel: cell.channel },
      { status: 'approved', itemId: item._id, decidedBy: ctx.openid, decidedAt: ctx.now, updatedAt: ctx.now }
    )
    decided += changed
    byGroup.set(cell.group, (byGroup.get(cell.group) ?? 0) + changed)
    byChannel.set(cell.channel, (byChannel.get(cell.channel) ?? 0) + changed)
  }
  if (decided === 0) return 0
  const grow: Patch = { demand: _.inc(decided), updatedAt: ctx.now }
  for (const [group, n] of byGroup) if (n > 0) grow[`byGroup.${group}`] = _.inc(n)
  for (const [channel, n] of byChannel) if (n > 0) grow[`byChannel.${channel}`] = _.inc(n)
  await store.updateDoc('listItems', item._id, grow)
  return decided
}

export async function reviewDecide(ctx: Ctx<ReviewDecideInput>): Promise<ReviewDecideOutput> {
  const { venueId, list, code, decision } = ctx.input
  requireVenue(ctx.user, venueId, 'venueId')
  const scope = draftsOf(venueId, list, code)
  const target = `listEntries/${listItemIdFor(venueId, list, code)}`
  switch (decision) {
    case 'recode': {
      const toCode = ctx.input.toCode as string
      const decided = await store.update('listEntries', scope, { code: toCode, recodedFrom: code, updatedAt: ctx.now })
      await audit(ctx, 'reviewDecide', target, { decision, toCode, decided })
      return { decided, code: toCode, list }
    }
    case 'reject': {
      const reason = ctx.input.reason
      const decided = await store.update('listEntries', scope, {
        status: 'rejected',
        decidedBy: ctx.openid,
        decidedAt: ctx.now,
        ...(reason === undefined || reason === '' ? {} : { rejectReason: reason }),
        updatedAt: ctx.now
      })
      await audit(ctx, 'reviewDecide', target, { decision, decided, reason: reason ?? '' })
      return { decided, list }
    }
    case 'approve':
    case 'merge': {
      let item: ListItemDoc
      if (decision === 'merge') {
        const found = await store.get('listItems', ctx.input.itemId as string)
        if (!found || found.venueId !== venueId) throw new DomainError('NOT_FOUND', '要合并到的清单条目不存在', 'itemId')
        if (found.list !== list) throw new DomainError('INVALID_INPUT', '只能合并到同一张清单里的条目', 'itemId')
        item = found
      } else {
        item = await itemFor(ctx)
      }
      const decided = await approveInto(ctx, item)
      await audit(ctx, 'reviewDecide', target, { decision, decided, itemId: item._id })
      return { decided, item: (await store.get('listItems', item._id)) ?? item, list }
    }
  }
}
