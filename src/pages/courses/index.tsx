/**
 * 课程: the centre's timetable for the next two weeks, narrowed by the filters riders need (fits my free time,
 * evenings, weekends, starting within 2 hours, category, centre), shown as a day strip with counts per day and a list;
 * and the curriculum by category. Filtering uses core's filterSessions on the loaded list, so a chip answers at once.
 *
 * Laid out for a thumb and a glance: the view switch, then every filter in one row that scrolls sideways, then the
 * days, so the first class is high on the screen. Once free time is set in 我的, 适合我的空闲时间 is on until the rider
 * turns it off; the profile is read quietly (no privacy prompt on a first visit) to know that.
 */
import { useEffect, useMemo, useState } from 'react'
import Taro from '@tarojs/taro'
import { Image, ScrollView, Text, View } from '@tarojs/components'
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
import { firstCharacter } from '@core/text'
import { DAY_MS, dateKey, formatDate, formatDay, startOfDay } from '@core/time'
import { CATEGORY_SLUGS, courseNextLine, markLabel } from '@/booking/present'
import { courseDetailUrl } from '@/booking/route'
import { call, fileUrl } from '@/cloud/call'
import { useRefreshing, useRemote } from '@/cloud/use-remote'
import ChipRow from '@/components/chip-row'
import PageShell from '@/components/page-shell'
import RemoteView from '@/components/remote-view'
import SegmentedTabs from '@/components/segmented-tabs'
import SessionCard from '@/components/session-card'
import { EmptyView, LoadingView } from '@/components/state-view'
import { placeName } from '@/components/venue-line'
import WeekStrip, { buildWeek } from '@/components/week-strip'
import { useArrivalGuard, type TapGuard } from '@/hooks/use-arrival-guard'
import { useNow } from '@/hooks/use-now'
import { signIn, signInQuietly, useSession } from '@/session'
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

/** The rider's own choices; an absent fitsFreeTime follows the default (on once free time is set). */
type TimeChoices = Partial<Record<TimeFilter, boolean>>

const ALL_OFF: TimeChoices = { fitsFreeTime: false, evening: false, weekend: false, startingSoon: false }

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

/**
 * On H5 this page's code is fetched when the page is opened, so its timetable starts loading as soon as the code has
 * arrived, while the page renders for the first time, instead of after that render. On weapp every main-package page's
 * code runs at launch, opened or not, so there the page loads when it mounts, as every other page does.
 */
let opening: Promise<Result<Timetable>> | undefined = process.env.TARO_ENV === 'h5' ? loadTimetable() : undefined

/** The first load takes what the opening started; later loads (refresh, coming back) ask again. */
function timetable(): Promise<Result<Timetable>> {
  const started = opening
  opening = undefined
  return started ?? loadTimetable()
}

const openDetail = (courseId: string, sessionId?: string) =>
  void Taro.navigateTo({ url: courseDetailUrl({ courseId, sessionId }) })

export default function CoursesPage() {
  const remote = useRemote('timetable', timetable)
  useRefreshing(remote)
  const session = useSession()
  const now = useNow(60_000)
  // A card tap opens the detail page; a leftover of a double-tap must not land on its 预约.
  const guard = useArrivalGuard()

  const [view, setView] = useState<ViewMode>('schedule')
  const [category, setCategory] = useState<CourseCategory | null>(null)
  const [time, setTime] = useState<TimeChoices>({})
  const [venueId, setVenueId] = useState<string | null>(null)
  const [day, setDay] = useState<string | null>(null)

  useEffect(() => {
    void signInQuietly()
  }, [])

  const freeTimes = session.status === 'ready' ? session.profile.freeTimes : undefined
  const hasFreeTimes = (freeTimes?.length ?? 0) > 0
  const chosen = useMemo(
    (): Record<TimeFilter, boolean> => ({
      fitsFreeTime: time.fitsFreeTime ?? hasFreeTimes,
      evening: time.evening ?? false,
      weekend: time.weekend ?? false,
      startingSoon: time.startingSoon ?? false
    }),
    [time, hasFreeTimes]
  )
  // The default waits for the profile, so the list does not show everything and then jump to the rider's hours.
  const awaitingDefault = time.fitsFreeTime === undefined && session.status === 'loading'
  const filter = useMemo((): SessionFilter => {
    const f: SessionFilter = {}
    for (const { key } of TIME_FILTERS) if (chosen[key]) f[key] = true
    if (category) f.category = category
    if (venueId) f.venueId = venueId
    return f
  }, [chosen, category, venueId])
  const filtersOn = Object.keys(filter).length > 0

  const toggleTime = (key: TimeFilter) => {
    const on = !chosen[key]
    setTime((t) => ({ ...t, [key]: on }))
    // Free time lives in the profile: sign in (once) to read it.
    if (key === 'fitsFreeTime' && on && session.status !== 'ready' && session.status !== 'loading') void signIn()
  }
  const clearFilters = () => {
    setTime(ALL_OFF)
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

  // One row, scrolled sideways: the view switch first, then every filter group. A scroll-view, which scrolls sideways
  // on every WeChat renderer (a plain view's overflow does not everywhere).
  const chips = (
    <ScrollView scrollX enhanced showScrollbar={false} className='courses__chips' id='course-filters'>
      <View className='courses__chips-row'>
        <SegmentedTabs className='courses__views' idPrefix='view' tabs={VIEW_TABS} value={view} onChange={setView} />
        <ChipRow
          inline
          label='全部课程'
          kind='checkbox'
          chips={[{ key: 'all', label: '全部', id: 'filter-all', on: !filtersOn }]}
          onTap={clearFilters}
        />
        {view === 'schedule' ? (
          <ChipRow
            inline
            label='按时间筛选'
            kind='checkbox'
            chips={TIME_FILTERS.map((f) => ({ key: f.key, label: f.label, id: f.id, on: chosen[f.key] }))}
            onTap={(key) => toggleTime(key as TimeFilter)}
          />
        ) : null}
        <ChipRow
          inline
          label='课程类别'
          kind='radio'
          chips={COURSE_CATEGORIES.map((c) => ({ key: c, label: c, id: `category-${CATEGORY_SLUGS[c]}`, on: category === c }))}
          onTap={(key) => setCategory(category === key ? null : (key as CourseCategory))}
        />
        {venueNames.size > 1 ? (
          <ChipRow
            inline
            label='按服务中心筛选'
            kind='radio'
            chips={[...venueNames].map(([id, name]) => ({ key: id, label: name, id: `filter-venue-${id}`, on: venueId === id }))}
            onTap={(key) => setVenueId(venueId === key ? null : key)}
          />
        ) : null}
      </View>
    </ScrollView>
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
          <CourseCard key={c._id} course={c} now={now} guard={guard} />
        ))}
      </View>
    )
  }

  const schedule = () => {
    const days = buildWeek(now, matching.map((s) => s.startAt), LIST_DEFAULT_DAYS)
    const listed = day ? matching.filter((s) => dateKey(s.startAt) === day) : matching
    const needsFreeTime = chosen.fitsFreeTime && !hasFreeTimes
    const onlyFreeTime = filtersOn && Object.keys(filter).length === 1 && chosen.fitsFreeTime
    return (
      <>
        <WeekStrip days={days} selected={day} now={now} onSelect={setDay} />
        {awaitingDefault ? (
          <LoadingView rows={4} />
        ) : needsFreeTime ? (
          <FreeTimeHint loading={session.status === 'loading'} />
        ) : listed.length > 0 ? (
          <DayGroups sessions={listed} now={now} courseById={courseById} guard={guard} />
        ) : upcoming.length === 0 ? (
          <EmptyView title='近期还没有排课' description='中心排好课后会出现在这里，下拉可以刷新。' />
        ) : onlyFreeTime && !day ? (
          <EmptyView title='你的空闲时间里近期没有课' description='看看全部课程，或在「我的」里调整空闲时间。'>
            <ClearButton onTap={clearFilters} label='看全部课程' />
          </EmptyView>
        ) : filtersOn ? (
          <EmptyView title='没有符合条件的课程' description={day ? '这一天没有符合条件的课次，看看别的日子或放宽筛选条件。' : '放宽筛选条件看看。'}>
            <ClearButton onTap={clearFilters} />
          </EmptyView>
        ) : (
          <EmptyView title='这一天没有课' description='看看别的日子吧。' />
        )}
      </>
    )
  }

  return (
    <PageShell className='courses'>
      {chips}
      <RemoteView remote={remote} rows={6}>
        {(timetable) => (view === 'courses' ? courseCards(timetable.courses) : schedule())}
      </RemoteView>
    </PageShell>
  )
}

function ClearButton({ onTap, label = '清除筛选' }: { onTap: () => void; label?: string }) {
  return (
    <View className='courses__clear'>
      <Button type='primary' className='courses__clear-button' id='filters-clear' onClick={onTap}>
        {label}
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
      <View className='card__text'>在「我的」里填上每周通常有空的时段（例如 工作日晚上 19:30–21:30），这里就只显示你有空时能上的课。</View>
      <View className='courses__clear'>
        <Button type='primary' className='courses__clear-button' id='free-time-set' onClick={() => void Taro.switchTab({ url: '/pages/me/index' })}>
          去「我的」填写
        </Button>
      </View>
    </View>
  )
}

interface DayGroupsProps {
  sessions: SessionListItem[]
  now: number
  courseById: Map<string, CourseSummary>
  guard: TapGuard
}

function DayGroups({ sessions, now, courseById, guard }: DayGroupsProps) {
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
          {g.items.map((s) => {
            const course = courseById.get(s.courseId)
            return (
              <SessionCard
                key={s._id}
                session={s}
                now={now}
                venueName={course?.venueName}
                district={course?.venue?.district}
                waitlist={course?.policy.waitlist}
                mine={markLabel(s.mine)}
                onTap={guard(() => openDetail(s.courseId, s._id))}
              />
            )
          })}
        </View>
      ))}
    </View>
  )
}

function CourseCard({ course, now, guard }: { course: CourseSummary; now: number; guard: TapGuard }) {
  const place = course.venue ? placeName(course.venue) : course.venueName
  return (
    <View
      className='course-card'
      id={`course-${course._id}`}
      data-course-id={course._id}
      data-title={course.title}
      aria-role='button'
      aria-label={`${course.title}，${course.category}课程`}
      onClick={guard(() => openDetail(course._id))}
    >
      {course.cover ? (
        <Image className='course-card__cover' src={fileUrl(course.cover)} mode='aspectFill' ariaLabel={`${course.title}封面`} />
      ) : (
        <View className={`course-card__cover course-card__cover--${CATEGORY_SLUGS[course.category]}`}>
          <Text className='course-card__initial'>{firstCharacter(course.title)}</Text>
        </View>
      )}
      <View className='course-card__body'>
        <View className='course-card__head'>
          <Text className='course-card__title'>{course.title}</Text>
          <Text className='course-card__tag'>{course.category}</Text>
        </View>
        <Text className='course-card__line'>{[course.instructor, place].filter(Boolean).join(' · ')}</Text>
        <Text className='course-card__line course-card__next'>
          {courseNextLine(course, now)}
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
