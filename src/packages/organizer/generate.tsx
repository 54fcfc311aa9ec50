/**
 * 生成课时: a weekly rule (weekdays, start time, length, from–until, capacity) and a live preview of the sessions it
 * makes, computed by core's expandRule — the same code the function runs — so what is shown is what gets created.
 * Tapping a date in the preview skips it (a holiday); generating again later never duplicates a session.
 */
import { useMemo, useState } from 'react'
import Taro from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { Fail, RecurrenceRule, Session } from '@core/api'
import type { Checked } from '@core/schema'
import { expandRule, recurrenceRuleSchema, type PlannedSession } from '@core/booking'
import { DAY_MS, WEEKDAYS, WEEKDAY_LABELS, dateKey, formatRange, type Weekday } from '@core/time'
import { call } from '@/cloud/call'
import { useRemote } from '@/cloud/use-remote'
import ChipRow from '@/components/chip-row'
import FormField from '@/components/form-field'
import RemoteView from '@/components/remote-view'
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

function initialDraft(now: number): Draft {
  const from = dateKey(now + DAY_MS)
  return {
    weekdays: [],
    startTime: '19:00',
    duration: '90',
    from,
    until: dateKey(now + DEFAULT_WEEKS * 7 * DAY_MS),
    capacity: '20',
    skipDates: []
  }
}

const numberOf = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text.trim()))

/** The rule as the function will receive it; skipped dates outside the range are dropped (the range moved). */
function ruleOf(draft: Draft): unknown {
  return {
    weekdays: [...draft.weekdays].sort((a, b) => a - b),
    startTime: draft.startTime.trim(),
    durationMin: numberOf(draft.duration),
    from: draft.from.trim(),
    until: draft.until.trim(),
    skipDates: draft.skipDates.filter((d) => d >= draft.from.trim() && d <= draft.until.trim()).sort(),
    capacity: numberOf(draft.capacity)
  }
}

interface Preview {
  /** Every date the rule covers before skipping, so a skipped date can be tapped back in. */
  all: PlannedSession[]
  skipped: Set<string>
  /** The rule to send, or why it cannot be sent (e.g. every date skipped). */
  rule: Checked<RecurrenceRule>
}

function previewOf(courseId: string, draft: Draft): { ok: true; preview: Preview } | Fail {
  const base = recurrenceRuleSchema.parse(ruleOf({ ...draft, skipDates: [] }))
  if (!base.ok) return base
  const rule = recurrenceRuleSchema.parse(ruleOf(draft))
  const skipped = new Set(rule.ok ? (rule.value.skipDates ?? []) : draft.skipDates)
  return { ok: true, preview: { all: expandRule(courseId, base.value), skipped, rule } }
}

/** `skipDates.2` → `skipDates`: which field a message is about. */
const fieldOf = (fail: Fail): string => (fail.field ?? '').split('.')[0]

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
  const [draft, setDraft] = useState<Draft>(() => initialDraft(Date.now()))
  const [submitting, setSubmitting] = useState(false)
  const [serverFail, setServerFail] = useState<Fail | null>(null)

  const result = useMemo(() => previewOf(courseId, draft), [courseId, draft])
  const existing = useMemo(() => new Set(sessions.map((s) => s._id)), [sessions])

  const edit = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }))
    setServerFail(null)
  }
  const toggleWeekday = (day: Weekday) =>
    edit({ weekdays: draft.weekdays.includes(day) ? draft.weekdays.filter((d) => d !== day) : [...draft.weekdays, day] })
  const toggleSkip = (date: string) =>
    edit({ skipDates: draft.skipDates.includes(date) ? draft.skipDates.filter((d) => d !== date) : [...draft.skipDates, date] })

  const fail = serverFail ?? (!result.ok ? result : result.preview.rule.ok ? null : result.preview.rule)
  const errorFor = (field: string) => (fail && fieldOf(fail) === field ? fail.message : undefined)
  const now = Date.now()
  const planned = result.ok ? result.preview.all.filter((p) => !result.preview.skipped.has(dateKey(p.startAt))) : []
  const toCreate = planned.filter((p) => p.startAt > now && !existing.has(p._id))

  const submit = async () => {
    if (!result.ok || !result.preview.rule.ok) return
    setSubmitting(true)
    const res = await call('course', 'generateSessions', { courseId, rule: result.preview.rule.value })
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
        <FormField label='每周哪几天' name='rule-weekdays' error={errorFor('weekdays')}>
          <ChipRow
            label='上课星期'
            kind='checkbox'
            chips={WEEKDAYS.map((d) => ({ key: String(d), label: WEEKDAY_LABELS[d], id: `rule-weekday-${d}`, on: draft.weekdays.includes(d) }))}
            onTap={(key) => toggleWeekday(Number(key) as Weekday)}
          />
        </FormField>
        <View className='org-form__row'>
          <FormField label='上课时间' name='rule-start-time' error={errorFor('startTime')}>
            <Input className='form-input' id='rule-start-time' placeholder='HH:mm' maxlength={5} value={draft.startTime} onInput={(e) => edit({ startTime: e.detail.value })} />
          </FormField>
          <FormField label='每节时长（分钟）' name='rule-duration' error={errorFor('durationMin')}>
            <Input className='form-input' id='rule-duration' type='number' value={draft.duration} onInput={(e) => edit({ duration: e.detail.value })} />
          </FormField>
        </View>
        <View className='org-form__row'>
          <FormField label='开始日期' name='rule-from' error={errorFor('from')}>
            <Input className='form-input' id='rule-from' placeholder='YYYY-MM-DD' maxlength={10} value={draft.from} onInput={(e) => edit({ from: e.detail.value })} />
          </FormField>
          <FormField label='结束日期' name='rule-until' error={errorFor('until')}>
            <Input className='form-input' id='rule-until' placeholder='YYYY-MM-DD' maxlength={10} value={draft.until} onInput={(e) => edit({ until: e.detail.value })} />
          </FormField>
        </View>
        <FormField label='每节名额' name='rule-capacity' error={errorFor('capacity')}>
          <Input className='form-input' id='rule-capacity' type='number' value={draft.capacity} onInput={(e) => edit({ capacity: e.detail.value })} />
        </FormField>
      </View>

      <View className='card' id='rule-preview'>
        <View className='card__title'>预览</View>
        {!result.ok ? (
          <View className='organizer__error' id='rule-preview-error' aria-role='alert'>
            {result.message}
          </View>
        ) : (
          <>
            <View className='card__text' id='rule-preview-summary'>
              {`将生成 ${toCreate.length} 节${draft.skipDates.length > 0 ? `，跳过 ${result.preview.skipped.size} 天` : ''}。点日期可跳过（如节假日）。`}
            </View>
            <View className='rule-preview'>
              {result.preview.all.map((p) => {
                const day = dateKey(p.startAt)
                const skipped = result.preview.skipped.has(day)
                const state = skipped ? '跳过' : p.startAt <= now ? '已过' : existing.has(p._id) ? '已有' : '新建'
                return (
                  <View
                    key={day}
                    className={`rule-preview__item rule-preview__item--${skipped ? 'skipped' : state === '新建' ? 'new' : 'kept'}`}
                    id={`rule-preview-${day}`}
                    data-date={day}
                    data-state={state}
                    aria-role='checkbox'
                    aria-checked={!skipped}
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
        {fail && result.ok && !['weekdays', 'startTime', 'durationMin', 'from', 'until', 'capacity'].includes(fieldOf(fail)) ? (
          <View className='organizer__error' id='generate-error' aria-role='alert'>
            {fail.message}
          </View>
        ) : null}
      </View>

      <Button
        type='primary'
        block
        className='org-form__submit'
        id='generate-submit'
        loading={submitting}
        disabled={!result.ok || !result.preview.rule.ok || toCreate.length === 0}
        onClick={() => void submit()}
      >
        {result.ok && toCreate.length > 0 ? `生成 ${toCreate.length} 节课时` : '生成课时'}
      </Button>
    </View>
  )
}
