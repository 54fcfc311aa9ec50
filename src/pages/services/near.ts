/**
 * The person's position for this run of the app, once they let us have it: the 服务 list, a service's page and the
 * map all measure from it, and nobody is asked twice. Kept in memory only — a position is not something to store.
 */
export interface NearPoint {
  lat: number
  lng: number
}

let remembered: NearPoint | undefined

export const nearHere = (): NearPoint | undefined => remembered

export function rememberNear(point: NearPoint): void {
  remembered = point
}

