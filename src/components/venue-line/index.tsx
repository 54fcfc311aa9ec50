/**
 * Where a class is: the centre with its district (a rider knows the city by district: 友邻空间 is in 城关区, 枣林西社区
 * in 安宁区), its address, and 导航, which hands the place to the phone's map (platform/open-map: WeChat's map on
 * weapp, an Amap marker page in a browser).
 */
import { Text, View } from '@tarojs/components'
import type { CourseVenue } from '@core/api'
import { useArrivalGuard } from '@/hooks/use-arrival-guard'
import { alertFail } from '@/platform/feedback'
import { mapOpener } from '@/platform/open-map'
import './index.scss'

export interface VenueLineProps {
  venue: CourseVenue
  /** Element id of the line; 导航 is `${idPrefix}-navigate`. */
  idPrefix: string
  /** Said before the place, e.g. 上课地点. */
  label?: string
  /** Leave out the address (a list item that already says enough). */
  compact?: boolean
}

/** '友邻空间 · 城关区'; the name alone when the district is not recorded. */
export const placeName = (venue: Pick<CourseVenue, 'name' | 'district'>): string => (venue.district ? `${venue.name} · ${venue.district}` : venue.name)

export default function VenueLine({ venue, idPrefix, label, compact }: VenueLineProps) {
  // 导航 leaves the app for a map: not on the second tap of a press that opened this page.
  const guard = useArrivalGuard()
  const navigate = async () => {
    const fail = await mapOpener.open({ name: venue.name, address: venue.address, lat: venue.lat, lng: venue.lng })
    if (fail) alertFail('没能打开地图', fail)
  }
  return (
    <View className={`venue-line${compact ? ' venue-line--compact' : ''}`} id={idPrefix}>
      <View className='venue-line__text'>
        <Text className='venue-line__name'>{label ? `${label}：${placeName(venue)}` : placeName(venue)}</Text>
        {!compact && venue.address ? <Text className='venue-line__address'>{venue.address}</Text> : null}
      </View>
      <View
        className='venue-line__navigate'
        id={`${idPrefix}-navigate`}
        hoverClass='venue-line__navigate--pressed'
        aria-role='button'
        aria-label={`导航到${venue.name}`}
        onClick={guard(() => void navigate())}
      >
        导航
      </View>
    </View>
  )
}
