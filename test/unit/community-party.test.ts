/**
 * The rules of 组织关系安家 and 入党申请 (core/community/party.ts): which steps each kind takes, who is masked how,
 * and that a message's words say nothing of the party.
 */
import {
  followedUp,
  followUpProblem,
  isOpenParty,
  maskedPartyPerson,
  newPartyRegistration,
  nextPartyStatuses,
  partyNoticeState,
  PARTY_CONSENT_VERSION,
  PARTY_NOTICE_NOTE,
  PARTY_NOTICE_SUBJECT,
  PARTY_STATUSES,
  type PartyKind,
  type PartyStatus
} from '@core/community/party'

const NOW = Date.UTC(2026, 10, 30, 2)

describe('lifecycle', () => {
  const allowed = (kind: PartyKind, from: PartyStatus, to: PartyStatus) => followUpProblem({ kind, status: from }, to) === undefined

  test('a relation goes submitted → contacted → transferring → settled, or is closed while open', () => {
    expect(allowed('relation', 'submitted', 'contacted')).toBe(true)
    expect(allowed('relation', 'contacted', 'transferring')).toBe(true)
    expect(allowed('relation', 'transferring', 'settled')).toBe(true)
    expect(allowed('relation', 'transferring', 'closed')).toBe(true)
    expect(allowed('relation', 'contacted', 'guided')).toBe(false)
    expect(allowed('relation', 'transferring', 'contacted')).toBe(false)
  })

  test('an application goes submitted → contacted → guided, never through a transfer', () => {
    expect(nextPartyStatuses('application', 'contacted')).toEqual(['guided', 'closed'])
    expect(allowed('application', 'contacted', 'transferring')).toBe(false)
    expect(allowed('application', 'submitted', 'settled')).toBe(false)
  })

  test('an ended registration moves no more, and says why', () => {
    for (const status of ['settled', 'guided', 'closed'] as const) {
      expect(isOpenParty(status)).toBe(false)
      expect(followUpProblem({ kind: 'relation', status }, 'closed')).toMatch(/不能再跟进/)
    }
  })

  test('a new registration records its consent; a follow-up adds the organizer step with its note', () => {
    const registration = newPartyRegistration({ kind: 'relation', venueId: 'venue-lanmu', person: { name: '张志强', phone: '13893120101' } }, 'demo-x', NOW)
    expect(registration).toMatchObject({ _id: 'party-relation-demo-x', status: 'submitted', consent: { version: PARTY_CONSENT_VERSION, at: NOW } })
    const moved = followedUp(registration, 'contacted', '已电话联系', NOW + 1000)
    expect(moved.history).toEqual([
      { status: 'submitted', at: NOW, by: 'person' },
      { status: 'contacted', at: NOW + 1000, by: 'organizer', note: '已电话联系' }
    ])
    expect(moved).toMatchObject({ status: 'contacted', updatedAt: NOW + 1000 })
  })
})

describe('masking and messages', () => {
  test('a list shows the family name and the ends of the phone', () => {
    expect(maskedPartyPerson({ name: '王建军', phone: '13812345678' })).toEqual({ name: '王**', phone: '138****5678' })
    expect(maskedPartyPerson({ name: '林浩', phone: '17793110612' })).toEqual({ name: '林*', phone: '177****0612' })
  })

  test('no message word is about the party, and every state fits the template (five characters)', () => {
    const words = [PARTY_NOTICE_SUBJECT, PARTY_NOTICE_NOTE, ...PARTY_STATUSES.map(partyNoticeState)]
    for (const word of words) expect(word).not.toMatch(/党|入党|组织关系|安家/)
    for (const status of PARTY_STATUSES) expect(Array.from(partyNoticeState(status)).length).toBeLessThanOrEqual(5)
  })
})
