/**
 * @jest-environment jsdom
 *
 * SessionCard compiled by `taro build native-components` and rendered by wcc under miniprogram-simulate: what a rider
 * reads about the seats of one session — 剩 N 位, 已满可候补, 抽签报名中, not open yet, closed.
 */
import type { Session } from '@core/api'
import { HOUR_MS, MINUTE_MS, atWallClock } from '@core/time'
import { loadNativeComponent, settle, simulate, textOf, type SimComponent } from '../../../test/component/simulate'

let componentId = ''

beforeAll(async () => {
  componentId = await loadNativeComponent('components/session-card/native', 'pages/courses/index')
}, 120_000)

const START = atWallClock('2025-12-04', '19:30')
const NOW = atWallClock('2025-12-03', '10:00')

function session(patch: Partial<Session> = {}): Session {
  return {
    _id: 'yoga-202512041930',
    courseId: 'yoga',
    title: '瑜伽',
    category: '健康',
    venueId: 'venue-youlin',
    startAt: START,
    endAt: START + 90 * MINUTE_MS,
    capacity: 12,
    booked: 9,
    seatsLeft: 3,
    waitlisted: 0,
    status: 'scheduled',
    mode: 'first-come',
    bookingOpensAt: START - 168 * HOUR_MS,
    bookingClosesAt: START - 30 * MINUTE_MS,
    cancelDeadlineAt: START - 120 * MINUTE_MS,
    ...patch
  }
}

async function mount(props: Record<string, unknown>): Promise<{ comp: SimComponent; opened: unknown[] }> {
  const comp = simulate.render(componentId, { props: { now: NOW, venueName: '友邻空间', ...props } })
  const opened: unknown[] = []
  comp.addEventListener('open', (e) => opened.push(e.detail))
  comp.attach(document.createElement('parent-wrapper'))
  await settle()
  return { comp, opened }
}


const seats = (comp: SimComponent) => textOf(comp.querySelector('.session-card__seats'))

test('a session with seats shows its time, place and the seats left; a tap opens it', async () => {
  const { comp, opened } = await mount({ session: session() })
  expect(textOf(comp)).toBe('19:30 至 21:00 瑜伽 健康 友邻空间 剩 3 位')
  expect(comp.querySelector('.session-card--open')).toBeTruthy()

  comp.querySelector('.session-card')!.dispatchEvent('tap')
  await settle()
  expect(opened).toEqual([{ sessionId: 'yoga-202512041930' }])
})

test('a full session offers the waitlist and says how many wait', async () => {
  const { comp } = await mount({ session: session({ booked: 12, seatsLeft: 0, waitlisted: 4 }) })
  expect(seats(comp)).toBe('已满可候补')
  expect(textOf(comp.querySelector('.session-card__note'))).toBe('4人在候补')
  expect(comp.querySelector('.session-card--full')).toBeTruthy()
})

test('a full session of a course without a waitlist is just full', async () => {
  const { comp } = await mount({ session: session({ booked: 12, seatsLeft: 0 }), waitlist: false })
  expect(seats(comp)).toBe('已满')
})

test('a lottery session before its draw invites entries', async () => {
  const { comp } = await mount({ session: session({ mode: 'lottery', drawAt: START - 24 * HOUR_MS }) })
  expect(seats(comp)).toBe('抽签报名中')
})

test('before the window opens it says when; after the deadline it is closed', async () => {
  const notYet = await mount({ session: session({ bookingOpensAt: atWallClock('2025-12-03', '19:30') }) })
  expect(seats(notYet.comp)).toBe('今天 19:30 开放报名')

  const closed = await mount({ session: session(), now: START - 10 * MINUTE_MS })
  expect(seats(closed.comp)).toBe('报名已截止')
})

test('my own booking is shown on the card', async () => {
  const { comp } = await mount({ session: session(), mine: '候补第 2 位' })
  expect(textOf(comp.querySelector('.session-card__mine'))).toBe('候补第 2 位')
})
