/**
 * Personal answers at rest (issue 8; PIPL art. 51): each one stored sealed with the functions' data key
 * (_shared/sealing.ts), next to its masked form (core pii.ts, for lists and the default export) and — for classes that
 * identify a person — a keyed hash that dedupes without revealing the value. Hashes are scoped to one survey: they
 * dedupe within it, and the same phone number in two surveys does not link the two. A sealed answer's place is
 * `<record id>/<question id>`, so it opens only in the response or draft and the question it was given for.
 */
import type { AnswerValue, ProtectedAnswer, SealedAnswer } from '@core/survey'
import { keyedHash, reseal, seal, unseal, type DataKeys } from '../_shared/sealing'

const placeOf = (recordId: string, questionId: string): string => `${recordId}/${questionId}`

/** Core's protected answers of one record (a response or a draft) as stored: sealed, masked, hashed. */
export function sealAnswers(keys: DataKeys, surveyId: string, recordId: string, answers: readonly ProtectedAnswer[]): Record<string, SealedAnswer> {
  const sealed: Record<string, SealedAnswer> = {}
  for (const answer of answers) {
    sealed[answer.questionId] = {
      pii: answer.pii,
      cipher: seal(keys, answer.value, placeOf(recordId, answer.questionId)),
      masked: answer.masked,
      ...(answer.hashMaterial === undefined ? {} : { hash: keyedHash(keys, surveyId, answer.hashMaterial) })
    }
  }
  return sealed
}

/** One sealed answer of a record, opened. */
export const openAnswer = (keys: DataKeys, recordId: string, questionId: string, answer: SealedAnswer): AnswerValue =>
  unseal<AnswerValue>(keys, answer.cipher, placeOf(recordId, questionId))

/** Every sealed answer of a record, opened (for the respondent resuming their own draft, or an admin's export). */
export function openAnswers(keys: DataKeys, recordId: string, sealed: Readonly<Record<string, SealedAnswer>>): Record<string, AnswerValue> {
  const out: Record<string, AnswerValue> = {}
  for (const [questionId, answer] of Object.entries(sealed)) out[questionId] = openAnswer(keys, recordId, questionId, answer)
  return out
}

/** Every sealed answer of a record sealed again with the current key (a key rotation); the masks and hashes stay. */
export function resealAnswers(keys: DataKeys, recordId: string, sealed: Readonly<Record<string, SealedAnswer>>): Record<string, SealedAnswer> {
  const out: Record<string, SealedAnswer> = {}
  for (const [questionId, answer] of Object.entries(sealed)) out[questionId] = { ...answer, cipher: reseal(keys, answer.cipher, placeOf(recordId, questionId)) }
  return out
}
