/**
 * 走访录入: an organizer fills a questionnaire on behalf of a resident met on a visit — where and when, optionally
 * where exactly, the resident's phone (it keeps one resident from being entered twice, hashed on the server), the
 * resident's spoken consent recorded with the name of who heard it — with the same question renderers respondents
 * use, in proxy mode.
 *
 * Built for a weak connection: the questionnaire is kept on the phone once loaded (the page opens without a network
 * the next time), a saved entry goes to the local queue first (visit-queue.ts) and is sent from there — at once, on
 * reconnect, when the page is shown again, and by 立即同步 — each with its own clientId, so nothing is stored twice.
 * The page always says how many entries are still on the phone and what became of each.
 */
import { useCallback, useEffect, useMemo, useState } from 'react'
import Taro, { useDidShow } from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { Result, UserProfile } from '@core/api'
import { proxyEntrySchema, type GetSurveyDefinitionOutput } from '@core/api/survey'
import { validate } from '@core/schema'
import { coarseLocation, type GeoPoint } from '@core/survey'
import { atWallClock, DAY_MS, dateKey, formatDateTime, formatTime } from '@core/time'
import { call } from '@/cloud/call'
import { useRemote } from '@/cloud/use-remote'
import FormField from '@/components/form-field'
import { FORM, problemsOf, type Problems } from '@/components/form-field/problems'
import { DatePicker, TimePicker } from '@/components/form-picker'
import RemoteView from '@/components/remote-view'
import { QuestionList, useSurveyForm } from '@/components/survey'
import { locator } from '@/components/survey/locate'
import { useArrivalGuard } from '@/hooks/use-arrival-guard'
import { useNow } from '@/hooks/use-now'
import { network } from '@/platform/network'
import OrganizerPage, { type RouteNeeds } from './organizer-page'
import { enqueue, loadQueue, newClientId, removeEntry, syncQueue, waitingCount, type QueueStorage, type VisitEntry } from './visit-queue'
import './survey-visit.scss'

const NEEDS: RouteNeeds<'surveyId'> = { params: ['surveyId'], missing: { title: '没有找到这份问卷', description: '请从问卷管理页进入「走访录入」。' } }

const phoneStorage: QueueStorage = {
  get: (key) => Taro.getStorageSync<unknown>(key),
  set: (key, value) => Taro.setStorageSync(key, value)
}

const cacheKey = (surveyId: string) => `youlin.visits.survey.${surveyId}`

/** The questionnaire from the function, kept on the phone; the kept copy when the function cannot be reached. */
async function loadSurvey(surveyId: string): Promise<Result<GetSurveyDefinitionOutput>> {
  const res = await call('survey', 'getDefinition', { surveyId })
  if (res.ok) {
    Taro.setStorageSync(cacheKey(surveyId), res.data)
    return res
  }
  const kept = Taro.getStorageSync<GetSurveyDefinitionOutput | ''>(cacheKey(surveyId))
  return res.code === 'INTERNAL' && kept ? { ok: true, data: kept } : res
}

const send = (entry: VisitEntry) =>
  call('survey', 'submit', { surveyId: entry.surveyId, version: entry.version, clientId: entry.clientId, answers: entry.answers, proxy: entry.proxy })

export default function SurveyVisitPage() {
  return (
    <OrganizerPage className='survey-visit' needs={NEEDS}>
      {({ params, profile }) => <Visit surveyId={params.surveyId} profile={profile} />}
    </OrganizerPage>
  )
}

/** The phone's queue and connection, and the syncing that follows them. */
function useVisitQueue() {
  const [entries, setEntries] = useState<VisitEntry[]>(() => loadQueue(phoneStorage))
  const [online, setOnline] = useState(true)
  const [syncing, setSyncing] = useState(false)

  const sync = useCallback(async () => {
    setSyncing(true)
    setEntries(await syncQueue(phoneStorage, send))
    setSyncing(false)
  }, [])

  useEffect(() => {
    void network.online().then((up) => {
      setOnline(up)
      if (up) void sync()
    })
    return network.watch((up) => {
      setOnline(up)
      if (up) void sync()
    })
  }, [sync])
  useDidShow(() => void sync())

  const add = (entry: VisitEntry) => {
    setEntries(enqueue(phoneStorage, entry))
    // Offline it would only fail: the reconnect sends it.
    if (online) void sync()
  }
  const remove = (clientId: string) => setEntries(removeEntry(phoneStorage, clientId))
  return { entries, online, syncing, sync, add, remove }
}

function Visit({ surveyId, profile }: { surveyId: string; profile: UserProfile }) {
  const remote = useRemote(surveyId, () => loadSurvey(surveyId))
  const queue = useVisitQueue()
  // A new clientId per entry: the form starts afresh (by key) once an entry is saved, keeping where the visit is.
  const [clientId, setClientId] = useState(() => newClientId(Date.now()))
  const [lastVisit, setLastVisit] = useState<VisitPlace | undefined>()
  const mine = queue.entries.filter((e) => e.surveyId === surveyId)

  return (
    <>
      <QueueBar entries={mine} online={queue.online} syncing={queue.syncing} onSync={() => void queue.sync()} />
      <RemoteView remote={remote} rows={8}>
        {(data) =>
          data.survey.status !== 'published' || !data.definition.settings.channels.includes('proxy') ? (
            <View className='card card__text' id='visit-unavailable'>
              {data.survey.status !== 'published' ? '这份问卷现在不在进行中，不能录入。' : '这份问卷不接受走访录入。'}
            </View>
          ) : (
            <VisitForm
              key={clientId}
              clientId={clientId}
              data={data}
              enterer={profile.nickname}
              lastVisit={lastVisit}
              onSaved={(entry, visit) => {
                queue.add({ ...entry, savedAt: Date.now(), state: 'waiting' })
                setLastVisit(visit)
                setClientId(newClientId(Date.now()))
              }}
            />
          )
        }
      </RemoteView>
      <QueueList entries={mine} onRemove={queue.remove} />
    </>
  )
}

const STATE_TEXT: Record<VisitEntry['state'], string> = { waiting: '待同步', synced: '已同步', refused: '未能提交' }

function QueueBar({ entries, online, syncing, onSync }: { entries: VisitEntry[]; online: boolean; syncing: boolean; onSync: () => void }) {
  const waiting = waitingCount(entries)
  const refused = entries.filter((e) => e.state === 'refused').length
  return (
    <View className={`card visit__bar${waiting > 0 ? ' visit__bar--waiting' : ''}`} id='visit-bar'>
      <View className='visit__bar-main'>
        <Text className='visit__pending' id='visit-pending'>
          {waiting > 0 ? `${waiting} 条待同步` : '本机没有待同步的录入'}
        </Text>
        <Text className='organizer__muted' id='visit-network'>
          {`${online ? '网络已连接' : '现在离线：录入先存在本机，联网后自动同步'}${refused > 0 ? ` · ${refused} 条未能提交，见下方` : ''}`}
        </Text>
      </View>
      <Button className='org-tap' id='visit-sync' loading={syncing} disabled={waiting === 0} onClick={onSync}>
        立即同步
      </Button>
    </View>
  )
}

function QueueList({ entries, onRemove }: { entries: VisitEntry[]; onRemove: (clientId: string) => void }) {
  if (entries.length === 0) return null
  const sorted = [...entries].sort((a, b) => b.savedAt - a.savedAt)
  return (
    <View id='visit-queue'>
      <View className='organizer__section'>本机的录入</View>
      {sorted.map((entry) => (
        <View key={entry.clientId} className={`org-row visit__entry visit__entry--${entry.state}`} id={`visit-entry-${entry.clientId}`} data-state={entry.state}>
          <View className='org-row__main'>
            <Text className='org-row__title'>{`${entry.proxy.visitPlace} · ${formatDateTime(entry.proxy.visitAt)}`}</Text>
            <Text className='org-row__sub'>{`${formatTime(entry.savedAt)} 保存 · 录入人 ${entry.proxy.entererName}`}</Text>
            {entry.state === 'synced' ? <Text className='org-row__sub'>{entry.replayed ? '已同步（这位受访者之前已录入，没有重复保存）' : '已同步，答卷已保存'}</Text> : null}
            {entry.state === 'waiting' ? <Text className='org-row__sub'>还在本机，联网后自动同步</Text> : null}
            {entry.state === 'refused' && entry.message ? <Text className='org-row__sub visit__message'>{entry.message}</Text> : null}
          </View>
          <View className='visit__entry-side'>
            <Text className={`org-row__tag${entry.state === 'synced' ? '' : ' org-row__tag--muted'}`}>{STATE_TEXT[entry.state]}</Text>
            {entry.state === 'refused' ? (
              <View className='visit__remove' id={`visit-remove-${entry.clientId}`} aria-role='button' onClick={() => onRemove(entry.clientId)}>
                删除
              </View>
            ) : null}
          </View>
        </View>
      ))}
    </View>
  )
}

interface VisitDraft {
  place: string
  date: string
  time: string
  location?: GeoPoint
  phone: string
  enterer: string
  consent: boolean
}

/** What the next resident met on the same visit shares with the last one. */
type VisitPlace = Pick<VisitDraft, 'place' | 'location' | 'enterer'>

/**
 * A new entry: the place (and who enters) of the last one, as the next resident is usually met at the same station; the
 * time now, at the quarter hour before (the wheels step by 15 minutes); phone and consent always afresh.
 */
function startingDraft(now: number, enterer: string, lastVisit?: VisitPlace): VisitDraft {
  const quarter = 15 * 60_000
  const at = Math.floor(now / quarter) * quarter
  return { place: '', enterer, ...lastVisit, date: dateKey(at), time: formatTime(at), phone: '', consent: false }
}

function proxyOf(draft: VisitDraft): Record<string, unknown> {
  const phone = draft.phone.trim()
  return {
    visitPlace: draft.place.trim(),
    visitAt: atWallClock(draft.date, draft.time),
    ...(draft.location ? { location: draft.location } : {}),
    verbalConsent: draft.consent,
    entererName: draft.enterer.trim(),
    ...(phone ? { respondentPhone: phone } : {})
  }
}

/** How far back a visit may be entered (notes typed up the next days). */
const BACKDATE_DAYS = 30

interface VisitFormProps {
  clientId: string
  data: GetSurveyDefinitionOutput
  enterer: string
  lastVisit?: VisitPlace
  /** The entry as filled (the queue stamps when it was saved), and the place for the next one. */
  onSaved: (entry: Omit<VisitEntry, 'savedAt' | 'state'>, visit: VisitPlace) => void
}

function VisitForm({ clientId, data, enterer, lastVisit, onSaved }: VisitFormProps) {
  const now = useNow(60_000)
  const { definition, version, survey } = data
  const form = useSurveyForm(definition, { now })
  const [draft, setDraft] = useState<VisitDraft>(() => startingDraft(now, enterer, lastVisit))
  const [edited, setEdited] = useState(false)
  const [tried, setTried] = useState(false)
  const [formProblem, setFormProblem] = useState<string | undefined>()
  const [locating, setLocating] = useState<string | undefined>()
  const guard = useArrivalGuard()
  const phoneNeeded = definition.settings.limit === 'onePerPerson'

  const proxy = useMemo(() => proxyOf(draft), [draft])
  const problems: Problems = useMemo(() => {
    // The schema names its object (走访信息) for the function's messages; beside its own field the field's name is enough.
    const found: Problems = Object.fromEntries(Object.entries(problemsOf(proxyEntrySchema, proxy)).map(([key, message]) => [key, message?.replace('走访信息的', '')]))
    if (phoneNeeded && draft.phone.trim() === '') found.respondentPhone ??= '这份问卷每人限填一份，请填写受访者手机号，用来避免重复录入'
    if (proxy.visitAt as number > now + 5 * 60_000) found.visitAt ??= '走访时间不能晚于现在'
    return found
  }, [proxy, phoneNeeded, draft.phone, now])
  const shown: Problems = tried ? problems : edited ? Object.fromEntries(Object.entries(problems).filter(([key]) => key !== 'verbalConsent')) : {}

  const edit = (patch: Partial<VisitDraft>) => {
    setDraft((d) => ({ ...d, ...patch }))
    setEdited(true)
    setFormProblem(undefined)
  }

  const locate = async () => {
    setLocating('正在获取位置…')
    const found = await locator.locate()
    if (found?.ok) {
      edit({ location: coarseLocation(found.point, 5) })
      setLocating(undefined)
    } else setLocating(found ? found.message : undefined)
  }

  const next = () => {
    const step = form.next()
    if (step.kind === 'blocked') setFormProblem(step.message)
    else if (step.kind === 'page') void Taro.pageScrollTo({ scrollTop: 0, duration: 0 })
  }

  const save = () => {
    setTried(true)
    const checked = validate(proxyEntrySchema, proxy)
    if (!checked.ok || Object.keys(problems).length > 0) {
      setFormProblem('请先补全上面的走访信息')
      return
    }
    const step = form.checkAll()
    if (step.kind === 'blocked') {
      setFormProblem(step.message)
      return
    }
    const entry = { clientId, surveyId: survey._id, surveyTitle: survey.title, version, answers: form.answers, proxy: checked.value }
    onSaved(entry, { place: draft.place, location: draft.location, enterer: draft.enterer })
    void Taro.showToast({ title: '已保存在本机', icon: 'success' })
    void Taro.pageScrollTo({ scrollTop: 0, duration: 0 })
  }

  return (
    <View className='org-form' id='visit-form'>
      <View className='card'>
        <View className='card__title'>{survey.title}</View>
        <View className='card__text'>替受访者填写。请先说明问卷用途，取得对方口头同意后再开始。</View>
        <FormField label='走访地点' name='visit-place' error={shown.visitPlace} limit={{ text: draft.place, max: 60 }}>
          <Input className='form-input' id='visit-place' placeholder='例如：雁滩路骑手驿站' value={draft.place} onInput={(e) => edit({ place: e.detail.value })} />
        </FormField>
        <View className='org-form__row visit__when'>
          <FormField label='走访日期' name='visit-date' error={shown.visitAt}>
            <DatePicker id='visit-date' label='走访日期' value={draft.date} start={dateKey(now - BACKDATE_DAYS * DAY_MS)} end={dateKey(now)} onChange={(date) => edit({ date })} />
          </FormField>
          <FormField label='时间' name='visit-time'>
            <TimePicker id='visit-time' label='走访时间' value={draft.time} onChange={(time) => edit({ time })} />
          </FormField>
        </View>
        <FormField label='位置（可不填）' name='visit-location' error={locating} hint={draft.location ? `约 ${draft.location.lat.toFixed(4)}, ${draft.location.lng.toFixed(4)}（保存时只保留到约1公里）` : locator.hint}>
          <View className='organizer__actions visit__location'>
            <Button className='org-tap' id='visit-locate' onClick={guard(() => void locate())}>
              {locator.label}
            </Button>
            {draft.location ? (
              <Button className='org-tap' fill='none' id='visit-location-clear' onClick={() => edit({ location: undefined })}>
                清除
              </Button>
            ) : null}
          </View>
        </FormField>
        <FormField
          label={phoneNeeded ? '受访者手机号' : '受访者手机号（可不填）'}
          name='visit-phone'
          error={shown.respondentPhone}
          hint='只用来避免同一位受访者被重复录入，加密保存，不会显示给其他人。'
        >
          <Input className='form-input' id='visit-phone' type='number' maxlength={20} placeholder='11位手机号' value={draft.phone} onInput={(e) => edit({ phone: e.detail.value })} />
        </FormField>
        <FormField label='录入人' name='visit-enterer' error={shown.entererName} limit={{ text: draft.enterer, max: 20 }}>
          <Input className='form-input' id='visit-enterer' placeholder='你的姓名' value={draft.enterer} onInput={(e) => edit({ enterer: e.detail.value })} />
        </FormField>
        <FormField label='受访者同意' name='visit-consent' error={shown.verbalConsent}>
          <View
            className={`visit__consent${draft.consent ? ' visit__consent--on' : ''}`}
            id='visit-consent'
            aria-role='checkbox'
            aria-checked={draft.consent}
            onClick={() => edit({ consent: !draft.consent })}
          >
            <Text className='visit__tick'>{draft.consent ? '✓' : ''}</Text>
            <Text className='visit__consent-text'>{`已向受访者说明问卷用途，受访者口头同意（由${draft.enterer.trim() || '录入人'}确认）`}</Text>
          </View>
        </FormField>
      </View>

      <View className='card'>
        <View className='visit__progress' id='visit-progress'>
          {`第 ${form.progress.page}/${form.progress.pages} 页${form.page.title ? ` · ${form.page.title}` : ''}`}
        </View>
        <QuestionList form={form} now={now} mode='proxy' uploadFolder={`survey-images/${survey._id}`} />
      </View>

      {formProblem || (tried && shown[FORM]) ? (
        <View className='organizer__error' id='visit-problem'>
          {formProblem ?? shown[FORM]}
        </View>
      ) : null}
      <View className='organizer__actions visit__nav'>
        {form.isFirst ? null : (
          <Button className='org-tap visit__nav-button' id='visit-back' onClick={() => form.back()}>
            上一页
          </Button>
        )}
        {form.isLast ? (
          <Button className='org-tap visit__nav-button' type='primary' id='visit-save' disabled={form.busy} onClick={guard(save)}>
            保存录入
          </Button>
        ) : (
          <Button className='org-tap visit__nav-button' type='primary' id='visit-next' onClick={guard(next)}>
            下一页
          </Button>
        )}
      </View>
    </View>
  )
}
