/**
 * Arranging and reading data for the organizer (管理端) tests of function `course`, one file per concern
 * (course-organizer-*.test.ts), each with its own local cloud. Everything here takes that cloud as its first argument.
 *
 * Organizer tests place sessions at absolute Shanghai times (Tuesday 19:00, a week ago), so they run at one fixed
 * instant, NOW, and name days relative to it. Where a state cannot be reached through the API from NOW (a class in the
 * past, a settled no-show), `arrange` writes bookings and the session's seat table straight into the store, the way
 * seats.ts keeps them.
 */
import ExcelJS from 'exceljs'
import type { ActionInput } from '@core/api'
import type { ExportRosterOutput, SaveCourseInput, SaveCourseOutput } from '@core/api/course'
import { newBookingDoc, newSessionDoc, sessionIdFor, type BookingDoc, type BookingStatus, type SeatEntry, type SessionDoc } from '@core/booking'
import { DAY_MS, MINUTE_MS } from '@core/time'
import type { UserGroup } from '@core/api/user'
import { data, startTestCloud, type TestCloud } from '../support/cloud'
import { shanghaiDate, WEDNESDAY_10_00 } from '../support/instants'
import type { CourseAction } from './course-booking-support'

/** The instant every organizer test runs at (a Wednesday morning in Shanghai). */
export const NOW = WEDNESDAY_10_00

/** The Shanghai date `days` from NOW, 'YYYY-MM-DD'. */
export const day = (days: number): string => shanghaiDate(NOW + days * DAY_MS)

export const ORGANIZER = 'demo-organizer'

/** The actions only organizers may use: a new one in the contract must be added to the access test's table. */
export type OrganizerAction = Exclude<
  CourseAction,
  'listSessions' | 'book' | 'cancel' | 'myBookings' | 'subscribeTemplates' | 'listCourses' | 'getCourse' | 'listVenues' | 'checkin' | 'confirmHold' | 'myData' | 'deleteMyData' | 'myVolunteering'
>

/** A local cloud with the demo data (the organizer, venues), its clock stopped at NOW. */
export const startOrganizerCloud = (): Promise<TestCloud> => startTestCloud({ at: NOW, seed: true, functions: ['course', 'courseTimer'] })

/** An action of function `course`, by default as the demo organizer. */
export const call = <A extends CourseAction>(cloud: TestCloud, action: A, input: ActionInput<'course', A>, openid: string = ORGANIZER) =>
  cloud.call('course', action, input, openid)

/** The escape hatch for events the contract forbids. */
export const callUntyped = (cloud: TestCloud, action: string, input: object, openid: string = ORGANIZER) =>
  cloud.callUntyped('course', { action, ...input }, openid)

export const auditOf = (cloud: TestCloud, target: string) => cloud.db.find('audit', { target })

export const baseCourse: SaveCourseInput = {
  title: '书法入门',
  category: '文化',
  description: '从握笔开始，一起写好楷书。',
  cover: '',
  instructor: '马老师',
  venueId: 'venue-youlin'
}

/** A course saved through the API by the organizer. */
export async function newCourse(cloud: TestCloud, over: Partial<SaveCourseInput> = {}): Promise<SaveCourseOutput['course']> {
  return data((await call(cloud, 'saveCourse', { ...baseCourse, ...over })).body).course
}

let people = 0
/** A user with a profile, inserted directly (the roster and stats read nickname, group and community). */
export function person(cloud: TestCloud, group: UserGroup, community = '酒泉路街道'): string {
  const openid = `p-${++people}-${group}`
  cloud.db.insert('users', [
    { _id: openid, nickname: `学员${people}`, avatarUrl: '', group, community, freeTimes: [], roles: [], strikes: 0, createdAt: 1, updatedAt: 1 }
  ])
  return openid
}

/** A stored session of `courseId` starting at `startAt`, made the way generation makes them. */
export function putSession(cloud: TestCloud, courseId: string, startAt: number, over: Partial<SessionDoc> = {}): SessionDoc {
  const planned = { _id: sessionIdFor(courseId, startAt), courseId, startAt, endAt: startAt + 90 * MINUTE_MS, capacity: 10 }
  const doc: SessionDoc = {
    ...newSessionDoc(planned, { title: '测试课', category: '文化', venueId: 'venue-youlin' }, 'secret-' + planned._id, 1),
    ...over
  }
  cloud.db.insert('sessions', [doc])
  return doc
}

export interface Row {
  openid: string
  status: BookingStatus
  /** A cancelled row that had a waitlist place (its sequence number stays used). */
  leftQueue?: boolean
  over?: Partial<BookingDoc>
}

/**
 * Stores bookings and makes the session agree with them, as seats.ts keeps it: seat holders in `seats`, the waitlist
 * in `queue` (in row order), the counters.
 */
export function arrange(cloud: TestCloud, session: SessionDoc, rows: Row[]): BookingDoc[] {
  const seats: Record<string, SeatEntry> = { ...(session.seats ?? {}) }
  const queue: string[] = [...(session.queue ?? [])]
  let entrants = 0
  const docs = rows.map(({ openid, status, leftQueue, over = {} }, i): BookingDoc => {
    const doc = newBookingDoc(session, openid, status, session.startAt - DAY_MS + i, over)
    if (status === 'confirmed' || status === 'held' || status === 'attended') {
      seats[openid] = { at: doc.createdAt }
      if (status === 'attended') seats[openid].checkedInAt = doc.checkedInAt ?? session.startAt
      if (status === 'held') seats[openid].holdUntilAt = doc.holdUntilAt
    } else if (status === 'waitlisted' && doc.lottery === 'entered') {
      entrants++
    } else if (status === 'waitlisted') {
      queue.push(openid)
      doc.position = queue.length
    } else if (leftQueue) {
      queue.push('')
    }
    return doc
  })
  cloud.db.insert('bookings', docs)
  const seatTable = {
    seats,
    queue,
    booked: Object.keys(seats).length,
    waitlisted: queue.filter((o) => o !== '').length + entrants + (session.waitlisted - (session.queue ?? []).filter((o) => o !== '').length),
    waitlistSeq: queue.length
  }
  cloud.db.update('sessions', { _id: session._id }, { $set: seatTable })
  Object.assign(session, seatTable)
  return docs
}

/** Books through the API, as the person would (subscribed to all three templates); answers the booking's status. */
export async function book(cloud: TestCloud, sessionId: string, openid: string): Promise<BookingStatus> {
  const res = await cloud.call('course', 'book', { sessionId, subscribe: ['confirmed', 'reminder', 'promoted'] }, openid)
  return data(res.body).booking.status
}

/** Downloads an export through its temporary link and opens it with exceljs. */
export async function openExport(cloud: TestCloud, out: ExportRosterOutput): Promise<ExcelJS.Workbook> {
  const got = await cloud.request('GET', new URL(encodeURI(out.tempFileURL)).pathname)
  expect(got.status).toBe(200)
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(got.body as unknown as ArrayBuffer)
  return workbook
}

/** The rows of a sheet as plain values (exceljs rows are 1-based). */
export function sheetRows(workbook: ExcelJS.Workbook, name: string): unknown[][] {
  const sheet = workbook.getWorksheet(name)
  if (!sheet) throw new Error(`no sheet ${name}`)
  const rows: unknown[][] = []
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)))
  return rows
}
