/**
 * One session for its organizer: the session card and its tools — the check-in code (while check-in is ahead or
 * open), change time/seats/note, cancel (people are notified), the lottery draw with its audit summary, and the xlsx
 * export — above the roster with check-in status and attendance marking. Every number on the card is counted from the
 * roster lines by core (rosterCounts), as the roster counts them. A change is checked before 保存并通知 is asked,
 * and a change the function refuses goes back to the still-open sheet with the organizer's edits in it. The roster,
 * the edit sheet and the draw summary are files of their own. A volunteer activity, once started, has 全部签退: one
 * tap after the activity records the hours of everyone present (course.checkOutAll); one by one is in the roster.
 */
import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Input, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import {
  cancelSessionSchema,
  type DrawLotteryOutput,
  type Fail,
  type RosterEntry,
  type RosterOutput,
  type Session,
  type UpdateSessionInput
} from '@core/api'
import { attendanceMarks, checkinPhase, checkinWindow, rosterCounts } from '@core/booking'
import { formatDateTime, formatRange, formatTime } from '@core/time'
import { validate } from '@core/schema'
import { call } from '@/cloud/call'
import { useRefreshing, useRemote } from '@/cloud/use-remote'
import ConfirmDialog from '@/components/confirm-dialog'
import RemoteView from '@/components/remote-view'
import { useNow } from '@/hooks/use-now'
import { alertFail } from '@/platform/feedback'
import DrawSummary from './draw-summary'
import { useExport } from './export-sheet'
import OrganizerPage, { type RouteNeeds } from './organizer-page'
import Roster from './roster'
import SessionEditSheet from './session-edit-sheet'
import './session.scss'

const NEEDS: RouteNeeds<'sessionId'> = { params: ['sessionId'], missing: { title: '没有找到这节课', description: '请从课程管理页进入。' } }

export default function OrganizerSessionPage() {
  return (
    <OrganizerPage className='organizer-session-page' needs={NEEDS}>
      {({ params }) => <SessionManager sessionId={params.sessionId} />}
    </OrganizerPage>
  )
}

/** People a new time is sent to: everyone holding or waiting for a seat. */
const notifiedCount = (items: RosterEntry[]) => items.filter((e) => ['confirmed', 'held', 'waitlisted'].includes(e.status)).length

/**
 * What saving an edit tells people, as updateSession does it: a new time goes to everyone holding or waiting for a
 * seat; more seats go to the waitlist in order, each with a notice; a note or fewer seats tell nobody.
 */
function editNotice(input: UpdateSessionInput, session: Session, items: RosterEntry[]): { text: string; tells: boolean } {
  const notified = notifiedCount(items)
  if (input.startAt !== undefined && notified > 0) return { text: `已预约和候补的 ${notified} 人会收到时间变更通知。`, tells: true }
  const waiting = rosterCounts(items).waitlist
  if (input.capacity !== undefined && input.capacity > session.capacity && waiting > 0) {
    return { text: '候补的人会按顺序补上新增的名额，并收到通知。', tells: true }
  }
  return { text: '这次修改不会通知学员。', tells: false }
}

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
  const [editFail, setEditFail] = useState<Fail | null>(null)

  const openEdit = () => {
    setEditFail(null)
    setDialog({ kind: 'edit' })
  }

  const saveEdit = async (input: UpdateSessionInput) => {
    setBusy(true)
    const res = await call('course', 'updateSession', input)
    setBusy(false)
    if (!res.ok) {
      // Back to the sheet, which still holds every edit, with the reason beside the field it is about; the session is
      // read again, so the sheet checks against what changed meanwhile (someone booked the seat it would remove).
      setEditFail(res)
      setDialog({ kind: 'edit' })
      void remote.reload()
      return
    }
    setDialog(null)
    void Taro.showToast({ title: res.data.notified > 0 ? `已保存，已通知${res.data.notified}人` : '已保存', icon: 'none' })
    void remote.reload()
  }

  const cancelSession = async () => {
    const checked = validate(cancelSessionSchema, { sessionId, reason })
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

  const checkOutAll = async () => {
    setBusy(true)
    const res = await call('course', 'checkOutAll', { sessionId })
    setBusy(false)
    if (!res.ok) return alertFail('没能签退', res)
    void Taro.showToast({ title: res.data.checkedOut > 0 ? `已签退 ${res.data.checkedOut} 人，时长已记录` : '到场的人都已签退', icon: 'none' })
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

  const content = ({ session, items }: RosterOutput) => {
    const cancelled = session.status === 'cancelled'
    const started = now >= session.startAt
    // The timer draws at drawAt; the button is for drawing right away once registration has closed.
    const drawable = session.mode === 'lottery' && session.drawAt !== undefined && now >= session.drawAt && !started && !cancelled
    const notified = notifiedCount(items)
    const counts = rosterCounts(items)
    const checkin = checkinPhase(session, now)
    const editing = dialog?.kind === 'edit' || dialog?.kind === 'confirm-edit'
    const notice = dialog?.kind === 'confirm-edit' ? editNotice(dialog.input, session, items) : null
    const checkOutOpen = session.kind === 'volunteer' && started && !cancelled
    const toCheckOut = items.filter((e) => e.status === 'attended' && e.checkedOutAt === undefined).length
    return (
      <>
        <View className='card' id='session-card' data-session-id={session._id} data-status={session.status}>
          <View className='card__title'>{session.title}</View>
          <View className='card__text'>{formatRange(session.startAt, session.endAt)}</View>
          <View className='card__text'>
            {cancelled
              ? `已取消${session.cancelReason ? `：${session.cancelReason}` : ''}`
              : session.mode === 'lottery'
                ? `抽签报名 ${counts.lottery} 人 · 名额 ${session.capacity}${session.drawAt !== undefined ? ` · ${formatDateTime(session.drawAt)} 抽签` : ''}`
                : `已约 ${counts.booked}/${session.capacity}${counts.waitlist > 0 ? ` · 候补 ${counts.waitlist} 人` : ''}`}
          </View>
          {session.note ? <View className='card__text'>{`备注：${session.note}`}</View> : null}
          {checkin === 'open' ? (
            <View className='organizer__muted' id='session-checkin-state'>{`正在签到，${formatTime(checkinWindow(session.startAt).closesAt)} 截止`}</View>
          ) : checkin === 'over' ? (
            <View className='organizer__muted' id='session-checkin-state'>签到已结束，到场情况可以在下面的名单里改。</View>
          ) : null}
          {!cancelled ? (
            <View className='organizer__actions'>
              {checkin === 'not-yet' || checkin === 'open' ? (
                <Button
                  className='tap-target'
                  type='primary'
                  id='session-checkin'
                  onClick={() => void Taro.navigateTo({ url: `/packages/organizer/checkin?sessionId=${encodeURIComponent(session._id)}` })}
                >
                  签到码
                </Button>
              ) : null}
              {checkOutOpen && toCheckOut > 0 ? (
                <Button className='tap-target' type='success' id='session-checkout-all' loading={busy} disabled={busy} onClick={() => void checkOutAll()}>
                  {`全部签退（${toCheckOut}人）`}
                </Button>
              ) : null}
              {!started ? (
                <Button className='tap-target' id='session-edit' onClick={openEdit}>
                  修改
                </Button>
              ) : null}
              {drawable ? (
                <Button className='tap-target' id='session-draw' onClick={() => setDialog({ kind: 'draw' })}>
                  立即抽签
                </Button>
              ) : null}
              <Button className='tap-target' id='session-export' loading={exporter.busy} onClick={exporter.start}>
                导出名单
              </Button>
              {!started ? (
                <Button className='tap-target' type='danger' fill='outline' id='session-cancel' onClick={() => setDialog({ kind: 'cancel' })}>
                  取消课次
                </Button>
              ) : null}
            </View>
          ) : null}
        </View>

        {draw ? <DrawSummary draw={draw} /> : null}

        <Roster sessionId={session._id} items={items} marks={attendanceMarks(session, now)} roster={remote} checkOut={checkOutOpen} />

        {editing ? (
          <SessionEditSheet
            session={session}
            fail={editFail}
            onEdited={() => setEditFail(null)}
            onClose={() => setDialog(null)}
            onSubmit={(input) => setDialog({ kind: 'confirm-edit', input })}
          />
        ) : null}
        <ConfirmDialog
          open={dialog?.kind === 'confirm-edit'}
          title='保存修改？'
          confirmText={notice?.tells ? '保存并通知' : '保存'}
          busy={busy}
          onConfirm={() => dialog?.kind === 'confirm-edit' && void saveEdit(dialog.input)}
          onCancel={() => setDialog({ kind: 'edit' })}
        >
          {notice?.text ?? ''}
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
