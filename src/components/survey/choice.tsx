/**
 * Single and multiple choice as full-width rows (not wheels or small chips): option labels run long (手机和电动车充电),
 * and a whole row is a thumb's target. Multiple choice counts what is chosen against its limits and, at the maximum,
 * says so instead of silently ignoring the tap; an exclusive option (暂时都不需要) clears the others and is cleared by
 * them, so the combination core would refuse cannot be made.
 */
import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import type { MultiQuestion, SingleQuestion, SurveyOption } from '@core/survey/definition'
import { isStringList } from '@core/survey/values'
import type { ControlProps } from './types'

interface RowProps {
  id: string
  option: SurveyOption
  on: boolean
  kind: 'radio' | 'checkbox'
  onTap: () => void
}

function OptionRow({ id, option, on, kind, onTap }: RowProps) {
  return (
    <View
      id={id}
      className={`survey-option survey-option--${kind}${on ? ' survey-option--on' : ''}`}
      data-on={on ? 'true' : 'false'}
      aria-role={kind}
      aria-checked={on}
      aria-label={option.label}
      hoverClass='survey-option--pressed'
      onClick={onTap}
    >
      <View className='survey-option__mark'>{on ? (kind === 'radio' ? '●' : '✓') : ''}</View>
      <Text className='survey-option__label'>{option.label}</Text>
    </View>
  )
}

const optionId = (idBase: string, value: string) => `${idBase}-opt-${value}`

export function SingleChoice({ question, value, onChange, idBase }: ControlProps<SingleQuestion>) {
  return (
    <View className='survey-options' aria-role='radiogroup' aria-label={question.title}>
      {question.options.map((option) => (
        <OptionRow key={option.value} id={optionId(idBase, option.value)} option={option} kind='radio' on={value === option.value} onTap={() => onChange(option.value)} />
      ))}
    </View>
  )
}

/** '最多选3项' / '至少选2项' / '选2到3项', or '' when there are no limits. */
export function selectLimitText(question: MultiQuestion): string {
  const { minSelect, maxSelect } = question
  if (minSelect !== undefined && maxSelect !== undefined) return minSelect === maxSelect ? `请选${minSelect}项` : `选${minSelect}到${maxSelect}项`
  if (maxSelect !== undefined) return `最多选${maxSelect}项`
  if (minSelect !== undefined) return `至少选${minSelect}项`
  return ''
}

/** The choice after tapping `tapped`: toggled, with exclusive options kept alone. */
export function toggleChoice(question: MultiQuestion, chosen: readonly string[], tapped: string): string[] {
  if (chosen.includes(tapped)) return chosen.filter((v) => v !== tapped)
  const option = question.options.find((o) => o.value === tapped)
  if (option?.exclusive) return [tapped]
  const exclusive = new Set(question.options.filter((o) => o.exclusive).map((o) => o.value))
  return question.options.map((o) => o.value).filter((v) => (v === tapped || chosen.includes(v)) && !exclusive.has(v))
}

export function MultiChoice({ question, value, onChange, idBase }: ControlProps<MultiQuestion>) {
  const chosen = isStringList(value) ? value : []
  // Set when a tap would go past the maximum; cleared by the next accepted tap.
  const [refused, setRefused] = useState(false)
  const limit = selectLimitText(question)

  const tap = (tapped: string) => {
    const next = toggleChoice(question, chosen, tapped)
    const exclusiveTap = question.options.find((o) => o.value === tapped)?.exclusive === true
    if (question.maxSelect !== undefined && next.length > question.maxSelect && !exclusiveTap) {
      setRefused(true)
      return
    }
    setRefused(false)
    onChange(next.length === 0 ? undefined : next)
  }

  return (
    <View>
      {limit ? (
        <View className={`survey-options__count${refused ? ' survey-options__count--refused' : ''}`} id={`${idBase}-count`} aria-live='polite'>
          {refused ? `最多只能选${question.maxSelect}项，先取消一项再选` : `${limit} · 已选${chosen.length}项`}
        </View>
      ) : null}
      <View className='survey-options' aria-role='group' aria-label={question.title}>
        {question.options.map((option) => (
          <OptionRow key={option.value} id={optionId(idBase, option.value)} option={option} kind='checkbox' on={chosen.includes(option.value)} onTap={() => tap(option.value)} />
        ))}
      </View>
    </View>
  )
}
