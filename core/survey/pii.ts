/**
 * Personal information classes, and the pure half of protecting them: what each class is, how a value is shown
 * masked, and the canonical text a value is hashed from for dedupe. Encryption (AES-256-GCM) and keyed hashing happen
 * in the `survey` function with Node's crypto and a key from its environment — never here, so core holds no secret.
 *
 * Every question declares a class. `sensitive` follows PIPL art. 28 (身份证件, 行踪轨迹, 医疗健康 …): a questionnaire
 * that asks one must put a separate consent question before it (art. 29; enforced in definition.ts). Every class but
 * `none` is stored encrypted and shown masked. `dedupe` classes identify a person, so their hash can key
 * one-response-per-person for responses entered by organizers (which have no respondent openid).
 */
import { regionText } from './region'
import { answerText, isGeoPoint, isStringList, type AnswerValue, type GeoPoint } from './values'

export const PII_CLASSES = ['none', 'name', 'phone', 'idcard', 'address', 'location', 'health', 'other', 'other-sensitive'] as const
export type PiiClass = (typeof PII_CLASSES)[number]

export interface PiiInfo {
  label: string
  /** Sensitive personal information (PIPL art. 28): needs a separate consent question before it. */
  sensitive: boolean
  /** Identifies a person: its keyed hash can dedupe responses. */
  dedupe: boolean
}

export const PII_INFO: Record<PiiClass, PiiInfo> = {
  none: { label: '不含个人信息', sensitive: false, dedupe: false },
  name: { label: '姓名', sensitive: false, dedupe: false },
  phone: { label: '手机号', sensitive: false, dedupe: true },
  idcard: { label: '身份证号', sensitive: true, dedupe: true },
  address: { label: '住址', sensitive: false, dedupe: false },
  location: { label: '位置（行踪）', sensitive: true, dedupe: false },
  health: { label: '健康信息', sensitive: true, dedupe: false },
  other: { label: '其他个人信息', sensitive: false, dedupe: false },
  'other-sensitive': { label: '其他敏感个人信息', sensitive: true, dedupe: false }
}

export const isPersonal = (pii: PiiClass): boolean => pii !== 'none'
export const isSensitive = (pii: PiiClass): boolean => PII_INFO[pii].sensitive

/** What a fully hidden value shows: a fixed text, so not even the length leaks. */
export const HIDDEN = '******'

/** Two decimals of a degree ≈ 1 km: enough to see a neighbourhood, not a door. */
export const COARSE_DECIMALS = 2

const round = (x: number, decimals: number): number => {
  const f = 10 ** decimals
  return Math.round(x * f) / f
}

/** The point rounded to `decimals` (default about 1 km), for display and for anything stored unencrypted. */
export const coarseLocation = (p: GeoPoint, decimals = COARSE_DECIMALS): GeoPoint => ({
  lat: round(p.lat, decimals),
  lng: round(p.lng, decimals)
})

const chars = (s: string): string[] => Array.from(s)

/** Keeps `head` and `tail` characters, stars the rest (all stars when too short to keep both). */
function keepEnds(value: string, head: number, tail: number, stars?: number): string {
  const c = chars(value)
  if (c.length <= head + tail) return '*'.repeat(Math.max(c.length, 1))
  return c.slice(0, head).join('') + '*'.repeat(stars ?? c.length - head - tail) + c.slice(c.length - tail).join('')
}

/**
 * A value as organizers see it without the unmask right: 138****5678, 6201**********1234, 王*, 甘肃省兰州市城关区***,
 * a location to about 1 km. Classes whose every part is sensitive (health, other) show nothing. Never throws; a value
 * of an unexpected kind is hidden.
 */
export function mask(pii: PiiClass, value: AnswerValue): string {
  switch (pii) {
    case 'none':
      return answerText(value)
    case 'phone':
      return typeof value === 'string' ? keepEnds(value.replace(/\D/g, ''), 3, 4, 4) : HIDDEN
    case 'idcard':
      return typeof value === 'string' ? keepEnds(value, 4, 4) : HIDDEN
    case 'name': {
      if (typeof value !== 'string') return HIDDEN
      const c = chars(value.trim())
      return c.length === 0 ? HIDDEN : c[0] + '*'.repeat(Math.max(c.length - 1, 1))
    }
    case 'address':
      if (isStringList(value)) return `${regionText(value.slice(0, 3))}***`
      return typeof value === 'string' ? `${chars(value).slice(0, 6).join('')}***` : HIDDEN
    case 'location': {
      if (!isGeoPoint(value)) return HIDDEN
      const p = coarseLocation(value)
      return `约 ${p.lat.toFixed(COARSE_DECIMALS)}, ${p.lng.toFixed(COARSE_DECIMALS)}`
    }
    default:
      return HIDDEN
  }
}

/**
 * The exact text to feed the keyed hash for dedupe, or undefined when the class does not identify a person. The class
 * is part of it, so a phone number and an id number can never hash alike. Values are the validated, canonical
 * answers (answers.ts stores mobiles as 11 digits and id numbers with an uppercase X); this only guards the spelling.
 */
export function hashMaterial(pii: PiiClass, value: AnswerValue): string | undefined {
  if (!PII_INFO[pii].dedupe || typeof value !== 'string') return undefined
  const canonical = pii === 'phone' ? value.replace(/\D/g, '').replace(/^(?:0086|86)(?=1\d{10}$)/, '') : value.replace(/\s/g, '').toUpperCase()
  return canonical === '' ? undefined : `${pii}:${canonical}`
}
