/**
 * The handler's map of reports still being handled, per platform (Taro builds grid-map.weapp.tsx or grid-map.h5.tsx):
 * WeChat's own map with a marker per report; in a browser, which has no map tiles here, a plan drawn to scale (SVG) that
 * says it is a plan — the same pattern as the service points map.
 */
import type { GridMapProps } from './grid-map-types'

declare const GridMap: (props: GridMapProps) => JSX.Element
export default GridMap
