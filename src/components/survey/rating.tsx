/**
 * Ratings as rows of big targets, one tap each: five stars for a 1–5 scale, numbered boxes for 0–10 (eleven boxes do
 * not fit one 390 px row at 44 px each, so they wrap 0–5 over 6–10). The question's own words for the ends (不满意 …
 * 很满意) sit under them, and the chosen score is said in words beside the stars.
 */
import { Text, View } from '@tarojs/components'
import { RATING_RANGE, type RatingQuestion } from '@core/survey/definition'
import type { ControlProps } from './types'

export function RatingAnswer({ question, value, onChange, onSettle, idBase }: ControlProps<RatingQuestion>) {
  const { min, max } = RATING_RANGE[question.scale]
  const chosen = typeof value === 'number' ? value : undefined
  const scores = Array.from({ length: max - min + 1 }, (_, i) => min + i)
  const stars = question.scale === '1-5'
  const pick = (score: number) => {
    onChange(score)
    onSettle?.()
  }
  return (
    <View className={`survey-rating survey-rating--${stars ? 'stars' : 'scale'}`}>
      <View className='survey-rating__row' aria-role='radiogroup' aria-label={question.title}>
        {scores.map((score) => {
          const on = stars ? chosen !== undefined && score <= chosen : chosen === score
          return (
            <View
              key={score}
              id={`${idBase}-score-${score}`}
              className={`survey-rating__item${on ? ' survey-rating__item--on' : ''}${chosen === score ? ' survey-rating__item--chosen' : ''}`}
              aria-role='radio'
              aria-checked={chosen === score}
              aria-label={`${score}分`}
              onClick={() => pick(score)}
            >
              {stars ? '★' : score}
            </View>
          )
        })}
        {stars ? (
          <Text className='survey-rating__chosen' id={`${idBase}-chosen`}>
            {chosen === undefined ? '' : `${chosen}分`}
          </Text>
        ) : null}
      </View>
      {question.lowLabel || question.highLabel ? (
        <View className='survey-rating__ends'>
          <Text>{question.lowLabel ? `${min}分 ${question.lowLabel}` : ''}</Text>
          <Text>{question.highLabel ? `${max}分 ${question.highLabel}` : ''}</Text>
        </View>
      ) : null}
    </View>
  )
}
