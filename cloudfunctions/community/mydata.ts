/**
 * 我的数据 in function `community` (issue 10's PII rules for issue 12's data): what each part of the community's life
 * keeps about the caller, and erasing it.
 *   myData        → {gridMembership, reports, districts, topicsRaised, votes, starRider, starScores, starAwards, party}
 *   deleteMyData  → {removed, anonymized, cancelled}
 *
 * What stays, anonymized, is what the centre counts or what others took part in: 随手拍 reports describe a problem in a
 * public place ("解决问题 60 余个") and keep their category, place and outcome; a topic the person raised stays for the
 * members who discussed and voted on it; a month's 骑士之星 stays on the centre's wall. Their openid becomes one
 * anonymous id (core/erasure.ts); a report loses its words and photos (the files too), a topic its raiser's name, an
 * award the rider's name and station. Everything else is removed: the grid-team application, the 骑士之星 rider
 * record and its scores,
 * district memberships and ballots (a topic's tally already counts a ballot without its voter), the 组织关系
 * registrations with everything sealed in them, and the messages queued to the person. The organizers' audit entries
 * about what was removed stay, pointing at the anonymous id, and so do a scorer's scores and the riders they managed.
 *
 * Idempotent: what is anonymized no longer carries the openid, so a retry finds only what is left.
 */
import { randomBytes } from 'crypto'
import type { CommunityMyDataOutput, DeleteMyDataOutput } from '@core/api/mydata'
import { ERASED_PREFIX } from '@core/erasure'
import { gridCategoryName } from '@core/community/grid'
import { PARTY_KINDS, partyRegistrationId } from '@core/community/party'
import { _, deleteStoredFiles, type ActionContext } from '../_shared'
import { myParty } from './party'
import { store } from './repo'

type Ctx = ActionContext<Record<string, never>, 'user'>

/** Someone who raised a topic and then erased their data, as the topic names them. */
const ERASED_RAISER = '商圈成员'
/** A 骑士之星 who erased their data, as the centre's wall names them. */
const ERASED_STAR = '一名骑手'

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
  const [membership, reports, districts, raised, votes, starRider, starScores, starAwards, party] = await Promise.all([
    store.get('gridMembers', openid),
    store.findAll('gridReports', { openid }),
    store.findAll('deliberationMembers', { openid }),
    store.findAll('deliberationTopics', { openid }),
    votesOf(openid),
    store.get('starRiders', openid),
    store.findAll('starScores', { openid }),
    store.findAll('starAwards', { openid }),
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
    starRider: starRider ? { venueId: starRider.venueId, name: starRider.name, station: starRider.station } : null,
    starScores: starScores.sort((a, b) => b.month.localeCompare(a.month)).map((s) => ({ month: s.month, side: s.side, total: s.total })),
    starAwards: starAwards.sort((a, b) => b.month.localeCompare(a.month)).map((a) => ({ venueId: a.venueId, month: a.month, index: a.index, citation: a.citation })),
    party: party.items
  }
}

/** The caller's reports, topics and awards kept under one anonymous id: reports without their words or photos. */
async function anonymize(ctx: Ctx, anonymous: string): Promise<{ anonymized: number; photos: number }> {
  const [reports, topics, awards] = await Promise.all([
    store.findAll('gridReports', { openid: ctx.openid }),
    store.findAll('deliberationTopics', { openid: ctx.openid }, { _id: true }),
    store.findAll('starAwards', { openid: ctx.openid }, { _id: true })
  ])
  if (reports.length + topics.length + awards.length === 0) return { anonymized: 0, photos: 0 }
  const photos = await deleteStoredFiles(reports.flatMap((r) => r.photos))
  await Promise.all([
    ...reports.map((r) => store.updateDoc('gridReports', r._id, { openid: anonymous, text: '', photos: [], updatedAt: ctx.now })),
    ...topics.map((t) => store.updateDoc('deliberationTopics', t._id, { openid: anonymous, raisedByName: ERASED_RAISER, updatedAt: ctx.now })),
    ...awards.map((a) => store.updateDoc('starAwards', a._id, { openid: anonymous, riderId: anonymous, name: ERASED_STAR, station: '' }))
  ])
  return { anonymized: reports.length + topics.length + awards.length, photos }
}

/**
 * What others' records say of the person points at the anonymous id instead. Organizer writes stay accountable (who
 * approved an application, scored a rider, opened a registration) but name no one: their entries about the records
 * removed below are repointed, before the removal, so a retry still finds what to repoint; the records' ids are the
 * person's own (their openid is in them), so they go too. A 骑士之星 scorer's part stays in the riders' records the
 * same way: the scores they gave (which count in the riders' 先锋指数) say the anonymous id scored them, and the
 * riders they managed name it as their station manager, whom nobody can sign in as, until the centre names a new one.
 */
async function repointReferences(ctx: Ctx, targets: readonly string[], anonymous: string): Promise<void> {
  const { openid, now } = ctx
  await Promise.all([
    store.update('audit', { target: _.in([...targets]) }, { target: `erased/${anonymous}` }),
    store.update('audit', { 'detail.riderId': openid }, { 'detail.riderId': anonymous }),
    store.update('starScores', { scoredBy: openid }, { scoredBy: anonymous }),
    store.update('starRiders', { stationManager: openid }, { stationManager: anonymous, updatedAt: now })
  ])
}

export async function deleteMyData(ctx: Ctx): Promise<DeleteMyDataOutput> {
  const { openid } = ctx
  const anonymous = `${ERASED_PREFIX}${randomBytes(12).toString('hex')}`
  const { anonymized, photos } = await anonymize(ctx, anonymous)
  const [membership, starRider, starScores, districts, votes, registrations, messages] = await Promise.all([
    store.get('gridMembers', openid),
    store.get('starRiders', openid),
    store.findAll('starScores', { openid }, { _id: true }),
    store.findAll('deliberationMembers', { openid }, { _id: true }),
    store.findAll('deliberationVotes', { openid }, { _id: true }),
    store.findAll('partyRegistrations', { openid }, { _id: true }),
    store.findAll('notifications', { openid }, { _id: true })
  ])
  await repointReferences(
    ctx,
    [
      `gridMembers/${openid}`,
      ...PARTY_KINDS.map((kind) => `partyRegistrations/${partyRegistrationId(kind, openid)}`),
      ...starScores.map((s) => `starScores/${s._id}`),
      ...districts.map((d) => `deliberationMembers/${d._id}`)
    ],
    anonymous
  )
  await Promise.all([
    ...(membership ? [store.removeDoc('gridMembers', openid)] : []),
    ...(starRider ? [store.removeDoc('starRiders', openid)] : []),
    ...starScores.map((s) => store.removeDoc('starScores', s._id)),
    ...districts.map((d) => store.removeDoc('deliberationMembers', d._id)),
    ...votes.map((v) => store.removeDoc('deliberationVotes', v._id)),
    ...registrations.map((r) => store.removeDoc('partyRegistrations', r._id)),
    ...messages.map((m) => store.removeDoc('notifications', m._id))
  ])
  const removed = (membership ? 1 : 0) + (starRider ? 1 : 0) + starScores.length + districts.length + votes.length + registrations.length + messages.length + photos
  return { removed, anonymized, cancelled: 0 }
}
