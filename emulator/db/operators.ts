/**
 * mingo configuration for the local cloud: CloudBase's geo query operators and the `$geoNear` aggregation stage,
 * which mingo lacks. Points are GeoJSON `{type: 'Point', coordinates: [lng, lat]}` (what `db.Geo.Point` stores) or
 * legacy `[lng, lat]` pairs; distances are spherical, in metres, with MongoDB's earth radius.
 */
import mingo from 'mingo'
import { Lazy, type Iterator as LazyIterator } from 'mingo/lazy'
import type { CollectionResolver, Options } from 'mingo/types'
import { DbError } from './errors'

const EARTH_RADIUS_M = 6378100

type LngLat = [number, number]

function asPoint(v: unknown): LngLat | undefined {
  if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' && typeof v[1] === 'number') return [v[0], v[1]]
  if (v && typeof v === 'object' && (v as any).type === 'Point') return asPoint((v as any).coordinates)
  return undefined
}

function valueAt(doc: unknown, path: string): unknown {
  let node: any = doc
  for (const seg of path.split('.')) {
    if (node === null || typeof node !== 'object') return undefined
    node = node[seg]
  }
  return node
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

function pointInGeometry(p: LngLat, geometry: any, op: string): boolean {
  switch (geometry?.type) {
    case 'Polygon':
      return inPolygon(p, geometry.coordinates)
    case 'MultiPolygon':
      return geometry.coordinates.some((rings: LngLat[][]) => inPolygon(p, rings))
    case 'Point': {
      const q = asPoint(geometry)
      return !!q && q[0] === p[0] && q[1] === p[1]
    }
    default:
      throw new DbError('DATABASE_INVALID_OPERRATOR', `${op} with a ${String(geometry?.type)} geometry is not emulated by the local cloud`)
  }
}

const $geoWithin = (selector: string, value: any) => {
  if (value?.$centerSphere) {
    const [centre, radius] = value.$centerSphere
    const c = asPoint(centre)
    if (!c || typeof radius !== 'number') throw new DbError('DATABASE_INVALID_OPERRATOR', '$centerSphere needs [[lng, lat], radiusInRadians]')
    return (doc: unknown) => {
      const p = asPoint(valueAt(doc, selector))
      return !!p && angle(p, c) <= radius
    }
  }
  if (value?.$geometry) {
    return (doc: unknown) => {
      const p = asPoint(valueAt(doc, selector))
      return !!p && pointInGeometry(p, value.$geometry, '$geoWithin')
    }
  }
  throw new DbError('DATABASE_INVALID_OPERRATOR', '$geoWithin needs $geometry or $centerSphere')
}

const $geoIntersects = (selector: string, value: any) => (doc: unknown) => {
  const p = asPoint(valueAt(doc, selector))
  return !!p && pointInGeometry(p, value?.$geometry, '$geoIntersects')
}

/** `_.geoNear` in a where(): filters by distance; results are ordered by distance by the caller (see `nearSort`). */
const $nearSphere = (selector: string, value: any) => {
  const centre = asPoint(value?.$geometry ?? value)
  if (!centre) throw new DbError('DATABASE_INVALID_OPERRATOR', 'geoNear needs a Point geometry')
  const max = typeof value.$maxDistance === 'number' ? value.$maxDistance : Infinity
  const min = typeof value.$minDistance === 'number' ? value.$minDistance : 0
  return (doc: unknown) => {
    const p = asPoint(valueAt(doc, selector))
    if (!p) return false
    const d = distanceMetres(p, centre)
    return d >= min && d <= max
  }
}

/** The field and centre of a `$nearSphere` condition in a query, whose results MongoDB returns nearest first. */
export function nearSort(query: Record<string, any> | undefined): ((doc: unknown) => number) | undefined {
  if (!query) return undefined
  for (const [field, cond] of Object.entries(query)) {
    const near = cond && typeof cond === 'object' ? (cond.$nearSphere ?? cond.$near) : undefined
    const centre = near ? asPoint(near.$geometry ?? near) : undefined
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

function $geoNear(coll: LazyIterator, expr: any, options: Options): LazyIterator {
  const centre = asPoint(expr?.near)
  if (!centre) throw new DbError('DATABASE_INVALID_OPERRATOR', '$geoNear needs near: Point')
  if (typeof expr.distanceField !== 'string') throw new DbError('DATABASE_INVALID_OPERRATOR', '$geoNear needs distanceField')
  const max = typeof expr.maxDistance === 'number' ? expr.maxDistance : Infinity
  const min = typeof expr.minDistance === 'number' ? expr.minDistance : 0
  const multiplier = typeof expr.distanceMultiplier === 'number' ? expr.distanceMultiplier : 1
  const filter = expr.query ? new mingo.Query(expr.query, options) : undefined
  return coll.transform((docs: any[]) => {
    const out: Array<{ doc: any; d: number }> = []
    for (const doc of docs) {
      const key = expr.key ?? defaultGeoKey(doc)
      const p = key ? asPoint(valueAt(doc, key)) : undefined
      if (!p || (filter && !filter.test(doc))) continue
      const d = distanceMetres(p, centre)
      if (d < min || d > max) continue
      const result = { ...doc }
      mingo.update(result, { $set: { [expr.distanceField]: d * multiplier } })
      if (typeof expr.includeLocs === 'string') mingo.update(result, { $set: { [expr.includeLocs]: valueAt(doc, key) } })
      out.push({ doc: result, d })
    }
    out.sort((a, b) => a.d - b.d)
    return Lazy(out.map((o) => o.doc))
  })
}

export function queryOptions(collectionResolver: CollectionResolver): Partial<Options> {
  return {
    collectionResolver,
    context: mingo.Context.init({
      query: { $geoWithin, $geoIntersects, $nearSphere, $near: $nearSphere } as any,
      pipeline: { $geoNear } as any
    })
  }
}
