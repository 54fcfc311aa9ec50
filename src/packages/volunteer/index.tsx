/**
 * 志愿服务 (善治合伙人): the coming week's volunteer activities of every centre, by category — 平安建设, 文明宣传, 助老扶弱,
 * 赛事保障 … — each slot with its seats left or waitlist. An activity is a course with kind 'volunteer', so a slot opens
 * the course detail page and signing up is its booking sheet (capacity, waitlist, check-in code: the booking rules,
 * not a copy of them). The hours a person served are on 我的志愿, linked at the top.
 */
import { useMemo, useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { VOLUNTEER_CATEGORIES, type CourseSummary, type Result, type SessionListItem, type VolunteerCategory } from '@core/api'
import { DAY_MS } from '@core/time'
import { CATEGORY_SLUGS, markLabel } from '@/booking/present'
import { courseDetailUrl } from '@/booking/route'
import { call } from '@/cloud/call'
import { useRefreshing, useRemote } from '@/cloud/use-remote'
import ChipRow from '@/components/chip-row'
import PageShell from '@/components/page-shell'
import RemoteView from '@/components/remote-view'
import SessionCard from '@/components/session-card'
import { useArrivalGuard } from '@/hooks/use-arrival-guard'
import { useNow } from '@/hooks/use-now'
import './index.scss'

/** How far ahead the list looks: the slots people sign up for this week. */
const AHEAD_DAYS = 7

interface Board {
  slots: SessionListItem[]
  activities: Map<string, CourseSummary>
}

async function loadBoard(): Promise<Result<Board>> {
  const now = Date.now()
  const [slots, activities] = await Promise.all([
    call('course', 'listSessions', { kind: 'volunteer', from: now, to: now + AHEAD_DAYS * DAY_MS }),
    call('course', 'listCourses', { kind: 'volunteer' })
  ])
  if (!slots.ok) return slots
  if (!activities.ok) return activities
  return { ok: true, data: { slots: slots.data.items, activities: new Map(activities.data.items.map((a) => [a._id, a])) } }
}

const openSlot = (slot: SessionListItem) =>
  void Taro.navigateTo({ url: courseDetailUrl({ courseId: slot.courseId, sessionId: slot._id }) })

export default function VolunteerPage() {
  const remote = useRemote('volunteer-board', loadBoard)
  useRefreshing(remote)
  const now = useNow(60_000)
  // A card appears under the finger that opened this page: a leftover tap must not open a slot.
  const guard = useArrivalGuard()
  const [category, setCategory] = useState<VolunteerCategory | null>(null)

  const data = remote.data
  const groups = useMemo(() => {
    const open = (data?.slots ?? []).filter((s) => s.endAt > now && s.status !== 'cancelled' && (!category || s.category === category))
    return VOLUNTEER_CATEGORIES.map((c) => ({ category: c, slots: open.filter((s) => s.category === c) })).filter((g) => g.slots.length > 0)
  }, [data, now, category])

  return (
    <PageShell className='volunteer'>
      <View className='card volunteer__intro'>
        <Text className='volunteer__lead'>善治合伙人</Text>
        <Text className='volunteer__text'>跑单路上多留一只眼：平安建设、文明宣传、城市环境、助老扶弱、赛事保障，报名一场，签到签退后自动记录志愿时长。</Text>
        <View
          className='volunteer__mine tap-target'
          id='volunteer-mine-link'
          hoverClass='volunteer__mine--pressed'
          aria-role='link'
          onClick={() => void Taro.navigateTo({ url: '/packages/volunteer/mine' })}
        >
          <Text>我的志愿时长与记录</Text>
          <Text className='volunteer__chevron'>›</Text>
        </View>
      </View>

      <ChipRow
        className='volunteer__chips'
        label='活动类别'
        kind='checkbox'
        chips={VOLUNTEER_CATEGORIES.map((c) => ({ key: c, label: c, id: `volunteer-category-${CATEGORY_SLUGS[c]}`, on: category === c }))}
        onTap={(key) => setCategory(category === key ? null : (key as VolunteerCategory))}
      />

      <RemoteView
        remote={remote}
        rows={6}
        empty={{
          when: () => groups.length === 0,
          title: category ? `这周没有${category}活动` : '这周还没有志愿活动',
          description: '各服务中心发布后会出现在这里，下拉可以刷新。'
        }}
      >
        {({ activities }) =>
          groups.map((g) => (
            <View key={g.category} className='volunteer__group' id={`volunteer-group-${CATEGORY_SLUGS[g.category]}`}>
              <View className='volunteer__group-title'>{g.category}</View>
              {g.slots.map((slot) => {
                const activity = activities.get(slot.courseId)
                return (
                  <View key={slot._id} className='volunteer__slot'>
                    <SessionCard
                      session={slot}
                      now={now}
                      showDate
                      idPrefix='volunteer-slot'
                      venueName={activity?.venueName}
                      district={activity?.venue?.district}
                      waitlist={activity?.policy.waitlist}
                      mine={markLabel(slot.mine)}
                      onTap={guard(() => openSlot(slot))}
                    />
                  </View>
                )
              })}
            </View>
          ))
        }
      </RemoteView>
    </PageShell>
  )
}
