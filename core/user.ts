/**
 * Profile rules shared by the 我的 form and the `user` function: input schemas, a new user's defaults, and the
 * free-time fit used by the course filter "fits my free time".
 */
import { USER_GROUPS, type FreeTime, type Role, type UserGroup, type UserProfile } from './api/user'
import * as s from './schema'
import { HHMM_PATTERN, parseHHmm, startOfDay, weekdayOf, MINUTE_MS, WEEKDAYS, WEEKDAY_LABELS } from './time'

/** The stored `users` document; `_id` is the openid. */
export interface UserDoc {
  _id: string
  nickname: string
  avatarUrl: string
  group: UserGroup | ''
  community: string
  freeTimes: FreeTime[]
  /** Granted only in the database (by an admin or the demo data), never through the API. */
  roles: Role[]
  /** Service centres (venue `_id`s) an organizer runs (an admin runs every centre). */
  venueIds?: string[]
  /** Organizations (`organizations` `_id`s) a provider offers resources and services for. */
  orgIds?: string[]
  /** No-show strikes; see the course booking policy. */
  strikes: number
  privacyConsentAt?: number
  createdAt: number
  updatedAt: number
}

export const NICKNAME_MAX = 20
export const COMMUNITY_MAX = 30
export const FREE_TIMES_MAX = 14

export const nicknameSchema = s.string({ label: '昵称', min: 1, max: NICKNAME_MAX })

/** A cloud storage file id or an https URL; '' clears the avatar. */
export const avatarUrlSchema = s.string({
  label: '头像',
  max: 512,
  pattern: /^$|^cloud:\/\/\S+$|^https:\/\/\S+$/,
  patternHint: '地址不正确，请重新选择头像'
})

export const groupSchema = s.oneOf(USER_GROUPS, { label: '身份' })

export const communitySchema = s.string({ label: '所在社区', max: COMMUNITY_MAX })

const hhmm = (label: string) => s.string({ label, pattern: HHMM_PATTERN, patternHint: '应为 00:00–23:59 之间的时间' })

export const freeTimeSchema = s.object({
  weekday: s.oneOf(WEEKDAYS, { label: '星期' }),
  from: hhmm('开始时间'),
  to: hhmm('结束时间')
})

/** Windows are half-open [from, to): 19:00–20:00 and 20:00–21:00 touch but do not overlap. */
export const windowsOverlap = (a: FreeTime, b: FreeTime): boolean =>
  a.weekday === b.weekday && parseHHmm(a.from) < parseHHmm(b.to) && parseHHmm(b.from) < parseHHmm(a.to)

export const freeTimesSchema = s.refine(
  s.array(freeTimeSchema, { label: '空闲时间', max: FREE_TIMES_MAX }),
  (windows) => {
    for (let i = 0; i < windows.length; i++) {
      if (parseHHmm(windows[i].from) >= parseHHmm(windows[i].to)) {
        return { message: `空闲时间第${i + 1}项的结束时间要晚于开始时间`, path: [i, 'to'] }
      }
    }
    for (let i = 0; i < windows.length; i++) {
      for (let j = 0; j < i; j++) {
        const a = windows[i]
        const b = windows[j]
        if (windowsOverlap(a, b)) {
          return {
            message: `${WEEKDAY_LABELS[a.weekday]}的空闲时间 ${b.from}–${b.to} 和 ${a.from}–${a.to} 重叠了`,
            path: [i]
          }
        }
      }
    }
    return undefined
  }
)

export const updateProfileSchema = s.refine(
  s.object({
    nickname: s.optional(nicknameSchema),
    avatarUrl: s.optional(avatarUrlSchema),
    group: s.optional(groupSchema),
    community: s.optional(communitySchema),
    freeTimes: s.optional(freeTimesSchema),
    privacyConsent: s.optional(s.literal(true, { label: '隐私授权', message: '请阅读并同意隐私保护指引' }))
  }),
  (input) => (Object.keys(input).length === 0 ? { message: '没有需要保存的修改' } : undefined)
)

export type UpdateProfile = s.Infer<typeof updateProfileSchema>

/** The document a first login creates. */
export function newUserDoc(openid: string, now: number): UserDoc {
  return {
    _id: openid,
    nickname: '',
    avatarUrl: '',
    group: '',
    community: '',
    freeTimes: [],
    roles: [],
    strikes: 0,
    createdAt: now,
    updatedAt: now
  }
}

/** What the person sees of their own account. */
export function toProfile(doc: UserDoc): UserProfile {
  const profile: UserProfile = {
    openid: doc._id,
    nickname: doc.nickname,
    avatarUrl: doc.avatarUrl,
    group: doc.group,
    community: doc.community,
    freeTimes: doc.freeTimes,
    roles: doc.roles,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt
  }
  if (doc.privacyConsentAt !== undefined) profile.privacyConsentAt = doc.privacyConsentAt
  return profile
}

export const hasRole = (user: Pick<UserDoc, 'roles'> | null | undefined, role: Role): boolean =>
  !!user && Array.isArray(user.roles) && user.roles.includes(role)

/** Who may use organizer (管理端) actions at all: organizers of some centre, and admins of every centre. */
export const mayOrganize = (user: Pick<UserDoc, 'roles'> | null | undefined): boolean => hasRole(user, 'organizer') || hasRole(user, 'admin')

/**
 * Whether `user` manages the service centre `venueId`: an admin manages every centre, an organizer the ones in their
 * `venueIds` (DESIGN.md ⚑ Roles). Everything an organizer action loads (a survey, a course, a session) belongs to a
 * centre, and the action answers FORBIDDEN unless its caller manages that centre.
 */
export function managesVenue(user: Pick<UserDoc, 'roles' | 'venueIds'> | null | undefined, venueId: string): boolean {
  if (hasRole(user, 'admin')) return true
  return hasRole(user, 'organizer') && Array.isArray(user?.venueIds) && user.venueIds.includes(venueId)
}

/** The centres `user` manages, for narrowing a listing: 'all' for an admin. */
export function managedVenues(user: Pick<UserDoc, 'roles' | 'venueIds'> | null | undefined): 'all' | string[] {
  if (hasRole(user, 'admin')) return 'all'
  return hasRole(user, 'organizer') && Array.isArray(user?.venueIds) ? [...user.venueIds] : []
}

/** Windows in week order (Monday first, then by start), the order the 我的 page lists them. */
export const sortFreeTimes = (windows: readonly FreeTime[]): FreeTime[] =>
  [...windows].sort((a, b) => a.weekday - b.weekday || parseHHmm(a.from) - parseHHmm(b.from))

/**
 * Does the session [startAt, endAt) lie entirely inside one free-time window, on the Shanghai calendar?
 * A session that runs past midnight never fits (windows are within one day).
 */
export function fitsFreeTime(freeTimes: readonly FreeTime[], startAt: number, endAt: number): boolean {
  if (!(endAt > startAt)) return false
  const weekday = weekdayOf(startAt)
  const day = startOfDay(startAt)
  return freeTimes.some(
    (w) =>
      w.weekday === weekday &&
      startAt >= day + parseHHmm(w.from) * MINUTE_MS &&
      endAt <= day + parseHHmm(w.to) * MINUTE_MS
  )
}

/** The first window 添加时间段 offers when there is none yet. */
export const FIRST_FREE_TIME: Readonly<FreeTime> = Object.freeze({ weekday: 1, from: '19:00', to: '21:00' })

/** The last minute a window may end at: windows stay within one day, and '24:00' is not a wall-clock time. */
const DAY_END_MIN = 23 * 60 + 59

const hhmmOf = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`

const clashes = (window: FreeTime, windows: readonly FreeTime[]): boolean => windows.some((w) => windowsOverlap(w, window))

/**
 * The window 添加时间段 adds, so the new row never clashes with one already there. It continues from the last row (the
 * next day, the same hours), so a regular evening takes one tap per day; a day that already has those hours is
 * skipped. When every day has them (seven evenings entered, say), the same length moves to later that day, then
 * earlier, starting again from the next day. Null when no window of that length is free anywhere in the week.
 */
export function nextFreeTime(windows: readonly FreeTime[]): FreeTime | null {
  const last = windows[windows.length - 1]
  if (!last) return { ...FIRST_FREE_TIME }
  const from = parseHHmm(last.from)
  const length = Math.max(parseHHmm(last.to) - from, 15)
  const days = Array.from({ length: 7 }, (_, i) => (((last.weekday + i) % 7) + 1) as FreeTime['weekday'])
  const starts = [from]
  for (let start = from + length; start + length <= DAY_END_MIN; start += length) starts.push(start)
  for (let start = from - length; start >= 0; start -= length) starts.push(start)
  for (const start of starts) {
    for (const weekday of days) {
      const candidate: FreeTime = { weekday, from: hhmmOf(start), to: hhmmOf(start + length) }
      if (!clashes(candidate, windows)) return candidate
    }
  }
  return null
}

/**
 * Adds the windows of a shortcut (工作日晚上 19:30–21:30 …) to the list: those already there or clashing with one
 * there are left out, and the list stops at FREE_TIMES_MAX. `added` counts what was new.
 */
export function addFreeTimes(windows: readonly FreeTime[], more: readonly FreeTime[]): { windows: FreeTime[]; added: number } {
  const out = [...windows]
  let added = 0
  for (const w of more) {
    if (out.length >= FREE_TIMES_MAX) break
    if (clashes(w, out)) continue
    out.push({ ...w })
    added++
  }
  return { windows: out, added }
}
