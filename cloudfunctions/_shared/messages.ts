/**
 * Subscribe messages (订阅消息) as every function queues them: a document in the shared `notifications` queue, which
 * the course timer's sender sends within a minute. The two message templates of the community and the 服务 pages
 * (需求进度通知 and 待办事项提醒) share one keyword layout, written once here with WeChat's length limits, and one way of
 * queueing that lets a retried step queue nothing twice: `_id` is `<subject>:<kind>:<at>:<openid>` unless the caller
 * names one.
 */
import type { NotificationDoc } from '@core/booking'
import type { MatchingTemplate } from '@core/matching'
import { formatTime, partsOf } from '@core/time'
import { createStore, isDuplicateKeyError } from './store'

/** Keyword layout of each template (pick templates with these keywords in 公众平台, or change them here). */
export const MESSAGE_TEMPLATE_FIELDS: Readonly<Record<MatchingTemplate, { subject: string; state: string; note: string; time: string }>> = {
  needProgress: { subject: 'thing1', state: 'phrase2', note: 'thing3', time: 'time4' },
  referralTask: { subject: 'thing1', state: 'thing2', note: 'thing3', time: 'time4' }
}

/** WeChat's limits: thing ≤ 20 characters, phrase ≤ 5. */
export const clip = (text: string, max: number): string => (Array.from(text).length <= max ? text : `${Array.from(text).slice(0, max - 1).join('')}…`)

/** '2025年3月4日 19:00', the `time` keyword's format. */
export const timeValue = (at: number): string => {
  const p = partsOf(at)
  return `${p.year}年${p.month}月${p.day}日 ${formatTime(at)}`
}

/** One message to one person: what it is about, its state in a word or a line, a note, and the page it opens. */
export interface Message {
  openid: string
  subjectId: string
  kind: string
  template: MatchingTemplate
  page: string
  subject: string
  state: string
  note: string
  at: number
  /** Where one step messages many people once (not per instant), the caller's own deterministic id. */
  _id?: string
}

export function messageDoc(m: Message): NotificationDoc {
  const fields = MESSAGE_TEMPLATE_FIELDS[m.template]
  return {
    _id: m._id ?? `${m.subjectId}:${m.kind}:${m.at}:${m.openid}`,
    openid: m.openid,
    subjectId: m.subjectId,
    kind: m.kind,
    template: m.template,
    page: m.page,
    data: {
      [fields.subject]: { value: clip(m.subject, 20) },
      [fields.state]: { value: clip(m.state, m.template === 'needProgress' ? 5 : 20) },
      [fields.note]: { value: clip(m.note, 20) },
      [fields.time]: { value: timeValue(m.at) }
    },
    sendAt: m.at,
    status: 'pending',
    attempts: 0,
    createdAt: m.at,
    updatedAt: m.at
  }
}

const queueStore = createStore<{ notifications: NotificationDoc }>()

/** Queues the documents in one request; a retried step whose messages are already queued adds nothing. */
export async function queueMessages(docs: readonly NotificationDoc[]): Promise<number> {
  if (docs.length === 0) return 0
  try {
    await queueStore.insertMany('notifications', docs)
    return docs.length
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err
  }
  // Some were queued by an earlier try of the same step: the batch is all or nothing, so one by one.
  let queued = 0
  for (const doc of docs) {
    try {
      await queueStore.insert('notifications', doc)
      queued++
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err
    }
  }
  return queued
}
