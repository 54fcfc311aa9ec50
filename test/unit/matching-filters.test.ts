import fc from 'fast-check'
import {
  checkService,
  COARSE_SLACK_M,
  distanceM,
  FIFTEEN_MINUTE_CIRCLE_M,
  formatDistance,
  formatWeekInterval,
  intersect,
  MIN_OVERLAP_MIN,
  nextInterval,
  prepareNeed,
  prepareServices,
  reasonLine,
  SCORE_TERMS,
  SCORE_WEIGHTS,
  scorePair,
  servicesToCheck,
  URGENCY_VALUES,
  weekIntervals,
  type Facts,
  type FilterName,
  type NeedDoc,
  type ServiceDoc
} from '@core/matching'
import { CENTRE, need, NOW, offset, service } from './support/matching-fixtures'

function check(n: NeedDoc, s: ServiceDoc, used = 0, tried: string[] = []) {
  const pool = prepareServices([s], { [s._id]: used })
  return checkService(prepareNeed(n, pool, tried), pool.services[0])
}

const failed = (n: NeedDoc, s: ServiceDoc, used = 0, tried: string[] = []): FilterName | undefined => {
  const result = check(n, s, used, tried)
  return result.ok ? undefined : result.failed
}

function scored(n: NeedDoc, s: ServiceDoc, used = 0, others: ServiceDoc[] = []) {
  const pool = prepareServices([s, ...others], { [s._id]: used })
  const prepared = prepareNeed(n, pool)
  const result = checkService(prepared, pool.services[0])
  if (!result.ok) throw new Error(`ruled out by ${result.failed}`)
  return { facts: result.facts, ...scorePair(prepared, pool.services[0], result.facts, pool, NOW) }
}

describe('hard filters', () => {
  it('the fixture pair passes every filter', () => {
    expect(failed(need(), service())).toBeUndefined()
  })

  it('active: a draft, paused or closed service takes nobody', () => {
    for (const status of ['draft', 'paused', 'closed'] as const) expect(failed(need(), service({ status }))).toBe('active')
  })

  it('tried: a service that declined (or already has) this need is skipped', () => {
    expect(failed(need(), service(), 0, ['svc-legal'])).toBe('tried')
  })

  it('category: exact, synonym, parent and child pass; a sibling or another branch does not', () => {
    expect(failed(need({ category: 'LEGAL_LABOR' }), service({ taxonomy: ['LEGAL_LABOR'] }))).toBeUndefined()
    expect(failed(need({ category: 'RIGHTS_WAGES' }), service({ taxonomy: ['LEGAL_LABOR'] }))).toBeUndefined()
    expect(failed(need({ category: 'LEGAL' }), service({ taxonomy: ['LEGAL_LABOR'] }))).toBeUndefined()
    expect(failed(need({ category: 'LEGAL_TRAFFIC' }), service({ taxonomy: ['LEGAL_LABOR'] }))).toBe('category')
    expect(failed(need({ category: 'HEALTH_CHECKUP' }), service())).toBe('category')
  })

  it('group: listed groups only; an unknown group fits only a service for everyone', () => {
    const forRiders = service({ eligibility: { groups: ['rider', 'courier'] } })
    expect(failed(need({ group: 'courier' }), forRiders)).toBeUndefined()
    expect(failed(need({ group: 'driver' }), forRiders)).toBe('group')
    expect(failed(need({ group: 'unknown' }), forRiders)).toBe('group')
    expect(failed(need({ group: 'unknown' }), service())).toBeUndefined()
  })

  it('age: inside the range, bounds included; an age not given passes', () => {
    const adults = service({ eligibility: { groups: [], minAge: 18, maxAge: 60 } })
    expect(failed(need({ age: 18 }), adults)).toBeUndefined()
    expect(failed(need({ age: 60 }), adults)).toBeUndefined()
    expect(failed(need({ age: 17 }), adults)).toBe('age')
    expect(failed(need({ age: 61 }), adults)).toBe('age')
    expect(failed(need({ age: undefined }), adults)).toBeUndefined()
  })

  it('capacity: no places left this period rules it out', () => {
    expect(failed(need(), service(), 4)).toBeUndefined()
    expect(failed(need(), service(), 5)).toBe('capacity')
    expect(failed(need(), service(), 9)).toBe('capacity')
  })

  it('area: inside the radius of the nearest location; a coarse point gets the benefit of the doubt', () => {
    const small = service({ serviceAreaM: 1000 })
    expect(failed(need({ location: { ...offset(CENTRE, 990, 0), precise: true } }), small)).toBeUndefined()
    expect(failed(need({ location: { ...offset(CENTRE, 1010, 0), precise: true } }), small)).toBe('area')
    expect(failed(need({ location: { ...offset(CENTRE, 1000 + COARSE_SLACK_M - 10, 0), precise: false } }), small)).toBeUndefined()
    expect(failed(need({ location: { ...offset(CENTRE, 1000 + COARSE_SLACK_M + 10, 0), precise: false } }), small)).toBe('area')
    // A second location nearer the need puts it inside.
    const twoPlaces = service({ serviceAreaM: 1000, locations: [...small.locations, { name: '老街', address: '', ...offset(CENTRE, 3000, 0) }] })
    expect(failed(need({ location: { ...offset(CENTRE, 2500, 0), precise: true } }), twoPlaces)).toBeUndefined()
    // No location on the need, or no area on the service: nothing to check.
    expect(failed(need({ location: undefined }), small)).toBeUndefined()
    expect(failed(need({ location: { ...offset(CENTRE, 20_000, 0), precise: true } }), service({ serviceAreaM: undefined }))).toBeUndefined()
  })

  it('schedule: the weekly windows must overlap by at least 30 minutes; no availability means any time', () => {
    const saturday = service({ schedules: [{ weekday: 6, from: '09:00', to: '11:00' }] })
    expect(failed(need({ availability: [{ weekday: 6, from: '10:30', to: '12:00' }] }), saturday)).toBeUndefined()
    expect(failed(need({ availability: [{ weekday: 6, from: '10:31', to: '12:00' }] }), saturday)).toBe('schedule')
    expect(failed(need({ availability: [{ weekday: 6, from: '11:00', to: '12:00' }] }), saturday)).toBe('schedule')
    expect(failed(need({ availability: [{ weekday: 7, from: '09:00', to: '11:00' }] }), saturday)).toBe('schedule')
    expect(failed(need({ availability: [] }), saturday)).toBeUndefined()
    expect(MIN_OVERLAP_MIN).toBe(30)
  })

  it('filters run cheapest first: the first failure is the one named', () => {
    expect(failed(need({ group: 'driver', age: 70 }), service({ status: 'paused', eligibility: { groups: ['rider'], maxAge: 60 } }))).toBe('active')
    expect(failed(need({ group: 'driver', age: 70 }), service({ eligibility: { groups: ['rider'], maxAge: 60 } }))).toBe('group')
  })

  it('only services whose codes can fit are checked at all', () => {
    const pool = prepareServices(
      [service({ _id: 'a', taxonomy: ['LEGAL'] }), service({ _id: 'b', taxonomy: ['HEALTH'] }), service({ _id: 'c', taxonomy: ['RIGHTS_WAGES', 'LEGAL'] })],
      {}
    )
    expect(servicesToCheck(pool, 'LEGAL_LABOR').services.map((entry) => entry.service._id).sort()).toEqual(['a', 'c'])
  })

  it('the map grid skips only services whose area cannot reach the need', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ north: fc.integer({ min: -20_000, max: 20_000 }), east: fc.integer({ min: -20_000, max: 20_000 }), area: fc.option(fc.integer({ min: 100, max: 8000 })) }), { maxLength: 30 }),
        fc.array(fc.record({ north: fc.integer({ min: -25_000, max: 25_000 }), east: fc.integer({ min: -25_000, max: 25_000 }), precise: fc.boolean() }), { minLength: 1, maxLength: 10 }),
        (places, spots) => {
          const services = places.map((p, i) =>
            service({ _id: `s${i}`, serviceAreaM: p.area ?? undefined, locations: [{ name: '', address: '', ...offset(CENTRE, p.north, p.east) }] })
          )
          const pool = prepareServices(services, {})
          for (const spot of spots) {
            const n = need({ location: { ...offset(CENTRE, spot.north, spot.east), precise: spot.precise } })
            const prepared = prepareNeed(n, pool)
            const passing = (entries: readonly (typeof pool.services)[number][]) =>
              entries.filter((entry) => checkService(prepared, entry).ok).map((entry) => entry.service._id).sort()
            const { services: near, outOfReach } = servicesToCheck(pool, n.category, n.location)
            expect(passing(near)).toEqual(passing(pool.services))
            expect(near.length + outOfReach).toBe(pool.services.length)
          }
        }
      ),
      { numRuns: 200 }
    )
  })
})

describe('score terms', () => {
  it('reads as the issue’s example line, term by term', () => {
    const { reasons, terms } = scored(need(), service(), 2)
    expect(reasonLine(reasons.slice(0, 4))).toBe('同属法律咨询 · 800 米 · 周六 9–11 点可约 · 余 3 名额')
    expect(reasons.slice(4)).toEqual(['描述相符：欠薪', '一般，已等 5 天'])
    expect(terms.map((t) => t.name)).toEqual([...SCORE_TERMS])
  })

  it('taxonomy: the fit’s depth', () => {
    const value = (category: string, taxonomy: string[]) => scored(need({ category }), service({ taxonomy })).terms[0].value
    expect(value('LEGAL_LABOR', ['LEGAL_LABOR'])).toBe(1)
    expect(value('RIGHTS_WAGES', ['LEGAL_LABOR'])).toBe(0.8)
    expect(value('LEGAL_LABOR', ['LEGAL'])).toBe(0.7)
    expect(value('LEGAL', ['LEGAL_LABOR'])).toBe(0.5)
  })

  it('distance: halves at the edge of the 15-minute circle; unknown is neutral; no place to go is full', () => {
    const at = (metres: number, precise = true) => scored(need({ location: { ...offset(CENTRE, metres, 0), precise } }), service({ serviceAreaM: undefined })).terms[1]
    expect(at(0).value).toBeCloseTo(1, 3)
    expect(at(FIFTEEN_MINUTE_CIRCLE_M).value).toBeCloseTo(0.5, 3)
    expect(at(2 * FIFTEEN_MINUTE_CIRCLE_M).value).toBeCloseTo(0.25, 3)
    expect(at(1234).reason).toBe('1.2 公里')
    expect(at(1234, false).reason).toBe('约 1.2 公里')
    expect(scored(need({ location: undefined }), service()).terms[1]).toMatchObject({ value: 0.5, reason: '位置未提供' })
    expect(scored(need(), service({ locations: [] })).terms[1]).toMatchObject({ value: 1, reason: '无需到场' })
  })

  it('schedule: overlap over four hours, and the next overlap named', () => {
    const term = (availability: NeedDoc['availability'], schedules: ServiceDoc['schedules']) => scored(need({ availability }), service({ schedules })).terms[2]
    expect(term([{ weekday: 6, from: '09:00', to: '12:00' }], [{ weekday: 6, from: '09:00', to: '11:00' }])).toMatchObject({ value: 0.5, reason: '周六 9–11 点可约' })
    expect(term([], [{ weekday: 1, from: '09:00', to: '18:00' }]).value).toBe(1)
    // Tuesday 10:00 now: Wednesday's window comes before next Monday's.
    const twoDays = [{ weekday: 1 as const, from: '09:00', to: '10:00' }, { weekday: 3 as const, from: '19:30', to: '21:00' }]
    expect(term([], twoDays).reason).toBe('周三 19:30–21:00可约')
  })

  it('load: places left over places per period', () => {
    expect(scored(need(), service(), 0).terms[3]).toMatchObject({ value: 1, reason: '余 5 名额' })
    expect(scored(need(), service(), 4).terms[3]).toMatchObject({ value: 0.2, reason: '余 1 名额' })
  })

  it('text: the need’s words found in the service, rarer words weigh more', () => {
    const plain = service({ _id: 'plain', tokens: ['律师', '咨询'] })
    const other = service({ _id: 'other', tokens: ['律师', '咨询', '合同'] })
    expect(scored(need(), plain, 0, [other]).terms[4]).toMatchObject({ value: 0, reason: '描述无直接关联' })
    const both = scored(need({ tokens: ['欠薪', '律师'] }), service({ tokens: ['欠薪', '律师'] }), 0, [plain, other]).terms[4]
    const common = scored(need({ tokens: ['欠薪', '律师'] }), service({ tokens: ['律师'] }), 0, [plain, other]).terms[4]
    const rare = scored(need({ tokens: ['欠薪', '律师'] }), service({ tokens: ['欠薪'] }), 0, [plain, other]).terms[4]
    expect(both.value).toBeGreaterThan(rare.value)
    expect(rare.value).toBeGreaterThan(common.value)
    expect(both.reason).toBe('描述相符：欠薪、律师')
  })

  it('urgency: level and days waited', () => {
    const term = (urgency: NeedDoc['urgency'], days: number) => scored(need({ urgency, createdAt: NOW - days * 86_400_000 }), service()).terms[5]
    expect(term('high', 0)).toMatchObject({ value: 0.7 * URGENCY_VALUES.high, reason: '紧急，今天提交' })
    expect(term('low', 14).value).toBeCloseTo(0.7 * 0.2 + 0.3, 10)
    expect(term('normal', 30).value).toBeCloseTo(0.7 * 0.5 + 0.3, 10)
    expect(term('normal', 7).reason).toBe('一般，已等 7 天')
  })
})

/** Random pairs that pass the filters (a need near the centre, a service at or near it). */
const pairs = fc
  .record({
    north: fc.integer({ min: -2500, max: 2500 }),
    east: fc.integer({ min: -2500, max: 2500 }),
    precise: fc.boolean(),
    hasLocation: fc.boolean(),
    category: fc.constantFrom('LEGAL_LABOR', 'RIGHTS_WAGES', 'LEGAL', 'LEGAL_CONTRACT'),
    taxonomy: fc.constantFrom(['LEGAL', 'LEGAL_LABOR'], ['LEGAL_LABOR', 'LEGAL'], ['RIGHTS_WAGES', 'LEGAL']),
    urgency: fc.constantFrom('low' as const, 'normal' as const, 'high' as const),
    waited: fc.integer({ min: 0, max: 40 }),
    perPeriod: fc.integer({ min: 1, max: 20 }),
    usedShare: fc.double({ min: 0, max: 0.99, noNaN: true }),
    from: fc.integer({ min: 0, max: 22 }),
    length: fc.integer({ min: 1, max: 4 }),
    needTokens: fc.subarray(['欠薪', '律师', '工地', '合同', '老板', '骑手'])
  })
  .map((r) => ({
    need: need({
      category: r.category,
      urgency: r.urgency,
      createdAt: NOW - r.waited * 86_400_000,
      tokens: r.needTokens,
      availability: [{ weekday: 6, from: `${String(r.from).padStart(2, '0')}:00`, to: `${String(Math.min(23, r.from + r.length)).padStart(2, '0')}:00` }],
      location: r.hasLocation ? { ...offset(CENTRE, r.north, r.east), precise: r.precise } : undefined
    }),
    service: service({
      taxonomy: [...r.taxonomy],
      serviceAreaM: undefined,
      schedules: [{ weekday: 6, from: '00:00', to: '23:59' }],
      capacity: { perPeriod: r.perPeriod, period: 'week' }
    }),
    used: Math.floor(r.usedShare * r.perPeriod)
  }))

describe('explanations match the terms', () => {
  it('each reason is written from its term’s own numbers, and the score is their weighted sum', () => {
    fc.assert(
      fc.property(pairs, ({ need: n, service: s, used }) => {
        const { facts, terms, reasons, score } = scored(n, s, used, [service({ _id: 'x', tokens: ['律师', '合同'] })])
        const byName = Object.fromEntries(terms.map((t) => [t.name, t]))
        expect(reasons).toEqual(terms.map((t) => t.reason))
        expect(byName.taxonomy.reason).toBe(facts.fit.reason)
        expect(byName.taxonomy.value).toBe(facts.fit.depth)
        if (n.location) {
          const d = distanceM(n.location, CENTRE)
          expect(byName.distance.reason).toBe(formatDistance(d, !n.location.precise))
          expect(byName.distance.value).toBeCloseTo(0.5 ** (d / FIFTEEN_MINUTE_CIRCLE_M), 10)
        } else {
          expect(byName.distance.reason).toBe('位置未提供')
        }
        const next = nextInterval(intersect(prepareNeed(n, prepareServices([s], {})).availability, weekIntervals(s.schedules)), NOW)
        expect(byName.schedule.reason).toBe(`${formatWeekInterval(next ?? { start: 0, end: 0 })}可约`)
        expect(byName.schedule.value).toBeCloseTo(Math.min(1, facts.overlapMinutes / 240), 10)
        const left = s.capacity.perPeriod - used
        expect(byName.load.reason).toBe(`余 ${left} 名额`)
        expect(byName.load.value).toBeCloseTo(left / s.capacity.perPeriod, 10)
        const words = byName.text.reason.startsWith('描述相符：') ? byName.text.reason.slice(5).split('、') : []
        expect(words.length > 0).toBe(byName.text.value > 0)
        for (const word of words) expect(n.tokens).toContain(word)
        expect(byName.urgency.reason.startsWith({ low: '不急', normal: '一般', high: '紧急' }[n.urgency])).toBe(true)
        const sum = terms.reduce((acc, t) => acc + SCORE_WEIGHTS[t.name] * t.value, 0)
        expect(score).toBe(Math.round(sum * 1000) / 1000)
        expect(score).toBeGreaterThanOrEqual(0)
        expect(score).toBeLessThanOrEqual(1)
        for (const t of terms) expect(t.value >= 0 && t.value <= 1).toBe(true)
      }),
      { numRuns: 200 }
    )
  })

  it('the weights sum to 1', () => {
    expect(Object.values(SCORE_WEIGHTS).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
  })

  it('facts carry what the filters measured', () => {
    const result = check(need(), service())
    expect(result.ok).toBe(true)
    const facts = (result as { ok: true; facts: Facts }).facts
    expect(facts.distanceM).toBeCloseTo(800, 0)
    expect(facts.approximate).toBe(false)
    expect(facts.left).toBe(5)
    expect(facts.overlapMinutes).toBe(120)
  })
})
