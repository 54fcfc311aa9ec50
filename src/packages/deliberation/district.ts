/**
 * Which district (a centre's 商圈) the 商圈议事 pages are about: the route's `venueId`, else 瑞德摩尔商圈, where the seed's
 * 协商议事 happens; and the words a topic's card shares with its detail page.
 */
import type { TopicView } from '@core/api/community'
import { MEMBER_KIND_LABELS, TOPIC_STATUS_LABELS } from '@core/community/deliberation'
import { formatDateTime } from '@core/time'

export const DEFAULT_DISTRICT = 'venue-ruide'

/** One line under a topic's title: who raised it and what happens next. */
export function topicLine(topic: TopicView): string {
  const by = `${MEMBER_KIND_LABELS[topic.raisedByKind]} ${topic.raisedByName} 提出`
  if (topic.status === 'scheduled' && topic.meeting) return `${by} · 议事会 ${formatDateTime(topic.meeting.at)}`
  if (topic.status === 'voting' && topic.closesAt !== undefined) return `${by} · 已投 ${topic.voted} 票 · ${formatDateTime(topic.closesAt)} 截止`
  if (topic.tally && topic.proposals) {
    const winners = topic.proposals.filter((p) => topic.tally?.winners.includes(p.id)).map((p) => p.title)
    return `${by} · ${winners.length === 0 ? '无人投票' : `得票最多：${winners.join('、')}`}`
  }
  return by
}

export const statusLabel = (topic: TopicView): string => TOPIC_STATUS_LABELS[topic.status]
