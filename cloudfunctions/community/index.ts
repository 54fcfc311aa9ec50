/**
 * Function `community`: the rest of the community's life the seed describes (issue 12; DESIGN.md §3 ⚑ centres,
 * report, myReports; every action of core/api/community).
 *   anyone      centres, centre                                                               centres.ts
 *   signed in   joinGrid, myGridMembership, report, myReports                                 grid.ts
 *   organizer   listGridApplications, decideGridApplication, listReports, assignReport,       grid.ts
 *               resolveReport, rejectReport, gridStats (their centres' only)
 *   signed in   myData, deleteMyData (我的数据: what every part keeps about the caller)        mydata.ts
 *   anyone      topics, topic; members joinDistrict, myDistrict, raiseTopic, vote; organizers     deliberation.ts
 *               districtMembers, decideMember, scheduleMeeting, openVoting, closeVoting,
 *               publishDecision, addFollowUp (商圈协商议事)
 *   signed in   registerParty, myParty, withdrawParty                                         party.ts
 *   organizer   listParty, partyDetail, followUpParty; rotateKeys (admins)                    party.ts
 *   scorer      myStarRiders, scoreRider (station managers the enterprise side, organizers     stars.ts
 *               the community side); organizer starRanking, publishStar; anyone stars; the
 *               rider myStar (骑士之星)
 * Each action validates its input, identifies the caller from getWXContext, authorizes, loads, asks core/community,
 * writes with conditions, and answers.
 */
import { centreSchema, centresSchema, myStarRidersSchema, myStarSchema, publishStarSchema, scoreRiderSchema, starRankingSchema, starsSchema } from '@core/api/community'
import { deleteMyDataSchema, myDataSchema } from '@core/api/mydata'
import { action, defineFunction } from '../_shared'
import { centre, centres } from './centres'
import {
  assignReportSchema,
  decideGridApplicationSchema,
  gridStatsSchema,
  joinGridSchema,
  listGridApplicationsSchema,
  listReportsSchema,
  myGridMembershipSchema,
  myReportsSchema,
  rejectReportSchema,
  reportSchema,
  resolveReportSchema
} from '@core/api/community/grid'
import {
  assignReport,
  decideGridApplication,
  gridStats,
  joinGrid,
  listGridApplications,
  listReports,
  myGridMembership,
  myReports,
  rejectReport,
  report,
  resolveReport
} from './grid'
import { deleteMyData, myData } from './mydata'
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
import { followUpPartySchema, listPartySchema, myPartySchema, partyDetailSchema, registerPartySchema, withdrawPartySchema } from '@core/api/community/party'
import { rotateKeysSchema } from '@core/api/data-keys'
import { followUpParty, listParty, myParty, partyDetail, registerParty, rotateKeys, withdrawParty } from './party'
import { myStar, myStarRiders, publishStar, scoreRider, starRanking, stars } from './stars'

export const main = defineFunction('community', {
  centres: action({ input: centresSchema, auth: 'public', run: centres }),
  centre: action({ input: centreSchema, auth: 'public', run: centre }),
  myData: action({ input: myDataSchema, auth: 'user', run: myData }),
  deleteMyData: action({ input: deleteMyDataSchema, auth: 'user', limit: 'personal', run: deleteMyData }),
  // 兼职网格员 随手拍
  joinGrid: action({ input: joinGridSchema, auth: 'user', limit: 'personal', run: joinGrid }),
  myGridMembership: action({ input: myGridMembershipSchema, auth: 'user', run: myGridMembership }),
  report: action({ input: reportSchema, auth: 'user', limit: 'personal', run: report }),
  myReports: action({ input: myReportsSchema, auth: 'user', run: myReports }),
  listGridApplications: action({ input: listGridApplicationsSchema, auth: 'organizer', run: listGridApplications }),
  decideGridApplication: action({ input: decideGridApplicationSchema, auth: 'organizer', limit: 'organizing', run: decideGridApplication }),
  listReports: action({ input: listReportsSchema, auth: 'organizer', run: listReports }),
  assignReport: action({ input: assignReportSchema, auth: 'organizer', limit: 'organizing', run: assignReport }),
  resolveReport: action({ input: resolveReportSchema, auth: 'organizer', limit: 'organizing', run: resolveReport }),
  rejectReport: action({ input: rejectReportSchema, auth: 'organizer', limit: 'organizing', run: rejectReport }),
  gridStats: action({ input: gridStatsSchema, auth: 'organizer', run: gridStats }),
  // 骑士之星 先锋指数
  myStarRiders: action({ input: myStarRidersSchema, auth: 'user', run: myStarRiders }),
  scoreRider: action({ input: scoreRiderSchema, auth: 'user', limit: 'organizing', run: scoreRider }),
  starRanking: action({ input: starRankingSchema, auth: 'organizer', run: starRanking }),
  publishStar: action({ input: publishStarSchema, auth: 'organizer', limit: 'organizing', run: publishStar }),
  stars: action({ input: starsSchema, auth: 'public', run: stars }),
  myStar: action({ input: myStarSchema, auth: 'user', run: myStar }),
  // 商圈协商议事
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
  // 组织关系安家 入党申请
  registerParty: action({ input: registerPartySchema, auth: 'user', limit: 'personal', run: registerParty }),
  myParty: action({ input: myPartySchema, auth: 'user', run: myParty }),
  withdrawParty: action({ input: withdrawPartySchema, auth: 'user', limit: 'personal', run: withdrawParty }),
  listParty: action({ input: listPartySchema, auth: 'organizer', run: listParty }),
  partyDetail: action({ input: partyDetailSchema, auth: 'organizer', limit: 'organizing', run: partyDetail }),
  followUpParty: action({ input: followUpPartySchema, auth: 'organizer', limit: 'organizing', run: followUpParty }),
  rotateKeys: action({ input: rotateKeysSchema, auth: 'organizer', limit: 'organizing', run: rotateKeys })
})
