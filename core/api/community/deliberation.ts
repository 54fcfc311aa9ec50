/**
 * 商圈协商议事 (issue 12): the inputs and answers of the deliberation actions of function `community`. The rules they
 * follow are core/community/deliberation.ts; what each caller sees of a topic is TopicView — never who raised it by
 * openid, never a count before the tally.
 */
import * as s from '../../schema'
import { idSchema } from '../../booking/model'
import {
  MEMBER_KINDS,
  MEMBER_STATUSES,
  TOPIC_STATUSES,
  type FollowUp,
  type MemberKind,
  type MemberStatus,
  type TopicDoc
} from '../../community/deliberation'
import type { Action } from '../action'

export const DISTRICT_NAME_MAX = 30
export const TOPIC_TITLE_MAX = 40
export const TOPIC_DESCRIPTION_MAX = 500
export const PROPOSALS_MAX = 6
export const DECISION_MAX = 500
export const FOLLOW_UP_MAX = 300

const venueId = idSchema('商圈')
const topicId = idSchema('议题')

export const joinDistrictSchema = s.object({
  venueId,
  kind: s.oneOf(MEMBER_KINDS, { label: '身份' }),
  name: s.string({ label: '商户/企业名或姓名', min: 1, max: DISTRICT_NAME_MAX })
})
export type JoinDistrictInput = s.Infer<typeof joinDistrictSchema>

export const myDistrictSchema = s.object({})
export type MyDistrictInput = s.Infer<typeof myDistrictSchema>

export const topicsSchema = s.object({ venueId: s.optional(venueId), status: s.optional(s.oneOf(TOPIC_STATUSES, { label: '议题状态' })) })
export type TopicsInput = s.Infer<typeof topicsSchema>

export const topicSchema = s.object({ topicId })
export type TopicInput = s.Infer<typeof topicSchema>

export const raiseTopicSchema = s.object({
  venueId,
  title: s.string({ label: '议题', min: 2, max: TOPIC_TITLE_MAX }),
  description: s.string({ label: '议题说明', min: 5, max: TOPIC_DESCRIPTION_MAX, multiline: true })
})
export type RaiseTopicInput = s.Infer<typeof raiseTopicSchema>

export const voteSchema = s.object({ topicId, proposalId: s.string({ label: '方案', min: 1, max: 8, pattern: /^p\d{1,2}$/, patternHint: '不正确' }) })
export type VoteInput = s.Infer<typeof voteSchema>

export const districtMembersSchema = s.object({ venueId, status: s.optional(s.oneOf(MEMBER_STATUSES, { label: '审核状态' })) })
export type DistrictMembersInput = s.Infer<typeof districtMembersSchema>

export const decideMemberSchema = s.object({
  memberId: idSchema('成员'),
  approve: s.boolean({ label: '是否通过' }),
  note: s.optional(s.string({ label: '说明', max: 100 }))
})
export type DecideMemberInput = s.Infer<typeof decideMemberSchema>

export const scheduleMeetingSchema = s.object({ topicId, meetingAt: s.instant({ label: '议事会时间' }), place: s.string({ label: '议事地点', min: 2, max: 40 }) })
export type ScheduleMeetingInput = s.Infer<typeof scheduleMeetingSchema>

const proposalSchema = s.object(
  { title: s.string({ label: '方案名称', min: 1, max: 30 }), detail: s.string({ label: '方案说明', max: 200, multiline: true }) },
  { label: '方案' }
)

export const openVotingSchema = s.object({
  topicId,
  proposals: s.array(proposalSchema, { label: '方案', min: 2, max: PROPOSALS_MAX }),
  closesAt: s.instant({ label: '投票截止时间' })
})
export type OpenVotingInput = s.Infer<typeof openVotingSchema>

export const closeVotingSchema = s.object({ topicId })
export type CloseVotingInput = s.Infer<typeof closeVotingSchema>

export const publishDecisionSchema = s.object({ topicId, decision: s.string({ label: '议定结果', min: 5, max: DECISION_MAX, multiline: true }) })
export type PublishDecisionInput = s.Infer<typeof publishDecisionSchema>

export const addFollowUpSchema = s.object({
  topicId,
  text: s.string({ label: '落实情况', min: 2, max: FOLLOW_UP_MAX, multiline: true }),
  done: s.optional(s.boolean({ label: '是否已落实' }))
})
export type AddFollowUpInput = s.Infer<typeof addFollowUpSchema>

/** A membership as its member and the organizers see it. */
export interface MemberView {
  _id: string
  venueId: string
  kind: MemberKind
  name: string
  status: MemberStatus
  createdAt: number
  decidedAt?: number
  note?: string
}

/** A topic as anyone sees it: the tally only once closed, and meanwhile how many have voted; never who raised it. */
export type TopicView = Omit<TopicDoc, 'openid' | 'votes' | 'followUps'> & {
  /** Ballots cast so far (voting) or in all (after close). */
  voted: number
  followUps: FollowUp[]
}

export interface JoinDistrictOutput {
  member: MemberView
  /** True when the same application was already on file (nothing written). */
  replayed: boolean
}

export interface MyDistrictOutput {
  memberships: MemberView[]
}

export interface TopicsOutput {
  items: TopicView[]
}

export interface TopicOutput {
  topic: TopicView
  /** The caller's ballot on it, if any. */
  myVote?: string
  /** The caller's membership of the topic's district, if any. */
  membership?: MemberView
}

export interface VoteOutput {
  proposalId: string
  /** True when this ballot was already cast (a second tap): nothing counted twice. */
  replayed: boolean
}

export interface DistrictMembersOutput {
  items: MemberView[]
}

export interface MemberOutput {
  member: MemberView
}

export interface TopicStepOutput {
  topic: TopicView
  /** Members whose message was queued (opening voting, publishing the decision). */
  notified?: number
}

export interface DeliberationApi {
  joinDistrict: Action<JoinDistrictInput, JoinDistrictOutput>
  myDistrict: Action<MyDistrictInput, MyDistrictOutput>
  topics: Action<TopicsInput, TopicsOutput>
  topic: Action<TopicInput, TopicOutput>
  raiseTopic: Action<RaiseTopicInput, TopicStepOutput>
  vote: Action<VoteInput, VoteOutput>
  districtMembers: Action<DistrictMembersInput, DistrictMembersOutput>
  decideMember: Action<DecideMemberInput, MemberOutput>
  scheduleMeeting: Action<ScheduleMeetingInput, TopicStepOutput>
  openVoting: Action<OpenVotingInput, TopicStepOutput>
  closeVoting: Action<CloseVotingInput, TopicStepOutput>
  publishDecision: Action<PublishDecisionInput, TopicStepOutput>
  addFollowUp: Action<AddFollowUpInput, TopicStepOutput>
}
