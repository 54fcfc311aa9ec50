/**
 * 预览: the questionnaire as a respondent will see it, through the very renderers and form state of the filling page
 * (components/survey, mode 'preview': everything reacts, nothing is uploaded or sent). Show-if branches appear and
 * disappear as the organizer answers, 下一页 checks a page as it will for respondents, and 提交 stops at saying the
 * preview is complete. A definition with problems cannot be walked as respondents would; the preview says so and
 * points to them.
 */
import { useMemo } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { checkDefinition, type SurveyDefinition } from '@core/survey'
import { QuestionList, useSurveyForm } from '@/components/survey'

export default function SurveyPreview({ def, now }: { def: SurveyDefinition; now: number }) {
  const checked = useMemo(() => checkDefinition(def), [def])
  if (!checked.ok) {
    return (
      <View className='card' id='builder-preview-invalid'>
        <View className='card__title'>还不能预览</View>
        <View className='card__text'>{`问卷还有需要修改的地方：${checked.message}`}</View>
        <View className='organizer__muted'>回到「题目」或「设置」，按红字修改后再预览。</View>
      </View>
    )
  }
  // A changed questionnaire starts a fresh walk: answers to questions that changed would mislead.
  return <PreviewForm key={JSON.stringify(checked.value)} def={checked.value} now={now} />
}

function PreviewForm({ def, now }: { def: SurveyDefinition; now: number }) {
  const form = useSurveyForm(def, { now })
  const step = () => {
    const result = form.isLast ? form.checkAll() : form.next()
    if (result.kind === 'blocked') void Taro.showToast({ title: result.message, icon: 'none' })
    else if (result.kind === 'end') void Taro.showToast({ title: '预览完成，不会提交', icon: 'none' })
  }
  return (
    <View className='builder-preview' id='builder-preview'>
      <View className='builder-preview__banner'>预览：和大家看到的一样，答案不会保存</View>
      <View className='card'>
        <View className='card__title'>{def.title}</View>
        {def.intro ? <View className='card__text'>{def.intro}</View> : null}
        <View className='organizer__muted' id='builder-preview-progress'>{`第 ${form.progress.page}/${form.progress.pages} 页 · 已答 ${form.progress.answered}/${form.progress.questions}`}</View>
      </View>
      <View className='card'>
        {form.page.title ? <View className='card__title'>{form.page.title}</View> : null}
        <QuestionList form={form} now={now} mode='preview' />
      </View>
      <View className='organizer__actions'>
        {!form.isFirst ? (
          <Button className='tap-target' fill='outline' id='builder-preview-back' onClick={form.back}>
            上一页
          </Button>
        ) : null}
        <Button className='tap-target' type='primary' id='builder-preview-next' onClick={step}>
          {form.isLast ? '提交（预览）' : '下一页'}
        </Button>
      </View>
    </View>
  )
}
