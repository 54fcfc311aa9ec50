/**
 * CloudBase timer-trigger cron expressions (微信云开发「定时触发器」, CloudBase CLI `triggers`):
 * seven space-separated fields — second minute hour day month weekday year — each a list of `*`, `n`, `a-b`,
 * `*∕k`, `a∕k` or `a-b∕k`. Months may be JAN–DEC, weekdays SUN–SAT (0 = Sunday). When both day and weekday are
 * restricted, a day matches if either does. Times are Beijing time (UTC+8, no daylight saving).
 *
 * The format belongs to config.json, so it is defined beside the build that validates it (a malformed expression fails
 * the build, not the deployment); the local cloud's timers schedule with `nextFireTime` from here.
 */

const FIELDS = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12, names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'], base: 1 },
  { name: 'weekday', min: 0, max: 6, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'], base: 0 },
  { name: 'year', min: 1970, max: 2099 }
] as const

const UTC8_MS = 8 * 3600 * 1000

export interface Cron {
  source: string
  seconds: number[]
  minutes: number[]
  hours: number[]
  days: Set<number>
  months: Set<number>
  weekdays: Set<number>
  years: Set<number>
  dayRestricted: boolean
  weekdayRestricted: boolean
}

function parseValue(text: string, field: (typeof FIELDS)[number], expr: string): number {
  const upper = text.toUpperCase()
  if ('names' in field) {
    const i = (field.names as readonly string[]).indexOf(upper)
    if (i >= 0) return i + field.base
  }
  if (!/^\d+$/.test(text)) throw new Error(`cron "${expr}": bad ${field.name} value "${text}"`)
  const n = Number(text)
  if (n < field.min || n > field.max) throw new Error(`cron "${expr}": ${field.name} ${n} is outside ${field.min}-${field.max}`)
  return n
}

function parseField(text: string, field: (typeof FIELDS)[number], expr: string): number[] {
  const values = new Set<number>()
  for (const item of text.split(',')) {
    const [range, stepText, extra] = item.split('/')
    if (extra !== undefined || range === '') throw new Error(`cron "${expr}": bad ${field.name} item "${item}"`)
    let step = 1
    if (stepText !== undefined) {
      if (!/^\d+$/.test(stepText) || Number(stepText) === 0) throw new Error(`cron "${expr}": bad step in "${item}"`)
      step = Number(stepText)
    }
    let from: number
    let to: number
    if (range === '*') {
      from = field.min
      to = field.max
    } else if (range.includes('-')) {
      const [a, b] = range.split('-')
      from = parseValue(a, field, expr)
      to = parseValue(b, field, expr)
      if (to < from) throw new Error(`cron "${expr}": empty range "${range}"`)
    } else {
      from = parseValue(range, field, expr)
      // `a/k` means "from a, every k"; a bare value is just itself.
      to = stepText === undefined ? from : field.max
    }
    for (let v = from; v <= to; v += step) values.add(v)
  }
  return [...values].sort((a, b) => a - b)
}

export function parseCron(expr: string): Cron {
  const parts = expr.trim().split(/\s+/)
  if (parts.length !== 7) throw new Error(`cron "${expr}": CloudBase timers need 7 fields (second minute hour day month weekday year), got ${parts.length}`)
  const [s, mi, h, d, mo, w, y] = parts.map((p, i) => parseField(p, FIELDS[i], expr))
  return {
    source: expr,
    seconds: s,
    minutes: mi,
    hours: h,
    days: new Set(d),
    months: new Set(mo),
    weekdays: new Set(w),
    years: new Set(y),
    dayRestricted: parts[3] !== '*',
    weekdayRestricted: parts[5] !== '*'
  }
}

function dayMatches(cron: Cron, day: number, weekday: number): boolean {
  const byDay = cron.days.has(day)
  const byWeekday = cron.weekdays.has(weekday)
  if (cron.dayRestricted && cron.weekdayRestricted) return byDay || byWeekday
  return byDay && byWeekday
}

/** The first firing instant (epoch ms, whole second) strictly after `afterMs`, or undefined if there is none before 2100. */
export function nextFireTime(cron: Cron, afterMs: number): number | undefined {
  const startSec = Math.floor(afterMs / 1000) + 1
  const start = new Date(startSec * 1000 + UTC8_MS)
  const first = { h: start.getUTCHours(), m: start.getUTCMinutes(), s: start.getUTCSeconds() }
  let day = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate())
  for (let firstDay = true; ; firstDay = false, day += 86400000) {
    const date = new Date(day)
    const year = date.getUTCFullYear()
    if (year > 2099) return undefined
    if (!cron.years.has(year) || !cron.months.has(date.getUTCMonth() + 1)) continue
    if (!dayMatches(cron, date.getUTCDate(), date.getUTCDay())) continue
    for (const h of cron.hours) {
      if (firstDay && h < first.h) continue
      const sameHour = firstDay && h === first.h
      for (const m of cron.minutes) {
        if (sameHour && m < first.m) continue
        const sameMinute = sameHour && m === first.m
        for (const s of cron.seconds) {
          if (sameMinute && s < first.s) continue
          return day + ((h * 60 + m) * 60 + s) * 1000 - UTC8_MS
        }
      }
    }
  }
}
