import {
  expandRule,
  isCalendarDate,
  newSessionDoc,
  planGeneration,
  recurrenceRuleSchema,
  RECURRENCE_MAX_DAYS,
  sessionIdFor,
  type RecurrenceRule
} from '@core/booking'
import { atWallClock, DAY_MS, formatDateTime, HOUR_MS, MINUTE_MS } from '@core/time'
import { generateSessionsSchema } from '@core/api/course'
import { problems, validate } from '@core/schema'

const TUE_THU_EVENINGS: RecurrenceRule = {
  weekdays: [2, 4],
  startTime: '19:00',
  durationMin: 90,
  from: '2025-12-01',
  until: '2025-12-31',
  skipDates: ['2025-12-25'],
  capacity: 20
}

const parse = (rule: unknown) => validate(recurrenceRuleSchema, rule)

describe('weekly rule → sessions in Shanghai wall clock', () => {
  it('creates every Tuesday and Thursday 19:00–20:30 of December except the skipped day', () => {
    const sessions = expandRule('yoga', TUE_THU_EVENINGS)
    expect(sessions.map((s) => formatDateTime(s.startAt))).toEqual([
      '12月2日 周二 19:00',
      '12月4日 周四 19:00',
      '12月9日 周二 19:00',
      '12月11日 周四 19:00',
      '12月16日 周二 19:00',
      '12月18日 周四 19:00',
      '12月23日 周二 19:00',
      '12月30日 周二 19:00'
    ])
    expect(sessions[0]).toEqual({
      _id: 'yoga-202512021900',
      courseId: 'yoga',
      startAt: Date.UTC(2025, 11, 2, 11),
      endAt: Date.UTC(2025, 11, 2, 12, 30),
      capacity: 20
    })
  })

  it('stores 07:30 Shanghai as 23:30 UTC of the previous day, with the id naming the Shanghai date', () => {
    const [first] = expandRule('calligraphy', { ...TUE_THU_EVENINGS, weekdays: [1], startTime: '07:30' })
    expect(first._id).toBe('calligraphy-202512010730')
    expect(new Date(first.startAt).toISOString()).toBe('2025-11-30T23:30:00.000Z')
  })

  it('keeps the wall-clock time fixed across dates where other zones change daylight saving time', () => {
    const sessions = expandRule('c', {
      weekdays: [1, 2, 3, 4, 5, 6, 7],
      startTime: '19:00',
      durationMin: 60,
      from: '2026-03-01',
      until: '2026-04-05',
      capacity: 10
    })
    expect(sessions).toHaveLength(36)
    for (const s of sessions) expect(new Date(s.startAt).getUTCHours()).toBe(11)
    for (let i = 1; i < sessions.length; i++) expect(sessions[i].startAt - sessions[i - 1].startAt).toBe(DAY_MS)
  })

  it('lets a class run past midnight (ends on the next Shanghai day)', () => {
    const [s] = expandRule('night', { ...TUE_THU_EVENINGS, weekdays: [2], startTime: '23:30', durationMin: 60 })
    expect(s.endAt - s.startAt).toBe(HOUR_MS)
    expect(formatDateTime(s.endAt)).toBe('12月3日 周三 00:30')
  })

  it('gives the same ids every time, so regenerating creates nothing new', () => {
    const first = expandRule('yoga', TUE_THU_EVENINGS)
    const again = expandRule('yoga', { ...TUE_THU_EVENINGS, weekdays: [4, 2] })
    expect(again).toEqual(first)
    const now = atWallClock('2025-11-20', '12:00')
    const plan = planGeneration(again, first.map((s) => s._id), now)
    expect(plan).toEqual({ create: [], existing: first.map((s) => s._id), past: 0 })
  })

  it('extends an existing schedule with only the new sessions and skips ones already started', () => {
    const december = expandRule('yoga', TUE_THU_EVENINGS)
    const decToJan = expandRule('yoga', { ...TUE_THU_EVENINGS, until: '2026-01-08' })
    const now = atWallClock('2025-12-02', '19:00') // the first session starts right now
    const plan = planGeneration(decToJan, december.slice(3).map((s) => s._id), now)
    expect(plan.past).toBe(1)
    expect(plan.create.map((s) => s._id)).toEqual([
      'yoga-202512041900',
      'yoga-202512091900',
      'yoga-202601011900',
      'yoga-202601061900',
      'yoga-202601081900'
    ])
    expect(plan.existing).toHaveLength(december.length - 3)
  })

  it('builds the stored session with counters at zero and the course details copied', () => {
    const [p] = expandRule('yoga', TUE_THU_EVENINGS)
    const doc = newSessionDoc(p, { title: '瑜伽', category: '健康', venueId: 'venue-youlin' }, 'k1', 5)
    expect(doc).toEqual({
      ...p,
      title: '瑜伽',
      category: '健康',
      venueId: 'venue-youlin',
      booked: 0,
      waitlisted: 0,
      waitlistSeq: 0,
      status: 'scheduled',
      checkinSecret: 'k1',
      createdAt: 5,
      updatedAt: 5
    })
  })

  it('names a session by the Shanghai minute it starts', () => {
    expect(sessionIdFor('c1', atWallClock('2026-01-01', '00:05'))).toBe('c1-202601010005')
    expect(sessionIdFor('c1', Date.UTC(2025, 11, 31, 16, 5))).toBe('c1-202601010005')
  })
})

describe('rule validation', () => {
  const problem = (rule: Partial<Record<keyof RecurrenceRule, unknown>>) => {
    const r = parse({ ...TUE_THU_EVENINGS, ...rule })
    return r.ok ? 'ok' : [r.field, r.message]
  }

  it('accepts a valid rule, with or without skip dates', () => {
    expect(parse(TUE_THU_EVENINGS)).toEqual({ ok: true, value: TUE_THU_EVENINGS })
    const { skipDates: _omit, ...noSkips } = TUE_THU_EVENINGS
    expect(parse(noSkips)).toEqual({ ok: true, value: noSkips })
  })

  it('limits the span to 26 weeks, inclusive of both ends', () => {
    expect(RECURRENCE_MAX_DAYS).toBe(182)
    expect(problem({ from: '2025-12-01', until: '2026-05-31', skipDates: [] })).toBe('ok') // 182 days
    expect(problem({ from: '2025-12-01', until: '2026-06-01', skipDates: [] })).toEqual([
      'until',
      '一次最多排26周（182天）的课，请把结束日期提前'
    ])
  })

  it('needs until on or after from', () => {
    expect(problem({ from: '2025-12-02', until: '2025-12-02', skipDates: [] })).toBe('ok')
    expect(problem({ from: '2025-12-03', until: '2025-12-02', skipDates: [] })).toEqual(['until', '结束日期不能早于开始日期'])
  })

  it('keeps durations between 15 and 480 minutes', () => {
    expect(problem({ durationMin: 15 })).toBe('ok')
    expect(problem({ durationMin: 480 })).toBe('ok')
    expect(problem({ durationMin: 14 })).toEqual(['durationMin', '每节时长不能小于15分钟'])
    expect(problem({ durationMin: 481 })).toEqual(['durationMin', '每节时长不能大于480分钟'])
    expect(problem({ durationMin: 60.5 })).toEqual(['durationMin', '每节时长必须是整数'])
  })

  it('rejects impossible dates and malformed times', () => {
    expect(problem({ until: '2026-02-30' })).toEqual(['until', '结束日期 2026-02-30 不是有效的日期，请重新选择'])
    expect(problem({ from: '2025/12/01' })).toEqual(['from', '开始日期不是有效的日期，请重新选择'])
    expect(problem({ startTime: '7:30' })).toEqual(['startTime', '上课时间应为 00:00–23:59 之间的时间'])
    expect(isCalendarDate('2024-02-29')).toBe(true)
    expect(isCalendarDate('2025-02-29')).toBe(false)
  })

  it('rejects repeated weekdays, out-of-range weekdays and an empty list', () => {
    expect(problem({ weekdays: [2, 4, 2] })).toEqual(['weekdays.2', '周二选了两次'])
    expect(problem({ weekdays: [0] })).toEqual(['weekdays.0', '上课的日子第1项不在可选范围内'])
    expect(problem({ weekdays: [] })).toEqual(['weekdays', '请选择每周哪几天上课'])
  })

  it('rejects skip dates outside the range', () => {
    expect(problem({ skipDates: ['2026-01-01'] })).toEqual(['skipDates.0', '跳过日期 2026-01-01 不在开始和结束日期之间'])
  })

  it('rejects a range with no class day in it', () => {
    // 2025-12-01 is a Monday; the rule runs on Tuesdays only.
    expect(problem({ weekdays: [2], from: '2025-12-01', until: '2025-12-01', skipDates: [] })).toEqual([
      'weekdays',
      '开始到结束日期之间没有选中的星期几，请多选几天或改一下日期'
    ])
    expect(problem({ weekdays: [2], from: '2025-12-02', until: '2025-12-02', skipDates: ['2025-12-02'] })).toEqual([
      'weekdays',
      '开始到结束日期之间没有选中的星期几，请多选几天或改一下日期'
    ])
  })

  it('says every problem of the 生成课时 form at once, in the form’s own words (never "重复规则")', () => {
    const rule = { ...TUE_THU_EVENINGS, weekdays: [], durationMin: 5, capacity: 0 }
    const found = problems(generateSessionsSchema, { courseId: 'yoga', rule })
    expect(found.map((p) => [p.field, p.message])).toEqual([
      ['rule.weekdays', '请选择每周哪几天上课'],
      ['rule.durationMin', '每节时长不能小于15分钟'],
      ['rule.capacity', '每节名额不能小于1人']
    ])
  })

  it('rejects unknown fields and capacities out of range', () => {
    expect(problem({ capacity: 0 })).toEqual(['capacity', '每节名额不能小于1人'])
    expect(parse({ ...TUE_THU_EVENINGS, timezone: 'UTC' })).toMatchObject({ ok: false, field: 'timezone' })
  })

  it('refuses to expand an invalid rule', () => {
    expect(() => expandRule('c', { ...TUE_THU_EVENINGS, until: '2025-11-30' })).toThrow(RangeError)
  })

  it('spans are counted in Shanghai days, one session per day at most', () => {
    const everyDay = { weekdays: [1, 2, 3, 4, 5, 6, 7] as RecurrenceRule['weekdays'], skipDates: [] }
    const all = expandRule('c', { ...TUE_THU_EVENINGS, ...everyDay, from: '2025-12-01', until: '2026-05-31' })
    expect(all).toHaveLength(182)
    expect(all[all.length - 1].startAt - all[0].startAt).toBe(181 * DAY_MS)
    expect(all[0].endAt - all[0].startAt).toBe(90 * MINUTE_MS)
  })
})
