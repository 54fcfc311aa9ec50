/**
 * The address of a course's detail page, which the 课程 tab, 我的预约, 志愿服务, a centre's page and the detail's own
 * share card all link to: one builder, so a page parameter renamed or added is renamed everywhere. The session, when
 * given, is the one the detail opens chosen.
 */

const COURSE_DETAIL_ROUTE = '/packages/course/detail'

export function courseDetailUrl({ courseId, sessionId }: { courseId: string; sessionId?: string }): string {
  const query = `courseId=${encodeURIComponent(courseId)}${sessionId ? `&sessionId=${encodeURIComponent(sessionId)}` : ''}`
  return `${COURSE_DETAIL_ROUTE}?${query}`
}
