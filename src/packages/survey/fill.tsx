/**
 * Filling a questionnaire (`fill?id=<surveyId>`), page by page, for someone in a hurry on a weak connection:
 *   - the first page says what the questionnaire is for, until when, and what personal information it asks;
 *   - every change is kept on the phone at once and saved to the server's draft as it goes (draft-saver), so closing
 *     the app, losing signal or picking up another phone loses nothing; reopening resumes where the answers stop;
 *   - show-if, page jumps, numbering, progress and every problem come from core, exactly as the function decides;
 *   - 提交 is idempotent: the filling's clientId (made once, kept with the draft) makes a retried or double-tapped
 *     submit the same response; a one-per-person questionnaire already submitted shows 已提交 instead of the form.
 * The bar's buttons sit where the previous page's 下一页 was, so a hurried second tap on it is dropped (the tap guard),
 * never landing on 提交 by accident.
 */
import { useMemo, useRef, useState, type ReactNode } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { DraftView, GetSurveyOutput, SurveyView } from '@core/api/survey'
import type { Fail } from '@core/api/result'
import { RESPONSE_LIMIT_LABELS } from '@core/survey/definition'
import { DEFAULT_THANKS, unavailableMessage } from '@core/survey/model'
import { call } from '@/cloud/call'
import { newRequestId } from '@/cloud/request-id'
import { useRemote } from '@/cloud/use-remote'
import PageShell from '@/components/page-shell'
import RemoteView from '@/components/remote-view'
import { EmptyView } from '@/components/state-view'
import { QuestionList, useSurveyForm, type NextStep } from '@/components/survey'
import { useArrivalGuard } from '@/hooks/use-arrival-guard'
import { useNow } from '@/hooks/use-now'
import { alertFail } from '@/platform/feedback'
import { clearLocalDraft, readLocalDraft, useDraftSaver } from './draft-saver'
import { handOff } from './handoff'
import { backToList } from './navigation'
import { piiNotice, saveStateText, whenText } from './present'
import { startingPoint } from './resume'
import './fill.scss'

export default function FillPage() {
  const { params } = useRouter()
  const surveyId = params.id ?? ''
  const remote = useRemote(surveyId || null, () => call('survey', 'get', { surveyId }))
  return (
    <PageShell className='survey-fill'>
      {surveyId ? (
        <RemoteView remote={remote} rows={8}>
          {(data) => <FillBody key={`${data.survey.version}-${data.submitted ? 'done' : 'open'}`} data={data} reload={() => void remote.reload()} />}
        </RemoteView>
      ) : (
        <EmptyView title='没有找到这份问卷' description='请从问卷列表进入。' />
      )}
    </PageShell>
  )
}

function FillBody({ data, reload }: { data: GetSurveyOutput; reload: () => void }) {
  const { survey, draft, submitted } = data
  const now = useNow(60_000)
  if (submitted) {
    return (
      <Notice id='survey-submitted' title='你已经提交过这份问卷' survey={survey}>
        <View className='survey-fill__notice-text'>{`提交时间：${whenText(submitted.submittedAt, now)}。这份问卷每人只填一次，不用再填了。`}</View>
        <View className='survey-fill__notice-text'>{survey.thanks ?? DEFAULT_THANKS}</View>
      </Notice>
    )
  }
  if (survey.availability !== 'open') {
    return (
      <Notice id='survey-unavailable' title='现在不能填写' survey={survey}>
        <View className='survey-fill__notice-text'>{unavailableMessage(survey.availability, survey)}</View>
      </Notice>
    )
  }
  if (!survey.settings.channels.includes('self')) {
    return (
      <Notice id='survey-proxy-only' title='这份问卷由工作人员填写' survey={survey}>
        <View className='survey-fill__notice-text'>服务中心的工作人员会在走访时和你一起填写，不需要自己填。</View>
      </Notice>
    )
  }
  return <Filling survey={survey} draft={draft} onRefused={reload} />
}

function Notice({ id, title, survey, children }: { id: string; title: string; survey: SurveyView; children: ReactNode }) {
  return (
    <View className='card survey-fill__notice' id={id}>
      <View className='survey-fill__survey-title'>{survey.title}</View>
      <View className='card__title'>{title}</View>
      {children}
      <Button className='survey-fill__notice-button' type='primary' fill='outline' id='survey-back-to-list' onClick={backToList}>
        看看其他问卷
      </Button>
    </View>
  )
}

/** Held from a tap until its request answers: the next tap sees it at once, where state would catch up a render later. */
function useLatch() {
  const latch = useRef(false)
  return useMemo(
    () => ({
      held: () => latch.current,
      hold: () => void (latch.current = true),
      release: () => void (latch.current = false)
    }),
    []
  )
}

function Filling({ survey, draft, onRefused }: { survey: SurveyView; draft?: DraftView; onRefused: () => void }) {
  // A minute is fine enough for relative date bounds.
  const now = useNow(60_000)
  const [start] = useState(() => startingPoint(draft, readLocalDraft(survey._id), newRequestId))
  const form = useSurveyForm(survey, { now, initial: start.answers })
  const refused = (fail: Fail) => {
    void Taro.showToast({ title: fail.message, icon: 'none' })
    onRefused()
  }
  const saver = useDraftSaver({
    surveyId: survey._id,
    version: survey.version,
    clientId: start.clientId,
    definition: survey,
    answers: form.answers,
    savedAt: start.resumed?.savedAt,
    unsaved: start.resumed?.unsaved,
    onRefused: refused
  })
  // A second tap while submitting does nothing; were it to get through, the clientId makes it the same response.
  const [submitting, setSubmitting] = useState(false)
  const inFlight = useLatch()
  const guard = useArrivalGuard(form.page.id)
  const { progress } = form
  // The resumed note speaks of the page the filling picked up on, so it stands on that page only.
  const [resumedOn] = useState(form.page.id)

  const showProblem = (step: Extract<NextStep, { kind: 'blocked' }>) => {
    void Taro.showToast({ title: step.message, icon: 'none' })
    if (step.questionId) void Taro.pageScrollTo({ selector: `#q-${step.questionId}`, offsetTop: -80, duration: 200 })
  }

  const toTop = () => void Taro.pageScrollTo({ scrollTop: 0, duration: 0 })

  const submit = async () => {
    if (inFlight.held()) return
    const check = form.checkAll()
    if (check.kind === 'blocked') {
      showProblem(check)
      return
    }
    inFlight.hold()
    setSubmitting(true)
    saver.stop()
    const res = await call('survey', 'submit', { surveyId: survey._id, answers: form.answers, clientId: start.clientId, version: survey.version })
    if (!res.ok) {
      inFlight.release()
      setSubmitting(false)
      saver.resume()
      alertFail('没能提交', res)
      return
    }
    clearLocalDraft(survey._id)
    handOff({
      surveyId: survey._id,
      title: survey.title,
      thanks: res.data.thanks,
      replayed: res.data.replayed,
      another: survey.settings.limit === 'unlimited'
    })
    void Taro.redirectTo({ url: `/packages/survey/thanks?id=${encodeURIComponent(survey._id)}` })
  }

  const next = () => {
    if (form.isLast) {
      void submit()
      return
    }
    const step = form.next()
    if (step.kind === 'blocked') showProblem(step)
    else if (step.kind === 'page') {
      saver.flush()
      toTop()
    } else void submit()
  }

  const back = () => {
    form.back()
    saver.flush()
    toTop()
  }

  return (
    <View className='survey-fill__form'>
      <View className='survey-fill__progress' id='survey-progress'>
        <View className='survey-fill__progress-line'>
          <Text>{`第 ${progress.page}/${progress.pages} 页 · 已答 ${progress.answered}/${progress.questions}`}</Text>
          <Text className={`survey-fill__saved survey-fill__saved--${saver.state.kind}`} id='survey-saved'>
            {saveStateText(saver.state)}
          </Text>
        </View>
        <View className='survey-fill__bar' aria-hidden>
          <View className='survey-fill__bar-fill' style={{ width: `${progress.percent}%` }} />
        </View>
      </View>

      {progress.page === 1 ? (
        <View className='card survey-fill__intro' id='survey-intro'>
          <View className='survey-fill__survey-title'>{survey.title}</View>
          {survey.intro ? <View className='card__text'>{survey.intro}</View> : null}
          <View className='survey-fill__facts'>
            <Text>{RESPONSE_LIMIT_LABELS[survey.settings.limit]}</Text>
            {survey.settings.closeAt !== undefined ? <Text>{`${whenText(survey.settings.closeAt, now)} 截止`}</Text> : null}
          </View>
          <View className='survey-fill__pii' id='survey-pii'>
            {piiNotice(survey.collects)}
          </View>
        </View>
      ) : null}

      {start.resumed && form.page.id === resumedOn ? (
        <View className='survey-fill__resumed' id='survey-resumed'>
          {start.resumed.savedAt !== undefined && !start.resumed.unsaved
            ? `已接着你 ${whenText(start.resumed.savedAt, now)} 保存的内容继续填写`
            : '已恢复你在这台手机上没保存完的内容'}
        </View>
      ) : null}

      <View className='card survey-fill__page' id={`survey-page-${form.page.id}`}>
        {form.page.title ? <View className='survey-fill__page-title'>{form.page.title}</View> : null}
        {form.page.description ? <View className='card__text'>{form.page.description}</View> : null}
        <QuestionList form={form} now={now} mode='self' uploadFolder={`survey-images/${survey._id}`} />
      </View>

      <View className='survey-fill__actions'>
        {form.isFirst ? null : (
          <Button className='survey-fill__button survey-fill__button--back' id='survey-back' fill='outline' disabled={submitting} onClick={guard(back)}>
            上一页
          </Button>
        )}
        <Button
          className='survey-fill__button survey-fill__button--next'
          id={form.isLast ? 'survey-submit' : 'survey-next'}
          type='primary'
          loading={submitting || form.busy}
          disabled={submitting}
          onClick={guard(next)}
        >
          {form.isLast ? (submitting ? '正在提交' : '提交') : '下一页'}
        </Button>
      </View>
    </View>
  )
}
