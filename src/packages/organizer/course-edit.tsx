/**
 * Create or edit a course or a volunteer activity (善治合伙人: the same booking, with the volunteer categories; the
 * kind switch at the top, `?kind=volunteer` preselects it) and its booking policy. The form is checked with the same saveCourse schema the function
 * applies (core), so each problem is shown beside its field before anything is sent; policy fields left empty take
 * the defaults shown as placeholders.
 */
import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Image, Input, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import {
  COURSE_DESCRIPTION_MAX,
  COURSE_TITLE_MAX,
  INSTRUCTOR_MAX,
  saveCourseSchema,
  type ActivityCategory,
  type Course,
  type CourseKind,
  type Fail,
  type SaveCourseInput
} from '@core/api'
import { categoriesOf, DEFAULT_LOTTERY, DEFAULT_POLICY, kindOf, MIN_WAITLIST_LIMIT, WAITLIST_PER_SEAT, type CoursePolicyInput } from '@core/booking'
import { validate } from '@core/schema'
import { CATEGORY_SLUGS } from '@/booking/present'
import { call, fileUrl, uploadFile } from '@/cloud/call'
import { useRemote } from '@/cloud/use-remote'
import ChipRow from '@/components/chip-row'
import FormField from '@/components/form-field'
import RemoteView from '@/components/remote-view'
import { alertFail } from '@/platform/feedback'
import OrganizerPage from './organizer-page'
import './course-edit.scss'

/** Numeric policy fields, as typed (strings: '' means "use the default"). */
const NUMBER_FIELDS = [
  { key: 'opensBeforeH', label: '提前开放报名（小时）', hint: '开课前多少小时开放报名' },
  { key: 'closesBeforeMin', label: '报名截止（开课前分钟）', hint: '开课前多少分钟停止报名' },
  { key: 'cancelBeforeMin', label: '免费取消截止（开课前分钟）', hint: '之后取消算迟到取消' },
  { key: 'weeklyLimit', label: '每人每周可约次数', hint: '同一门课' },
  { key: 'maxUpcoming', label: '每人未上课预约上限', hint: '所有课程合计' },
  { key: 'waitlistCutoffMin', label: '自动递补截止（开课前分钟）', hint: '之后空出的名额改为保留给第一位候补' },
  { key: 'holdMinutes', label: '保留名额确认时限（分钟）', hint: '过时顺延给下一位' }
] as const

const KIND_CHOICES: readonly { key: CourseKind; label: string }[] = [
  { key: 'course', label: '课程' },
  { key: 'volunteer', label: '志愿活动' }
]

type NumberKey = (typeof NUMBER_FIELDS)[number]['key']

interface Draft {
  kind: CourseKind
  title: string
  category: ActivityCategory | ''
  description: string
  cover: string
  instructor: string
  venueId: string
  numbers: Record<NumberKey, string>
  waitlist: boolean
  /** '' = the default cap (defaultWaitlistLimit of the session's capacity). */
  waitlistLimit: string
  lottery: boolean
  lotteryClosesBeforeH: string
  archived: boolean
}

const blankNumbers = (): Record<NumberKey, string> =>
  Object.fromEntries(NUMBER_FIELDS.map((f) => [f.key, ''])) as Record<NumberKey, string>

function draftOf(course: Course | undefined, newKind: CourseKind): Draft {
  if (!course) {
    return {
      kind: newKind,
      title: '',
      category: '',
      description: '',
      cover: '',
      instructor: '',
      venueId: '',
      numbers: blankNumbers(),
      waitlist: DEFAULT_POLICY.waitlist,
      waitlistLimit: '',
      lottery: false,
      lotteryClosesBeforeH: '',
      archived: false
    }
  }
  const p = course.policy
  return {
    kind: kindOf(course),
    title: course.title,
    category: course.category,
    description: course.description,
    cover: course.cover,
    instructor: course.instructor,
    venueId: course.venueId,
    numbers: Object.fromEntries(NUMBER_FIELDS.map((f) => [f.key, String(p[f.key])])) as Record<NumberKey, string>,
    waitlist: p.waitlist,
    waitlistLimit: p.waitlistLimit === undefined ? '' : String(p.waitlistLimit),
    lottery: !!p.lottery,
    lotteryClosesBeforeH: p.lottery ? String(p.lottery.closesBeforeH) : '',
    archived: course.status === 'archived'
  }
}

/** '' → absent (default); anything else → a number, which the schema checks (NaN is reported as 必须是数字). */
const numberOf = (text: string): number | undefined => (text.trim() === '' ? undefined : Number(text.trim()))

function inputOf(draft: Draft, courseId: string | undefined): SaveCourseInput {
  const policy: CoursePolicyInput = { waitlist: draft.waitlist }
  for (const { key } of NUMBER_FIELDS) {
    const n = numberOf(draft.numbers[key])
    if (n !== undefined) policy[key] = n
  }
  const waitlistLimit = numberOf(draft.waitlistLimit)
  if (draft.waitlist && waitlistLimit !== undefined) policy.waitlistLimit = waitlistLimit
  if (draft.lottery) policy.lottery = { closesBeforeH: numberOf(draft.lotteryClosesBeforeH) ?? DEFAULT_LOTTERY.closesBeforeH }
  return {
    ...(courseId ? { courseId, status: draft.archived ? 'archived' : 'active' } : {}),
    kind: draft.kind,
    title: draft.title,
    // An empty category is sent as is, so the schema reports 请选择课程类别 beside the chips.
    category: draft.category as ActivityCategory,
    description: draft.description,
    cover: draft.cover,
    instructor: draft.instructor,
    venueId: draft.venueId,
    policy
  }
}

/** `policy.lottery.closesBeforeH` → `policy-lottery-closesBeforeH`: the FormField name the message belongs to. */
const fieldKey = (fail: Fail): string => (fail.field ?? '').replace(/\.\d+$/, '').replace(/\./g, '-')

/** Without a courseId in the route the page creates a course. */
export default function CourseEditPage() {
  return (
    <OrganizerPage className='course-edit'>
      {({ params }) =>
        params.courseId ? <EditExisting courseId={params.courseId} /> : <CourseForm newKind={params.kind === 'volunteer' ? 'volunteer' : 'course'} />
      }
    </OrganizerPage>
  )
}

function EditExisting({ courseId }: { courseId: string }) {
  const remote = useRemote(courseId, () => call('course', 'getCourse', { courseId }))
  return (
    <RemoteView remote={remote} rows={8}>
      {({ course }) => <CourseForm course={course} newKind={kindOf(course)} />}
    </RemoteView>
  )
}

function CourseForm({ course, newKind }: { course?: Course; newKind: CourseKind }) {
  // Every centre from listVenues, so a fresh deployment without any course can still create its first one.
  const venues = useRemote('organizer-venues', () => call('course', 'listVenues', {}))
  const venueList = venues.data?.items ?? []
  // A hint under the one field that needs the centres, not a screen state: the rest of the form is usable meanwhile.
  const venueHint =
    venues.state.status === 'loading' ? '正在读取服务中心…' : venues.state.status === 'error' ? `服务中心读取失败：${venues.state.error.message}` : undefined
  const [draft, setDraft] = useState<Draft>(() => draftOf(course, newKind))
  const [error, setError] = useState<{ key: string; message: string } | null>(null)
  const [saving, setSaving] = useState(false)
  const [uploading, setUploading] = useState(false)

  const edit = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }))
    setError(null)
  }
  const errorFor = (key: string) => (error?.key === key ? error.message : undefined)

  const pickCover = async () => {
    let path: string | undefined
    try {
      const picked = await Taro.chooseImage({ count: 1, sizeType: ['compressed'], sourceType: ['album', 'camera'] })
      path = picked.tempFilePaths[0]
    } catch {
      return // closing the picker is not an error
    }
    if (!path) return
    setUploading(true)
    const res = await uploadFile(path, 'course-covers')
    setUploading(false)
    if (res.ok) edit({ cover: res.data.fileID })
    else setError({ key: 'cover', message: res.message })
  }

  const save = async () => {
    const input = inputOf(draft, course?._id)
    const checked = validate(saveCourseSchema, input)
    if (!checked.ok) {
      setError({ key: fieldKey(checked), message: checked.message })
      // The field may be scrolled out of sight: say it where the person is looking too.
      void Taro.showToast({ title: checked.message, icon: 'none' })
      return
    }
    setSaving(true)
    const res = await call('course', 'saveCourse', checked.value)
    setSaving(false)
    if (!res.ok) {
      const key = fieldKey(res)
      if (key) {
        setError({ key, message: res.message })
        void Taro.showToast({ title: res.message, icon: 'none' })
      } else alertFail('没能保存', res)
      return
    }
    void Taro.showToast({ title: '已保存', icon: 'success' })
    if (course) void Taro.navigateBack()
    else void Taro.redirectTo({ url: `/packages/organizer/course?courseId=${encodeURIComponent(res.data.course._id)}` })
  }

  // Hold settings matter only with a waitlist.
  const numberFields = NUMBER_FIELDS.filter((f) => draft.waitlist || (f.key !== 'waitlistCutoffMin' && f.key !== 'holdMinutes'))
  // Messages about a field on screen are shown beside it; any other (e.g. about the whole form) above 保存.
  const inline = new Set([
    'kind',
    'title',
    'category',
    'instructor',
    'venueId',
    'description',
    'cover',
    'status',
    'policy-waitlist',
    'policy-waitlistLimit',
    'policy-lottery',
    'policy-lottery-closesBeforeH',
    ...numberFields.map((f) => `policy-${f.key}`)
  ])
  const volunteer = draft.kind === 'volunteer'
  return (
    <View className='org-form' id='course-form'>
      <View className='card'>
        <View className='card__title'>{`${course ? '编辑' : '新建'}${volunteer ? '志愿活动' : '课程'}`}</View>
        <FormField label='类型' name='kind' error={errorFor('kind')}>
          <ChipRow
            label='类型'
            kind='radio'
            chips={KIND_CHOICES.map((k) => ({ key: k.key, label: k.label, id: `course-form-kind-${k.key}`, on: draft.kind === k.key }))}
            // A category of the other kind would not fit: it is chosen again.
            onTap={(key) => edit({ kind: key as CourseKind, category: categoriesOf(key as CourseKind).includes(draft.category as ActivityCategory) ? draft.category : '' })}
          />
        </FormField>
        <FormField label={volunteer ? '活动名称' : '课程名称'} name='title' error={errorFor('title')}>
          <Input
            className='form-input'
            id='course-form-title'
            placeholder={volunteer ? '例如：平安建设巡逻' : '例如：瑜伽入门'}
            maxlength={COURSE_TITLE_MAX}
            value={draft.title}
            onInput={(e) => edit({ title: e.detail.value })}
          />
        </FormField>
        <FormField label={volunteer ? '活动类别' : '课程类别'} name='category' error={errorFor('category')}>
          <ChipRow
            label={volunteer ? '活动类别' : '课程类别'}
            kind='radio'
            chips={categoriesOf(draft.kind).map((c) => ({ key: c, label: c, id: `course-form-category-${CATEGORY_SLUGS[c]}`, on: draft.category === c }))}
            onTap={(key) => edit({ category: key as ActivityCategory })}
          />
        </FormField>
        <FormField label={volunteer ? '带队负责人' : '授课老师'} name='instructor' error={errorFor('instructor')}>
          <Input
            className='form-input'
            id='course-form-instructor'
            placeholder='老师的称呼'
            maxlength={INSTRUCTOR_MAX}
            value={draft.instructor}
            onInput={(e) => edit({ instructor: e.detail.value })}
          />
        </FormField>
        <FormField label='服务中心' name='venueId' error={errorFor('venueId')} hint={venueHint ?? venueList.find((v) => v._id === draft.venueId)?.address}>
          <ChipRow
            label='服务中心'
            kind='radio'
            chips={venueList.map((v) => ({ key: v._id, label: v.name, id: `course-form-venue-${v._id}`, on: draft.venueId === v._id }))}
            onTap={(key) => edit({ venueId: key })}
          />
        </FormField>
        <FormField label='课程介绍' name='description' error={errorFor('description')}>
          <Textarea
            className='org-form__textarea'
            id='course-form-description'
            placeholder='上什么、适合谁、要带什么'
            maxlength={COURSE_DESCRIPTION_MAX}
            value={draft.description}
            autoHeight
            onInput={(e) => edit({ description: e.detail.value })}
          />
        </FormField>
        <FormField label='封面' name='cover' error={errorFor('cover')} hint='可不传，列表会用课程名的首字'>
          <View className='course-edit__cover-row'>
            {draft.cover ? <Image className='course-edit__cover' src={fileUrl(draft.cover)} mode='aspectFill' ariaLabel='封面' /> : null}
            <Button className='tap-target' id='course-form-cover' loading={uploading} onClick={() => void pickCover()}>
              {draft.cover ? '换一张' : '上传封面'}
            </Button>
            {draft.cover ? (
              <Button className='tap-target' fill='none' id='course-form-cover-remove' onClick={() => edit({ cover: '' })}>
                移除
              </Button>
            ) : null}
          </View>
        </FormField>
        {course ? (
          <FormField label='状态' name='status' error={errorFor('status')} hint='归档后不再出现在「课程」里，已有预约不受影响'>
            <ChipRow
              label='课程状态'
              kind='radio'
              chips={[
                { key: 'active', label: '开放', id: 'course-form-status-active', on: !draft.archived },
                { key: 'archived', label: '归档', id: 'course-form-status-archived', on: draft.archived }
              ]}
              onTap={(key) => edit({ archived: key === 'archived' })}
            />
          </FormField>
        ) : null}
      </View>

      <View className='card'>
        <View className='card__title'>预约规则</View>
        <View className='card__text'>不填的项使用默认值。</View>
        {numberFields.map((f) => (
          <FormField key={f.key} label={f.label} name={`policy-${f.key}`} error={errorFor(`policy-${f.key}`)} hint={f.hint}>
            <Input
              className='form-input'
              id={`course-form-${f.key}`}
              type='number'
              placeholder={`默认 ${DEFAULT_POLICY[f.key]}`}
              value={draft.numbers[f.key]}
              onInput={(e) => edit({ numbers: { ...draft.numbers, [f.key]: e.detail.value } })}
            />
          </FormField>
        ))}
        <FormField label='名额满后' name='policy-waitlist' error={errorFor('policy-waitlist')}>
          <ChipRow
            label='候补'
            kind='radio'
            chips={[
              { key: 'on', label: '可以候补', id: 'course-form-waitlist-on', on: draft.waitlist },
              { key: 'off', label: '不设候补', id: 'course-form-waitlist-off', on: !draft.waitlist }
            ]}
            onTap={(key) => edit({ waitlist: key === 'on' })}
          />
        </FormField>
        {draft.waitlist ? (
          <FormField
            label='候补人数上限'
            name='policy-waitlistLimit'
            error={errorFor('policy-waitlistLimit')}
            hint={`候补满了再约的人会看到「候补已满」；不填则每个名额${WAITLIST_PER_SEAT}人，至少${MIN_WAITLIST_LIMIT}人`}
          >
            <Input
              className='form-input'
              id='course-form-waitlistLimit'
              type='number'
              placeholder={`默认 名额×${WAITLIST_PER_SEAT}（至少${MIN_WAITLIST_LIMIT}）`}
              value={draft.waitlistLimit}
              onInput={(e) => edit({ waitlistLimit: e.detail.value })}
            />
          </FormField>
        ) : null}
        <FormField label='报名方式' name='policy-lottery' error={errorFor('policy-lottery')} hint={draft.lottery ? '抽签截止前报名的人一起抽签，之后剩余名额先到先得' : undefined}>
          <ChipRow
            label='报名方式'
            kind='radio'
            chips={[
              { key: 'first', label: '先到先得', id: 'course-form-mode-first-come', on: !draft.lottery },
              { key: 'lottery', label: '抽签', id: 'course-form-mode-lottery', on: draft.lottery }
            ]}
            onTap={(key) => edit({ lottery: key === 'lottery' })}
          />
        </FormField>
        {draft.lottery ? (
          <FormField label='抽签时间（开课前小时）' name='policy-lottery-closesBeforeH' error={errorFor('policy-lottery-closesBeforeH')}>
            <Input
              className='form-input'
              id='course-form-lottery-closes-before-h'
              type='number'
              placeholder={`默认 ${DEFAULT_LOTTERY.closesBeforeH}`}
              value={draft.lotteryClosesBeforeH}
              onInput={(e) => edit({ lotteryClosesBeforeH: e.detail.value })}
            />
          </FormField>
        ) : null}
      </View>

      {error && !inline.has(error.key) ? <View className='organizer__error'>{error.message}</View> : null}
      <Button type='primary' block className='tap-target org-form__submit' id='course-form-save' loading={saving} disabled={uploading} onClick={() => void save()}>
        保存课程
      </Button>
    </View>
  )
}
