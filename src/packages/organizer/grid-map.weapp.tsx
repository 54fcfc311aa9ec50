/**
 * WeChat's map: a marker per open report, titled with its number in the list and its category; a tap selects it. The
 * marker image is the organizer package's own (a subpackage cannot use another's files).
 */
import { Map } from '@tarojs/components'
import { gridCategoryName } from '@core/community/grid'
import { middleOf } from '@/packages/service/points-map-types'
import marker from './assets/grid-marker.png'
import type { GridMapProps } from './grid-map-types'

/** About 3 km across on a phone: a grid's streets. */
const GRID_SCALE = 14

export default function GridMap({ points, onSelect }: GridMapProps) {
  const middle = middleOf(points)
  if (!middle) return <></>
  return (
    <Map
      id='grid-map'
      className='grid-board__map'
      latitude={middle.lat}
      longitude={middle.lng}
      scale={GRID_SCALE}
      markers={points.map((p, i) => ({ id: i, latitude: p.lat, longitude: p.lng, iconPath: marker, width: 24, height: 30, title: `${i + 1} ${gridCategoryName(p.category)}` }))}
      // The list below says where each report is; a map that fails to draw leaves that.
      onError={() => undefined}
      onMarkerTap={(e) => {
        const point = points[Number(e.detail.markerId)]
        if (point) onSelect(point)
      }}
    />
  )
}
