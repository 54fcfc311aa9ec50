/**
 * Whether a centre is open, as a badge: 24小时 for 枣林西, 开放中 or 已闭馆 by its hours, nothing when the hours are not
 * known. The function decides (core/community/centres at the time of asking); this only says it.
 */
import { Text } from '@tarojs/components'
import type { CentreItem } from '@core/api/community'
import './index.scss'

export default function OpenBadge({ centre }: { centre: Pick<CentreItem, 'open24h' | 'openNow'> }) {
  if (centre.open24h) return <Text className='open-badge open-badge--open'>24小时开放</Text>
  if (centre.openNow === null) return null
  return <Text className={`open-badge${centre.openNow ? ' open-badge--open' : ''}`}>{centre.openNow ? '开放中' : '已闭馆'}</Text>
}
