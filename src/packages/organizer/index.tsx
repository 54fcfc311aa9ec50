/**
 * 管理端 home: the centre's questionnaires (survey-section.tsx) and its courses, each course leading to its sessions,
 * roster and stats, and 新建课程; then the 服务 tools (service-section.tsx).
 */
import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { CourseSummary } from '@core/api'
import { whenLabel } from '@/booking/present'
import { call } from '@/cloud/call'
import { useRefreshing, useRemote } from '@/cloud/use-remote'
import RemoteView from '@/components/remote-view'
import { useNow } from '@/hooks/use-now'
import OrganizerPage from './organizer-page'
import ServiceSection from './service-section'
import SurveySection from './survey-section'
import GridSection from './grid-section'
import DeliberationSection from './deliberation-section'
import PartySection from './party-section'
import StarsSection from './stars-section'

export default function OrganizerHomePage() {
  return (
    <OrganizerPage>
      {({ profile }) => (
        <>
          <View className='card' id='organizer-welcome'>
            <View className='card__title'>友邻空间 · 组织者</View>
            <View className='card__text'>{`${profile.nickname || '组织者'}，你好。在这里排课、看名单、签到，发问卷、看统计、审核需求和资源清单。`}</View>
            <View className='organizer__actions'>
              <Button className='tap-target' type='primary' id='course-new' onClick={() => void Taro.navigateTo({ url: '/packages/organizer/course-edit' })}>
                新建课程
              </Button>
            </View>
          </View>
          <CourseList />
          <SurveySection />
          <ServiceSection />
          <GridSection />
          <StarsSection />
          <DeliberationSection />
          <PartySection />
        </>
      )}
    </OrganizerPage>
  )
}

function CourseList() {
  // listAllCourses includes archived courses, so one can be found and reopened.
  const remote = useRemote('organizer-courses', () => call('course', 'listAllCourses', {}))
  useRefreshing(remote)
  const now = useNow(60_000)
  const [showArchived, setShowArchived] = useState(false)

  return (
    <RemoteView
      remote={remote}
      empty={{ when: ({ items }) => items.length === 0, title: '还没有课程', description: '点「新建课程」添加第一门课，再按每周规则生成课时。' }}
    >
      {({ items }) => {
        const active = items.filter((c) => c.status !== 'archived')
        const archived = items.filter((c) => c.status === 'archived')
        return (
          <View id='organizer-courses'>
            <View className='organizer__section'>课程</View>
            {active.length === 0 ? (
              <View className='card card__text'>没有进行中的课程，可在下方「已归档」中重新开放。</View>
            ) : (
              active.map((c) => <CourseRow key={c._id} course={c} now={now} />)
            )}
            {archived.length > 0 ? (
              <View id='organizer-archived'>
                <View
                  className='organizer__section organizer__toggle'
                  id='organizer-archived-toggle'
                  aria-role='button'
                  aria-expanded={showArchived}
                  onClick={() => setShowArchived((v) => !v)}
                >
                  {`已归档（${archived.length}）${showArchived ? ' ▾' : ' ▸'}`}
                </View>
                {showArchived ? archived.map((c) => <CourseRow key={c._id} course={c} now={now} />) : null}
              </View>
            ) : null}
          </View>
        )
      }}
    </RemoteView>
  )
}

function CourseRow({ course: c, now }: { course: CourseSummary; now: number }) {
  return (
    <View
      className={`org-row organizer-course${c.status === 'archived' ? ' org-row--dim' : ''}`}
      id={`organizer-course-${c._id}`}
      data-course-id={c._id}
      data-title={c.title}
      hoverClass='org-row--pressed'
      aria-role='link'
      onClick={() => void Taro.navigateTo({ url: `/packages/organizer/course?courseId=${encodeURIComponent(c._id)}` })}
    >
      <View className='org-row__main'>
        <Text className='org-row__title'>{c.title}</Text>
        <Text className='org-row__sub'>{[c.category, c.instructor, c.venueName].filter(Boolean).join(' · ')}</Text>
        <Text className='org-row__sub'>
          {c.nextStartAt !== undefined ? `下次 ${whenLabel(c.nextStartAt, now)} · 近期${c.upcomingSessions}节，剩${c.seatsLeft}位` : '近期没有排课'}
        </Text>
      </View>
      {c.status === 'archived' ? <Text className='org-row__tag org-row__tag--muted'>已归档</Text> : <Text className='org-row__side'>›</Text>}
    </View>
  )
}
