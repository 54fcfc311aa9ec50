/**
 * 商圈协商议事's collections (composed into CommunityCollections):
 *   deliberationMembers  MemberDoc `<venueId>_<openid>`: one membership per person and district
 *   deliberationTopics   TopicDoc: a topic, its meeting, proposals, running counts, tally, decision and follow-ups
 *   deliberationVotes    VoteDoc `<topicId>_<openid>`: one ballot per member and topic, the key that makes it so
 */
import type { MemberDoc, TopicDoc, VoteDoc } from '@core/community/deliberation'

export interface DeliberationCollections {
  deliberationMembers: MemberDoc
  deliberationTopics: TopicDoc
  deliberationVotes: VoteDoc
}
