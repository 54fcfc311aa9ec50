/**
 * Registrations at rest (组织关系安家 and 入党申请, issue 12): what the person gave (name, phone, organization, where
 * their relation sits, since when they are a member, their note) and the follow-up with its notes are stored sealed
 * with the functions' data key (_shared/sealing.ts), each for its place `<registration id>/<field>`, so a ciphertext
 * copied into another registration opens nowhere. What stays in the clear is what lists and the lifecycle query by:
 * the owner's openid, the kind, the centre, the status and the times. `sealedWith` names the key, so a rotation finds
 * what it has left to do by a query.
 *
 * Every registration read is opened with `openRegistration` before core sees it, and every one written is sealed with
 * `sealRegistration`: the function works on core's PartyRegistrationDoc and never writes one as it is.
 */
import type { PartyPerson, PartyRegistrationDoc, PartyStep } from '@core/community/party'
import { reseal, seal, unseal, type DataKeys } from '../../_shared/sealing'

export interface SealedPartyFields {
  person: string
  history: string
}

/** A registration as stored. */
export type StoredPartyRegistration = Omit<PartyRegistrationDoc, 'person' | 'history'> & { sealed: SealedPartyFields; sealedWith: string }

const placeOf = (registrationId: string, field: keyof SealedPartyFields): string => `${registrationId}/${field}`

export function sealRegistration(keys: DataKeys, registration: PartyRegistrationDoc): StoredPartyRegistration {
  const { person, history, ...rest } = registration
  return {
    ...rest,
    sealed: { person: seal(keys, person, placeOf(registration._id, 'person')), history: seal(keys, history, placeOf(registration._id, 'history')) },
    sealedWith: keys.id
  }
}

export function openRegistration(keys: DataKeys, stored: StoredPartyRegistration): PartyRegistrationDoc {
  const { sealed, sealedWith: _key, ...rest } = stored
  return {
    ...rest,
    person: unseal<PartyPerson>(keys, sealed.person, placeOf(stored._id, 'person')),
    history: unseal<PartyStep[]>(keys, sealed.history, placeOf(stored._id, 'history'))
  }
}

/** Only who it is (an organizer's list reads no more). */
export const openPerson = (keys: DataKeys, stored: Pick<StoredPartyRegistration, '_id' | 'sealed'>): PartyPerson =>
  unseal<PartyPerson>(keys, stored.sealed.person, placeOf(stored._id, 'person'))

/** The sealed fields sealed again with the current key (a rotation). */
export const resealedRegistration = (keys: DataKeys, stored: StoredPartyRegistration): SealedPartyFields => ({
  person: reseal(keys, stored.sealed.person, placeOf(stored._id, 'person')),
  history: reseal(keys, stored.sealed.history, placeOf(stored._id, 'history'))
})
