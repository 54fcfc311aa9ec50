/**
 * A session's roster as the organizer sees it (管理端 名单, the export, markAttendance's answer): one line per
 * person, from their booking and — where the session has them in a seat or the queue — from the seat table, which a
 * booking can lag a moment behind. Pure, so the roster, the export and attendance all show a person the same way.
 *
 * At the door the roster is a checklist: the people still expected come first, and every number the page shows is
 * counted here from the lines (rosterCounts), so the card and the list cannot disagree. Marking someone must not move
 * the row under the organizer's thumb, so a page keeps the order it first showed (keepOrder) until it is refreshed.
 */
import type { RosterEntry } from '../api/course'
import type { UserDoc } from '../user'
import type { BookingDoc, BookingStatus, SessionDoc } from './model'
import { bookingIdFor } from './model'
import { queueEntries, seatState, type SeatTable } from './seats'
import { displayPositions } from './waitlist'

/** What a roster shows of a person's profile. */
export type RosterPerson = Pick<UserDoc, '_id' | 'nickname' | 'group' | 'community'>

/** Those still expected (a seat, not checked in) first, then who came, who did not, the waitlist, those who left. */
export const ROSTER_ORDER: Readonly<Record<BookingStatus, number>> = Object.freeze({
  confirmed: 0,
  held: 0,
  attended: 1,
  no_show: 2,
  waitlisted: 3,
  cancelled: 4
})

/** What the roster reads of a session. */
export type RosterSession = SeatTable & Pick<SessionDoc, 'updatedAt'>

/** Displayed waitlist positions by booking id (1 = next), for rosterEntry. */
export const shownPositions = (session: Pick<SessionDoc, '_id' | 'queue'>): Map<string, number> => displayPositions(queueEntries(session))

/**
 * One person's line. Status, hold and check-in come from the session when it has the person in a seat or in the
 * queue; otherwise from the booking. `booking` is null for someone the session has whose booking is still being written.
 */
export function rosterEntry(
  session: RosterSession,
  openid: string,
  booking: BookingDoc | null,
  person: RosterPerson | undefined,
  shown: ReadonlyMap<string, number>
): RosterEntry {
  const bookingId = bookingIdFor(session._id, openid)
  const position = shown.get(bookingId)
  const state = position === undefined ? seatState(session, openid) : null
  const seat = state?.kind === 'seat' ? state : null
  const status: BookingStatus = position !== undefined ? 'waitlisted' : seat ? seat.status : booking?.status ?? 'cancelled'
  const entry: RosterEntry = {
    bookingId,
    openid,
    nickname: person?.nickname ?? '',
    group: person?.group ?? '',
    community: person?.community ?? '',
    status,
    createdAt: booking?.createdAt ?? seat?.entry.at ?? session.updatedAt
  }
  if (position !== undefined) entry.position = position
  if (booking?.lottery !== undefined) entry.lottery = booking.lottery
  const holdUntilAt = seat ? seat.entry.holdUntilAt : booking?.holdUntilAt
  if (status === 'held' && holdUntilAt !== undefined) entry.holdUntilAt = holdUntilAt
  const checkedInAt = seat?.entry.checkedInAt ?? booking?.checkedInAt
  if (checkedInAt !== undefined && (status === 'attended' || status === 'no_show')) entry.checkedInAt = checkedInAt
  if (status === 'attended' && booking?.checkedOutAt !== undefined) entry.checkedOutAt = booking.checkedOutAt
  if (status === 'attended' && booking?.volunteerMinutes !== undefined) entry.volunteerMinutes = booking.volunteerMinutes
  if (booking?.walkIn) entry.walkIn = true
  if (booking?.lateCancel) entry.lateCancel = true
  return entry
}

const byRoster = (a: RosterEntry, b: RosterEntry): number =>
  ROSTER_ORDER[a.status] - ROSTER_ORDER[b.status] ||
  (a.position ?? 0) - (b.position ?? 0) ||
  a.createdAt - b.createdAt ||
  (a.openid < b.openid ? -1 : a.openid > b.openid ? 1 : 0)

/** The session's roster from its bookings plus anyone the session has without one, in ROSTER_ORDER. */
export function rosterOf(session: RosterSession, bookings: readonly BookingDoc[], people: ReadonlyMap<string, RosterPerson>): RosterEntry[] {
  const shown = shownPositions(session)
  const booked = new Set(bookings.map((b) => b.openid))
  const unwritten = [...Object.keys(session.seats ?? {}), ...queueEntries(session).map((e) => e.openid)].filter((o) => !booked.has(o))
  return [
    ...bookings.map((b) => rosterEntry(session, b.openid, b, people.get(b.openid), shown)),
    ...unwritten.map((openid) => rosterEntry(session, openid, null, people.get(openid), shown))
  ].sort(byRoster)
}

/** Everyone a roster of this session lists (whose profiles it needs): booked, seated or waiting. */
export const rosterOpenids = (session: SeatTable, bookings: readonly BookingDoc[]): string[] => [
  ...bookings.map((b) => b.openid),
  ...Object.keys(session.seats ?? {}),
  ...queueEntries(session).map((e) => e.openid)
]

/**
 * The parts of a roster read apart: the class list (everyone who has a seat, or had one and did not come — they
 * booked this class), lottery entrants before the draw, the waitlist, and those who cancelled.
 */
export type RosterSection = 'class' | 'lottery' | 'waitlist' | 'left'

export function rosterSection(e: Pick<RosterEntry, 'status' | 'lottery'>): RosterSection {
  if (e.status === 'cancelled') return 'left'
  if (e.status === 'waitlisted') return e.lottery === 'entered' ? 'lottery' : 'waitlist'
  return 'class'
}

export interface RosterCounts {
  /** The class list: 已约. */
  booked: number
  /** Of those, checked in (到场), marked or released as absent (未到), and still expected. */
  checkedIn: number
  absent: number
  expected: number
  lottery: number
  waitlist: number
  left: number
}

/** Every number a roster page shows, from its lines. */
export function rosterCounts(entries: readonly Pick<RosterEntry, 'status' | 'lottery'>[]): RosterCounts {
  const counts: RosterCounts = { booked: 0, checkedIn: 0, absent: 0, expected: 0, lottery: 0, waitlist: 0, left: 0 }
  for (const e of entries) {
    const section = rosterSection(e)
    if (section === 'class') {
      counts.booked++
      if (e.status === 'attended') counts.checkedIn++
      else if (e.status === 'no_show') counts.absent++
      else counts.expected++
    } else {
      counts[section]++
    }
  }
  return counts
}

/**
 * `entries` in the order a page has been showing (`shown`, booking ids): known lines stay where they were, whatever
 * their new status; lines new to the page follow in roster order.
 */
export function keepOrder<E extends Pick<RosterEntry, 'bookingId'>>(shown: readonly string[], entries: readonly E[]): E[] {
  const place = new Map(shown.map((id, i) => [id, i]))
  const known = entries.filter((e) => place.has(e.bookingId))
  known.sort((a, b) => (place.get(a.bookingId) as number) - (place.get(b.bookingId) as number))
  return [...known, ...entries.filter((e) => !place.has(e.bookingId))]
}

/** Whether the roster search `query` finds this person: part of the nickname, any letter case; an empty query finds everyone. */
export function rosterMatches(e: Pick<RosterEntry, 'nickname'>, query: string): boolean {
  const q = query.trim().toLowerCase()
  return q === '' || e.nickname.toLowerCase().includes(q)
}
