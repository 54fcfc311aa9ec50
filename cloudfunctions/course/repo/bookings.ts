/**
 * The one conditional write of a person's booking: every path that stores a booking it has read (book, cancel,
 * confirmHold, check-in, markAttendance) goes through putBooking, so a late write never undoes a newer one.
 */
import type { BookingDoc } from '@core/booking'
import { _, isDuplicateKeyError, type Patch } from '../../_shared'
import { store } from './collections'

export interface PutBooking {
  /** false: someone else wrote the booking first. */
  wrote: boolean
  /** What is stored now: `next`, or theirs (read again; null if it vanished). */
  doc: BookingDoc | null
}

/** The update that turns `current` into `next`: every field of `next`, and removal of the fields it dropped. */
function patchFrom(current: BookingDoc, next: BookingDoc): Patch {
  const data: Patch = {}
  for (const [key, value] of Object.entries(next)) if (key !== '_id') data[key] = value
  for (const key of Object.keys(current)) if (!(key in next)) data[key] = _.remove()
  return data
}

/**
 * Stores `next` over what was read (`current`): an insert, or an update conditional on the stored booking being
 * unchanged since the read (same status, same updatedAt, same revision). Status and updatedAt alone miss a write that
 * left them as they were — a cancel writing cancelled over cancelled within one millisecond, between a book's read and
 * its write — so every write here also bumps the revision. One request; a lost race costs one more read.
 */
export async function putBooking(current: BookingDoc | null, next: BookingDoc): Promise<PutBooking> {
  const written: BookingDoc = { ...next, revision: (current?.revision ?? 0) + 1 }
  if (current === null) {
    try {
      await store.insert('bookings', written)
      return { wrote: true, doc: written }
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err
      return { wrote: false, doc: await store.get('bookings', next._id) }
    }
  }
  // A booking last written by another writer (the seat handover, the lottery, the timer) may carry no revision yet.
  const unchanged = { _id: current._id, status: current.status, updatedAt: current.updatedAt, revision: current.revision ?? _.exists(false) }
  if ((await store.update('bookings', unchanged, patchFrom(current, written))) === 1) return { wrote: true, doc: written }
  return { wrote: false, doc: await store.get('bookings', current._id) }
}
