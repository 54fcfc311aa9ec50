/**
 * One step of the closed loop, applied the same way whoever takes it (a provider accepting, an organizer cancelling,
 * the requester rating or withdrawing): core decides the referral's move (actOnReferral) and what its need becomes
 * (needMoveAfter, moveNeed); this writes both, each conditional on the status it was read in, and queues the notices
 * of the change for the people concerned.
 *
 * The referral is written first: it is the step asked for, and its conditional write is what makes two concurrent
 * steps on one referral answer one of them CONFLICT. The need follows, conditional on its own status. What it becomes
 * depends on the need's other referrals, and those may be moving at the same moment (two providers declining at
 * once, each seeing the other's referral still open): so when another looked open, or the need moved meanwhile, the
 * need and its referrals are read again — after this step's own write — and core decides again. Of two racing steps
 * the later reader sees both, so the need never waits on a referral that is closed.
 */
import { DomainError, type Fail } from '@core/api/result'
import type { NotificationDoc } from '@core/booking'
import {
  actOnReferral,
  MATCHABLE_NEED_STATUSES,
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
import { queueMessages } from '../_shared'
import { notificationsFor, type Recipients } from './notify'
import { openNeed, sealNeed, store, type ReferralContext } from './repo'
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

/** A status write that keeps losing races this often means something is wrong, not busy. */
const MAX_ATTEMPTS = 20

const busy = (): DomainError => new DomainError('CONFLICT', CHANGED_MESSAGE)

/**
 * Cancels the referral if it is still open, whatever it moved to since it was read (a provider accepting it at the
 * same moment): each try is conditional on the status just read. Answers the cancelled referral, or null when it was
 * no longer open. One request, plus a read and a try per lost race.
 */
export async function cancelWhileOpen(referral: ReferralDoc, note: string, by: Actor, now: number): Promise<ReferralDoc | null> {
  let current: ReferralDoc | null = referral
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    if (!current || !OPEN_REFERRAL_STATUSES.includes(current.status)) return null
    const next = orThrow(actOnReferral(current, { type: 'cancel', note }, by, now))
    if ((await store.update('referrals', { _id: current._id, status: current.status }, withoutId(next))) === 1) return next
    current = await store.get('referrals', current._id)
  }
  throw busy()
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
export const announce = (notices: readonly MatchingNotice[], target: NoticeTarget, kind: string): Promise<number> => queueMessages(noticeDocs(notices, target, kind))

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
 * The need still waits to be referred although the referral was sent and has moved on: the send (confirmProposals)
 * writes the referral before its need, and a provider acted in between. The need is read again after this step's
 * write, and the send reads its referrals again after the need's: whichever comes second sees the other's write.
 */
const behindSend = (need: NeedDoc, referral: ReferralDoc): boolean =>
  MATCHABLE_NEED_STATUSES.includes(need.status) && referral.status !== 'proposed' && referral.status !== 'sent'

/**
 * Moves the need after `referral` (as just written) the way core's needMoveAfter says, given its other referrals.
 * `need` and `siblings` are as loaded before the referral was written; they are read again when they may be out of
 * date: another referral looked open (it may have closed meanwhile, its step counting this one as open), the need had
 * not caught up with the send yet (behindSend), or the need moved before this write landed. Answers the need and the
 * referrals as last seen. No request when nothing moves, one when the need moves; two more per re-read.
 */
export async function followNeed(need: NeedDoc, siblings: readonly ReferralDoc[], referral: ReferralDoc, by: Actor, now: number): Promise<Omit<Stepped, 'referral'>> {
  let seen = siblings.map((r) => (r._id === referral._id ? referral : r))
  let current = referral
  let fresh = false
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const others = otherOpen(seen, current)
    const to = needMoveAfter(need, current, others)
    if (to === undefined) {
      if (fresh || (others === 0 && !behindSend(need, current))) return { need, siblings: seen }
    } else {
      const moved = movedNeed(need, { to, at: now, by: needActor(by) })
      if (await writeNeed(need, moved)) return { need: moved, siblings: seen }
    }
    const [again, referrals] = await Promise.all([store.get('needs', need._id), store.findAll('referrals', { needId: need._id })])
    if (!again) return { need, siblings: seen }
    need = openNeed(dataKeysOf('followNeed'), again)
    seen = referrals
    current = referrals.find((r) => r._id === current._id) ?? current
    fresh = true
  }
  throw busy()
}

/**
 * Takes `action` on the loaded referral as `by`: the referral's move, its need's move, the notices. Three requests
 * (referral, need when it moves, notices when someone is told), two more when the need's referrals are read again.
 */
export async function stepReferral(loaded: ReferralContext, action: ReferralAction, by: Actor, now: number): Promise<Stepped> {
  const next = orThrow(actOnReferral(loaded.referral, action, by, now))
  await writeReferral(loaded.referral, next)
  const { need, siblings } = await followNeed(loaded.need, loaded.siblings, next, by, now)
  const serviceTitle = loaded.service?.title ?? '服务方'
  await announce(referralNotices(next, serviceTitle), { need, serviceTitle, recipients: recipientsOf(loaded), at: now }, `referral-${next.status}`)
  return { referral: next, need, siblings }
}
