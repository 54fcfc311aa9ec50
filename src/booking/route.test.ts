/** The course detail's address: the course always, the chosen session only when there is one, both encoded. */
import { courseDetailUrl } from './route'

test('a course alone opens with no session chosen', () => {
  expect(courseDetailUrl({ courseId: 'course-calligraphy' })).toBe('/packages/course/detail?courseId=course-calligraphy')
})

test('a session, when given, is chosen on arrival', () => {
  expect(courseDetailUrl({ courseId: 'course-calligraphy', sessionId: 'session-1' })).toBe('/packages/course/detail?courseId=course-calligraphy&sessionId=session-1')
})

test('ids are encoded, so a stray character cannot start another parameter', () => {
  expect(courseDetailUrl({ courseId: 'a&b', sessionId: 'c d' })).toBe('/packages/course/detail?courseId=a%26b&sessionId=c%20d')
})
