import { createHash } from 'crypto'
import {
  drawDue,
  drawLottery,
  drawOutcome,
  entrantFlags,
  entrantWeight,
  lotterySeed,
  resolvePolicy,
  verifyDraw,
  type LotteryEntrant
} from '@core/booking'
import { atWallClock, HOUR_MS } from '@core/time'

const START = atWallClock('2025-12-06', '19:00')
const DRAW_AT = START - 48 * HOUR_MS
const SEED = lotterySeed('coffee-202512061900', DRAW_AT)

const entrant = (openid: string, firstTimer = false, lostLastDraw = false): LotteryEntrant => ({
  openid,
  firstTimer,
  lostLastDraw
})
const crowd = Array.from({ length: 40 }, (_, i) => entrant(`u${String(i).padStart(2, '0')}`, i % 3 === 0, i % 5 === 0))

describe('lottery draw', () => {
  it('weights 1, +1 for a first-timer, +1 for having lost the last draw', () => {
    expect(entrantWeight(entrant('a'))).toBe(1)
    expect(entrantWeight(entrant('a', true))).toBe(2)
    expect(entrantWeight(entrant('a', false, true))).toBe(2)
    expect(entrantWeight(entrant('a', true, true))).toBe(3)
  })

  it('gives seats to the first `capacity` in draw order and waitlists the rest in order', () => {
    const r = drawLottery(SEED, 12, crowd)
    expect(r.winners).toHaveLength(12)
    expect(r.waitlist).toHaveLength(28)
    expect([...r.winners, ...r.waitlist]).toEqual(r.audit.order)
    expect(new Set(r.audit.order).size).toBe(40)
    expect([...r.audit.order].sort()).toEqual(crowd.map((e) => e.openid))
  })

  it('is reproducible: same seed and entrants in any order → the same result', () => {
    const a = drawLottery(SEED, 12, crowd)
    const b = drawLottery(SEED, 12, [...crowd].reverse())
    expect(b).toEqual(a)
  })

  it('a different seed gives a different order', () => {
    const a = drawLottery(SEED, 12, crowd)
    const b = drawLottery(lotterySeed('coffee-202512131900', DRAW_AT + 7 * 24 * HOUR_MS), 12, crowd)
    expect(b.audit.order).not.toEqual(a.audit.order)
  })

  it('records an audit anyone can re-run with a standard SHA-256', () => {
    const { audit } = drawLottery(SEED, 3, [entrant('b', true), entrant('a'), entrant('c', false, true)])
    expect(audit.algorithm).toBe('efraimidis-spirakis/sha256/v1')
    expect(audit.seed).toBe(`coffee-202512061900:${DRAW_AT}`)
    expect(audit.entrants.map((e) => e.openid)).toEqual(['a', 'b', 'c'])
    const sha = (s: string) => createHash('sha256').update(s).digest('hex')
    expect(audit.entrantsDigest).toBe(sha('a\nb\nc'))
    for (const e of audit.entrants) {
      const u = (parseInt(sha(`${audit.seed}\n${audit.entrantsDigest}\n${e.openid}`).slice(0, 13), 16) + 0.5) / 2 ** 52
      expect(e.u).toBe(u)
      expect(e.key).toBe(Math.log(u) / e.weight)
    }
    const byKey = [...audit.entrants].sort((x, y) => y.key - x.key).map((e) => e.openid)
    expect(audit.order).toEqual(byKey)
    expect(verifyDraw(JSON.parse(JSON.stringify(audit)) as typeof audit)).toBe(true)
  })

  it('detects a tampered audit', () => {
    const { audit } = drawLottery(SEED, 2, crowd.slice(0, 6))
    expect(verifyDraw({ ...audit, order: [...audit.order].reverse() })).toBe(false)
    const favoured = audit.entrants.map((e, i) => (i === 0 ? { ...e, firstTimer: !e.firstTimer } : e))
    expect(verifyDraw({ ...audit, entrants: favoured })).toBe(false)
    expect(verifyDraw({ ...audit, seed: `${audit.seed}x` })).toBe(false)
    expect(verifyDraw({ ...audit, entrants: audit.entrants.slice(1) })).toBe(false)
  })

  it('a new entrant changes everyone’s draw values (nobody can know theirs before registration closes)', () => {
    const before = drawLottery(SEED, 1, crowd.slice(0, 5)).audit
    const after = drawLottery(SEED, 1, crowd.slice(0, 6)).audit
    expect(after.entrantsDigest).not.toBe(before.entrantsDigest)
    expect(after.entrants[0].u).not.toBe(before.entrants[0].u)
  })

  it('everyone wins when there are enough seats; nobody when there are none', () => {
    expect(drawLottery(SEED, 50, crowd).waitlist).toEqual([])
    expect(drawLottery(SEED, 0, crowd).winners).toEqual([])
    expect(drawLottery(SEED, 5, []).audit.order).toEqual([])
  })

  it('refuses a duplicate entrant or a bad capacity', () => {
    expect(() => drawLottery(SEED, 1, [entrant('a'), entrant('a', true)])).toThrow(RangeError)
    expect(() => drawLottery(SEED, -1, crowd)).toThrow(RangeError)
  })

  it('favours first-timers in proportion to weight (fixed seeds, so the check is exact every run)', () => {
    // One seat, one first-timer (weight 2) and two regulars (weight 1): P(first-timer wins) = 2/4.
    let wins = 0
    const draws = 4000
    for (let i = 0; i < draws; i++) {
      const r = drawLottery(`stat-${i}`, 1, [entrant('new', true), entrant('old1'), entrant('old2')])
      if (r.winners[0] === 'new') wins++
    }
    expect(wins / draws).toBeGreaterThan(0.47)
    expect(wins / draws).toBeLessThan(0.53)
  })

  it('samples without replacement: the full order follows the weights (3:2:1)', () => {
    const counts = new Map<string, number>()
    const draws = 6000
    for (let i = 0; i < draws; i++) {
      const r = drawLottery(`order-${i}`, 3, [entrant('w3', true, true), entrant('w2', true), entrant('w1')])
      const key = r.audit.order.join('>')
      counts.set(key, (counts.get(key) ?? 0) + 1)
    }
    // P(w3>w2>w1) = 3/6 · 2/3 = 1/3;  P(w1>w2>w3) = 1/6 · 2/5 = 1/15.
    expect(counts.get('w3>w2>w1')! / draws).toBeGreaterThan(0.31)
    expect(counts.get('w3>w2>w1')! / draws).toBeLessThan(0.355)
    expect(counts.get('w1>w2>w3')! / draws).toBeGreaterThan(0.055)
    expect(counts.get('w1>w2>w3')! / draws).toBeLessThan(0.08)
  })
})

describe('lottery flags from a person’s history of this course', () => {
  type Status = 'attended' | 'waitlisted' | 'cancelled' | 'confirmed'
  const past = (status: Status, lottery: 'won' | 'lost' | undefined, daysAgo: number, courseId = 'coffee') => ({
    courseId,
    startAt: START - daysAgo * 24 * HOUR_MS,
    status,
    ...(lottery ? { lottery } : {})
  })

  it('first-timer until they have attended this course', () => {
    expect(entrantFlags([], 'coffee')).toEqual({ firstTimer: true, lostLastDraw: false })
    expect(entrantFlags([past('attended', undefined, 3, 'yoga')], 'coffee').firstTimer).toBe(true)
    expect(entrantFlags([past('attended', 'won', 10)], 'coffee').firstTimer).toBe(false)
  })

  it('lost the last draw of this course and never got in', () => {
    expect(entrantFlags([past('attended', 'won', 20), past('waitlisted', 'lost', 7)], 'coffee').lostLastDraw).toBe(true)
    expect(entrantFlags([past('cancelled', 'lost', 7)], 'coffee').lostLastDraw).toBe(true)
  })

  it('no bonus after winning the latest draw, or after getting in from the waitlist', () => {
    expect(entrantFlags([past('waitlisted', 'lost', 20), past('attended', 'won', 7)], 'coffee').lostLastDraw).toBe(false)
    expect(entrantFlags([past('attended', 'lost', 7)], 'coffee').lostLastDraw).toBe(false)
    expect(entrantFlags([past('waitlisted', 'lost', 7, 'yoga')], 'coffee').lostLastDraw).toBe(false)
  })
})

describe('draw timing and outcome', () => {
  const lottery = resolvePolicy({ lottery: { closesBeforeH: 48 } })
  const session = { startAt: START, status: 'scheduled' as const }

  it('is due once registration closes, once, and never for cancelled or first-come sessions', () => {
    expect(drawDue(session, lottery, DRAW_AT - 1)).toBe(false)
    expect(drawDue(session, lottery, DRAW_AT)).toBe(true)
    expect(drawDue({ ...session, drawnAt: DRAW_AT }, lottery, DRAW_AT + 1)).toBe(false)
    expect(drawDue({ ...session, status: 'cancelled' }, lottery, DRAW_AT)).toBe(false)
    expect(drawDue(session, resolvePolicy({}), DRAW_AT)).toBe(false)
  })

  it('continues the waitlist sequence in draw order', () => {
    expect(drawOutcome({ winners: ['a', 'b'], waitlist: ['c', 'd'] }, 4)).toEqual({
      confirm: ['a', 'b'],
      waitlist: [
        { openid: 'c', position: 5 },
        { openid: 'd', position: 6 }
      ],
      waitlistSeq: 6
    })
  })
})
