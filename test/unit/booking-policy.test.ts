import { DomainError } from '@core/api/result'
import {
  assertBookingOpen,
  assertQuota,
  assertWaitlistAllowed,
  assertWaitlistRoom,
  bookingWindow,
  cancelDecision,
  coursePolicySchema,
  DEFAULT_POLICY,
  defaultWaitlistLimit,
  existingBookingAction,
  isLateCancel,
  isWaitlistFull,
  MAX_WAITLIST_LIMIT,
  quotaProblem,
  resolvePolicy,
  toSessionView,
  waitlistLimitFor,
  type CoursePolicy,
  type QuotaBooking,
  type SessionDoc
} from '@core/booking'
import { atWallClock, HOUR_MS, MINUTE_MS } from '@core/time'
import { validate } from '@core/schema'

const sh = atWallClock
const policy = resolvePolicy({})
// Yoga on Tuesday 2025-12-02 at 19:00 Shanghai (11:00 UTC).
const TUE_19 = sh('2025-12-02', '19:00')
const yoga = { _id: 'yoga-202512021900', courseId: 'yoga', startAt: TUE_19, status: 'scheduled' as const }

const thrown = (fn: () => unknown): { code: string; message: string } => {
  try {
    fn()
  } catch (err) {
    if (err instanceof DomainError) return { code: err.code, message: err.message }
    throw err
  }
  throw new Error('expected a DomainError')
}

describe('course policy', () => {
  it('fills in the defaults', () => {
    expect(resolvePolicy(undefined)).toEqual({
      opensBeforeH: 168,
      closesBeforeMin: 30,
      cancelBeforeMin: 120,
      weeklyLimit: 3,
      maxUpcoming: 5,
      waitlist: true,
      waitlistCutoffMin: 120,
      holdMinutes: 30
    })
    expect(resolvePolicy({ weeklyLimit: 1, waitlist: false })).toEqual({ ...DEFAULT_POLICY, weeklyLimit: 1, waitlist: false })
    expect(resolvePolicy({ lottery: { closesBeforeH: 48 } }).lottery).toEqual({ closesBeforeH: 48 })
  })

  it('validates an organizer’s policy and points at the field', () => {
    expect(validate(coursePolicySchema, {})).toEqual({ ok: true, value: {} })
    expect(validate(coursePolicySchema, { opensBeforeH: 72, lottery: { closesBeforeH: 24 } })).toEqual({
      ok: true,
      value: { opensBeforeH: 72, lottery: { closesBeforeH: 24 } }
    })
    expect(validate(coursePolicySchema, { weeklyLimit: 0 })).toMatchObject({
      field: 'weeklyLimit',
      message: '预约规则的每人每周可约次数不能小于1次'
    })
    expect(validate(coursePolicySchema, { opensBeforeH: 1, closesBeforeMin: 60 })).toMatchObject({
      field: 'closesBeforeMin',
      message: '报名截止时间要晚于开放时间：请缩短截止提前量或提前开放报名'
    })
    expect(validate(coursePolicySchema, { opensBeforeH: 24, lottery: { closesBeforeH: 24 } })).toMatchObject({
      field: 'lottery.closesBeforeH',
      message: '抽签截止要在报名开放之后'
    })
    expect(validate(coursePolicySchema, { closesBeforeMin: 120, lottery: { closesBeforeH: 2 } })).toMatchObject({
      field: 'lottery.closesBeforeH',
      message: '抽签要在报名截止之前进行，剩余名额才能先到先得'
    })
    expect(validate(coursePolicySchema, { strikes: 0 })).toMatchObject({ ok: false, field: 'strikes' })
  })
})

describe('booking window', () => {
  it('a rider booking on Sunday night for Tuesday 19:00 finds it open (opens 168 h before)', () => {
    const sundayNight = sh('2025-11-30', '22:00')
    expect(bookingWindow(yoga, policy, sundayNight)).toEqual({
      state: 'open',
      mode: 'first-come',
      opensAt: TUE_19 - 168 * HOUR_MS,
      closesAt: TUE_19 - 30 * MINUTE_MS
    })
  })

  it('is not open yet one millisecond before opensAt, and says when it opens in Shanghai time', () => {
    const opensAt = TUE_19 - 168 * HOUR_MS
    expect(bookingWindow(yoga, policy, opensAt - 1)).toEqual({
      state: 'not-yet',
      mode: 'first-come',
      opensAt,
      closesAt: TUE_19 - 30 * MINUTE_MS,
      reason: '报名将于 11月25日 周二 19:00 开放',
      shortened: false
    })
    expect(bookingWindow(yoga, policy, opensAt).state).toBe('open')
  })

  it('closes 30 minutes before the start (half-open: the deadline itself is closed)', () => {
    const closesAt = TUE_19 - 30 * MINUTE_MS
    expect(bookingWindow(yoga, policy, closesAt - 1).state).toBe('open')
    expect(bookingWindow(yoga, policy, closesAt)).toMatchObject({ state: 'closed', reason: '报名已截止（开课前30分钟截止）' })
    expect(bookingWindow(yoga, resolvePolicy({ closesBeforeMin: 90 }), closesAt)).toMatchObject({
      reason: '报名已截止（开课前1小时30分钟截止）'
    })
    expect(bookingWindow(yoga, policy, TUE_19)).toMatchObject({ state: 'closed', reason: '课程已开始，不能再报名了' })
  })

  it('is closed for a cancelled session', () => {
    expect(bookingWindow({ ...yoga, status: 'cancelled' }, policy, TUE_19 - 5 * HOUR_MS)).toMatchObject({
      state: 'closed',
      reason: '这节课已取消'
    })
  })

  it('3 strikes shorten the window to 24 h before the start — not a ban', () => {
    const sundayNight = sh('2025-11-30', '22:00')
    expect(bookingWindow(yoga, policy, sundayNight, 3)).toEqual({
      state: 'not-yet',
      mode: 'first-come',
      opensAt: sh('2025-12-01', '19:00'),
      closesAt: TUE_19 - 30 * MINUTE_MS,
      reason: '近30天爽约较多，报名将于 12月1日 周一 19:00 开放（开课前24小时）',
      shortened: true
    })
    expect(bookingWindow(yoga, policy, sh('2025-12-01', '19:00'), 3).state).toBe('open')
    expect(bookingWindow(yoga, policy, sundayNight, 2.5).state).toBe('open')
  })

  it('a course that already opens within 24 h is not affected by strikes', () => {
    const short = resolvePolicy({ opensBeforeH: 12 })
    expect(bookingWindow(yoga, short, TUE_19 - 12 * HOUR_MS, 5)).toMatchObject({ state: 'open' })
    expect(bookingWindow(yoga, short, TUE_19 - 12 * HOUR_MS - 1, 5)).toMatchObject({ state: 'not-yet', shortened: false })
  })

  describe('lottery mode', () => {
    const lottery = resolvePolicy({ lottery: { closesBeforeH: 48 } })
    const drawAt = TUE_19 - 48 * HOUR_MS

    it('takes lottery entries until the draw', () => {
      expect(bookingWindow(yoga, lottery, drawAt - 1)).toEqual({
        state: 'open',
        mode: 'lottery',
        opensAt: TUE_19 - 168 * HOUR_MS,
        closesAt: drawAt
      })
    })

    it('is closed between the draw time and the actual draw', () => {
      expect(bookingWindow(yoga, lottery, drawAt)).toMatchObject({
        state: 'closed',
        mode: 'lottery',
        reason: '抽签报名已截止，正在抽签，请稍后查看结果'
      })
    })

    it('after the draw, what is left is first come until the normal deadline', () => {
      expect(bookingWindow({ ...yoga, drawnAt: drawAt + 1000 }, lottery, drawAt + 5000)).toEqual({
        state: 'open',
        mode: 'first-come',
        opensAt: TUE_19 - 168 * HOUR_MS,
        closesAt: TUE_19 - 30 * MINUTE_MS
      })
    })

    it('someone with strikes cannot enter the draw but can take a leftover seat', () => {
      expect(bookingWindow(yoga, lottery, drawAt - HOUR_MS, 3)).toMatchObject({ state: 'not-yet', mode: 'lottery' })
      expect(bookingWindow(yoga, lottery, TUE_19 - 24 * HOUR_MS, 3)).toMatchObject({ state: 'closed', mode: 'lottery' })
      expect(bookingWindow({ ...yoga, drawnAt: drawAt }, lottery, TUE_19 - 24 * HOUR_MS, 3)).toMatchObject({
        state: 'open',
        mode: 'first-come'
      })
    })
  })

  it('assertBookingOpen throws BOOKING_CLOSED with the reason, or returns the mode', () => {
    expect(assertBookingOpen(bookingWindow(yoga, policy, TUE_19 - HOUR_MS))).toBe('first-come')
    expect(thrown(() => assertBookingOpen(bookingWindow(yoga, policy, TUE_19 - 10 * MINUTE_MS)))).toEqual({
      code: 'BOOKING_CLOSED',
      message: '报名已截止（开课前30分钟截止）'
    })
  })
})

describe('weekly limit and upcoming limit', () => {
  const booking = (sessionId: string, courseId: string, startAt: number, status: QuotaBooking['status'] = 'confirmed') => ({
    sessionId,
    courseId,
    startAt,
    status
  })
  const limit3: CoursePolicy = resolvePolicy({ weeklyLimit: 3, maxUpcoming: 10 })

  it('counts this course’s bookings in the Shanghai week of the session (Monday–Sunday)', () => {
    const now = sh('2025-11-24', '08:00')
    // Three yoga sessions in the week of 11-24, the last one late on Sunday night.
    const mine = [
      booking('y1', 'yoga', sh('2025-11-25', '19:00')),
      booking('y2', 'yoga', sh('2025-11-27', '19:00'), 'waitlisted'),
      booking('y3', 'yoga', sh('2025-11-30', '23:30'))
    ]
    const sunday = { _id: 'y4', courseId: 'yoga', startAt: sh('2025-11-30', '08:00') }
    expect(quotaProblem(sunday, limit3, mine, now)).toBe('这门课每人每周最多预约3次，您在11月24日–11月30日这周已经约了3次')
    // Monday 07:30 Shanghai is still Sunday in UTC, but it is the next Shanghai week.
    const monday = { _id: 'y5', courseId: 'yoga', startAt: sh('2025-12-01', '07:30') }
    expect(new Date(monday.startAt).getUTCDay()).toBe(0)
    expect(quotaProblem(monday, limit3, mine, now)).toBeNull()
  })

  it('ignores cancelled bookings, other courses and the session being booked', () => {
    const now = sh('2025-11-24', '08:00')
    const tue = sh('2025-11-25', '19:00')
    const mine = [
      booking('y1', 'yoga', tue, 'cancelled'),
      booking('c1', 'coffee', tue),
      booking('c2', 'coffee', tue + HOUR_MS),
      booking('y2', 'yoga', tue + 2 * HOUR_MS),
      booking('y3', 'yoga', tue + 3 * HOUR_MS)
    ]
    const twice = resolvePolicy({ weeklyLimit: 2 })
    expect(quotaProblem({ _id: 'y3', courseId: 'yoga', startAt: tue + 3 * HOUR_MS }, twice, mine, now)).toBeNull()
    expect(quotaProblem({ _id: 'y4', courseId: 'yoga', startAt: tue + 4 * HOUR_MS }, twice, mine, now)).toMatch(/已经约了2次$/)
  })

  it('counts classes already attended or missed this week', () => {
    const mon = sh('2025-11-24', '19:00')
    const mine = [booking('y1', 'yoga', mon, 'attended'), booking('y2', 'yoga', mon + 24 * HOUR_MS, 'no_show')]
    const friday = { _id: 'y3', courseId: 'yoga', startAt: sh('2025-11-28', '19:00') }
    expect(quotaProblem(friday, resolvePolicy({ weeklyLimit: 2 }), mine, sh('2025-11-27', '12:00'))).not.toBeNull()
  })

  it('limits upcoming bookings across all courses, not counting past ones', () => {
    const now = sh('2025-11-30', '22:00')
    const upcoming = ['a', 'b', 'c', 'd', 'e'].map((c, i) => booking(`${c}1`, c, now + (i + 1) * 24 * HOUR_MS))
    const past = booking('z1', 'z', now - HOUR_MS)
    const session = { _id: 'yoga-1', courseId: 'yoga', startAt: TUE_19 }
    expect(quotaProblem(session, policy, [...upcoming.slice(0, 4), past], now)).toBeNull()
    expect(quotaProblem(session, policy, [...upcoming, past], now)).toBe(
      '您已有5个还没上的预约（最多5个），上完课或取消一个后再来约吧'
    )
    expect(thrown(() => assertQuota(session, policy, upcoming, now)).code).toBe('QUOTA_EXCEEDED')
    expect(() => assertQuota(session, policy, upcoming.slice(1), now)).not.toThrow()
  })
})

describe('one booking per person per session', () => {
  it('creates, takes up a cancelled booking again, or returns the active one unchanged', () => {
    expect(existingBookingAction(null)).toBe('create')
    expect(existingBookingAction({ status: 'cancelled' })).toBe('rebook')
    expect(existingBookingAction({ status: 'confirmed' })).toBe('return-existing')
    expect(existingBookingAction({ status: 'waitlisted' })).toBe('return-existing')
    expect(existingBookingAction({ status: 'held' })).toBe('return-existing')
    expect(thrown(() => existingBookingAction({ status: 'attended' }))).toEqual({ code: 'CONFLICT', message: '您已经签到过这节课了' })
    expect(thrown(() => existingBookingAction({ status: 'no_show' }))).toEqual({ code: 'CONFLICT', message: '这节课已经结束了' })
  })

  it('a full course without a waitlist refuses', () => {
    expect(() => assertWaitlistAllowed(policy)).not.toThrow()
    expect(thrown(() => assertWaitlistAllowed(resolvePolicy({ waitlist: false })))).toEqual({
      code: 'BOOKING_CLOSED',
      message: '名额已满，这门课不设候补'
    })
  })
})

describe('cancellation', () => {
  const deadline = TUE_19 - 120 * MINUTE_MS

  it('is free until 2 h before the start, a late cancel from then on', () => {
    expect(cancelDecision(yoga, { status: 'confirmed' }, policy, deadline - 1)).toEqual({
      kind: 'cancel',
      lateCancel: false,
      freesSeat: true
    })
    expect(cancelDecision(yoga, { status: 'confirmed' }, policy, deadline)).toEqual({
      kind: 'cancel',
      lateCancel: true,
      freesSeat: true
    })
  })

  it('leaving the waitlist or declining a hold is never late', () => {
    expect(cancelDecision(yoga, { status: 'waitlisted' }, policy, TUE_19 - 1)).toEqual({
      kind: 'cancel',
      lateCancel: false,
      freesSeat: false
    })
    expect(cancelDecision(yoga, { status: 'held' }, policy, TUE_19 - 1)).toEqual({
      kind: 'cancel',
      lateCancel: false,
      freesSeat: true
    })
  })

  it('is not possible once the class has started', () => {
    expect(thrown(() => cancelDecision(yoga, { status: 'confirmed' }, policy, TUE_19))).toEqual({
      code: 'BOOKING_CLOSED',
      message: '课程已经开始，不能取消了；来不了请联系服务中心'
    })
  })

  it('is never late when the organizer cancelled the session', () => {
    expect(cancelDecision({ ...yoga, status: 'cancelled' }, { status: 'confirmed' }, policy, TUE_19 + HOUR_MS)).toEqual({
      kind: 'cancel',
      lateCancel: false,
      freesSeat: true
    })
  })

  it('a second cancel is harmless; no booking or a finished one is an error', () => {
    expect(cancelDecision(yoga, { status: 'cancelled' }, policy, deadline)).toEqual({ kind: 'already-cancelled' })
    expect(thrown(() => cancelDecision(yoga, null, policy, deadline))).toEqual({ code: 'NOT_FOUND', message: '您没有预约这节课' })
    expect(thrown(() => cancelDecision(yoga, { status: 'attended' }, policy, deadline)).code).toBe('CONFLICT')
  })
})

describe('late cancel', () => {
  const deadline = TUE_19 - 120 * MINUTE_MS

  it('starts at the free-cancel deadline itself, as the session view states it', () => {
    expect(isLateCancel(deadline, deadline - 1)).toBe(false)
    expect(isLateCancel(deadline, deadline)).toBe(true)
    expect(isLateCancel(deadline, TUE_19 - 1)).toBe(true)
  })

  it('is what cancelDecision applies to a seat, so the booking sheet warns exactly when the cancel will count', () => {
    for (const now of [deadline - MINUTE_MS, deadline - 1, deadline, deadline + 7 * MINUTE_MS]) {
      const decision = cancelDecision(yoga, { status: 'confirmed' }, policy, now)
      expect(decision).toMatchObject({ kind: 'cancel', lateCancel: isLateCancel(deadline, now) })
    }
  })
})

describe('waitlist cap', () => {
  const full = (waitlisted: number, capacity = 30, p: CoursePolicy = policy) => isWaitlistFull({ capacity, waitlisted }, p)

  it('defaults to two waiting per seat, never fewer than 10', () => {
    expect(policy.waitlistLimit).toBeUndefined()
    expect([1, 4, 5, 6, 30].map(defaultWaitlistLimit)).toEqual([10, 10, 10, 12, 60])
    expect(waitlistLimitFor(policy, 30)).toBe(60)
    expect(waitlistLimitFor(resolvePolicy({ waitlistLimit: 15 }), 30)).toBe(15)
  })

  it('is full from the cap on, and only then refuses with WAITLIST_FULL, telling the rider what to do', () => {
    expect([full(59), full(60), full(61)]).toEqual([false, true, true])
    expect(() => assertWaitlistRoom({ capacity: 30, waitlisted: 59 }, policy)).not.toThrow()
    expect(thrown(() => assertWaitlistRoom({ capacity: 30, waitlisted: 60 }, policy))).toEqual({
      code: 'WAITLIST_FULL',
      message: '候补已满（已有60人在候补），请换一节课预约，或过一会儿再来看看有没有空位'
    })
    expect(full(3, 2, resolvePolicy({ waitlistLimit: 3 }))).toBe(true)
  })

  it('organizers may set 1..200; a stored policy keeps its cap and one without gains none', () => {
    expect(validate(coursePolicySchema, { waitlistLimit: 25 })).toMatchObject({ ok: true })
    for (const bad of [0, 201, 2.5]) expect(validate(coursePolicySchema, { waitlistLimit: bad })).toMatchObject({ ok: false, field: 'waitlistLimit' })
    expect(MAX_WAITLIST_LIMIT).toBe(200)
    expect(resolvePolicy({ waitlistLimit: 40 }).waitlistLimit).toBe(40)
    expect(resolvePolicy({ weeklyLimit: 2 })).not.toHaveProperty('waitlistLimit')
  })

  it('a listed session says 候补已满 only with no seat left and the waitlist at its cap', () => {
    const doc = (booked: number, waitlisted: number): SessionDoc => ({
      _id: 's1',
      courseId: 'yoga',
      title: '瑜伽',
      category: '健康',
      venueId: 'v1',
      startAt: TUE_19,
      endAt: TUE_19 + HOUR_MS,
      capacity: 5,
      booked,
      waitlisted,
      waitlistSeq: waitlisted,
      status: 'scheduled',
      checkinSecret: 'secret',
      createdAt: 0,
      updatedAt: 0
    })
    expect(toSessionView(doc(5, 10), policy).waitlistFull).toBe(true)
    expect(toSessionView(doc(5, 9), policy)).not.toHaveProperty('waitlistFull')
    expect(toSessionView(doc(4, 10), policy)).not.toHaveProperty('waitlistFull')
    expect(toSessionView(doc(5, 10), resolvePolicy({ waitlist: false }))).not.toHaveProperty('waitlistFull')
  })
})
