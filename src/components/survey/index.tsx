/**
 * The question renderers: every questionnaire question type, drawn natively with Taro components (NutUI for buttons
 * and sheets), in the MAIN package because three subpackages render questions — the respondent's filling page
 * (packages/survey), and the organizer's visit entry and builder preview (packages/organizer) — and WeChat
 * subpackages cannot import from each other.
 *
 * One question:
 *
 *   <QuestionField question={q} value={answers[q.id]} onChange={(v) => form.change(q.id, v)}
 *     onSettle={() => form.settle(q.id)} error={form.errors[q.id]} now={now} mode='self'
 *     uploadFolder={`survey-images/${surveyId}`} onBusy={(busy) => form.setBusy(q.id, busy)} number={i + 1} />
 *
 * A page of them, wired to the form state that decides what is visible and what to complain about (./form.ts):
 *
 *   const form = useSurveyForm(definition, { now, initial: draft?.answers })
 *   <QuestionList form={form} now={now} mode='proxy' uploadFolder='survey-images/…' />
 *   form.next() / form.back() / form.checkAll() on 下一页 / 上一页 / 提交
 *
 * Modes (types.ts): 'self' for respondents; 'proxy' for an organizer entering a visit — the consent toggle records the
 * resident's spoken agreement; 'preview' for the builder — everything reacts, nothing is uploaded. `readOnly` shows
 * each answer as text (core displayAnswer, unmasked: whoever holds the answers may read them) without controls.
 *
 * Element ids, for tests and the e2e flows: the question `#q-<id>`, its error `#q-<id>-error`, options
 * `#q-<id>-opt-<value>`, typed inputs `#q-<id>-input`, rating scores `#q-<id>-score-<n>`, consent `#q-<id>-agree`.
 *
 * Problems come from core only (checkAnswer after input, answerProblems on 下一页/提交), so the page says exactly what
 * the function would refuse, in the same words.
 */
import { Image, Text, View } from '@tarojs/components'
import type { Question } from '@core/survey/definition'
import { displayAnswer } from '@core/survey/display'
import { isEmptyAnswer, isStringList, type AnswerValue } from '@core/survey/values'
import { fileUrl } from '@/cloud/call'
import { MultiChoice, SingleChoice } from './choice'
import { ConsentAnswer } from './consent'
import { DateAnswer } from './date'
import type { SurveyForm } from './form'
import { ImageAnswer } from './image'
import { LocationAnswer } from './location'
import { RatingAnswer } from './rating'
import { RegionAnswer } from './region'
import { NumberAnswer, TextareaAnswer, TextAnswer } from './text'
import type { ControlProps, QuestionFieldProps, RendererMode } from './types'
import './index.scss'

export type { QuestionFieldProps, RendererMode } from './types'
export { useSurveyForm, type SurveyForm, type SurveyFormOptions, type NextStep } from './form'

function Control({ question, ...props }: ControlProps) {
  switch (question.type) {
    case 'single':
      return <SingleChoice {...props} question={question} />
    case 'multi':
      return <MultiChoice {...props} question={question} />
    case 'text':
      return <TextAnswer {...props} question={question} />
    case 'textarea':
      return <TextareaAnswer {...props} question={question} />
    case 'number':
      return <NumberAnswer {...props} question={question} />
    case 'date':
      return <DateAnswer {...props} question={question} />
    case 'rating':
      return <RatingAnswer {...props} question={question} />
    case 'region':
      return <RegionAnswer {...props} question={question} />
    case 'location':
      return <LocationAnswer {...props} question={question} />
    case 'image':
      return <ImageAnswer {...props} question={question} />
    case 'consent':
      return <ConsentAnswer {...props} question={question} />
    case 'note':
      return null
  }
}

/** The answer as text, or the photos, for `readOnly`. */
function AnswerText({ question, value, idBase }: { question: Question; value: unknown; idBase: string }) {
  if (isEmptyAnswer(value)) return <View className='survey-answer survey-answer--empty'>未回答</View>
  if (question.type === 'image' && isStringList(value)) {
    return (
      <View className='survey-images__grid'>
        {value.map((fileID) => (
          <View key={fileID} className='survey-images__tile'>
            <Image className='survey-images__photo' src={fileUrl(fileID)} mode='aspectFill' />
          </View>
        ))}
      </View>
    )
  }
  return (
    <View className='survey-answer' id={`${idBase}-answer`}>
      {displayAnswer(question, value as AnswerValue)}
    </View>
  )
}

export function QuestionField(props: QuestionFieldProps) {
  const { question, error, number, readOnly, ...rest } = props
  const idBase = `q-${question.id}`
  const note = question.type === 'note'
  return (
    <View className={`survey-question survey-question--${question.type}${error ? ' survey-question--invalid' : ''}`} id={idBase} data-type={question.type}>
      <View className={note ? 'survey-question__note-title' : 'survey-question__title'}>
        {number !== undefined && !note ? <Text className='survey-question__number'>{`${number}. `}</Text> : null}
        <Text>{question.title}</Text>
        {question.required && !note ? (
          <Text className='survey-question__required' aria-label='必答'>
            {' *'}
          </Text>
        ) : null}
      </View>
      {question.description ? <View className='survey-question__description'>{question.description}</View> : null}
      {note ? null : readOnly ? (
        <AnswerText question={question} value={props.value} idBase={idBase} />
      ) : (
        <Control {...rest} question={question} idBase={idBase} invalid={error !== undefined} />
      )}
      {error ? (
        <View className='survey-question__error' id={`${idBase}-error`} aria-live='polite'>
          {error}
        </View>
      ) : null}
    </View>
  )
}

export interface QuestionListProps {
  form: SurveyForm
  now: number
  mode?: RendererMode
  readOnly?: boolean
  uploadFolder?: string
}

/** The visible questions of the form's current page, numbered across the whole questionnaire as it is now walked. */
export function QuestionList({ form, now, mode = 'self', readOnly, uploadFolder }: QuestionListProps) {
  return (
    <View className='survey-questions'>
      {form.questions.map((question) => (
        <QuestionField
          key={question.id}
          question={question}
          value={form.answers[question.id]}
          onChange={(value) => form.change(question.id, value)}
          onSettle={() => form.settle(question.id)}
          onBusy={(busy) => form.setBusy(question.id, busy)}
          error={form.errors[question.id]}
          number={form.numbers[question.id]}
          now={now}
          mode={mode}
          readOnly={readOnly}
          uploadFolder={uploadFolder}
        />
      ))}
    </View>
  )
}
