/**
 * 我的需求: each need the person filed, newest first, with its status and the next step in words (core views), the
 * service it was referred to and that referral's status, and the whole timeline under 进度 (每一步 in plain Chinese,
 * who moved it, and why when there is a why). Two things to do: 撤回 an open need (confirmed first), and 评价 a
 * referral the provider completed (1–5 and a few words). A link from the duplicate warning opens with that need
 * expanded and scrolled to. 进度提醒 (in WeChat only) lets one more progress message through each time it is accepted.
 */
import { useEffect, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { MyNeedOutput, MyNeedsOutput } from '@core/api/service'
import { RATING_MAX, RATING_MIN } from '@core/matching/lifecycle'
import { ACTOR_LABELS } from '@core/matching/model'
import { formatDateTime } from '@core/time'
import { call } from '@/cloud/call'
import { useRefreshing, useRemote } from '@/cloud/use-remote'
import ChipRow from '@/components/chip-row'
import ConfirmDialog from '@/components/confirm-dialog'
import PageShell from '@/components/page-shell'
import RemindButton from '@/components/remind-button'
import RemoteView from '@/components/remote-view'
import { useArrivalGuard } from '@/hooks/use-arrival-guard'
import { alertFail } from '@/platform/feedback'
import { signIn } from '@/session'
import './my-needs.scss'

type MyNeed = MyNeedsOutput['items'][number]

const RATINGS = Array.from({ length: RATING_MAX - RATING_MIN + 1 }, (_, i) => RATING_MIN + i)

async function loadMine() {
  const fail = await signIn()
  if (fail) return fail
  return call('service', 'myNeeds', {})
}

export default function MyNeedsPage() {
  const { params } = useRouter()
  const remote = useRemote('my-needs', loadMine)
  useRefreshing(remote)
  const guard = useArrivalGuard(remote.data ? 'loaded' : 'loading')
  const [withdrawing, setWithdrawing] = useState<MyNeed | null>(null)
  const [busy, setBusy] = useState(false)

  // Opened from the duplicate warning: bring that need into view once the list is there.
  const loaded = remote.data !== undefined
  useEffect(() => {
    if (loaded && params.needId) void Taro.pageScrollTo({ selector: `#my-need-${params.needId}`, duration: 0 }).catch(() => undefined)
  }, [loaded, params.needId])

  const replace = ({ need }: MyNeedOutput) => remote.update((d) => ({ items: d.items.map((n) => (n._id === need._id ? need : n)) }))

  const withdraw = async () => {
    if (!withdrawing) return
    setBusy(true)
    const res = await call('service', 'withdrawNeed', { needId: withdrawing._id })
    setBusy(false)
    setWithdrawing(null)
    if (!res.ok) alertFail('没能撤回', res)
    else {
      replace(res.data)
      void Taro.showToast({ title: '已撤回', icon: 'success' })
    }
  }

  return (
    <PageShell className='my-needs'>
      <RemoteView
        remote={remote}
        rows={6}
        empty={{
          when: ({ items }) => items.length === 0,
          title: '还没有提过需求',
          description: '就业创业、权益保障、婚恋交友、技能提升上有什么难处，都可以说说。',
          children: (
            <View className='my-needs__actions'>
              <Button type='primary' className='tap-target' id='my-needs-new' onClick={() => void Taro.redirectTo({ url: '/packages/service/need' })}>
                提需求
              </Button>
            </View>
          )
        }}
      >
        {({ items }) => (
          <View id='my-needs-list'>
            <RemindButton kind='needProgress' label='进度提醒' id='my-needs-remind' guard={guard} />
            {[...items]
              .sort((a, b) => b.createdAt - a.createdAt)
              .map((need) => (
                <NeedCard key={need._id} need={need} open={need._id === params.needId} onWithdraw={guard(() => setWithdrawing(need))} onRated={replace} />
              ))}
          </View>
        )}
      </RemoteView>
      <ConfirmDialog
        open={withdrawing !== null}
        title='撤回这条需求？'
        confirmText='撤回'
        danger
        busy={busy}
        onConfirm={() => void withdraw()}
        onCancel={() => setWithdrawing(null)}
      >
        {withdrawing?.referrals.some((r) => r.status === 'sent' || r.status === 'accepted' || r.status === 'scheduled')
          ? '已发给服务方的转介会一并取消，撤回后不能恢复。'
          : '撤回后服务中心不再跟进这条需求，不能恢复。'}
      </ConfirmDialog>
    </PageShell>
  )
}

interface NeedCardProps {
  need: MyNeed
  open: boolean
  onWithdraw: () => void
  onRated: (output: MyNeedOutput) => void
}

function NeedCard({ need, open, onWithdraw, onRated }: NeedCardProps) {
  const [expanded, setExpanded] = useState(open)
  const rateable = need.referrals.find((r) => r.canRate)
  return (
    <View className={`card my-need my-need--${need.status}`} id={`my-need-${need._id}`} data-status={need.status}>
      <View className='my-need__head'>
        <Text className='my-need__category'>{need.categoryLabel}</Text>
        <Text className='my-need__status' id={`my-need-${need._id}-status`}>
          {need.statusLabel}
        </Text>
      </View>
      <View className='my-need__text'>{need.text}</View>
      <View className='my-need__next' id={`my-need-${need._id}-next`}>
        {need.nextStep}
      </View>
      {need.referrals.map((r) => (
        <View key={r._id} className='my-need__referral'>
          <Text className='my-need__referral-title'>{r.serviceTitle}</Text>
          <Text className='my-need__referral-status'>
            {[r.statusLabel, r.scheduledAt !== undefined ? `约在 ${formatDateTime(r.scheduledAt)}` : undefined, r.place, r.rating !== undefined ? `你的评分 ${r.rating} 分` : undefined]
              .filter(Boolean)
              .join(' · ')}
          </Text>
        </View>
      ))}

      <View
        className='my-need__toggle'
        id={`my-need-${need._id}-timeline-toggle`}
        aria-role='button'
        aria-expanded={expanded}
        onClick={() => setExpanded((v) => !v)}
      >
        {expanded ? '收起进度 ▾' : `查看进度（${need.history.length} 步） ▸`}
      </View>
      {expanded ? (
        <View className='my-need__timeline' id={`my-need-${need._id}-timeline`}>
          {need.history.map((step, i) => (
            <View key={`${step.at}-${i}`} className='my-need__step'>
              <View className='my-need__dot' />
              <View className='my-need__step-body'>
                <Text className='my-need__step-label'>{step.label}</Text>
                <Text className='my-need__step-meta'>{`${formatDateTime(step.at)} · ${ACTOR_LABELS[step.by]}`}</Text>
                {step.note ? <Text className='my-need__step-note'>{step.note}</Text> : null}
              </View>
            </View>
          ))}
        </View>
      ) : null}

      {rateable ? <RateBox referralId={rateable._id} serviceTitle={rateable.serviceTitle} onRated={onRated} /> : null}
      {need.canWithdraw ? (
        <View className='my-needs__actions my-needs__actions--end'>
          <Button className='tap-target' fill='outline' id={`my-need-${need._id}-withdraw`} onClick={onWithdraw}>
            撤回
          </Button>
        </View>
      ) : null}
    </View>
  )
}

function RateBox({ referralId, serviceTitle, onRated }: { referralId: string; serviceTitle: string; onRated: (output: MyNeedOutput) => void }) {
  const [rating, setRating] = useState<number | null>(null)
  const [comment, setComment] = useState('')
  const [busy, setBusy] = useState(false)
  const send = async () => {
    if (rating === null || busy) return
    setBusy(true)
    const res = await call('service', 'rateReferral', { referralId, rating, ...(comment.trim() ? { comment: comment.trim() } : {}) })
    setBusy(false)
    if (!res.ok) alertFail('没能提交评价', res)
    else {
      onRated(res.data)
      void Taro.showToast({ title: '谢谢你的评价', icon: 'success' })
    }
  }
  return (
    <View className='my-need__rate' id={`rate-${referralId}`}>
      <View className='my-need__rate-title'>{`给「${serviceTitle}」打个分`}</View>
      <ChipRow
        label='评分'
        kind='radio'
        chips={RATINGS.map((n) => ({ key: String(n), label: `${n} 分`, id: `rate-${referralId}-${n}`, on: rating === n }))}
        onTap={(key) => setRating(Number(key))}
      />
      <Textarea
        className='my-need__comment'
        id={`rate-${referralId}-comment`}
        placeholder='说说这次服务怎么样（可不填）'
        maxlength={200}
        value={comment}
        onInput={(e) => setComment(e.detail.value)}
      />
      <View className='my-needs__actions my-needs__actions--end'>
        <Button type='primary' className='tap-target' id={`rate-${referralId}-send`} disabled={rating === null} loading={busy} onClick={() => void send()}>
          提交评价
        </Button>
      </View>
    </View>
  )
}
