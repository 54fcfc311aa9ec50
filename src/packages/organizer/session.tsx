/**
 * One session for its organizer: the roster with check-in status and attendance marking, and the session's tools —
 * the rotating check-in code, change time/seats/note, cancel (people are notified), the lottery draw with its
 * audit summary, and the xlsx export.
 */
import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import { Button, Popup } from '@nutui/nutui-react-taro'
import {
  USER_GROUP_LABELS,
  cancelSessionSchema,
  updateSessionSchema,
  type DrawLotteryOutput,
  type RosterEntry,
  type RosterOutput,
  type RosterStrike,
  type Session,
  type UpdateSessionInput
} from '@core/api'
import { CHECKIN_OPENS_BEFORE_MIN, isCalendarDate, verifyDraw } from '@core/booking'
import { HHMM_PATTERN, MINUTE_MS, atWallClock, dateKey, formatDate, formatDateTime, formatRange, formatTime } from '@core/time'
import { BOOKING_STATUS_LABELS } from '@/booking/present'
import { call } from '@/cloud/call'
import { useRefreshing, useRemote } from '@/cloud/use-remote'
import ConfirmDialog from '@/components/confirm-dialog'
import FormField from '@/components/form-field'
import RemoteView from '@/components/remote-view'
import { EmptyView } from '@/components/state-view'
import { useNow } from '@/hooks/use-now'
import { alertFail } from '@/platform/feedback'
import { useExport } from './export-sheet'
import OrganizerPage, { type RouteNeeds } from './organizer-page'

const NEEDS: RouteNeeds<'sessionId'> = { params: ['sessionId'], missing: { title: '没有找到这节课', description: '请从课程管理页进入。' } }

export default function OrganizerSessionPage() {
  return (
    <OrganizerPage className='organizer-session-page' needs={NEEDS}>
      {({ params }) => <SessionManager sessionId={params.sessionId} />}
    </OrganizerPage>
  )
}

/** People the session's changes are sent to: everyone holding or waiting for a seat. */
const notifiedCount = (items: RosterEntry[]) => items.filter((e) => ['confirmed', 'held', 'waitlisted'].includes(e.status)).length

type Dialog = { kind: 'edit' } | { kind: 'confirm-edit'; input: UpdateSessionInput } | { kind: 'cancel' } | { kind: 'draw' } | null

function SessionManager({ sessionId }: { sessionId: string }) {
  const remote = useRemote(sessionId, () => call('course', 'roster', { sessionId }))
  useRefreshing(remote)
  const now = useNow(30_000)
  const exporter = useExport({ sessionId })
  const [dialog, setDialog] = useState<Dialog>(null)
  const [busy, setBusy] = useState(false)
  const [reason, setReason] = useState('')
  const [reasonError, setReasonError] = useState<string | undefined>()
  const [draw, setDraw] = useState<DrawLotteryOutput | null>(null)
  const [marking, setMarking] = useState<string | null>(null)
  const [forgiving, setForgiving] = useState<string | null>(null)

  const saveEdit = async (input: UpdateSessionInput) => {
    setBusy(true)
    const res = await call('course', 'updateSession', input)
    setBusy(false)
    setDialog(null)
    if (!res.ok) return alertFail('没能保存', res)
    void Taro.showToast({ title: res.data.notified > 0 ? `已保存，已通知${res.data.notified}人` : '已保存', icon: 'none' })
    void remote.reload()
  }

  const cancelSession = async () => {
    const checked = cancelSessionSchema.parse({ sessionId, reason })
    if (!checked.ok) {
      setReasonError(checked.message)
      return
    }
    setBusy(true)
    const res = await call('course', 'cancelSession', checked.value)
    setBusy(false)
    setDialog(null)
    if (!res.ok) return alertFail('没能取消', res)
    void Taro.showToast({ title: `已取消，已通知${res.data.notified}人`, icon: 'none' })
    void remote.reload()
  }

  const runDraw = async () => {
    setBusy(true)
    const res = await call('course', 'drawLottery', { sessionId })
    setBusy(false)
    setDialog(null)
    if (!res.ok) return alertFail('没能抽签', res)
    setDraw(res.data)
    void remote.reload()
  }

  const mark = async (entry: RosterEntry, attended: boolean) => {
    setMarking(entry.openid)
    const res = await call('course', 'markAttendance', { sessionId, openid: entry.openid, attended })
    setMarking(null)
    if (!res.ok) return alertFail('没能标记', res)
    // The entry comes back without strikes: keep the shown ones, then reload, since a correction can settle strikes again.
    remote.update((d: RosterOutput) => ({
      ...d,
      items: d.items.map((e) => (e.openid === entry.openid ? { ...res.data.entry, strikes: e.strikes } : e))
    }))
    void remote.reload()
  }

  const forgive = async (strike: RosterStrike) => {
    setForgiving(strike._id)
    const res = await call('course', 'forgiveStrike', { strikeId: strike._id })
    setForgiving(null)
    if (!res.ok) return alertFail('没能原谅', res)
    void Taro.showToast({ title: '已原谅，不再计入', icon: 'none' })
    await remote.reload()
  }

  const content = ({ session, items }: RosterOutput) => {
    const cancelled = session.status === 'cancelled'
    const started = now >= session.startAt
    // The timer draws at drawAt; the button is for drawing right away once registration has closed.
    const drawable = session.mode === 'lottery' && session.drawAt !== undefined && now >= session.drawAt && !started && !cancelled
    const notified = notifiedCount(items)
    return (
      <>
        <View className='card' id='session-card' data-session-id={session._id} data-status={session.status}>
          <View className='card__title'>{session.title}</View>
          <View className='card__text'>{formatRange(session.startAt, session.endAt)}</View>
          <View className='card__text'>
            {cancelled
              ? `已取消${session.cancelReason ? `：${session.cancelReason}` : ''}`
              : session.mode === 'lottery'
                ? `抽签报名 ${session.waitlisted} 人 · 名额 ${session.capacity}${session.drawAt !== undefined ? ` · ${formatDateTime(session.drawAt)} 抽签` : ''}`
                : `已约 ${session.booked}/${session.capacity}${session.waitlisted > 0 ? ` · 候补 ${session.waitlisted} 人` : ''}`}
          </View>
          {session.note ? <View className='card__text'>{`备注：${session.note}`}</View> : null}
          {!cancelled ? (
            <View className='organizer__actions'>
              <Button
                size='small'
                type='primary'
                id='session-checkin'
                onClick={() => void Taro.navigateTo({ url: `/packages/organizer/checkin?sessionId=${encodeURIComponent(session._id)}` })}
              >
                签到码
              </Button>
              {!started ? (
                <Button size='small' id='session-edit' onClick={() => setDialog({ kind: 'edit' })}>
                  修改
                </Button>
              ) : null}
              {drawable ? (
                <Button size='small' id='session-draw' onClick={() => setDialog({ kind: 'draw' })}>
                  立即抽签
                </Button>
              ) : null}
              <Button size='small' id='session-export' loading={exporter.busy} onClick={exporter.start}>
                导出名单
              </Button>
              {!started ? (
                <Button size='small' type='danger' fill='outline' id='session-cancel' onClick={() => setDialog({ kind: 'cancel' })}>
                  取消课次
                </Button>
              ) : null}
            </View>
          ) : null}
        </View>

        {draw ? <DrawSummary draw={draw} /> : null}

        <Roster
          items={items}
          canMark={!cancelled && now >= session.startAt - CHECKIN_OPENS_BEFORE_MIN * MINUTE_MS}
          marking={marking}
          onMark={(e, attended) => void mark(e, attended)}
          forgiving={forgiving}
          onForgive={(s) => void forgive(s)}
        />

        {dialog?.kind === 'edit' ? (
          <EditSheet session={session} onClose={() => setDialog(null)} onSubmit={(input) => setDialog({ kind: 'confirm-edit', input })} />
        ) : null}
        <ConfirmDialog
          open={dialog?.kind === 'confirm-edit'}
          title='保存修改？'
          confirmText='保存并通知'
          busy={busy}
          onConfirm={() => dialog?.kind === 'confirm-edit' && void saveEdit(dialog.input)}
          onCancel={() => setDialog(null)}
        >
          {notified > 0 ? `已预约和候补的 ${notified} 人会收到变更通知。` : '目前没有人预约，不会发送通知。'}
        </ConfirmDialog>
        <ConfirmDialog
          open={dialog?.kind === 'cancel'}
          title='取消这节课？'
          confirmText='取消课次'
          cancelText='不取消'
          danger
          busy={busy}
          onConfirm={() => void cancelSession()}
          onCancel={() => setDialog(null)}
        >
          <View>{notified > 0 ? `已预约和候补的 ${notified} 人会收到取消通知，预约随之取消，不记爽约。` : '目前没有人预约。'}</View>
          <Input
            className='form-input session-cancel-reason'
            id='session-cancel-reason'
            placeholder='取消原因（会告诉学员），如：老师临时有事'
            maxlength={100}
            value={reason}
            onInput={(e) => {
              setReason(e.detail.value)
              setReasonError(undefined)
            }}
          />
          {reasonError ? <View className='organizer__error'>{reasonError}</View> : null}
        </ConfirmDialog>
        <ConfirmDialog
          open={dialog?.kind === 'draw'}
          title='现在抽签？'
          confirmText='抽签'
          busy={busy}
          onConfirm={() => void runDraw()}
          onCancel={() => setDialog(null)}
        >
          {`${session.waitlisted} 人报名、${session.capacity} 个名额。抽签后报名截止，中签的人直接预约成功，其余按抽签顺序候补；结果可复核，不能重抽。`}
        </ConfirmDialog>
        {exporter.sheet}
      </>
    )
  }

  return (
    <RemoteView remote={remote} rows={8}>
      {content}
    </RemoteView>
  )
}

type RosterGroup = '已预约' | '抽签报名' | '候补' | '已取消'

const ROSTER_GROUPS: readonly RosterGroup[] = ['已预约', '抽签报名', '候补', '已取消']

function rosterGroup(e: RosterEntry): RosterGroup {
  if (e.status === 'cancelled') return '已取消'
  if (e.status === 'waitlisted') return e.lottery === 'entered' ? '抽签报名' : '候补'
  return '已预约'
}

function entryStatus(e: RosterEntry): string {
  if (e.status === 'attended') return `${e.walkIn ? '现场签到' : '已签到'}${e.checkedInAt !== undefined ? ` ${formatTime(e.checkedInAt)}` : ''}`
  if (e.status === 'waitlisted') return e.lottery === 'entered' ? '抽签报名' : `候补第${e.position ?? '-'}位`
  if (e.status === 'held') return `保留中${e.holdUntilAt !== undefined ? `，${formatTime(e.holdUntilAt)} 前确认` : ''}`
  if (e.status === 'cancelled' && e.lateCancel) return '迟到取消'
  return BOOKING_STATUS_LABELS[e.status]
}

const STRIKE_LABELS: Record<RosterStrike['kind'], string> = { no_show: '爽约', late_cancel: '临时取消' }

function Roster({
  items,
  canMark,
  marking,
  onMark,
  forgiving,
  onForgive
}: {
  items: RosterEntry[]
  canMark: boolean
  marking: string | null
  onMark: (e: RosterEntry, attended: boolean) => void
  forgiving: string | null
  onForgive: (s: RosterStrike) => void
}) {
  if (items.length === 0) return <EmptyView title='还没有人预约' description='有人预约后，名单和签到情况会显示在这里。' />
  const checkedIn = items.filter((e) => e.status === 'attended').length
  return (
    <View id='roster'>
      <View className='organizer__section'>{`名单 · 已签到 ${checkedIn} 人`}</View>
      {ROSTER_GROUPS.map((g) => {
        const entries = items.filter((e) => rosterGroup(e) === g)
        if (entries.length === 0) return null
        return (
          <View key={g} className='card roster-group'>
            <View className='card__title'>{`${g}（${entries.length}）`}</View>
            {entries.map((e) => (
              <View key={e.bookingId} className='roster-entry' id={`roster-${e.openid}`} data-openid={e.openid} data-status={e.status}>
                <View className='roster-entry__who'>
                  <Text className='roster-entry__name'>{e.nickname || '未设置昵称'}</Text>
                  <Text className='roster-entry__meta'>{[e.group ? USER_GROUP_LABELS[e.group] : '', e.community].filter(Boolean).join(' · ')}</Text>
                </View>
                <Text className={`roster-entry__status roster-entry__status--${e.status}`}>{entryStatus(e)}</Text>
                {canMark && g === '已预约' ? (
                  <View className='roster-entry__marks'>
                    <Button
                      size='mini'
                      className='roster-present'
                      type={e.status === 'attended' ? 'primary' : 'default'}
                      loading={marking === e.openid}
                      aria-label={`${e.nickname}到场`}
                      onClick={() => onMark(e, true)}
                    >
                      到场
                    </Button>
                    <Button
                      size='mini'
                      className='roster-absent'
                      type={e.status === 'no_show' ? 'primary' : 'default'}
                      disabled={marking === e.openid}
                      aria-label={`${e.nickname}未到`}
                      onClick={() => onMark(e, false)}
                    >
                      未到
                    </Button>
                  </View>
                ) : null}
                {e.strikes?.length ? (
                  <View className='roster-entry__strikes'>
                    {e.strikes.map((s) => (
                      <View key={s._id} className='roster-strike' id={`strike-${s._id}`} data-kind={s.kind}>
                        <Text className='roster-strike__text'>{`${formatDate(s.at)} ${STRIKE_LABELS[s.kind]}`}</Text>
                        <Button
                          size='mini'
                          className='roster-forgive'
                          loading={forgiving === s._id}
                          aria-label={`原谅${e.nickname}${formatDate(s.at)}的${STRIKE_LABELS[s.kind]}`}
                          onClick={() => onForgive(s)}
                        >
                          原谅
                        </Button>
                      </View>
                    ))}
                  </View>
                ) : null}
              </View>
            ))}
          </View>
        )
      })}
    </View>
  )
}

/** The draw's audit in a few lines, re-checked here with core's verifyDraw. */
function DrawSummary({ draw }: { draw: DrawLotteryOutput }) {
  const { audit } = draw
  const firstTimers = audit.entrants.filter((e) => e.firstTimer).length
  const lostLast = audit.entrants.filter((e) => e.lostLastDraw).length
  const verified = verifyDraw(audit)
  return (
    <View className='card' id='draw-audit' data-verified={verified ? 'true' : 'false'}>
      <View className='card__title'>{`抽签完成：中签 ${draw.winners} 人，候补 ${draw.waitlisted} 人`}</View>
      <View className='card__text'>{`共 ${audit.entrants.length} 人报名，其中首次参加 ${firstTimers} 人、上次未中签 ${lostLast} 人（中签机会更大）。`}</View>
      <View className='card__text'>{`种子：${audit.seed}`}</View>
      <View className='card__text'>{`报名名单摘要：${audit.entrantsDigest.slice(0, 16)}…`}</View>
      <View className='card__text'>{`算法：${audit.algorithm}`}</View>
      <View className='card__text'>{verified ? '已按以上数据重新计算，结果一致。' : '重新计算结果不一致，请联系管理员核查。'}</View>
    </View>
  )
}

/** Change seats, time (start and end together) and note; only changed fields are sent. */
function EditSheet({ session, onClose, onSubmit }: { session: Session; onClose: () => void; onSubmit: (input: UpdateSessionInput) => void }) {
  const [capacity, setCapacity] = useState(String(session.capacity))
  const [date, setDate] = useState(dateKey(session.startAt))
  const [start, setStart] = useState(formatTime(session.startAt))
  const [end, setEnd] = useState(formatTime(session.endAt))
  const [note, setNote] = useState(session.note ?? '')
  const [error, setError] = useState<string | undefined>()

  const submit = () => {
    if (!isCalendarDate(date.trim())) return setError('日期应为 YYYY-MM-DD 格式，例如 2025-12-01')
    if (!HHMM_PATTERN.test(start.trim()) || !HHMM_PATTERN.test(end.trim())) return setError('时间应为 HH:mm 格式，例如 19:00')
    const startAt = atWallClock(date.trim(), start.trim())
    const endAt = atWallClock(date.trim(), end.trim())
    const input: UpdateSessionInput = { sessionId: session._id }
    const seats = capacity.trim() === '' ? NaN : Number(capacity.trim())
    if (seats !== session.capacity) input.capacity = seats
    if (startAt !== session.startAt || endAt !== session.endAt) {
      input.startAt = startAt
      input.endAt = endAt
    }
    if (note.trim() !== (session.note ?? '')) input.note = note.trim()
    const checked = updateSessionSchema.parse(input)
    if (!checked.ok) return setError(checked.message)
    onSubmit(checked.value)
  }

  return (
    <Popup visible position='bottom' round onClose={onClose} className='export-sheet'>
      <View className='export-sheet__body org-form' id='session-form' aria-role='dialog' aria-label='修改课次'>
        <View className='export-sheet__title'>修改课次</View>
        <FormField label='名额' name='session-capacity'>
          <Input className='form-input' id='session-form-capacity' type='number' value={capacity} onInput={(e) => setCapacity(e.detail.value)} />
        </FormField>
        <FormField label='日期' name='session-date'>
          <Input className='form-input' id='session-form-date' placeholder='YYYY-MM-DD' maxlength={10} value={date} onInput={(e) => setDate(e.detail.value)} />
        </FormField>
        <View className='org-form__row'>
          <FormField label='开始' name='session-start'>
            <Input className='form-input' id='session-form-start' placeholder='HH:mm' maxlength={5} value={start} onInput={(e) => setStart(e.detail.value)} />
          </FormField>
          <FormField label='结束' name='session-end'>
            <Input className='form-input' id='session-form-end' placeholder='HH:mm' maxlength={5} value={end} onInput={(e) => setEnd(e.detail.value)} />
          </FormField>
        </View>
        <FormField label='备注' name='session-note' hint='如：换到二楼教室'>
          <Input className='form-input' id='session-form-note' maxlength={200} value={note} onInput={(e) => setNote(e.detail.value)} />
        </FormField>
        {error ? (
          <View className='organizer__error' id='session-form-error' aria-role='alert'>
            {error}
          </View>
        ) : null}
        <View className='export-sheet__actions'>
          <Button className='export-sheet__button' fill='outline' onClick={onClose}>
            返回
          </Button>
          <Button className='export-sheet__button' type='primary' id='session-form-save' onClick={submit}>
            保存
          </Button>
        </View>
      </View>
    </Popup>
  )
}
