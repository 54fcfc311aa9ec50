/**
 * A location question: one button that picks the place (WeChat's map, or the current position in a browser — see
 * locate.d.ts), then the place shown coarsely (about 1 km, core coarseLocation) with the picked place's name, so the
 * respondent sees that a neighbourhood is what is asked, not a door. 清除 takes the answer back.
 */
import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { LocationQuestion } from '@core/survey/definition'
import { coarseLocation, COARSE_DECIMALS } from '@core/survey/pii'
import { isGeoPoint } from '@core/survey/values'
import { useArrivalGuard } from '@/hooks/use-arrival-guard'
import { locator } from './locate'
import type { ControlProps } from './types'

/** '约 36.06, 103.83' */
export function coarsePlaceText(point: { lat: number; lng: number }): string {
  const p = coarseLocation(point)
  return `约 ${p.lat.toFixed(COARSE_DECIMALS)}, ${p.lng.toFixed(COARSE_DECIMALS)}`
}

export function LocationAnswer({ value, onChange, onSettle, idBase }: ControlProps<LocationQuestion>) {
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | null>(null)
  const [name, setName] = useState<string | undefined>(undefined)
  const guard = useArrivalGuard()
  const point = isGeoPoint(value) ? value : undefined

  const locate = async () => {
    setBusy(true)
    setProblem(null)
    const found = await locator.locate()
    setBusy(false)
    if (found === null) return
    if (!found.ok) {
      setProblem(found.message)
      return
    }
    setName(found.name)
    onChange(found.point)
    onSettle?.()
  }

  return (
    <View className='survey-location'>
      {point ? (
        <View className='survey-location__picked' id={`${idBase}-picked`}>
          <Text className='survey-location__name'>{name ?? '已选择位置'}</Text>
          <Text className='survey-location__coarse'>{coarsePlaceText(point)}</Text>
        </View>
      ) : (
        <View className='survey-location__hint'>{locator.hint}</View>
      )}
      <View className='survey-location__actions'>
        <Button className='survey-location__button' id={`${idBase}-locate`} fill='outline' loading={busy} disabled={busy} onClick={guard(() => void locate())}>
          {point ? '重新选择' : locator.label}
        </Button>
        {point ? (
          <Button
            className='survey-location__button'
            id={`${idBase}-clear`}
            fill='none'
            onClick={guard(() => {
              setName(undefined)
              onChange(undefined)
            })}
          >
            清除
          </Button>
        ) : null}
      </View>
      {problem ? (
        <View className='survey-location__problem' id={`${idBase}-locate-problem`} aria-live='polite'>
          {problem}
        </View>
      ) : null}
    </View>
  )
}
