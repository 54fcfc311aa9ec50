/**
 * The organizer (管理端) actions of function `course`. Each needs the organizer role (the framework answers FORBIDDEN
 * after one read of the caller's `users` document) and each write leaves an `audit` entry.
 *
 *   saveCourse        {courseId?, title, category, description, cover, instructor, venueId, policy?, status?} → {course}
 *   generateSessions  {courseId, rule} → {created, existing, past, sessions}
 *   updateSession     {sessionId, capacity?, startAt?, endAt?, note?} → {session, notified}
 *   cancelSession     {sessionId, reason} → {session, notified}
 *   roster            {sessionId} → {session, items}: each person with their active strikes
 *   markAttendance    {sessionId, openid, attended} → {entry}
 *   checkinCode       {sessionId} → {code, payload, refreshAt, validUntil, opensAt, closesAt}
 *   exportRoster      {sessionId} | {courseId} → {fileID, tempFileURL, fileName, rows}
 *   courseStats       {courseId} → {stats}
 *   drawLottery       {sessionId} → {session, audit, winners, waitlisted}
 *   forgiveStrike     {strikeId} → {strike}
 *   listAllCourses    {category?, venueId?} → {items}: like listCourses, archived courses included
 *
 * Seats and the waitlist live in the session document and change only through seats.ts; bookings follow them.
 */
import { randomBytes } from 'crypto'
import {
  cancelSessionSchema,
  checkinCodeSchema,
  courseStatsSchema,
  drawLotterySchema,
  exportRosterSchema,
  forgiveStrikeSchema,
  generateSessionsSchema,
  listAllCoursesSchema,
  markAttendanceSchema,
  rosterSchema,
  saveCourseSchema,
  updateSessionSchema,
  type CancelSessionInput,
  type CancelSessionOutput,
  type CheckinCodeOutput,
  type CourseStatsOutput,
  type DrawLotteryOutput,
  type ExportRosterInput,
  type ExportRosterOutput,
  type ForgiveStrikeOutput,
  type GenerateSessionsInput,
  type GenerateSessionsOutput,
  type MarkAttendanceInput,
  type MarkAttendanceOutput,
  type RosterOutput,
  type RosterStrike,
  type SaveCourseInput,
  type SaveCourseOutput,
  type UpdateSessionInput,
  type UpdateSessionOutput
} from '@core/api/course'
import { DomainError } from '@core/api/result'
import {
  ACTIVE_STATUSES,
  absentBooking,
  attendanceChanged,
  attendanceDecision,
  attendedBooking,
  bookingIdFor,
  cancelSessionDecision,
  checkinCodeInfo,
  checkinPayload,
  checkinWindow,
  expandRule,
  forgiveStrike,
  isLotteryEntry,
  newSessionDoc,
  noSeatForAttendee,
  planGeneration,
  queueEntries,
  resolvePolicy,
  rosterEntry,
  rosterOf,
  rosterOpenids,
  seatState,
  sessionEditConflict,
  sessionEditPlan,
  shownPositions,
  strikesSince,
  toSessionView,
  type BookingDoc,
  type CourseDoc,
  type RosterPerson,
  type SessionDoc
} from '@core/booking'
import { dateKey, formatDateTime } from '@core/time'
import { _, action, audit, isDuplicateKeyError, PAGE_SIZE, type ActionContext } from '../_shared'
import { buildRosterWorkbook, uploadExport, type ExportSession } from './export'
import { runDraw, type DrawRun } from './lottery'
import { loadSession, putBooking, readSession, store, type LoadedSession } from './repo'
import { checkInSeat, countLotteryEntrants, editSession, fillFreeSeats, freeSeat, inBatches, leaveQueue, noticeFields } from './seats'
import { listCourses } from './queries'
import { courseStats } from './stats'
import { settleSession } from './timer'

type Ctx<I> = ActionContext<I, 'organizer'>

async function courseOrThrow(courseId: string): Promise<CourseDoc> {
  const course = await store.get('courses', courseId)
  if (!course) throw new DomainError('NOT_FOUND', '课程不存在或已被删除', 'courseId')
  return course
}

/** The session with its course's policy: one request. */
async function loaded(sessionId: string): Promise<LoadedSession> {
  const found = await loadSession(sessionId)
  if (!found) throw new DomainError('NOT_FOUND', '这节课不存在或已被删除', 'sessionId')
  return found
}

// ---------------------------------------------------------------------------------------------------------------
// Courses

async function saveCourse(ctx: Ctx<SaveCourseInput>): Promise<SaveCourseOutput> {
  const { courseId, policy, status, ...fields } = ctx.input
  const [venue, existing] = await Promise.all([
    store.get('venues', fields.venueId),
    courseId === undefined ? Promise.resolve(null) : courseOrThrow(courseId)
  ])
  if (!venue) throw new DomainError('NOT_FOUND', '所选服务中心不存在', 'venueId')

  if (!existing) {
    const doc: Omit<CourseDoc, '_id'> = {
      ...fields,
      policy: resolvePolicy(policy),
      status: status ?? 'active',
      createdAt: ctx.now,
      updatedAt: ctx.now
    }
    const _id = await store.insert('courses', doc)
    await audit(ctx, 'saveCourse', `courses/${_id}`, { created: true, title: doc.title, venueId: doc.venueId })
    return { course: { _id, ...doc } }
  }

  const before = resolvePolicy(existing.policy)
  const nextPolicy = policy === undefined ? before : resolvePolicy(policy)
  if (before.lottery && !nextPolicy.lottery) {
    // Entries waiting for a draw have no waitlist place; without the draw they would wait forever.
    const pending = await store.count('bookings', { courseId: existing._id, status: 'waitlisted', lottery: 'entered' })
    if (pending > 0) {
      throw new DomainError('CONFLICT', `还有${pending}人在等待抽签，抽签完成后才能关闭抽签`, 'policy')
    }
  }
  const next: CourseDoc = { ...existing, ...fields, policy: nextPolicy, status: status ?? existing.status, updatedAt: ctx.now }
  const changed = (['title', 'category', 'description', 'cover', 'instructor', 'venueId', 'status'] as const).filter(
    (k) => next[k] !== existing[k]
  )
  const { _id, ...patch } = next
  // `_.set` replaces the policy; a plain object would be merged field by field and keep a removed lottery.
  await store.updateDoc('courses', _id, { ...patch, policy: _.set(nextPolicy) })
  if (changed.includes('title') || changed.includes('category') || changed.includes('venueId')) {
    // Sessions carry these so that a listing is one query.
    await store.update('sessions', { courseId: _id }, { title: next.title, category: next.category, venueId: next.venueId, updatedAt: ctx.now })
  }
  await audit(ctx, 'saveCourse', `courses/${_id}`, {
    created: false,
    changed,
    policyChanged: JSON.stringify(nextPolicy) !== JSON.stringify(before)
  })
  return { course: next }
}

// ---------------------------------------------------------------------------------------------------------------
// Sessions

/** Keeps each insert request a modest size (a rule yields at most 182 sessions). */
const INSERT_CHUNK = 100
const GENERATE_ATTEMPTS = 3

const storedSessions = (ids: string[]): Promise<SessionDoc[]> => store.find('sessions', { _id: _.in(ids) }, { limit: ids.length })

/**
 * Inserts the rule's sessions that are not stored yet, a batch per request. Session ids are deterministic, so a
 * second run, or a concurrent one, creates nothing twice: a batch that meets an id inserted meanwhile fails as a
 * whole, and the next attempt re-reads what is stored and inserts the rest.
 */
async function generateSessions(ctx: Ctx<GenerateSessionsInput>): Promise<GenerateSessionsOutput> {
  const { courseId, rule } = ctx.input
  const course = await courseOrThrow(courseId)
  if (course.status === 'archived') throw new DomainError('CONFLICT', '课程已停课，请先恢复课程再排课', 'courseId')
  const planned = expandRule(courseId, rule)
  const ids = planned.map((p) => p._id)
  let stored = await storedSessions(ids)
  let created: SessionDoc[] = []
  for (let attempt = 1; ; attempt++) {
    const plan = planGeneration(
      planned,
      stored.map((s) => s._id),
      ctx.now
    )
    // Each session's check-in codes are keyed by server-side randomness (core has none).
    const fresh = plan.create.map((p) => newSessionDoc(p, course, randomBytes(16).toString('hex'), ctx.now))
    try {
      for (let i = 0; i < fresh.length; i += INSERT_CHUNK) {
        const batch = fresh.slice(i, i + INSERT_CHUNK)
        await store.insertMany('sessions', batch)
        created = created.concat(batch)
      }
    } catch (err) {
      if (!isDuplicateKeyError(err) || attempt >= GENERATE_ATTEMPTS) throw err
      stored = await storedSessions(ids)
      continue
    }
    // Ids this call inserted in an earlier attempt show up as stored in a later one: they count as created.
    const mine = new Set(created.map((s) => s._id))
    const result = { created: created.length, existing: plan.existing.filter((id) => !mine.has(id)).length, past: plan.past }
    await audit(ctx, 'generateSessions', `courses/${courseId}`, { rule, ...result })
    const policy = resolvePolicy(course.policy)
    const byId = new Map([...stored, ...fresh].map((s) => [s._id, s]))
    const sessions = [...byId.values()].sort((a, b) => a.startAt - b.startAt).map((s) => toSessionView(s, policy))
    return { ...result, sessions }
  }
}

/** Bookings of one session, page by page. */
const sessionBookings = (sessionId: string): Promise<BookingDoc[]> => store.findAll('bookings', { sessionId })

/**
 * Capacity, time or note. Fewer seats than people holding one is refused (the write is conditional on `booked`, so a
 * booking landing meanwhile cannot slip under it); more seats go to the waitlist at once (seats.ts fillFreeSeats).
 * A new time is copied onto the bookings, and everyone with a seat or a place gets a 'changed' notice.
 */
async function updateSession(ctx: Ctx<UpdateSessionInput>): Promise<UpdateSessionOutput> {
  const { sessionId, ...edit } = ctx.input
  const { session, policy } = await loaded(sessionId)
  const plan = sessionEditPlan(session, edit, ctx.now)

  if (!(await editSession(sessionId, plan, ctx.now))) throw sessionEditConflict(await readSession(sessionId), edit)

  let after = await readSession(sessionId)
  if (plan.addsSeats) {
    const given = await fillFreeSeats({ session: after, policy, now: ctx.now })
    if (given.length > 0) after = await readSession(sessionId)
  }
  let notified = 0
  if (plan.times) {
    const times = { ...plan.times, updatedAt: ctx.now }
    notified = await store.update('bookings', { sessionId, status: _.in([...ACTIVE_STATUSES]) }, { ...times, ...noticeFields('changed', ctx.now) })
    await store.update('bookings', { sessionId, status: _.nin([...ACTIVE_STATUSES]) }, times)
  }
  await audit(ctx, 'updateSession', `sessions/${sessionId}`, {
    before: { capacity: session.capacity, startAt: session.startAt, endAt: session.endAt, note: session.note ?? '' },
    after: { capacity: after.capacity, startAt: after.startAt, endAt: after.endAt, note: after.note ?? '' },
    notified
  })
  return { session: toSessionView(after, policy), notified }
}

/**
 * Cancels the class: the session first (from then on nobody can book it), then every seat and waitlist place is given
 * up through seats.ts — nobody is promoted into a cancelled class — and every booking with a seat, a place or a
 * lottery entry is cancelled with a 'cancelled' notice (no late cancel: no strike). Asking again finishes anything a
 * concurrent booking slipped in and otherwise changes nothing.
 */
async function cancelSession(ctx: Ctx<CancelSessionInput>): Promise<CancelSessionOutput> {
  const { sessionId, reason } = ctx.input
  const { session, policy } = await loaded(sessionId)
  let flipped = false
  if (cancelSessionDecision(session, ctx.now) === 'flip') {
    const scheduled = { _id: sessionId, status: 'scheduled' }
    flipped = (await store.update('sessions', scheduled, { status: 'cancelled', cancelReason: reason, updatedAt: ctx.now })) === 1
  }

  const cancelled = await readSession(sessionId)
  await inBatches(Object.keys(cancelled.seats ?? {}), async (openid) => {
    await freeSeat({ session: cancelled, policy, openid, now: ctx.now })
  })
  await inBatches(queueEntries(cancelled), async ({ openid }) => {
    await leaveQueue(cancelled, openid, ctx.now)
  })

  const active = await store.findAll('bookings', { sessionId, status: _.in([...ACTIVE_STATUSES]) }, { _id: true, status: true, lottery: true })
  let notified = 0
  for (let i = 0; i < active.length; i += PAGE_SIZE) {
    const ids = active.slice(i, i + PAGE_SIZE).map((b) => b._id)
    notified += await store.update(
      'bookings',
      { _id: _.in(ids), status: _.in([...ACTIVE_STATUSES]) },
      { status: 'cancelled', cancelledAt: ctx.now, holdUntilAt: _.remove(), updatedAt: ctx.now, ...noticeFields('cancelled', ctx.now) }
    )
  }
  // Lottery entrants wait outside the queue; the session only counts them.
  const entrants = active.filter(isLotteryEntry).length
  if (entrants > 0) await countLotteryEntrants(sessionId, -entrants, ctx.now)
  if (flipped || notified > 0) {
    await audit(ctx, 'cancelSession', `sessions/${sessionId}`, { reason, notified, wasBooked: session.booked })
  }
  return { session: toSessionView(await readSession(sessionId), policy), notified }
}

// ---------------------------------------------------------------------------------------------------------------
// Roster and attendance

const PERSON_FIELDS = { _id: true, nickname: true, group: true, community: true }

/** Profiles of the given people, 1000 per request (a chunk of ids is one page: no `_id` range paging here). */
async function peopleByOpenid(openids: readonly string[]): Promise<Map<string, RosterPerson>> {
  const unique = [...new Set(openids)]
  const out = new Map<string, RosterPerson>()
  for (let i = 0; i < unique.length; i += PAGE_SIZE) {
    const chunk = unique.slice(i, i + PAGE_SIZE)
    const found = await store.find('users', { _id: _.in(chunk) }, { limit: chunk.length, fields: PERSON_FIELDS })
    for (const p of found) out.set(p._id, p)
  }
  return out
}

/** The listed people's strikes that still count, newest first: one paged query for everyone, not one per person. */
async function activeStrikesOf(openids: readonly string[], now: number): Promise<Map<string, RosterStrike[]>> {
  const out = new Map<string, RosterStrike[]>()
  if (openids.length === 0) return out
  const docs = await store.findAll(
    'strikes',
    { openid: _.in([...new Set(openids)]), forgiven: false, at: _.gt(strikesSince(now)) },
    { _id: true, openid: true, kind: true, at: true, sessionId: true, courseId: true }
  )
  for (const d of docs.sort((a, b) => b.at - a.at)) {
    const list = out.get(d.openid) ?? []
    list.push({ _id: d._id, kind: d.kind, at: d.at, sessionId: d.sessionId, courseId: d.courseId })
    out.set(d.openid, list)
  }
  return out
}

async function roster(sessionId: string, now: number): Promise<RosterOutput> {
  const { session, policy } = await loaded(sessionId)
  const bookings = await sessionBookings(sessionId)
  const openids = rosterOpenids(session, bookings)
  const [people, strikes] = await Promise.all([peopleByOpenid(openids), activeStrikesOf(openids, now)])
  const items = rosterOf(session, bookings, people).map((e) => ({ ...e, strikes: strikes.get(e.openid) ?? [] }))
  return { session: toSessionView(session, policy), items }
}

/**
 * The organizer records who is here (from 15 minutes before the start, when check-in opens, and any time after, to
 * correct it). Present: seats.ts checkInSeat — their seat is claimed, or someone without one takes a free seat.
 * Absent: seats.ts freeSeat passes the seat on (before the start) or opens it. The booking follows; strikes are
 * settled again if the class was already settled, so a correction counts.
 */
async function markAttendance(ctx: Ctx<MarkAttendanceInput>): Promise<MarkAttendanceOutput> {
  const { sessionId, openid, attended } = ctx.input
  const { session, policy } = await loaded(sessionId)
  const id = bookingIdFor(sessionId, openid)
  const [current, person] = await Promise.all([store.get('bookings', id), store.get('users', openid)])
  const decision = attendanceDecision(session, seatState(session, openid), current, attended, ctx.now)
  const booking = current as BookingDoc

  let after = session
  let next: BookingDoc
  if (decision.kind === 'present') {
    const { result, session: s } = await checkInSeat({ session, openid, now: ctx.now })
    if (result === 'full') throw noSeatForAttendee()
    after = s
    next = attendedBooking(booking, after.seats?.[openid]?.checkedInAt ?? ctx.now, result === 'took-seat', ctx.now)
  } else {
    if (decision.freesSeat) after = (await freeSeat({ session, policy, openid, now: ctx.now })).session
    next = absentBooking(booking, ctx.now)
  }

  let stored = booking
  if (attendanceChanged(booking, next)) {
    const put = await putBooking(booking, next)
    stored = put.wrote ? next : put.doc ?? next
    if (after.settledAt !== undefined) await settleSession(after, ctx.now)
    await audit(ctx, 'markAttendance', `bookings/${id}`, { sessionId, openid, attended, from: booking.status })
  }
  return { entry: rosterEntry(after, openid, stored, person ?? undefined, shownPositions(after)) }
}

async function checkinCode(sessionId: string, now: number): Promise<CheckinCodeOutput> {
  const session = await readSession(sessionId)
  if (session.status === 'cancelled') throw new DomainError('CHECKIN_CLOSED', '这节课已取消，不需要签到')
  const info = checkinCodeInfo(session.checkinSecret, session._id, now)
  return { ...info, payload: checkinPayload(session._id, info.code), ...checkinWindow(session.startAt) }
}

// ---------------------------------------------------------------------------------------------------------------
// Export, stats, lottery, strikes

/** A file name people recognise in their downloads, e.g. 书法入门-名单-2025-03-04.xlsx */
const exportFileName = (title: string, what: string): string => `${title.replace(/[\\/:*?"<>|\s]+/g, '_')}-${what}.xlsx`

async function exportRoster(ctx: Ctx<ExportRosterInput>): Promise<ExportRosterOutput> {
  const { sessionId, courseId } = ctx.input
  let course: CourseDoc
  let sessions: SessionDoc[]
  let bookings: BookingDoc[]
  let what: string
  if (sessionId !== undefined) {
    const found = await loaded(sessionId)
    course = found.course
    sessions = [found.session]
    bookings = await sessionBookings(sessionId)
    what = `名单-${dateKey(found.session.startAt)}`
  } else {
    course = await courseOrThrow(courseId as string)
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

/** Why the draw did not happen, for the organizer. */
function drawRefusal(run: Exclude<DrawRun, { state: 'drawn' | 'already-drawn' }>): DomainError {
  switch (run.state) {
    case 'not-found':
      return new DomainError('NOT_FOUND', '这节课不存在或已被删除', 'sessionId')
    case 'not-lottery':
      return new DomainError('CONFLICT', '这门课不是抽签报名')
    case 'cancelled':
      return new DomainError('CONFLICT', '这节课已取消')
    case 'not-due':
      return new DomainError('CONFLICT', `抽签报名 ${formatDateTime(run.drawAt)} 截止，截止后才能抽签`)
    case 'busy':
      return new DomainError('CONFLICT', '抽签时名额有变动，请稍后再试')
  }
}

async function drawNow(ctx: Ctx<{ sessionId: string }>): Promise<DrawLotteryOutput> {
  const run = await runDraw(ctx.input.sessionId, ctx.now, ctx.openid)
  if (run.state !== 'drawn' && run.state !== 'already-drawn') throw drawRefusal(run)
  if (!run.draw) throw new DomainError('CONFLICT', '这节课已经抽过签了')
  if (run.state === 'drawn') {
    await audit(ctx, 'drawLottery', `sessions/${run.session._id}`, {
      seed: run.draw.audit.seed,
      entrants: run.draw.audit.entrants.length,
      winners: run.draw.winners.length
    })
  }
  return {
    session: toSessionView(run.session, run.policy),
    audit: run.draw.audit,
    winners: run.draw.winners.length,
    waitlisted: run.draw.waitlist.length
  }
}

async function forgive(ctx: Ctx<{ strikeId: string }>): Promise<ForgiveStrikeOutput> {
  const strike = await store.get('strikes', ctx.input.strikeId)
  if (!strike) throw new DomainError('NOT_FOUND', '没有找到这条爽约记录', 'strikeId')
  const next = forgiveStrike(strike, ctx.openid, ctx.now)
  if (next === strike) return { strike }
  const { _id, ...fields } = next
  await store.updateDoc('strikes', _id, fields)
  await audit(ctx, 'forgiveStrike', `strikes/${_id}`, { openid: strike.openid, sessionId: strike.sessionId, kind: strike.kind })
  return { strike: next }
}

export const organizerActions = {
  saveCourse: action({ input: saveCourseSchema, auth: 'organizer', run: saveCourse }),
  generateSessions: action({ input: generateSessionsSchema, auth: 'organizer', run: generateSessions }),
  updateSession: action({ input: updateSessionSchema, auth: 'organizer', run: updateSession }),
  cancelSession: action({ input: cancelSessionSchema, auth: 'organizer', run: cancelSession }),
  roster: action({ input: rosterSchema, auth: 'organizer', run: (ctx) => roster(ctx.input.sessionId, ctx.now) }),
  listAllCourses: action({ input: listAllCoursesSchema, auth: 'organizer', run: (ctx) => listCourses(ctx.input, ctx.now, ['active', 'archived']) }),
  markAttendance: action({ input: markAttendanceSchema, auth: 'organizer', run: markAttendance }),
  checkinCode: action({ input: checkinCodeSchema, auth: 'organizer', run: (ctx) => checkinCode(ctx.input.sessionId, ctx.now) }),
  exportRoster: action({ input: exportRosterSchema, auth: 'organizer', run: exportRoster }),
  courseStats: action({
    input: courseStatsSchema,
    auth: 'organizer',
    run: async (ctx): Promise<CourseStatsOutput> => ({ stats: await courseStats((await courseOrThrow(ctx.input.courseId))._id, ctx.now) })
  }),
  drawLottery: action({ input: drawLotterySchema, auth: 'organizer', run: drawNow }),
  forgiveStrike: action({ input: forgiveStrikeSchema, auth: 'organizer', run: forgive })
}
