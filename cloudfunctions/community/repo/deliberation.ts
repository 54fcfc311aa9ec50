/**
 * 商圈协商议事's collections (composed into CommunityCollections) and the notification queue it writes to:
 *   deliberationMembers  MemberDoc `<venueId>_<openid>`: one membership per person and district
 *   deliberationTopics   TopicDoc: a topic, its meeting, proposals, running counts, tally, decision and follow-ups
 *   deliberationVotes    VoteDoc `<topicId>_<openid>`: one ballot per member and topic, the key that makes it so
 * The shared `notifications` queue gets its own small store here, so this part declares what it writes without
 * claiming the name in CommunityCollections, which other parts of the function may declare too.
 */
import type { NotificationDoc } from '@core/booking'
import type { MemberDoc, TopicDoc, VoteDoc } from '@core/community/deliberation'
import { createStore } from '../../_shared'

export interface DeliberationCollections {
  deliberationMembers: MemberDoc
  deliberationTopics: TopicDoc
  deliberationVotes: VoteDoc
}

export const noticeStore = createStore<{ notifications: NotificationDoc }>()
