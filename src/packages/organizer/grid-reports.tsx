/**
 * 随手拍处置 (the centre's handler): the reports of their centres by status — 待处理 first, with a map of the ones still
 * being handled — each with who reported it (a 兼职网格员's 网点), how many duplicates it carries, and the steps its
 * status allows: 派单 to a person or department, 办结 with a photo of the result (required), 退回 with a reason. Every
 * step tells the reporter (the function queues the message). A step in flight locks that report's buttons, and a second
 * tap on the same spot right after is dropped (useArrivalGuard), so a double tap takes one step.
 */
import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Image, Input, Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { HandledReport, ListReportsOutput } from '@core/api/community'
import { REPORT_STATUS_LABELS, REPORT_TRANSITIONS, type ReportStatus, type ReportStep } from '@core/community/grid'
import { call, fileUrl } from '@/cloud/call'
import { useRefreshing, useRemote, type RemoteHandle } from '@/cloud/use-remote'
import ReportCard from '@/components/report-card'
import RemoteView from '@/components/remote-view'
import SegmentedTabs from '@/components/segmented-tabs'
import { useArrivalGuard } from '@/hooks/use-arrival-guard'
import { pickPhotos } from '@/platform/photos'
import GridMap from './grid-map'
import OrganizerPage from './organizer-page'
import './grid-pages.scss'

type Tab = 'open' | 'assigned' | 'resolved' | 'all'
const TABS: readonly { key: Tab; label: string }[] = [
  { key: 'open', label: '待处理' },
  { key: 'assigned', label: '处置中' },
  { key: 'resolved', label: '已解决' },
  { key: 'all', label: '全部' }
]

const STEP_LABELS: Readonly<Record<ReportStep, string>> = { assign: '派单', resolve: '办结', reject: '退回' }

/** The steps a handler may take on a report in `status` (core's transition table). */
const stepsOf = (status: ReportStatus): ReportStep[] => [...new Set(REPORT_TRANSITIONS.filter((t) => t.from === status && t.by === 'handler').map((t) => t.step))]

export default function GridReportsPage() {
  return <OrganizerPage className='grid'>{() => <Reports />}</OrganizerPage>
}

function Reports() {
  const [tab, setTab] = useState<Tab>('open')
  const remote = useRemote(`grid-reports-${tab}`, () => call('community', 'listReports', tab === 'all' ? {} : { status: tab }))
  useRefreshing(remote)

  return (
    <View id='grid-reports'>
      <SegmentedTabs tabs={TABS} value={tab} onChange={setTab} idPrefix='grid-tab' />
      <RemoteView
        remote={remote}
        rows={6}
        empty={{ when: ({ items }) => items.length === 0, title: `没有${TABS.find((t) => t.key === tab)?.label ?? ''}的上报`, description: '骑手和居民随手拍上报的问题会出现在这里。' }}
      >
        {({ items, points }) => (
          <>
            {points.length > 0 ? (
              <View className='card'>
                <View className='card__title'>{`还在处理的问题（${points.length}）`}</View>
                <GridMap
                  points={points}
                  onSelect={(p) => void Taro.pageScrollTo({ selector: `#grid-report-${p._id}`, duration: 200 })}
                />
              </View>
            ) : null}
            {items.map((item) => (
              <HandledCard key={item._id} report={item} n={points.findIndex((p) => p._id === item._id) + 1 || undefined} remote={remote} />
            ))}
          </>
        )}
      </RemoteView>
    </View>
  )
}

interface CardProps {
  report: HandledReport
  /** Its number on the map, when it is drawn there. */
  n?: number
  remote: RemoteHandle<ListReportsOutput>
}

function HandledCard({ report, n, remote }: CardProps) {
  const [step, setStep] = useState<ReportStep | null>(null)
  const [text, setText] = useState('')
  const [photo, setPhoto] = useState<string | null>(null)
  const [busy, setBusy] = useState<'photo' | 'step' | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const guard = useArrivalGuard(step ?? 'list')
  const steps = stepsOf(report.status)

  const open = (next: ReportStep) => {
    setStep(step === next ? null : next)
    setText(next === 'assign' ? report.assignee ?? '' : '')
    setPhoto(null)
    setProblem(null)
  }

  const pickPhoto = async () => {
    setBusy('photo')
    const [uploaded] = await pickPhotos(1, 'grid-resolutions')
    setBusy(null)
    if (uploaded) {
      setPhoto(uploaded)
      setProblem(null)
    }
  }

  const take = async () => {
    if (!step || busy) return
    const words = text.trim()
    const missing = !words ? `请填写${step === 'assign' ? '处置人或部门' : step === 'resolve' ? '处理结果' : '退回原因'}` : step === 'resolve' && !photo ? '办结需要一张处理后的照片' : null
    if (missing) {
      setProblem(missing)
      void Taro.showToast({ title: missing, icon: 'none' })
      return
    }
    setBusy('step')
    const res =
      step === 'assign'
        ? await call('community', 'assignReport', { reportId: report._id, assignee: words })
        : step === 'resolve'
          ? await call('community', 'resolveReport', { reportId: report._id, note: words, photo: photo ?? '' })
          : await call('community', 'rejectReport', { reportId: report._id, reason: words })
    setBusy(null)
    if (!res.ok) {
      setProblem(res.message)
      if (res.code === 'CONFLICT') void remote.reload()
      return
    }
    void Taro.showToast({ title: `已${STEP_LABELS[step]}，已通知上报人`, icon: 'none' })
    setStep(null)
    void remote.reload()
  }

  const reporter = `${n ? `#${n} · ` : ''}上报人：${report.reporter.nickname}${report.member ? `（兼职网格员${report.reporter.outlet ? ` · ${report.reporter.outlet}` : ''}）` : '（非网格员）'}${report.duplicates > 0 ? ` · 合并了 ${report.duplicates} 条重复上报` : ''}`

  return (
    <ReportCard report={report} extra={<Text className='grid-board__reporter'>{reporter}</Text>}>
      {steps.length > 0 ? (
        <View className='grid-board__buttons'>
          {steps.map((s) => (
            <Button
              key={s}
              className='tap-target'
              id={`grid-${s}-${report._id}`}
              type={s === 'resolve' ? 'primary' : 'default'}
              fill={step === s ? 'solid' : 'outline'}
              disabled={busy === 'step'}
              onClick={guard(() => open(s))}
            >
              {STEP_LABELS[s]}
            </Button>
          ))}
        </View>
      ) : null}
      {step ? (
        <View className='grid-board__form' id={`grid-form-${report._id}`}>
          {step === 'assign' ? (
            <Input className='grid__input' id={`grid-assignee-${report._id}`} value={text} placeholder='处置人或部门，例如：社区物业' onInput={(e) => setText(e.detail.value)} />
          ) : (
            <Textarea
              className='grid__textarea'
              id={`grid-note-${report._id}`}
              value={text}
              maxlength={-1}
              placeholder={step === 'resolve' ? '怎么处理的，例如：已拆除飞线，引导到充电桩充电' : '为什么退回，例如：不属于本社区，已转交'}
              onInput={(e) => setText(e.detail.value)}
            />
          )}
          {step === 'resolve' ? (
            <View className='grid__photos grid__gallery'>
              {photo ? (
                <View className='grid__photo'>
                  <Image className='grid__photo-image' src={fileUrl(photo)} mode='aspectFill' ariaLabel='处理后的照片' />
                </View>
              ) : null}
              <View className='grid__photo grid__photo-add' id={`grid-resolve-photo-${report._id}`} aria-role='button' aria-label='拍处理后的照片' onClick={() => void pickPhoto()}>
                {busy === 'photo' ? '上传中…' : photo ? '换一张' : '+ 处理后照片'}
              </View>
            </View>
          ) : null}
          {problem ? <View className='grid__error'>{problem}</View> : null}
          <View className='grid__actions'>
            <Button type='primary' className='tap-target' id={`grid-confirm-${report._id}`} loading={busy === 'step'} disabled={busy === 'photo'} onClick={guard(() => void take())}>
              {`确认${STEP_LABELS[step]}并通知上报人`}
            </Button>
          </View>
        </View>
      ) : null}
      {report.status === 'duplicate' && report.duplicateOf ? <Text className='grid__meta'>{`与另一条${REPORT_STATUS_LABELS.open}的上报是同一问题，随那一条一起处理。`}</Text> : null}
    </ReportCard>
  )
}
