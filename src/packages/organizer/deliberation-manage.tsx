/**
 * 商圈议事 (管理端), for the centres the organizer runs: applications to join the district (通过 / 不通过), and the
 * topics by state, each with the one step it is waiting for — 安排议事会 (time and place; may be moved until voting),
 * 发起投票 (the proposals the meeting settled on, a closing day), 结束投票 (freezes the tally; confirmed first),
 * 公布决定, 添加落实情况 (the last one marked 已落实 ends the topic). Every step is busy until answered, so a second tap
 * does nothing; the function refuses a step from the wrong state with words shown here.
 */
import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Input, Text, Textarea, View } from '@tarojs/components'
import { Button, Popup } from '@nutui/nutui-react-taro'
import { DECISION_MAX, FOLLOW_UP_MAX, PROPOSALS_MAX, type MemberView, type TopicStepOutput, type TopicView } from '@core/api/community'
import type { Fail, Result } from '@core/api'
import { MEMBER_KIND_LABELS, STEPS, TOPIC_STATUSES, TOPIC_STATUS_LABELS, percent, type TopicStatus, type TopicStep } from '@core/community/deliberation'
import { atTimeOfDay, atWallClock, dateKey, DAY_MS, formatDateTime } from '@core/time'
import { call } from '@/cloud/call'
import { useRefreshing, useRemote } from '@/cloud/use-remote'
import ChipRow from '@/components/chip-row'
import ConfirmDialog from '@/components/confirm-dialog'
import FormField from '@/components/form-field'
import { DatePicker, TimePicker } from '@/components/form-picker'
import RemoteView from '@/components/remote-view'
import { useArrivalGuard } from '@/hooks/use-arrival-guard'
import { useNow } from '@/hooks/use-now'
import { alertFail } from '@/platform/feedback'
import OrganizerPage from './organizer-page'
import { useServiceVenue } from './service-venue'
import './deliberation-manage.scss'

const STEP_LABELS: Readonly<Record<TopicStep, string>> = {
  schedule: '安排议事会',
  openVoting: '发起投票',
  close: '结束投票并计票',
  decide: '公布决定',
  followUp: '添加落实情况'
}

/**
 * What core's transition table (STEPS) lets an organizer do from `status`: `next`, the step that moves the topic on
 * (or the only one), and `again`, another that keeps it where it is (moving a scheduled meeting).
 */
function stepsFrom(status: TopicStatus): { next?: TopicStep; again?: TopicStep } {
  const allowed = (Object.keys(STEPS) as TopicStep[]).filter((s) => STEPS[s].from.includes(status))
  const next = allowed.find((s) => STEPS[s].to !== status) ?? allowed[0]
  return { next, again: allowed.find((s) => s !== next) }
}

/** Voting closes at 18:00 this many days after it opens. */
const CLOSING_DAYS = [1, 3, 7] as const

export default function DeliberationManagePage() {
  return <OrganizerPage className='deliberation-manage'>{() => <Manage />}</OrganizerPage>
}

function Manage() {
  const { venueId, venue, picker } = useServiceVenue()
  const [status, setStatus] = useState<TopicStatus>('voting')
  const members = useRemote(venueId ? `deliberation-members-${venueId}` : null, () => call('community', 'districtMembers', { venueId: venueId ?? '', status: 'pending' }))
  const topics = useRemote(venueId ? `deliberation-manage-${venueId}` : null, () => call('community', 'topics', { venueId }))
  useRefreshing(members)
  useRefreshing(topics)
  const [acting, setActing] = useState<{ topic: TopicView; step: TopicStep } | null>(null)
  const guard = useArrivalGuard(`${status}-${topics.data ? 'loaded' : 'loading'}-${acting ? 'sheet' : 'list'}`)

  const replace = (topic: TopicView) => topics.update((d) => ({ items: d.items.map((t) => (t._id === topic._id ? topic : t)) }))

  return (
    <>
      {picker}
      <View className='organizer__section'>{`入会申请 · ${venue?.name ?? ''}`}</View>
      <RemoteView remote={members} rows={2} empty={{ when: ({ items }) => items.length === 0, title: '没有待审核的申请', description: '有人申请加入商圈议事时会出现在这里。' }}>
        {({ items }) => (
          <View id='deliberation-applications'>
            {items.map((m) => (
              <Application key={m._id} member={m} onDecided={() => members.update((d) => ({ items: d.items.filter((x) => x._id !== m._id) }))} />
            ))}
          </View>
        )}
      </RemoteView>
      <View className='organizer__section'>议题</View>
      <View className='deliberation-manage__chips'>
        <ChipRow
          label='议题状态'
          kind='radio'
          chips={TOPIC_STATUSES.map((s) => ({ key: s, label: TOPIC_STATUS_LABELS[s], id: `manage-status-${s}`, on: status === s }))}
          onTap={(key) => setStatus(key as TopicStatus)}
        />
      </View>
      <RemoteView
        remote={topics}
        rows={4}
        empty={{ when: ({ items }) => !items.some((t) => t.status === status), title: `没有${TOPIC_STATUS_LABELS[status]}的议题`, description: '换个状态看看，下拉可以刷新。' }}
      >
        {({ items }) => (
          <View id='manage-topics'>
            {items
              .filter((t) => t.status === status)
              .map((t) => (
                <TopicRow key={t._id} topic={t} onAct={guard((step: TopicStep) => setActing({ topic: t, step }))} />
              ))}
          </View>
        )}
      </RemoteView>
      {acting ? (
        <StepSheet
          topic={acting.topic}
          step={acting.step}
          onDone={(out) => {
            replace(out.topic)
            setActing(null)
            setStatus(out.topic.status)
            void Taro.showToast({ title: out.notified ? `已完成，已通知${out.notified}位成员` : '已完成', icon: 'none' })
          }}
          onCancel={() => setActing(null)}
        />
      ) : null}
    </>
  )
}

function Application({ member, onDecided }: { member: MemberView; onDecided: () => void }) {
  const [busy, setBusy] = useState(false)
  const decide = async (approve: boolean) => {
    if (busy) return
    setBusy(true)
    const res = await call('community', 'decideMember', { memberId: member._id, approve })
    setBusy(false)
    if (!res.ok) return alertFail('没能处理申请', res)
    onDecided()
    void Taro.showToast({ title: approve ? '已通过' : '已拒绝', icon: 'none' })
  }
  return (
    <View className='card manage-member' id={`application-${member._id}`}>
      <View className='manage-member__name'>{member.name}</View>
      <View className='manage-member__line'>{`${MEMBER_KIND_LABELS[member.kind]} · ${formatDateTime(member.createdAt)} 申请`}</View>
      <View className='manage-member__actions'>
        <Button className='tap-target' fill='outline' disabled={busy} id={`reject-${member._id}`} onClick={() => void decide(false)}>
          不通过
        </Button>
        <Button className='tap-target' type='primary' loading={busy} disabled={busy} id={`approve-${member._id}`} onClick={() => void decide(true)}>
          通过
        </Button>
      </View>
    </View>
  )
}

function TopicRow({ topic, onAct }: { topic: TopicView; onAct: (step: TopicStep) => void }) {
  const { next, again } = stepsFrom(topic.status)
  const tally = topic.tally
  return (
    <View className='card manage-topic' id={`manage-topic-${topic._id}`} data-status={topic.status}>
      <View className='manage-topic__title'>{topic.title}</View>
      <View className='manage-topic__line'>{`${MEMBER_KIND_LABELS[topic.raisedByKind]} ${topic.raisedByName} · ${formatDateTime(topic.createdAt)}`}</View>
      <View className='manage-topic__text'>{topic.description}</View>
      {topic.meeting ? <View className='manage-topic__line'>{`议事会：${formatDateTime(topic.meeting.at)} · ${topic.meeting.place}`}</View> : null}
      {topic.status === 'voting' && topic.closesAt !== undefined ? (
        <View className='manage-topic__line'>{`已投 ${topic.voted} 票 · ${formatDateTime(topic.closesAt)} 截止`}</View>
      ) : null}
      {tally && topic.proposals ? (
        <View className='manage-topic__line' id={`manage-tally-${topic._id}`}>
          {`计票：${topic.proposals.map((p) => `${p.title} ${tally.counts[p.id] ?? 0}票`).join('，')}（参与率 ${percent(tally.total, tally.members)}%）`}
        </View>
      ) : null}
      {topic.decision ? <View className='manage-topic__line'>{`决定：${topic.decision}`}</View> : null}
      {topic.followUps.length > 0 ? <View className='manage-topic__line'>{`落实情况 ${topic.followUps.length} 条，最近：${topic.followUps[topic.followUps.length - 1].text}`}</View> : null}
      <View className='manage-topic__actions'>
        <Button className='tap-target' fill='outline' onClick={() => void Taro.navigateTo({ url: `/packages/deliberation/topic?topicId=${topic._id}` })}>
          查看
        </Button>
        {again ? (
          <Button className='tap-target' fill='outline' id={`reschedule-${topic._id}`} onClick={() => onAct(again)}>
            改时间
          </Button>
        ) : null}
        {next ? (
          <Button className='tap-target' type='primary' id={`step-${topic._id}`} onClick={() => onAct(next)}>
            {STEP_LABELS[next]}
          </Button>
        ) : null}
      </View>
    </View>
  )
}

interface StepSheetProps {
  topic: TopicView
  step: TopicStep
  onDone: (out: TopicStepOutput) => void
  onCancel: () => void
}

/** The form of one step, sent once: busy until the function answers. */
function StepSheet({ topic, step, onDone, onCancel }: StepSheetProps) {
  const today = useNow(60_000)
  const [date, setDate] = useState(dateKey(topic.meeting?.at ?? today + DAY_MS))
  const [time, setTime] = useState('15:00')
  const [place, setPlace] = useState(topic.meeting?.place ?? '')
  const [proposals, setProposals] = useState(topic.proposals?.map(({ title, detail }) => ({ title, detail })) ?? [{ title: '', detail: '' }, { title: '', detail: '' }])
  const [closingDays, setClosingDays] = useState<number>(3)
  const [text, setText] = useState('')
  const [done, setDone] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<Fail>()

  const send = async () => {
    if (busy) return
    setBusy(true)
    let res: Result<TopicStepOutput>
    if (step === 'schedule') res = await call('community', 'scheduleMeeting', { topicId: topic._id, meetingAt: atWallClock(date, time), place })
    else if (step === 'openVoting') res = await call('community', 'openVoting', { topicId: topic._id, proposals, closesAt: atTimeOfDay(today + closingDays * DAY_MS, '18:00') })
    else if (step === 'close') res = await call('community', 'closeVoting', { topicId: topic._id })
    else if (step === 'decide') res = await call('community', 'publishDecision', { topicId: topic._id, decision: text })
    else res = await call('community', 'addFollowUp', { topicId: topic._id, text, done })
    setBusy(false)
    if (res.ok) return onDone(res.data)
    if (res.field) setError(res)
    else alertFail('没能完成', res)
  }
  const errorOf = (field: string): string | undefined => (error?.field === field ? error.message : undefined)

  if (step === 'close') {
    return (
      <ConfirmDialog open title='结束投票并计票？' confirmText='结束投票' busy={busy} onConfirm={() => void send()} onCancel={onCancel}>
        {`已有 ${topic.voted} 人投票。结束后不能再投，结果向所有人公开。`}
      </ConfirmDialog>
    )
  }

  return (
    <Popup visible position='bottom' round closeable={!busy} onClose={onCancel} className='manage-sheet'>
      <View className='manage-sheet__body' id='manage-sheet'>
        <View className='manage-sheet__title'>{`${stepsFrom(topic.status).next === step ? STEP_LABELS[step] : '修改议事会时间'} · ${topic.title}`}</View>
        {step === 'schedule' ? (
          <>
            <FormField label='议事会日期' name='meeting-date' error={errorOf('meetingAt')}>
              <DatePicker id='meeting-date' label='议事会日期' value={date} start={dateKey(today)} end={dateKey(today + 90 * DAY_MS)} onChange={setDate} />
            </FormField>
            <FormField label='开始时间' name='meeting-time'>
              <TimePicker id='meeting-time' label='开始时间' value={time} onChange={setTime} />
            </FormField>
            <FormField label='议事地点' name='place' error={errorOf('place')}>
              <Input className='form-input' id='meeting-place' placeholder='例如：商圈党群服务中心 协商议事厅' value={place} onInput={(e) => setPlace(e.detail.value)} />
            </FormField>
          </>
        ) : null}
        {step === 'openVoting' ? (
          <>
            {proposals.map((p, i) => (
              <FormField key={i} label={`方案${i + 1}`} name={`proposal-${i}`} error={errorOf(`proposals.${i}.title`) ?? errorOf(`proposals.${i}.detail`)}>
                <Input className='form-input' id={`proposal-title-${i}`} placeholder='方案名称' value={p.title} onInput={(e) => setProposals(proposals.map((x, j) => (j === i ? { ...x, title: e.detail.value } : x)))} />
                <Input className='form-input manage-sheet__detail' id={`proposal-detail-${i}`} placeholder='一句话说明（可不填）' value={p.detail} onInput={(e) => setProposals(proposals.map((x, j) => (j === i ? { ...x, detail: e.detail.value } : x)))} />
              </FormField>
            ))}
            {errorOf('proposals') ? <Text className='manage-sheet__error'>{errorOf('proposals')}</Text> : null}
            {proposals.length < PROPOSALS_MAX ? (
              <Button className='tap-target' fill='outline' id='proposal-add' onClick={() => setProposals([...proposals, { title: '', detail: '' }])}>
                再加一个方案
              </Button>
            ) : null}
            <FormField label='投票截止' name='closes' error={errorOf('closesAt')}>
              <ChipRow label='投票截止' kind='radio' chips={CLOSING_DAYS.map((d) => ({ key: String(d), label: `${d}天后 18:00`, id: `closes-${d}`, on: closingDays === d }))} onTap={(k) => setClosingDays(Number(k))} />
            </FormField>
          </>
        ) : null}
        {step === 'decide' || step === 'followUp' ? (
          <FormField
            label={step === 'decide' ? '议定结果' : '落实情况'}
            name='step-text'
            error={errorOf(step === 'decide' ? 'decision' : 'text')}
            limit={{ text, max: step === 'decide' ? DECISION_MAX : FOLLOW_UP_MAX }}
          >
            <Textarea className='manage-sheet__textarea' id='step-text' maxlength={-1} placeholder={step === 'decide' ? '按投票结果，议定……由谁负责，什么时候完成' : '做了什么，进展如何'} value={text} onInput={(e) => setText(e.detail.value)} />
          </FormField>
        ) : null}
        {step === 'followUp' ? <ChipRow label='是否已落实' kind='checkbox' chips={[{ key: 'done', label: '已全部落实，议题办结', id: 'follow-up-done', on: done }]} onTap={() => setDone(!done)} /> : null}
        <Button type='primary' block className='tap-target manage-sheet__send' id='step-send' loading={busy} disabled={busy} onClick={() => void send()}>
          确定
        </Button>
      </View>
    </Popup>
  )
}
