/**
 * Response quotas: which ones a response counts toward, so the function can take each with ONE conditional increment
 * on the survey document — `where({_id, 'quotaCounts.<id>': _.lt(limit)}).update({'quotaCounts.<id>': _.inc(1)})`,
 * success iff `stats.updated === 1` — the way course seats are taken, never count-then-insert (the race that lets
 * other tools overfill a quota). Taking several: take them in the order `quotasFor` gives; if one is full, give back
 * the ones already taken (`_.inc(-1)`) and answer QUOTA_EXCEEDED with `quotaFullMessage`.
 *
 * A conditional increment cannot match a missing field, so the counters exist from publication on:
 * `quotaCounts(def, previous)` gives the full map, keeping the counts of quotas that survive a new version.
 */
import { evaluate } from './conditions'
import type { Quota, SurveyDefinition } from './definition'
import { walk } from './flow'

/** The quotas a response with these (validated) answers counts toward, in definition order. */
export function quotasFor(def: SurveyDefinition, answers: unknown): Quota[] {
  const { answers: visible } = walk(def, answers)
  return (def.settings.quotas ?? []).filter((quota) => quota.when === undefined || evaluate(quota.when, visible))
}

/** Counter per quota id: the previous count for a quota that already existed, 0 for a new one. */
export function quotaCounts(def: SurveyDefinition, previous: Readonly<Record<string, number>> = {}): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const quota of def.settings.quotas ?? []) {
    const before = Object.prototype.hasOwnProperty.call(previous, quota.id) ? previous[quota.id] : 0
    counts[quota.id] = Number.isInteger(before) && before > 0 ? before : 0
  }
  return counts
}

export const isQuotaFull = (quota: Quota, counts: Readonly<Record<string, number>>): boolean =>
  (Object.prototype.hasOwnProperty.call(counts, quota.id) ? counts[quota.id] : 0) >= quota.limit

/** Every response is turned away once an unconditional quota is full (a conditional one turns away only its part). */
export const isSurveyFull = (def: SurveyDefinition, counts: Readonly<Record<string, number>>): boolean =>
  (def.settings.quotas ?? []).some((quota) => quota.when === undefined && isQuotaFull(quota, counts))

export const quotaFullMessage = (quota: Quota): string => `“${quota.label}”的名额已满，感谢您的关注`
