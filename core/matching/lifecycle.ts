/**
 * The two status machines of the closed loop, as tables, and the moves that follow them.
 *
 *   need      submitted → triaged → matching → referred → in_progress → resolved | unresolved(reason)
 *             | withdrawn | duplicate, with `history`
 *   referral  proposed → sent → accepted | declined → scheduled → completed (helped / not helped) → rated;
 *             cancelled from an open status
 *
 * Each move says who may make it (the requester withdraws, an organizer triages, a provider accepts …) and refuses an
 * illegal one with a Chinese message (`{ok:false, code:'CONFLICT'|'FORBIDDEN'}`, the functions' Fail), so a function
 * answers with it as it is. A referral move also says what its need becomes (`needMoveAfter`): sent → referred,
 * accepted → in_progress, declined or not helped → back to matching (the matcher then skips that service), helped →
 * resolved. The function applies both moves with the need's current status as the write's condition.
 */
import { fail, type Fail } from '../api/result'
import {
  CLOSED_NEED_STATUSES,
  COMPLETION_OUTCOME_LABELS,
  DECLINE_REASON_LABELS,
  NEED_STATUS_LABELS,
  OPEN_REFERRAL_STATUSES,
  REFERRAL_STATUS_LABELS,
  type Actor,
  type CompletionOutcome,
  type DeclineReason,
  type NeedDoc,
  type NeedStatus,
  type ReferralDoc,
  type ReferralStatus
} from './model'

/** A move's result: the changed document, or why not. */
export type Moved<T> = { ok: true; value: T } | Fail

/** Which statuses a need may move to from each, and who may move it there. */
const NEED_MOVES: Record<NeedStatus, Partial<Record<NeedStatus, readonly Actor[]>>> = {
  submitted: { triaged: ['organizer', 'system'], withdrawn: ['requester', 'organizer'], duplicate: ['organizer', 'system'] },
  triaged: {
    matching: ['organizer', 'system'],
    referred: ['organizer', 'system'],
    withdrawn: ['requester', 'organizer'],
    duplicate: ['organizer'],
    unresolved: ['organizer']
  },
  matching: {
    referred: ['organizer', 'system'],
    withdrawn: ['requester', 'organizer'],
    duplicate: ['organizer'],
    unresolved: ['organizer']
  },
  referred: {
    in_progress: ['provider', 'system'],
    matching: ['provider', 'organizer', 'system'],
    withdrawn: ['requester', 'organizer'],
    unresolved: ['organizer']
  },
  in_progress: {
    resolved: ['provider', 'organizer', 'system'],
    matching: ['provider', 'organizer', 'system'],
    unresolved: ['organizer'],
    withdrawn: ['requester', 'organizer']
  },
  resolved: {},
  unresolved: {},
  withdrawn: {},
  duplicate: {}
}

/** The statuses a need can move to now (whoever moves it). */
export const nextNeedStatuses = (status: NeedStatus): NeedStatus[] => Object.keys(NEED_MOVES[status]) as NeedStatus[]

export const isNeedClosed = (status: NeedStatus): boolean => CLOSED_NEED_STATUSES.includes(status)

/** Why a need cannot go from `from` to `to` (wording for the person who tried). */
function needRefusal(from: NeedStatus, to: NeedStatus): string {
  if (from === to) return `这条需求已经是“${NEED_STATUS_LABELS[to]}”了`
  if (isNeedClosed(from)) return `这条需求已${NEED_STATUS_LABELS[from].replace(/^已/, '')}，不能再改为“${NEED_STATUS_LABELS[to]}”`
  if (to === 'withdrawn') return '这条需求现在不能撤回'
  return `这条需求现在是“${NEED_STATUS_LABELS[from]}”，不能改为“${NEED_STATUS_LABELS[to]}”`
}

export interface NeedMove {
  to: NeedStatus
  at: number
  by: Actor
  /** Required for unresolved (why); the merge target for duplicate goes in `duplicateOf`. */
  note?: string
  duplicateOf?: string
}

/** The need after a status move, with its history; refuses a move the table does not allow, or one by the wrong actor. */
export function moveNeed(need: NeedDoc, move: NeedMove): Moved<NeedDoc> {
  const allowed = NEED_MOVES[need.status][move.to]
  if (!allowed) return fail('CONFLICT', needRefusal(need.status, move.to))
  if (!allowed.includes(move.by)) return fail('FORBIDDEN', `您不能把这条需求改为“${NEED_STATUS_LABELS[move.to]}”`)
  const note = move.note?.trim()
  if (move.to === 'unresolved' && !note) return fail('INVALID_INPUT', '请说明未能解决的原因', 'reason')
  if (move.to === 'duplicate' && (move.duplicateOf === undefined || move.duplicateOf === need._id)) {
    return fail('INVALID_INPUT', '请选择这条需求重复的那一条', 'intoNeedId')
  }
  const next: NeedDoc = {
    ...need,
    status: move.to,
    history: [...need.history, { from: need.status, to: move.to, at: move.at, by: move.by, ...(note ? { note } : {}) }],
    updatedAt: move.at
  }
  if (move.to === 'duplicate') next.duplicateOf = move.duplicateOf
  if (move.to === 'referred' && need.firstReferredAt === undefined) next.firstReferredAt = move.at
  if (isNeedClosed(move.to)) {
    next.closedAt = move.at
    if (note) next.closeNote = note
  }
  return { ok: true, value: next }
}

/** What a referral action needs besides its type. */
export type ReferralAction =
  | { type: 'send' }
  | { type: 'accept' }
  | { type: 'decline'; reason: DeclineReason; note?: string }
  | { type: 'schedule'; scheduledAt: number; place?: string }
  | { type: 'complete'; outcome: CompletionOutcome; note?: string }
  | { type: 'rate'; rating: number; comment?: string }
  | { type: 'cancel'; note: string }

export type ReferralActionType = ReferralAction['type']

/** Per action: the statuses it starts from, the status it leads to, and who may take it. */
const REFERRAL_ACTIONS: Record<ReferralActionType, { from: readonly ReferralStatus[]; to?: ReferralStatus; by: readonly Actor[] }> = {
  send: { from: ['proposed'], to: 'sent', by: ['organizer', 'system'] },
  accept: { from: ['sent'], to: 'accepted', by: ['provider'] },
  decline: { from: ['sent', 'accepted'], to: 'declined', by: ['provider'] },
  // Scheduling again changes the appointment.
  schedule: { from: ['accepted', 'scheduled'], to: 'scheduled', by: ['provider'] },
  complete: { from: ['accepted', 'scheduled'], to: 'completed', by: ['provider'] },
  rate: { from: ['completed'], to: 'rated', by: ['requester'] },
  cancel: { from: OPEN_REFERRAL_STATUSES, to: 'cancelled', by: ['organizer', 'requester', 'system'] }
}

const ACTION_LABELS: Record<ReferralActionType, string> = {
  send: '发送转介',
  accept: '接收',
  decline: '婉拒',
  schedule: '预约时间',
  complete: '标记完成',
  rate: '评价',
  cancel: '取消'
}

export const RATING_MIN = 1
export const RATING_MAX = 5

/** The statuses from which `action` may be taken (for buttons on a page). */
export const referralActionsFrom = (status: ReferralStatus): ReferralActionType[] =>
  (Object.keys(REFERRAL_ACTIONS) as ReferralActionType[]).filter((type) => REFERRAL_ACTIONS[type].from.includes(status))

/** The referral after `action` by `by` at `at`; refuses an action its status or its actor does not allow. */
export function actOnReferral(referral: ReferralDoc, action: ReferralAction, by: Actor, at: number): Moved<ReferralDoc> {
  const rule = REFERRAL_ACTIONS[action.type]
  if (!rule.from.includes(referral.status)) {
    return fail('CONFLICT', `这条转介现在是“${REFERRAL_STATUS_LABELS[referral.status]}”，不能${ACTION_LABELS[action.type]}`)
  }
  if (!rule.by.includes(by)) return fail('FORBIDDEN', `您不能${ACTION_LABELS[action.type]}这条转介`)
  const to = rule.to ?? referral.status
  const note = noteOf(action)
  const next: ReferralDoc = {
    ...referral,
    status: to,
    history: [...referral.history, { from: referral.status, to, at, by, ...(note ? { note } : {}) }],
    updatedAt: at
  }
  switch (action.type) {
    case 'send':
      next.sentAt = at
      break
    case 'accept':
      next.respondedAt = at
      break
    case 'decline':
      next.declineReason = action.reason
      next.respondedAt = referral.respondedAt ?? at
      break
    case 'schedule':
      if (action.scheduledAt <= at) return fail('INVALID_INPUT', '预约时间要晚于现在', 'scheduledAt')
      next.scheduledAt = action.scheduledAt
      if (action.place !== undefined) next.place = action.place
      break
    case 'complete':
      next.outcome = action.outcome
      next.completedAt = at
      break
    case 'rate':
      if (!Number.isInteger(action.rating) || action.rating < RATING_MIN || action.rating > RATING_MAX) {
        return fail('INVALID_INPUT', `评分应为${RATING_MIN}到${RATING_MAX}分`, 'rating')
      }
      next.rating = action.rating
      if (action.comment !== undefined) next.comment = action.comment
      break
    case 'cancel':
      break
  }
  return { ok: true, value: next }
}

/** The history note of an action: the reason a person reads later. */
function noteOf(action: ReferralAction): string | undefined {
  switch (action.type) {
    case 'decline':
      return action.note ? `${DECLINE_REASON_LABELS[action.reason]}：${action.note}` : DECLINE_REASON_LABELS[action.reason]
    case 'complete':
      return action.note ? `${COMPLETION_OUTCOME_LABELS[action.outcome]}：${action.note}` : COMPLETION_OUTCOME_LABELS[action.outcome]
    case 'cancel':
      return action.note
    default:
      return undefined
  }
}

/**
 * What the need becomes after its referral moved to `referral.status`, given its other open referrals; undefined
 * when it stays as it is. A need with another referral still open keeps waiting on that one.
 */
export function needMoveAfter(need: NeedDoc, referral: ReferralDoc, otherOpen: number): NeedStatus | undefined {
  if (isNeedClosed(need.status)) return undefined
  switch (referral.status) {
    case 'sent':
      return need.status === 'matching' || need.status === 'triaged' ? 'referred' : undefined
    case 'accepted':
      return need.status === 'referred' ? 'in_progress' : undefined
    case 'declined':
    case 'cancelled':
      return otherOpen === 0 && (need.status === 'referred' || need.status === 'in_progress') ? 'matching' : undefined
    case 'completed':
      if (referral.outcome === 'helped') return need.status === 'in_progress' ? 'resolved' : undefined
      return otherOpen === 0 && need.status === 'in_progress' ? 'matching' : undefined
    default:
      return undefined
  }
}

/**
 * Services the matcher must not propose again for this need: those that declined it, that were cancelled for it, or
 * that tried and could not help — and those with a referral still open (one referral per need and service).
 */
export function servicesTriedFor(referrals: readonly Pick<ReferralDoc, 'serviceId'>[]): Set<string> {
  return new Set(referrals.map((referral) => referral.serviceId))
}
