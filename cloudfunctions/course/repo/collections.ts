/**
 * Function `course`'s collections and their stored shapes, declared once: the shared ones (users, venues, audit)
 * and its own. Everything in the function reads and writes them through `store`.
 */
import type { BookingDoc, CourseDoc, LotteryDrawDoc, NotificationDoc, SessionDoc, StrikeDoc } from '@core/booking'
import { createStore, type SharedCollections } from '../../_shared'

export interface CourseCollections extends SharedCollections {
  courses: CourseDoc
  sessions: SessionDoc
  bookings: BookingDoc
  strikes: StrikeDoc
  /** Subscribe messages to send (courseTimer/messages.ts). */
  notifications: NotificationDoc
  /** One draw record per lottery session (lottery.ts). */
  lotteryDraws: LotteryDrawDoc
}

export const store = createStore<CourseCollections>()
