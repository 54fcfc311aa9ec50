/**
 * Arranging volunteer activities (courses with kind 'volunteer') for the integration tests and the authorization
 * matrix: a slot with people already checked in is written straight into the store, seat table and bookings together
 * the way seats.ts and markAttendance leave them, since a slot that is under way cannot be reached through the API
 * from one instant.
 */
import { newBookingDoc, type CourseDoc, type SessionDoc } from '@core/booking'
import { MINUTE_MS } from '@core/time'
import type { TestCloud } from '../support/cloud'
import { addCourse, addSession, type SessionArrangement } from './course-booking-support'

/** A volunteer activity of `venueId` (平安建设 unless told). */
export const addActivity = (cloud: TestCloud, fields: Partial<CourseDoc> = {}): CourseDoc =>
  addCourse(cloud, {}, { kind: 'volunteer', title: '平安建设巡逻', category: '平安建设', ...fields })

export interface SlotArrangement extends SessionArrangement {
  /** People checked in (attended), with when each checked in. */
  present?: Record<string, number>
}

/** A slot of `activity`: `seated`/`queued` as addSession does, plus `present` people checked in. */
export function addSlot(cloud: TestCloud, activity: CourseDoc, a: SlotArrangement = {}): SessionDoc {
  const present = Object.entries(a.present ?? {})
  const slot = addSession(cloud, activity, { ...a, fields: { kind: 'volunteer', ...a.fields } })
  if (present.length === 0) return slot
  const seats = { ...slot.seats }
  for (const [openid, checkedInAt] of present) seats[openid] = { at: checkedInAt - 60 * MINUTE_MS, checkedInAt }
  const booked = Object.keys(seats).length
  cloud.db.update('sessions', { _id: slot._id }, { $set: { seats, booked } })
  cloud.db.insert(
    'bookings',
    present.map(([openid, checkedInAt]) => newBookingDoc(slot, openid, 'attended', checkedInAt - 60 * MINUTE_MS, { checkedInAt }))
  )
  return { ...slot, seats, booked }
}
