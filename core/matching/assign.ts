/**
 * Assignment of needs to services under capacity: serve as many needs as possible, and among those assignments the
 * one with the highest total score. Each need takes at most one service; a service takes at most its capacity left.
 * Edges are the candidates the filters kept (top K per need), weighted by integer scores (score × 1000).
 *
 * The optimum is a min-cost max-flow on source → need (1) → service (1 per edge, cost −weight) → sink (capacity):
 *   1. maximum flow by Dinic's algorithm, started from the greedy assignment (most of the flow is already there);
 *   2. minimum cost at that flow value by cost scaling (Goldberg–Tarjan push–relabel with ε-scaling, α = 8), which
 *      reroutes the flow along negative cycles of the residual network — which never changes how many are served.
 * Costs are multiplied by (nodes + 1), so the last phase (ε = 1) leaves a flow that is (1/(nodes+1))-optimal for the
 * integer costs, hence optimal. The running time does not depend on how many needs go unserved, which is where
 * successive shortest paths slows down (every unservable need searches its whole alternating tree). Prices stay
 * below nodes × maximum scaled cost (about 5·10¹¹ at 22,000 nodes), exact in doubles.
 *
 * Two baselines, for `bench/matching.ts` and the tests to compare with:
 *   - first come (`assignFirstCome`): the needs one by one in the order given (the run gives arrival order), each
 *     taking its best candidate that still has room. This is how mutual-aid matchers assign (CiviCRM MutualAid walks
 *     the open requests and gives each its best-scoring helper with spots left), and what an organizer does by hand.
 *   - greedy by score (`assignGreedy`): every edge by weight, highest first, while the need is free and the service
 *     has room. It knows every need at once, so it is the stronger of the two (within half of the best total score).
 */

/** An edge: `need` and `service` are indexes; `weight` is a non-negative integer (the score × 1000, so at most 1000). */
export interface AssignmentEdge {
  need: number
  service: number
  weight: number
}

export interface AssignmentProblem {
  needs: number
  /** Places left per service (non-negative integers). */
  capacities: readonly number[]
  edges: readonly AssignmentEdge[]
}

export interface Assignment {
  /** Per need: the index of the edge chosen, or −1. */
  edgeOf: Int32Array
  served: number
  totalWeight: number
}

/** The served count and total weight of a choice of edges (one per need or −1). */
export function summarize(problem: AssignmentProblem, edgeOf: Int32Array): Assignment {
  let served = 0
  let totalWeight = 0
  for (let need = 0; need < problem.needs; need++) {
    const edge = edgeOf[need]
    if (edge < 0) continue
    served++
    totalWeight += problem.edges[edge].weight
  }
  return { edgeOf, served, totalWeight }
}

/** Edge indexes by weight, highest first, ties in input order (a stable counting sort: weights are small integers). */
function edgesByWeight(problem: AssignmentProblem): Int32Array {
  const { edges } = problem
  let max = 0
  for (const edge of edges) max = Math.max(max, edge.weight)
  const start = new Int32Array(max + 2)
  for (const edge of edges) start[max - edge.weight + 1]++
  for (let w = 0; w <= max; w++) start[w + 1] += start[w]
  const order = new Int32Array(edges.length)
  edges.forEach((edge, i) => {
    order[start[max - edge.weight]++] = i
  })
  return order
}

/**
 * Needs in `order` (every need index once), each taking its highest-weight edge with room (ties: the earlier edge):
 * the first-come baseline.
 */
export function assignFirstCome(problem: AssignmentProblem, order: readonly number[]): Assignment {
  const edgesOf: number[][] = Array.from({ length: problem.needs }, () => [])
  problem.edges.forEach((edge, i) => edgesOf[edge.need].push(i))
  const edgeOf = new Int32Array(problem.needs).fill(-1)
  const left = Int32Array.from(problem.capacities)
  for (const need of order) {
    let best = -1
    for (const e of edgesOf[need]) {
      if (left[problem.edges[e].service] > 0 && (best < 0 || problem.edges[e].weight > problem.edges[best].weight)) best = e
    }
    if (best < 0) continue
    edgeOf[need] = best
    left[problem.edges[best].service]--
  }
  return summarize(problem, edgeOf)
}

/** Highest weight first, respecting capacity: the greedy-by-score baseline. */
export function assignGreedy(problem: AssignmentProblem): Assignment {
  const edgeOf = new Int32Array(problem.needs).fill(-1)
  const left = Int32Array.from(problem.capacities)
  for (const e of edgesByWeight(problem)) {
    const { need, service } = problem.edges[e]
    if (edgeOf[need] >= 0 || left[service] <= 0) continue
    edgeOf[need] = e
    left[service]--
  }
  return summarize(problem, edgeOf)
}

/**
 * The residual network in compressed form: arcs grouped by tail (`first[v]` … `first[v+1]`), each with its reverse
 * (`mate`). Nodes: needs [0, n), services [n, n + m), source n + m, sink n + m + 1.
 */
interface Network {
  nodes: number
  source: number
  sink: number
  first: Int32Array
  head: Int32Array
  mate: Int32Array
  residual: Int32Array
  cost: Float64Array
  /** Forward arcs: per problem edge, per need from the source, per service to the sink (−1 without capacity). */
  edgeArc: Int32Array
  sourceArc: Int32Array
  sinkArc: Int32Array
}

function buildNetwork(problem: AssignmentProblem): Network {
  const n = problem.needs
  const m = problem.capacities.length
  const source = n + m
  const sink = n + m + 1
  const nodes = n + m + 2
  const arcs = 2 * (n + problem.edges.length + problem.capacities.filter((c) => c > 0).length)
  // Arc pairs in insertion order (forward 2k, reverse 2k+1), then placed by tail with a counting sort.
  const tails = new Int32Array(arcs)
  const heads = new Int32Array(arcs)
  const caps = new Int32Array(arcs)
  const costs = new Float64Array(arcs)
  let count = 0
  const add = (tail: number, to: number, capacity: number, cost: number): number => {
    tails[count] = tail
    heads[count] = to
    caps[count] = capacity
    costs[count] = cost
    tails[count + 1] = to
    heads[count + 1] = tail
    costs[count + 1] = -cost
    count += 2
    return count - 2
  }
  const sourcePair = Int32Array.from({ length: n }, (_, need) => add(source, need, 1, 0))
  const edgePair = Int32Array.from(problem.edges, (edge) => add(edge.need, n + edge.service, 1, -edge.weight))
  const sinkPair = Int32Array.from(problem.capacities, (capacity, service) => (capacity > 0 ? add(n + service, sink, capacity, 0) : -1))
  const first = new Int32Array(nodes + 1)
  for (let a = 0; a < arcs; a++) first[tails[a] + 1]++
  for (let v = 0; v < nodes; v++) first[v + 1] += first[v]
  const fill = first.slice(0, nodes)
  const position = new Int32Array(arcs)
  for (let a = 0; a < arcs; a++) position[a] = fill[tails[a]]++
  const head = new Int32Array(arcs)
  const mate = new Int32Array(arcs)
  const residual = new Int32Array(arcs)
  const cost = new Float64Array(arcs)
  for (let a = 0; a < arcs; a++) {
    const p = position[a]
    head[p] = heads[a]
    mate[p] = position[a ^ 1]
    residual[p] = caps[a]
    cost[p] = costs[a]
  }
  const placed = (pair: number) => (pair < 0 ? -1 : position[pair])
  return {
    nodes,
    source,
    sink,
    first,
    head,
    mate,
    residual,
    cost,
    edgeArc: edgePair.map(placed),
    sourceArc: sourcePair.map(placed),
    sinkArc: sinkPair.map(placed)
  }
}

function push(net: Network, arc: number, amount: number): void {
  net.residual[arc] -= amount
  net.residual[net.mate[arc]] += amount
}

/** Puts an assignment into the network as flow. */
function addFlow(net: Network, problem: AssignmentProblem, start: Assignment): void {
  for (let need = 0; need < problem.needs; need++) {
    const e = start.edgeOf[need]
    if (e < 0) continue
    push(net, net.sourceArc[need], 1)
    push(net, net.edgeArc[e], 1)
    push(net, net.sinkArc[problem.edges[e].service], 1)
  }
}

/** Dinic's maximum flow from the current flow: BFS levels, then unit augmenting paths along them (iteratively). */
function maximizeFlow(net: Network): void {
  const { nodes, source, sink, first, head, residual } = net
  const level = new Int32Array(nodes)
  const current = new Int32Array(nodes)
  const queue = new Int32Array(nodes)
  const pathArcs = new Int32Array(nodes)
  const pathNodes = new Int32Array(nodes + 1)
  for (;;) {
    level.fill(-1)
    level[source] = 0
    let qHead = 0
    let qTail = 0
    queue[qTail++] = source
    while (qHead < qTail) {
      const v = queue[qHead++]
      for (let a = first[v]; a < first[v + 1]; a++) {
        if (residual[a] > 0 && level[head[a]] < 0) {
          level[head[a]] = level[v] + 1
          queue[qTail++] = head[a]
        }
      }
    }
    if (level[sink] < 0) return
    current.set(first.subarray(0, nodes))
    let depth = 0
    pathNodes[0] = source
    while (depth >= 0) {
      const v = pathNodes[depth]
      if (v === sink) {
        // Every path starts with a source arc of capacity 1: it carries one unit.
        for (let i = 0; i < depth; i++) push(net, pathArcs[i], 1)
        depth = 0
        continue
      }
      let a = current[v]
      const end = first[v + 1]
      while (a < end && !(residual[a] > 0 && level[head[a]] === level[v] + 1)) a++
      current[v] = a
      if (a < end) {
        pathArcs[depth] = a
        pathNodes[++depth] = head[a]
      } else {
        level[v] = -1
        depth--
      }
    }
  }
}

/** Factor by which ε shrinks per phase. */
const ALPHA = 8

/**
 * Minimum cost at the current flow value: cost scaling on the residual network (prices `price`, reduced cost
 * c(v,w) + p(v) − p(w)). Each phase saturates every arc of negative reduced cost, then pushes the excess this leaves
 * along admissible arcs (residual, reduced cost < 0) from active nodes (FIFO), relabelling a node that has none.
 */
function minimizeCost(net: Network): void {
  const { nodes, first, head, residual } = net
  const scale = nodes + 1
  const cost = net.cost.map((c) => c * scale)
  let epsilon = 0
  for (const c of cost) epsilon = Math.max(epsilon, Math.abs(c))
  if (epsilon === 0) return
  const price = new Float64Array(nodes)
  const excess = new Int32Array(nodes)
  const current = new Int32Array(nodes)
  const queue = new Int32Array(nodes + 1)
  const queued = new Uint8Array(nodes)
  do {
    epsilon = Math.max(1, Math.floor(epsilon / ALPHA))
    for (let v = 0; v < nodes; v++) {
      for (let a = first[v]; a < first[v + 1]; a++) {
        const r = residual[a]
        if (r > 0 && cost[a] + price[v] - price[head[a]] < 0) {
          push(net, a, r)
          excess[v] -= r
          excess[head[a]] += r
        }
      }
    }
    let qHead = 0
    let qTail = 0
    const enqueue = (v: number) => {
      queued[v] = 1
      queue[qTail] = v
      qTail = qTail === nodes ? 0 : qTail + 1
    }
    for (let v = 0; v < nodes; v++) {
      current[v] = first[v]
      if (excess[v] > 0) enqueue(v)
    }
    while (qHead !== qTail) {
      const v = queue[qHead]
      qHead = qHead === nodes ? 0 : qHead + 1
      queued[v] = 0
      const end = first[v + 1]
      while (excess[v] > 0) {
        let a = current[v]
        const pv = price[v]
        while (a < end && !(residual[a] > 0 && cost[a] + pv - price[head[a]] < 0)) a++
        if (a < end) {
          current[v] = a
          const w = head[a]
          const amount = Math.min(excess[v], residual[a])
          push(net, a, amount)
          excess[v] -= amount
          excess[w] += amount
          if (excess[w] > 0 && !queued[w]) enqueue(w)
        } else {
          let best = -Infinity
          for (let b = first[v]; b < end; b++) {
            if (residual[b] > 0) best = Math.max(best, price[head[b]] - cost[b])
          }
          price[v] = best - epsilon
          current[v] = first[v]
        }
      }
    }
  } while (epsilon > 1)
}

/** The most needs served, then the highest total weight (see the header). */
export function assignOptimal(problem: AssignmentProblem): Assignment {
  const net = buildNetwork(problem)
  addFlow(net, problem, assignGreedy(problem))
  maximizeFlow(net)
  minimizeCost(net)
  const edgeOf = new Int32Array(problem.needs).fill(-1)
  problem.edges.forEach((edge, e) => {
    if (net.residual[net.edgeArc[e]] === 0) edgeOf[edge.need] = e
  })
  return summarize(problem, edgeOf)
}
