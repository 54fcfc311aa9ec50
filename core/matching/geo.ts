/**
 * Distances on the map, for the service-area filter, the distance term of the score, and the service points map.
 *
 * Coordinates are GCJ-02 (WeChat's map datum). GCJ-02 is WGS-84 shifted by an offset that changes slowly across
 * space, so two points a few kilometres apart are shifted almost equally: the haversine distance on GCJ-02 differs
 * from the true one by far less than a metre at city scale, which is all matching needs. Nothing here converts datums.
 *
 * The scale of "near" is the 15-minute circle (15分钟暖新服务圈): what a person walks in 15 minutes, about 1,100 m.
 */
import type { GeoPoint } from './model'

const EARTH_RADIUS_M = 6_371_008.8

/** The 15-minute walking circle, in metres (about 75 m a minute). */
export const FIFTEEN_MINUTE_CIRCLE_M = 1_100

/**
 * A coarse point is rounded to 0.01° (about 1.1 km north–south, 0.9 km east–west in Lanzhou), so it can be up to about
 * 700 m from where the person is. The service-area filter gives a coarse point this benefit of the doubt.
 */
export const COARSE_SLACK_M = 700

const rad = (degrees: number): number => (degrees * Math.PI) / 180

/** Great-circle distance in metres. */
export function distanceM(a: GeoPoint, b: GeoPoint): number {
  const dLat = rad(b.lat - a.lat)
  const dLng = rad(b.lng - a.lng)
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(dLng / 2) ** 2
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)))
}

/** The nearest of `places` to `from`, with its distance; undefined when there are none. */
export function nearest<P extends GeoPoint>(from: GeoPoint, places: readonly P[]): { place: P; distanceM: number } | undefined {
  let best: { place: P; distanceM: number } | undefined
  for (const place of places) {
    const d = distanceM(from, place)
    if (!best || d < best.distanceM) best = { place, distanceM: d }
  }
  return best
}

/** '800 米', '1.2 公里'; `approximate` (a coarse point) says '约'. Metres are rounded to 50, kilometres to 0.1. */
export function formatDistance(metres: number, approximate = false): string {
  const text = metres < 1000 ? `${Math.max(50, Math.round(metres / 50) * 50)} 米` : `${(Math.round(metres / 100) / 10).toFixed(1)} 公里`
  const shown = text === '1000 米' ? '1.0 公里' : text
  return approximate ? `约 ${shown}` : shown
}

/** Walking minutes at the 15-minute circle's pace, at least 1. */
export const walkingMinutes = (metres: number): number => Math.max(1, Math.round((metres / FIFTEEN_MINUTE_CIRCLE_M) * 15))
