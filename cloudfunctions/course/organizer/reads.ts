/**
 * Reads the organizer actions share: a course or a session the organizer names (NOT_FOUND otherwise), a session's
 * bookings, and the profiles of the people on a roster.
 */
import { DomainError } from '@core/api/result'
import type { BookingDoc, CourseDoc, RosterPerson } from '@core/booking'
import { _, PAGE_SIZE, type ActionContext } from '../../_shared'
import { store } from '../repo'

/** What an organizer action receives: the framework has loaded and checked the caller's account. */
export type Ctx<I> = ActionContext<I, 'organizer'>

export async function courseOrThrow(courseId: string): Promise<CourseDoc> {
  const course = await store.get('courses', courseId)
  if (!course) throw new DomainError('NOT_FOUND', '课程不存在或已被删除', 'courseId')
  return course
}

/** Bookings of one session, page by page. */
export const sessionBookings = (sessionId: string): Promise<BookingDoc[]> => store.findAll('bookings', { sessionId })

const PERSON_FIELDS = { _id: true, nickname: true, group: true, community: true }

/** Profiles of the given people, 1000 per request (a chunk of ids is one page: no `_id` range paging here). */
export async function peopleByOpenid(openids: readonly string[]): Promise<Map<string, RosterPerson>> {
  const unique = [...new Set(openids)]
  const out = new Map<string, RosterPerson>()
  for (let i = 0; i < unique.length; i += PAGE_SIZE) {
    const chunk = unique.slice(i, i + PAGE_SIZE)
    const found = await store.find('users', { _id: _.in(chunk) }, { limit: chunk.length, fields: PERSON_FIELDS })
    for (const p of found) out.set(p._id, p)
  }
  return out
}
