/**
 * One session in a list: when, what, where, and how the seats stand (剩 N 位 / 已满可候补 / 抽签报名中 …).
 * The data attributes are for tests and analytics: which session, and the state the label shows.
 */
import { Text, View, type ITouchEvent } from '@tarojs/components'
import type { Session } from '@core/api'
import { formatDate, formatDay, formatTime } from '@core/time'
import { seatLabel } from '@/booking/present'
import './index.scss'

export interface SessionCardProps {
  session: Session
  now: number
  venueName?: string
  /** The centre's district (城关区), said after its name: riders know the city by district. */
  district?: string
  /** The course lets people join a waitlist when full (default yes). */
  waitlist?: boolean
  /** Show the date as well as the time (lists not grouped by day). */
  showDate?: boolean
  /** What the person already has for this session, e.g. 已预约 / 候补第 2 位. */
  mine?: string
  selected?: boolean
  /** Element id prefix; pages kept alive side by side on H5 must not repeat ids. */
  idPrefix?: string
  /** Gets the tap, so a guard (useArrivalGuard) can tell where it landed. */
  onTap?: (event: ITouchEvent) => void
}

export default function SessionCard({ session, now, venueName, district, waitlist, showDate, mine, selected, idPrefix = 'session', onTap }: SessionCardProps) {
  const seats = seatLabel(session, now, waitlist)
  const place = venueName && district ? `${venueName} · ${district}` : venueName
  const time = `${formatTime(session.startAt)}–${formatTime(session.endAt)}`
  const classes = ['session-card', `session-card--${seats.tone}`]
  if (selected) classes.push('session-card--selected')
  return (
    <View
      className={classes.join(' ')}
      id={`${idPrefix}-${session._id}`}
      data-session-id={session._id}
      data-course-id={session.courseId}
      data-title={session.title}
      data-category={session.category}
      data-start-at={session.startAt}
      data-seats-left={session.seatsLeft}
      data-state={seats.tone}
      aria-role='button'
      aria-selected={selected}
      aria-label={[session.title, `${formatDate(session.startAt)} ${time}`, place, seats.text, seats.note, mine].filter(Boolean).join('，')}
      onClick={(e) => onTap?.(e)}
    >
      <View className='session-card__time'>
        {showDate ? <Text className='session-card__date'>{formatDay(session.startAt, now)}</Text> : null}
        <Text className='session-card__start'>{formatTime(session.startAt)}</Text>
        <Text className='session-card__end'>至 {formatTime(session.endAt)}</Text>
      </View>
      <View className='session-card__main'>
        <Text className='session-card__title'>{session.title}</Text>
        <View className='session-card__meta'>
          <Text className='session-card__tag'>{session.category}</Text>
          {place ? <Text className='session-card__venue'>{place}</Text> : null}
          {seats.note ? <Text className='session-card__note'>{seats.note}</Text> : null}
        </View>
        {mine ? <Text className='session-card__mine'>{mine}</Text> : null}
      </View>
      <Text className={`session-card__seats session-card__seats--${seats.tone}`}>{seats.text}</Text>
    </View>
  )
}
