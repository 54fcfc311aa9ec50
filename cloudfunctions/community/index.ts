/**
 * Function `community`: the rest of the community's life the seed describes (issue 12; DESIGN.md §3 ⚑ centres,
 * report, myReports; every action of core/api/community).
 *   anyone      centres                                                                       centres.ts
 *               topics, topic; members joinDistrict, myDistrict, raiseTopic, vote; organizers     deliberation.ts
 *               districtMembers, decideMember, scheduleMeeting, openVoting, closeVoting,
 *               publishDecision, addFollowUp (商圈协商议事)
 * Each action validates its input, identifies the caller from getWXContext, authorizes, loads, asks core/community,
 * writes with conditions, and answers.
 */
import { centresSchema } from '@core/api/community'
import { action, defineFunction } from '../_shared'
import { centres } from './centres'
import {
  addFollowUpSchema,
  closeVotingSchema,
  decideMemberSchema,
  districtMembersSchema,
  joinDistrictSchema,
  myDistrictSchema,
  openVotingSchema,
  publishDecisionSchema,
  raiseTopicSchema,
  scheduleMeetingSchema,
  topicSchema,
  topicsSchema,
  voteSchema
} from '@core/api/community/deliberation'
import {
  addFollowUp,
  closeVoting,
  decideMember,
  districtMembers,
  joinDistrict,
  myDistrict,
  openVoting,
  publishDecision,
  raiseTopic,
  scheduleMeeting,
  topic,
  topics,
  vote
} from './deliberation'

export const main = defineFunction('community', {
  // 兼职网格员 随手拍 and the grid team: grid
  // 骑士之星 and 先锋指数: stars
  // 商圈协商议事: deliberation
  joinDistrict: action({ input: joinDistrictSchema, auth: 'user', limit: 'personal', run: joinDistrict }),
  myDistrict: action({ input: myDistrictSchema, auth: 'user', run: myDistrict }),
  topics: action({ input: topicsSchema, auth: 'public', run: topics }),
  topic: action({ input: topicSchema, auth: 'public', run: topic }),
  raiseTopic: action({ input: raiseTopicSchema, auth: 'user', limit: 'personal', run: raiseTopic }),
  vote: action({ input: voteSchema, auth: 'user', limit: 'personal', run: vote }),
  districtMembers: action({ input: districtMembersSchema, auth: 'organizer', run: districtMembers }),
  decideMember: action({ input: decideMemberSchema, auth: 'organizer', limit: 'organizing', run: decideMember }),
  scheduleMeeting: action({ input: scheduleMeetingSchema, auth: 'organizer', limit: 'organizing', run: scheduleMeeting }),
  openVoting: action({ input: openVotingSchema, auth: 'organizer', limit: 'organizing', run: openVoting }),
  closeVoting: action({ input: closeVotingSchema, auth: 'organizer', limit: 'organizing', run: closeVoting }),
  publishDecision: action({ input: publishDecisionSchema, auth: 'organizer', limit: 'organizing', run: publishDecision }),
  addFollowUp: action({ input: addFollowUpSchema, auth: 'organizer', limit: 'organizing', run: addFollowUp }),
  // 组织关系安家 and 入党申请: party
  centres: action({ input: centresSchema, auth: 'public', run: centres })
})
