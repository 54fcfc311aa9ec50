/**
 * Demo volunteering (善治合伙人): the activities the seed article's centres run — 皋兰路片区's 善治合伙人队伍 (平安建设,
 * 文明宣传, 助老扶弱), 兰州科技创新园's 赛事保障 for its 创新科技 contests, 西固's 城市环境 — as courses with kind
 * 'volunteer'. Each has bookable slots in the coming week; the weeks before hold slots served, with check-in, check-out
 * and recorded minutes for demo-rider and neighbours, so 我的志愿 and the hours on 我的 are filled on first start. 友邻空间
 * (demo-organizer's centre) has a patrol about to start, its check-in open, three neighbours booked, so
 * the organizer can run a check-in and, once it has started, a check-out in the demo; it has no slots served before,
 * so its board still shows the article's 89 activities held.
 *
 * The activities are courses, so they join the curriculum's collections (volunteerDemo appends to them) rather than
 * being collections of their own.
 */
import { randomBytes } from 'crypto'
import {
  newBookingDoc,
  newSessionDoc,
  resolvePolicy,
  sessionIdFor,
  volunteerMinutesFor,
  type BookingDoc,
  type CourseDoc,
  type SessionDoc,
  type VolunteerCategory
} from '@core/booking'
import { DAY_MS, MINUTE_MS, atTimeOfDay, startOfDay, weekdayOf, type Weekday } from '@core/time'
import { neighbours } from './demo-neighbours'

interface ActivitySpec {
  _id: string
  title: string
  category: VolunteerCategory
  description: string
  instructor: string
  venueId: string
  weekdays: Weekday[]
  start: string
  minutes: number
  capacity: number
}

const ACTIVITIES: ActivitySpec[] = [
  {
    _id: 'vol-gaolanlu-patrol',
    title: '平安建设夜间巡逻',
    category: '平安建设',
    description:
      '皋兰路街道“善治合伙人队伍”的夜间巡逻：跑单路上多留一只眼，沿片区主要街巷巡查电动车飞线充电、消防通道占用等安全隐患，发现问题随手上报。穿好马甲，两人一组。',
    instructor: '皋兰路片区网格长',
    venueId: 'venue-gaolanlu',
    weekdays: [2, 4, 6],
    start: '19:30',
    minutes: 120,
    capacity: 12
  },
  {
    _id: 'vol-gaolanlu-civility',
    title: '文明交通劝导',
    category: '文明宣传',
    description: '在皋兰路路口劝导行人和电动车文明出行、不闯红灯，发放文明宣传资料。骑手兄弟懂路况，说话最有分量。',
    instructor: '皋兰路街道',
    venueId: 'venue-gaolanlu',
    weekdays: [3, 6],
    start: '10:00',
    minutes: 120,
    capacity: 10
  },
  {
    _id: 'vol-gaolanlu-meals',
    title: '助老送餐',
    category: '助老扶弱',
    description: '为片区独居和行动不便的老人送午餐，顺便看看家里水电是否安全、老人身体怎么样。熟悉小区楼栋的外卖小哥、快递小哥优先。',
    instructor: '皋兰路片区党群服务中心',
    venueId: 'venue-gaolanlu',
    weekdays: [1, 2, 3, 4, 5],
    start: '11:00',
    minutes: 90,
    capacity: 6
  },
  {
    _id: 'vol-kejiyuan-contest',
    title: '创新科技大赛赛事保障',
    category: '赛事保障',
    description: '兰州科技创新园常常举办全国、省、市级创新科技比赛。志愿者负责签到引导、场地秩序和物资搬运，为大赛提供支持与赛事保障。',
    instructor: '兰州科技创新园党群服务中心',
    venueId: 'venue-kejiyuan',
    weekdays: [6],
    start: '08:30',
    minutes: 240,
    capacity: 20
  },
  {
    _id: 'vol-xigu-environment',
    title: '城市环境随手清',
    category: '城市环境',
    description: '西固区的网点周边清理垃圾乱堆乱放、整理共享单车，公共设施损坏的拍照上报。工具由社区准备。',
    instructor: '西固区新就业群体党群服务站',
    venueId: 'venue-xigu',
    weekdays: [7],
    start: '09:00',
    minutes: 120,
    capacity: 15
  },
  {
    _id: 'vol-youlin-safety',
    title: '友邻空间周边平安巡查',
    category: '平安建设',
    description: '从友邻空间出发，沿周边小区巡查楼道堆物、飞线充电和消防通道，结束后回到友邻空间签退、记录时长。',
    instructor: '酒泉路街道平安志愿队',
    venueId: 'venue-youlin',
    weekdays: [1, 3, 5],
    start: '20:00',
    minutes: 90,
    capacity: 8
  }
]

function activityDoc(spec: ActivitySpec, now: number): CourseDoc {
  const { _id, title, category, description, instructor, venueId } = spec
  const created = now - 60 * DAY_MS
  return { _id, kind: 'volunteer', title, category, description, cover: '', instructor, venueId, policy: resolvePolicy({}), status: 'active', createdAt: created, updatedAt: created }
}

function slotOf(activity: CourseDoc, startAt: number, minutes: number, capacity: number, createdAt: number): SessionDoc {
  const planned = { _id: sessionIdFor(activity._id, startAt), courseId: activity._id, startAt, endAt: startAt + minutes * MINUTE_MS, capacity }
  return newSessionDoc(planned, activity, randomBytes(16).toString('hex'), createdAt)
}

/** People served a slot: seated, checked in five minutes before the start, checked out at the end. */
function served(slot: SessionDoc, people: string[]): BookingDoc[] {
  const checkedInAt = slot.startAt - 5 * MINUTE_MS
  const bookedAt = slot.startAt - 2 * DAY_MS
  slot.seats = Object.fromEntries(people.map((o) => [o, { at: bookedAt, checkedInAt }]))
  slot.booked = people.length
  Object.assign(slot, { releasedAt: slot.startAt + 10 * MINUTE_MS, settledAt: slot.endAt, remindedFor: slot.startAt })
  const volunteerMinutes = volunteerMinutesFor(slot, checkedInAt, slot.endAt)
  return people.map((o) => newBookingDoc(slot, o, 'attended', bookedAt, { checkedInAt, checkedOutAt: slot.endAt, volunteerMinutes, updatedAt: slot.endAt }))
}

/** The next seven days' slots (bookable), with a few people signed up on the first of each. */
function comingSlots(now: number, activities: CourseDoc[]): { sessions: SessionDoc[]; bookings: BookingDoc[] } {
  const sessions: SessionDoc[] = []
  const bookings: BookingDoc[] = []
  ACTIVITIES.forEach((spec, n) => {
    const activity = activities[n]
    let first = true
    for (let d = 0; d < 7; d++) {
      const day = startOfDay(now) + d * DAY_MS
      if (!spec.weekdays.includes(weekdayOf(day))) continue
      const startAt = atTimeOfDay(day, spec.start)
      if (startAt <= now + 2 * 60 * MINUTE_MS) continue
      const slot = slotOf(activity, startAt, spec.minutes, spec.capacity, now - 7 * DAY_MS)
      if (first) {
        // The first slot fills up (助老送餐 to its last seat, so its waitlist shows), the others have room.
        const people = neighbours(n * 3, spec.capacity <= 6 ? spec.capacity : 3)
        const at = now - DAY_MS
        slot.seats = Object.fromEntries(people.map((o) => [o, { at }]))
        slot.booked = people.length
        bookings.push(...people.map((o) => newBookingDoc(slot, o, 'confirmed', at)))
        first = false
      }
      sessions.push(slot)
    }
  })
  return { sessions, bookings }
}

/** The four weeks before: each activity's slots served by a crew of neighbours (demo-courier at 西固's), demo-rider twice. */
function pastSlots(now: number, activities: CourseDoc[]): { sessions: SessionDoc[]; bookings: BookingDoc[] } {
  const sessions: SessionDoc[] = []
  const bookings: BookingDoc[] = []
  const riderServes = new Set([latestPast(now, 'vol-gaolanlu-patrol', 7), latestPast(now, 'vol-kejiyuan-contest', 1)])
  ACTIVITIES.forEach((spec, n) => {
    const activity = activities[n]
    if (spec.venueId === 'venue-youlin') return
    for (let d = 1; d <= 28; d++) {
      const day = startOfDay(now) - d * DAY_MS
      if (!spec.weekdays.includes(weekdayOf(day))) continue
      const slot = slotOf(activity, atTimeOfDay(day, spec.start), spec.minutes, spec.capacity, now - 35 * DAY_MS)
      // demo-rider served twice (last week's first patrol and the latest contest): few enough that erasing their data
      // stays cheap, enough for hours on 我的 and for the 先锋指数.
      const riderCame = riderServes.has(slot._id)
      const people = [...(riderCame ? ['demo-rider'] : []), ...(spec._id === 'vol-xigu-environment' ? ['demo-courier'] : []), ...neighbours(d + n, 3)]
      bookings.push(...served(slot, [...new Set(people)].slice(0, spec.capacity)))
      sessions.push(slot)
    }
  })
  return { sessions, bookings }
}

/** The id of an activity's latest slot at least `daysAgo` days before today. */
function latestPast(now: number, activityId: string, daysAgo: number): string {
  const spec = ACTIVITIES.find((a) => a._id === activityId) as ActivitySpec
  for (let d = daysAgo; ; d++) {
    const day = startOfDay(now) - d * DAY_MS
    if (spec.weekdays.includes(weekdayOf(day))) return sessionIdFor(activityId, atTimeOfDay(day, spec.start))
  }
}

/**
 * 友邻空间's patrol starting on the quarter hour 5–20 minutes from now (check-in opens 15 minutes before), three
 * neighbours booked, so the demo organizer can check them in and, after the start, out.
 */
function patrolStartingSoon(now: number, activity: CourseDoc): { sessions: SessionDoc[]; bookings: BookingDoc[] } {
  const startAt = Math.ceil((now + 5 * MINUTE_MS) / (15 * MINUTE_MS)) * 15 * MINUTE_MS
  const slot = slotOf(activity, startAt, 120, 8, now - 7 * DAY_MS)
  const bookedAt = now - DAY_MS
  const people = neighbours(14, 3)
  slot.seats = Object.fromEntries(people.map((o) => [o, { at: bookedAt }]))
  slot.booked = people.length
  slot.remindedFor = startAt
  return { sessions: [slot], bookings: people.map((o) => newBookingDoc(slot, o, 'confirmed', bookedAt)) }
}

/** The curriculum's collections with the volunteer activities, their slots and bookings appended. */
export function volunteerDemo(now: number, curriculum: Record<string, object[]>): Record<string, object[]> {
  const activities = ACTIVITIES.map((spec) => activityDoc(spec, now))
  const youlin = activities[ACTIVITIES.findIndex((a) => a.venueId === 'venue-youlin')]
  const parts = [comingSlots(now, activities), pastSlots(now, activities), patrolStartingSoon(now, youlin)]
  return {
    ...curriculum,
    courses: [...(curriculum.courses ?? []), ...activities],
    sessions: [...(curriculum.sessions ?? []), ...parts.flatMap((p) => p.sessions)],
    bookings: [...(curriculum.bookings ?? []), ...parts.flatMap((p) => p.bookings)]
  }
}
