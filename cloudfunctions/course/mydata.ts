/**
 * 我的数据 in function `course` (issue 10, PII): what the course side holds about the caller, and erasing it.
 *   myData        → {bookings, strikes, messages}: every booking with its class, the strikes, the messages queued
 *   deleteMyData  → {removed, anonymized, cancelled}
 *
 * Erasure keeps the seat rules whole. Upcoming bookings are cancelled through `cancel` (booking.ts → seats.ts), so the
 * seat goes to the waitlist exactly as when the person cancels, and `booked` stays the number of seats. Past bookings,
 * strikes and lottery draws feed the centre's attendance and no-show figures: they stay, re-keyed to one random
 * anonymous id (core/erasure.ts), and the session's seat table and the organizers' audit entries about them name that
 * id instead of the openid. Messages to the
 * person (any function's, in `notifications`) are removed: nobody is left to send them to.
 *
 * Idempotent and crash-safe: the anonymous id is first written onto every record of the person (`erasedAs`), so a
 * retry picks the same id up; each record is then copied under the new id (a copy already there is a duplicate-key
 * no-op) before the original is removed. A crash anywhere leaves originals that the retry finishes.
 */
import { randomBytes } from 'crypto'
import type { CourseMyDataOutput, DeleteMyDataOutput, MyBookingRecord } from '@core/api/mydata'
import { DomainError } from '@core/api/result'
import { ACTIVE_STATUSES, type BookingDoc, type SessionDoc, type StrikeDoc } from '@core/booking'
import { anonymizedBooking, anonymizedDraw, anonymizedStrike, ERASED_PREFIX, type ErasureMark } from '@core/erasure'
import { _, isDuplicateKeyError, type Patch } from '../_shared'
import { cancel } from './booking'
import { queuePath, seatPath, store, waitPath } from './repo'
import { inBatches } from './seats'

type Marked<D> = D & ErasureMark

const sessionsById = async (ids: readonly string[]): Promise<Map<string, SessionDoc>> => {
  if (ids.length === 0) return new Map()
  const fields = { seats: false, waiting: false, queue: false, checkinSecret: false }
  const found = await store.findAll('sessions', { _id: _.in([...new Set(ids)]) }, fields)
  return new Map(found.map((s) => [s._id, s]))
}

export async function myData(openid: string): Promise<CourseMyDataOutput> {
  const [bookings, strikes, messages] = await Promise.all([
    store.findAll('bookings', { openid }),
    store.findAll('strikes', { openid }),
    store.count('notifications', { openid })
  ])
  const sessions = await sessionsById(bookings.map((b) => b.sessionId))
  const records = bookings.map(
    (b): MyBookingRecord => ({
      _id: b._id,
      sessionId: b.sessionId,
      title: sessions.get(b.sessionId)?.title ?? '',
      startAt: b.startAt,
      endAt: b.endAt,
      status: b.status,
      createdAt: b.createdAt
    })
  )
  records.sort((a, b) => b.startAt - a.startAt)
  return {
    bookings: records,
    strikes: strikes.map((s) => ({ sessionId: s.sessionId, kind: s.kind, at: s.at, forgiven: s.forgiven })),
    messages
  }
}

const newAnonymousId = (): string => `${ERASED_PREFIX}${randomBytes(12).toString('hex')}`

/** Inserts a copy; one already there (an earlier, interrupted erasure) is what this one would write. */
async function insertOnce(write: Promise<string>): Promise<void> {
  try {
    await write
  } catch (err) {
    if (!isDuplicateKeyError(err)) throw err
  }
}

/** The session's seat table names `anonId` where it named `openid`: the seat, the waiting mark, the queue log. */
async function renameInSeatTable(sessionId: string, openid: string, anonId: string): Promise<void> {
  const session = await store.get('sessions', sessionId)
  if (!session) return
  const patch: Patch = {}
  const seat = session.seats?.[openid]
  if (seat) Object.assign(patch, { [seatPath(anonId)]: seat, [seatPath(openid)]: _.remove() })
  const waiting = session.waiting?.[openid]
  if (waiting !== undefined) Object.assign(patch, { [waitPath(anonId)]: waiting, [waitPath(openid)]: _.remove() })
  ;(session.queue ?? []).forEach((entry, index) => {
    if (entry === openid) patch[queuePath(index)] = anonId
  })
  if (Object.keys(patch).length > 0) await store.updateDoc('sessions', sessionId, patch)
}

/**
 * Organizer writes stay accountable (who marked attendance, who forgave a strike) but name the anonymized record and
 * the anonymous id instead of the person. Before the original is removed, so a retry still finds what to repoint.
 */
async function repointAudit(target: string, kept: string, anonId: string): Promise<void> {
  await store.update('audit', { target }, { target: kept, 'detail.openid': anonId })
}

/** Cancels the bookings of classes not started yet through the booking path; answers how many it cancelled. */
async function cancelUpcoming(openid: string, bookings: readonly BookingDoc[], now: number): Promise<number> {
  let cancelled = 0
  for (const booking of bookings) {
    if (!ACTIVE_STATUSES.includes(booking.status) || booking.startAt <= now) continue
    try {
      await cancel(openid, booking.sessionId, now)
      cancelled++
    } catch (err) {
      // The class started or was cancelled in between: its booking is kept anonymized like any past one.
      if (!(err instanceof DomainError)) throw err
    }
  }
  return cancelled
}

export async function deleteMyData(openid: string, now: number): Promise<DeleteMyDataOutput> {
  const [seen, seenStrikes] = await Promise.all([
    store.findAll('bookings', { openid }) as Promise<Marked<BookingDoc>[]>,
    store.findAll('strikes', { openid }) as Promise<Marked<StrikeDoc>[]>
  ])
  const anonId = [...seen, ...seenStrikes].find((d) => d.erasedAs !== undefined)?.erasedAs ?? newAnonymousId()
  await Promise.all([
    store.update('bookings', { openid }, { erasedAs: anonId }),
    store.update('strikes', { openid }, { erasedAs: anonId })
  ])
  const cancelled = await cancelUpcoming(openid, seen, now)

  const bookings = (await store.findAll('bookings', { openid })) as Marked<BookingDoc>[]
  const sessionIds = [...new Set(bookings.map((b) => b.sessionId))]
  await inBatches(sessionIds, (id) => renameInSeatTable(id, openid, anonId))
  await inBatches(sessionIds, async (id) => {
    const draw = await store.get('lotteryDraws', id)
    if (!draw || !draw.audit.order.includes(openid)) return
    const { _id, ...kept } = anonymizedDraw(draw, openid, anonId)
    await store.setDoc('lotteryDraws', _id, kept)
  })
  await inBatches(bookings, async (booking) => {
    const kept = anonymizedBooking(booking, anonId)
    await repointAudit(`bookings/${booking._id}`, `bookings/${kept._id}`, anonId)
    await insertOnce(store.insert('bookings', kept))
    await store.removeDoc('bookings', booking._id)
  })
  const strikes = (await store.findAll('strikes', { openid })) as Marked<StrikeDoc>[]
  await inBatches(strikes, async (strike) => {
    const kept = anonymizedStrike(strike, anonId)
    await repointAudit(`strikes/${strike._id}`, `strikes/${kept._id}`, anonId)
    await insertOnce(store.insert('strikes', kept))
    await store.removeDoc('strikes', strike._id)
  })

  const messages = await store.findAll('notifications', { openid }, { _id: true })
  await inBatches(messages, (m) => store.removeDoc('notifications', m._id))
  return { removed: messages.length, anonymized: bookings.length + strikes.length, cancelled }
}
