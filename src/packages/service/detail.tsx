/**
 * A service's page: what it is and who runs it, who may use it, the weekly hours in words, places left this period,
 * every place it is delivered with 导航, and 联系 (a phone call to the organization). At the bottom, 提这类需求 opens
 * the need form with this service's first category chosen — the way from "this looks like my problem" to a referral.
 * Opened from the 服务清单 or a shared card (serviceId only); measures distance from the position the 服务 tab got.
 */
import { useEffect } from 'react'
import Taro, { useRouter, useShareAppMessage } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { GetServiceOutput } from '@core/api/service'
import shareCard from '@/assets/share-card.png'
import { call } from '@/cloud/call'
import { useRefreshing, useRemote } from '@/cloud/use-remote'
import PageShell from '@/components/page-shell'
import RemoteView from '@/components/remote-view'
import { EmptyView } from '@/components/state-view'
import VenueLine from '@/components/venue-line'
import { useArrivalGuard } from '@/hooks/use-arrival-guard'
import { nearHere } from '@/pages/services/near'
import { whenLine } from '@/pages/services/service-card'
import './detail.scss'

export default function ServiceDetailPage() {
  const { params } = useRouter()
  const serviceId = params.serviceId ?? ''
  const near = nearHere()
  const remote = useRemote(serviceId || null, () => call('service', 'getService', near ? { serviceId, near } : { serviceId }))
  useRefreshing(remote)
  const guard = useArrivalGuard(remote.data ? 'loaded' : 'loading')
  const title = remote.data?.service.title

  useEffect(() => {
    if (title) void Taro.setNavigationBarTitle({ title })
  }, [title])

  useShareAppMessage(() => ({
    title: title ? `${title} · 友邻空间服务` : '友邻空间服务',
    path: `/packages/service/detail?serviceId=${encodeURIComponent(serviceId)}`,
    imageUrl: shareCard
  }))

  if (!serviceId) {
    return (
      <PageShell className='service-detail'>
        <EmptyView title='没有找到这项服务' description='链接不完整，请从「服务」里重新打开。' />
      </PageShell>
    )
  }

  const content = ({ service }: GetServiceOutput) => {
    const phone = service.contactPhone
    const category = service.categories[0]?.code
    return (
      <>
        <View className='card service-detail__intro'>
          <View className='service-detail__head'>
            <Text className='service-detail__title' id='service-title'>
              {service.title}
            </Text>
            <Text className={`service-detail__status${service.openNow ? ' service-detail__status--open' : ''}`}>
              {service.openNow ? '正在服务' : service.statusLabel}
            </Text>
          </View>
          <View className='service-detail__line'>{`${service.organization.name} · ${service.organization.kindLabel}`}</View>
          <View className='service-detail__tags'>
            {service.categories.map((c) => (
              <Text key={c.code} className='service-detail__tag'>
                {c.label}
              </Text>
            ))}
          </View>
          {service.description ? <View className='card__text service-detail__description'>{service.description}</View> : null}
        </View>

        <View className='card' id='service-facts'>
          <Fact label='服务对象' text={service.eligibility} id='service-eligibility' />
          <Fact label='服务时间' text={service.hours.length > 0 ? service.hours.join('；') : '时间待定'} id='service-hours' />
          <Fact label='现在' text={whenLine(service)} id='service-when' />
          {service.placesLeft !== undefined ? (
            <Fact label='名额' text={service.placesLeft > 0 ? `本期还有 ${service.placesLeft} 个名额` : '本期名额已满，可以先提需求排队'} id='service-places' />
          ) : null}
          {service.serviceAreaM !== undefined ? <Fact label='服务范围' text={`服务地点周边 ${areaText(service.serviceAreaM)}`} id='service-area' /> : null}
          {service.amenities.length > 0 ? <Fact label='便民设施' text={service.amenities.join('、')} id='service-amenities' /> : null}
        </View>

        <View className='card' id='service-locations'>
          <View className='card__title'>服务地点</View>
          {service.locations.length === 0 ? (
            <View className='card__text'>上门或电话服务，没有固定地点。</View>
          ) : (
            service.locations.map((place, i) => (
              <VenueLine
                key={`${place.name}-${i}`}
                venue={{ _id: place.venueId ?? `${service._id}-${i}`, name: place.name, district: '', address: place.address, hours: '', lat: place.lat, lng: place.lng }}
                idPrefix={`service-location-${i}`}
              />
            ))
          )}
          {service.location && service.distance && near ? <View className='service-detail__muted'>{`离你最近的地点约 ${service.distance}`}</View> : null}
        </View>

        <View className='service-detail__bar'>
          {phone ? (
            <Button className='service-detail__bar-button' id='service-call' onClick={guard(() => void Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined))}>
              联系
            </Button>
          ) : null}
          <Button
            className='service-detail__bar-button service-detail__bar-button--main'
            type='primary'
            id='service-need'
            onClick={guard(() => void Taro.navigateTo({ url: `/packages/service/need${category ? `?category=${encodeURIComponent(category)}` : ''}` }))}
          >
            提这类需求
          </Button>
        </View>
      </>
    )
  }

  return (
    <PageShell className='service-detail'>
      <RemoteView remote={remote} rows={8}>
        {content}
      </RemoteView>
    </PageShell>
  )
}

function Fact({ label, text, id }: { label: string; text: string; id: string }) {
  return (
    <View className='service-detail__fact' id={id}>
      <Text className='service-detail__fact-label'>{label}</Text>
      <Text className='service-detail__fact-text'>{text}</Text>
    </View>
  )
}

/** '1.5 公里', '800 米'. */
const areaText = (metres: number): string => (metres >= 1000 ? `${(metres / 1000).toFixed(metres % 1000 === 0 ? 0 : 1)} 公里` : `${metres} 米`)
