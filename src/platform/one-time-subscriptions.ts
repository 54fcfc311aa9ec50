/**
 * The rules of asking for one-time subscribe messages (订阅消息), apart from WeChat and the network so they can be
 * tested: one function's template ids are fetched once per app run (a failed fetch is tried again on the next page),
 * a page asks only for the kinds it wants and that have a template, and only the accepted ones are reported — a
 * refusal or a failure just means no messages. subscribe.weapp.ts gives it WeChat's prompt and the function calls.
 */
import type { Subscriptions } from './types'

export interface SubscribeTemplateOf<Kind extends string> {
  kind: Kind
  templateId: string
}

/** WeChat's prompt: maps each template id to 'accept' | 'reject' | 'ban' | 'filter'. */
export type SubscribePrompt = (templateIds: string[]) => Promise<Record<string, unknown>>

export function oneTimeSubscriptions<Kind extends string>(
  load: () => Promise<SubscribeTemplateOf<Kind>[] | null>,
  prompt: SubscribePrompt
): Subscriptions<Kind> {
  // The ids are deployment configuration: they do not change while the app runs.
  let templates: SubscribeTemplateOf<Kind>[] | null = null
  const asked = (kinds?: readonly Kind[]): SubscribeTemplateOf<Kind>[] =>
    (templates ?? []).filter((t) => kinds === undefined || kinds.includes(t.kind))
  return {
    prepare: async (kinds) => {
      if (!templates) templates = (await load())?.filter((t) => t.templateId !== '') ?? null
      return asked(kinds).length > 0
    },
    request: async (kinds) => {
      const ask = asked(kinds)
      if (ask.length === 0) return []
      try {
        const answers = await prompt(ask.map((t) => t.templateId))
        return ask.filter((t) => answers[t.templateId] === 'accept').map((t) => t.kind)
      } catch {
        return []
      }
    }
  }
}
