/**
 * 商圈协商议事 (issue 12), the rules in core/community/deliberation.ts:
 *   anyone      topics, topic (the caller's ballot and membership when signed in)
 *   signed in   joinDistrict, myDistrict; a member raiseTopic, vote
 *   organizer   districtMembers, decideMember, scheduleMeeting, openVoting, closeVoting, publishDecision, addFollowUp
 *               — of the centres they manage (requireVenue on what they act on), each write audited
 *
 * A ballot is an insert under `<topicId>_<openid>`, so a double tap or a race inserts one; the vote is then counted on
 * the topic by a conditional increment that holds only while the topic is voting, so a ballot arriving as voting
 * closes is either counted before the close froze the counts, or taken back and refused. Closing flips the status
 * and reads the counts in one request (updateAndReturn), so the tally stored is exactly what was counted.
 *
 * Opening voting and publishing the decision message the district's approved members through the `notifications`
 * queue, after the topic's write: a notice for a change that a conflict refused would be false. Each notice's id is the
 * topic's, the step's and the member's, and the step asked again with the same particulars is recognised (core
 * votingOpenedAs, decidedAs), so a retry after a call cut off between the write and the notices queues the missing
 * ones — and the audit entry, if that was missing too — and queues none twice. The fan-out is bounded: one read of
 * at most NOTICE_FANOUT members and one batch insert, two requests whatever the district's size. A district's
 * deliberating members are its working team (the seed's 五里铺 counts 2,425 商户, but those who join the 议事 are far
 * fewer); past the bound, members see the change on the 商圈议事 page, and the answer says how many were messaged.
 */
import type {
  AddFollowUpInput,
  CloseVotingInput,
  DecideMemberInput,
  DistrictMembersInput,
  DistrictMembersOutput,
  JoinDistrictInput,
  JoinDistrictOutput,
  MemberOutput,
  MyDistrictInput,
  MyDistrictOutput,
  OpenVotingInput,
  PublishDecisionInput,
  RaiseTopicInput,
  ScheduleMeetingInput,
  TopicInput,
  TopicOutput,
  TopicsInput,
  TopicsOutput,
  TopicStepOutput,
  VoteInput,
  VoteOutput
} from '@core/api/community'
import { DomainError } from '@core/api/result'
import {
  checkBallot,
  decidedAs,
  memberIdFor,
  memberView,
  proposalsFrom,
  requireMember,
  stepTo,
  tallyOf,
  topicView,
  voteIdFor,
  votingOpenedAs,
  type MemberDoc,
  type TopicDoc
} from '@core/community/deliberation'
import { formatDateTime } from '@core/time'
import { _, audit, isDuplicateKeyError, messageDoc, queueMessages, requireShownTextsSafe, requireVenue, venueCondition, type ActionContext, type Where } from '../_shared'
import { store } from './repo'

type Public<I> = ActionContext<I, 'public'>
type User<I> = ActionContext<I, 'user'>
type Organizer<I> = ActionContext<I, 'organizer'>

const TOPIC_NOT_FOUND = '没有找到这个议题'
const CHANGED = '议题刚被其他人更新过，请刷新后再试'
/** The most members one change messages (see the header). */
const NOTICE_FANOUT = 1000
/** Topics a list shows: a district's open and recent ones. */
const TOPICS_PAGE = 50

async function loadTopic(topicId: string): Promise<TopicDoc> {
  const topic = await store.get('deliberationTopics', topicId)
  if (!topic) throw new DomainError('NOT_FOUND', TOPIC_NOT_FOUND, 'topicId')
  return topic
}

/** The topic, in a centre the organizer manages. */
async function managedTopic(ctx: Organizer<{ topicId: string }>): Promise<TopicDoc> {
  const topic = await loadTopic(ctx.input.topicId)
  requireVenue(ctx.user, topic.venueId, 'topicId')
  return topic
}

/** Writes `patch` only if the topic is still where the step starts; CONFLICT if someone moved it meanwhile. */
async function moveTopic(topic: TopicDoc, patch: Partial<TopicDoc>, now: number): Promise<TopicDoc> {
  const next: TopicDoc = { ...topic, ...patch, updatedAt: now }
  const written = await store.update('deliberationTopics', { _id: topic._id, status: topic.status, updatedAt: topic.updatedAt }, { ...patch, updatedAt: now })
  if (written === 0) throw new DomainError('CONFLICT', CHANGED)
  return next
}

export async function joinDistrict(ctx: User<JoinDistrictInput>): Promise<JoinDistrictOutput> {
  const { input, openid, now } = ctx
  const _id = memberIdFor(input.venueId, openid)
  const [venue, earlier] = await Promise.all([store.get('venues', input.venueId), store.get('deliberationMembers', _id)])
  if (!venue) throw new DomainError('NOT_FOUND', '没有这个商圈', 'venueId')
  if (earlier && earlier.status !== 'rejected') return { member: memberView(earlier), replayed: true }
  // The name stands beside what the member raises, for the whole district to read.
  await requireShownTextsSafe([{ field: 'name', label: '商户/企业名或姓名', text: input.name }], openid, 1)
  const application: Omit<MemberDoc, '_id'> = { openid, venueId: input.venueId, kind: input.kind, name: input.name, status: 'pending', createdAt: now, updatedAt: now }
  // A turned-down applicant may apply again: the same key, written whole.
  await store.setDoc('deliberationMembers', _id, application)
  return { member: memberView({ _id, ...application }), replayed: false }
}

export async function myDistrict(ctx: User<MyDistrictInput>): Promise<MyDistrictOutput> {
  const memberships = await store.findAll('deliberationMembers', { openid: ctx.openid })
  return { memberships: memberships.map(memberView) }
}

export async function topics(ctx: Public<TopicsInput>): Promise<TopicsOutput> {
  const where: Where = {}
  if (ctx.input.venueId !== undefined) where.venueId = ctx.input.venueId
  if (ctx.input.status !== undefined) where.status = ctx.input.status
  const items = await store.find('deliberationTopics', where, { orderBy: ['updatedAt', 'desc'], limit: TOPICS_PAGE })
  return { items: items.map(topicView) }
}

export async function topic(ctx: Public<TopicInput>): Promise<TopicOutput> {
  const { openid } = ctx
  const found = await loadTopic(ctx.input.topicId)
  if (openid === null) return { topic: topicView(found) }
  const [vote, member] = await Promise.all([
    store.get('deliberationVotes', voteIdFor(found._id, openid)),
    store.get('deliberationMembers', memberIdFor(found.venueId, openid))
  ])
  return { topic: topicView(found), ...(vote ? { myVote: vote.proposalId } : {}), ...(member ? { membership: memberView(member) } : {}) }
}

export async function raiseTopic(ctx: User<RaiseTopicInput>): Promise<TopicStepOutput> {
  const { input, openid, now } = ctx
  const member = requireMember(await store.get('deliberationMembers', memberIdFor(input.venueId, openid)), input.venueId, 'venueId')
  await requireShownTextsSafe(
    [
      { field: 'title', label: '议题', text: input.title },
      { field: 'description', label: '议题说明', text: input.description }
    ],
    openid,
    3
  )
  const draft: Omit<TopicDoc, '_id'> = {
    venueId: input.venueId,
    openid,
    raisedByName: member.name,
    raisedByKind: member.kind,
    title: input.title,
    description: input.description,
    status: 'raised',
    followUps: [],
    createdAt: now,
    updatedAt: now
  }
  const _id = await store.insert('deliberationTopics', draft)
  return { topic: topicView({ _id, ...draft }) }
}

export async function vote(ctx: User<VoteInput>): Promise<VoteOutput> {
  const { input, openid, now } = ctx
  const found = await loadTopic(input.topicId)
  requireMember(await store.get('deliberationMembers', memberIdFor(found.venueId, openid)), found.venueId, 'topicId')
  checkBallot(found, input.proposalId, now)
  const _id = voteIdFor(found._id, openid)
  try {
    await store.insert('deliberationVotes', { _id, topicId: found._id, venueId: found.venueId, openid, proposalId: input.proposalId, createdAt: now })
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err
    const cast = await store.get('deliberationVotes', _id)
    if (cast?.proposalId === input.proposalId) return { proposalId: cast.proposalId, replayed: true }
    throw new DomainError('CONFLICT', '你已经投过票了，每人一票，投出即定', 'proposalId')
  }
  const counted = await store.update('deliberationTopics', { _id: found._id, status: 'voting' }, { [`votes.${input.proposalId}`]: _.inc(1) })
  if (counted === 0) {
    // Voting closed between the check and the count: the ballot is taken back, as if it came a moment later.
    await store.removeDoc('deliberationVotes', _id)
    throw new DomainError('CONFLICT', '投票已截止，等待组织者计票公布')
  }
  return { proposalId: input.proposalId, replayed: false }
}

export async function districtMembers(ctx: Organizer<DistrictMembersInput>): Promise<DistrictMembersOutput> {
  const where: Where = { venueId: venueCondition(ctx.user, ctx.input.venueId) }
  if (ctx.input.status !== undefined) where.status = ctx.input.status
  const items = await store.findAll('deliberationMembers', where)
  return { items: items.sort((a, b) => b.createdAt - a.createdAt).map(memberView) }
}

export async function decideMember(ctx: Organizer<DecideMemberInput>): Promise<MemberOutput> {
  const { input, now } = ctx
  const member = await store.get('deliberationMembers', input.memberId)
  if (!member) throw new DomainError('NOT_FOUND', '没有找到这份入会申请', 'memberId')
  requireVenue(ctx.user, member.venueId, 'memberId')
  const note = input.note?.trim()
  await requireShownTextsSafe([{ field: 'note', label: '说明', text: note }], ctx.openid)
  const patch = { status: input.approve ? ('approved' as const) : ('rejected' as const), decidedAt: now, updatedAt: now, ...(note ? { note } : {}) }
  const written = await store.update('deliberationMembers', { _id: member._id, updatedAt: member.updatedAt }, patch)
  if (written === 0) throw new DomainError('CONFLICT', '这份申请刚被处理过，请刷新后再看')
  await audit(ctx, 'decideMember', `deliberationMembers/${member._id}`, { approve: input.approve, ...(note ? { note } : {}) })
  return { member: memberView({ ...member, ...patch }) }
}

export async function scheduleMeeting(ctx: Organizer<ScheduleMeetingInput>): Promise<TopicStepOutput> {
  const { input, now } = ctx
  const found = await managedTopic(ctx)
  const status = stepTo(found.status, 'schedule')
  if (input.meetingAt <= now) throw new DomainError('INVALID_INPUT', '议事会时间要晚于现在', 'meetingAt')
  await requireShownTextsSafe([{ field: 'place', label: '议事地点', text: input.place }], ctx.openid)
  const next = await moveTopic(found, { status, meeting: { at: input.meetingAt, place: input.place } }, now)
  await audit(ctx, 'scheduleMeeting', `deliberationTopics/${found._id}`, { meetingAt: input.meetingAt, place: input.place })
  return { topic: topicView(next) }
}

export async function openVoting(ctx: Organizer<OpenVotingInput>): Promise<TopicStepOutput> {
  const { input, now } = ctx
  const found = await managedTopic(ctx)
  const proposals = proposalsFrom(input.proposals)
  // Asked again once taken (the header): finished, not refused.
  const retried = votingOpenedAs(found, proposals, input.closesAt)
  const status = retried ? found.status : stepTo(found.status, 'openVoting')
  if (input.closesAt <= now) throw new DomainError('INVALID_INPUT', '投票截止时间要晚于现在', 'closesAt')
  let next = found
  if (!retried) {
    await requireShownTextsSafe(
      input.proposals.flatMap((p, i) => [
        { field: `proposals.${i}.title`, label: `方案${i + 1}名称`, text: p.title },
        { field: `proposals.${i}.detail`, label: `方案${i + 1}说明`, text: p.detail }
      ]),
      ctx.openid
    )
    const votes = Object.fromEntries(proposals.map((p) => [p.id, 0]))
    next = await moveTopic(found, { status, proposals, closesAt: input.closesAt, votes }, now)
  }
  const notified = await tellMembers(next, 'voting-open', '议事投票开始了', `截止${formatDateTime(input.closesAt)}，一人一票`, now)
  await auditStep(ctx, retried, 'openVoting', found._id, { proposals: proposals.map((p) => p.title), closesAt: input.closesAt })
  return { topic: topicView(next), notified }
}

export async function closeVoting(ctx: Organizer<CloseVotingInput>): Promise<TopicStepOutput> {
  const { now } = ctx
  const found = await managedTopic(ctx)
  stepTo(found.status, 'close')
  const members = await store.count('deliberationMembers', { venueId: found.venueId, status: 'approved' })
  // The status flips and the counts are read in one request: no ballot is counted after what is tallied here.
  const closed = await store.updateAndReturn('deliberationTopics', { _id: found._id, status: 'voting' }, { status: 'closed', updatedAt: now })
  if (!closed) throw new DomainError('CONFLICT', CHANGED)
  const tally = tallyOf(closed.proposals ?? [], closed.votes ?? {}, members, now)
  await store.updateDoc('deliberationTopics', found._id, { tally })
  await audit(ctx, 'closeVoting', `deliberationTopics/${found._id}`, { counts: tally.counts, members })
  return { topic: topicView({ ...closed, tally }) }
}

export async function publishDecision(ctx: Organizer<PublishDecisionInput>): Promise<TopicStepOutput> {
  const { input, now } = ctx
  const found = await managedTopic(ctx)
  // Asked again once taken (the header): finished, not refused.
  const retried = decidedAs(found, input.decision)
  let next = found
  if (!retried) {
    const status = stepTo(found.status, 'decide')
    await requireShownTextsSafe([{ field: 'decision', label: '议定结果', text: input.decision }], ctx.openid)
    next = await moveTopic(found, { status, decision: input.decision, decidedAt: now }, now)
  }
  const notified = await tellMembers(next, 'decided', '议事结果已公布', input.decision, now)
  await auditStep(ctx, retried, 'publishDecision', found._id, { decision: input.decision })
  return { topic: topicView(next), notified }
}

export async function addFollowUp(ctx: Organizer<AddFollowUpInput>): Promise<TopicStepOutput> {
  const { input, now } = ctx
  const found = await managedTopic(ctx)
  const done = input.done ?? false
  const status = stepTo(found.status, 'followUp', done)
  await requireShownTextsSafe([{ field: 'text', label: '落实情况', text: input.text }], ctx.openid)
  const entry = { text: input.text, at: now, done }
  const next = await moveTopic(found, { status, followUps: [...(found.followUps ?? []), entry] }, now)
  await audit(ctx, 'addFollowUp', `deliberationTopics/${found._id}`, { text: input.text, done })
  return { topic: topicView(next) }
}

/**
 * The step's audit entry. A retried step (votingOpenedAs, decidedAs) writes it only when its first try was cut off
 * before it did, so each step taken stays one entry; the look costs a request on the retry alone.
 */
async function auditStep(ctx: Organizer<unknown>, retried: boolean, action: string, topicId: string, detail: Record<string, unknown>): Promise<void> {
  const target = `deliberationTopics/${topicId}`
  if (retried && (await store.count('audit', { action, target })) > 0) return
  await audit(ctx, action, target, detail)
}

/**
 * Queues a 待办事项提醒 (the matching notices' template: 事项, 服务, 说明, 时间) to each approved member of the topic's
 * district, at most NOTICE_FANOUT of them; `_id` `<topicId>:<kind>:<openid>`, so a retried step queues nothing twice.
 * Answers how many were queued.
 */
async function tellMembers(topic: TopicDoc, kind: string, title: string, note: string, now: number): Promise<number> {
  const members = await store.find('deliberationMembers', { venueId: topic.venueId, status: 'approved' }, { limit: NOTICE_FANOUT, fields: { openid: true } })
  const page = `packages/deliberation/topic?topicId=${topic._id}`
  return queueMessages(
    members.map(({ openid }) =>
      messageDoc({ _id: `${topic._id}:${kind}:${openid}`, openid, subjectId: topic._id, kind, template: 'referralTask', page, subject: title, state: topic.title, note, at: now })
    )
  )
}
