import fc from 'fast-check'
import { candidatesFor, matchNeeds, PLACES_TAKEN_TEXT, prepareNeed, prepareServices, ruledOutText, type NeedDoc, type ServiceDoc } from '@core/matching'
import { CENTRE, need, NOW, offset, seeded, service } from './support/matching-fixtures'

describe('a matching run', () => {
  it('proposes the best service per need with its score and reasons (⚑ needId, serviceId, score, reasons)', () => {
    const run = matchNeeds({
      needs: [need()],
      services: [service(), service({ _id: 'svc-far', locations: [{ name: '老街', address: '', ...offset(CENTRE, 2500, 0) }] })],
      now: NOW
    })
    expect(run.proposals).toHaveLength(1)
    const [proposal] = run.proposals
    expect(proposal).toMatchObject({ needId: 'need-1', serviceId: 'svc-legal' })
    expect(proposal.score).toBeGreaterThan(0)
    expect(proposal.reasons[0]).toBe('同属法律咨询')
    expect(run).toMatchObject({ needs: 1, served: 1, unmatched: [], method: 'optimal', candidates: 2 })
    expect(run.totalScore).toBeCloseTo(proposal.score, 10)
  })

  it('keeps only the top K candidates, best first', () => {
    const services = Array.from({ length: 15 }, (_, i) => service({ _id: `s${String(i).padStart(2, '0')}`, locations: [{ name: '', address: '', ...offset(CENTRE, i * 200, 0) }] }))
    const pool = prepareServices(services, {})
    const { candidates } = candidatesFor(prepareNeed(need({ location: { ...CENTRE, precise: true } }), pool), pool, NOW, 10)
    expect(candidates).toHaveLength(10)
    expect(candidates.map((c) => c.serviceId)).toEqual(services.slice(0, 10).map((s) => s._id))
    for (let i = 1; i < candidates.length; i++) expect(candidates[i - 1].score).toBeGreaterThanOrEqual(candidates[i].score)
  })

  it('says why a need got nothing: ruled out by filter, no service of its kind, or places taken', () => {
    const run = matchNeeds({
      needs: [
        need({ _id: 'far', location: { ...offset(CENTRE, 9000, 0), precise: true } }),
        need({ _id: 'health', category: 'HEALTH_CHECKUP' }),
        need({ _id: 'a', urgency: 'high' }),
        need({ _id: 'b', urgency: 'low' })
      ],
      services: [service({ capacity: { perPeriod: 1, period: 'week' } }), service({ _id: 'full', capacity: { perPeriod: 2, period: 'week' } })],
      used: { full: 2 },
      now: NOW
    })
    const why = Object.fromEntries(run.unmatched.map((u) => [u.needId, u.reason]))
    expect(why.far).toBe('没有合适的服务：2 个不在服务范围')
    expect(why.health).toBe('暂时没有这一类的服务')
    // One place: the urgent need gets it.
    expect(run.proposals.map((p) => p.needId)).toEqual(['a'])
    expect(why.b).toBe(PLACES_TAKEN_TEXT)
    expect(ruledOutText({ schedule: 1, capacity: 3 })).toBe('没有合适的服务：3 个名额已满，1 个时间对不上')
  })

  it('a declined service is not proposed again; the next one is', () => {
    const services = [service(), service({ _id: 'svc-other', title: '另一家律所' })]
    expect(matchNeeds({ needs: [need()], services, tried: { 'need-1': ['svc-legal'] }, now: NOW }).proposals.map((p) => p.serviceId)).toEqual(['svc-other'])
  })

  it('only matchable needs take part', () => {
    const statuses = ['submitted', 'triaged', 'matching', 'referred', 'in_progress', 'resolved'] as const
    const run = matchNeeds({ needs: statuses.map((status) => need({ _id: status, status })), services: [service({ capacity: { perPeriod: 10, period: 'week' } })], now: NOW })
    expect(run.needs).toBe(2)
    expect(run.proposals.map((p) => p.needId).sort()).toEqual(['matching', 'triaged'])
  })

  it('serves more needs than greedy when a popular service is contended', () => {
    // Everyone prefers the centre's lawyer; the near one can only go there; the others have a second choice.
    const central = service({ _id: 'central', capacity: { perPeriod: 2, period: 'week' } })
    const second = service({ _id: 'second', taxonomy: ['LEGAL'], serviceAreaM: 1500, locations: [{ name: '', address: '', ...offset(CENTRE, -1200, 0) }] })
    const needs: NeedDoc[] = [
      need({ _id: 'only-central', location: { ...offset(CENTRE, 2800, 0), precise: true } }),
      need({ _id: 'either-1', location: { ...offset(CENTRE, -400, 0), precise: true } }),
      need({ _id: 'either-2', location: { ...offset(CENTRE, -300, 0), precise: true } })
    ]
    const greedy = matchNeeds({ needs, services: [central, second], now: NOW, method: 'greedy' })
    const optimal = matchNeeds({ needs, services: [central, second], now: NOW })
    expect(optimal.served).toBe(3)
    expect(greedy.served).toBe(2)
    expect(optimal.proposals.find((p) => p.needId === 'only-central')?.serviceId).toBe('central')
  })

  it('first come walks the needs oldest first, whatever order they were loaded in', () => {
    // The newest need can only go to the central lawyer; the two before it take both places.
    const central = service({ _id: 'central', capacity: { perPeriod: 2, period: 'week' } })
    const second = service({ _id: 'second', taxonomy: ['LEGAL'], serviceAreaM: 1500, locations: [{ name: '', address: '', ...offset(CENTRE, -1200, 0) }] })
    const needs: NeedDoc[] = [
      need({ _id: 'only-central', createdAt: NOW - 86_400_000, location: { ...offset(CENTRE, 2800, 0), precise: true } }),
      need({ _id: 'either-1', createdAt: NOW - 3 * 86_400_000, location: { ...offset(CENTRE, -400, 0), precise: true } }),
      need({ _id: 'either-2', createdAt: NOW - 2 * 86_400_000, location: { ...offset(CENTRE, -300, 0), precise: true } })
    ]
    const firstCome = matchNeeds({ needs, services: [central, second], now: NOW, method: 'firstCome' })
    expect(firstCome).toMatchObject({ method: 'firstCome', served: 2 })
    expect(firstCome.unmatched.map((u) => u.needId)).toEqual(['only-central'])
    const older = needs.map((n) => (n._id === 'only-central' ? { ...n, createdAt: NOW - 4 * 86_400_000 } : n))
    expect(matchNeeds({ needs: older, services: [central, second], now: NOW, method: 'firstCome' }).proposals.find((p) => p.needId === 'only-central')?.serviceId).toBe('central')
  })
})

/** A random centre: needs and services scattered around it, a few categories, scarce capacity. */
const centres = fc.integer({ min: 1, max: 1_000_000 }).map((seed) => {
  const random = seeded(seed)
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]
  const categories = ['LEGAL_LABOR', 'RIGHTS_WAGES', 'LEGAL', 'HEALTH_CHECKUP', 'BASIC_CHARGING']
  const services: ServiceDoc[] = Array.from({ length: 2 + Math.floor(random() * 6) }, (_, i) =>
    service({
      _id: `s${i}`,
      taxonomy: [pick(['LEGAL', 'LEGAL_LABOR', 'HEALTH', 'BASIC_CHARGING'])],
      locations: [{ name: '', address: '', ...offset(CENTRE, (random() - 0.5) * 4000, (random() - 0.5) * 4000) }],
      serviceAreaM: 1000 + Math.floor(random() * 3000),
      schedules: [{ weekday: pick([6, 7] as const), from: '09:00', to: pick(['11:00', '17:00']) }],
      capacity: { perPeriod: 1 + Math.floor(random() * 3), period: 'week' }
    })
  )
  const needs: NeedDoc[] = Array.from({ length: 3 + Math.floor(random() * 15) }, (_, i) =>
    need({
      _id: `n${i}`,
      category: pick(categories),
      urgency: pick(['low', 'normal', 'high'] as const),
      availability: random() < 0.3 ? [] : [{ weekday: pick([6, 7] as const), from: '08:00', to: '12:00' }],
      location: { ...offset(CENTRE, (random() - 0.5) * 5000, (random() - 0.5) * 5000), precise: random() < 0.5 },
      createdAt: NOW - Math.floor(random() * 20) * 86_400_000
    })
  )
  return { services, needs }
})

describe('runs on random centres', () => {
  it('respect capacity, propose only candidates, and are never worse than either baseline', () => {
    fc.assert(
      fc.property(centres, ({ services, needs }) => {
        const optimal = matchNeeds({ needs, services, now: NOW })
        const baselines = [matchNeeds({ needs, services, now: NOW, method: 'greedy' }), matchNeeds({ needs, services, now: NOW, method: 'firstCome' })]
        const pool = prepareServices(services, {})
        for (const run of [optimal, ...baselines]) {
          const taken = new Map<string, number>()
          for (const p of run.proposals) taken.set(p.serviceId, (taken.get(p.serviceId) ?? 0) + 1)
          for (const [id, count] of taken) expect(count).toBeLessThanOrEqual(services.find((s) => s._id === id)?.capacity.perPeriod ?? 0)
          for (const p of run.proposals) {
            const listed = candidatesFor(prepareNeed(needs.find((n) => n._id === p.needId) ?? need(), pool), pool, NOW).candidates
            expect(listed.map((c) => c.serviceId)).toContain(p.serviceId)
          }
          expect(new Set(run.proposals.map((p) => p.needId)).size).toBe(run.proposals.length)
          expect(run.proposals.length + run.unmatched.length).toBe(run.needs)
        }
        for (const baseline of baselines) {
          expect(optimal.served).toBeGreaterThanOrEqual(baseline.served)
          if (optimal.served === baseline.served) expect(optimal.totalScore).toBeGreaterThanOrEqual(baseline.totalScore - 1e-9)
        }
      }),
      { numRuns: 150 }
    )
  })
})
