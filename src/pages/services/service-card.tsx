/**
 * One service on the 服务清单: what it is and who runs it, its categories, who may use it, when it is next open (or
 * that it is open now), how far, and places left this period. The whole card opens the service's page.
 */
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import type { ListServicesOutput } from '@core/api/service'
import type { TapGuard } from '@/hooks/use-arrival-guard'
import type { NearPoint } from './near'

export type ServiceCardData = ListServicesOutput['items'][number]

export const openService = (serviceId: string) => void Taro.navigateTo({ url: `/packages/service/detail?serviceId=${encodeURIComponent(serviceId)}` })

/** '正在服务', '暂停服务', else when it next opens. */
export function whenLine(service: Pick<ServiceCardData, 'status' | 'openNow' | 'nextOpen'>): string {
  if (service.status === 'paused') return '暂停服务'
  return service.openNow ? `正在服务 · ${service.nextOpen}` : `下次 ${service.nextOpen}`
}

export default function ServiceCardView({ service, near, guard }: { service: ServiceCardData; near?: NearPoint; guard: TapGuard }) {
  const place = service.location ? [service.location.name, near && service.distance ? service.distance : undefined].filter(Boolean).join(' · ') : undefined
  return (
    <View
      className={`service-card${service.status === 'paused' ? ' service-card--paused' : ''}`}
      id={`service-${service._id}`}
      data-title={service.title}
      hoverClass='service-card--pressed'
      aria-role='link'
      aria-label={`${service.title}，${service.orgName}`}
      onClick={guard(() => openService(service._id))}
    >
      <View className='service-card__head'>
        <Text className='service-card__title'>{service.title}</Text>
        {service.openNow ? <Text className='service-card__open'>正在服务</Text> : null}
      </View>
      <Text className='service-card__line'>{service.orgName}</Text>
      <View className='service-card__tags'>
        {service.categories.map((c) => (
          <Text key={c.code} className='service-card__tag'>
            {c.label}
          </Text>
        ))}
      </View>
      <Text className='service-card__line'>{service.eligibility}</Text>
      <Text className='service-card__line service-card__when'>
        {[whenLine(service), service.placesLeft === undefined ? undefined : service.placesLeft > 0 ? `余 ${service.placesLeft} 个名额` : '本期名额已满']
          .filter(Boolean)
          .join(' · ')}
      </Text>
      {place ? <Text className='service-card__line service-card__place'>{place}</Text> : null}
    </View>
  )
}
