/**
 * A region question (省/市/区/街道 from core's REGIONS) as a field that opens a bottom sheet, one level at a time: the
 * names chosen so far on top (tap one to choose again from there), the next level's names below as full-width rows.
 *
 * Our own sheet rather than NutUI's Cascader: a level with a single name (甘肃省, then 兰州市 — the table covers the
 * centres' part of Lanzhou) is taken without a tap, so a rider picks 区 and 街道 and is done; every row is a 44 px
 * target; and the table's coverage is said under the list, so someone whose street is missing knows why.
 */
import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import { Popup } from '@nutui/nutui-react-taro'
import type { RegionQuestion } from '@core/survey/definition'
import { REGION_COVERAGE, REGION_LEVEL_NAMES, regionOptions, regionText } from '@core/survey/region'
import { isStringList } from '@core/survey/values'
import { useArrivalGuard } from '@/hooks/use-arrival-guard'
import type { ControlProps } from './types'

/**
 * `path` extended through every level that offers a single name, stopping before the last level asked for (that one
 * is the respondent's to confirm).
 */
export function descendSingles(path: readonly string[], levels: number): string[] {
  const out = [...path]
  while (out.length < levels - 1) {
    const options = regionOptions(out)
    if (options.length !== 1) break
    out.push(options[0])
  }
  return out
}

interface SheetProps {
  question: RegionQuestion
  initial: string[]
  idBase: string
  onPick: (path: string[]) => void
  onClose: () => void
}

function RegionSheet({ question, initial, idBase, onPick, onClose }: SheetProps) {
  const [path, setPath] = useState(() => descendSingles(initial.length < question.levels ? initial : initial.slice(0, -1), question.levels))
  const guard = useArrivalGuard(path.length)
  const options = regionOptions(path)
  const level = REGION_LEVEL_NAMES[path.length]

  const choose = (name: string) => {
    const next = [...path, name]
    if (next.length >= question.levels || regionOptions(next).length === 0) onPick(next)
    else setPath(descendSingles(next, question.levels))
  }

  return (
    <Popup visible position='bottom' round onOverlayClick={guard(() => true, false)} onClose={onClose} className='survey-region-sheet'>
      <View className='survey-region' id={`${idBase}-sheet`} aria-role='dialog' aria-label={`选择${REGION_LEVEL_NAMES[question.levels - 1]}`}>
        <View className='survey-region__head'>
          <Text className='survey-region__title'>{`选择${level ?? '地区'}`}</Text>
          <View className='survey-region__close' id={`${idBase}-sheet-close`} aria-role='button' aria-label='关闭' onClick={guard(onClose)}>
            ✕
          </View>
        </View>
        {path.length > 0 ? (
          <View className='survey-region__path'>
            {path.map((name, i) => (
              <View key={name} className='survey-region__crumb' aria-role='button' aria-label={`重新选择${REGION_LEVEL_NAMES[i]}`} onClick={guard(() => setPath(path.slice(0, i)))}>
                {name}
              </View>
            ))}
          </View>
        ) : null}
        <View className='survey-region__list' aria-role='radiogroup'>
          {options.map((name, i) => (
            <View key={name} className='survey-region__option' id={`${idBase}-region-${i}`} aria-role='radio' hoverClass='survey-region__option--pressed' onClick={guard(() => choose(name))}>
              {name}
            </View>
          ))}
        </View>
        <View className='survey-region__coverage'>{REGION_COVERAGE}</View>
      </View>
    </Popup>
  )
}

export function RegionAnswer({ question, value, onChange, onSettle, idBase, invalid }: ControlProps<RegionQuestion>) {
  const [open, setOpen] = useState(false)
  const guard = useArrivalGuard(open)
  const path = isStringList(value) ? value : []
  const last = REGION_LEVEL_NAMES[question.levels - 1]
  return (
    <View>
      <View
        className={`form-input form-picker survey-region-field${invalid ? ' survey-input--invalid' : ''}`}
        id={`${idBase}-input`}
        aria-role='button'
        aria-label={`${question.title} ${path.length > 0 ? regionText(path) : `请选择${last}`}`}
        onClick={guard(() => setOpen(true))}
      >
        {path.length > 0 ? <Text>{regionText(path)}</Text> : <Text className='form-picker__placeholder'>{`请选择${last}`}</Text>}
        <Text className='form-picker__more'>▾</Text>
      </View>
      {open ? (
        <RegionSheet
          question={question}
          initial={path}
          idBase={idBase}
          onPick={(picked) => {
            setOpen(false)
            onChange(picked)
            onSettle?.()
          }}
          onClose={() => {
            setOpen(false)
            onSettle?.()
          }}
        />
      ) : null}
    </View>
  )
}
