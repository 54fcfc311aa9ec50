/**
 * One centre's page (中心): who it is, where (导航), its hours and whether it is open, its functional areas, how far it
 * serves, the figures it has published beside the platform's live ones, and what runs there — courses, volunteer
 * activities and services, each opening its own page. Opened from the directory, 首页's nearest-centre card or a
 * shared card (centreId only).
 *
 * The page asks four functions at once: the centre (community.centre), its courses and volunteer activities
 * (course.listCourses, which computes the next class and seats left), its services (service.listServices, the same
 * cards as the 服务 tab) and what it has done (service.outcomes: needs solved and activities held, the public board's
 * numbers without the rest of the board). Only the centre is needed to show the page; a list that fails says so in
 * its own section and comes back with a pull-down refresh.
 */
import { useEffect } from 'react'
import Taro, { useRouter, useShareAppMessage } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import type { CentreItem } from '@core/api/community'
import type { CourseSummary, ListCoursesOutput } from '@core/api/course'
import type { Result } from '@core/api/result'
import type { ListServicesOutput, OutcomesOutput } from '@core/api/service'
import type { VenueFigure } from '@core/api/venue'
import { isVolunteerActivity } from '@core/community/centres'
import { formatDistance } from '@core/matching/geo'
import shareCard from '@/assets/share-card.png'
import { courseNextLine } from '@/booking/present'
import { courseDetailUrl } from '@/booking/route'
import { call } from '@/cloud/call'
import { useRefreshing, useRemote } from '@/cloud/use-remote'
import PageShell from '@/components/page-shell'
import RemoteView from '@/components/remote-view'
import { EmptyView } from '@/components/state-view'
import VenueLine from '@/components/venue-line'
import { useArrivalGuard, type TapGuard } from '@/hooks/use-arrival-guard'
import { useNow } from '@/hooks/use-now'
import { centreUrl, rememberChosenCentre } from '@/pages/home/centre-choice'
import { nearHere } from '@/pages/services/near'
import ServiceCardView from '@/pages/services/service-card'
import OpenBadge from '@/components/open-badge'
import { figureValue, radiusText, thousands } from './present'
// The service cards' look lives with the 服务 tab; a subpackage page carries the styles of what it shows.
import '@/pages/services/index.scss'
import './detail.scss'

interface CentrePage {
  centre: CentreItem
  courses: Result<ListCoursesOutput>
  services: Result<ListServicesOutput>
  outcomes: Result<OutcomesOutput>
}

async function loadPage(centreId: string): Promise<Result<CentrePage>> {
  const near = nearHere()
  const [centre, courses, services, outcomes] = await Promise.all([
    call('community', 'centre', near ? { centreId, near } : { centreId }),
    call('course', 'listCourses', { venueId: centreId }),
    call('service', 'listServices', near ? { venueId: centreId, near } : { venueId: centreId }),
    call('service', 'outcomes', { venueId: centreId })
  ])
  if (!centre.ok) return centre
  return { ok: true, data: { centre: centre.data.centre, courses, services, outcomes } }
}

export default function CentreDetailPage() {
  const { params } = useRouter()
  const centreId = params.centreId ?? ''
  const remote = useRemote(centreId || null, () => loadPage(centreId))
  useRefreshing(remote)
  const guard = useArrivalGuard(remote.data ? 'loaded' : 'loading')
  const name = remote.data?.centre.name

  useEffect(() => {
    if (!name) return
    void Taro.setNavigationBarTitle({ title: name })
    // 首页 shows this centre until a position says which is nearest.
    rememberChosenCentre(centreId)
  }, [name, centreId])

  useShareAppMessage(() => ({
    title: name ? `${name} · 新兴领域党群服务中心` : '新兴领域党群服务中心',
    path: centreUrl(centreId),
    imageUrl: shareCard
  }))

  if (!centreId) {
    return (
      <PageShell className='centre'>
        <EmptyView title='没有找到这个服务中心' description='链接不完整，请从「服务中心」里重新打开。' />
      </PageShell>
    )
  }

  return (
    <PageShell className='centre'>
      <RemoteView remote={remote} rows={10}>
        {(page) => <CentreContent page={page} guard={guard} />}
      </RemoteView>
    </PageShell>
  )
}

function CentreContent({ page, guard }: { page: CentrePage; guard: TapGuard }) {
  const { centre, courses, services, outcomes } = page
  const near = nearHere()
  // '今天 19:00' turns into '明天' past midnight: a page left open keeps its labels true.
  const now = useNow(60_000)
  const all = courses.ok ? courses.data.items : []
  return (
    <>
      <View className='card centre__intro'>
        <View className='centre__head'>
          <Text className='centre__name' id='centre-name'>
            {centre.name}
          </Text>
          <OpenBadge centre={centre} />
        </View>
        <View className='centre__full-name'>{centre.fullName}</View>
        <VenueLine venue={centre} idPrefix='centre-address' />
        <Fact label='开放时间' text={centre.hours} id='centre-hours' />
        {centre.distanceM === undefined ? null : <Fact label='离你' text={formatDistance(centre.distanceM)} id='centre-distance' />}
        <Fact label='服务半径' text={radiusText(centre.radiusM)} id='centre-radius' />
        {centre.areaM2 === undefined ? null : <Fact label='占地面积' text={`${thousands(centre.areaM2)} 平方米`} id='centre-area' />}
      </View>

      {centre.amenities.length > 0 ? (
        <View className='card' id='centre-areas'>
          <View className='card__title'>功能区</View>
          <View className='centre__chips'>
            {centre.amenities.map((area) => (
              <Text key={area} className='centre__chip'>
                {area}
              </Text>
            ))}
          </View>
        </View>
      ) : null}

      <Figures centre={centre} outcomes={outcomes} />

      {centre.description ? (
        <View className='card' id='centre-description'>
          <View className='card__title'>中心介绍</View>
          <View className='card__text'>{centre.description}</View>
        </View>
      ) : null}

      <Section title='课程' id='centre-courses' failed={courses.ok ? undefined : courses.message} empty='这个中心暂时没有开放预约的课程。'>
        {all.filter((c) => !isVolunteerActivity(c)).map((c) => (
          <CourseRow key={c._id} course={c} now={now} guard={guard} />
        ))}
      </Section>

      <Section title='志愿活动' id='centre-volunteer' failed={courses.ok ? undefined : courses.message} empty='这个中心暂时没有招募中的志愿活动。'>
        {all.filter(isVolunteerActivity).map((c) => (
          <CourseRow key={c._id} course={c} now={now} guard={guard} />
        ))}
      </Section>

      <Section title='服务' id='centre-services' failed={services.ok ? undefined : services.message} empty='这个中心还没有登记服务，可以在「服务」里提需求。'>
        {(services.ok ? services.data.items : []).map((service) => (
          <ServiceCardView key={service._id} service={service} near={near} guard={guard} />
        ))}
      </Section>
    </>
  )
}

/** The figures the centre has published (the article's), then what the platform has recorded there. */
function Figures({ centre, outcomes }: { centre: CentreItem; outcomes: CentrePage['outcomes'] }) {
  const live = outcomes.ok
    ? [
        { label: '需求已解决', value: outcomes.data.needsSolved, unit: '件' },
        { label: '活动已开展', value: outcomes.data.activitiesHeld, unit: '场' }
      ].filter((f) => f.value > 0)
    : []
  if (centre.figures.length === 0 && live.length === 0) return null
  return (
    <View className='card' id='centre-figures'>
      <View className='card__title'>中心数据</View>
      <FigureGrid figures={centre.figures} />
      {live.length > 0 ? (
        <>
          <View className='centre__figures-note'>在友邻空间小程序里登记的</View>
          <FigureGrid figures={live} />
        </>
      ) : null}
    </View>
  )
}

function FigureGrid({ figures }: { figures: readonly VenueFigure[] }) {
  return (
    <View className='centre__figures'>
      {figures.map((f) => (
        <View key={f.label} className='centre__figure'>
          <View>
            <Text className='centre__figure-value'>{figureValue(f)}</Text>
            <Text className='centre__figure-unit'>{f.unit}</Text>
          </View>
          <Text className='centre__figure-label'>{f.label}</Text>
        </View>
      ))}
    </View>
  )
}

function Section({ title, id, failed, empty, children }: { title: string; id: string; failed?: string; empty: string; children: JSX.Element[] }) {
  return (
    <View className='centre__section' id={id}>
      <View className='centre__section-title'>{title}</View>
      {failed ? (
        <View className='centre__note'>{`${failed}，下拉刷新再试。`}</View>
      ) : children.length === 0 ? (
        <View className='centre__note'>{empty}</View>
      ) : (
        children
      )}
    </View>
  )
}

/** A course or volunteer activity: the next time it meets and the seats left; opens its page to book. */
function CourseRow({ course, now, guard }: { course: CourseSummary; now: number; guard: TapGuard }) {
  return (
    <View
      className='centre-course'
      id={`centre-course-${course._id}`}
      hoverClass='centre-course--pressed'
      aria-role='link'
      aria-label={course.title}
      onClick={guard(() => void Taro.navigateTo({ url: courseDetailUrl({ courseId: course._id }) }))}
    >
      <View className='centre-course__head'>
        <Text className='centre-course__title'>{course.title}</Text>
        <Text className='centre-course__category'>{course.category}</Text>
      </View>
      {course.instructor ? <Text className='centre-course__line'>{course.instructor}</Text> : null}
      <Text className='centre-course__line'>{courseNextLine(course, now)}</Text>
    </View>
  )
}

function Fact({ label, text, id }: { label: string; text: string; id: string }) {
  return (
    <View className='centre__fact' id={id}>
      <Text className='centre__fact-label'>{label}</Text>
      <Text className='centre__fact-text'>{text}</Text>
    </View>
  )
}
