/**
 * 商圈议事: a district's topics by status (投票中 first, where a member's voice counts now), and the person's place in
 * it — a short application to join (身份 and 商户/企业名), its state while the organizer looks at it, and 提议题 once a
 * member. The list is public; joining needs an account. Pull down to refresh.
 */
import { useState } from 'react'
import Taro, { useRouter, useShareAppMessage } from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { DISTRICT_NAME_MAX, joinDistrictSchema, type MemberView, type TopicView } from '@core/api/community'
import { MEMBER_KINDS, MEMBER_KIND_LABELS, MEMBER_STATUS_LABELS, type MemberKind, type TopicStatus } from '@core/community/deliberation'
import { validate } from '@core/schema'
import { call } from '@/cloud/call'
import { useRefreshing, useRemote } from '@/cloud/use-remote'
import ChipRow from '@/components/chip-row'
import FormField from '@/components/form-field'
import PageShell from '@/components/page-shell'
import RemoteView from '@/components/remote-view'
import SegmentedTabs from '@/components/segmented-tabs'
import { alertFail } from '@/platform/feedback'
import { signIn } from '@/session'
import { DEFAULT_DISTRICT, statusLabel, topicLine } from './district'
import './index.scss'

type Filter = 'now' | 'coming' | 'done'

const FILTERS: { key: Filter; label: string; statuses: TopicStatus[] }[] = [
  { key: 'now', label: '投票中', statuses: ['voting'] },
  { key: 'coming', label: '待议事', statuses: ['raised', 'scheduled'] },
  { key: 'done', label: '有结果', statuses: ['closed', 'decided', 'done'] }
]

async function loadDistrict(venueId: string) {
  const [topics, centres] = await Promise.all([call('community', 'topics', { venueId }), call('community', 'centres', {})])
  if (!topics.ok) return topics
  if (!centres.ok) return centres
  return { ok: true as const, data: { items: topics.data.items, venue: centres.data.items.find((c) => c._id === venueId) } }
}

async function loadMembership(venueId: string) {
  const fail = await signIn()
  if (fail) return fail
  const mine = await call('community', 'myDistrict', {})
  if (!mine.ok) return mine
  return { ok: true as const, data: { member: mine.data.memberships.find((m) => m.venueId === venueId) } }
}

export default function DeliberationPage() {
  const { params } = useRouter()
  const venueId = params.venueId ?? DEFAULT_DISTRICT
  const district = useRemote(`deliberation-${venueId}`, () => loadDistrict(venueId))
  const membership = useRemote(`deliberation-member-${venueId}`, () => loadMembership(venueId))
  useRefreshing(district)
  useRefreshing(membership)
  const [filter, setFilter] = useState<Filter>('now')
  const name = district.data?.venue?.name ?? '商圈'

  useShareAppMessage(() => ({ title: `${name} · 商圈的事大家商量着办`, path: `/packages/deliberation/index?venueId=${venueId}` }))

  return (
    <PageShell className='deliberation'>
      <View className='card deliberation__intro' id='deliberation-intro'>
        <View className='card__title'>{`${name} · 协商议事`}</View>
        <View className='card__text'>个体工商户、楼宇企业、骑手和居民代表一起提议题、开议事会、投票，商圈的事大家商量着办。</View>
      </View>
      <RemoteView remote={membership} rows={2}>
        {({ member }) => <Membership venueId={venueId} member={member} onJoined={(m) => membership.update(() => ({ member: m }))} />}
      </RemoteView>
      <SegmentedTabs tabs={FILTERS} value={filter} onChange={setFilter} idPrefix='deliberation-filter' className='deliberation__tabs' />
      <RemoteView
        remote={district}
        rows={5}
        empty={{
          when: ({ items }) => !items.some((t) => shownIn(filter, t)),
          title: filter === 'now' ? '现在没有投票中的议题' : filter === 'coming' ? '没有待议事的议题' : '还没有出结果的议题',
          description: '成员可以点「提议题」，说说商圈里大家关心的事。'
        }}
      >
        {({ items }) => (
          <View id='deliberation-topics'>
            {items.filter((t) => shownIn(filter, t)).map((t) => (
              <TopicCard key={t._id} topic={t} />
            ))}
          </View>
        )}
      </RemoteView>
    </PageShell>
  )
}

const shownIn = (filter: Filter, topic: TopicView): boolean => FILTERS.find((f) => f.key === filter)?.statuses.includes(topic.status) ?? false

function TopicCard({ topic }: { topic: TopicView }) {
  return (
    <View
      className={`card deliberation-topic deliberation-topic--${topic.status}`}
      id={`topic-${topic._id}`}
      data-status={topic.status}
      aria-role='link'
      onClick={() => void Taro.navigateTo({ url: `/packages/deliberation/topic?topicId=${topic._id}` })}
    >
      <View className='deliberation-topic__head'>
        <Text className='deliberation-topic__title'>{topic.title}</Text>
        <Text className='deliberation-topic__status'>{statusLabel(topic)}</Text>
      </View>
      <View className='deliberation-topic__line'>{topicLine(topic)}</View>
    </View>
  )
}

interface MembershipProps {
  venueId: string
  member: MemberView | undefined
  onJoined: (member: MemberView) => void
}

/** Where the person stands in the district, and what they can do from there. */
function Membership({ venueId, member, onJoined }: MembershipProps) {
  if (member?.status === 'approved') {
    return (
      <View className='card deliberation__member' id='deliberation-member' data-status='approved'>
        <View className='deliberation__member-line'>{`你是本商圈议事成员：${MEMBER_KIND_LABELS[member.kind]} · ${member.name}`}</View>
        <Button type='primary' block className='tap-target' id='deliberation-raise' onClick={() => void Taro.navigateTo({ url: `/packages/deliberation/raise?venueId=${venueId}` })}>
          提议题
        </Button>
      </View>
    )
  }
  if (member?.status === 'pending') {
    return (
      <View className='card deliberation__member' id='deliberation-member' data-status='pending'>
        <View className='deliberation__member-line'>{`入会申请${MEMBER_STATUS_LABELS.pending}：${MEMBER_KIND_LABELS[member.kind]} · ${member.name}`}</View>
        <View className='card__text'>社区审核通过后，就可以提议题和投票了。</View>
      </View>
    )
  }
  return <JoinForm venueId={venueId} rejected={member} onJoined={onJoined} />
}

function JoinForm({ venueId, rejected, onJoined }: { venueId: string; rejected: MemberView | undefined; onJoined: (member: MemberView) => void }) {
  const [kind, setKind] = useState<MemberKind | undefined>(rejected?.kind)
  const [name, setName] = useState(rejected?.name ?? '')
  const [error, setError] = useState<{ field?: string; message: string }>()
  const [busy, setBusy] = useState(false)

  const submit = async () => {
    if (busy) return
    const checked = validate(joinDistrictSchema, { venueId, kind, name })
    if (!checked.ok) return setError(checked)
    setError(undefined)
    setBusy(true)
    const res = await call('community', 'joinDistrict', checked.value)
    setBusy(false)
    if (!res.ok) {
      if (res.field) setError(res)
      else alertFail('没能提交申请', res)
      return
    }
    onJoined(res.data.member)
    void Taro.showToast({ title: '已提交申请', icon: 'success' })
  }

  return (
    <View className='card deliberation__join' id='deliberation-join'>
      <View className='card__title'>加入商圈议事</View>
      {rejected ? <View className='card__text'>{`上次申请未通过${rejected.note ? `：${rejected.note}` : ''}。可以修改后再申请。`}</View> : null}
      <FormField label='我的身份' name='kind' error={error?.field === 'kind' ? error.message : undefined}>
        <ChipRow label='我的身份' kind='radio' chips={MEMBER_KINDS.map((k) => ({ key: k, label: MEMBER_KIND_LABELS[k], id: `join-kind-${k}`, on: kind === k }))} onTap={(k) => setKind(k as MemberKind)} />
      </FormField>
      <FormField label='商户/企业名或姓名' name='name' error={error?.field === 'name' ? error.message : undefined} limit={{ text: name, max: DISTRICT_NAME_MAX }}>
        <Input className='form-input' id='join-name' placeholder='例如：马记牛肉面、骑手小王' value={name} onInput={(e) => setName(e.detail.value)} />
      </FormField>
      <Button type='primary' block className='tap-target' id='join-submit' loading={busy} disabled={busy} onClick={() => void submit()}>
        申请加入
      </Button>
    </View>
  )
}
