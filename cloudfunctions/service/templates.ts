/**
 * Which subscribe-message templates (订阅消息) matching notices use: configuration, read from the environment of the
 * function that sends them (`courseTimer`, whose sender sends every queued message) and of `service`, which queues
 * them (CloudBase console → 云函数 → 环境变量):
 *   SUBSCRIBE_TEMPLATE_NEED_PROGRESS  需求进度通知 (the requester): 需求, 状态, 说明, 时间
 *   SUBSCRIBE_TEMPLATE_REFERRAL_TASK  待办事项提醒 (providers and organizers): 事项, 服务, 说明, 时间
 * As with the course templates, a template that is not configured does not exist: its messages are queued but the
 * sender refuses them with a logged configuration error, never a made-up id. Only the local cloud sets defaults.
 */
import type { MatchingTemplate } from '@core/matching'

export const MATCHING_TEMPLATE_VARIABLE: Readonly<Record<MatchingTemplate, string>> = Object.freeze({
  needProgress: 'SUBSCRIBE_TEMPLATE_NEED_PROGRESS',
  referralTask: 'SUBSCRIBE_TEMPLATE_REFERRAL_TASK'
})

/** The configured template id, or null. Read at call time. */
export function matchingTemplateId(template: MatchingTemplate): string | null {
  const id = process.env[MATCHING_TEMPLATE_VARIABLE[template]]?.trim()
  return id ? id : null
}

