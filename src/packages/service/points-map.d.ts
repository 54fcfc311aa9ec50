/**
 * The picture of the service points around a person, per platform (Taro builds points-map.weapp.tsx or
 * points-map.h5.tsx): WeChat's own map with markers and the 15-minute circle; in a browser, which has no map tiles
 * here, a plan drawn to scale around the person (SVG) that says it is a plan. Both take PointsMapProps.
 */
import type { PointsMapProps } from './points-map-types'

declare const PointsMap: (props: PointsMapProps) => JSX.Element
export default PointsMap
