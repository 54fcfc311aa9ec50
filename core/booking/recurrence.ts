/**
 * Weekly recurrence: a rule in Shanghai wall clock ("every Tue and Thu 19:00, 90 min, 12/1–2/28, not 1/28") →
 * sessions as UTC instants. The same rule always yields the same session ids, so generating twice creates nothing new.
 * The organizer sees the rule as the 生成课时 form, so its labels and messages name that form's fields in plain words
 * ("请选择每周哪几天上课"), never the rule itself.
 */
import * as s from '../schema'
import {
  atWallClock,
  DATE_PATTERN,
  DAY_MS,
  dateKey,
  HHMM_PATTERN,
  MINUTE_MS,
  parseHHmm,
  weekdayOf,
  WEEKDAYS,
  WEEKDAY_LABELS
} from '../time'
import { sessionIdFor, type CourseDoc, type SessionDoc } from './model'

export const RECURRENCE_MAX_WEEKS = 26
/** One session per day at most, so a rule yields at most 182 sessions: within the 200-per-generation budget. */
export const RECURRENCE_MAX_DAYS = RECURRENCE_MAX_WEEKS * 7
export const SESSION_MIN_DURATION_MIN = 15
export const SESSION_MAX_DURATION_MIN = 480
export const SESSION_MAX_CAPACITY = 200
export const SKIP_DATES_MAX = 100

/** A real calendar date: 'YYYY-MM-DD' that exists (not 2025-02-30). */
export function isCalendarDate(value: string): boolean {
  if (!DATE_PATTERN.test(value)) return false
  try {
    atWallClock(value, '00:00')
    return true
  } catch {
    return false
  }
}

export const dateSchema = (label: string) =>
  s.refine(s.string({ label, pattern: DATE_PATTERN, patternHint: '不是有效的日期，请重新选择' }), (v) =>
    isCalendarDate(v) ? undefined : { message: `${label} ${v} 不是有效的日期，请重新选择` }
  )

export const durationSchema = s.int({
  label: '每节时长',
  min: SESSION_MIN_DURATION_MIN,
  max: SESSION_MAX_DURATION_MIN,
  unit: '分钟'
})

export const capacitySchema = s.int({ label: '名额', min: 1, max: SESSION_MAX_CAPACITY, unit: '人' })

/** The days of the week, at least one: said as the form asks it, not as "at least one item of a list". */
const weekdaysSchema = s.refine(s.array(s.oneOf(WEEKDAYS, { label: '星期' }), { label: '上课的日子', max: 7 }), (days) =>
  days.length === 0 ? { message: '请选择每周哪几天上课' } : undefined
)

const ruleShape = s.object({
  weekdays: weekdaysSchema,
  startTime: s.string({ label: '上课时间', pattern: HHMM_PATTERN, patternHint: '应为 00:00–23:59 之间的时间' }),
  durationMin: durationSchema,
  from: dateSchema('开始日期'),
  until: dateSchema('结束日期'),
  skipDates: s.optional(s.array(dateSchema('跳过日期'), { label: '跳过日期', max: SKIP_DATES_MAX })),
  capacity: s.int({ label: '每节名额', min: 1, max: SESSION_MAX_CAPACITY, unit: '人' })
})

export type RecurrenceRule = s.Infer<typeof ruleShape>

/** A session the rule produces, before it becomes a stored document. */
export interface PlannedSession {
  _id: string
  courseId: string
  startAt: number
  endAt: number
  capacity: number
}

/** Start instants of the rule's sessions; the caller has checked the date range is bounded. */
function occurrences(rule: RecurrenceRule): number[] {
  const first = atWallClock(rule.from, '00:00')
  const last = atWallClock(rule.until, '00:00')
  const days = new Set(rule.weekdays)
  const skip = new Set(rule.skipDates ?? [])
  const offset = parseHHmm(rule.startTime) * MINUTE_MS
  const out: number[] = []
  for (let day = first; day <= last; day += DAY_MS) {
    if (days.has(weekdayOf(day)) && !skip.has(dateKey(day))) out.push(day + offset)
  }
  return out
}

const spanDays = (rule: Pick<RecurrenceRule, 'from' | 'until'>): number =>
  Math.round((atWallClock(rule.until, '00:00') - atWallClock(rule.from, '00:00')) / DAY_MS) + 1

/** Rules across fields of a well-formed rule. */
export function ruleProblem(rule: RecurrenceRule): s.Issue | undefined {
  const seen = new Set<number>()
  for (let i = 0; i < rule.weekdays.length; i++) {
    if (seen.has(rule.weekdays[i])) {
      return { message: `${WEEKDAY_LABELS[rule.weekdays[i]]}选了两次`, path: ['weekdays', i] }
    }
    seen.add(rule.weekdays[i])
  }
  if (rule.until < rule.from) return { message: '结束日期不能早于开始日期', path: ['until'] }
  if (spanDays(rule) > RECURRENCE_MAX_DAYS) {
    return {
      message: `一次最多排${RECURRENCE_MAX_WEEKS}周（${RECURRENCE_MAX_DAYS}天）的课，请把结束日期提前`,
      path: ['until']
    }
  }
  const skips = rule.skipDates ?? []
  for (let i = 0; i < skips.length; i++) {
    if (skips[i] < rule.from || skips[i] > rule.until) {
      return { message: `跳过日期 ${skips[i]} 不在开始和结束日期之间`, path: ['skipDates', i] }
    }
  }
  if (occurrences(rule).length === 0) return { message: '开始到结束日期之间没有选中的星期几，请多选几天或改一下日期', path: ['weekdays'] }
  return undefined
}

export const recurrenceRuleSchema = s.refine(ruleShape, ruleProblem)

/** The sessions of a valid rule (see recurrenceRuleSchema), in time order. Throws RangeError on an invalid one. */
export function expandRule(courseId: string, rule: RecurrenceRule): PlannedSession[] {
  const problem = ruleProblem(rule)
  if (problem) throw new RangeError(problem.message)
  const duration = rule.durationMin * MINUTE_MS
  return occurrences(rule).map((startAt) => ({
    _id: sessionIdFor(courseId, startAt),
    courseId,
    startAt,
    endAt: startAt + duration,
    capacity: rule.capacity
  }))
}

export interface GenerationPlan {
  /** New sessions to insert. */
  create: PlannedSession[]
  /** Ids the rule produces that are already stored (left untouched: they may have bookings). */
  existing: string[]
  /** Sessions the rule produces that would already have started: not created. */
  past: number
}

export function planGeneration(
  planned: readonly PlannedSession[],
  existingIds: Iterable<string>,
  now: number
): GenerationPlan {
  const stored = new Set(existingIds)
  const plan: GenerationPlan = { create: [], existing: [], past: 0 }
  for (const p of planned) {
    if (stored.has(p._id)) plan.existing.push(p._id)
    else if (p.startAt <= now) plan.past++
    else plan.create.push(p)
  }
  return plan
}

/** The stored session; `checkinSecret` is fresh randomness from the server (core has no randomness). */
export function newSessionDoc(
  planned: PlannedSession,
  course: Pick<CourseDoc, 'title' | 'category' | 'venueId' | 'kind'>,
  checkinSecret: string,
  now: number
): SessionDoc {
  return {
    ...planned,
    title: course.title,
    category: course.category,
    ...(course.kind === 'volunteer' ? { kind: course.kind } : {}),
    venueId: course.venueId,
    booked: 0,
    waitlisted: 0,
    waitlistSeq: 0,
    status: 'scheduled',
    checkinSecret,
    createdAt: now,
    updatedAt: now
  }
}
