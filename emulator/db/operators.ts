/**
 * mingo configuration for the local cloud: CloudBase's geo query operators and the `$geoNear` aggregation stage,
 * which mingo lacks. Points are GeoJSON `{type: 'Point', coordinates: [lng, lat]}` (what `db.Geo.Point` stores) or
 * legacy `[lng, lat]` pairs; distances are spherical, in metres, with MongoDB's earth radius.
 *
 * The operator table is built once, whole (mingo's own operators and these): given a partial table, mingo's `Query`
 * and `aggregate` merge it into their default one again on every call, which cost more than matching the document.
 * So the local cloud constructs mingo's base `Query` (mingo/query) and `Aggregator` with these options, never the
 * merging wrappers of the package's main entry. Even then, plain options make every `Query` and `Aggregator` copy the
 * whole table into a context of its own; options already wrapped in mingo's `ComputeOptions` are shared as they are,
 * so the options are wrapped once, here (queryOptions).
 */
import path from 'path'
import mingo from 'mingo'
import { Aggregator } from 'mingo/aggregator'
import { Context } from 'mingo/core'
import { Lazy, type Iterator as LazyIterator } from 'mingo/lazy'
import * as accumulatorOperators from 'mingo/operators/accumulator'
import * as expressionOperators from 'mingo/operators/expression'
import * as pipelineOperators from 'mingo/operators/pipeline'
import * as projectionOperators from 'mingo/operators/projection'
import * as queryOperators from 'mingo/operators/query'
import * as windowOperators from 'mingo/operators/window'
import type { AnyObject, CollectionResolver, Options } from 'mingo/types'
import { isDoc } from './codec'
import { DbError } from './errors'

const EARTH_RADIUS_M = 6378100

type LngLat = [number, number]

function asPoint(v: unknown): LngLat | undefined {
  if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' && typeof v[1] === 'number') return [v[0], v[1]]
  if (isDoc(v) && v.type === 'Point') return asPoint(v.coordinates)
  return undefined
}

function valueAt(doc: unknown, path: string): unknown {
  let node = doc
  for (const seg of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined
    node = (node as Record<string, unknown>)[seg]
  }
  return node
}

/** A number option of an operator, or its default when absent or not a number. */
function numberOr(value: unknown, fallback: number): number {
  return typeof value === 'number' ? value : fallback
}

/** Great-circle distance in radians (haversine). */
function angle(a: LngLat, b: LngLat): number {
  const rad = Math.PI / 180
  const dLat = (b[1] - a[1]) * rad
  const dLng = (b[0] - a[0]) * rad
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLng / 2) ** 2
  return 2 * Math.asin(Math.min(1, Math.sqrt(h)))
}

export function distanceMetres(a: LngLat, b: LngLat): number {
  return angle(a, b) * EARTH_RADIUS_M
}

/** Ray casting on lng/lat, adequate for the city-sized areas the app queries. */
function inRing(p: LngLat, ring: LngLat[]): boolean {
  let inside = false
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i]
    const [xj, yj] = ring[j]
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside
  }
  return inside
}

function inPolygon(p: LngLat, rings: LngLat[][]): boolean {
  return rings.length > 0 && inRing(p, rings[0]) && !rings.slice(1).some((hole) => inRing(p, hole))
}

/** GeoJSON coordinates as the SDK sends them: rings of [lng, lat] pairs; anything else reads as no ring. */
function rings(coordinates: unknown): LngLat[][] {
  if (!Array.isArray(coordinates)) return []
  return coordinates.map((ring) => (Array.isArray(ring) ? ring.map(asPoint).filter((p): p is LngLat => p !== undefined) : []))
}

function pointInGeometry(p: LngLat, geometry: unknown, op: string): boolean {
  const g = isDoc(geometry) ? geometry : {}
  switch (g.type) {
    case 'Polygon':
      return inPolygon(p, rings(g.coordinates))
    case 'MultiPolygon':
      return Array.isArray(g.coordinates) && g.coordinates.some((polygon) => inPolygon(p, rings(polygon)))
    case 'Point': {
      const q = asPoint(geometry)
      return !!q && q[0] === p[0] && q[1] === p[1]
    }
    default:
      throw new DbError('DATABASE_INVALID_OPERRATOR', `${op} with a ${String(g.type)} geometry is not emulated by the local cloud`)
  }
}

/** A query operator as mingo's context takes it: a selector and the operator's argument give a document predicate. */
type GeoQueryOperator = (selector: string, value: unknown) => (doc: AnyObject) => boolean

const $geoWithin: GeoQueryOperator = (selector, value) => {
  const spec = isDoc(value) ? value : {}
  if (spec.$centerSphere) {
    const [centre, radius] = Array.isArray(spec.$centerSphere) ? (spec.$centerSphere as unknown[]) : []
    const c = asPoint(centre)
    if (!c || typeof radius !== 'number') throw new DbError('DATABASE_INVALID_OPERRATOR', '$centerSphere needs [[lng, lat], radiusInRadians]')
    return (doc) => {
      const p = asPoint(valueAt(doc, selector))
      return !!p && angle(p, c) <= radius
    }
  }
  if (spec.$geometry) {
    return (doc) => {
      const p = asPoint(valueAt(doc, selector))
      return !!p && pointInGeometry(p, spec.$geometry, '$geoWithin')
    }
  }
  throw new DbError('DATABASE_INVALID_OPERRATOR', '$geoWithin needs $geometry or $centerSphere')
}

const $geoIntersects: GeoQueryOperator = (selector, value) => (doc) => {
  const p = asPoint(valueAt(doc, selector))
  return !!p && pointInGeometry(p, isDoc(value) ? value.$geometry : undefined, '$geoIntersects')
}

/** `_.geoNear` in a where(): filters by distance; results are ordered by distance by the caller (see `nearSort`). */
const $nearSphere: GeoQueryOperator = (selector, value) => {
  const spec = isDoc(value) ? value : {}
  const centre = asPoint(spec.$geometry ?? value)
  if (!centre) throw new DbError('DATABASE_INVALID_OPERRATOR', 'geoNear needs a Point geometry')
  const max = numberOr(spec.$maxDistance, Infinity)
  const min = numberOr(spec.$minDistance, 0)
  return (doc) => {
    const p = asPoint(valueAt(doc, selector))
    if (!p) return false
    const d = distanceMetres(p, centre)
    return d >= min && d <= max
  }
}

/** The field and centre of a `$nearSphere` condition in a query, whose results MongoDB returns nearest first. */
export function nearSort(query: AnyObject | undefined): ((doc: unknown) => number) | undefined {
  if (!query) return undefined
  for (const [field, cond] of Object.entries(query)) {
    const near = isDoc(cond) ? (cond.$nearSphere ?? cond.$near) : undefined
    const centre = near ? asPoint((isDoc(near) ? near.$geometry : undefined) ?? near) : undefined
    if (centre) {
      return (doc) => {
        const p = asPoint(valueAt(doc, field))
        return p ? distanceMetres(p, centre) : Infinity
      }
    }
  }
  return undefined
}

/** First top-level field holding a point, used when `$geoNear` names no `key` (CloudBase needs a single geo index). */
function defaultGeoKey(doc: Record<string, unknown>): string | undefined {
  return Object.keys(doc).find((k) => asPoint(doc[k]) !== undefined && !Array.isArray(doc[k]))
}

function $geoNear(coll: LazyIterator, expr: AnyObject, options: Options): LazyIterator {
  const centre = asPoint(expr.near)
  if (!centre) throw new DbError('DATABASE_INVALID_OPERRATOR', '$geoNear needs near: Point')
  const { distanceField, includeLocs } = expr
  if (typeof distanceField !== 'string') throw new DbError('DATABASE_INVALID_OPERRATOR', '$geoNear needs distanceField')
  const max = numberOr(expr.maxDistance, Infinity)
  const min = numberOr(expr.minDistance, 0)
  const multiplier = numberOr(expr.distanceMultiplier, 1)
  const filter = isDoc(expr.query) ? new mingo.Query(expr.query, options) : undefined
  return coll.transform((docs: AnyObject[]) => {
    const out: Array<{ doc: AnyObject; d: number }> = []
    for (const doc of docs) {
      const key = typeof expr.key === 'string' ? expr.key : defaultGeoKey(doc)
      const p = key ? asPoint(valueAt(doc, key)) : undefined
      if (!key || !p || (filter && !filter.test(doc))) continue
      const d = distanceMetres(p, centre)
      if (d < min || d > max) continue
      const result = { ...doc }
      mingo.update(result, { $set: { [distanceField]: d * multiplier } })
      if (typeof includeLocs === 'string') mingo.update(result, { $set: { [includeLocs]: valueAt(doc, key) } })
      out.push({ doc: result, d })
    }
    out.sort((a, b) => a.d - b.d)
    return Lazy(out.map((o) => o.doc))
  })
}

type ContextOperators = NonNullable<Parameters<typeof Context.init>[0]>

/** Every operator mingo ships, plus the geo ones above: the whole table, so mingo never has to merge one per call. */
const OPERATORS = Context.init({
  accumulator: accumulatorOperators,
  expression: expressionOperators,
  pipeline: { ...pipelineOperators, $geoNear },
  projection: projectionOperators,
  // mingo types query operators by the intersection of every built-in one's parameters, which no added one can meet.
  query: { ...queryOperators, $geoWithin, $geoIntersects, $nearSphere, $near: $nearSphere } as unknown as ContextOperators['query'],
  window: windowOperators
})

/**
 * mingo's `ComputeOptions`, which its public entry points do not export: taken from the module `mingo/core` is built
 * on, the very instance mingo's `Query` and `Aggregator` check options against.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a module of mingo's own, reached by its path beside mingo/core
const { ComputeOptions } = require(path.join(path.dirname(require.resolve('mingo/core')), '_internal.js')) as {
  ComputeOptions: { init(options: Partial<Options>): Partial<Options> }
}

export function queryOptions(collectionResolver: CollectionResolver): Partial<Options> {
  return ComputeOptions.init({ collectionResolver, context: OPERATORS })
}

/** Runs pipeline `stages` over `docs` (mingo's `aggregate`, without re-merging the operator table). */
export function runPipeline(docs: AnyObject[], stages: AnyObject[], options: Partial<Options>): AnyObject[] {
  return stages.length === 0 ? docs : new Aggregator(stages, options).run(docs)
}
