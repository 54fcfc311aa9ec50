/**
 * The service points map (暖蜂驿站, "15分钟暖新服务圈"): centres, stations and service locations as points with
 * amenities, whether they are open now or around the clock, and the distance from the person. The page draws the
 * 15-minute circle (FIFTEEN_MINUTE_CIRCLE_M) around the person and the points inside it first.
 *
 * A point's hours are weekly windows when known (services, stations); a centre may only say whether it is open 24 h and
 * show its hours as text, in which case "open now" is unknown (null) unless it is open 24 h.
 */
import { FIFTEEN_MINUTE_CIRCLE_M, distanceM, walkingMinutes } from './geo'
import type { GeoPoint, WeeklyWindow } from './model'
import { isAroundTheClock, isOpenAt } from './schedule'

/** The amenities the map filters by (a point may list others). */
export const AMENITIES = ['充电', '饮水', '热饭', '歇脚', '卫生间', '修车', '应急药箱', '无线网络'] as const

/** Words a centre's or station's own list of facilities uses for each amenity the map filters by. */
const AMENITY_WORDS: Readonly<Record<(typeof AMENITIES)[number], readonly string[]>> = {
  充电: ['充电'],
  饮水: ['饮水', '饮用水', '喝水'],
  热饭: ['热饭'],
  歇脚: ['歇脚', '休息'],
  卫生间: ['卫生间', '厕所'],
  修车: ['修车', '维修'],
  应急药箱: ['药箱'],
  无线网络: ['无线网络', 'wifi', 'WiFi', 'Wi-Fi']
}

/**
 * The map's amenities named in free-text facilities ('充电区', '饮水热饭', '途中休息'), in AMENITIES order, so a
 * centre described in its own words can be found by the map's filter. Texts naming none add nothing.
 */
export function amenitiesIn(texts: readonly string[]): string[] {
  return AMENITIES.filter((amenity) => AMENITY_WORDS[amenity].some((word) => texts.some((text) => text.includes(word))))
}

export const POINT_KINDS = ['centre', 'station', 'service'] as const
export type PointKind = (typeof POINT_KINDS)[number]
export const POINT_KIND_LABELS: Record<PointKind, string> = { centre: '服务中心', station: '驿站', service: '服务点' }

export interface ServicePoint extends GeoPoint {
  /** `${kind}:${_id}` of what it shows, unique on the map. */
  id: string
  kind: PointKind
  name: string
  address: string
  amenities: string[]
  /** Weekly opening windows; empty when only text hours are known. */
  schedules: WeeklyWindow[]
  /** Declared 24 h (a centre's flag); windows covering the week count as 24 h too. */
  open24h?: boolean
  /** Hours as text, for points without windows ('每天 09:00–21:30'). */
  hours?: string
}

export interface ServicePointView extends ServicePoint {
  open24h: boolean
  /** null when unknown (text hours only). */
  openNow: boolean | null
  distanceM?: number
  walkingMinutes?: number
  /** Inside the circle around the person. */
  withinCircle?: boolean
}

export interface PointQuery {
  now: number
  /** The person's position (GCJ-02); without it, no distances and no circle. */
  near?: GeoPoint
  /** Default the 15-minute circle. */
  radiusM?: number
  /** Only points offering this amenity. */
  amenity?: string
  /** Only points open now (unknown counts as not). */
  openNow?: boolean
  /** Only points inside the circle. */
  withinCircle?: boolean
}

/** The points as the map shows them: filtered, nearest first (by name, in code-point order, without a position). */
export function viewPoints(points: readonly ServicePoint[], query: PointQuery): ServicePointView[] {
  const radius = query.radiusM ?? FIFTEEN_MINUTE_CIRCLE_M
  const near = query.near
  const views = points.map((point): ServicePointView => {
    const open24h = point.open24h === true || isAroundTheClock(point.schedules)
    const openNow = open24h ? true : point.schedules.length > 0 ? isOpenAt(point.schedules, query.now) : null
    if (!near) return { ...point, open24h, openNow }
    const d = distanceM(near, point)
    return { ...point, open24h, openNow, distanceM: Math.round(d), walkingMinutes: walkingMinutes(d), withinCircle: d <= radius }
  })
  return views
    .filter((view) => query.amenity === undefined || view.amenities.includes(query.amenity))
    .filter((view) => !query.openNow || view.openNow === true)
    .filter((view) => !query.withinCircle || view.withinCircle === true)
    .sort((a, b) => (near ? (a.distanceM ?? 0) - (b.distanceM ?? 0) : 0) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}
