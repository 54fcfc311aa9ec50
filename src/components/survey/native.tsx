/**
 * The question renderers with their form state as one native custom component (built by `taro build
 * native-components`, listed under `components` in app.config.ts), for the component tests: it renders the current
 * page of `definition` (checked by core, defaults filled), reports every change of the answers as an `answers` event,
 * and has 下一页 / 提交 standing in for the filling page's buttons, reporting what they led to as a `step` event.
 */
import { useEffect, useMemo } from 'react'
import { View } from '@tarojs/components'
import { checkDefinition, type SurveyDefinition } from '@core/survey/definition'
import { QuestionList, useSurveyForm, type RendererMode } from './index'
import type { RawAnswers } from './form'

interface NativeScope {
  triggerEvent(name: string, detail: unknown): void
}

export interface NativeSurveyProps {
  definition?: unknown
  initial?: RawAnswers
  now?: number
  mode?: RendererMode
  readOnly?: boolean
  $scope?: NativeScope
}

function Form({ definition, initial, now, mode, readOnly, $scope }: Omit<NativeSurveyProps, 'definition'> & { definition: SurveyDefinition; now: number }) {
  const form = useSurveyForm(definition, { now, initial })
  useEffect(() => {
    $scope?.triggerEvent('answers', { answers: form.answers })
  }, [form.answers, $scope])
  return (
    <View>
      <View className='native-survey__page' id='native-page' data-page={form.page.id}>
        {`${form.progress.page}/${form.progress.pages}`}
      </View>
      <QuestionList form={form} now={now} mode={mode} readOnly={readOnly} />
      <View className='native-survey__next' id='native-next' onClick={() => $scope?.triggerEvent('step', form.isLast ? form.checkAll() : form.next())}>
        {form.isLast ? '提交' : '下一页'}
      </View>
    </View>
  )
}

export default function NativeSurvey({ definition, now, ...rest }: NativeSurveyProps) {
  const checked = useMemo(() => checkDefinition(definition), [definition])
  if (!checked.ok) return <View id='native-invalid'>{`${checked.message} (${checked.field ?? ''})`}</View>
  return <Form {...rest} definition={checked.value} now={now ?? Date.UTC(2026, 10, 25, 2)} />
}
