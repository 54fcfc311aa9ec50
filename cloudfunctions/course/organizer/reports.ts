/**
 * Organizer reports:
 *   exportRoster  {sessionId} | {courseId} → {fileID, tempFileURL, fileName, rows}: the xlsx of workbook.ts
 *   courseStats   {courseId} → {stats}: the counts of stats.ts
 */
import { courseStatsSchema, exportRosterSchema, type CourseStatsOutput, type ExportRosterInput, type ExportRosterOutput } from '@core/api/course'
import { rosterOf, rosterOpenids, type BookingDoc, type CourseDoc, type SessionDoc } from '@core/booking'
import { dateKey } from '@core/time'
import { action, audit, requireVenue } from '../../_shared'
import { requireSession, store } from '../repo'
import { courseOrThrow, peopleByOpenid, sessionBookings, type Ctx } from './reads'
import { courseStats } from './stats'
import { buildRosterWorkbook, uploadExport, type ExportSession } from './workbook'

/** A file name people recognise in their downloads, e.g. 书法入门-名单-2025-03-04.xlsx */
const exportFileName = (title: string, what: string): string => `${title.replace(/[\\/:*?"<>|\s]+/g, '_')}-${what}.xlsx`

async function exportRoster(ctx: Ctx<ExportRosterInput>): Promise<ExportRosterOutput> {
  const { sessionId, courseId } = ctx.input
  let course: CourseDoc
  let sessions: SessionDoc[]
  let bookings: BookingDoc[]
  let what: string
  if (sessionId !== undefined) {
    const found = await requireSession(sessionId)
    requireVenue(ctx.user, found.session.venueId)
    course = found.course
    sessions = [found.session]
    bookings = await sessionBookings(sessionId)
    what = `名单-${dateKey(found.session.startAt)}`
  } else {
    course = await courseOrThrow(courseId as string)
    requireVenue(ctx.user, course.venueId)
    ;[sessions, bookings] = await Promise.all([store.findAll('sessions', { courseId: course._id }), store.findAll('bookings', { courseId: course._id })])
    what = '名单与出勤'
  }
  const bySession = new Map<string, BookingDoc[]>()
  for (const b of bookings) bySession.set(b.sessionId, [...(bySession.get(b.sessionId) ?? []), b])
  const [people, venue] = await Promise.all([
    peopleByOpenid(sessions.flatMap((s) => rosterOpenids(s, bySession.get(s._id) ?? []))),
    store.get('venues', course.venueId)
  ])
  const exported: ExportSession[] = sessions
    .sort((a, b) => a.startAt - b.startAt)
    .map((session) => ({ session, entries: rosterOf(session, bySession.get(session._id) ?? [], people) }))
  const { buffer, rows } = await buildRosterWorkbook({ courseTitle: course.title, venueName: venue?.name ?? '', sessions: exported, now: ctx.now })
  const { fileID, tempFileURL } = await uploadExport(course._id, ctx.now, buffer)
  // The file holds personal data: who exported what is recorded even though no document changed.
  await audit(ctx, 'exportRoster', sessionId !== undefined ? `sessions/${sessionId}` : `courses/${course._id}`, {
    fileID,
    rows,
    sessions: sessions.length
  })
  return { fileID, tempFileURL, fileName: exportFileName(course.title, what), rows }
}

export const reportActions = {
  exportRoster: action({ input: exportRosterSchema, auth: 'organizer', limit: 'organizing', run: exportRoster }),
  courseStats: action({
    input: courseStatsSchema,
    auth: 'organizer',
    run: async (ctx): Promise<CourseStatsOutput> => {
      const course = await courseOrThrow(ctx.input.courseId)
      requireVenue(ctx.user, course.venueId)
      return { stats: await courseStats(course._id, ctx.now) }
    }
  })
}
