/**
 * Duplicate check before a need is saved: a person asking twice for the same thing, or two entries describing one
 * need (a self submission and an organizer's visit entry). The function warns the requester about their own repeats
 * and links the new need (it is still saved: an organizer merges, `moveNeed` to `duplicate`); organizers see every
 * likely duplicate in triage.
 *
 *   same requester + same category, filed within DUPLICATE_WINDOW_DAYS
 *   similar text: Jaccard similarity of the normalized tokens ≥ SIMILAR_TEXT, within the same window, when both have
 *   at least MIN_TOKENS words (short texts are similar by chance)
 *
 * Withdrawn needs and needs already marked duplicate do not count.
 */
import { DAY_MS } from '../time'
import type { NeedDoc } from './model'
import { jaccard, normalizeTokens } from './text'

export const DUPLICATE_WINDOW_DAYS = 14
export const SIMILAR_TEXT = 0.6
export const MIN_TOKENS = 3

export const DUPLICATE_KINDS = ['same_category', 'similar_text'] as const
export type DuplicateKind = (typeof DUPLICATE_KINDS)[number]

/** What the new need is compared by. */
export type NeedDraft = Pick<NeedDoc, 'category' | 'tokens' | 'requesterKey' | 'createdAt'>

export type EarlierNeed = Pick<NeedDoc, '_id' | 'category' | 'tokens' | 'requesterKey' | 'createdAt' | 'status'>

export interface DuplicateHint {
  needId: string
  kind: DuplicateKind
  /** Jaccard similarity of the texts (also reported for same_category). */
  similarity: number
  sameRequester: boolean
  /** '您在两周内已提交过同一类需求' / '和另一条需求的描述很像'. */
  message: string
}

/** Likely duplicates of `draft` among `earlier` needs, most similar first. */
export function findDuplicates(draft: NeedDraft, earlier: readonly EarlierNeed[]): DuplicateHint[] {
  const since = draft.createdAt - DUPLICATE_WINDOW_DAYS * DAY_MS
  const tokens = normalizeTokens(draft.tokens)
  const hints: DuplicateHint[] = []
  for (const need of earlier) {
    if (need.status === 'withdrawn' || need.status === 'duplicate') continue
    if (need.createdAt < since || need.createdAt > draft.createdAt) continue
    const sameRequester = draft.requesterKey !== undefined && need.requesterKey === draft.requesterKey
    const other = normalizeTokens(need.tokens)
    const similarity = jaccard(tokens, other)
    const similarText = tokens.length >= MIN_TOKENS && other.length >= MIN_TOKENS && similarity >= SIMILAR_TEXT
    if (sameRequester && need.category === draft.category) {
      hints.push({ needId: need._id, kind: 'same_category', similarity, sameRequester, message: '您在两周内已提交过同一类需求' })
    } else if (similarText) {
      hints.push({
        needId: need._id,
        kind: 'similar_text',
        similarity,
        sameRequester,
        message: sameRequester ? '您在两周内提交过描述很像的需求' : '和另一条需求的描述很像'
      })
    }
  }
  return hints.sort((a, b) => b.similarity - a.similarity || (a.needId < b.needId ? -1 : 1))
}
