/** WeChat: up to three one-time subscriptions in one prompt; a refusal or a failure just means no messages. */
import Taro from '@tarojs/taro'
import type { SubscribeTemplate } from '@core/api'
import { call } from '@/cloud/call'
import type { Subscriptions } from './types'

/** Loaded once per app run; the ids are deployment configuration and do not change while it runs. */
let templates: SubscribeTemplate[] | null = null

export const subscriptions: Subscriptions = {
  prepare: async () => {
    if (!templates) {
      const res = await call('course', 'subscribeTemplates', {})
      // Without the ids the booking still works, just without messages; the next sheet tries again.
      if (res.ok) templates = res.data.items.filter((t) => t.templateId !== '')
    }
    return (templates?.length ?? 0) > 0
  },
  request: async () => {
    const asked = templates ?? []
    if (asked.length === 0) return []
    try {
      // Taro's typing asks for Alipay's entityIds as well; WeChat takes tmplIds only.
      const res = await Taro.requestSubscribeMessage({
        tmplIds: asked.map((t) => t.templateId)
      } as Taro.requestSubscribeMessage.Option)
      // The answer maps each template id to 'accept' | 'reject' | 'ban' | 'filter'.
      const answers = res as unknown as Record<string, unknown>
      return asked.filter((t) => answers[t.templateId] === 'accept').map((t) => t.kind)
    } catch {
      return []
    }
  }
}
