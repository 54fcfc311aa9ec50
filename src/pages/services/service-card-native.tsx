/**
 * ServiceCardView as a native custom component (built by `taro build native-components`, listed under `components` in
 * app.config.ts), for the component tests; `near` stands for a known position of the person.
 */
import type { ServiceCardData } from './service-card'
import ServiceCardView from './service-card'

export interface NativeServiceCardProps {
  service?: ServiceCardData
  near?: boolean
}

/** The card's taps open the service page; the tests read what it says, so every tap passes. */
const passAll = <A extends unknown[], R>(handler: (...args: A) => R) => handler

export default function NativeServiceCard({ service, near }: NativeServiceCardProps) {
  if (!service) return null
  return <ServiceCardView service={service} near={near ? { lat: 36.06, lng: 103.83 } : undefined} guard={passAll} />
}
