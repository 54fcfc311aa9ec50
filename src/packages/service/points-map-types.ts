/** What both sides of the points-map pair draw (see points-map.d.ts). */
import type { ServicePointsOutput } from '@core/api/service'

export type MapPoint = ServicePointsOutput['items'][number]

export interface PointsMapProps {
  /** The person (GCJ-02); without it there is no circle, and the map centres on the points. */
  centre?: { lat: number; lng: number }
  /** The circle around the person, metres. */
  radiusM: number
  /** In list order: a point's number on the map is its place in the list, from 1. */
  points: MapPoint[]
  onSelect: (point: MapPoint) => void
}

/** Metres east and north of `origin` (an equirectangular plane: exact enough across a few kilometres). */
export function planOffset(origin: { lat: number; lng: number }, point: { lat: number; lng: number }): { east: number; north: number } {
  const metresPerDegree = 111_320
  return {
    east: (point.lng - origin.lng) * metresPerDegree * Math.cos((origin.lat * Math.PI) / 180),
    north: (point.lat - origin.lat) * metresPerDegree
  }
}

/** The middle of the points, for a map without the person's position. */
export function middleOf(points: readonly { lat: number; lng: number }[]): { lat: number; lng: number } | undefined {
  if (points.length === 0) return undefined
  return { lat: points.reduce((s, p) => s + p.lat, 0) / points.length, lng: points.reduce((s, p) => s + p.lng, 0) / points.length }
}
