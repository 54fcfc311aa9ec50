import fc from 'fast-check'
import { assignFirstCome, assignGreedy, assignOptimal, summarize, type Assignment, type AssignmentEdge, type AssignmentProblem } from '@core/matching'

/** The lexicographic optimum (most served, then most weight) by trying every choice: small instances only. */
function bruteForce(problem: AssignmentProblem): { served: number; totalWeight: number } {
  const byNeed: number[][] = Array.from({ length: problem.needs }, () => [])
  problem.edges.forEach((edge, i) => byNeed[edge.need].push(i))
  const left = [...problem.capacities]
  let best = { served: -1, totalWeight: -1 }
  const visit = (need: number, served: number, weight: number) => {
    if (need === problem.needs) {
      if (served > best.served || (served === best.served && weight > best.totalWeight)) best = { served, totalWeight: weight }
      return
    }
    visit(need + 1, served, weight)
    for (const e of byNeed[need]) {
      const { service } = problem.edges[e]
      if (left[service] === 0) continue
      left[service]--
      visit(need + 1, served + 1, weight + problem.edges[e].weight)
      left[service]++
    }
  }
  visit(0, 0, 0)
  return best
}

/** The assignment is a valid one: each chosen edge belongs to its need, and no service takes more than its capacity. */
function expectFeasible(problem: AssignmentProblem, assignment: Assignment): void {
  const taken = new Array<number>(problem.capacities.length).fill(0)
  for (let need = 0; need < problem.needs; need++) {
    const e = assignment.edgeOf[need]
    if (e < 0) continue
    expect(problem.edges[e].need).toBe(need)
    taken[problem.edges[e].service]++
  }
  taken.forEach((count, service) => expect(count).toBeLessThanOrEqual(problem.capacities[service]))
  expect(summarize(problem, assignment.edgeOf)).toEqual(assignment)
}

/** Random problems: up to `maxNeeds` needs, `maxServices` services, capacities 0..3, weights 0..1000. */
const problems = (maxNeeds: number, maxServices: number) =>
  fc
    .record({
      needs: fc.integer({ min: 1, max: maxNeeds }),
      services: fc.integer({ min: 1, max: maxServices })
    })
    .chain(({ needs, services }) =>
      fc.record({
        needs: fc.constant(needs),
        capacities: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: services, maxLength: services }),
        edges: fc.array(
          fc.record({ need: fc.integer({ min: 0, max: needs - 1 }), service: fc.integer({ min: 0, max: services - 1 }), weight: fc.integer({ min: 0, max: 1000 }) }),
          { maxLength: needs * services }
        )
      })
    )

/**
 * Contended problems like a real centre's: a few popular services everyone prefers, with scarce places, and
 * alternatives of lower score, so greedy's first choices block needs that had nowhere else to go.
 */
const contended = fc
  .record({ needs: fc.integer({ min: 5, max: 60 }), services: fc.integer({ min: 2, max: 12 }), seed: fc.integer() })
  .chain(({ needs, services }) =>
    fc.record({
      needs: fc.constant(needs),
      capacities: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: services, maxLength: services }),
      edges: fc
        .array(
          fc.record({
            need: fc.integer({ min: 0, max: needs - 1 }),
            popular: fc.boolean(),
            service: fc.integer({ min: 0, max: services - 1 }),
            weight: fc.integer({ min: 0, max: 1000 })
          }),
          { minLength: needs, maxLength: needs * 3 }
        )
        .map((raw) => raw.map(({ need, popular, service, weight }): AssignmentEdge => (popular ? { need, service: 0, weight: 700 + (weight % 301) } : { need, service, weight: weight % 700 })))
    })
  )

describe('assignment under capacity', () => {
  it('min-cost max-flow finds the brute-force optimum: most needs served, then the highest total score', () => {
    fc.assert(
      fc.property(problems(7, 4), (problem) => {
        const optimal = assignOptimal(problem)
        expectFeasible(problem, optimal)
        const best = bruteForce(problem)
        expect({ served: optimal.served, totalWeight: optimal.totalWeight }).toEqual(best)
      }),
      { numRuns: 400 }
    )
  })

  it('is never worse than either baseline, which are feasible but can be beaten', () => {
    const withOrder = fc.oneof(problems(30, 8), contended).chain((problem) =>
      fc.record({ problem: fc.constant(problem), order: fc.shuffledSubarray([...Array(problem.needs).keys()], { minLength: problem.needs }) })
    )
    fc.assert(
      fc.property(withOrder, ({ problem, order }) => {
        const optimal = assignOptimal(problem)
        expectFeasible(problem, optimal)
        for (const baseline of [assignGreedy(problem), assignFirstCome(problem, order)]) {
          expectFeasible(problem, baseline)
          expect(optimal.served).toBeGreaterThanOrEqual(baseline.served)
          if (optimal.served === baseline.served) expect(optimal.totalWeight).toBeGreaterThanOrEqual(baseline.totalWeight)
        }
      }),
      { numRuns: 300 }
    )
  })

  it('first come: each need in turn takes its best candidate with room, so an early need can take a later one’s only option', () => {
    // Need 0 (first) likes A more than B; need 1 can only use A. One place each.
    const problem: AssignmentProblem = {
      needs: 2,
      capacities: [1, 1],
      edges: [
        { need: 1, service: 0, weight: 800 },
        { need: 0, service: 1, weight: 500 },
        { need: 0, service: 0, weight: 900 }
      ]
    }
    expect([...assignFirstCome(problem, [0, 1]).edgeOf]).toEqual([2, -1])
    expect([...assignFirstCome(problem, [1, 0]).edgeOf]).toEqual([1, 0])
    expect(assignOptimal(problem)).toMatchObject({ served: 2, totalWeight: 1300 })
  })

  it('first come skips full services and needs without candidates', () => {
    const problem: AssignmentProblem = {
      needs: 3,
      capacities: [0, 1],
      edges: [
        { need: 0, service: 0, weight: 1000 },
        { need: 0, service: 1, weight: 100 },
        { need: 2, service: 1, weight: 600 }
      ]
    }
    expect(assignFirstCome(problem, [2, 1, 0])).toMatchObject({ served: 1, totalWeight: 600 })
    expect([...assignFirstCome(problem, [0, 1, 2]).edgeOf]).toEqual([1, -1, -1])
  })

  it('serves more than greedy when greedy’s best edge blocks the only option of another need', () => {
    // Need 0 likes both services (A more); need 1 can only use A. One place each.
    const problem: AssignmentProblem = {
      needs: 2,
      capacities: [1, 1],
      edges: [
        { need: 0, service: 0, weight: 900 },
        { need: 0, service: 1, weight: 500 },
        { need: 1, service: 0, weight: 800 }
      ]
    }
    expect(assignGreedy(problem)).toMatchObject({ served: 1, totalWeight: 900 })
    const optimal = assignOptimal(problem)
    expect(optimal).toMatchObject({ served: 2, totalWeight: 1300 })
    expect([...optimal.edgeOf]).toEqual([1, 2])
  })

  it('prefers serving one more need over any gain in score', () => {
    // Serving both needs needs the long alternating path; the short one scores far more but serves one.
    const problem: AssignmentProblem = {
      needs: 3,
      capacities: [1, 1, 1],
      edges: [
        { need: 0, service: 0, weight: 1000 },
        { need: 0, service: 1, weight: 0 },
        { need: 1, service: 1, weight: 1000 },
        { need: 1, service: 2, weight: 0 },
        { need: 2, service: 0, weight: 0 }
      ]
    }
    expect(assignOptimal(problem)).toMatchObject({ served: 3, totalWeight: 0 })
  })

  it('handles needs without edges, services without places, and an empty problem', () => {
    expect(assignOptimal({ needs: 0, capacities: [], edges: [] })).toMatchObject({ served: 0, totalWeight: 0 })
    const problem: AssignmentProblem = { needs: 3, capacities: [0, 2], edges: [{ need: 0, service: 0, weight: 900 }, { need: 2, service: 1, weight: 10 }] }
    const optimal = assignOptimal(problem)
    expect([...optimal.edgeOf]).toEqual([-1, -1, 1])
    expect(assignGreedy(problem).edgeOf).toEqual(optimal.edgeOf)
  })
})

/** The part of the HiGHS WebAssembly package the oracle uses (a dev dependency: `require('highs')()` → solver). */
interface HighsSolver {
  solve(problem: string): { Status: string; ObjectiveValue: number }
}

const highsInstalled = (() => {
  try {
    require.resolve('highs')
    return true
  } catch {
    return false
  }
})()

/**
 * The LP of the assignment in CPLEX LP format: maximize Σ (B + weight)·x over edges, B = (needs + 1) × 1000 so one more
 * need served outweighs any score, each need ≤ 1 edge, each service ≤ its capacity, 0 ≤ x ≤ 1. The constraint matrix
 * is a bipartite incidence matrix (totally unimodular), so the LP optimum is the integer optimum.
 */
function lpOf(problem: AssignmentProblem): { text: string; bonus: number } {
  const bonus = (problem.needs + 1) * 1000
  const terms = problem.edges.map((edge, e) => `${bonus + edge.weight} x${e}`)
  const rows: string[] = []
  const sum = (indexes: number[]) => indexes.map((e) => `x${e}`).join(' + ')
  for (let need = 0; need < problem.needs; need++) {
    const mine = problem.edges.flatMap((edge, e) => (edge.need === need ? [e] : []))
    if (mine.length > 0) rows.push(` n${need}: ${sum(mine)} <= 1`)
  }
  problem.capacities.forEach((capacity, service) => {
    const mine = problem.edges.flatMap((edge, e) => (edge.service === service ? [e] : []))
    if (mine.length > 0) rows.push(` s${service}: ${sum(mine)} <= ${capacity}`)
  })
  const bounds = problem.edges.map((_, e) => ` 0 <= x${e} <= 1`)
  return { text: ['Maximize', ` obj: ${terms.join(' + ')}`, 'Subject To', ...rows, 'Bounds', ...bounds, 'End', ''].join('\n'), bonus }
}

const withHighs = highsInstalled ? describe : describe.skip

withHighs('assignment against the LP oracle (HiGHS)', () => {
  let solver: HighsSolver
  beforeAll(async () => {
    const name = 'highs'
    const load = ((await import(name)) as { default: () => Promise<HighsSolver> }).default
    solver = await load()
  })

  it('the objective equals the LP optimum on generated instances', () => {
    fc.assert(
      fc.property(fc.oneof(problems(25, 8), contended), (problem) => {
        fc.pre(problem.edges.length > 0)
        const { text, bonus } = lpOf(problem)
        const solution = solver.solve(text)
        expect(solution.Status).toBe('Optimal')
        const optimal = assignOptimal(problem)
        expect(Math.round(solution.ObjectiveValue)).toBe(bonus * optimal.served + optimal.totalWeight)
      }),
      { numRuns: 150 }
    )
  })
})
