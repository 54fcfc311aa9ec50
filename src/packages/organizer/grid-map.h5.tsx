/**
 * A browser has no map tiles here, so the open reports are drawn as a plan around their middle: each at its true
 * distance and direction (north up), numbered as in the list, orange while waiting and blue once assigned. The caption
 * says it is a plan and gives its width.
 */
import { Text, View } from '@tarojs/components'
import { middleOf, planOffset } from '@/packages/service/points-map-types'
import type { GridMapProps } from './grid-map-types'

/** The plan is at least this wide (metres), so two reports on one street are not drawn across the whole picture. */
const MIN_HALF_M = 400

export default function GridMap({ points, onSelect }: GridMapProps) {
  const origin = middleOf(points)
  if (!origin) return <></>
  const placed = points.map((p, i) => ({ point: p, n: i + 1, ...planOffset(origin, p) }))
  const half = Math.max(MIN_HALF_M, ...placed.map(({ east, north }) => Math.max(Math.abs(east), Math.abs(north)) * 1.2))
  const dot = half / 14
  return (
    <View className='grid-board__plan' id='grid-map' data-shown={placed.length}>
      <svg viewBox={`${-half} ${-half} ${2 * half} ${2 * half}`} className='grid-board__svg' role='img' aria-label='待处理问题示意图'>
        <rect x={-half} y={-half} width={2 * half} height={2 * half} fill='#FBF6EE' />
        {placed.map(({ point, n, east, north }) => (
          <g key={point._id} data-report-id={point._id} onClick={() => onSelect(point)}>
            <circle cx={east} cy={-north} r={dot} fill={point.status === 'assigned' ? '#2471A3' : '#D35400'} stroke='#FFFFFF' strokeWidth={dot / 4} />
            <text x={east} y={-north + dot * 0.4} fontSize={dot * 1.1} textAnchor='middle' fill='#FFFFFF' fontWeight='bold'>
              {n}
            </text>
          </g>
        ))}
        <text x={-half + dot} y={-half + dot * 1.6} fontSize={dot * 1.1} fill='#6F5B50'>
          北 ↑
        </text>
      </svg>
      <Text className='grid-board__caption'>{`示意图，不是地图：宽约 ${((2 * half) / 1000).toFixed(1)} 公里，橙色待处理，蓝色处置中；编号同下方列表。`}</Text>
    </View>
  )
}
