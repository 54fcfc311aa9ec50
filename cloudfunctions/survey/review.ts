/**
 * List review (core review.ts): the draft 需求/资源 entries that option tags filed on submit, per centre.
 *   reviewList    {venueId, list?} → {groups, items}: drafts grouped by taxonomy code with their counts by respondent
 *                 group and channel (counted by the database), and the centre's approved items, most demand first
 *   reviewDecide  {venueId, list, code, decision, …} → {decided, item?, code?, list}
 *     approve  the code's drafts become `approved` into the item listItemIdFor(venue, list, code) (made on first use)
 *     merge    the same, into an existing item of the same list
 *     recode   the drafts move to another code of the list, still to review
 *     reject   the drafts become `rejected`
 * Entries change by conditional updates on `status: 'draft'` and the item's counters grow by exactly what changed
 * (`stats.updated`): two organizers deciding at once never count an entry twice. An item counts people: a response
 * already counted in it (merged codes) is approved without counting again. Each decision leaves an `audit` entry.
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

/**
 * Draft entries counted by code, respondent group and channel — people, not entries: a response with two entries under
 * one code (after a recode) counts once. A page at a time (the platform answers 20 rows without a $limit).
 */
async function groupedDrafts(where: Where): Promise<CountRow<Omit<EntryCount, 'count'>>[]> {
  const $ = _.aggregate
  const out: CountRow<Omit<EntryCount, 'count'>>[] = []
  for (let skip = 0; ; skip += PAGE_SIZE) {
    const rows = await store.rows<CountRow<Omit<EntryCount, 'count'>>>(
      store
        .aggregate('listEntries')
        .match(where)
        .group({ _id: { list: '$list', code: '$code', group: '$group', channel: '$channel', responseId: '$responseId' } })
        .group({ _id: { list: '$_id.list', code: '$_id.code', group: '$_id.group', channel: '$_id.channel' }, count: $.sum(1) })
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
  const [rows, items] = await Promise.all([groupedDrafts(where), store.findAll('listItems', itemsWhere)])
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

/** The ids among `responseIds` that already count in `item` (through an approved entry). One request per 1000. */
async function countedIn(itemId: string, responseIds: readonly string[]): Promise<Set<string>> {
  const counted = new Set<string>()
  for (let i = 0; i < responseIds.length; i += PAGE_SIZE) {
    const chunk = responseIds.slice(i, i + PAGE_SIZE)
    const found = await store.findAll('listEntries', { itemId, status: 'approved', counted: true, responseId: _.in(chunk) }, { responseId: true })
    for (const entry of found) counted.add(entry.responseId)
  }
  return counted
}

/**
 * Approves the code's drafts into `item`, and grows the item by the people that adds: a response already counted in
 * the item (another of its codes was approved or merged there) is approved without counting again. The drafts are
 * flipped in buckets of one respondent group and channel, each conditional on still being a draft, and the item grows
 * by what the store says changed. Answers how many entries changed.
 */
async function approveInto(ctx: Ctx<ReviewDecideInput>, item: ListItemDoc): Promise<number> {
  const { venueId, list, code } = ctx.input
  const drafts = await store.findAll('listEntries', draftsOf(venueId, list, code), { _id: true, responseId: true, group: true, channel: true })
  const already = await countedIn(item._id, [...new Set(drafts.map((d) => d.responseId))])
  const buckets = new Map<string, { counted: boolean; group: RespondentGroup; channel: Channel; ids: string[] }>()
  for (const draft of drafts) {
    const counted = !already.has(draft.responseId)
    // A response counts once, however many of its entries are approved together.
    already.add(draft.responseId)
    const key = `${counted}:${draft.group}:${draft.channel}`
    const bucket = buckets.get(key) ?? { counted, group: draft.group, channel: draft.channel, ids: [] }
    bucket.ids.push(draft._id)
    buckets.set(key, bucket)
  }
  const byGroup = new Map<RespondentGroup, number>()
  const byChannel = new Map<Channel, number>()
  let decided = 0
  let demand = 0
  const decision = { status: 'approved', itemId: item._id, decidedBy: ctx.openid, decidedAt: ctx.now, updatedAt: ctx.now }
  for (const bucket of buckets.values()) {
    for (let i = 0; i < bucket.ids.length; i += PAGE_SIZE) {
      const changed = await store.update('listEntries', { _id: _.in(bucket.ids.slice(i, i + PAGE_SIZE)), status: 'draft' }, { ...decision, counted: bucket.counted })
      decided += changed
      if (!bucket.counted) continue
      demand += changed
      byGroup.set(bucket.group, (byGroup.get(bucket.group) ?? 0) + changed)
      byChannel.set(bucket.channel, (byChannel.get(bucket.channel) ?? 0) + changed)
    }
  }
  if (demand === 0) return decided
  const grow: Patch = { demand: _.inc(demand), updatedAt: ctx.now }
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
