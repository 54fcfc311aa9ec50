/**
 * Text relevance on tokens. Segmentation is not done here: the `service` function segments Chinese text with a
 * maintained segmenter and stores the tokens; core compares token arrays, so it stays pure and small.
 *
 * Before comparing, tokens are normalized: punctuation, numbers and function words are dropped, pieces a segmenter
 * split from one known term are joined again ("拖欠" + "工资" → 拖欠工资), and synonyms become one word (拖欠工资 →
 * 欠薪), so a need and a service that say the same thing in different words still meet.
 *
 * Relevance is BM25 (k1 = 1.2, b = 0.75) over the services' tokens, normalized to [0,1] by the score the need's words
 * would get if each appeared once in a service of average length: 1 means every word of the need is there.
 * Duplicate detection uses Jaccard similarity of the normalized token sets.
 */
import { canonicalTerm, KNOWN_TERMS } from '../survey/taxonomy'

/** Common function words that say nothing about a need. */
const STOP_WORDS: ReadonlySet<string> = new Set([
  '的', '了', '和', '是', '在', '有', '我', '我们', '你', '您', '他', '她', '它', '就', '都', '也', '还', '很', '又',
  '要', '想', '会', '能', '可以', '一个', '一下', '这', '那', '这个', '那个', '什么', '怎么', '吗', '呢', '吧', '啊',
  '呀', '哦', '嗯', '把', '被', '给', '跟', '与', '及', '或', '对', '从', '到', '让', '着', '过', '没', '不', '请',
  '希望', '需要', '帮忙', '帮助', '一些', '有没有', '现在', '最近', '问题'
])

/** Anything without a letter or a CJK character (punctuation, digits, spaces, emoji). */
const NOT_A_WORD = /^[^\p{L}]*$/u

/** Longest run of segmenter pieces joined back into a known term. */
const MAX_JOIN = 3

/** Tokens as compared: known terms rejoined, synonyms unified, noise dropped; order kept, repeats kept. */
export function normalizeTokens(tokens: readonly string[]): string[] {
  const out: string[] = []
  const pieces = tokens.map((token) => token.trim().toLowerCase()).filter((token) => token !== '')
  for (let i = 0; i < pieces.length; ) {
    let taken = 1
    let word = pieces[i]
    for (let n = Math.min(MAX_JOIN, pieces.length - i); n > 1; n--) {
      const joined = pieces.slice(i, i + n).join('')
      if (KNOWN_TERMS.has(joined)) {
        taken = n
        word = joined
        break
      }
    }
    i += taken
    if (NOT_A_WORD.test(word) || STOP_WORDS.has(word)) continue
    out.push(canonicalTerm(word))
  }
  return out
}

const K1 = 1.2
const B = 0.75

/** Document frequencies and lengths of a set of documents (the services being matched), built once per run. */
export interface TextIndex {
  documents: number
  averageLength: number
  frequency: ReadonlyMap<string, number>
}

/** The index over documents given as normalized tokens. */
export function buildTextIndex(documents: readonly (readonly string[])[]): TextIndex {
  const frequency = new Map<string, number>()
  let length = 0
  for (const tokens of documents) {
    length += tokens.length
    for (const term of new Set(tokens)) frequency.set(term, (frequency.get(term) ?? 0) + 1)
  }
  return { documents: documents.length, averageLength: documents.length === 0 ? 0 : length / documents.length, frequency }
}

/** BM25's idf, kept positive (a word in every document still counts a little). */
export function idf(index: TextIndex, term: string): number {
  const df = index.frequency.get(term) ?? 0
  return Math.log(1 + (index.documents - df + 0.5) / (df + 0.5))
}

export interface Relevance {
  /** In [0,1]. */
  value: number
  /** The need's words found in the document, most telling first. */
  matched: string[]
}

/** A document's term counts, computed once per service. */
export interface TermCounts {
  counts: ReadonlyMap<string, number>
  length: number
}

export function termCounts(tokens: readonly string[]): TermCounts {
  const counts = new Map<string, number>()
  for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1)
  return { counts, length: tokens.length }
}

/** A need's distinct words with their idf, and the normalizer (Σ idf), computed once per need and run. */
export interface Query {
  terms: { term: string; weight: number }[]
  ideal: number
}

export function queryOf(index: TextIndex, tokens: readonly string[]): Query {
  const terms = [...new Set(tokens)].map((term) => ({ term, weight: idf(index, term) }))
  return { terms, ideal: terms.reduce((sum, t) => sum + t.weight, 0) }
}

/** How well a document answers a query, in [0,1] (what `scoreDocument` reports as `value`). */
export function relevanceValue(index: TextIndex, query: Query, document: TermCounts): number {
  if (query.ideal === 0 || document.length === 0) return 0
  const lengthNorm = 1 - B + (B * document.length) / (index.averageLength || document.length)
  let score = 0
  for (const { term, weight } of query.terms) {
    const tf = document.counts.get(term) ?? 0
    if (tf > 0) score += (weight * tf * (K1 + 1)) / (tf + K1 * lengthNorm)
  }
  return Math.min(1, score / query.ideal)
}

/** The relevance value with the words that matched, most telling (highest idf) first. */
export function scoreDocument(index: TextIndex, query: Query, document: TermCounts): Relevance {
  const matched = query.terms.filter(({ term }) => document.counts.has(term)).sort((a, b) => b.weight - a.weight)
  return { value: relevanceValue(index, query, document), matched: matched.map((t) => t.term) }
}

/** How well `document` (normalized tokens) answers `query` (normalized tokens), in [0,1], with the words that matched. */
export const relevance = (index: TextIndex, query: readonly string[], document: readonly string[]): Relevance =>
  scoreDocument(index, queryOf(index, query), termCounts(document))

/** |A ∩ B| / |A ∪ B| of the token sets; 0 when both are empty. */
export function jaccard(a: readonly string[], b: readonly string[]): number {
  const setA = new Set(a)
  const setB = new Set(b)
  if (setA.size === 0 && setB.size === 0) return 0
  let shared = 0
  for (const token of setA) if (setB.has(token)) shared++
  return shared / (setA.size + setB.size - shared)
}
