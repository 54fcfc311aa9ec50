/**
 * Needs at rest (issue 10): a need's words, their segmented tokens and its precise point are stored sealed with the
 * functions' data key (_shared/sealing.ts; which fields, core matching privacy.ts), each for its place
 * `<need id>/<field>`, so a copied ciphertext opens nowhere else. The point is kept beside them rounded to about 1 km,
 * as a need without consent to the precise point has always stored it, so nothing the lists, figures or matching
 * query by is sealed. `sealedWith` names the key that sealed the need, so a key rotation finds what it has left to do
 * by a query. A need stored before needs were sealed has its words in the clear and no `sealedWith`: it reads as it
 * is, and the first rotation run (service `rotateKeys`) seals it like any other.
 *
 * Every need read from the store is opened with `openNeed` before core sees it, and every need written is sealed with
 * `sealNeed`: the rest of the function works on core's NeedDoc and never writes one as it is.
 */
import { randomBytes } from 'crypto'
import { maskedNeedLocation, type NeedDoc, type NeedLocation } from '@core/matching'
import { reseal, seal, unseal, type DataKeys } from '../../_shared/sealing'

/** The sealed fields of a stored need. */
export interface SealedNeedFields {
  text: string
  tokens: string
  /** The precise point, when the requester consented to it. */
  location?: string
}

/** A need as stored: its words and precise point sealed, the point beside them coarse. */
export type StoredNeed = Omit<NeedDoc, 'text' | 'tokens'> & {
  /** Absent only on a need stored before needs were sealed. */
  sealed?: SealedNeedFields
  sealedWith?: string
  /** Only on a need stored before needs were sealed: its words in the clear, until a rotation run seals them. */
  text?: string
  tokens?: string[]
}

const placeOf = (needId: string, field: keyof SealedNeedFields): string => `${needId}/${field}`

/** An `_id` for a need made now (a sealed value's place names its record, so the id comes before the insert). */
export const freshNeedId = (): string => `need-${randomBytes(12).toString('hex')}`

/** The need as stored. */
export function sealNeed(keys: DataKeys, need: NeedDoc): StoredNeed & { sealed: SealedNeedFields } {
  const { text, tokens, location, ...rest } = need
  const precise = location?.precise === true
  return {
    ...rest,
    ...(location === undefined ? {} : { location: precise ? maskedNeedLocation(location) : location }),
    sealed: {
      text: seal(keys, text, placeOf(need._id, 'text')),
      tokens: seal(keys, tokens, placeOf(need._id, 'tokens')),
      ...(precise ? { location: seal(keys, { lat: location.lat, lng: location.lng }, placeOf(need._id, 'location')) } : {})
    },
    sealedWith: keys.id
  }
}

/** The need as core works on it. */
export function openNeed(keys: DataKeys, stored: StoredNeed): NeedDoc {
  const { sealed, sealedWith: _key, text: clearText, tokens: clearTokens, ...rest } = stored
  if (!sealed) return { ...rest, text: clearText ?? '', tokens: clearTokens ?? [] }
  const point = sealed.location === undefined ? undefined : unseal<{ lat: number; lng: number }>(keys, sealed.location, placeOf(stored._id, 'location'))
  const location: NeedLocation | undefined = point ? { ...point, precise: true } : stored.location
  return {
    ...rest,
    text: unseal<string>(keys, sealed.text, placeOf(stored._id, 'text')),
    tokens: unseal<string[]>(keys, sealed.tokens, placeOf(stored._id, 'tokens')),
    ...(location === undefined ? {} : { location })
  }
}

/** Only the tokens of a stored need (the duplicate check reads no more). */
export const openNeedTokens = (keys: DataKeys, stored: Pick<StoredNeed, '_id' | 'sealed' | 'tokens'>): string[] =>
  stored.sealed ? unseal<string[]>(keys, stored.sealed.tokens, placeOf(stored._id, 'tokens')) : stored.tokens ?? []

/**
 * What a key rotation writes over a stored need: its sealed fields sealed again with the current key, or — for a need
 * stored before needs were sealed — its words and precise point sealed and removed from the clear.
 */
export function rotatedNeed(keys: DataKeys, stored: StoredNeed): { sealed: SealedNeedFields; sealedWith: string; clear?: Pick<StoredNeed, 'location'> } {
  if (!stored.sealed) {
    const sealed = sealNeed(keys, openNeed(keys, stored))
    return { sealed: sealed.sealed, sealedWith: keys.id, clear: { location: sealed.location } }
  }
  const { text, tokens, location } = stored.sealed
  return {
    sealed: {
      text: reseal(keys, text, placeOf(stored._id, 'text')),
      tokens: reseal(keys, tokens, placeOf(stored._id, 'tokens')),
      ...(location === undefined ? {} : { location: reseal(keys, location, placeOf(stored._id, 'location')) })
    },
    sealedWith: keys.id
  }
}
