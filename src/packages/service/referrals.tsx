/**
 * 转介待办, the provider's inbox (role provider, one organization; the function shows only referrals sent to it): what
 * each person needs, in the words and detail they agreed to share — the need always, name and phone only with their
 * consent, the place as stored (about 1 km unless they allowed the precise point) — and why the centre matched them
 * here. Four answers, each only when the referral's status allows it (the view's `actions`): 接收; 婉拒 with a reason
 * (名额已满 …, so the centre can rematch); 预约 a date and time (and where to meet); 完成 with whether it helped.
 *
 * Grouped the way a provider works through them: 待处理 (sent), 进行中 (accepted, scheduled), 已结束 (the rest).
 * 新转介提醒我 (in WeChat only) lets one more 待办事项 message through each time it is accepted.
 */
import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Input, Text, Textarea, View } from '@tarojs/components'
import { Button, Popup } from '@nutui/nutui-react-taro'
import type { Fail, Result } from '@core/api'
import type { MyReferralsOutput, ProviderReferralOutput } from '@core/api/service'
import { COMPLETION_OUTCOMES, COMPLETION_OUTCOME_LABELS, DECLINE_REASONS, DECLINE_REASON_LABELS, type CompletionOutcome, type DeclineReason } from '@core/matching/model'
import { DAY_MS, WEEKDAY_LABELS, atWallClock, dateKey, formatDateTime, formatTime } from '@core/time'
import { call } from '@/cloud/call'
import { useRefreshing, useRemote } from '@/cloud/use-remote'
import ChipRow from '@/components/chip-row'
import FormField from '@/components/form-field'
import { DatePicker, TimePicker } from '@/components/form-picker'
import PageShell from '@/components/page-shell'
import RemindButton from '@/components/remind-button'
import RemoteView from '@/components/remote-view'
import SegmentedTabs from '@/components/segmented-tabs'
import VenueLine from '@/components/venue-line'
import { useArrivalGuard } from '@/hooks/use-arrival-guard'
import { useNow } from '@/hooks/use-now'
import { alertFail } from '@/platform/feedback'
import { signIn } from '@/session'
import './referrals.scss'

type Referral = MyReferralsOutput['items'][number]
type Group = 'todo' | 'open' | 'done'
type Sheet = { kind: 'decline' | 'schedule' | 'complete'; referral: Referral } | null

const GROUPS = [
  { key: 'todo', label: '待处理' },
  { key: 'open', label: '进行中' },
  { key: 'done', label: '已结束' }
] as const

const groupOf = (r: Referral): Group => (r.status === 'sent' ? 'todo' : r.status === 'accepted' || r.status === 'scheduled' ? 'open' : 'done')

/** '周二 19:00–21:00、周四 19:00–21:00', or 时间都可以. */
const availabilityText = (windows: Referral['need']['availability']): string =>
  windows.length === 0 ? '时间都可以' : windows.map((w) => `${WEEKDAY_LABELS[w.weekday]} ${w.from}–${w.to}`).join('、')

async function loadReferrals(): Promise<Result<MyReferralsOutput>> {
  const fail = await signIn()
  if (fail) return fail
  return call('service', 'myReferrals', {})
}

export default function ReferralsPage() {
  const remote = useRemote('provider-referrals', loadReferrals)
  useRefreshing(remote)
  const [group, setGroup] = useState<Group>('todo')
  const [sheet, setSheet] = useState<Sheet>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const guard = useArrivalGuard(`${remote.data ? 'loaded' : 'loading'}-${sheet ? 'sheet' : 'list'}-${group}`)

  const replace = ({ referral }: ProviderReferralOutput) => remote.update((d) => ({ items: d.items.map((r) => (r._id === referral._id ? referral : r)) }))

  /** Runs one answer; the sheet closes on success, and a failure is said where the person is looking. */
  const answer = async (referralId: string, run: () => Promise<Result<ProviderReferralOutput>>, done: string): Promise<Fail | undefined> => {
    if (busy) return undefined
    setBusy(referralId)
    const res = await run()
    setBusy(null)
    if (!res.ok) return res
    replace(res.data)
    setSheet(null)
    void Taro.showToast({ title: done, icon: 'success' })
    return undefined
  }
  const accept = async (r: Referral) => {
    const fail = await answer(r._id, () => call('service', 'acceptReferral', { referralId: r._id }), '已接收')
    if (fail) alertFail('没能接收', fail)
  }

  return (
    <PageShell className='referrals'>
      <SegmentedTabs className='referrals__tabs' idPrefix='referrals-tab' tabs={GROUPS} value={group} onChange={setGroup} />
      <RemindButton kind='referralTask' label='新转介提醒我' id='referrals-remind' guard={guard} />
      <RemoteView remote={remote} rows={6}>
        {({ items }) => {
          const shown = items.filter((r) => groupOf(r) === group).sort((a, b) => (b.sentAt ?? 0) - (a.sentAt ?? 0))
          if (shown.length === 0) {
            return (
              <View className='card card__text' id='referrals-empty'>
                {group === 'todo' ? '没有待处理的转介。服务中心转来新的需求时，会出现在这里。' : group === 'open' ? '没有进行中的转介。' : '还没有结束的转介。'}
              </View>
            )
          }
          return (
            <View id='referrals-list'>
              {shown.map((r) => (
                <ReferralCard
                  key={r._id}
                  referral={r}
                  busy={busy === r._id}
                  onAccept={guard(() => void accept(r))}
                  onSheet={(kind, tap) => guard((_tap: unknown) => setSheet({ kind, referral: r }))(tap)}
                />
              ))}
            </View>
          )
        }}
      </RemoteView>
      {sheet ? <AnswerSheet sheet={sheet} busy={busy !== null} onClose={() => setSheet(null)} answer={answer} /> : null}
    </PageShell>
  )
}

interface ReferralCardProps {
  referral: Referral
  busy: boolean
  onAccept: () => void
  /** `tap` is the button's event: where it landed tells the arrival guard a deliberate tap from a leftover. */
  onSheet: (kind: 'decline' | 'schedule' | 'complete', tap: unknown) => void
}

function ReferralCard({ referral: r, busy, onAccept, onSheet }: ReferralCardProps) {
  const { need } = r
  return (
    <View className={`card referral referral--${r.status}`} id={`referral-${r._id}`} data-status={r.status}>
      <View className='referral__head'>
        <Text className='referral__title'>{need.categoryLabel}</Text>
        <Text className='referral__status' id={`referral-${r._id}-status`}>
          {r.statusLabel}
        </Text>
      </View>
      <View className='referral__service'>{`转到：${r.serviceTitle}`}</View>
      <View className='referral__text'>{need.text}</View>
      <View className='referral__facts'>
        <Text className='referral__fact'>{`${need.urgencyLabel} · ${need.groupLabel}${need.age !== undefined ? ` · ${need.age} 岁` : ''}`}</Text>
        <Text className='referral__fact'>{`方便的时间：${availabilityText(need.availability)}`}</Text>
        {r.reasons.length > 0 ? <Text className='referral__fact referral__reasons'>{`匹配原因：${r.reasons.join(' · ')}`}</Text> : null}
        {r.scheduledAt !== undefined ? <Text className='referral__fact referral__when'>{`约在 ${formatDateTime(r.scheduledAt)}${r.place ? ` · ${r.place}` : ''}`}</Text> : null}
        {r.outcome ? <Text className='referral__fact'>{`结果：${COMPLETION_OUTCOME_LABELS[r.outcome]}${r.rating !== undefined ? ` · 对方评分 ${r.rating} 分` : ''}`}</Text> : null}
      </View>
      {r.contact ? (
        <View className='referral__contact' id={`referral-${r._id}-contact`}>
          <Text className='referral__contact-name'>{`联系人：${r.contact.name}`}</Text>
          {r.contact.phone ? (
            <Text
              className='referral__call'
              aria-role='button'
              onClick={() => void Taro.makePhoneCall({ phoneNumber: r.contact?.phone ?? '' }).catch(() => undefined)}
            >
              {`拨打 ${r.contact.phone}`}
            </Text>
          ) : null}
        </View>
      ) : (
        <View className='referral__muted' id={`referral-${r._id}-no-contact`}>
          对方没有授权提供联系方式，请通过服务中心联系。
        </View>
      )}
      {need.location ? (
        <VenueLine
          venue={{ _id: r._id, name: need.location.precise ? '对方的位置' : '对方的大约位置（约 1 公里）', district: '', address: '', hours: '', lat: need.location.lat, lng: need.location.lng }}
          idPrefix={`referral-${r._id}-place`}
          compact
        />
      ) : null}
      {r.actions.length > 0 ? (
        <View className='referral__actions'>
          {r.actions.includes('decline') ? (
            <Button className='tap-target referral__button' fill='outline' id={`referral-${r._id}-decline`} disabled={busy} onClick={(tap) => onSheet('decline', tap)}>
              婉拒
            </Button>
          ) : null}
          {r.actions.includes('accept') ? (
            <Button className='tap-target referral__button' type='primary' id={`referral-${r._id}-accept`} loading={busy} onClick={onAccept}>
              接收
            </Button>
          ) : null}
          {r.actions.includes('schedule') ? (
            <Button className='tap-target referral__button' fill='outline' id={`referral-${r._id}-schedule`} disabled={busy} onClick={(tap) => onSheet('schedule', tap)}>
              {r.scheduledAt === undefined ? '约时间' : '改时间'}
            </Button>
          ) : null}
          {r.actions.includes('complete') ? (
            <Button className='tap-target referral__button' type='primary' id={`referral-${r._id}-complete`} disabled={busy} onClick={(tap) => onSheet('complete', tap)}>
              完成
            </Button>
          ) : null}
        </View>
      ) : null}
    </View>
  )
}

interface AnswerSheetProps {
  sheet: NonNullable<Sheet>
  busy: boolean
  onClose: () => void
  answer: (referralId: string, run: () => Promise<Result<ProviderReferralOutput>>, done: string) => Promise<Fail | undefined>
}

const TITLES = { decline: '婉拒这条转介', schedule: '约定服务时间', complete: '服务完成了吗' } as const

function AnswerSheet({ sheet, busy, onClose, answer }: AnswerSheetProps) {
  const { kind, referral } = sheet
  const guard = useArrivalGuard(kind)
  const now = useNow(60_000)
  const today = dateKey(now)
  const [reason, setReason] = useState<DeclineReason | null>(null)
  const [outcome, setOutcome] = useState<CompletionOutcome | null>(null)
  const [note, setNote] = useState('')
  const [date, setDate] = useState(referral.scheduledAt !== undefined ? dateKey(referral.scheduledAt) : today)
  const [time, setTime] = useState(referral.scheduledAt !== undefined ? formatTime(referral.scheduledAt) : '19:00')
  const [place, setPlace] = useState(referral.place ?? '')
  const [fail, setFail] = useState<Fail | null>(null)

  const id = referral._id
  const ready = kind === 'decline' ? reason !== null : kind === 'complete' ? outcome !== null : true
  const submit = async () => {
    const trimmed = note.trim()
    let result: Fail | undefined
    if (kind === 'decline' && reason) {
      result = await answer(id, () => call('service', 'declineReferral', { referralId: id, reason, ...(trimmed ? { note: trimmed } : {}) }), '已婉拒')
    } else if (kind === 'complete' && outcome) {
      result = await answer(id, () => call('service', 'completeReferral', { referralId: id, outcome, ...(trimmed ? { note: trimmed } : {}) }), '已完成')
    } else if (kind === 'schedule') {
      const scheduledAt = atWallClock(date, time)
      result = await answer(id, () => call('service', 'scheduleReferral', { referralId: id, scheduledAt, ...(place.trim() ? { place: place.trim() } : {}) }), '已约好')
    }
    setFail(result ?? null)
  }

  return (
    <Popup visible position='bottom' round closeOnOverlayClick={!busy} onClose={onClose} className='referral-sheet'>
      <View className='referral-sheet__body' id='referral-sheet' aria-role='dialog' aria-label={TITLES[kind]}>
        <View className='referral-sheet__title'>{TITLES[kind]}</View>
        <View className='referral-sheet__sub'>{`${referral.need.categoryLabel} · ${referral.serviceTitle}`}</View>
        {kind === 'decline' ? (
          <FormField label='原因（服务中心会另找服务）' name='decline-reason'>
            <ChipRow
              label='婉拒原因'
              kind='radio'
              chips={DECLINE_REASONS.map((r) => ({ key: r, label: DECLINE_REASON_LABELS[r], id: `decline-${r}`, on: reason === r }))}
              onTap={(key) => setReason(key as DeclineReason)}
            />
          </FormField>
        ) : null}
        {kind === 'complete' ? (
          <FormField label='结果' name='complete-outcome'>
            <ChipRow
              label='服务结果'
              kind='radio'
              chips={COMPLETION_OUTCOMES.map((o) => ({ key: o, label: COMPLETION_OUTCOME_LABELS[o], id: `complete-${o}`, on: outcome === o }))}
              onTap={(key) => setOutcome(key as CompletionOutcome)}
            />
          </FormField>
        ) : null}
        {kind === 'schedule' ? (
          <>
            <FormField label='日期' name='schedule-date'>
              <DatePicker id='schedule-date' label='日期' value={date} start={today} end={dateKey(now + 60 * DAY_MS)} onChange={setDate} />
            </FormField>
            <FormField label='时间' name='schedule-time'>
              <TimePicker id='schedule-time' label='时间' value={time} onChange={setTime} />
            </FormField>
            <FormField label='见面地点（不填就在服务地点）' name='schedule-place' limit={{ text: place, max: 60 }}>
              <Input className='form-input' id='schedule-place' value={place} placeholder='例如：友邻空间二楼' onInput={(e) => setPlace(e.detail.value)} />
            </FormField>
          </>
        ) : (
          <FormField label='说明（可不填）' name='answer-note' limit={{ text: note, max: kind === 'decline' ? 100 : 200 }}>
            <Textarea className='referral-sheet__textarea' id='answer-note' value={note} maxlength={-1} onInput={(e) => setNote(e.detail.value)} />
          </FormField>
        )}
        {fail ? (
          <View className='referral-sheet__error' id='referral-sheet-error'>
            {fail.message}
          </View>
        ) : null}
        <View className='referral-sheet__actions'>
          <Button className='tap-target referral-sheet__button' fill='outline' id='referral-sheet-back' disabled={busy} onClick={guard(onClose)}>
            返回
          </Button>
          <Button className='tap-target referral-sheet__button' type='primary' id='referral-sheet-confirm' disabled={!ready} loading={busy} onClick={guard(() => void submit())}>
            确定
          </Button>
        </View>
      </View>
    </Popup>
  )
}
