/**
 * A browser has no map tiles here, so the points are drawn as a plan: the person in the middle, the circle at its true
 * size, each point at its true distance and direction (north up), numbered as in the list below. The caption says it
 * is a plan and gives the scale, so nobody mistakes it for a street map; 导航 on each point opens a real map.
 */
import { Text, View } from '@tarojs/components'
import { middleOf, planOffset, type PointsMapProps } from './points-map-types'

/** The plan shows the circle and a margin around it, and no farther than this many circle radii. */
const REACH = 1.6

export default function PointsMap({ centre, radiusM, points, onSelect }: PointsMapProps) {
  const origin = centre ?? middleOf(points)
  if (!origin) return <></>
  const half = radiusM * REACH
  const placed = points
    .map((p, i) => ({ point: p, n: i + 1, ...planOffset(origin, p) }))
    .filter(({ east, north }) => Math.abs(east) <= half && Math.abs(north) <= half)
  const dot = half / 16
  return (
    <View className='points__plan' id='points-map' data-shown={placed.length}>
      <svg viewBox={`${-half} ${-half} ${2 * half} ${2 * half}`} className='points__svg' role='img' aria-label='服务点示意图'>
        <rect x={-half} y={-half} width={2 * half} height={2 * half} fill='#FBF6EE' />
        {centre ? (
          <circle cx={0} cy={0} r={radiusM} fill='rgba(198, 60, 34, 0.08)' stroke='#C63C22' strokeWidth={half / 120} strokeDasharray={`${half / 40} ${half / 60}`} />
        ) : null}
        {placed.map(({ point, n, east, north }) => (
          <g key={point.id} className='points__dot' data-point-id={point.id} data-inside={point.withinCircle ? 'true' : 'false'} onClick={() => onSelect(point)}>
            <circle cx={east} cy={-north} r={dot} fill={point.openNow ? '#3E8E57' : '#9C8A7E'} stroke='#FFFFFF' strokeWidth={dot / 4} />
            <text x={east} y={-north + dot * 0.4} fontSize={dot * 1.1} textAnchor='middle' fill='#FFFFFF' fontWeight='bold'>
              {n}
            </text>
          </g>
        ))}
        {centre ? <circle cx={0} cy={0} r={dot * 0.6} fill='#2F6FD6' stroke='#FFFFFF' strokeWidth={dot / 4} /> : null}
        <text x={-half + dot} y={-half + dot * 1.6} fontSize={dot * 1.1} fill='#6F5B50'>
          北 ↑
        </text>
      </svg>
      <Text className='points__caption' id='points-caption'>
        {centre
          ? `示意图，不是地图：蓝点是你，虚线圈半径约 ${(radiusM / 1000).toFixed(1)} 公里（步行约 15 分钟），绿色的正在开放。`
          : '示意图，不是地图：按实际距离和方向画出各服务点。允许使用位置后，会以你为中心画出 15 分钟服务圈。'}
      </Text>
    </View>
  )
}
