/**
 * What an answer is, in one place (DESIGN.md §3 ⚑ `submit`: single → option value; multi → array of option values;
 * text/textarea → string; number/rating → number; date → epoch ms; region → array of names; location → {lat, lng};
 * image → array of storage file ids; consent → `true`).
 *
 * A date is the epoch ms of 00:00 Asia/Shanghai on that day (the page turns the picker's YYYY-MM-DD into it with
 * atWallClock), so one day has one value.
 *
 * Answers arrive as untrusted JSON, so everything that reads them goes through `answerOf`, which takes own keys only:
 * a question id like `constructor` must never find something on Object.prototype.
 */

/** A map position in GCJ-02 (the datum WeChat's map and `chooseLocation` use). */
export interface GeoPoint {
  lat: number
  lng: number
}

export type AnswerValue = string | string[] | number | boolean | GeoPoint

/** Question id → answer, as stored after validation. */
export type Answers = Record<string, AnswerValue>

/** The raw value under `questionId`, or undefined (own keys only; anything that is not an object has none). */
export function answerOf(answers: unknown, questionId: string): unknown {
  if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) return undefined
  return Object.prototype.hasOwnProperty.call(answers, questionId)
    ? (answers as Record<string, unknown>)[questionId]
    : undefined
}

/** No answer: absent, null, blank text or an empty list. Such a value is treated as "not answered", never as wrong. */
export const isEmptyAnswer = (value: unknown): boolean =>
  value === undefined ||
  value === null ||
  (typeof value === 'string' && value.trim() === '') ||
  (Array.isArray(value) && value.length === 0)

export const isGeoPoint = (value: unknown): value is GeoPoint =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  typeof (value as GeoPoint).lat === 'number' &&
  typeof (value as GeoPoint).lng === 'number' &&
  Number.isFinite((value as GeoPoint).lat) &&
  Number.isFinite((value as GeoPoint).lng)

export const isStringList = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string')

/**
 * A rough box around China (incl. islands). GCJ-02 is only defined inside China, and a point outside it is a wrong
 * datum or a wrong sign, not a resident of Lanzhou.
 */
export const CHINA_BOUNDS = { minLat: 3.8, maxLat: 53.6, minLng: 73.5, maxLng: 135.1 } as const

export const isInChina = (p: GeoPoint): boolean =>
  p.lat >= CHINA_BOUNDS.minLat && p.lat <= CHINA_BOUNDS.maxLat && p.lng >= CHINA_BOUNDS.minLng && p.lng <= CHINA_BOUNDS.maxLng

/** Any answer as plain text, without knowing its question (no option labels): lists joined, a point as "lat, lng". */
export function answerText(value: AnswerValue): string {
  if (Array.isArray(value)) return value.join('、')
  if (isGeoPoint(value)) return `${value.lat}, ${value.lng}`
  if (typeof value === 'boolean') return value ? '是' : '否'
  return String(value)
}
