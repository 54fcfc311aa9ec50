/**
 * The thank-you after submitting (`thanks?id=<surveyId>`): that it went through, and what happens next in the
 * questionnaire's own words (core thanksFor, sent back by submit) — the needs list, who calls back — then where to go.
 * Opened right after a submit it shows at once (handoff); opened any other way it loads the questionnaire.
 * A submit that found an earlier one (another device, a retry) says so plainly instead of pretending it was new.
 */
import Taro, { useRouter } from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { DEFAULT_THANKS } from '@core/survey/model'
import { call } from '@/cloud/call'
import { useRemote } from '@/cloud/use-remote'
import PageShell from '@/components/page-shell'
import RemoteView from '@/components/remote-view'
import { EmptyView } from '@/components/state-view'
import { useArrivalGuard } from '@/hooks/use-arrival-guard'
import { takeHandoff, type Submitted } from './handoff'
import { backToList } from './navigation'
import './thanks.scss'

export default function ThanksPage() {
  const { params } = useRouter()
  const surveyId = params.id ?? ''
  const handed = takeHandoff(surveyId)
  const remote = useRemote(surveyId && !handed ? surveyId : null, async () => {
    const res = await call('survey', 'get', { surveyId })
    if (!res.ok) return res
    const { survey } = res.data
    const submitted: Submitted = {
      surveyId,
      title: survey.title,
      thanks: survey.thanks ?? DEFAULT_THANKS,
      replayed: false,
      another: survey.settings.limit === 'unlimited'
    }
    return { ok: true, data: submitted }
  })
  return (
    <PageShell className='survey-thanks'>
      {handed ? (
        <Thanks submitted={handed} />
      ) : surveyId ? (
        <RemoteView remote={remote} rows={4}>
          {(submitted) => <Thanks submitted={submitted} />}
        </RemoteView>
      ) : (
        <EmptyView title='没有找到这份问卷' description='请从问卷列表进入。' />
      )}
    </PageShell>
  )
}

function Thanks({ submitted }: { submitted: Submitted }) {
  // Arrives where 提交 was tapped: a hurried second tap must not take the person straight off again.
  const guard = useArrivalGuard()
  return (
    <View className='card survey-thanks__card' id='survey-thanks' aria-live='polite'>
      <View className='survey-thanks__badge'>✓</View>
      <View className='survey-thanks__title'>{submitted.replayed ? '这份问卷你已经提交过了' : '提交成功'}</View>
      <View className='survey-thanks__survey'>{submitted.title}</View>
      {submitted.replayed ? <View className='survey-thanks__text'>之前的回答已经收到，这次没有重复记录。</View> : null}
      <View className='survey-thanks__next'>
        <View className='survey-thanks__next-title'>接下来</View>
        <View className='survey-thanks__text' id='survey-thanks-text'>
          {submitted.thanks}
        </View>
      </View>
      <View className='survey-thanks__actions'>
        {submitted.another ? (
          <Button
            className='survey-thanks__button'
            id='survey-fill-again'
            fill='outline'
            type='primary'
            onClick={guard(() => void Taro.redirectTo({ url: `/packages/survey/fill?id=${encodeURIComponent(submitted.surveyId)}` }))}
          >
            再填一份
          </Button>
        ) : null}
        <Button className='survey-thanks__button' id='survey-more' fill='outline' type='primary' onClick={guard(backToList)}>
          看看其他问卷
        </Button>
        <Button className='survey-thanks__button' id='survey-home' type='primary' onClick={guard(() => void Taro.switchTab({ url: '/pages/home/index' }))}>
          回到首页
        </Button>
      </View>
    </View>
  )
}
