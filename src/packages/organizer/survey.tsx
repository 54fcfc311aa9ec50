/**
 * One questionnaire for its organizer: its state, version, responses and settings, and everything done with it —
 * 统计结果, 答卷, 导出 Excel, 走访录入, 编辑, 发布 / 结束, 复制. Publishing and ending ask first (both change what
 * respondents see); an edit of a published questionnaire becomes its next version (the builder says so).
 */
import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { GetSurveyDefinitionOutput } from '@core/api/survey'
import { allQuestions, isAnswerable, type SurveyDefinition } from '@core/survey'
import { formatDateTime } from '@core/time'
import { call } from '@/cloud/call'
import { useRefreshing, useRemote } from '@/cloud/use-remote'
import ConfirmDialog from '@/components/confirm-dialog'
import RemoteView from '@/components/remote-view'
import { useArrivalGuard } from '@/hooks/use-arrival-guard'
import { alertFail } from '@/platform/feedback'
import { useFileExport } from './export-sheet'
import OrganizerPage, { type RouteNeeds } from './organizer-page'
import { availabilityTag, openSurveyPage, settingsLines, surveyFacts, surveyUrl } from './survey-present'
import './survey.scss'

const NEEDS: RouteNeeds<'surveyId'> = { params: ['surveyId'], missing: { title: '没有找到这份问卷', description: '请从管理端的问卷列表进入。' } }

export default function SurveyManagePage() {
  return (
    <OrganizerPage className='survey-manage' needs={NEEDS}>
      {({ params, profile }) => <SurveyManager surveyId={params.surveyId} admin={profile.roles.includes('admin')} />}
    </OrganizerPage>
  )
}

type Pending = 'publish' | 'close' | 'duplicate' | 'reveal'

const CONFIRM: Record<Pending, { title: string; text: string; button: string; danger?: boolean }> = {
  publish: { title: '发布问卷', text: '发布后，大家就能在「问卷」里看到并填写；之后再修改会成为新的一版，已收到的答卷保留原来的版本。', button: '发布' },
  close: { title: '结束问卷', text: '结束后不再接受新的答卷（包括走访录入）。已收到的答卷、统计和清单都会保留。', button: '结束问卷', danger: true },
  duplicate: { title: '复制问卷', text: '复制出一份草稿，题目和设置都一样，答卷不会复制。可以修改后再发布。', button: '复制' },
  reveal: { title: '导出完整个人信息', text: '导出的表格将包含完整的手机号等个人信息，操作会被记录。请只在确有需要时使用，并妥善保管文件。', button: '导出', danger: true }
}

const questionCount = (definition: SurveyDefinition): number => allQuestions(definition).filter(isAnswerable).length

function SurveyManager({ surveyId, admin }: { surveyId: string; admin: boolean }) {
  const remote = useRemote(surveyId, () => call('survey', 'getDefinition', { surveyId }))
  useRefreshing(remote)
  const [pending, setPending] = useState<Pending | null>(null)
  const [busy, setBusy] = useState(false)
  const guard = useArrivalGuard()
  const masked = useFileExport(() => call('survey', 'export', { surveyId }), {
    done: '答卷已导出',
    label: '导出答卷',
    note: '手机号等个人信息已隐去部分。'
  })
  const revealed = useFileExport(() => call('survey', 'export', { surveyId, reveal: true }), {
    done: '答卷已导出（含完整个人信息）',
    label: '导出答卷',
    note: '含完整个人信息，请妥善保管。'
  })

  const act = async (what: Pending) => {
    if (what === 'reveal') {
      setPending(null)
      revealed.start()
      return
    }
    setBusy(true)
    const res = what === 'duplicate' ? await call('survey', 'duplicate', { surveyId }) : await call('survey', what, { surveyId })
    setBusy(false)
    setPending(null)
    if (!res.ok) {
      alertFail(CONFIRM[what].title, res)
      return
    }
    if (what === 'duplicate') {
      void Taro.showToast({ title: '已复制为草稿', icon: 'success' })
      void Taro.redirectTo({ url: surveyUrl('survey', { surveyId: res.data.survey._id }) })
      return
    }
    void Taro.showToast({ title: what === 'publish' ? '已发布' : '已结束', icon: 'success' })
    remote.update((data) => ({ ...data, survey: res.data.survey }))
    void remote.reload()
  }

  return (
    <RemoteView remote={remote} rows={8}>
      {(data) => (
        <>
          <Overview data={data} />
          <View className='survey-manage__grid' id='survey-actions'>
            <ActionTile id='survey-open-results' title='统计结果' text='每道题的图表，按身份、填写方式对比' onTap={guard(() => openSurveyPage('survey-results', { surveyId }))} />
            <ActionTile id='survey-open-responses' title='答卷' text={`${data.survey.responses} 份，个人信息隐去部分`} onTap={guard(() => openSurveyPage('survey-responses', { surveyId }))} />
            {data.definition.settings.channels.includes('proxy') && data.survey.status === 'published' ? (
              <ActionTile id='survey-open-visit' title='走访录入' text='替受访居民填写，断网也能先存' onTap={guard(() => openSurveyPage('survey-visit', { surveyId }))} />
            ) : null}
            <ActionTile id='survey-open-review' title='清单审核' text='答卷里的需求和资源，分类汇总' onTap={guard(() => openSurveyPage('survey-review', { venueId: data.survey.venueId }))} />
          </View>
          <View className='card'>
            <View className='card__title'>导出 Excel</View>
            <View className='card__text'>每道题一列，各版本的题目都在；手机号等个人信息默认隐去部分。</View>
            <View className='organizer__actions'>
              <Button className='org-tap' type='primary' id='survey-export' loading={masked.busy} onClick={masked.start}>
                导出答卷
              </Button>
              {admin ? (
                <Button className='org-tap' fill='outline' id='survey-export-reveal' loading={revealed.busy} onClick={guard(() => setPending('reveal'))}>
                  含完整个人信息
                </Button>
              ) : null}
            </View>
          </View>
          <View className='card'>
            <View className='card__title'>问卷内容</View>
            <View className='card__text'>
              {data.survey.status === 'draft' ? '草稿可以随意修改。' : '已发布的问卷修改后会成为新的一版，已收到的答卷保留原来的版本。'}
            </View>
            <View className='organizer__actions'>
              <Button className='org-tap' id='survey-edit' onClick={guard(() => openSurveyPage('survey-edit', { surveyId }))}>
                {data.survey.status === 'draft' ? '编辑' : '修改（新版本）'}
              </Button>
              {data.survey.status === 'draft' ? (
                <Button className='org-tap' type='primary' id='survey-publish' onClick={guard(() => setPending('publish'))}>
                  发布
                </Button>
              ) : null}
              {data.survey.status === 'published' ? (
                <Button className='org-tap' fill='outline' id='survey-close' onClick={guard(() => setPending('close'))}>
                  结束问卷
                </Button>
              ) : null}
              <Button className='org-tap' fill='outline' id='survey-duplicate' onClick={guard(() => setPending('duplicate'))}>
                复制
              </Button>
            </View>
          </View>
          <ConfirmDialog
            open={pending !== null}
            title={pending ? CONFIRM[pending].title : ''}
            confirmText={pending ? CONFIRM[pending].button : ''}
            danger={pending ? CONFIRM[pending].danger : false}
            busy={busy}
            onConfirm={() => pending && void act(pending)}
            onCancel={() => setPending(null)}
          >
            {pending ? CONFIRM[pending].text : ''}
          </ConfirmDialog>
          {masked.sheet}
          {revealed.sheet}
        </>
      )}
    </RemoteView>
  )
}

function Overview({ data }: { data: GetSurveyDefinitionOutput }) {
  const { survey, definition, versions } = data
  const tag = availabilityTag(survey.availability)
  const quotas = definition.settings.quotas ?? []
  return (
    <View className='card' id='survey-overview'>
      <View className='survey-manage__head'>
        <View className='card__title survey-manage__title'>{survey.title}</View>
        <Text className={`org-row__tag${tag.muted ? ' org-row__tag--muted' : ''}`} id='survey-state'>
          {tag.text}
        </Text>
      </View>
      <View className='card__text' id='survey-facts'>
        {`${surveyFacts(survey)} · ${questionCount(definition)} 道题${versions.length > 1 ? ` · 共 ${versions.length} 个版本` : ''}`}
      </View>
      {settingsLines(definition).map((line) => (
        <View key={line} className='organizer__muted'>
          {line}
        </View>
      ))}
      {quotas.length > 0 ? (
        <View className='organizer__muted'>
          {`已用名额：${quotas.map((quota) => `${quota.label} ${survey.quotaCounts[quota.id] ?? 0}/${quota.limit}`).join('，')}`}
        </View>
      ) : null}
      {survey.publishedAt !== undefined ? <View className='organizer__muted'>{`发布于 ${formatDateTime(survey.publishedAt)}`}</View> : null}
      {survey.closedAt !== undefined ? <View className='organizer__muted'>{`结束于 ${formatDateTime(survey.closedAt)}`}</View> : null}
    </View>
  )
}

function ActionTile({ id, title, text, onTap }: { id: string; title: string; text: string; onTap: () => void }) {
  return (
    <View className='survey-manage__tile' id={id} aria-role='link' hoverClass='org-row--pressed' onClick={onTap}>
      <Text className='survey-manage__tile-title'>{title}</Text>
      <Text className='survey-manage__tile-text'>{text}</Text>
    </View>
  )
}
