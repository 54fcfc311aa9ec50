/**
 * Steps 6 and 7 of function `courseTimer`, and the class reminders of step 5: subscribe messages (订阅消息) about
 * bookings — the wording, queueing and sending. Which templates exist is configuration (course/templates.ts); a
 * message whose template is not configured is not sent (a logged configuration error, the notification marked
 * failed), never sent with a made-up id.
 *
 *   SUBSCRIBE_MINIPROGRAM_STATE   developer | trial | formal (default formal): which version a message opens
 * The keyword layout of each template (thing1, time2, …) is TEMPLATE_FIELDS; pick templates with these keywords in
 * 公众平台 → 订阅消息, or change the layout here.
 *
 * Flow: a change that deserves a message writes a notice onto the booking in the same update (noticeFields in
 * seats.ts), so the change and its message cannot come apart. The timer then (6) turns notices into `notifications`
 * documents with deterministic ids — queued once however often it runs — for the templates the person accepted, and
 * (7) sends due notifications, each claimed first with a conditional update pending → sending, so concurrent timer
 * runs never send one twice. Class reminders are queued by the timer an hour before the start.
 *
 * Step 7 sends every due message of the queue, not only booking ones: the `service` function queues its matching
 * notices (需求进度, 待办事项) into the same `notifications` collection with their own templates
 * (service/templates.ts), so one sender with one claim rule and one per-minute cadence serves both. Their consent is
 * counted apart (service/consents.ts: acceptances per person and template): each matching message uses one up once
 * claimed, and one whose person has none left is marked skipped (未订阅) — not sent to fail, never retried. Course
 * messages were only queued for what the booking accepted, so they are sent as they are.
 */
import {
  NOTICE_TEMPLATE,
  SUBSCRIPTION_KINDS,
  type BookingDoc,
  type MessageTemplate,
  type NoticeKind,
  type NotificationDoc,
  type SessionDoc,
  type SubscriptionKind
} from '@core/booking'
import { MATCHING_TEMPLATES, type MatchingTemplate } from '@core/matching'
import { formatTime } from '@core/time'
import { _, clip, isDuplicateKeyError, openapi, PAGE_SIZE, timeValue } from '../_shared'
import { store } from '../course/repo'
import { inBatches } from '../course/seats'
import { missingTemplates, TEMPLATE_VARIABLE, templateId } from '../course/templates'
import { useAcceptance } from '../service/consents'
import { MATCHING_TEMPLATE_VARIABLE, matchingTemplateId } from '../service/templates'
import type { Budget } from './runner'

const MINIPROGRAM_STATES = ['developer', 'trial', 'formal'] as const
type MiniprogramState = (typeof MINIPROGRAM_STATES)[number]
const isMiniprogramState = (v: string): v is MiniprogramState => (MINIPROGRAM_STATES as readonly string[]).includes(v)
const miniprogramState = (): MiniprogramState => {
  const v = process.env.SUBSCRIBE_MINIPROGRAM_STATE ?? ''
  return isMiniprogramState(v) ? v : 'formal'
}

/** Keyword layout of each template: course, time, place, then a status word (phrase, ≤5 字) and a note (thing, ≤20 字). */
const TEMPLATE_FIELDS: Record<SubscriptionKind, { course: string; time: string; place: string; status?: string; note: string }> = {
  confirmed: { course: 'thing1', time: 'time2', place: 'thing3', status: 'phrase4', note: 'thing5' },
  reminder: { course: 'thing1', time: 'time2', place: 'thing3', note: 'thing4' },
  promoted: { course: 'thing1', time: 'time2', place: 'thing3', status: 'phrase4', note: 'thing5' }
}

/** The page a message opens: 我的预约. */
const BOOKINGS_PAGE = 'packages/course/bookings'


const WORDING: Record<NoticeKind, { status: string; note: (b: Pick<BookingDoc, 'holdUntilAt'>) => string }> = {
  confirmed: { status: '预约成功', note: () => '请准时到场，来不了请提前取消' },
  promoted: { status: '递补成功', note: () => '候补已转为正式名额，请准时到场' },
  held: { status: '名额保留', note: (b) => `名额为您保留至${b.holdUntilAt ? formatTime(b.holdUntilAt) : '开课前'}，请尽快确认` },
  reminder: { status: '即将开课', note: () => '课程一小时后开始，请准时签到' },
  changed: { status: '时间调整', note: () => '课程安排有调整，请查看最新时间' },
  cancelled: { status: '课程取消', note: () => '本节课已取消，给您带来不便请谅解' }
}

type MessageSession = Pick<SessionDoc, '_id' | 'title' | 'startAt' | 'venueId'>

/** The notification for one notice about one booking. */
function notificationFor(
  booking: Pick<BookingDoc, '_id' | 'openid' | 'sessionId' | 'holdUntilAt'>,
  kind: NoticeKind,
  at: number,
  session: MessageSession,
  venueName: string,
  sendAt: number
): NotificationDoc {
  const template = NOTICE_TEMPLATE[kind]
  const fields = TEMPLATE_FIELDS[template]
  const wording = WORDING[kind]
  const data: NotificationDoc['data'] = {
    [fields.course]: { value: clip(session.title, 20) },
    [fields.time]: { value: timeValue(session.startAt) },
    [fields.place]: { value: clip(venueName || '友邻空间', 20) },
    [fields.note]: { value: clip(wording.note(booking), 20) }
  }
  if (fields.status) data[fields.status] = { value: clip(wording.status, 5) }
  return {
    _id: `${booking._id}:${kind}:${at}`,
    openid: booking.openid,
    subjectId: booking._id,
    sessionId: booking.sessionId,
    kind,
    template,
    page: BOOKINGS_PAGE,
    data,
    sendAt,
    status: 'pending',
    attempts: 0,
    createdAt: at,
    updatedAt: at
  }
}

/**
 * Queues notifications once: those already stored (by `_id`) are skipped, and a concurrent queuer's duplicate is
 * ignored. 1 read + 1 batch insert per 1000. Returns how many were newly queued.
 */
async function queueNotifications(docs: readonly NotificationDoc[]): Promise<number> {
  let queued = 0
  for (let i = 0; i < docs.length; i += PAGE_SIZE) {
    const chunk = docs.slice(i, i + PAGE_SIZE)
    const stored = await store.findAll('notifications', { _id: _.in(chunk.map((d) => d._id)) }, { _id: true })
    const known = new Set(stored.map((d) => d._id))
    const fresh = chunk.filter((d) => !known.has(d._id))
    if (fresh.length === 0) continue
    try {
      await store.insertMany('notifications', fresh)
      queued += fresh.length
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err
      // Another run queued some of them in between; a batch insert is all-or-nothing, so insert one by one.
      await inBatches(fresh, async (doc) => {
        try {
          await store.insert('notifications', doc)
          queued++
        } catch (e) {
          if (!isDuplicateKeyError(e)) throw e
        }
      })
    }
  }
  return queued
}

/** Venue names by id, for the messages' place. */
async function venueNames(ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map()
  const venues = await store.findAll('venues', { _id: _.in([...new Set(ids)]) }, { _id: true, name: true })
  return new Map(venues.map((v) => [v._id, v.name]))
}

/**
 * Turns the notices written onto bookings into notifications (only for templates the person accepted), then clears
 * them — conditional on no notice having been added meanwhile, which the next run then picks up.
 */
export async function relayNotices(now: number): Promise<number> {
  const marked = await store.findAll('bookings', { noticePending: true })
  if (marked.length === 0) return 0
  const sessions = await store.findAll('sessions', { _id: _.in([...new Set(marked.map((b) => b.sessionId))]) }, {
    _id: true,
    title: true,
    startAt: true,
    venueId: true
  })
  const byId = new Map(sessions.map((s) => [s._id, s]))
  const venues = await venueNames(sessions.map((s) => s.venueId))
  const docs: NotificationDoc[] = []
  for (const b of marked) {
    const session = byId.get(b.sessionId)
    if (!session) continue
    for (const n of b.notices ?? []) {
      if (!(b.subscribe ?? []).includes(NOTICE_TEMPLATE[n.kind])) continue
      docs.push(notificationFor(b, n.kind, n.at, session, venues.get(session.venueId) ?? '', now))
    }
  }
  const queued = await queueNotifications(docs)
  await inBatches(marked, async (b) => {
    await store.update('bookings', { _id: b._id, notices: _.size((b.notices ?? []).length) }, { notices: _.remove(), noticePending: _.remove() })
  })
  return queued
}

/** Minutes before the start a class reminder goes out. */
export const REMIND_BEFORE_MIN = 60

/**
 * Class reminders for a session about to start: one per person holding a seat who accepted the reminder template.
 * `_id` carries the start, so a session moved to another time is reminded again, and a repeat queues nothing.
 */
export async function queueReminders(session: SessionDoc, now: number): Promise<number> {
  const bookings = await store.findAll('bookings', { sessionId: session._id, status: _.in(['confirmed', 'held']) })
  const subscribed = bookings.filter((b) => (b.subscribe ?? []).includes('reminder'))
  if (subscribed.length === 0) return 0
  const venue = (await venueNames([session.venueId])).get(session.venueId) ?? ''
  return queueNotifications(subscribed.map((b) => notificationFor(b, 'reminder', session.startAt, session, venue, now)))
}

const isMatchingTemplate = (template: MessageTemplate): template is MatchingTemplate => (MATCHING_TEMPLATES as readonly string[]).includes(template)

/** The configured id of any queued message's template (course or matching), or null. */
const messageTemplateId = (template: MessageTemplate): string | null => (isMatchingTemplate(template) ? matchingTemplateId(template) : templateId(template))

const templateVariable = (template: MessageTemplate): string =>
  isMatchingTemplate(template) ? MATCHING_TEMPLATE_VARIABLE[template] : TEMPLATE_VARIABLE[template]

/** Logs each matching template that due messages need and that is not configured (the course ones: missingTemplates). */
function missingMatchingTemplates(due: readonly NotificationDoc[]): void {
  const used = new Set(due.map((doc) => doc.template))
  for (const template of MATCHING_TEMPLATES) {
    if (used.has(template) && matchingTemplateId(template) === null) {
      console.error(`[courseTimer.send] configuration error: environment variable ${MATCHING_TEMPLATE_VARIABLE[template]} is not set; no ${template} messages`)
    }
  }
}

/** Due notifications sent per timer run at most (the rest wait a minute), and how many go out at once. */
const SEND_LIMIT = 500
const SEND_AT_ONCE = 20

/** Why a matching message is not sent: its person has no acceptance of its template left. */
export const NOT_SUBSCRIBED = '未订阅'

/**
 * How a send ended: sent, or failed with WeChat's error (e.g. 43101: the person's subscription was used up), or
 * skipped (claimed by another run, or not subscribed). A matching message uses one acceptance only after this run
 * claimed it, so a message two runs race for takes one.
 */
async function sendOne(doc: NotificationDoc, template: string, now: number): Promise<'sent' | 'failed' | 'skipped'> {
  const claimed = await store.update('notifications', { _id: doc._id, status: 'pending' }, { status: 'sending', claimedAt: now, attempts: _.inc(1), updatedAt: now })
  if (claimed !== 1) return 'skipped'
  if (isMatchingTemplate(doc.template) && !(await useAcceptance(doc.openid, doc.template, now))) {
    await store.updateDoc('notifications', doc._id, { status: 'skipped', reason: NOT_SUBSCRIBED, updatedAt: now })
    return 'skipped'
  }
  try {
    await openapi.subscribeMessage.send({
      touser: doc.openid,
      templateId: template,
      page: doc.page,
      data: doc.data,
      miniprogramState: miniprogramState()
    })
  } catch (err) {
    const { errCode, errMsg, message } = (err ?? {}) as { errCode?: number; errMsg?: string; message?: string }
    const error = `${errCode ?? ''} ${errMsg ?? message ?? String(err)}`.trim()
    await store.updateDoc('notifications', doc._id, { status: 'failed', error, updatedAt: now })
    return 'failed'
  }
  await store.updateDoc('notifications', doc._id, { status: 'sent', sentAt: now, updatedAt: now })
  return 'sent'
}

/** A message whose template is not configured: marked failed with the reason (once, if still pending), not sent. */
async function refuseUnconfigured(doc: NotificationDoc, now: number): Promise<'failed' | 'skipped'> {
  const error = `configuration: ${templateVariable(doc.template)} is not set`
  const marked = await store.update('notifications', { _id: doc._id, status: 'pending' }, { status: 'failed', error, updatedAt: now })
  return marked === 1 ? 'failed' : 'skipped'
}

/**
 * Sends due notifications, a batch at a time while the budget lasts. A notification found 'sending' (a run that died
 * mid-send) is never retried: the message may have gone out, and sending twice is worse than once too few.
 */
export async function sendDue(now: number, budget: Budget): Promise<{ sent: number; failed: number }> {
  const due = await store.find('notifications', { status: 'pending', sendAt: _.lte(now) }, { orderBy: ['sendAt', 'asc'], limit: SEND_LIMIT })
  const counts = { sent: 0, failed: 0 }
  if (due.length === 0) return counts
  // Logged once per run that has messages to send: a deployment without the template ids sends nothing.
  if (due.some((doc) => (SUBSCRIPTION_KINDS as readonly string[]).includes(doc.template))) missingTemplates('courseTimer.send')
  missingMatchingTemplates(due)
  for (let i = 0; i < due.length && !budget.spent(); i += SEND_AT_ONCE) {
    await Promise.all(
      due.slice(i, i + SEND_AT_ONCE).map(async (doc) => {
        const template = messageTemplateId(doc.template)
        const outcome = template === null ? await refuseUnconfigured(doc, now) : await sendOne(doc, template, now)
        if (outcome !== 'skipped') counts[outcome]++
      })
    )
  }
  return counts
}
