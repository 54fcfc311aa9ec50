/**
 * Counting a response before it is stored, exactly once across crashes and retries.
 *
 * A response is counted (survey `responses` and its quotas) by one conditional update of the survey BEFORE its insert,
 * so a burst never pushes a quota past its limit. A process that dies between the two leaves a count with nothing
 * stored, and the retry — which finds no response — would count it again. So the count leaves a mark on the survey,
 * under the response's deterministic `_id`: "counted, not yet known stored". Only one mark per `_id` can exist (the
 * count is conditional on its absence), and each mark is one count:
 *   - a submit that finds the mark of its `_id` adopts that count instead of counting again (a conditional update
 *     that notes the adoption on the mark while it is there) and stores the response with the mark's `countId`;
 *   - once the response is stored, the mark is settled by comparing ids: stored under this mark, the count is the
 *     response's own and the mark is cleared; stored under another count (one that landed before this mark was made),
 *     this mark is a count too many and is given back;
 *   - a submit whose insert the store refused with nothing stored under the `_id` (its clientId already names another
 *     response) gives its count back, but only while nobody adopted the mark: an adopter may still be storing under it.
 * The first two need the response stored, and a stored response is never replaced, so no submit can still be storing
 * under a mark when it is settled. A mark whose response never arrives (a crash, or an insert that failed without an
 * answer, which may yet have landed) keeps its place taken — a quota may lose a place, never exceed one — until the
 * filling is retried.
 */
import type { ResponseDoc, SurveyDoc } from './model'

export interface CountingMark {
  /** Names this count; the response stored under it carries the same `countId`. */
  countId: string
  /** The quota ids counted, which the response stored under it records. */
  quotas: string[]
  at: number
  /** How many submits adopted it; a mark once adopted is no longer given back until its response is stored. */
  adopted?: number
}

/** The mark of a response counted and not yet known stored, if any. */
export function countingMark(survey: Pick<SurveyDoc, 'counting'>, responseId: string): CountingMark | undefined {
  const marks = survey.counting
  return marks && Object.prototype.hasOwnProperty.call(marks, responseId) ? marks[responseId] : undefined
}

/**
 * What a mark becomes once its response is stored: `clear` when the stored response was counted by this mark,
 * `giveBack` when it was counted by another (this mark then counts it twice).
 */
export const settleMark = (mark: CountingMark, stored: Pick<ResponseDoc, 'countId'>): 'clear' | 'giveBack' =>
  stored.countId === mark.countId ? 'clear' : 'giveBack'
