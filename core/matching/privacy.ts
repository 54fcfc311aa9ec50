/**
 * What of a need is personal, and how organizers see it (issue 10; PIPL art. 28, 51). Pure: the function seals and
 * opens (cloudfunctions/_shared/sealing.ts); core decides what is sealed and what a mask shows.
 *
 * A need's words (`text`, and `tokens`, the words segmented, which would spell the text out) and its precise point are
 * sealed at rest; everything else of a need is a vocabulary value, a number or a coarse point the lists, figures and
 * matching query by. Organizers work the 需求清单 from the masked form:
 *   - the words of a health or legal need (PIPL's sensitive categories: 医疗健康, and the legal matters — labour
 *     disputes, traffic accidents, family cases — people tell only to get help) are hidden entirely;
 *   - in any other need, what identifies a person is starred: mobile numbers, id numbers, any other long run of
 *     digits (bank cards, landlines), e-mail addresses;
 *   - the point is shown coarse (about 1 km) even when the requester consented to a precise one (that consent is for
 *     the provider who serves them).
 * An admin sees one value in full with a reason (`unmask`, audited). The requester sees their own need as written and
 * the provider of a referral sees it as the requester shared it (views.ts), never masked by this.
 */
import { coarseLocation, HIDDEN } from '../survey/pii'
import { rootOf } from '../survey/taxonomy'
import type { NeedLocation } from './model'

/** Taxonomy roots whose needs' words are sensitive personal information. */
export const SENSITIVE_NEED_ROOTS: readonly string[] = ['HEALTH', 'LEGAL']

/** The fields of a need sealed at rest. */
export const SEALED_NEED_FIELDS = ['text', 'tokens', 'location'] as const
export type SealedNeedField = (typeof SEALED_NEED_FIELDS)[number]

/** The fields an admin may unmask (tokens are the text again). */
export const UNMASKABLE_NEED_FIELDS = ['text', 'location'] as const
export type UnmaskableNeedField = (typeof UNMASKABLE_NEED_FIELDS)[number]

export const isSensitiveNeed = (category: string): boolean => SENSITIVE_NEED_ROOTS.includes(rootOf(category) ?? category)

/** What organizers read in place of a sensitive need's words. */
export const SENSITIVE_TEXT_MASK = `${HIDDEN}（涉及健康或法律的需求，内容仅服务方和管理员可见）`

const starred = (digits: string, head: number, tail: number): string =>
  digits.length <= head + tail ? '*'.repeat(digits.length) : digits.slice(0, head) + '*'.repeat(digits.length - head - tail) + digits.slice(digits.length - tail)

/** 18-digit id numbers (last may be X), 11-digit mobiles, and any other run of 7 or more digits, spaced or dashed. */
const DIGIT_RUN = /(?<![0-9])(?:[0-9][ -]?){6,}[0-9Xx](?![0-9])/g
const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g

/** `text` with what identifies a person starred: 138****5678, 6201**********1234, a***@example.com. */
export function maskIdentifiers(text: string): string {
  return text
    .replace(DIGIT_RUN, (run) => {
      const digits = run.replace(/[ -]/g, '')
      if (digits.length === 11 && digits.startsWith('1')) return starred(digits, 3, 4)
      if (digits.length === 18) return starred(digits, 4, 4)
      return starred(digits, 2, 2)
    })
    .replace(EMAIL, (address) => `${address[0]}***${address.slice(address.indexOf('@'))}`)
}

/** A need's words as organizers read them. */
export const maskedNeedText = (category: string, text: string): string => (isSensitiveNeed(category) ? SENSITIVE_TEXT_MASK : maskIdentifiers(text))

/** A need's point as organizers see it: about 1 km, whatever was consented. */
export const maskedNeedLocation = (location: NeedLocation): NeedLocation => ({ ...coarseLocation(location), precise: false })
