/**
 * 课程: the centre's timetable for the next two weeks, narrowed by the filters riders need (fits my free time,
 * evenings, weekends, starting within 2 hours, by centre), shown as a week strip with counts per day and a list;
 * and the curriculum by category. Filtering uses core's filterSessions on the loaded list, so a chip answers at once.
 */
import { useMemo, useState } from 'react'
import Taro from '@tarojs/taro'
import { Image, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import {
  COURSE_CATEGORIES,
  LIST_DEFAULT_DAYS,
  type CourseCategory,
  type CourseSummary,
  type Result,
  type SessionFilter,
  type SessionListItem
} from '@core/api'
import { filterSessions } from '@core/booking'
import { DAY_MS, dateKey, formatDate, formatDay, startOfDay } from '@core/time'
import { CATEGORY_SLUGS, markLabel, whenLabel } from '@/booking/present'
import { call, fileUrl } from '@/cloud/call'
import { useRefreshing, useRemote } from '@/cloud/use-remote'
import ChipRow from '@/components/chip-row'
import PageShell from '@/components/page-shell'
import RemoteView from '@/components/remote-view'
import SegmentedTabs from '@/components/segmented-tabs'
import SessionCard from '@/components/session-card'
import { EmptyView, LoadingView } from '@/components/state-view'
import WeekStrip, { buildWeek } from '@/components/week-strip'
import { useNow } from '@/hooks/use-now'
import { signIn, useSession } from '@/session'
import './index.scss'

interface Timetable {
  sessions: SessionListItem[]
  courses: CourseSummary[]
}

type TimeFilter = 'fitsFreeTime' | 'evening' | 'weekend' | 'startingSoon'

const TIME_FILTERS: { key: TimeFilter; label: string; id: string }[] = [
  { key: 'fitsFreeTime', label: '适合我的空闲时间', id: 'filter-fits-free-time' },
  { key: 'evening', label: '晚上', id: 'filter-evening' },
  { key: 'weekend', label: '周末', id: 'filter-weekend' },
  { key: 'startingSoon', label: '2小时内开始', id: 'filter-starting-soon' }
]

const NO_TIME_FILTERS: Record<TimeFilter, boolean> = { fitsFreeTime: false, evening: false, weekend: false, startingSoon: false }

type ViewMode = 'schedule' | 'courses'

const VIEW_TABS = [
  { key: 'schedule', label: '课表' },
  { key: 'courses', label: '课程介绍' }
] as const

async function loadTimetable(): Promise<Result<Timetable>> {
  const from = startOfDay(Date.now())
  const [sessions, courses] = await Promise.all([
    call('course', 'listSessions', { from, to: from + LIST_DEFAULT_DAYS * DAY_MS }),
    call('course', 'listCourses', {})
  ])
  if (!sessions.ok) return sessions
  if (!courses.ok) return courses
  return { ok: true, data: { sessions: sessions.data.items, courses: courses.data.items } }
}

const openDetail = (courseId: string, sessionId?: string) =>
  void Taro.navigateTo({
    url: `/packages/course/detail?courseId=${encodeURIComponent(courseId)}${sessionId ? `&sessionId=${encodeURIComponent(sessionId)}` : ''}`
  })

export default function CoursesPage() {
  const remote = useRemote('timetable', loadTimetable)
  useRefreshing(remote)
  const session = useSession()
  const now = useNow(60_000)

  const [view, setView] = useState<ViewMode>('schedule')
  const [category, setCategory] = useState<CourseCategory | null>(null)
  const [time, setTime] = useState(NO_TIME_FILTERS)
  const [venueId, setVenueId] = useState<string | null>(null)
  const [week, setWeek] = useState(0)
  const [day, setDay] = useState<string | null>(null)

  const freeTimes = session.status === 'ready' ? session.profile.freeTimes : undefined
  const filter = useMemo((): SessionFilter => {
    const f: SessionFilter = {}
    for (const { key } of TIME_FILTERS) if (time[key]) f[key] = true
    if (category) f.category = category
    if (venueId) f.venueId = venueId
    return f
  }, [time, category, venueId])
  const filtersOn = Object.keys(filter).length > 0

  const toggleTime = (key: TimeFilter) => {
    const on = !time[key]
    setTime((t) => ({ ...t, [key]: on }))
    // Free time lives in the profile: sign in (once) to read it.
    if (key === 'fitsFreeTime' && on && session.status !== 'ready' && session.status !== 'loading') void signIn()
  }
  const clearFilters = () => {
    setTime(NO_TIME_FILTERS)
    setCategory(null)
    setVenueId(null)
    setDay(null)
  }

  const data = remote.data
  const upcoming = useMemo(() => (data ? data.sessions.filter((s) => s.endAt > now && s.status !== 'cancelled') : []), [data, now])
  const matching = useMemo(() => filterSessions(upcoming, filter, { now, freeTimes }), [upcoming, filter, now, freeTimes])
  const courseById = useMemo(() => new Map((data?.courses ?? []).map((c) => [c._id, c])), [data])
  // The centres that have courses, in the order the courses come.
  const venueNames = useMemo(() => new Map((data?.courses ?? []).map((c) => [c.venueId, c.venueName])), [data])

  const categoryRow = (
    <ChipRow
      className='courses__categories'
      label='课程类别'
      kind='radio'
      chips={[
        { key: '', label: '全部', id: 'category-all', on: category === null },
        ...COURSE_CATEGORIES.map((c) => ({ key: c, label: c, id: `category-${CATEGORY_SLUGS[c]}`, on: category === c }))
      ]}
      onTap={(key) => setCategory(key === '' ? null : (key as CourseCategory))}
    />
  )

  const viewSwitch = (
    <SegmentedTabs
      className='courses__views'
      idPrefix='view'
      tabs={VIEW_TABS}
      value={view}
      onChange={setView}
    />
  )

  const courseCards = (courses: CourseSummary[]) => {
    const shown = courses.filter((c) => (!category || c.category === category) && (!venueId || c.venueId === venueId))
    if (shown.length === 0) {
      return (
        <EmptyView title='没有符合条件的课程' description='换个类别或服务中心看看。'>
          <ClearButton onTap={clearFilters} />
        </EmptyView>
      )
    }
    return (
      <View className='courses__cards'>
        {shown.map((c) => (
          <CourseCard key={c._id} course={c} now={now} />
        ))}
      </View>
    )
  }

  const schedule = () => {
    const weekStart = startOfDay(now) + week * 7 * DAY_MS
    const days = buildWeek(weekStart, matching.map((s) => s.startAt))
    const inWeek = matching.filter((s) => s.startAt >= weekStart && s.startAt < weekStart + 7 * DAY_MS)
    const listed = day ? inWeek.filter((s) => dateKey(s.startAt) === day) : inWeek
    const needsFreeTime = time.fitsFreeTime && (freeTimes === undefined || freeTimes.length === 0)
    return (
      <>
        <WeekStrip
          days={days}
          selected={day}
          now={now}
          onSelect={setDay}
          onPrev={week > 0 ? () => (setWeek(week - 1), setDay(null)) : undefined}
          onNext={week === 0 ? () => (setWeek(1), setDay(null)) : undefined}
        />
        {needsFreeTime ? (
          <FreeTimeHint loading={session.status === 'loading'} />
        ) : listed.length > 0 ? (
          <DayGroups sessions={listed} now={now} courseById={courseById} />
        ) : upcoming.length === 0 ? (
          <EmptyView title='近期还没有排课' description='中心排好课后会出现在这里，下拉可以刷新。' />
        ) : filtersOn ? (
          <EmptyView title='没有符合条件的课程' description={day ? '这一天没有符合条件的课次，看看别的日子或放宽筛选条件。' : '放宽筛选条件，或看看下一周。'}>
            <ClearButton onTap={clearFilters} />
          </EmptyView>
        ) : (
          <EmptyView title={day ? '这一天没有课' : '这一周没有课'} description='看看别的日子吧。' />
        )}
      </>
    )
  }

  return (
    <PageShell className='courses'>
      {categoryRow}
      {viewSwitch}
      {view === 'schedule' ? (
        <ChipRow
          className='courses__filters'
          label='按时间筛选'
          kind='checkbox'
          chips={TIME_FILTERS.map((f) => ({ key: f.key, label: f.label, id: f.id, on: time[f.key] }))}
          onTap={(key) => toggleTime(key as TimeFilter)}
        />
      ) : null}
      {venueNames.size > 1 ? (
        <ChipRow
          className='courses__venues'
          label='按服务中心筛选'
          kind='radio'
          chips={[
            { key: '', label: '所有中心', id: 'filter-venue-all', on: venueId === null },
            ...[...venueNames].map(([id, name]) => ({ key: id, label: name, id: `filter-venue-${id}`, on: venueId === id }))
          ]}
          onTap={(key) => setVenueId(key === '' ? null : key)}
        />
      ) : null}
      <RemoteView remote={remote} rows={6}>
        {(timetable) => (view === 'courses' ? courseCards(timetable.courses) : schedule())}
      </RemoteView>
    </PageShell>
  )
}

function ClearButton({ onTap }: { onTap: () => void }) {
  return (
    <View className='courses__clear'>
      <Button type='primary' size='small' id='filters-clear' onClick={onTap}>
        清除筛选
      </Button>
    </View>
  )
}

/** "Fits my free time" needs the windows from 我的; without any, say where to add them. */
function FreeTimeHint({ loading }: { loading: boolean }) {
  if (loading) return <LoadingView rows={2} />
  return (
    <View className='card courses__hint' id='free-time-hint'>
      <View className='card__title'>先填写你的空闲时间</View>
      <View className='card__text'>在「我的」里填上每周通常有空的时段（例如 周二 19:30–21:30），这里就只显示你有空时能上的课。</View>
      <View className='courses__clear'>
        <Button type='primary' size='small' id='free-time-set' onClick={() => void Taro.switchTab({ url: '/pages/me/index' })}>
          去「我的」填写
        </Button>
      </View>
    </View>
  )
}

function DayGroups({ sessions, now, courseById }: { sessions: SessionListItem[]; now: number; courseById: Map<string, CourseSummary> }) {
  const groups: { key: string; at: number; items: SessionListItem[] }[] = []
  for (const s of [...sessions].sort((a, b) => a.startAt - b.startAt)) {
    const key = dateKey(s.startAt)
    const last = groups[groups.length - 1]
    if (last?.key === key) last.items.push(s)
    else groups.push({ key, at: s.startAt, items: [s] })
  }
  return (
    <View className='courses__list' id='session-list'>
      {groups.map((g) => (
        <View key={g.key} className='courses__day'>
          <View className='courses__day-title'>{dayHeading(g.at, now)}</View>
          {g.items.map((s) => (
            <SessionCard
              key={s._id}
              session={s}
              now={now}
              venueName={courseById.get(s.courseId)?.venueName}
              waitlist={courseById.get(s.courseId)?.policy.waitlist}
              mine={markLabel(s.mine)}
              onTap={() => openDetail(s.courseId, s._id)}
            />
          ))}
        </View>
      ))}
    </View>
  )
}

function CourseCard({ course, now }: { course: CourseSummary; now: number }) {
  return (
    <View
      className='course-card'
      id={`course-${course._id}`}
      data-course-id={course._id}
      data-title={course.title}
      aria-role='button'
      aria-label={`${course.title}，${course.category}课程`}
      onClick={() => openDetail(course._id)}
    >
      {course.cover ? (
        <Image className='course-card__cover' src={fileUrl(course.cover)} mode='aspectFill' ariaLabel={`${course.title}封面`} />
      ) : (
        <View className={`course-card__cover course-card__cover--${CATEGORY_SLUGS[course.category]}`}>
          <Text className='course-card__initial'>{course.title.slice(0, 1)}</Text>
        </View>
      )}
      <View className='course-card__body'>
        <View className='course-card__head'>
          <Text className='course-card__title'>{course.title}</Text>
          <Text className='course-card__tag'>{course.category}</Text>
        </View>
        <Text className='course-card__line'>
          {[course.instructor, course.venueName].filter(Boolean).join(' · ')}
        </Text>
        <Text className='course-card__line course-card__next'>
          {course.nextStartAt !== undefined
            ? `下次 ${whenLabel(course.nextStartAt, now)} · 近期${course.upcomingSessions}节，剩${course.seatsLeft}位`
            : '近期暂无排课'}
        </Text>
      </View>
    </View>
  )
}

/** '今天 · 11月27日 周五' for the next days, the plain date after. */
function dayHeading(at: number, now: number): string {
  const relative = formatDay(at, now)
  const date = formatDate(at)
  return relative === date ? date : `${relative} · ${date}`
}
