/**
 * Consent to the service's subscribe messages (订阅消息). WeChat delivers a one-time template's message only to a person
 * who accepted that template in the app, one message per acceptance; so acceptances are counted per person and
 * template (`messageConsents`), the sender takes one for each message it sends, and a message for someone with none
 * left is skipped rather than sent to fail. Course messages keep their own consent on the booking.
 *
 *   subscribeTemplates  the configured template ids, for wx.requestSubscribeMessage (no database)
 *   subscribe           acceptances recorded apart from a submit (进度提醒, 新转介提醒我): 1 write per kind (1 more
 *                       the first time a person accepts that kind), then 1 read of what is left
 *   recordAcceptances   what submitNeed uses for the acceptances of its own tap
 *   useAcceptance       the sender's conditional decrement: one request, never below 0
 */
import type { ServiceTemplatesOutput, SubscribeInput, SubscribeOutput } from '@core/api/service'
import { MATCHING_TEMPLATES, messageConsentIdFor, type MatchingTemplate } from '@core/matching'
import { _, isDuplicateKeyError, type ActionContext } from '../_shared'
import { store } from './repo'
import { matchingTemplateId } from './templates'

/** Adds one acceptance of `template` for `openid`: an increment, or the first one stored. */
async function addAcceptance(openid: string, template: MatchingTemplate, now: number): Promise<void> {
  const _id = messageConsentIdFor(openid, template)
  if ((await store.updateDoc('messageConsents', _id, { left: _.inc(1), updatedAt: now })) === 1) return
  try {
    await store.insert('messageConsents', { _id, openid, template, left: 1, updatedAt: now })
  } catch (err) {
    // Someone else's first acceptance of the same kind was stored in between: count this one on top of it.
    if (!isDuplicateKeyError(err)) throw err
    await store.updateDoc('messageConsents', _id, { left: _.inc(1), updatedAt: now })
  }
}

/** Records the acceptances of one tap (each kind once; WeChat asks each template once per prompt). */
export async function recordAcceptances(openid: string, kinds: readonly MatchingTemplate[], now: number): Promise<void> {
  await Promise.all([...new Set(kinds)].map((kind) => addAcceptance(openid, kind, now)))
}

/** Takes one acceptance of `template` from `openid` if any is left; false when none is. */
export async function useAcceptance(openid: string, template: MatchingTemplate, now: number): Promise<boolean> {
  const used = await store.update('messageConsents', { _id: messageConsentIdFor(openid, template), left: _.gt(0) }, { left: _.inc(-1), updatedAt: now })
  return used === 1
}

export function subscribeTemplates(): Promise<ServiceTemplatesOutput> {
  return Promise.resolve({
    items: MATCHING_TEMPLATES.flatMap((kind) => {
      const templateId = matchingTemplateId(kind)
      return templateId === null ? [] : [{ kind, templateId }]
    })
  })
}

export async function subscribe(ctx: ActionContext<SubscribeInput, 'user'>): Promise<SubscribeOutput> {
  const { openid, now } = ctx
  await recordAcceptances(openid, ctx.input.kinds, now)
  const stored = await store.findAll('messageConsents', { _id: _.in(MATCHING_TEMPLATES.map((kind) => messageConsentIdFor(openid, kind))) })
  const left: Record<MatchingTemplate, number> = { needProgress: 0, referralTask: 0 }
  for (const consent of stored) left[consent.template] = consent.left
  return { left }
}
