/**
 * 我的志愿: a person's recorded volunteer hours — the sums and the activities behind them. The hours live on the
 * bookings (volunteerMinutes, set at check-out), so this is a read of the caller's own bookings; what an activity was
 * and where comes from its course and centre. The sums are core's (volunteerSummary).
 */
import type { MyVolunteeringOutput } from '@core/api/course'
import { volunteerSummary } from '@core/booking'
import { _ } from '../_shared'
import { store } from './repo'

/** Requests: the caller's bookings with hours (1), their activities (1), the centres' names (1). */
export async function myVolunteering(openid: string, now: number): Promise<MyVolunteeringOutput> {
  const bookings = await store.findAll('bookings', { openid, status: 'attended', volunteerMinutes: _.gt(0) })
  const summary = volunteerSummary(bookings, now)
  if (summary.served.length === 0) return { totalMinutes: 0, yearMinutes: 0, items: [] }
  const courses = await store.findAll('courses', { _id: _.in([...new Set(summary.served.map((a) => a.courseId))]) }, { _id: true, title: true, category: true, venueId: true })
  const byId = new Map(courses.map((c) => [c._id, c]))
  const venues = await store.findAll('venues', { _id: _.in([...new Set(courses.map((c) => c.venueId))]) }, { _id: true, name: true })
  const venueName = new Map(venues.map((v) => [v._id, v.name]))
  return {
    totalMinutes: summary.totalMinutes,
    yearMinutes: summary.yearMinutes,
    items: summary.served.flatMap((a) => {
      const course = byId.get(a.courseId)
      return course ? [{ ...a, title: course.title, category: course.category, venueName: venueName.get(course.venueId) ?? '' }] : []
    })
  }
}
