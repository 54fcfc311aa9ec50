/**
 * One course for its organizer: details with 编辑 / 生成课时 / 导出名单, the course's numbers (sessions held, seats
 * filled, attendance, people by group), and its sessions — upcoming, and the last four weeks for attendance.
 */
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import { USER_GROUPS, USER_GROUP_LABELS, type Course, type CourseStats, type Result, type Session } from '@core/api'
import { DAY_MS, formatRange, startOfDay } from '@core/time'
import { call } from '@/cloud/call'
import { useRefreshing, useRemote } from '@/cloud/use-remote'
import RemoteView from '@/components/remote-view'
import { useNow } from '@/hooks/use-now'
import { useExport } from './export-sheet'
import OrganizerPage, { type RouteNeeds } from './organizer-page'
import './course.scss'

/** How far back the page lists sessions (for marking attendance and rosters after class). */
const PAST_DAYS = 28

interface CourseView {
  course: Course
  venueName: string
  upcoming: Session[]
  past: Session[]
}

async function loadCourse(courseId: string): Promise<Result<CourseView>> {
  const today = startOfDay(Date.now())
  const [detail, recent] = await Promise.all([
    call('course', 'getCourse', { courseId }),
    call('course', 'listSessions', { courseId, from: today - PAST_DAYS * DAY_MS, to: today + DAY_MS })
  ])
  if (!detail.ok) return detail
  if (!recent.ok) return recent
  const now = Date.now()
  const upcomingIds = new Set(detail.data.sessions.map((s) => s._id))
  const past = recent.data.items.filter((s) => s.startAt <= now && !upcomingIds.has(s._id)).sort((a, b) => b.startAt - a.startAt)
  return { ok: true, data: { course: detail.data.course, venueName: detail.data.venueName, upcoming: detail.data.sessions, past } }
}

const percent = (rate: number) => `${Math.round(rate * 100)}%`

const NEEDS: RouteNeeds<'courseId'> = { params: ['courseId'], missing: { title: '没有找到这门课', description: '请从管理端的课程列表进入。' } }

export default function OrganizerCoursePage() {
  return (
    <OrganizerPage className='organizer-course' needs={NEEDS}>
      {({ params }) => <CourseManager courseId={params.courseId} />}
    </OrganizerPage>
  )
}

function CourseManager({ courseId }: { courseId: string }) {
  const remote = useRemote(courseId, () => loadCourse(courseId))
  useRefreshing(remote)
  const stats = useRemote(`stats-${courseId}`, () => call('course', 'courseStats', { courseId }))
  useRefreshing(stats)
  const now = useNow(60_000)
  const exporter = useExport({ courseId })

  const go = (url: string) => void Taro.navigateTo({ url })

  return (
    <RemoteView remote={remote} rows={8}>
      {({ course, venueName, upcoming, past }) => (
        <>
          <View className='card' id='organizer-course-card' data-course-id={course._id}>
            <View className='card__title'>{course.title}</View>
            <View className='card__text'>
              {[course.category, course.instructor, venueName].filter(Boolean).join(' · ')}
              {course.status === 'archived' ? '（已归档）' : ''}
            </View>
            <View className='organizer__actions'>
              <Button className='tap-target' id='course-edit' onClick={() => go(`/packages/organizer/course-edit?courseId=${encodeURIComponent(course._id)}`)}>
                编辑课程
              </Button>
              <Button className='tap-target' type='primary' id='course-generate' onClick={() => go(`/packages/organizer/generate?courseId=${encodeURIComponent(course._id)}`)}>
                生成课时
              </Button>
              <Button className='tap-target' id='course-export' loading={exporter.busy} onClick={exporter.start}>
                导出名单
              </Button>
            </View>
          </View>

          <View className='card' id='course-stats'>
            <View className='card__title'>课程数据</View>
            <RemoteView remote={stats} rows={2}>
              {(data) => <StatsView stats={data.stats} />}
            </RemoteView>
          </View>

          <View className='organizer__section'>{`即将开始（${upcoming.length}）`}</View>
          {upcoming.length === 0 ? (
            <View className='card card__text' id='organizer-sessions-empty'>
              还没有排课。点「生成课时」按每周规则一次排好。
            </View>
          ) : (
            <View id='organizer-sessions'>
              {upcoming.map((s) => (
                <SessionRow key={s._id} session={s} now={now} />
              ))}
            </View>
          )}

          {past.length > 0 ? (
            <>
              <View className='organizer__section'>{`最近${PAST_DAYS}天已开课`}</View>
              <View id='organizer-past-sessions'>
                {past.map((s) => (
                  <SessionRow key={s._id} session={s} now={now} />
                ))}
              </View>
            </>
          ) : null}
          {exporter.sheet}
        </>
      )}
    </RemoteView>
  )
}

function StatsView({ stats }: { stats: CourseStats }) {
  const groups = [...USER_GROUPS, 'unknown' as const].filter((g) => (stats.byGroup[g] ?? 0) > 0)
  const cells = [
    { id: 'stat-held', label: '已开课', value: `${stats.sessionsHeld}节` },
    { id: 'stat-fill', label: '名额使用率', value: percent(stats.fillRate) },
    { id: 'stat-attendance', label: '到课率', value: percent(stats.attendanceRate) },
    { id: 'stat-people', label: '参加人数', value: `${stats.uniquePeople}人` }
  ]
  return (
    <>
      <View className='stats-grid'>
        {cells.map((c) => (
          <View key={c.id} className='stats-grid__cell' id={c.id}>
            <Text className='stats-grid__value'>{c.value}</Text>
            <Text className='stats-grid__label'>{c.label}</Text>
          </View>
        ))}
      </View>
      <View className='organizer__muted'>{`已开课的课次共 ${stats.seatsOffered} 个名额，约满 ${stats.seatsFilled} 个，到场 ${stats.attended} 人次。`}</View>
      {groups.length > 0 ? (
        <View className='stats-groups' id='stat-groups'>
          {groups.map((g) => (
            <Text key={g} className='stats-groups__item'>{`${g === 'unknown' ? '未填身份' : USER_GROUP_LABELS[g]} ${stats.byGroup[g]}人`}</Text>
          ))}
        </View>
      ) : null}
    </>
  )
}

/**
 * A session in the course's list. Once a class has started its seat count is no longer the number who booked (absent
 * people's seats open for the door), so the row leads to the roster, which counts them all one way, instead.
 */
function SessionRow({ session, now }: { session: Session; now: number }) {
  const cancelled = session.status === 'cancelled'
  const started = now >= session.startAt
  const state = cancelled
    ? '已取消'
    : started
      ? '名单 ›'
      : session.mode === 'lottery'
        ? `抽签 · ${session.waitlisted}人报名`
        : `${session.booked}/${session.capacity}${session.waitlisted > 0 ? ` · 候补${session.waitlisted}` : ''}`
  return (
    <View
      className={`org-row organizer-session${cancelled ? ' org-row--dim' : ''}`}
      id={`organizer-session-${session._id}`}
      data-session-id={session._id}
      data-start-at={session.startAt}
      data-status={session.status}
      hoverClass='org-row--pressed'
      aria-role='link'
      onClick={() => void Taro.navigateTo({ url: `/packages/organizer/session?sessionId=${encodeURIComponent(session._id)}` })}
    >
      <View className='org-row__main'>
        <Text className='org-row__title'>{formatRange(session.startAt, session.endAt)}</Text>
        {session.note ? <Text className='org-row__sub'>{session.note}</Text> : null}
        {started && !cancelled ? <Text className='org-row__sub'>已开课 · 查看名单和到场</Text> : null}
      </View>
      <Text className='org-row__side'>{state}</Text>
    </View>
  )
}
