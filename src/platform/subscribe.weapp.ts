/**
 * WeChat: up to three one-time subscriptions in one prompt; a refusal or a failure just means no messages. The course
 * and the service templates are asked for apart (a booking and a need are different taps), each set's ids fetched
 * once from its function.
 */
import Taro from '@tarojs/taro'
import type { SubscriptionKind } from '@core/api'
import type { MatchingTemplate } from '@core/matching'
import { call } from '@/cloud/call'
import type { Subscriptions } from './types'

interface Template<Kind extends string> {
  kind: Kind
  templateId: string
}

/** The pair for one function's templates; `load` fetches their ids, or null when it could not. */
function oneTimeSubscriptions<Kind extends string>(load: () => Promise<Template<Kind>[] | null>): Subscriptions<Kind> {
  /** Loaded once per app run; the ids are deployment configuration and do not change while it runs. */
  let templates: Template<Kind>[] | null = null
  const asked = (kinds?: readonly Kind[]): Template<Kind>[] => (templates ?? []).filter((t) => kinds === undefined || kinds.includes(t.kind))
  return {
    prepare: async (kinds) => {
      // Without the ids the booking or the need still goes ahead, just without messages; the next page tries again.
      if (!templates) templates = (await load())?.filter((t) => t.templateId !== '') ?? null
      return asked(kinds).length > 0
    },
    request: async (kinds) => {
      const ask = asked(kinds)
      if (ask.length === 0) return []
      try {
        // Taro's typing asks for Alipay's entityIds as well; WeChat takes tmplIds only.
        const res = await Taro.requestSubscribeMessage({
          tmplIds: ask.map((t) => t.templateId)
        } as Taro.requestSubscribeMessage.Option)
        // The answer maps each template id to 'accept' | 'reject' | 'ban' | 'filter'.
        const answers = res as unknown as Record<string, unknown>
        return ask.filter((t) => answers[t.templateId] === 'accept').map((t) => t.kind)
      } catch {
        return []
      }
    }
  }
}

export const subscriptions: Subscriptions<SubscriptionKind> = oneTimeSubscriptions(async () => {
  const res = await call('course', 'subscribeTemplates', {})
  return res.ok ? res.data.items : null
})

export const serviceSubscriptions: Subscriptions<MatchingTemplate> = oneTimeSubscriptions(async () => {
  const res = await call('service', 'subscribeTemplates', {})
  return res.ok ? res.data.items : null
})
