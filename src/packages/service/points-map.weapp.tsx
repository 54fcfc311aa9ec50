/** WeChat's map: a marker per point titled with its number in the list (a tap selects it there), the person, the circle. */
import { Map } from '@tarojs/components'
import { palette } from '@/theme/tokens'
import marker from './assets/marker.png'
import { middleOf, type PointsMapProps } from './points-map-types'

/** About 3 km across on a phone: the 15-minute circle and what lies just outside it. */
const CIRCLE_SCALE = 14

export default function PointsMap({ centre, radiusM, points, onSelect }: PointsMapProps) {
  const middle = centre ?? middleOf(points)
  if (!middle) return <></>
  return (
    <Map
      id='points-map'
      className='points__map'
      latitude={middle.lat}
      longitude={middle.lng}
      scale={CIRCLE_SCALE}
      showLocation={centre !== undefined}
      markers={points.map((p, i) => ({
        id: i,
        latitude: p.lat,
        longitude: p.lng,
        iconPath: marker,
        width: 24,
        height: 30,
        title: `${i + 1} ${p.name}`
      }))}
      circles={
        centre
          ? [{ latitude: centre.lat, longitude: centre.lng, radius: radiusM, color: `${palette.primary}AA`, fillColor: `${palette.primary}22`, strokeWidth: 2 }]
          : []
      }
      // The page says where the points are in words too; a map that fails to draw leaves that list.
      onError={() => undefined}
      onMarkerTap={(e) => {
        const point = points[Number(e.detail.markerId)]
        if (point) onSelect(point)
      }}
    />
  )
}
