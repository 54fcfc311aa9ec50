/**
 * 首页's centre card: the nearest centre once the person has shared where they are (on the 找离我最近的 tap here, or
 * already for the 服务 tab — never asked unprompted), else the centre they last opened, else 友邻空间; with its open
 * badge, where it is and its hours, and the ways into its page and the whole directory. The function measures and
 * tells 开放中 (community.centres); core/community picks which centre to show.
 */
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { homeCentre } from '@core/community/centres'
import { call } from '@/cloud/call'
import { useRefreshing, useRemote } from '@/cloud/use-remote'
import OpenBadge from '@/components/open-badge'
import RemoteView from '@/components/remote-view'
import { useArrivalGuard } from '@/hooks/use-arrival-guard'
import { useNear } from '@/pages/services/near'
import { CENTRES_URL, centreUrl, chosenCentreId, placeLine } from './centre-choice'
import './nearest-centre.scss'

export default function NearestCentreCard() {
  const guard = useArrivalGuard()
  const { near, locating, locate } = useNear()
  const centres = useRemote(near ? `home-centres-${near.lat},${near.lng}` : 'home-centres', () => call('community', 'centres', near ? { near } : {}))
  // Coming back from a centre's page shows that centre (until a position says which is nearest).
  useRefreshing(centres)

  return (
    <View className='card nearest-centre' id='nearest-centre'>
      <View className='card__title'>{near ? '离你最近的服务中心' : '你的服务中心'}</View>
      <RemoteView remote={centres} rows={2}>
        {({ items }) => {
          const centre = homeCentre(items, chosenCentreId())
          if (!centre) return <View className='card__text'>还没有服务中心。</View>
          return (
            <>
              <View
                className='nearest-centre__place'
                id='nearest-centre-open'
                hoverClass='nearest-centre__place--pressed'
                aria-role='link'
                aria-label={`进入${centre.name}`}
                onClick={guard(() => void Taro.navigateTo({ url: centreUrl(centre._id) }))}
              >
                <View className='nearest-centre__head'>
                  <Text className='nearest-centre__name' id='nearest-centre-name'>
                    {centre.name}
                  </Text>
                  <OpenBadge centre={centre} />
                </View>
                <Text className='nearest-centre__line'>{placeLine(centre)}</Text>
                <Text className='nearest-centre__line'>{centre.hours}</Text>
                <Text className='nearest-centre__more'>课程、服务和志愿活动 ›</Text>
              </View>
              <View className='nearest-centre__actions'>
                {near ? null : (
                  <Button className='tap-target nearest-centre__action' id='nearest-centre-locate' disabled={locating} onClick={() => void locate()}>
                    {locating ? '定位中…' : '找离我最近的'}
                  </Button>
                )}
                <Button className='tap-target nearest-centre__action' id='nearest-centre-all' onClick={guard(() => void Taro.navigateTo({ url: CENTRES_URL }))}>
                  {`全部 ${items.length} 个中心`}
                </Button>
              </View>
            </>
          )
        }}
      </RemoteView>
    </View>
  )
}
