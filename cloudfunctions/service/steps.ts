/**
 * One step of the closed loop, applied the same way whoever takes it (a provider accepting, an organizer cancelling,
 * the requester rating or withdrawing): core decides the referral's move (actOnReferral) and what its need becomes
 * (needMoveAfter, moveNeed); this writes both, each conditional on the status it was read in, and queues the notices
 * of the change for the people concerned.
 *
 * The referral is written first: it is the step asked for, and its conditional write is what makes two concurrent
 * steps on one referral answer one of them CONFLICT. The need follows, conditional on its own status; if the need
 * moved meanwhile (withdrawn while a provider accepted), the need's newer state stands and the step still counts.
 */
import { DomainError, type Fail } from '@core/api/result'
import type { NotificationDoc } from '@core/booking'
import {
  actOnReferral,
  moveNeed,
  needMoveAfter,
  NEED_STATUS_LABELS,
  OPEN_REFERRAL_STATUSES,
  referralNotices,
  type Actor,
  type MatchingNotice,
  type NeedDoc,
  type NeedMove,
  type ReferralAction,
  type ReferralDoc
} from '@core/matching'
import { taxonomyLabel } from '@core/survey'
import type { UserDoc } from '@core/user'
import { notificationsFor, queue, type Recipients } from './notify'
import { sealNeed, store, type ReferralContext } from './repo'
import { dataKeysOf } from './requester'

export const CHANGED_MESSAGE = '刚刚有人更新了这条记录，请刷新后再试'

/** Throws a core refusal as it is. */
export function orThrow<T>(moved: { ok: true; value: T } | Fail): T {
  if (!moved.ok) throw new DomainError(moved.code, moved.message, moved.field)
  return moved.value
}

const withoutId = <T extends { _id: string }>(doc: T): Omit<T, '_id'> => {
  const { _id: _omit, ...rest } = doc
  return rest
}

/** Writes `next` over the referral as read (`from`); CONFLICT when it moved meanwhile. One request. */
export async function writeReferral(from: ReferralDoc, next: ReferralDoc): Promise<void> {
  const changed = await store.update('referrals', { _id: from._id, status: from.status }, withoutId(next))
  if (changed !== 1) throw new DomainError('CONFLICT', CHANGED_MESSAGE)
}

/** Writes `next` over the need as read; false when the need moved meanwhile (its newer state stands). One request. */
export async function writeNeed(from: NeedDoc, next: NeedDoc): Promise<boolean> {
  return (await store.update('needs', { _id: from._id, status: from.status }, withoutId(sealNeed(dataKeysOf('writeNeed'), next)))) === 1
}

/** The need moved by `move`, or the refusal thrown. */
export const movedNeed = (need: NeedDoc, move: NeedMove): NeedDoc => orThrow(moveNeed(need, move))

/** Who the need's history names for a move that follows a referral step. */
const needActor = (by: Actor): Actor => (by === 'provider' || by === 'organizer' ? by : 'system')

/** Open referrals of the need besides `referral` (a proposal not yet sent waits on nobody). */
export const otherOpen = (siblings: readonly ReferralDoc[], referral: ReferralDoc): number =>
  siblings.filter((r) => r._id !== referral._id && r.status !== 'proposed' && OPEN_REFERRAL_STATUSES.includes(r.status)).length

const ids = (users: readonly UserDoc[]): string[] => users.map((user) => user._id)

export interface NoticeTarget {
  need: NeedDoc
  serviceTitle: string
  recipients: Recipients
  at: number
}

/** The messages of `notices` about one change (`kind`: a referral or need status), one per person concerned. */
export function noticeDocs(notices: readonly MatchingNotice[], target: NoticeTarget, kind: string): NotificationDoc[] {
  const subject = { requester: taxonomyLabel(target.need.category), provider: target.serviceTitle, organizer: target.serviceTitle }
  return notificationsFor(notices, target.recipients, { subject, state: NEED_STATUS_LABELS[target.need.status], kind, at: target.at })
}

/** Queues the messages of `notices`. One request (none when nobody is to be told). */
export const announce = (notices: readonly MatchingNotice[], target: NoticeTarget, kind: string): Promise<number> => queue(noticeDocs(notices, target, kind))

/** The recipients of a referral's change, from its loaded context. */
export const recipientsOf = (loaded: Pick<ReferralContext, 'requester' | 'providers' | 'organizers'>): Recipients => ({
  requester: loaded.requester ? [loaded.requester.openid] : [],
  provider: ids(loaded.providers),
  organizer: ids(loaded.organizers)
})

export interface Stepped {
  referral: ReferralDoc
  need: NeedDoc
  /** Every referral of the need, this one as it is now. */
  siblings: ReferralDoc[]
}

/**
 * Takes `action` on the loaded referral as `by`: the referral's move, its need's move, the notices. Three requests
 * (referral, need when it moves, notices when someone is told).
 */
export async function stepReferral(loaded: ReferralContext, action: ReferralAction, by: Actor, now: number): Promise<Stepped> {
  const next = orThrow(actOnReferral(loaded.referral, action, by, now))
  await writeReferral(loaded.referral, next)
  const siblings = loaded.siblings.map((r) => (r._id === next._id ? next : r))
  let need = loaded.need
  const to = needMoveAfter(need, next, otherOpen(siblings, next))
  if (to !== undefined) {
    const moved = movedNeed(need, { to, at: now, by: needActor(by) })
    if (await writeNeed(need, moved)) need = moved
  }
  const serviceTitle = loaded.service?.title ?? '服务方'
  await announce(referralNotices(next, serviceTitle), { need, serviceTitle, recipients: recipientsOf(loaded), at: now }, `referral-${next.status}`)
  return { referral: next, need, siblings }
}
