/**
 * 商圈协商议事 (issue 12; the seed's 瑞德摩尔商圈: "商圈的事大家商量着办"): the rules, pure — no I/O, no clock (`now` is a
 * parameter), so the function, the pages and the tests share one reading of them.
 *
 * Who takes part: members of a district (a centre), each of one kind, admitted by the centre's organizer. Only an
 * approved member raises a topic or votes, and only in their own district.
 *
 * A topic's life is one transition table (STEPS): raised → scheduled (议事会 time and place; may be moved) → voting
 * (proposals fixed, a closing time) → closed (the tally frozen) → decided (the decision text) → done (a follow-up
 * marked done; follow-ups may be added while decided). Each step names who may take it and from which states, so a
 * step from anywhere else is one CONFLICT, worded once.
 *
 * The vote: one per member per topic, final once cast ("一人一票，投出即定"). A changeable vote would let a member
 * learn nothing more (results stay hidden until close) yet would make a double tap and a race two different writes;
 * a final vote is one insert under a deterministic `_id`, so neither can count twice. Results are hidden until the
 * organizer closes voting; how many have voted (turnout) is shown meanwhile, which says nothing of the choices.
 * Voting past `closesAt` is refused; the organizer's close is what freezes the tally, so a result is never published
 * without someone of the centre having looked at it.
 */
import { DomainError } from '../api/result'
import type { MemberView, TopicView } from '../api/community/deliberation'

export const MEMBER_KINDS = ['merchant', 'enterprise', 'majorEnterprise', 'rider', 'resident'] as const
export type MemberKind = (typeof MEMBER_KINDS)[number]

export const MEMBER_KIND_LABELS: Readonly<Record<MemberKind, string>> = {
  merchant: '个体工商户',
  enterprise: '楼宇企业',
  majorEnterprise: '规上企业',
  rider: '骑手/快递员',
  resident: '居民代表'
}

export const MEMBER_STATUSES = ['pending', 'approved', 'rejected'] as const
export type MemberStatus = (typeof MEMBER_STATUSES)[number]

export const MEMBER_STATUS_LABELS: Readonly<Record<MemberStatus, string>> = { pending: '待审核', approved: '已入会', rejected: '未通过' }

/** A membership of one district (`deliberationMembers`, `_id` memberIdFor: one per person and district). */
export interface MemberDoc {
  _id: string
  openid: string
  venueId: string
  kind: MemberKind
  /** 商户/企业名, or the person's name for a rider or a resident: shown beside what they raise. */
  name: string
  status: MemberStatus
  createdAt: number
  updatedAt: number
  decidedAt?: number
  /** Why an application was turned down, read by the applicant. */
  note?: string
}

export const memberIdFor = (venueId: string, openid: string): string => `${venueId}_${openid}`

export const TOPIC_STATUSES = ['raised', 'scheduled', 'voting', 'closed', 'decided', 'done'] as const
export type TopicStatus = (typeof TOPIC_STATUSES)[number]

export const TOPIC_STATUS_LABELS: Readonly<Record<TopicStatus, string>> = {
  raised: '已提出',
  scheduled: '待议事',
  voting: '投票中',
  closed: '已计票',
  decided: '已决定',
  done: '已落实'
}

export interface Proposal {
  /** 'p1', 'p2', … in the order the organizer listed them. */
  id: string
  title: string
  detail: string
}

export interface Meeting {
  at: number
  place: string
}

export interface FollowUp {
  text: string
  at: number
  done: boolean
}

/** What closing froze: the counts per proposal, and against how many members. */
export interface Tally {
  counts: Record<string, number>
  total: number
  /** Approved members of the district when voting closed. */
  members: number
  /** The proposals with the most votes: one, several on a tie, none when nobody voted. */
  winners: string[]
  closedAt: number
}

/** A topic (`deliberationTopics`). `votes` counts ballots as they come and is never shown before the tally. */
export interface TopicDoc {
  _id: string
  venueId: string
  /** The member who raised it. */
  openid: string
  raisedByName: string
  raisedByKind: MemberKind
  title: string
  description: string
  status: TopicStatus
  meeting?: Meeting
  proposals?: Proposal[]
  closesAt?: number
  votes?: Record<string, number>
  tally?: Tally
  decision?: string
  decidedAt?: number
  followUps?: FollowUp[]
  createdAt: number
  updatedAt: number
}

/** A ballot (`deliberationVotes`, `_id` voteIdFor: at most one per member and topic). */
export interface VoteDoc {
  _id: string
  topicId: string
  venueId: string
  openid: string
  proposalId: string
  createdAt: number
}

export const voteIdFor = (topicId: string, openid: string): string => `${topicId}_${openid}`

export type TopicStep = 'schedule' | 'openVoting' | 'close' | 'decide' | 'followUp'

/** Who may take a step (raising and voting are members'; every step below is the centre's organizer's). */
export interface StepRule {
  from: readonly TopicStatus[]
  to: TopicStatus
  by: 'organizer'
  /** Said when the topic is in none of `from`. */
  refusal: string
}

export const STEPS: Readonly<Record<TopicStep, StepRule>> = {
  // A meeting may be moved until voting opens.
  schedule: { from: ['raised', 'scheduled'], to: 'scheduled', by: 'organizer', refusal: '投票开始后不能再改议事会时间' },
  // Proposals come out of the meeting, so voting opens only once one is scheduled.
  openVoting: { from: ['scheduled'], to: 'voting', by: 'organizer', refusal: '请先安排议事会，再发起投票' },
  close: { from: ['voting'], to: 'closed', by: 'organizer', refusal: '这个议题不在投票中' },
  decide: { from: ['closed'], to: 'decided', by: 'organizer', refusal: '投票结束计票后才能公布决定' },
  // A follow-up keeps the topic decided until one is marked done.
  followUp: { from: ['decided'], to: 'decided', by: 'organizer', refusal: '公布决定后才能添加落实情况' }
}

/** The status after `step`, or CONFLICT when the topic is not where the step starts. */
export function stepTo(status: TopicStatus, step: TopicStep, done = false): TopicStatus {
  const rule = STEPS[step]
  if (!rule.from.includes(status)) throw new DomainError('CONFLICT', rule.refusal)
  return step === 'followUp' && done ? 'done' : rule.to
}

/**
 * Whether a step that messages the members was taken already with these particulars: the topic stands where the step
 * puts it, with what the step writes. A retry of the step (its call cut off after the write, before the members were
 * told) or a second tap then finishes what follows the write instead of being refused: the notices' ids are the
 * topic's, the step's and the member's, so none is queued twice. Anything else about a moved topic stays a CONFLICT.
 */
export function votingOpenedAs(topic: TopicDoc, proposals: readonly Proposal[], closesAt: number): boolean {
  const opened = topic.proposals ?? []
  return (
    topic.status === STEPS.openVoting.to &&
    topic.closesAt === closesAt &&
    opened.length === proposals.length &&
    opened.every((p, i) => p.id === proposals[i].id && p.title === proposals[i].title && p.detail === proposals[i].detail)
  )
}

/** The same for publishing the decision: decided, with this decision. */
export const decidedAs = (topic: TopicDoc, decision: string): boolean => topic.status === STEPS.decide.to && topic.decision === decision

/** Eligibility: an approved member of the topic's district, or FORBIDDEN saying what is missing. */
export function requireMember(member: MemberDoc | null, venueId: string, field?: string): MemberDoc {
  if (!member || member.venueId !== venueId || member.status === 'rejected') {
    throw new DomainError('FORBIDDEN', '只有本商圈的议事成员可以提议题和投票，请先申请加入', field)
  }
  if (member.status !== 'approved') throw new DomainError('FORBIDDEN', '入会申请还在审核中，审核通过后才能提议题和投票', field)
  return member
}

/** Whether a member may still vote on the topic at `now`, and on which proposal. */
export function checkBallot(topic: TopicDoc, proposalId: string, now: number): void {
  if (topic.status !== 'voting') throw new DomainError('CONFLICT', '这个议题现在不能投票')
  if (topic.closesAt !== undefined && now >= topic.closesAt) throw new DomainError('CONFLICT', '投票已截止，等待组织者计票公布')
  if (!(topic.proposals ?? []).some((p) => p.id === proposalId)) throw new DomainError('INVALID_INPUT', '没有这个方案', 'proposalId')
}

/** Proposal ids in the order listed: p1, p2, …. */
export const proposalsFrom = (items: readonly { title: string; detail: string }[]): Proposal[] =>
  items.map((p, i) => ({ id: `p${i + 1}`, title: p.title, detail: p.detail }))

/** The tally of the counters as voting closed, against the district's approved members. */
export function tallyOf(proposals: readonly Proposal[], votes: Readonly<Record<string, number>>, members: number, closedAt: number): Tally {
  const counts = Object.fromEntries(proposals.map((p) => [p.id, votes[p.id] ?? 0]))
  const total = Object.values(counts).reduce((sum, n) => sum + n, 0)
  const top = Math.max(0, ...Object.values(counts))
  const winners = top === 0 ? [] : proposals.filter((p) => counts[p.id] === top).map((p) => p.id)
  return { counts, total, members, winners, closedAt }
}

/** A part of a whole as a whole percentage (0 of 0 is 0%). */
export const percent = (part: number, whole: number): number => (whole === 0 ? 0 : Math.round((part / whole) * 100))

/** Results show only once the tally is frozen. */
export const resultsVisible = (status: TopicStatus): boolean => status === 'closed' || status === 'decided' || status === 'done'

/** A membership as its member and the organizers see it (the openid stays on the server). */
export const memberView = ({ openid: _openid, updatedAt: _updatedAt, ...member }: MemberDoc): MemberView => member

/** A topic as anyone sees it: no openid, no running counts; the tally once closed. */
export function topicView(topic: TopicDoc): TopicView {
  const { openid: _openid, votes, tally, followUps, ...shown } = topic
  const voted = tally?.total ?? Object.values(votes ?? {}).reduce((sum, n) => sum + n, 0)
  return { ...shown, voted, followUps: followUps ?? [], ...(tally && resultsVisible(topic.status) ? { tally } : {}) }
}
