/**
 * Queues the notices of a status change (core/matching notices: who hears, what they read) as subscribe messages in
 * the shared `notifications` queue, one per person concerned, which the course timer's sender sends within a minute.
 * The function writes them right after the change they report, in one batch insert.
 *
 * Audiences become people here: the requester through `requesters` (their key's openid; a visit entry without an
 * account has no one to message), a provider audience as every user acting for the referral's organization, an
 * organizer audience as the organizers of the need's centre. A person in two audiences of one change (an organizer who
 * also provides) gets one message for it. `_id` is `<subject>:<kind>:<at>:<openid>`, so a retried step queues nothing twice.
 */
import type { NotificationDoc } from '@core/booking'
import { TEMPLATE_OF_AUDIENCE, type MatchingNotice, type NoticeAudience } from '@core/matching'
import { messageDoc } from '../_shared'

/** The page each audience's message opens: 服务 (我的需求, a provider's referrals) or the organizer tools. */
const PAGE: Readonly<Record<NoticeAudience, string>> = {
  requester: 'pages/services/index',
  provider: 'pages/services/index',
  organizer: 'packages/organizer/index'
}

/** Who each audience is, for one change. */
export type Recipients = Readonly<Record<NoticeAudience, readonly string[]>>

/** What a message says besides the notice: what it is about (a category, a service) and its state in a word. */
export interface NoticeContext {
  /** thing: the need's category for the requester, the service for providers and organizers. */
  subject: Readonly<Record<NoticeAudience, string>>
  /** phrase/thing: the new status ('已转介'). */
  state: string
  kind: string
  at: number
}

/** The notification documents of `notices`, one per recipient of each. */
export function notificationsFor(notices: readonly MatchingNotice[], recipients: Recipients, context: NoticeContext): NotificationDoc[] {
  const docs = new Map<string, NotificationDoc>()
  for (const notice of notices) {
    const template = TEMPLATE_OF_AUDIENCE[notice.audience]
    const subjectId = notice.referralId ?? notice.needId
    for (const openid of new Set(recipients[notice.audience])) {
      const _id = `${subjectId}:${context.kind}:${context.at}:${openid}`
      if (docs.has(_id)) continue
      docs.set(
        _id,
        messageDoc({
          _id,
          openid,
          subjectId,
          kind: context.kind,
          template,
          page: PAGE[notice.audience],
          subject: context.subject[notice.audience],
          state: template === 'needProgress' ? context.state : notice.title,
          note: notice.body,
          at: context.at
        })
      )
    }
  }
  return [...docs.values()]
}
