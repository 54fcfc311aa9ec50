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
import { formatTime, partsOf } from '@core/time'
import { isDuplicateKeyError } from '../_shared'
import { store } from './repo'
import { MATCHING_TEMPLATE_FIELDS } from './templates'

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

/** WeChat's limits: thing ≤ 20 characters, phrase ≤ 5. */
const clip = (text: string, max: number): string => (Array.from(text).length <= max ? text : `${Array.from(text).slice(0, max - 1).join('')}…`)

const timeValue = (at: number): string => {
  const p = partsOf(at)
  return `${p.year}年${p.month}月${p.day}日 ${formatTime(at)}`
}

/** The notification documents of `notices`, one per recipient of each. */
export function notificationsFor(notices: readonly MatchingNotice[], recipients: Recipients, context: NoticeContext): NotificationDoc[] {
  const docs = new Map<string, NotificationDoc>()
  for (const notice of notices) {
    const template = TEMPLATE_OF_AUDIENCE[notice.audience]
    const fields = MATCHING_TEMPLATE_FIELDS[template]
    const subjectId = notice.referralId ?? notice.needId
    for (const openid of new Set(recipients[notice.audience])) {
      const _id = `${subjectId}:${context.kind}:${context.at}:${openid}`
      if (docs.has(_id)) continue
      docs.set(_id, {
        _id,
        openid,
        subjectId,
        kind: context.kind,
        template,
        page: PAGE[notice.audience],
        data: {
          [fields.subject]: { value: clip(context.subject[notice.audience], 20) },
          [fields.state]: { value: clip(template === 'needProgress' ? context.state : notice.title, template === 'needProgress' ? 5 : 20) },
          [fields.note]: { value: clip(notice.body, 20) },
          [fields.time]: { value: timeValue(context.at) }
        },
        sendAt: context.at,
        status: 'pending',
        attempts: 0,
        createdAt: context.at,
        updatedAt: context.at
      })
    }
  }
  return [...docs.values()]
}

/** Queues the documents in one request; a retried step whose messages are already queued adds nothing. */
export async function queue(docs: readonly NotificationDoc[]): Promise<number> {
  if (docs.length === 0) return 0
  try {
    await store.insertMany('notifications', docs)
    return docs.length
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err
  }
  // Some were queued by an earlier try of the same step: the batch is all or nothing, so one by one.
  let queued = 0
  for (const doc of docs) {
    try {
      await store.insert('notifications', doc)
      queued++
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err
    }
  }
  return queued
}
