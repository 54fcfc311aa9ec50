/**
 * 组织关系安家 and 入党申请 (issue 12): the rules of a registration, pure (no I/O, no clock: `now` is a parameter).
 *
 * A new-employment party member looking for their organization registers a `relation` (党员找组织); a worker who wants
 * to join the party registers an `application` (入党意愿). Either is a request to be contacted by one centre, which
 * follows it up until it ends:
 *   relation     submitted → contacted → transferring (转接中) → settled (组织关系安家)   | closed at any open step
 *   application  submitted → contacted → guided (已递交入党申请书)                      | closed at any open step
 * The organizer of the centre moves it (a step may be skipped forward: a member reached by phone may be settled the
 * same day); the person only registers and withdraws, and withdrawing deletes the registration rather than moving it,
 * since what was given is political affiliation and nothing of it should outlive the wish to be contacted.
 *
 * Political affiliation is sensitive personal data (PIPL art. 28), so a registration needs its own consent — a
 * statement of its own, versioned, separate from the privacy policy — and everything the person gave is sealed at rest
 * by the function. What an organizer's list shows is masked here (王*, 138****5678: the survey's masking, one rule for
 * every masked name and phone); the detail is for the organizer of the registration's centre alone, audited.
 *
 * Messages to the person (subscribe messages leave the app and sit in a chat list) say only that their registration
 * at a centre moved, never a word about the party: the states they carry are neutral words of their own.
 */
import { mask } from '../survey/pii'

export const PARTY_KINDS = ['relation', 'application'] as const
export type PartyKind = (typeof PARTY_KINDS)[number]

export const PARTY_KIND_LABEL: Readonly<Record<PartyKind, string>> = { relation: '组织关系安家', application: '入党意愿' }

export const PARTY_STATUSES = ['submitted', 'contacted', 'transferring', 'settled', 'guided', 'closed'] as const
export type PartyStatus = (typeof PARTY_STATUSES)[number]

export const PARTY_STATUS_LABEL: Readonly<Record<PartyStatus, string>> = {
  submitted: '待联系',
  contacted: '已联系',
  transferring: '转接中',
  settled: '已安家',
  guided: '已递交入党申请书',
  closed: '已结束'
}

/** Where each kind can go from each status; a status absent from a kind's table is not one of its steps. */
const NEXT: Readonly<Record<PartyKind, Partial<Record<PartyStatus, readonly PartyStatus[]>>>> = {
  relation: {
    submitted: ['contacted', 'transferring', 'settled', 'closed'],
    contacted: ['transferring', 'settled', 'closed'],
    transferring: ['settled', 'closed']
  },
  application: {
    submitted: ['contacted', 'guided', 'closed'],
    contacted: ['guided', 'closed']
  }
}

/** The statuses an organizer may move a registration of `kind` in `status` to (none once it has ended). */
export const nextPartyStatuses = (kind: PartyKind, status: PartyStatus): readonly PartyStatus[] => NEXT[kind][status] ?? []

/** Still being followed up: one such registration per person and kind. */
export const isOpenParty = (status: PartyStatus): boolean => status === 'submitted' || status === 'contacted' || status === 'transferring'

/** The steps of each kind, in order, for a progress line (closed is an end, not a step). */
export const PARTY_STEPS: Readonly<Record<PartyKind, readonly PartyStatus[]>> = {
  relation: ['submitted', 'contacted', 'transferring', 'settled'],
  application: ['submitted', 'contacted', 'guided']
}

/** The statement a person consents to before registering; a new wording gets a new version. */
export const PARTY_CONSENT_VERSION = 'party-2026-11'
export const PARTY_CONSENT_STATEMENT =
  '我自愿向所选的党群服务中心提供我的政治面貌、所在单位或党组织、组织关系所在地和联系方式，' +
  '仅用于该中心联系我、协助组织关系转接或入党申请。这些信息加密保存，只有该中心的工作人员可以查看，' +
  '不会公开，也不会以明文导出；我可以随时撤回登记，撤回后这些信息即被删除。'

/** What the person gave: sealed at rest as one value, shown in full only to them and the centre's organizer. */
export interface PartyPerson {
  name: string
  phone: string
  /** 现工作单位或所在党组织. */
  currentOrg?: string
  /** 组织关系所在 (relation). */
  relationAt?: string
  /** 入党时间, e.g. 2015年 (relation). */
  partyMemberSince?: string
  note?: string
}

/** One step of the follow-up; notes are the organizer's words to the person. */
export interface PartyStep {
  status: PartyStatus
  at: number
  by: 'person' | 'organizer'
  note?: string
}

/** A registration as the function works on it, opened (the stored one seals `person` and `history`). */
export interface PartyRegistrationDoc {
  _id: string
  /** The person: their registrations are found and erased by it. */
  openid: string
  kind: PartyKind
  venueId: string
  status: PartyStatus
  person: PartyPerson
  history: PartyStep[]
  consent: { version: string; at: number }
  createdAt: number
  updatedAt: number
}

/** One registration per person and kind: a second register finds the first by its id. */
export const partyRegistrationId = (kind: PartyKind, openid: string): string => `party-${kind}-${openid}`

/** A new registration, its consent recorded at the moment it was given. */
export function newPartyRegistration(input: { kind: PartyKind; venueId: string; person: PartyPerson }, openid: string, now: number): PartyRegistrationDoc {
  return {
    _id: partyRegistrationId(input.kind, openid),
    openid,
    kind: input.kind,
    venueId: input.venueId,
    status: 'submitted',
    person: input.person,
    history: [{ status: 'submitted', at: now, by: 'person' }],
    consent: { version: PARTY_CONSENT_VERSION, at: now },
    createdAt: now,
    updatedAt: now
  }
}

/** Why a registration cannot be moved to `to`, in the organizer's words; undefined when it can. */
export function followUpProblem(registration: Pick<PartyRegistrationDoc, 'kind' | 'status'>, to: PartyStatus): string | undefined {
  if (!isOpenParty(registration.status)) return `这条登记已经${PARTY_STATUS_LABEL[registration.status]}，不能再跟进`
  if (!nextPartyStatuses(registration.kind, registration.status).includes(to)) {
    return `${PARTY_KIND_LABEL[registration.kind]}登记不能从“${PARTY_STATUS_LABEL[registration.status]}”改为“${PARTY_STATUS_LABEL[to]}”`
  }
  return undefined
}

/** The registration after the organizer moved it to `to` (followUpProblem said it may). */
export function followedUp(registration: PartyRegistrationDoc, to: PartyStatus, note: string | undefined, now: number): PartyRegistrationDoc {
  const step: PartyStep = { status: to, at: now, by: 'organizer', ...(note ? { note } : {}) }
  return { ...registration, status: to, history: [...registration.history, step], updatedAt: now }
}

/** Who it is, as an organizer's list shows them: 王*, 138****5678. */
export const maskedPartyPerson = (person: Pick<PartyPerson, 'name' | 'phone'>): { name: string; phone: string } => ({
  name: mask('name', person.name),
  phone: mask('phone', person.phone)
})

/**
 * What a message about a step says, nothing of the party in it: the subject, the state in at most five characters
 * (the template's phrase), and a note.
 */
export const PARTY_NOTICE_SUBJECT = '您在服务中心的登记'
export const PARTY_NOTICE_NOTE = '详情请打开友邻空间查看'
const NOTICE_STATE: Readonly<Record<PartyStatus, string>> = {
  submitted: '已受理',
  contacted: '已联系',
  transferring: '办理中',
  settled: '已办结',
  guided: '已办结',
  closed: '已结束'
}
export const partyNoticeState = (status: PartyStatus): string => NOTICE_STATE[status]
