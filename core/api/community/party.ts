/**
 * 组织关系安家 and 入党申请 (issue 12): a party member finds their organization, a worker asks to join, a centre's
 * organizer follows up. The rules are core/community/party.ts; political affiliation is sealed at rest, masked in
 * lists, shown whole only to the person and the organizer of the registration's centre, never exported.
 *   registerParty    {kind, name, phone, currentOrg?, relationAt?, partyMemberSince?, venueId, note?, consent: true}
 *                    → {registration}: one open registration per person and kind (CONFLICT otherwise)
 *   myParty          {} → {items}: my registrations, what I gave in full
 *   withdrawParty    {registrationId} → {withdrawn}: deletes it and everything sealed in it
 *   listParty        {venueId?, kind?, status?} → {items}: organizers of the centre, masked
 *   partyDetail      {registrationId} → {registration}: organizers of its centre, in full, audited as a view
 *   followUpParty    {registrationId, status, note?} → {registration}: audited; the person is messaged, no party words
 *   rotateKeys       {limit?} → {keyId, resealed, remaining}: admins, registrations sealed again (core/api/data-keys.ts)
 */
import { idSchema } from '../../booking/model'
import { PARTY_KINDS, PARTY_STATUSES, type PartyKind, type PartyRegistrationDoc, type PartyStatus } from '../../community/party'
import * as s from '../../schema'
import type { RotateKeysInput, RotateKeysOutput } from '../data-keys'
import type { Action } from '../action'

const registrationId = idSchema('登记')
const venueId = idSchema('服务中心')
const kind = s.oneOf(PARTY_KINDS, { label: '登记类型' })
const status = s.oneOf(PARTY_STATUSES, { label: '跟进状态' })

/** Mainland mobiles: the organizer calls the person back. */
const MOBILE = /^1[3-9]\d{9}$/

export const PARTY_NOTE_MAX = 200

export const registerPartySchema = s.refine(
  s.object({
    kind,
    name: s.string({ label: '姓名', min: 1, max: 20 }),
    phone: s.string({ label: '手机号', min: 1, pattern: MOBILE, patternHint: '应为11位手机号' }),
    currentOrg: s.optional(s.string({ label: '现工作单位或所在党组织', max: 60 })),
    relationAt: s.optional(s.string({ label: '组织关系所在', max: 60 })),
    partyMemberSince: s.optional(s.string({ label: '入党时间', max: 20 })),
    venueId,
    note: s.optional(s.string({ label: '补充说明', max: PARTY_NOTE_MAX, multiline: true })),
    consent: s.literal(true, { label: '同意', message: '请先阅读并勾选同意《政治面貌信息处理说明》' })
  }),
  (input) => (input.kind === 'relation' && !input.relationAt ? { message: '请填写组织关系所在（原单位或党组织）', path: ['relationAt'] } : undefined)
)
export type RegisterPartyInput = s.Infer<typeof registerPartySchema>

export const myPartySchema = s.object({})
export type MyPartyInput = s.Infer<typeof myPartySchema>

export const withdrawPartySchema = s.object({ registrationId })
export type WithdrawPartyInput = s.Infer<typeof withdrawPartySchema>

export const listPartySchema = s.object({ venueId: s.optional(venueId), kind: s.optional(kind), status: s.optional(status) })
export type ListPartyInput = s.Infer<typeof listPartySchema>

export const partyDetailSchema = s.object({ registrationId })
export type PartyDetailInput = s.Infer<typeof partyDetailSchema>

export const followUpPartySchema = s.object({
  registrationId,
  status,
  note: s.optional(s.string({ label: '跟进说明', max: PARTY_NOTE_MAX, multiline: true }))
})
export type FollowUpPartyInput = s.Infer<typeof followUpPartySchema>

/** A registration in full: to the person it is about, and to the organizer of its centre. */
export type PartyRegistrationView = Omit<PartyRegistrationDoc, 'openid'>

/** A registration in an organizer's list: who, masked, and where it stands; nothing of their affiliation. */
export interface PartyListItem {
  _id: string
  kind: PartyKind
  venueId: string
  status: PartyStatus
  /** 王*. */
  name: string
  /** 138****5678. */
  phone: string
  createdAt: number
  updatedAt: number
}

export interface RegisterPartyOutput {
  registration: PartyRegistrationView
}
export interface MyPartyOutput {
  items: PartyRegistrationView[]
}
export interface WithdrawPartyOutput {
  withdrawn: string
}
export interface ListPartyOutput {
  items: PartyListItem[]
}
export interface PartyDetailOutput {
  registration: PartyRegistrationView
}
export interface FollowUpPartyOutput {
  registration: PartyRegistrationView
}

export interface PartyApi {
  registerParty: Action<RegisterPartyInput, RegisterPartyOutput>
  myParty: Action<MyPartyInput, MyPartyOutput>
  withdrawParty: Action<WithdrawPartyInput, WithdrawPartyOutput>
  listParty: Action<ListPartyInput, ListPartyOutput>
  partyDetail: Action<PartyDetailInput, PartyDetailOutput>
  followUpParty: Action<FollowUpPartyInput, FollowUpPartyOutput>
  rotateKeys: Action<RotateKeysInput, RotateKeysOutput>
}
