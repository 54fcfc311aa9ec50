/**
 * 我的数据 in function `community` (issue 10's PII rules for issue 12's data): what each part of the community's life
 * keeps about the caller, and erasing it.
 *   myData        → {gridMembership, reports, districts, topicsRaised, votes, party}
 *   deleteMyData  → {removed, anonymized, cancelled}
 *
 * What stays, anonymized, is what the centre counts or what others took part in: 随手拍 reports describe a problem in a
 * public place ("解决问题 60 余个") and keep their category, place and outcome; a topic the person raised stays for the
 * members who discussed and voted on it. Their openid becomes one anonymous id (core/erasure.ts); a report loses its
 * words and photos (the files too), a topic its raiser's name. Everything else is removed: the grid-team application,
 * district memberships and ballots (a topic's tally already counts a ballot without its voter), the 组织关系
 * registrations with everything sealed in them, and the messages queued to the person.
 *
 * Idempotent: what is anonymized no longer carries the openid, so a retry finds only what is left.
 */
import { randomBytes } from 'crypto'
import type { CommunityMyDataOutput, DeleteMyDataOutput } from '@core/api/mydata'
import { ERASED_PREFIX } from '@core/erasure'
import { gridCategoryName } from '@core/community/grid'
import { _, deleteStoredFiles, type ActionContext } from '../_shared'
import { myParty } from './party'
import { store } from './repo'

type Ctx = ActionContext<Record<string, never>, 'user'>

/** Someone who raised a topic and then erased their data, as the topic names them. */
const ERASED_RAISER = '商圈成员'

async function votesOf(openid: string): Promise<CommunityMyDataOutput['votes']> {
  const votes = await store.findAll('deliberationVotes', { openid })
  if (votes.length === 0) return []
  const topics = await store.findAll('deliberationTopics', { _id: _.in([...new Set(votes.map((v) => v.topicId))]) })
  const byId = new Map(topics.map((t) => [t._id, t]))
  return votes
    .sort((a, b) => b.createdAt - a.createdAt)
    .map((v) => {
      const topic = byId.get(v.topicId)
      return { topicId: v.topicId, topic: topic?.title ?? '', proposal: topic?.proposals?.find((p) => p.id === v.proposalId)?.title ?? '', at: v.createdAt }
    })
}

export async function myData(ctx: Ctx): Promise<CommunityMyDataOutput> {
  const { openid } = ctx
  const [membership, reports, districts, raised, votes, party] = await Promise.all([
    store.get('gridMembers', openid),
    store.findAll('gridReports', { openid }),
    store.findAll('deliberationMembers', { openid }),
    store.findAll('deliberationTopics', { openid }),
    votesOf(openid),
    myParty({ ...ctx, input: {} })
  ])
  return {
    gridMembership: membership ? { venueId: membership.venueId, outlet: membership.outlet, status: membership.status, appliedAt: membership.appliedAt } : null,
    reports: reports
      .sort((a, b) => b.createdAt - a.createdAt)
      .map((r) => ({ _id: r._id, category: gridCategoryName(r.category), text: r.text, status: r.status, createdAt: r.createdAt, photos: r.photos.length })),
    districts: districts.map((m) => ({ venueId: m.venueId, kind: m.kind, name: m.name, status: m.status })),
    topicsRaised: raised.sort((a, b) => b.createdAt - a.createdAt).map((t) => ({ _id: t._id, title: t.title, status: t.status, createdAt: t.createdAt })),
    votes,
    party: party.items
  }
}

/** The caller's reports and topics kept under one anonymous id: reports without their words or photos. */
async function anonymize(ctx: Ctx): Promise<{ anonymized: number; photos: number }> {
  const [reports, topics] = await Promise.all([
    store.findAll('gridReports', { openid: ctx.openid }),
    store.findAll('deliberationTopics', { openid: ctx.openid }, { _id: true })
  ])
  if (reports.length + topics.length === 0) return { anonymized: 0, photos: 0 }
  const photos = await deleteStoredFiles(reports.flatMap((r) => r.photos))
  const anonymous = `${ERASED_PREFIX}${randomBytes(12).toString('hex')}`
  await Promise.all([
    ...reports.map((r) => store.updateDoc('gridReports', r._id, { openid: anonymous, text: '', photos: [], updatedAt: ctx.now })),
    ...topics.map((t) => store.updateDoc('deliberationTopics', t._id, { openid: anonymous, raisedByName: ERASED_RAISER, updatedAt: ctx.now }))
  ])
  return { anonymized: reports.length + topics.length, photos }
}

export async function deleteMyData(ctx: Ctx): Promise<DeleteMyDataOutput> {
  const { openid } = ctx
  const { anonymized, photos } = await anonymize(ctx)
  const [membership, districts, votes, registrations, messages] = await Promise.all([
    store.get('gridMembers', openid),
    store.findAll('deliberationMembers', { openid }, { _id: true }),
    store.findAll('deliberationVotes', { openid }, { _id: true }),
    store.findAll('partyRegistrations', { openid }, { _id: true }),
    store.findAll('notifications', { openid }, { _id: true })
  ])
  await Promise.all([
    ...(membership ? [store.removeDoc('gridMembers', openid)] : []),
    ...districts.map((d) => store.removeDoc('deliberationMembers', d._id)),
    ...votes.map((v) => store.removeDoc('deliberationVotes', v._id)),
    ...registrations.map((r) => store.removeDoc('partyRegistrations', r._id)),
    ...messages.map((m) => store.removeDoc('notifications', m._id))
  ])
  const removed = (membership ? 1 : 0) + districts.length + votes.length + registrations.length + messages.length + photos
  return { removed, anonymized, cancelled: 0 }
}
