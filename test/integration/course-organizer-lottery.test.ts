/**
 * Function `course`, organizer (管理端) lottery and strikes, through the local cloud with the real bundle and
 * wx-server-sdk: a seeded, weighted, verifiable draw that happens once, and forgiving a no-show.
 */
import { expect } from '@jest/globals'
import { drawLottery, lotterySeed, verifyDraw, type BookingDoc, type StrikeDoc } from '@core/booking'
import { DAY_MS, HOUR_MS } from '@core/time'
import { data, type TestCloud } from '../support/cloud'
import { sessionDoc } from './course-booking-support'
import { arrange, auditOf, call, newCourse, NOW, ORGANIZER, person, putSession, startOrganizerCloud } from './course-organizer-support'

let cloud: TestCloud

beforeAll(async () => {
  cloud = await startOrganizerCloud()
})
afterAll(() => cloud.close())

describe('drawLottery', () => {
  const LOTTERY = { lottery: { closesBeforeH: 24 } }

  /** A lottery session whose registration closed an hour ago, with entrants waiting for the draw. */
  async function lotterySession(entrants: number, capacity: number) {
    const course = await newCourse(cloud, { title: '抽签瑜伽', policy: LOTTERY })
    const startAt = NOW + 23 * HOUR_MS
    const session = putSession(cloud, course._id, startAt, { capacity })
    const openids = Array.from({ length: entrants }, () => person(cloud, 'rider'))
    arrange(
      cloud,
      session,
      openids.map((openid) => ({ openid, status: 'waitlisted', over: { lottery: 'entered' } }))
    )
    return { course, session, openids, drawAt: startAt - 24 * HOUR_MS }
  }

  it('draws seeded and weighted, confirms the winners, queues the rest in draw order, and stores the audit record', async () => {
    const { course, session, openids, drawAt } = await lotterySession(12, 4)
    // History that sets the weights: openids[0] came before (not a first-timer); openids[1] lost the last draw.
    const earlier = putSession(cloud, course._id, NOW - 7 * DAY_MS, { drawnAt: NOW - 8 * DAY_MS })
    arrange(cloud, earlier, [
      { openid: openids[0], status: 'attended', over: { lottery: 'won' } },
      { openid: openids[1], status: 'waitlisted', over: { lottery: 'lost' } }
    ])

    const res = await call(cloud, 'drawLottery', { sessionId: session._id })
    const out = data(res.body)
    const expected = drawLottery(
      lotterySeed(session._id, drawAt),
      4,
      openids.map((openid, i) => ({ openid, firstTimer: i !== 0, lostLastDraw: i === 1 }))
    )
    expect(out.audit).toEqual(expected.audit)
    expect(verifyDraw(out.audit)).toBe(true)
    expect(out.audit.entrants.find((e) => e.openid === openids[0])?.weight).toBe(1)
    expect(out.audit.entrants.find((e) => e.openid === openids[1])?.weight).toBe(3)
    expect(out.audit.entrants.find((e) => e.openid === openids[2])?.weight).toBe(2)
    expect([out.winners, out.waitlisted]).toEqual([4, 8])
    expect(out.session).toMatchObject({ booked: 4, seatsLeft: 0, waitlisted: 8, mode: 'first-come', drawnAt: expect.any(Number) })

    const bookings = new Map(cloud.db.find('bookings', { sessionId: session._id }).map((b: BookingDoc) => [b.openid, b]))
    for (const openid of expected.winners) expect(bookings.get(openid)).toMatchObject({ status: 'confirmed', lottery: 'won' })
    expected.waitlist.forEach((openid, i) =>
      expect(bookings.get(openid)).toMatchObject({ status: 'waitlisted', lottery: 'lost', position: i + 1 })
    )
    expect(sessionDoc(cloud, session._id)).toMatchObject({ booked: 4, waitlisted: 8, waitlistSeq: 8 })
    expect(cloud.db.find('lotteryDraws', { _id: session._id })[0]).toMatchObject({
      sessionId: session._id,
      drawnBy: ORGANIZER,
      audit: expected.audit,
      winners: expected.winners
    })
    expect(auditOf(cloud, `sessions/${session._id}`)).toEqual([
      expect.objectContaining({ action: 'drawLottery', actor: ORGANIZER, detail: { seed: expected.audit.seed, entrants: 12, winners: 4 } })
    ])

    // Asking again changes nothing and answers with the same draw.
    const before = cloud.db.find('bookings', { sessionId: session._id })
    const again = data((await call(cloud, 'drawLottery', { sessionId: session._id })).body)
    expect(again.audit).toEqual(out.audit)
    expect(cloud.db.find('bookings', { sessionId: session._id })).toEqual(before)
    expect(auditOf(cloud, `sessions/${session._id}`)).toHaveLength(1)
  })

  it('draws once however many organizers press at the same time', async () => {
    const { session } = await lotterySession(30, 10)
    const replies = await Promise.all(Array.from({ length: 8 }, () => call(cloud, 'drawLottery', { sessionId: session._id })))
    const orders = new Set(replies.map((r) => JSON.stringify(data(r.body).audit.order)))
    expect(orders.size).toBe(1)
    expect(cloud.db.count('lotteryDraws', { _id: session._id })).toBe(1)
    expect(cloud.db.count('bookings', { sessionId: session._id, status: 'confirmed', lottery: 'won' })).toBe(10)
    const positions: number[] = cloud.db.find('bookings', { sessionId: session._id, status: 'waitlisted' }).map((b: BookingDoc) => b.position as number)
    expect(positions.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
    expect(sessionDoc(cloud, session._id)).toMatchObject({ booked: 10, waitlisted: 20, waitlistSeq: 20 })
    expect(auditOf(cloud, `sessions/${session._id}`).filter((a) => a.action === 'drawLottery')).toHaveLength(1)
  })

  it('with fewer entrants than seats everyone wins and the rest stays first come', async () => {
    const { session, openids } = await lotterySession(3, 8)
    const out = data((await call(cloud, 'drawLottery', { sessionId: session._id })).body)
    expect([out.winners, out.waitlisted]).toEqual([3, 0])
    expect(out.session).toMatchObject({ booked: 3, seatsLeft: 5, mode: 'first-come' })
    expect(cloud.db.count('bookings', { openid: { $in: openids }, status: 'confirmed' })).toBe(3)
  })

  it('refuses before registration closes, for a first-come course, and for an unknown session', async () => {
    const course = await newCourse(cloud, { title: '未到抽签', policy: LOTTERY })
    const early = putSession(cloud, course._id, NOW + 3 * DAY_MS)
    const res = await call(cloud, 'drawLottery', { sessionId: early._id })
    expect(res.body).toMatchObject({ ok: false, code: 'CONFLICT', message: expect.stringContaining('截止后才能抽签') })
    expect(sessionDoc(cloud, early._id).drawnAt).toBeUndefined()
    const plain = putSession(cloud, (await newCourse(cloud, { title: '普通课' }))._id, NOW + HOUR_MS)
    expect((await call(cloud, 'drawLottery', { sessionId: plain._id })).body).toMatchObject({ ok: false, code: 'CONFLICT', message: '这门课不是抽签报名' })
    expect((await call(cloud, 'drawLottery', { sessionId: 'nope' })).body).toMatchObject({ ok: false, code: 'NOT_FOUND' })
  })
})

describe('forgiveStrike', () => {
  it('forgives a strike once, records who did it, and leaves a second request harmless', async () => {
    const session = putSession(cloud, (await newCourse(cloud, { title: '爽约测试课' }))._id, NOW - 2 * DAY_MS)
    const strike: StrikeDoc = {
      _id: `${session._id}_demo-rider`,
      openid: 'demo-rider',
      sessionId: session._id,
      courseId: session.courseId,
      kind: 'no_show',
      at: session.startAt,
      forgiven: false,
      createdAt: session.startAt,
      updatedAt: session.startAt
    }
    cloud.db.insert('strikes', [strike])
    const out = data((await call(cloud, 'forgiveStrike', { strikeId: strike._id })).body).strike
    expect(out).toMatchObject({ ...strike, forgiven: true, forgivenReason: 'organizer', forgivenBy: ORGANIZER, updatedAt: NOW })
    expect(cloud.db.find('strikes', { _id: strike._id })[0]).toEqual(out)
    const again = await call(cloud, 'forgiveStrike', { strikeId: strike._id })
    expect(data(again.body).strike).toEqual(out)
    expect(auditOf(cloud, `strikes/${strike._id}`)).toEqual([
      expect.objectContaining({ action: 'forgiveStrike', actor: ORGANIZER, detail: { openid: 'demo-rider', sessionId: session._id, kind: 'no_show' } })
    ])
    expect((await call(cloud, 'forgiveStrike', { strikeId: 'nothing-here' })).body).toMatchObject({ ok: false, code: 'NOT_FOUND' })
  })
})
