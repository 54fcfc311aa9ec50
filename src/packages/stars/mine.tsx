/**
 * 我的先锋指数: a party-member rider's month — the index as it stands, what their own activity adds (reports resolved,
 * volunteer hours, courses), and, once the centre has published the month's 骑士之星, each criterion's points and
 * the scorers' notes. Months step back and forth; someone not in the evaluation is told how to join.
 */
import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { MyStarOutput, SideScores } from '@core/api/community'
import { ACTIVITY_RULES, criteriaOf, openMonth, STAR_SIDE_LABELS, type StarSide } from '@core/community/stars'
import { call } from '@/cloud/call'
import { useRefreshing, useRemote } from '@/cloud/use-remote'
import PageShell from '@/components/page-shell'
import RemoteView from '@/components/remote-view'
import { signIn } from '@/session'
import StarRules from './rules'
import './stars.scss'
import { monthLabel, shiftMonth } from '@core/time'

type Me = NonNullable<MyStarOutput['me']>

const hours = (minutes: number): string => `${Math.round((minutes / 60) * 10) / 10}`

export default function MyStarPage() {
  const [latest] = useState(() => openMonth(Date.now()))
  const [month, setMonth] = useState(latest)
  const remote = useRemote(`my-star-${month}`, async () => {
    const fail = await signIn()
    if (fail) return fail
    return call('community', 'myStar', { month })
  })
  useRefreshing(remote)

  return (
    <PageShell className='stars my-star'>
      <View className='my-star__months'>
        <Button className='tap-target' fill='outline' id='my-star-prev' onClick={() => setMonth((m) => shiftMonth(m, -1))}>
          ‹ 上个月
        </Button>
        <Text className='my-star__month' id='my-star-month'>
          {monthLabel(month)}
        </Text>
        <Button className='tap-target' fill='outline' id='my-star-next' disabled={month >= latest} onClick={() => setMonth((m) => shiftMonth(m, 1))}>
          下个月 ›
        </Button>
      </View>
      <RemoteView
        remote={remote}
        rows={4}
        empty={{
          when: (d) => d.me === undefined,
          title: '你还不在骑士之星评选名单中',
          description: '骑士之星面向新就业群体党员骑手，由所在站点登记后参加每月评选。可以先去看看本月的骑士之星。',
          children: (
            <View className='my-star__actions'>
              <Button className='tap-target' type='primary' id='my-star-wall' onClick={() => void Taro.redirectTo({ url: '/packages/stars/index' })}>
                看骑士之星
              </Button>
            </View>
          )
        }}
      >
        {({ me }) => (me ? <MyMonth me={me} /> : null)}
      </RemoteView>
      <StarRules />
    </PageShell>
  )
}

function MyMonth({ me }: { me: Me }) {
  const r = ACTIVITY_RULES
  return (
    <>
      <View className={`card my-star__summary${me.isStar ? ' my-star__summary--star' : ''}`} id='my-star-summary'>
        {me.isStar ? <View className='my-star__crown'>本月骑士之星 · 恭喜你！</View> : null}
        <View className='my-star__who'>{`${me.name} · ${me.station}`}</View>
        <View className='my-star__index' id='my-star-index'>
          {me.index}
          <Text className='my-star__index-label'>先锋指数</Text>
        </View>
        {me.published ? (
          <View className='star-card__parts'>{`企业评分 ${me.enterpriseScore ?? 0} · 社区评分 ${me.communityScore ?? 0} · 活动分 ${me.activityPoints}`}</View>
        ) : (
          <View className='card__text'>评选结果公布后，可以看到企业评分和社区评分的每一项。</View>
        )}
      </View>
      <View className='card' id='my-star-activity'>
        <View className='card__title'>{`我的行动 · 活动分 ${me.activityPoints}`}</View>
        <View className='my-star__line'>{`网格上报办结 ${me.activity.reportsResolved} 件（每件 ${r.perReportResolved} 分，最多 ${r.reportsCap} 分）`}</View>
        <View className='my-star__line'>{`志愿服务 ${hours(me.activity.volunteerMinutes)} 小时（每小时 ${r.perVolunteerHour} 分，最多 ${r.volunteerCap} 分）`}</View>
        <View className='my-star__line'>{`参加课程 ${me.activity.coursesAttended} 节（每节 ${r.perCourseAttended} 分，最多 ${r.coursesCap} 分）`}</View>
      </View>
      {me.published ? (
        <>
          <SideCard side='enterprise' scores={me.enterprise} />
          <SideCard side='community' scores={me.community} />
        </>
      ) : null}
    </>
  )
}

function SideCard({ side, scores }: { side: StarSide; scores: SideScores | undefined }) {
  return (
    <View className='card' id={`my-star-${side}`}>
      <View className='card__title'>{`${STAR_SIDE_LABELS[side]} ${scores ? `${scores.total} 分` : '未评'}`}</View>
      {scores
        ? criteriaOf(side).map((c) => (
            <View key={c.id} className='my-star__line'>
              {`${c.title}：${scores.scores[c.id] ?? 0}/${c.maxPoints}`}
            </View>
          ))
        : null}
      {scores?.note ? <View className='my-star__note'>{`评语：${scores.note}`}</View> : null}
    </View>
  )
}
