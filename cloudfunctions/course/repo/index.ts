/**
 * The data layer of function `course`: its collections and their stored shapes (collections.ts), and the reads and
 * conditional writes whose shape is database layout rather than a rule — the session aggregates and the seat table's
 * paths (sessions.ts), the conditional booking write (bookings.ts). The SDK's loosely typed results are cast only in
 * the store underneath (_shared/store.ts).
 */
export { store, type CourseCollections } from './collections'
export { putBooking, type PutBooking } from './bookings'
export {
  loadForPerson,
  loadSession,
  queuePath,
  readPersonSeat,
  readSession,
  requireSession,
  seatPath,
  sessionNotFound,
  waitPath,
  type LoadedSession,
  type PersonSeat,
  type PersonView
} from './sessions'
