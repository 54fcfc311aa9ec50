/**
 * `courseStats`: a course's numbers for the organizer. The database does the counting (three aggregations, each
 * answering a handful of rows), so the cost does not grow with the number of sessions or bookings read into the
 * function.
 */
import type { CourseStats } from '@core/api/course'
import { USER_GROUPS, type UserGroup } from '@core/api/user'
import type { BookingStatus } from '@core/booking'
import { _ } from '../../_shared'
import { store } from '../repo'

const $ = _.aggregate

/** Bookings that had a seat when the class took place (a released no-show had one until start + 10 min). */
export const HAD_SEAT: readonly BookingStatus[] = ['confirmed', 'held', 'attended', 'no_show']

type Row = Record<string, unknown>

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0)

const ratio = (part: number, whole: number): number => (whole > 0 ? part / whole : 0)

const isGroup = (v: unknown): v is UserGroup => (USER_GROUPS as readonly unknown[]).includes(v)

/**
 * Sessions held: started and not cancelled. Seats filled: per held session, the people who had a seat, at most its
 * capacity (a walk-in who took a released seat does not make a session more than full). Attendance: attended / filled.
 * People: distinct attendees of held sessions, by their `group` in `users` (unknown when unset).
 */
export async function courseStats(courseId: string, now: number): Promise<CourseStats> {
  const [held, seats, people] = await Promise.all([
    store.rows<Row>(
      store
        .aggregate('sessions')
        .match({ courseId, status: 'scheduled', startAt: _.lte(now) })
        .group({ _id: null, sessions: $.sum(1), capacity: $.sum('$capacity') })
        .limit(1)
    ),
    store.rows<Row>(
      store
        .aggregate('bookings')
        .match({ courseId, startAt: _.lte(now), status: _.in([...HAD_SEAT]) })
        .group({
          _id: '$sessionId',
          taken: $.sum(1),
          attended: $.sum($.cond({ if: $.eq(['$status', 'attended']), then: 1, else: 0 }))
        })
        .lookup({ from: 'sessions', localField: '_id', foreignField: '_id', as: 'session' })
        .unwind('$session')
        .match({ 'session.status': 'scheduled' })
        .project({ filled: $.min(['$taken', '$session.capacity']), attended: $.min(['$attended', '$session.capacity']) })
        .group({ _id: null, filled: $.sum('$filled'), attended: $.sum('$attended') })
        .limit(1)
    ),
    store.rows<Row>(
      store
        .aggregate('bookings')
        .match({ courseId, status: 'attended', startAt: _.lte(now) })
        .group({ _id: '$openid' })
        .lookup({ from: 'users', localField: '_id', foreignField: '_id', as: 'user' })
        .project({ group: $.arrayElemAt(['$user.group', 0]) })
        .group({ _id: '$group', people: $.sum(1) })
        // One row per group value, plus unset/unknown ones.
        .limit(USER_GROUPS.length + 2)
    )
  ])

  const byGroup = Object.fromEntries([...USER_GROUPS, 'unknown'].map((g) => [g, 0])) as CourseStats['byGroup']
  for (const row of people) byGroup[isGroup(row._id) ? row._id : 'unknown'] += num(row.people)
  const seatsOffered = num(held[0]?.capacity)
  const seatsFilled = num(seats[0]?.filled)
  const attended = num(seats[0]?.attended)
  return {
    courseId,
    sessionsHeld: num(held[0]?.sessions),
    seatsOffered,
    seatsFilled,
    fillRate: ratio(seatsFilled, seatsOffered),
    attended,
    attendanceRate: ratio(attended, seatsFilled),
    uniquePeople: Object.values(byGroup).reduce((a, b) => a + b, 0),
    byGroup
  }
}
