/**
 * 问卷编辑: an organizer creates or edits a questionnaire on the phone. Four views of one definition held in state —
 * 题目 (pages and question cards), 设置, 预览 (the respondent's renderers) and JSON (export and import) — and a bar with
 * 保存 and 发布 that stays under the thumb.
 *
 * Why it is shaped so:
 *   - The definition in state is plain `SurveyDefinition` JSON and every edit goes through survey-builder-model, so
 *     what is previewed, exported and saved is one object, and the edits are unit-tested.
 *   - Problems are core's alone (definitionProblems, and versionConflicts once published), so the builder refuses
 *     exactly what the function would. They show beside their fields, all at once, for the parts the organizer has
 *     touched, and everywhere after 保存 — an untouched new question is unfinished, not wrong.
 *   - Deleting is immediate with 撤销 for a few seconds, rather than a confirmation before every delete.
 *   - Saving a published questionnaire makes the next version, live at once: the organizer is told before, and the
 *     edits a new version may not make (a question changing type) are problems like any other.
 *   - Leaving with unsaved edits asks first (survey-builder-leave per platform).
 */
import { useEffect, useMemo, useState } from 'react'
import Taro from '@tarojs/taro'
import { Input, Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { Fail } from '@core/api'
import type { ManagedSurvey, ManagedVenue } from '@core/api/survey'
import {
  allQuestions,
  describeCondition,
  QUESTION_TYPE_LABELS,
  QUESTION_TYPES,
  SURVEY_INTRO_MAX,
  SURVEY_THANKS_MAX,
  SURVEY_TITLE_MAX,
  type Question,
  type QuestionType,
  type SurveyDefinition
} from '@core/survey'
import { call } from '@/cloud/call'
import { useRemote } from '@/cloud/use-remote'
import ChipRow from '@/components/chip-row'
import ConfirmDialog from '@/components/confirm-dialog'
import FormField from '@/components/form-field'
import RemoteView from '@/components/remote-view'
import SegmentedTabs from '@/components/segmented-tabs'
import { useArrivalGuard } from '@/hooks/use-arrival-guard'
import { useNow } from '@/hooks/use-now'
import { alertFail } from '@/platform/feedback'
import OrganizerPage from './organizer-page'
import { availabilityTag, surveyUrl } from './survey-present'
import SurveyJson from './survey-builder-json'
import { leaveGuard } from './survey-builder-leave'
import {
  addPage,
  addQuestion,
  blankDefinition,
  builderProblems,
  canMove,
  dependentKeys,
  movePage,
  moveQuestion,
  newQuestion,
  problemPlace,
  problemsByKey,
  removePage,
  removeQuestion,
  restorePage,
  restoreQuestion,
  updateOptions,
  updateQuestion
} from './survey-builder-model'
import SurveyPreview from './survey-builder-preview'
import QuestionCard from './survey-builder-question'
import SettingsEditor from './survey-builder-settings'
import './survey-builder.scss'

/** How long 撤销 is offered after a delete. */
const UNDO_MS = 6000

const LEAVE_MESSAGE = '问卷有修改还没有保存，离开后这些修改会丢失。'

type Tab = 'questions' | 'settings' | 'preview' | 'json'

const TABS: { key: Tab; label: string }[] = [
  { key: 'questions', label: '题目' },
  { key: 'settings', label: '设置' },
  { key: 'preview', label: '预览' },
  { key: 'json', label: 'JSON' }
]

/** Without a surveyId in the route the page creates a questionnaire (in the route's venueId, or one picked here). */
export default function SurveyBuilderPage() {
  return (
    <OrganizerPage className='survey-builder'>
      {({ params }) => (params.surveyId ? <EditExisting surveyId={params.surveyId} /> : <CreateNew venueId={params.venueId} />)}
    </OrganizerPage>
  )
}

function EditExisting({ surveyId }: { surveyId: string }) {
  const remote = useRemote(`builder-${surveyId}`, () => call('survey', 'getDefinition', { surveyId }))
  return (
    <RemoteView remote={remote} rows={8}>
      {(data) => <Builder survey={data.survey} initial={data.definition} venues={[]} />}
    </RemoteView>
  )
}

function CreateNew({ venueId }: { venueId?: string }) {
  const remote = useRemote('builder-venues', () => call('survey', 'listManaged', {}))
  return (
    <RemoteView remote={remote} rows={4}>
      {({ venues }) =>
        venues.length === 0 ? (
          <View className='card card__text'>你还没有负责的服务中心，不能新建问卷。请联系管理员开通。</View>
        ) : (
          <Builder initial={blankDefinition()} venues={venues} venueId={venueId ?? (venues.length === 1 ? venues[0]._id : undefined)} />
        )
      }
    </RemoteView>
  )
}

interface Undo {
  text: string
  restore: (def: SurveyDefinition) => SurveyDefinition
}

type Pending = 'save' | 'publish' | 'close' | 'duplicate'

interface BuilderProps {
  /** The questionnaire being edited; absent while a new one is not yet saved. */
  survey?: ManagedSurvey
  initial: SurveyDefinition
  /** Where a new questionnaire can go. */
  venues: ManagedVenue[]
  venueId?: string
}

function Builder({ survey: loaded, initial, venues, venueId: initialVenue }: BuilderProps) {
  const now = useNow(60_000)
  const [survey, setSurvey] = useState(loaded)
  const [venueId, setVenueId] = useState(loaded?.venueId ?? initialVenue)
  const [def, setDef] = useState(initial)
  // What the last save sent (or what was loaded): unsaved edits are a difference from it.
  const [saved, setSaved] = useState(() => JSON.stringify(initial))
  // The version respondents have: a new version must not contradict it.
  const [live, setLive] = useState<SurveyDefinition | undefined>(loaded && loaded.status !== 'draft' ? initial : undefined)
  const [view, setView] = useState<Tab>('questions')
  const [open, setOpen] = useState<string | null>(null)
  const [adding, setAdding] = useState<number | null>(null)
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set())
  const [attempted, setAttempted] = useState(false)
  const [undo, setUndo] = useState<Undo | null>(null)
  const [pending, setPending] = useState<Pending | null>(null)
  const [busy, setBusy] = useState(false)
  const guard = useArrivalGuard()
  const dirty = JSON.stringify(def) !== saved

  useEffect(() => (dirty ? leaveGuard.hold(LEAVE_MESSAGE) : undefined), [dirty])
  useEffect(() => {
    if (!undo) return undefined
    const timer = setTimeout(() => setUndo(null), UNDO_MS)
    return () => clearTimeout(timer)
  }, [undo])

  const problems = useMemo(() => builderProblems(def, live), [def, live])
  const shown = useMemo(() => {
    const byKey = problemsByKey(def, problems)
    if (!attempted) for (const key of [...byKey.keys()]) if (!touched.has(key)) byKey.delete(key)
    return byKey
  }, [def, problems, attempted, touched])
  const shownOf = (key: string): Fail[] => shown.get(key) ?? []

  const edit = (next: SurveyDefinition, ...keys: string[]) => {
    setDef(next)
    setTouched((t) => (keys.every((key) => t.has(key)) ? t : new Set([...t, ...keys])))
  }
  const editQuestion = (id: string) => (question: Question) => edit(updateQuestion(def, id, () => question), `q:${id}`)

  const deleteQuestion = (question: Question) => {
    const { def: next, removed } = removeQuestion(def, question.id)
    if (!removed) return
    edit(next, ...dependentKeys(def, question.id))
    if (open === question.id) setOpen(null)
    setUndo({ text: `已删除「${question.title || QUESTION_TYPE_LABELS[question.type]}」`, restore: (d) => restoreQuestion(d, removed) })
  }
  const deleteOption = (question: Question, index: number) => {
    if (question.type !== 'single' && question.type !== 'multi') return
    const option = question.options[index]
    edit(
      updateOptions(def, question.id, (options) => options.filter((_, i) => i !== index)),
      `q:${question.id}`
    )
    setUndo({
      text: `已删除选项「${option.label || option.value}」`,
      restore: (d) =>
        updateOptions(d, question.id, (options) => (options.some((o) => o.value === option.value) ? options : [...options.slice(0, index), option, ...options.slice(index)]))
    })
  }
  const deletePage = (index: number) => {
    const { def: next, removed } = removePage(def, index)
    if (!removed) return
    setDef(next)
    setUndo({ text: `已删除第${index + 1}页（${removed.item.questions.length} 道题）`, restore: (d) => restorePage(d, removed) })
  }
  const addOfType = (pageIndex: number, type: QuestionType) => {
    const question = newQuestion(def, type)
    edit(addQuestion(def, pageIndex, question), `q:${question.id}`)
    setAdding(null)
    setOpen(question.id)
  }

  /** Checks, then saves. Resolves with the saved questionnaire, or undefined when something must be fixed first. */
  const save = async (): Promise<ManagedSurvey | undefined> => {
    setAttempted(true)
    if (problems.length > 0) {
      setView(problems.every((p) => p.field?.startsWith('settings')) ? 'settings' : 'questions')
      void Taro.showToast({ title: `还有 ${problems.length} 处需要修改`, icon: 'none' })
      return undefined
    }
    if (!venueId) {
      void Taro.showToast({ title: '请选择服务中心', icon: 'none' })
      return undefined
    }
    const sent = JSON.stringify(def)
    const res = await call('survey', 'save', { ...(survey ? { surveyId: survey._id } : {}), venueId, definition: def })
    if (!res.ok) {
      alertFail('没能保存', res)
      return undefined
    }
    setSurvey(res.data.survey)
    setSaved(sent)
    if (res.data.survey.status !== 'draft') setLive(def)
    void Taro.showToast({ title: res.data.newVersion ? `已保存为第${res.data.survey.version}版` : '已保存', icon: 'success' })
    return res.data.survey
  }

  const act = async (what: Pending) => {
    setBusy(true)
    try {
      if (what === 'save') {
        await save()
        return
      }
      if (what === 'duplicate') {
        if (!survey) return
        const res = await call('survey', 'duplicate', { surveyId: survey._id })
        if (!res.ok) return alertFail('没能复制', res)
        void Taro.showToast({ title: '已复制为草稿', icon: 'success' })
        void Taro.redirectTo({ url: surveyUrl('survey-builder', { surveyId: res.data.survey._id }) })
        return
      }
      // Publishing publishes what is on screen: unsaved edits of a draft are saved first. Ending saves nothing.
      const current = what === 'publish' && (dirty || !survey) ? await save() : survey
      if (!current) return
      const res = await call('survey', what, { surveyId: current._id })
      if (!res.ok) return alertFail(what === 'publish' ? '没能发布' : '没能结束', res)
      setSurvey(res.data.survey)
      if (what === 'publish') setLive(def)
      void Taro.showToast({ title: what === 'publish' ? '已发布' : '已结束', icon: 'success' })
    } finally {
      setBusy(false)
      setPending(null)
    }
  }

  // A published questionnaire's save is a new version: say so first. A draft saves at once.
  const onSave = guard(() => (survey && survey.status !== 'draft' ? setPending('save') : void act('save')))
  const confirm = pending ? confirmText(pending, survey, dirty) : undefined
  const summary = attempted ? problems : []

  return (
    <View className='builder' id='survey-builder'>
      <Heading survey={survey} dirty={dirty} />
      <SegmentedTabs tabs={TABS} value={view} onChange={setView} idPrefix='builder-view' className='builder__tabs' />

      {summary.length > 0 ? (
        <View className='card builder__summary' id='builder-problems'>
          <View className='card__title'>{`还有 ${summary.length} 处需要修改`}</View>
          {summary.map((p, i) => (
            <View key={i} className='organizer__error'>{`${problemPlace(def, p.field)}：${p.message}`}</View>
          ))}
        </View>
      ) : null}

      {view === 'questions' ? (
        <>
          <View className='card' id='builder-meta'>
            <FormField label='问卷标题' name='builder-title' error={shownOf('meta').find((p) => p.field === 'title')?.message} limit={{ text: def.title, max: SURVEY_TITLE_MAX }}>
              <Input className='form-input' id='builder-title' placeholder='例如：新就业群体需求调查' value={def.title} onInput={(e) => edit({ ...def, title: e.detail.value }, 'meta')} />
            </FormField>
            <FormField label='开头说明（可不填）' name='builder-intro' error={shownOf('meta').find((p) => p.field === 'intro')?.message}>
              <Textarea
                className='org-form__textarea'
                id='builder-intro'
                placeholder='为什么做这次调查、大约几分钟'
                maxlength={SURVEY_INTRO_MAX}
                autoHeight
                value={def.intro ?? ''}
                onInput={(e) => edit({ ...def, intro: e.detail.value === '' ? undefined : e.detail.value }, 'meta')}
              />
            </FormField>
            <FormField label='提交后的说明（可不填）' name='builder-thanks' error={shownOf('meta').find((p) => p.field === 'thanks')?.message} hint='不填时说明：需求和资源会整理后在“服务”页公布'>
              <Textarea
                className='org-form__textarea'
                id='builder-thanks'
                maxlength={SURVEY_THANKS_MAX}
                autoHeight
                value={def.thanks ?? ''}
                onInput={(e) => edit({ ...def, thanks: e.detail.value === '' ? undefined : e.detail.value }, 'meta')}
              />
            </FormField>
            {!survey && venues.length > 1 ? (
              <FormField label='服务中心' name='builder-venue' error={attempted && !venueId ? '请选择服务中心' : undefined}>
                <ChipRow label='服务中心' kind='radio' chips={venues.map((v) => ({ key: v._id, label: v.name, id: `builder-venue-${v._id}`, on: v._id === venueId }))} onTap={setVenueId} />
              </FormField>
            ) : null}
          </View>

          {def.pages.map((page, p) => (
            <View key={page.id} className='builder-page' id={`builder-page-${page.id}`}>
              <View className='builder-page__head'>
                <Text className='organizer__section builder-page__name'>{`第${p + 1}页`}</Text>
                {def.pages.length > 1 ? (
                  <View className='builder-page__tools'>
                    <Button className='tap-target builder-tool' fill='outline' id={`builder-page-${page.id}-up`} disabled={p === 0} onClick={guard(() => edit(movePage(def, p, -1), `page:${page.id}`))}>
                      上移
                    </Button>
                    <Button className='tap-target builder-tool' fill='outline' id={`builder-page-${page.id}-down`} disabled={p === def.pages.length - 1} onClick={guard(() => edit(movePage(def, p, 1), `page:${page.id}`))}>
                      下移
                    </Button>
                    <Button className='tap-target builder-tool builder-tool--danger' fill='none' id={`builder-page-${page.id}-delete`} onClick={guard(() => deletePage(p))}>
                      删除页
                    </Button>
                  </View>
                ) : null}
              </View>
              {def.pages.length > 1 ? (
                <Input
                  className='form-input builder-page__title'
                  id={`builder-page-${page.id}-title`}
                  placeholder='这一页的标题（可不填）'
                  value={page.title ?? ''}
                  onInput={(e) => edit({ ...def, pages: def.pages.map((x) => (x.id === page.id ? { ...x, title: e.detail.value === '' ? undefined : e.detail.value } : x)) }, `page:${page.id}`)}
                />
              ) : null}
              {(page.jumps ?? []).map((jump, j) => (
                <View key={j} className='organizer__muted'>{`答完本页后，当${describeCondition(def, jump.when)}时跳到${jump.to === 'end' ? '结尾' : `第${def.pages.findIndex((x) => x.id === jump.to) + 1}页`}（跳转在 JSON 里修改）`}</View>
              ))}
              {shownOf(`page:${page.id}`).map((problem, i) => (
                <View key={i} className='organizer__error' id={`builder-page-${page.id}-error`}>
                  {problem.message}
                </View>
              ))}
              {page.questions.map((question) => {
                const moves = canMove(def, question.id)
                return (
                  <QuestionCard
                    key={question.id}
                    def={def}
                    question={question}
                    number={allQuestions(def).indexOf(question) + 1}
                    open={open === question.id}
                    canUp={moves.up}
                    canDown={moves.down}
                    problems={shownOf(`q:${question.id}`)}
                    onToggle={() => setOpen(open === question.id ? null : question.id)}
                    onChange={editQuestion(question.id)}
                    onMove={(delta) => edit(moveQuestion(def, question.id, delta), ...dependentKeys(def, question.id))}
                    onDelete={() => deleteQuestion(question)}
                    onDeleteOption={(index) => deleteOption(question, index)}
                  />
                )
              })}
              {page.questions.length === 0 ? <View className='card card__text'>这一页还没有题目。</View> : null}
              {adding === p ? (
                <View className='card' id={`builder-add-types-${page.id}`}>
                  <View className='card__title'>添加哪种题目？</View>
                  <ChipRow
                    label='题型'
                    kind='radio'
                    chips={QUESTION_TYPES.map((type) => ({ key: type, label: QUESTION_TYPE_LABELS[type], id: `builder-add-${page.id}-${type}`, on: false }))}
                    onTap={(type) => addOfType(p, type as QuestionType)}
                  />
                  <Button className='tap-target' fill='none' id={`builder-add-${page.id}-cancel`} onClick={() => setAdding(null)}>
                    取消
                  </Button>
                </View>
              ) : (
                <Button className='tap-target builder-page__add' fill='outline' block id={`builder-add-${page.id}`} onClick={() => setAdding(p)}>
                  ＋ 添加题目
                </Button>
              )}
            </View>
          ))}
          <Button className='tap-target builder__add-page' fill='dashed' block id='builder-add-page' onClick={guard(() => edit(addPage(def), 'meta'))}>
            ＋ 添加一页
          </Button>

          {survey ? (
            <View className='card' id='builder-more'>
              <View className='card__title'>更多</View>
              <View className='organizer__actions'>
                {survey.status === 'published' ? (
                  <Button className='tap-target' fill='outline' id='builder-close' onClick={guard(() => setPending('close'))}>
                    结束问卷
                  </Button>
                ) : null}
                <Button className='tap-target' fill='outline' id='builder-duplicate' onClick={guard(() => setPending('duplicate'))}>
                  复制为新问卷
                </Button>
              </View>
            </View>
          ) : null}
        </>
      ) : null}

      {view === 'settings' ? <SettingsEditor def={def} now={now} problems={shownOf('settings')} onChange={(next) => edit(next, 'settings')} /> : null}
      {view === 'preview' ? <SurveyPreview def={def} now={now} /> : null}
      {view === 'json' ? (
        <SurveyJson
          def={def}
          onImport={(next) => {
            setDef(next)
            setAttempted(true)
            setOpen(null)
            setView('questions')
          }}
        />
      ) : null}

      {undo ? (
        <View className='builder__undo' id='builder-undo' aria-live='polite'>
          <Text className='builder__undo-text'>{undo.text}</Text>
          <Button
            className='tap-target builder__undo-button'
            fill='none'
            id='builder-undo-button'
            onClick={() => {
              setDef(undo.restore(def))
              setUndo(null)
            }}
          >
            撤销
          </Button>
        </View>
      ) : null}

      <View className='builder__bar' id='builder-bar'>
        <Button className='tap-target builder__bar-button' fill='outline' id='builder-save' loading={busy && pending === null} disabled={busy} onClick={onSave}>
          {survey && survey.status !== 'draft' ? '保存为新版本' : '保存草稿'}
        </Button>
        {!survey || survey.status === 'draft' ? (
          <Button className='tap-target builder__bar-button' type='primary' id='builder-publish' disabled={busy} onClick={guard(() => setPending('publish'))}>
            发布
          </Button>
        ) : null}
      </View>

      <ConfirmDialog
        open={pending !== null && confirm !== undefined}
        title={confirm?.title ?? ''}
        confirmText={confirm?.button ?? ''}
        danger={pending === 'close'}
        busy={busy}
        onConfirm={() => pending && void act(pending)}
        onCancel={() => setPending(null)}
      >
        {confirm?.text ?? ''}
      </ConfirmDialog>
    </View>
  )
}

function Heading({ survey, dirty }: { survey?: ManagedSurvey; dirty: boolean }) {
  const tag = survey ? availabilityTag(survey.availability) : { text: '新问卷', muted: true }
  return (
    <View className='builder__heading' id='builder-heading'>
      <Text className={`org-row__tag${tag.muted ? ' org-row__tag--muted' : ''}`} id='builder-state'>
        {tag.text}
      </Text>
      {survey ? <Text className='organizer__muted'>{`第${survey.version}版`}</Text> : null}
      <Text className={`organizer__muted builder__saved${dirty ? ' builder__saved--dirty' : ''}`} id='builder-saved'>
        {dirty ? '有未保存的修改' : survey ? '已保存' : '尚未保存'}
      </Text>
    </View>
  )
}

/** What each confirmation says; saving a published questionnaire names the version it becomes. */
function confirmText(pending: Pending, survey: ManagedSurvey | undefined, dirty: boolean): { title: string; text: string; button: string } {
  const next = survey ? survey.version + 1 : 1
  switch (pending) {
    case 'save':
      return {
        title: `保存为第${next}版`,
        text: `这份问卷已经发布过。保存后立即成为第${next}版，之后的答卷按新版本填写；已收到的答卷保留原来的版本，统计和导出会包含所有版本。`,
        button: '保存新版本'
      }
    case 'publish':
      return {
        title: '发布问卷',
        text: `${dirty || !survey ? '先保存当前修改，再发布。' : ''}发布后，大家就能在「问卷」里看到并填写；之后再修改会成为新的一版，已收到的答卷保留原来的版本。`,
        button: dirty || !survey ? '保存并发布' : '发布'
      }
    case 'close':
      return { title: '结束问卷', text: '结束后不再接受新的答卷（包括走访录入）。已收到的答卷、统计和清单都会保留。', button: '结束问卷' }
    case 'duplicate':
      return {
        title: '复制为新问卷',
        text: `复制出一份草稿，题目和设置与已保存的一样${dirty ? '（还没保存的修改不会复制）' : ''}，答卷不会复制。复制后打开新问卷继续编辑。`,
        button: '复制'
      }
  }
}
