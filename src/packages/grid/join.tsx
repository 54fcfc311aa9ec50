/**
 * 兼职网格员: a rider or courier applies to join a centre's grid team with their 网点 (and company), the centre
 * approves, and the page then shows the badge. One application per person: while one waits the page says so; after a
 * refusal (with the handler's note) they may apply again. The form offers 西固's centre first when it is near — any
 * centre takes applications. The form is checked with the schema the function checks with (joinGridSchema).
 */
import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { CentreItem, MyGridMembershipOutput } from '@core/api/community'
import { OUTLET_MAX, joinGridSchema } from '@core/api/community/grid'
import { GRID_BADGE, MEMBERSHIP_STATUS_LABELS } from '@core/community/grid'
import { validate } from '@core/schema'
import { formatDate } from '@core/time'
import { call } from '@/cloud/call'
import { useRefreshing, useRemote } from '@/cloud/use-remote'
import ChipRow from '@/components/chip-row'
import FormField from '@/components/form-field'
import { problemsOf } from '@/components/form-field/problems'
import PageShell from '@/components/page-shell'
import RemoteView from '@/components/remote-view'
import SignInGate from '@/components/sign-in-gate'
import { useArrivalGuard } from '@/hooks/use-arrival-guard'
import { alertFail } from '@/platform/feedback'
import '@/components/report-card/index.scss'

export default function JoinPage() {
  return (
    <PageShell className='grid'>
      <SignInGate id='grid-join-sign-in' title='先登录再申请' reason='社区审核后会通知你，需要知道是谁申请的。同意隐私保护指引后就能申请。'>
        <JoinContext />
      </SignInGate>
    </PageShell>
  )
}

function JoinContext() {
  const remote = useRemote('grid-join', async () => {
    const [membership, centres] = await Promise.all([call('community', 'myGridMembership', {}), call('community', 'centres', {})])
    if (!membership.ok) return membership
    if (!centres.ok) return centres
    return { ok: true as const, data: { ...membership.data, centres: centres.data.items } }
  })
  useRefreshing(remote)
  return (
    <RemoteView remote={remote} rows={6}>
      {(data) => <Membership data={data} onApplied={(next) => remote.update((d) => ({ ...d, ...next }))} />}
    </RemoteView>
  )
}

type Data = MyGridMembershipOutput & { centres: CentreItem[] }

function Membership({ data, onApplied }: { data: Data; onApplied: (next: MyGridMembershipOutput) => void }) {
  const { membership, badge, centres } = data
  const guard = useArrivalGuard(membership?.status ?? 'none')
  const report = guard(() => void Taro.navigateTo({ url: '/packages/grid/report' }))

  if (membership && badge) {
    return (
      <View className='card' id='grid-member'>
        <Text className='grid__badge' id='grid-badge'>
          {badge}
        </Text>
        <View className='card__text'>{`${membership.venueName} · ${membership.outlet}${membership.company ? ` · ${membership.company}` : ''}`}</View>
        <View className='card__text'>走街串巷既做“宣传员”又当“监督员”：看到飞线充电、垃圾乱堆乱放等问题，随手拍报给社区。</View>
        <View className='grid__actions'>
          <Button type='primary' className='tap-target' id='grid-member-report' onClick={report}>
            随手拍
          </Button>
          <Button className='tap-target' onClick={guard(() => void Taro.navigateTo({ url: '/packages/grid/mine' }))}>
            我的随手拍
          </Button>
        </View>
      </View>
    )
  }
  if (membership?.status === 'pending') {
    return (
      <View className='card' id='grid-pending'>
        <View className='card__title'>{`申请${MEMBERSHIP_STATUS_LABELS.pending}`}</View>
        <View className='card__text'>{`${formatDate(membership.appliedAt)} 申请加入 ${membership.venueName} 的兼职网格员（${membership.outlet}），社区审核后会通知你。`}</View>
        <View className='card__text'>审核期间也可以随手拍上报问题。</View>
        <View className='grid__actions'>
          <Button className='tap-target' onClick={report}>
            随手拍
          </Button>
        </View>
      </View>
    )
  }
  return <ApplyForm centres={centres} refused={membership?.status === 'rejected' ? membership.note ?? '' : null} onApplied={onApplied} />
}

function ApplyForm({ centres, refused, onApplied }: { centres: CentreItem[]; refused: string | null; onApplied: (next: MyGridMembershipOutput) => void }) {
  const [venueId, setVenueId] = useState('')
  const [outlet, setOutlet] = useState('')
  const [company, setCompany] = useState('')
  const [tried, setTried] = useState(false)
  // What the function refused that the schema could not see.
  const [problem, setProblem] = useState<{ field?: string; message: string } | null>(null)
  const [busy, setBusy] = useState(false)
  const guard = useArrivalGuard()
  // The application as the function's schema checks it: an unpicked centre is absent, so it is named as missing.
  const input = { ...(venueId ? { venueId } : {}), outlet: outlet.trim(), ...(company.trim() ? { company: company.trim() } : {}) }

  const apply = async () => {
    if (busy) return
    setTried(true)
    const checked = validate(joinGridSchema, input)
    if (!checked.ok) {
      void Taro.showToast({ title: checked.message, icon: 'none' })
      return
    }
    setBusy(true)
    const res = await call('community', 'joinGrid', checked.value)
    setBusy(false)
    if (!res.ok) {
      if (res.field) setProblem({ field: res.field, message: res.message })
      else alertFail('没能提交申请', res)
      return
    }
    onApplied({ membership: res.data.membership, badge: null })
  }
  // After the first 提交申请, each problem shows beside its field until it is fixed.
  const found = tried ? problemsOf(joinGridSchema, input) : {}
  const errorOf = (field: string): string | undefined => found[field] ?? (problem?.field === field ? problem.message : undefined)

  return (
    <View id='grid-apply'>
      <View className='card'>
        <View className='card__title'>{`加入${GRID_BADGE}`}</View>
        <View className='card__text'>
          西固区7个网点400余名外卖骑手、快递小哥已加入兼职网格员队伍，发挥“移动探头”作用，解决电动自行车飞线充电、垃圾乱堆乱放等问题60余个。
        </View>
        {refused !== null ? <View className='grid__error'>{`上次申请未通过${refused ? `：${refused}` : ''}。可以修改后重新申请。`}</View> : null}
        <FormField label='加入哪个服务中心的网格' name='venueId' error={errorOf('venueId')}>
          <ChipRow
            label='服务中心'
            kind='radio'
            chips={centres.map((c) => ({ key: c._id, label: c.name, id: `grid-venue-${c._id}`, on: venueId === c._id }))}
            onTap={(id) => {
              setVenueId(id)
              setProblem(null)
            }}
          />
        </FormField>
        <FormField label='所在网点' name='outlet' error={errorOf('outlet')} hint='例如：美团西固站、顺丰西固中路网点' limit={{ text: outlet, max: OUTLET_MAX }}>
          <Input
            className='grid__input'
            id='grid-outlet'
            value={outlet}
            placeholder='站点或网点名称'
            onInput={(e) => {
              setOutlet(e.detail.value)
              setProblem(null)
            }}
          />
        </FormField>
        <FormField label='所属企业（可不填）' name='company' error={errorOf('company')}>
          <Input
            className='grid__input'
            id='grid-company'
            value={company}
            placeholder='例如：美团外卖'
            onInput={(e) => {
              setCompany(e.detail.value)
              setProblem(null)
            }}
          />
        </FormField>
      </View>
      <View className='grid__actions'>
        <Button type='primary' className='tap-target grid__submit' id='grid-apply-submit' loading={busy} onClick={guard(() => void apply())}>
          提交申请
        </Button>
      </View>
    </View>
  )
}
