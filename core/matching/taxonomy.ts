/**
 * How a service's taxonomy codes fit a need's code, and which codes a text is about.
 *
 * A fit is one of (best first):
 *   exact     the service carries the need's code                               劳动纠纷 ↔ 劳动纠纷
 *   synonym   it carries a code that means nearly the same (RELATED_CODES)       工资报酬 ↔ 劳动纠纷
 *   broader   it carries the need's parent: a general service covers it          劳动纠纷 → 法律咨询
 *   narrower  the need is general and the service is one of its children         法律咨询 → 劳动纠纷
 * `depth` in [0,1] is what the score's taxonomy term takes. Siblings do not fit (交通事故 is not 婚姻家事).
 *
 * Classification of text suggests codes from the words people use (TAXONOMY_TERMS in core/survey/taxonomy): each
 * known word votes for its code (a longer word more), and the parent collects 0.6 of each vote for a child, so the
 * parent comes first only when its own words, or words spread over several of its children, point at it.
 */
import {
  childrenOf,
  needCodesForTerm,
  relatedCodes,
  rootOf,
  taxonomyEntry,
  taxonomyLabel
} from '../survey/taxonomy'

export const TAXONOMY_RELATIONS = ['exact', 'synonym', 'broader', 'narrower'] as const
export type TaxonomyRelation = (typeof TAXONOMY_RELATIONS)[number]

/** The taxonomy term's value per relation. */
export const TAXONOMY_DEPTH: Record<TaxonomyRelation, number> = { exact: 1, synonym: 0.8, broader: 0.7, narrower: 0.5 }

export interface TaxonomyFit {
  relation: TaxonomyRelation
  depth: number
  /** The service's code that fits. */
  serviceCode: string
  /** '对口劳动纠纷', '工资报酬与劳动纠纷相通', '同属法律咨询'. */
  reason: string
}

function fitOf(needCode: string, serviceCode: string): TaxonomyFit | undefined {
  const need = taxonomyEntry(needCode)
  const service = taxonomyEntry(serviceCode)
  if (!need || !service || need.list !== 'need' || service.list !== 'need') return undefined
  const fit = (relation: TaxonomyRelation, reason: string): TaxonomyFit => ({ relation, depth: TAXONOMY_DEPTH[relation], serviceCode, reason })
  if (needCode === serviceCode) return fit('exact', `对口${need.name}`)
  if (relatedCodes(needCode).includes(serviceCode)) return fit('synonym', `${need.name}与${service.name}相通`)
  if (need.parent === serviceCode) return fit('broader', `同属${service.name}`)
  if (service.parent === needCode) return fit('narrower', `同属${need.name}`)
  return undefined
}

/** Per need code, the fit of every service code that fits it (built on first use; the taxonomy is constant). */
const FITS = new Map<string, ReadonlyMap<string, TaxonomyFit>>()

function fitsFor(needCode: string): ReadonlyMap<string, TaxonomyFit> {
  let fits = FITS.get(needCode)
  if (!fits && taxonomyEntry(needCode) === undefined) return new Map()
  if (!fits) {
    const built = new Map<string, TaxonomyFit>()
    for (const code of fittingCodes(needCode)) {
      const fit = fitOf(needCode, code)
      if (fit) built.set(code, fit)
    }
    fits = built
    FITS.set(needCode, fits)
  }
  return fits
}

/** The best fit of any of `serviceCodes` for `needCode`, or undefined when none fits. */
export function taxonomyMatch(needCode: string, serviceCodes: readonly string[]): TaxonomyFit | undefined {
  const fits = fitsFor(needCode)
  let best: TaxonomyFit | undefined
  for (const code of serviceCodes) {
    const fit = fits.get(code)
    if (fit && (!best || fit.depth > best.depth)) best = fit
  }
  return best
}

/** Every service code that can fit `needCode`: itself, related codes, its parent, its children. */
export function fittingCodes(needCode: string): string[] {
  const entry = taxonomyEntry(needCode)
  if (!entry || entry.list !== 'need') return []
  const parent = entry.parent === undefined ? [] : [entry.parent]
  return [...new Set([needCode, ...relatedCodes(needCode), ...parent, ...childrenOf(needCode)])]
}

/** A word's vote is its length in characters, up to this. */
const MAX_TERM_WEIGHT = 4
/** What a parent collects of a vote for one of its children. */
const PARENT_SHARE = 0.6

export interface CodeSuggestion {
  code: string
  /** '法律咨询 · 劳动纠纷' */
  label: string
  /** Votes, for ordering (not a probability). */
  weight: number
  /** The words that voted. */
  terms: string[]
}

/** Codes a text is probably about, from its normalized tokens (see normalizeTokens), best first, at most `limit`. */
export function suggestCategories(tokens: readonly string[], limit = 3): CodeSuggestion[] {
  const votes = new Map<string, { weight: number; terms: Set<string> }>()
  const vote = (code: string, weight: number, term: string) => {
    const entry = votes.get(code) ?? { weight: 0, terms: new Set<string>() }
    entry.weight += weight
    entry.terms.add(term)
    votes.set(code, entry)
  }
  for (const term of new Set(tokens)) {
    for (const code of needCodesForTerm(term)) {
      const weight = Math.min(MAX_TERM_WEIGHT, Array.from(term).length)
      vote(code, weight, term)
      const root = rootOf(code)
      if (root !== undefined && root !== code) vote(root, weight * PARENT_SHARE, term)
    }
  }
  return [...votes.entries()]
    .map(([code, { weight, terms }]) => ({ code, label: taxonomyLabel(code), weight, terms: [...terms] }))
    .sort((a, b) => b.weight - a.weight || a.code.localeCompare(b.code))
    .slice(0, limit)
}
