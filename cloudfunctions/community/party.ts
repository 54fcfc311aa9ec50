/**
 * 组织关系安家 and 入党申请 (issue 12; API core/api/community/party.ts, rules core/community/party.ts). Political
 * affiliation is sensitive personal data, so the shape is the privacy's:
 *   - nothing is stored without its own consent (the schema refuses `consent` other than true; its version and time
 *     are stored), and what the person gave is sealed at rest (repo/party.ts) before the write;
 *   - the person reads their own in full and withdrawing deletes it, sealed fields and all;
 *   - organizers list their centre's registrations masked; the detail is for the organizer of its centre (an admin's
 *     of every centre), and each view leaves an audit entry naming who saw which registration, never what they saw;
 *   - a follow-up is audited and messages the person through the notifications queue (service notify.ts) in neutral
 *     words, since a subscribe message sits in a chat list anyone holding the phone can read.
 * There is no export of registrations: the masked list is all that leaves the detail view.
 * Free text goes through msgSecCheck (name, note, the organizer's note): the person's organization and where their
 * relation sits are proper names of organizations the organizer checks against the centre's own roster by phone.
 */
import { ADMIN_ONLY_KEYS_MESSAGE, ROTATE_BATCH, type RotateKeysInput, type RotateKeysOutput } from '@core/api/data-keys'
import type {
  FollowUpPartyInput,
  FollowUpPartyOutput,
  ListPartyInput,
  ListPartyOutput,
  MyPartyInput,
  MyPartyOutput,
  PartyDetailInput,
  PartyDetailOutput,
  PartyRegistrationView,
  RegisterPartyInput,
  RegisterPartyOutput,
  WithdrawPartyInput,
  WithdrawPartyOutput
} from '@core/api/community'
import { DomainError } from '@core/api/result'
import type { NotificationDoc } from '@core/booking'
import {
  followedUp,
  followUpProblem,
  isOpenParty,
  maskedPartyPerson,
  newPartyRegistration,
  partyNoticeState,
  PARTY_NOTICE_NOTE,
  PARTY_KINDS,
  PARTY_NOTICE_SUBJECT,
  PARTY_STATUS_LABEL,
  type PartyPerson,
  type PartyRegistrationDoc
} from '@core/community/party'
import { hasRole } from '@core/user'
import { _, audit, isDuplicateKeyError, messageDoc, queueMessages, requireShownTextsSafe, requireVenue, sumOfWrites, venueCondition, type ActionContext, type Where } from '../_shared'
import { requireDataKeys, type DataKeys } from '../_shared/sealing'
import { store } from './repo'
import { openPerson, openRegistration, resealedRegistration, sealRegistration, type StoredPartyRegistration } from './repo/party'

export const NOT_CONFIGURED_MESSAGE = '服务中心还没有配置数据密钥，暂时无法登记或查看，请联系服务中心'
export const NOT_FOUND_MESSAGE = '没有找到这条登记'
export const ALREADY_OPEN_MESSAGE = '您已经有一条正在跟进的登记，服务中心会尽快联系您'
export const CHANGED_MESSAGE = '这条登记刚刚有了变化，请刷新后再试'
/** The most registrations one organizer's list shows; a centre follows up far fewer at a time. */
export const PARTY_LIST_LIMIT = 200

/** The configured data keys; refuses (INTERNAL, logged) while they are not configured, rather than store in the clear. */
const dataKeysOf = (where: string): DataKeys => requireDataKeys(`community.${where}`, NOT_CONFIGURED_MESSAGE)

const viewOf = ({ openid: _owner, ...registration }: PartyRegistrationDoc): PartyRegistrationView => registration

const personOf = (input: RegisterPartyInput): PartyPerson => {
  const { name, phone, currentOrg, relationAt, partyMemberSince, note } = input
  const person: PartyPerson = { name, phone }
  if (currentOrg) person.currentOrg = currentOrg
  if (relationAt) person.relationAt = relationAt
  if (partyMemberSince) person.partyMemberSince = partyMemberSince
  if (note) person.note = note
  return person
}

export async function registerParty(ctx: ActionContext<RegisterPartyInput, 'user'>): Promise<RegisterPartyOutput> {
  const { input, openid, now } = ctx
  const keys = dataKeysOf('registerParty')
  if (!(await store.get('venues', input.venueId))) throw new DomainError('NOT_FOUND', '没有找到这个服务中心', 'venueId')
  await requireShownTextsSafe(
    [
      { field: 'name', label: '姓名', text: input.name },
      { field: 'note', label: '补充说明', text: input.note }
    ],
    openid
  )
  const registration = newPartyRegistration({ kind: input.kind, venueId: input.venueId, person: personOf(input) }, openid, now)
  const stored = sealRegistration(keys, registration)
  try {
    await store.insert('partyRegistrations', stored)
    return { registration: viewOf(registration) }
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err
  }
  // The person registered this kind before: while it is followed up it stays one; once ended, this one replaces it.
  const earlier = await store.get('partyRegistrations', registration._id)
  if (earlier && isOpenParty(earlier.status)) throw new DomainError('CONFLICT', ALREADY_OPEN_MESSAGE, 'kind')
  const { _id, ...fresh } = stored
  const replaced = earlier ? await store.update('partyRegistrations', { _id, status: earlier.status, updatedAt: earlier.updatedAt }, { ...fresh, sealed: _.set(fresh.sealed), consent: _.set(fresh.consent) }) : 0
  if (replaced !== 1) throw new DomainError('CONFLICT', CHANGED_MESSAGE)
  return { registration: viewOf(registration) }
}

export async function myParty(ctx: ActionContext<MyPartyInput, 'user'>): Promise<MyPartyOutput> {
  const keys = dataKeysOf('myParty')
  // One registration per kind at most: its id is the person's and the kind's.
  const found = await store.find('partyRegistrations', { openid: ctx.openid }, { limit: PARTY_KINDS.length, orderBy: ['createdAt', 'desc'] })
  return { items: found.map((stored) => viewOf(openRegistration(keys, stored))) }
}

export async function withdrawParty(ctx: ActionContext<WithdrawPartyInput, 'user'>): Promise<WithdrawPartyOutput> {
  const { registrationId } = ctx.input
  const stored = await store.get('partyRegistrations', registrationId)
  // Someone else's registration is answered as missing: whether a person registered is itself what is protected.
  if (!stored || stored.openid !== ctx.openid) throw new DomainError('NOT_FOUND', NOT_FOUND_MESSAGE, 'registrationId')
  await store.removeDoc('partyRegistrations', registrationId)
  return { withdrawn: registrationId }
}

export async function listParty(ctx: ActionContext<ListPartyInput, 'organizer'>): Promise<ListPartyOutput> {
  const keys = dataKeysOf('listParty')
  const { venueId, kind, status } = ctx.input
  const where: Where = {}
  const venues = venueCondition(ctx.user, venueId)
  if (venues !== undefined) where.venueId = venues
  if (kind) where.kind = kind
  if (status) where.status = status
  const found = await store.find('partyRegistrations', where, { limit: PARTY_LIST_LIMIT, orderBy: ['updatedAt', 'desc'] })
  return {
    items: found.map((stored) => ({
      _id: stored._id,
      kind: stored.kind,
      venueId: stored.venueId,
      status: stored.status,
      ...maskedPartyPerson(openPerson(keys, stored)),
      createdAt: stored.createdAt,
      updatedAt: stored.updatedAt
    }))
  }
}

/** The registration `registrationId` of a centre the organizer manages; NOT_FOUND or FORBIDDEN otherwise. */
async function loadManaged(ctx: ActionContext<{ registrationId: string }, 'organizer'>): Promise<StoredPartyRegistration> {
  const stored = await store.get('partyRegistrations', ctx.input.registrationId)
  if (!stored) throw new DomainError('NOT_FOUND', NOT_FOUND_MESSAGE, 'registrationId')
  requireVenue(ctx.user, stored.venueId, 'registrationId')
  return stored
}

export async function partyDetail(ctx: ActionContext<PartyDetailInput, 'organizer'>): Promise<PartyDetailOutput> {
  const keys = dataKeysOf('partyDetail')
  const stored = await loadManaged(ctx)
  const registration = openRegistration(keys, stored)
  await audit(ctx, 'viewParty', `partyRegistrations/${stored._id}`, { kind: stored.kind, venueId: stored.venueId })
  return { registration: viewOf(registration) }
}

/** The message of a step to the person: the need-progress template's layout, nothing of the party in it. */
function noticeOf(registration: PartyRegistrationDoc, now: number): NotificationDoc {
  const kind = `party-${registration.status}`
  return messageDoc({
    openid: registration.openid,
    subjectId: registration._id,
    kind,
    template: 'needProgress',
    page: 'packages/party/index',
    subject: PARTY_NOTICE_SUBJECT,
    state: partyNoticeState(registration.status),
    note: PARTY_NOTICE_NOTE,
    at: now
  })
}

export async function followUpParty(ctx: ActionContext<FollowUpPartyInput, 'organizer'>): Promise<FollowUpPartyOutput> {
  const keys = dataKeysOf('followUpParty')
  const { status, note } = ctx.input
  const stored = await loadManaged(ctx)
  const problem = followUpProblem(stored, status)
  if (problem) throw new DomainError('CONFLICT', problem, 'status')
  // The person reads the note among their registration's steps.
  await requireShownTextsSafe([{ field: 'note', label: '跟进说明', text: note }], ctx.openid)
  const moved = followedUp(openRegistration(keys, stored), status, note, ctx.now)
  const sealed = sealRegistration(keys, moved)
  const unchanged = { _id: stored._id, status: stored.status, updatedAt: stored.updatedAt }
  const updated = await store.update('partyRegistrations', unchanged, { status, sealed: _.set(sealed.sealed), sealedWith: sealed.sealedWith, updatedAt: ctx.now })
  if (updated !== 1) throw new DomainError('CONFLICT', CHANGED_MESSAGE)
  await Promise.all([
    queueMessages([noticeOf(moved, ctx.now)]),
    audit(ctx, 'followUpParty', `partyRegistrations/${stored._id}`, { from: stored.status, to: status, toLabel: PARTY_STATUS_LABEL[status] })
  ])
  return { registration: viewOf(moved) }
}

/**
 * Registrations sealed with an earlier key sealed again with the current one, a batch per call (core/api/data-keys.ts),
 * a few writes in flight at once (_shared/parallel.ts). Each is rewritten only if unchanged since it was read, so a
 * concurrent follow-up is never undone; that follow-up sealed it with the current key already.
 */
export async function rotateKeys(ctx: ActionContext<RotateKeysInput, 'organizer'>): Promise<RotateKeysOutput> {
  if (!hasRole(ctx.user, 'admin')) throw new DomainError('FORBIDDEN', ADMIN_ONLY_KEYS_MESSAGE)
  const keys = dataKeysOf('rotateKeys')
  const stale = { sealedWith: _.neq(keys.id) }
  const batch = await store.find('partyRegistrations', stale, { limit: ctx.input.limit ?? ROTATE_BATCH })
  const resealed = await sumOfWrites(batch, (stored) => {
    const unchanged = { _id: stored._id, sealedWith: stored.sealedWith, updatedAt: stored.updatedAt }
    return store.update('partyRegistrations', unchanged, { sealed: _.set(resealedRegistration(keys, stored)), sealedWith: keys.id })
  })
  const remaining = await store.count('partyRegistrations', stale)
  await audit(ctx, 'rotateKeys', 'partyRegistrations', { keyId: keys.id, resealed, remaining })
  return { keyId: keys.id, resealed, remaining }
}
