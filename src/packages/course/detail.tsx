/**
 * Course detail: what the course is, who teaches it, where (district, address, 导航), the booking rules in plain
 * words, and its upcoming sessions. Booking takes three taps: a session → 预约 → confirm in the sheet. Opened from the
 * 课程 list (with the tapped session preselected) or from a shared card (courseId only).
 *
 * A first booking of someone without a nickname and 身份 asks for them first (ProfileSheet), then goes on to the
 * booking sheet. The bar's button is guarded like the sheets: right after a sheet closes, or after it turned from 预约
 * into 我的预约, a leftover tap of a hurried finger does nothing.
 */
import { useEffect, useState } from 'react'
import Taro, { useRouter, useShareAppMessage } from '@tarojs/taro'
import { Image, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { Booking, GetCourseOutput } from '@core/api'
import { firstCharacter } from '@core/text'
import shareCard from '@/assets/share-card.png'
import { CATEGORY_SLUGS, bookAction, markLabel, policyLines, seatLabel } from '@/booking/present'
import { courseDetailUrl } from '@/booking/route'
import { call, fileUrl } from '@/cloud/call'
import { useRefreshing, useRemote } from '@/cloud/use-remote'
import PageShell from '@/components/page-shell'
import SessionCard from '@/components/session-card'
import RemoteView from '@/components/remote-view'
import { EmptyView } from '@/components/state-view'
import VenueLine, { placeName } from '@/components/venue-line'
import { useArrivalGuard } from '@/hooks/use-arrival-guard'
import { useNow } from '@/hooks/use-now'
import { alertFail } from '@/platform/feedback'
import { getSession, signIn, useSession } from '@/session'
import BookSheet from './book-sheet'
import ProfileSheet, { needsIntroduction } from './profile-sheet'
import './detail.scss'

type Sheet = 'profile' | 'book' | null

export default function CourseDetailPage() {
  const { params } = useRouter()
  const courseId = params.courseId ?? ''
  const remote = useRemote(courseId || null, () => call('course', 'getCourse', { courseId }))
  useRefreshing(remote)
  const account = useSession()
  const now = useNow(30_000)
  const [selected, setSelected] = useState<string | null>(params.sessionId ?? null)
  const [sheet, setSheet] = useState<Sheet>(null)
  // Signing in before a first booking (privacy consent, then the profile): the button shows it is working.
  const [preparing, setPreparing] = useState(false)

  const data = remote.data
  const title = data?.course.title
  const chosen = data?.sessions.find((s) => s._id === selected && s.endAt > now)
  const chosenMine = markLabel(chosen?.mine)
  // The bar's button is new when the data arrives, a session is chosen, a sheet closes, or 预约 became 我的预约.
  const barGuard = useArrivalGuard(`${sheet ?? 'bar'}-${chosen?._id ?? 'none'}-${chosenMine ? 'mine' : 'book'}`)
  // The session cards appear under the finger that tapped a card in 课程: its second tap must not unselect one.
  const cardGuard = useArrivalGuard(data ? 'loaded' : 'loading')

  useEffect(() => {
    if (title) void Taro.setNavigationBarTitle({ title })
  }, [title])

  useShareAppMessage(() => ({
    // A volunteer activity (kind 'volunteer') is shared as what it is.
    title: data ? `${data.course.title} · ${data.course.kind === 'volunteer' ? '志愿服务' : '友邻空间课程'}` : '友邻空间课程',
    path: courseDetailUrl({ courseId }),
    imageUrl: data?.course.cover ? fileUrl(data.course.cover) : shareCard
  }))

  if (!courseId) {
    return (
      <PageShell className='course-detail'>
        <EmptyView title='没有找到这门课' description='链接不完整，请从「课程」里重新打开。' />
      </PageShell>
    )
  }

  const booked = (b: Booking) =>
    remote.update((d) => ({
      ...d,
      sessions: d.sessions.map((s) => (s._id === b.sessionId ? { ...s, mine: { bookingId: b._id, status: b.status, position: b.position } } : s))
    }))
  const closeSheet = () => {
    setSheet(null)
    // Seats changed (ours, and maybe others'): refresh the counts quietly.
    void remote.reload()
  }

  /** 预约: the booking sheet, after a nickname and 身份 if the roster would not know this person yet. */
  const startBooking = async () => {
    let current = getSession()
    if (current.status !== 'ready' || needsIntroduction(current.profile)) {
      setPreparing(true)
      const fail = await signIn()
      setPreparing(false)
      current = getSession()
      if (fail && current.status !== 'ready') {
        alertFail('没能登录', fail)
        return
      }
    }
    if (current.status === 'needs-consent') {
      void Taro.showToast({ title: '同意隐私保护指引后才能预约', icon: 'none' })
      return
    }
    if (current.status === 'ready') setSheet(needsIntroduction(current.profile) ? 'profile' : 'book')
  }

  const content = ({ course, venueName, venue, sessions }: GetCourseOutput) => {
    const upcoming = sessions.filter((s) => s.endAt > now)
    const chosenSeats = chosen ? seatLabel(chosen, now, course.policy.waitlist) : undefined
    const action = chosen ? bookAction(chosen) : undefined
    return (
      <>
        {course.cover ? (
          <Image className='course-detail__cover' src={fileUrl(course.cover)} mode='aspectFill' ariaLabel={`${course.title}封面`} />
        ) : (
          <View className={`course-detail__cover course-detail__cover--${CATEGORY_SLUGS[course.category]}`}>
            <Text className='course-detail__initial'>{firstCharacter(course.title)}</Text>
          </View>
        )}

        <View className='card course-detail__intro'>
          <View className='course-detail__head'>
            <Text className='course-detail__title' id='detail-title'>
              {course.title}
            </Text>
            <Text className='course-detail__tag'>{course.category}</Text>
          </View>
          {course.instructor ? (
            <View className='course-detail__line'>{`${course.kind === 'volunteer' ? '负责人' : '授课老师'}：${course.instructor}`}</View>
          ) : null}
          {venue ? (
            <VenueLine venue={venue} idPrefix='detail-venue' label='上课地点' />
          ) : (
            <View className='course-detail__line' id='detail-venue'>{`上课地点：${venueName}`}</View>
          )}
          {venue?.hours ? (
            <View className='course-detail__line course-detail__line--muted' id='detail-venue-hours'>{`开放时间：${venue.hours}`}</View>
          ) : null}
          {course.description ? <View className='card__text course-detail__description'>{course.description}</View> : null}
        </View>

        <View className='course-detail__section'>近期课次</View>
        <View id='detail-sessions'>
          {upcoming.length === 0 ? (
            <View className='card card__text'>近期没有排课，过几天再来看看。</View>
          ) : (
            upcoming.map((s) => (
              <SessionCard
                key={s._id}
                session={s}
                now={now}
                showDate
                waitlist={course.policy.waitlist}
                venueName={venueName}
                district={venue?.district}
                mine={markLabel(s.mine)}
                selected={s._id === selected}
                idPrefix='detail-session'
                onTap={cardGuard(() => setSelected(s._id === selected ? null : s._id))}
              />
            ))
          )}
        </View>

        <View className='card' id='detail-policy'>
          <View className='card__title'>预约须知</View>
          {policyLines(course.policy).map((line) => (
            <View key={line.title} className='course-detail__policy'>
              <Text className='course-detail__policy-title'>{line.title}</Text>
              <Text className='course-detail__policy-text'>{line.text}</Text>
            </View>
          ))}
        </View>

        <View className='course-detail__bar'>
          <View className='course-detail__bar-info'>
            {chosen ? (
              <>
                <Text className='course-detail__bar-title'>{`${course.title} · ${chosenSeats?.text ?? ''}`}</Text>
                <Text className='course-detail__bar-sub'>
                  {chosenMine ?? (chosenSeats?.bookable ? action?.hint : '这节现在不能约，换一节看看')}
                </Text>
              </>
            ) : (
              <Text className='course-detail__bar-sub'>{upcoming.length > 0 ? '先选一节课' : '暂无可预约的课次'}</Text>
            )}
          </View>
          {chosenMine ? (
            <Button
              className='course-detail__bar-button'
              type='primary'
              id='book-button'
              fill='outline'
              onClick={barGuard(() => void Taro.navigateTo({ url: '/packages/course/bookings' }))}
            >
              我的预约
            </Button>
          ) : (
            <Button
              className='course-detail__bar-button'
              type='primary'
              id='book-button'
              disabled={!chosenSeats?.bookable}
              loading={preparing}
              onClick={barGuard(() => void startBooking())}
            >
              {action?.button ?? '预约'}
            </Button>
          )}
        </View>

        {sheet === 'profile' && chosen && account.status === 'ready' ? (
          <ProfileSheet profile={account.profile} onClose={closeSheet} onSaved={() => setSheet('book')} />
        ) : null}
        {sheet === 'book' && chosen ? (
          <BookSheet
            session={chosen}
            place={venue ? placeName(venue) : venueName}
            waitlist={course.policy.waitlist}
            onClose={closeSheet}
            onBooked={booked}
          />
        ) : null}
      </>
    )
  }

  return (
    <PageShell className='course-detail'>
      <RemoteView remote={remote} rows={8}>
        {content}
      </RemoteView>
    </PageShell>
  )
}
