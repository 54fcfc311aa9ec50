/**
 * 我的数据 in function `community` (issue 10's PII rules for issue 12's data): what each part of the community's life
 * keeps about the caller, and erasing it.
 *   myData        → {gridMembership, reports}
 *   deleteMyData  → {removed, anonymized, cancelled}
 *
 * 随手拍 reports describe a problem in a public place, and the centre counts them ("解决问题 60 余个"), so they stay,
 * anonymized: the reporter's openid becomes one anonymous id (core/erasure.ts), the words and photos go (the files
 * too). The grid-team application and the messages queued to the person are removed.
 *
 * Idempotent: what is anonymized no longer carries the openid, so a retry finds only what is left.
 */
import { randomBytes } from 'crypto'
import type { CommunityMyDataOutput, DeleteMyDataOutput } from '@core/api/mydata'
import { ERASED_PREFIX } from '@core/erasure'
import { gridCategoryName } from '@core/community/grid'
import { deleteStoredFiles, type ActionContext } from '../_shared'
import { store } from './repo'

type Ctx = ActionContext<Record<string, never>, 'user'>

export async function myData(ctx: Ctx): Promise<CommunityMyDataOutput> {
  const [membership, reports] = await Promise.all([store.get('gridMembers', ctx.openid), store.findAll('gridReports', { openid: ctx.openid })])
  return {
    gridMembership: membership ? { venueId: membership.venueId, outlet: membership.outlet, status: membership.status, appliedAt: membership.appliedAt } : null,
    reports: reports
      .sort((a, b) => b.createdAt - a.createdAt)
      .map((r) => ({ _id: r._id, category: gridCategoryName(r.category), text: r.text, status: r.status, createdAt: r.createdAt, photos: r.photos.length }))
  }
}

/** The caller's reports kept for the figures under one anonymous id, without their words or photos. */
async function anonymizeReports(ctx: Ctx): Promise<{ anonymized: number; photos: number }> {
  const reports = await store.findAll('gridReports', { openid: ctx.openid })
  if (reports.length === 0) return { anonymized: 0, photos: 0 }
  const photos = await deleteStoredFiles(reports.flatMap((r) => r.photos))
  const anonymous = `${ERASED_PREFIX}${randomBytes(12).toString('hex')}`
  await Promise.all(reports.map((r) => store.updateDoc('gridReports', r._id, { openid: anonymous, text: '', photos: [], updatedAt: ctx.now })))
  return { anonymized: reports.length, photos }
}

export async function deleteMyData(ctx: Ctx): Promise<DeleteMyDataOutput> {
  const { anonymized, photos } = await anonymizeReports(ctx)
  const [membership, messages] = await Promise.all([store.get('gridMembers', ctx.openid), store.findAll('notifications', { openid: ctx.openid }, { _id: true })])
  await Promise.all([
    ...(membership ? [store.removeDoc('gridMembers', ctx.openid)] : []),
    ...messages.map((m) => store.removeDoc('notifications', m._id))
  ])
  return { removed: (membership ? 1 : 0) + messages.length + photos, anonymized, cancelled: 0 }
}
