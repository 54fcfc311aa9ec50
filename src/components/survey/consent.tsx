/**
 * A consent question (PIPL art. 29: a separate consent before sensitive questions): the statement in full — what is
 * collected, why, who sees it, how long it is kept — and an explicit 同意 toggle, off until tapped. The questions that
 * depend on it appear only once it is on (core walk). In a visit entry the organizer records that the resident agreed
 * aloud after hearing it, so the toggle says that instead.
 */
import { Text, View } from '@tarojs/components'
import type { ConsentQuestion } from '@core/survey/definition'
import type { ControlProps } from './types'

export function ConsentAnswer({ question, value, onChange, onSettle, mode, idBase }: ControlProps<ConsentQuestion>) {
  const on = value === true
  const words = mode === 'proxy' ? '已向受访者读过以上内容，受访者口头同意' : '我已阅读并同意以上内容'
  return (
    <View className='survey-consent'>
      <View className='survey-consent__statement' id={`${idBase}-statement`}>
        {question.statement}
      </View>
      <View
        className={`survey-consent__toggle${on ? ' survey-consent__toggle--on' : ''}`}
        id={`${idBase}-agree`}
        data-on={on ? 'true' : 'false'}
        aria-role='checkbox'
        aria-checked={on}
        hoverClass='survey-option--pressed'
        onClick={() => {
          onChange(on ? undefined : true)
          onSettle?.()
        }}
      >
        <View className='survey-consent__box'>{on ? '✓' : ''}</View>
        <Text className='survey-consent__words'>{words}</Text>
      </View>
    </View>
  )
}
