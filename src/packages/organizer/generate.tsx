/**
 * 生成课时: a weekly rule (weekdays, start time, length, from–until, capacity) and a live preview of the sessions it
 * makes, computed by core's expandRule — the same code the function runs — so what is shown is what gets created.
 * Dates and the start time are picked on wheels (times in 15-minute steps). The rule's problems appear beside their
 * fields, all at once, from the first change on: an untouched form is incomplete, not wrong. Tapping a date in the
 * preview skips it (a holiday); generating again later never duplicates a session.
 */
import { useMemo, useState } from 'react'
import Taro from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { Fail, Session } from '@core/api'
import { RECURRENCE_MAX_DAYS, expandRule, recurrenceRuleSchema, type PlannedSession } from '@core/booking'
import { DAY_MS, WEEKDAYS, WEEKDAY_LABELS, atWallClock, dateKey, formatRange, type Weekday } from '@core/time'
import { validate } from '@core/schema'
import { call } from '@/cloud/call'
import { useRemote } from '@/cloud/use-remote'
import ChipRow from '@/components/chip-row'
import FormField from '@/components/form-field'
import { FORM, problemsOf, type Problems } from '@/components/form-field/problems'
import { DatePicker, TimePicker } from '@/components/form-picker'
import RemoteView from '@/components/remote-view'
import { useNow } from '@/hooks/use-now'
import OrganizerPage, { type RouteNeeds } from './organizer-page'
import './generate.scss'

interface Draft {
  weekdays: Weekday[]
  startTime: string
  duration: string
  from: string
  until: string
  capacity: string
  skipDates: string[]
}

const DEFAULT_WEEKS = 4
/** How far ahead a rule may start. */
const PLAN_AHEAD_DAYS = 365

function initialDraft(now: number): Draft {
  return {
    weekdays: [],
    startTime: '19:00',
    duration: '90',
    from: dateKey(now + DAY_MS),
    until: dateKey(now + DEFAULT_WEEKS * 7 * DAY_MS),
    capacity: '20',
    skipDates: []
  }
}

const numberOf = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text.trim()))

/** The rule as the function will receive it; skipped dates outside the range are dropped (the range moved). */
function ruleOf(draft: Draft): Record<string, unknown> {
  return {
    weekdays: [...draft.weekdays].sort((a, b) => a - b),
    startTime: draft.startTime,
    durationMin: numberOf(draft.duration),
    from: draft.from,
    until: draft.until,
    skipDates: draft.skipDates.filter((d) => d >= draft.from && d <= draft.until).sort(),
    capacity: numberOf(draft.capacity)
  }
}

/** Every session the rule covers before skipping, so a skipped date can be tapped back in; none while it is unfinished. */
function plannedOf(courseId: string, draft: Draft): PlannedSession[] {
  const base = validate(recurrenceRuleSchema, ruleOf({ ...draft, skipDates: [] }))
  return base.ok ? expandRule(courseId, base.value) : []
}

/** The rule's fields that have a place on the form; a problem about anything else shows under the preview. */
const FIELDS = ['weekdays', 'startTime', 'durationMin', 'from', 'until', 'capacity']

/** `rule.skipDates.2` → `skipDates`: which field of the rule a message from the function is about. */
const fieldOf = (fail: Fail): string => fail.field?.replace(/^rule\./, '').split('.')[0] || FORM

const NEEDS: RouteNeeds<'courseId'> = { params: ['courseId'], missing: { title: '没有找到这门课', description: '请从课程管理页进入。' } }

export default function GeneratePage() {
  return (
    <OrganizerPage className='generate' needs={NEEDS}>
      {({ params }) => <Generator courseId={params.courseId} />}
    </OrganizerPage>
  )
}

function Generator({ courseId }: { courseId: string }) {
  const remote = useRemote(courseId, () => call('course', 'getCourse', { courseId }))
  return (
    <RemoteView remote={remote} rows={8}>
      {({ course, sessions }) => <RuleForm courseId={courseId} title={course.title} sessions={sessions} />}
    </RemoteView>
  )
}

/** `sessions`: the course's upcoming sessions, so the preview can tell which planned ones already exist. */
function RuleForm({ courseId, title, sessions }: { courseId: string; title: string; sessions: Session[] }) {
  // A minute is fine enough for which planned sessions still lie ahead.
  const now = useNow(60_000)
  const [draft, setDraft] = useState<Draft>(() => initialDraft(now))
  const [edited, setEdited] = useState(false)
  const [submitting, setSubmitting] = useState(false)
  const [serverFail, setServerFail] = useState<Fail | null>(null)

  const planned = useMemo(() => plannedOf(courseId, draft), [courseId, draft])
  const checked = useMemo(() => validate(recurrenceRuleSchema, ruleOf(draft)), [draft])
  const problems = useMemo(() => problemsOf(recurrenceRuleSchema, ruleOf(draft)), [draft])
  const existing = useMemo(() => new Set(sessions.map((s) => s._id)), [sessions])

  const edit = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }))
    setEdited(true)
    setServerFail(null)
  }
  const toggleWeekday = (day: Weekday) =>
    edit({ weekdays: draft.weekdays.includes(day) ? draft.weekdays.filter((d) => d !== day) : [...draft.weekdays, day] })
  const toggleSkip = (date: string) =>
    edit({ skipDates: draft.skipDates.includes(date) ? draft.skipDates.filter((d) => d !== date) : [...draft.skipDates, date] })

  const shown: Problems = serverFail ? { [fieldOf(serverFail)]: serverFail.message } : edited ? problems : {}
  const ruleProblem = Object.entries(shown).find(([key]) => !FIELDS.includes(key))?.[1]
  const skipped = new Set(draft.skipDates)
  const kept = planned.filter((p) => !skipped.has(dateKey(p.startAt)))
  const toCreate = kept.filter((p) => p.startAt > now && !existing.has(p._id))
  // The wheels offer what the rule accepts: from today on, and until within the longest span after the start.
  const untilLast = dateKey(atWallClock(draft.from, '00:00') + (RECURRENCE_MAX_DAYS - 1) * DAY_MS)

  const submit = async () => {
    if (!checked.ok) return
    setSubmitting(true)
    const res = await call('course', 'generateSessions', { courseId, rule: checked.value })
    setSubmitting(false)
    if (!res.ok) {
      setServerFail(res)
      return
    }
    const notes = [res.data.existing > 0 ? `${res.data.existing}节已存在` : '', res.data.past > 0 ? `${res.data.past}节已过时` : '']
    const title = [`已生成${res.data.created}节课时`, ...notes.filter(Boolean)].join('，')
    // The course page (back one step) reloads on show and lists the new sessions.
    void Taro.showToast({ title, icon: 'none', duration: 2500 })
    void Taro.navigateBack()
  }

  return (
    <View className='org-form' id='generate-form'>
      <View className='card'>
        <View className='card__title'>{`为「${title}」生成课时`}</View>
        <View className='card__text'>按每周固定时间排课，时间均为北京时间。</View>
        <FormField label='每周哪几天' name='rule-weekdays' error={shown.weekdays}>
          <ChipRow
            label='每周哪几天上课'
            kind='checkbox'
            chips={WEEKDAYS.map((d) => ({ key: String(d), label: WEEKDAY_LABELS[d], id: `rule-weekday-${d}`, on: draft.weekdays.includes(d) }))}
            onTap={(key) => toggleWeekday(Number(key) as Weekday)}
          />
        </FormField>
        <View className='org-form__row'>
          <FormField label='上课时间' name='rule-start-time' error={shown.startTime}>
            <TimePicker id='rule-start-time' label='上课时间' value={draft.startTime} onChange={(startTime) => edit({ startTime })} />
          </FormField>
          <FormField label='每节时长（分钟）' name='rule-duration' error={shown.durationMin}>
            <Input className='form-input' id='rule-duration' type='number' value={draft.duration} onInput={(e) => edit({ duration: e.detail.value })} />
          </FormField>
        </View>
        <View className='org-form__row'>
          <FormField label='开始日期' name='rule-from' error={shown.from}>
            <DatePicker
              id='rule-from'
              label='开始日期'
              value={draft.from}
              start={dateKey(now)}
              end={dateKey(now + PLAN_AHEAD_DAYS * DAY_MS)}
              onChange={(from) => edit({ from })}
            />
          </FormField>
          <FormField label='结束日期' name='rule-until' error={shown.until}>
            <DatePicker id='rule-until' label='结束日期' value={draft.until} start={draft.from} end={untilLast} onChange={(until) => edit({ until })} />
          </FormField>
        </View>
        <FormField label='每节名额' name='rule-capacity' error={shown.capacity}>
          <Input className='form-input' id='rule-capacity' type='number' value={draft.capacity} onInput={(e) => edit({ capacity: e.detail.value })} />
        </FormField>
      </View>

      <View className='card' id='rule-preview'>
        <View className='card__title'>预览</View>
        {planned.length === 0 ? (
          <View className='card__text' id='rule-preview-empty'>
            选好每周哪几天上课、上课时间和日期后，这里会列出要生成的课时。
          </View>
        ) : (
          <>
            <View className='card__text' id='rule-preview-summary'>
              {`将生成 ${toCreate.length} 节${kept.length < planned.length ? `，跳过 ${planned.length - kept.length} 天` : ''}。点日期可跳过（如节假日）。`}
            </View>
            <View className='rule-preview'>
              {planned.map((p) => {
                const day = dateKey(p.startAt)
                const skip = skipped.has(day)
                const state = skip ? '跳过' : p.startAt <= now ? '已过' : existing.has(p._id) ? '已有' : '新建'
                return (
                  <View
                    key={day}
                    className={`rule-preview__item rule-preview__item--${skip ? 'skipped' : state === '新建' ? 'new' : 'kept'}`}
                    id={`rule-preview-${day}`}
                    data-date={day}
                    data-state={state}
                    aria-role='checkbox'
                    aria-checked={!skip}
                    onClick={() => toggleSkip(day)}
                  >
                    <Text className='rule-preview__when'>{formatRange(p.startAt, p.endAt)}</Text>
                    <Text className='rule-preview__state'>{state}</Text>
                  </View>
                )
              })}
            </View>
          </>
        )}
        {ruleProblem ? (
          <View className='organizer__error' id='generate-error' aria-role='alert'>
            {ruleProblem}
          </View>
        ) : null}
      </View>

      <Button
        type='primary'
        block
        className='tap-target org-form__submit'
        id='generate-submit'
        loading={submitting}
        disabled={!checked.ok || toCreate.length === 0}
        onClick={() => void submit()}
      >
        {checked.ok && toCreate.length > 0 ? `生成 ${toCreate.length} 节课时` : '生成课时'}
      </Button>
    </View>
  )
}
