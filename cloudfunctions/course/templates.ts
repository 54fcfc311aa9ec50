/**
 * Which subscribe-message templates (订阅消息) the mini-program's account has: configuration, read from the function's
 * environment variables (CloudBase console → 云函数 → 环境变量, for both `course` and `courseTimer`):
 *   SUBSCRIBE_TEMPLATE_CONFIRMED  预约成功通知
 *   SUBSCRIBE_TEMPLATE_REMINDER   上课提醒
 *   SUBSCRIBE_TEMPLATE_PROMOTED   候补成功通知
 * A template that is not configured is not there: the client is not offered it and no message is sent with it, and
 * each time that matters a configuration error is logged — never a made-up id. Only the local cloud sets defaults
 * (its own ids, which it accepts and records in `outbox`).
 */
import type { SubscribeTemplate } from '@core/api/course'
import { SUBSCRIPTION_KINDS, type SubscriptionKind } from '@core/booking'

export const TEMPLATE_VARIABLE: Readonly<Record<SubscriptionKind, string>> = Object.freeze({
  confirmed: 'SUBSCRIBE_TEMPLATE_CONFIRMED',
  reminder: 'SUBSCRIBE_TEMPLATE_REMINDER',
  promoted: 'SUBSCRIBE_TEMPLATE_PROMOTED'
})

/** The configured template id, or null. Read at call time, so a changed variable applies to messages already queued. */
export function templateId(kind: SubscriptionKind): string | null {
  const id = process.env[TEMPLATE_VARIABLE[kind]]?.trim()
  return id ? id : null
}

/** The templates not configured, each reported as a configuration error in the log under `where`. */
export function missingTemplates(where: string): SubscriptionKind[] {
  const missing = SUBSCRIPTION_KINDS.filter((kind) => templateId(kind) === null)
  for (const kind of missing) {
    console.error(`[${where}] configuration error: environment variable ${TEMPLATE_VARIABLE[kind]} is not set; no ${kind} messages`)
  }
  return missing
}

/** The templates the client may ask the person to accept (wx.requestSubscribeMessage): the configured ones. */
export function subscribeTemplates(): SubscribeTemplate[] {
  missingTemplates('course.subscribeTemplates')
  return SUBSCRIPTION_KINDS.flatMap((kind) => {
    const id = templateId(kind)
    return id === null ? [] : [{ kind, templateId: id }]
  })
}
