/**
 * The formats a text question can require (mobile, idcard, email, number). Each takes what people type — spaces,
 * dashes, a +86 prefix, a lowercase x — and gives either the one canonical form that is stored (so the same number
 * typed two ways is one value, and dedupe hashes agree) or the reason it is wrong.
 */

export const TEXT_FORMATS = ['mobile', 'idcard', 'email', 'number'] as const
export type TextFormat = (typeof TEXT_FORMATS)[number]

export const TEXT_FORMAT_LABELS: Record<TextFormat, string> = {
  mobile: '手机号',
  idcard: '身份证号',
  email: '邮箱',
  number: '数字'
}

export type FormatResult = { ok: true; value: string } | { ok: false; message: string }

const SEPARATORS = /[\s\-()（）]/g

/** Mainland mobile numbers: 11 digits starting 13–19; an international +86 / 0086 prefix is dropped. */
export function normalizeMobile(input: string): string | undefined {
  let digits = input.replace(SEPARATORS, '')
  if (digits.startsWith('+86')) digits = digits.slice(3)
  else if (digits.startsWith('0086')) digits = digits.slice(4)
  else if (digits.length === 13 && digits.startsWith('86')) digits = digits.slice(2)
  return /^1[3-9]\d{9}$/.test(digits) ? digits : undefined
}

/** First two digits of a resident ID: the province-level divisions of GB/T 2260 (plus 71 台湾, 81 香港, 82 澳门). */
const PROVINCE_CODES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65,
  71, 81, 82
])

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
const ID_CHECK_CHARS = '10X98765432'

/** The GB 11643-1999 check character for the first 17 digits. */
export function idCardCheckChar(first17: string): string {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i]
  return ID_CHECK_CHARS[sum % 11]
}

const isCalendarDate = (y: number, m: number, d: number): boolean => {
  const date = new Date(Date.UTC(y, m - 1, d))
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d
}

/**
 * An 18-character resident identity number (GB 11643-1999): province code, a real birth date (1900–2099), and the
 * ISO 7064 MOD 11-2 check character. The old 15-digit numbers were replaced in 2013 and are refused.
 */
export function checkIdCard(input: string): FormatResult {
  const value = input.replace(/\s/g, '').toUpperCase()
  if (!/^\d{17}[\dX]$/.test(value) || !PROVINCE_CODES.has(Number(value.slice(0, 2)))) {
    return { ok: false, message: '身份证号格式不正确' }
  }
  const year = Number(value.slice(6, 10))
  if (year < 1900 || year > 2099 || !isCalendarDate(year, Number(value.slice(10, 12)), Number(value.slice(12, 14)))) {
    return { ok: false, message: '身份证号中的出生日期不正确' }
  }
  if (idCardCheckChar(value.slice(0, 17)) !== value[17]) return { ok: false, message: '身份证号校验位不正确，请核对' }
  return { ok: true, value }
}

/** A practical address check (something@domain.tld), not RFC 5322: the point is catching typos, not edge cases. */
const EMAIL = /^[^\s@]{1,64}@[^\s@.]+(\.[^\s@.]+)+$/

/** Decimal numbers as people type them in a text box: 42, -3, 0.5 (no exponents, no thousands separators). */
const DECIMAL = /^-?\d{1,15}(\.\d{1,6})?$/

/** `input` (already trimmed) in the canonical form for `format`, or the message to show. */
export function checkFormat(format: TextFormat, input: string): FormatResult {
  switch (format) {
    case 'mobile': {
      const value = normalizeMobile(input)
      return value === undefined ? { ok: false, message: '手机号格式不正确' } : { ok: true, value }
    }
    case 'idcard':
      return checkIdCard(input)
    case 'email':
      return input.length <= 254 && EMAIL.test(input) ? { ok: true, value: input } : { ok: false, message: '邮箱格式不正确' }
    case 'number':
      return DECIMAL.test(input) ? { ok: true, value: input } : { ok: false, message: '请填写数字' }
  }
}
