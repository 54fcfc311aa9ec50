/**
 * A questionnaire's responses, newest first, 20 a page, optionally one channel: who (respondent group, 本人填写 or
 * 走访录入 with the visit), and every answer as text. Personal answers come masked from the function (138****5678);
 * an admin may open one in full after giving a reason, which the function records in the audit log — the value is
 * shown in place and never kept beyond this page.
 */
import { useState } from 'react'
import { Input, Text, View } from '@tarojs/components'
import { Button, Popup } from '@nutui/nutui-react-taro'
import type { Result } from '@core/api'
import type { ResponseListItem } from '@core/api/survey'
import { CHANNEL_LABELS, RESPONDENT_GROUP_LABELS, allQuestions, type Channel } from '@core/survey'
import { formatDateTime } from '@core/time'
import { call } from '@/cloud/call'
import { useRefreshing, useRemote } from '@/cloud/use-remote'
import ChipRow from '@/components/chip-row'
import FormField from '@/components/form-field'
import RemoteView from '@/components/remote-view'
import { useArrivalGuard } from '@/hooks/use-arrival-guard'
import OrganizerPage, { type RouteNeeds } from './organizer-page'
import './survey-responses.scss'

const NEEDS: RouteNeeds<'surveyId'> = { params: ['surveyId'], missing: { title: '没有找到这份问卷', description: '请从问卷管理页进入。' } }

const PAGE = 20
/** A folded response shows its first few answers and every personal one (the reason to open a response is often a call back). */
const FOLDED_ANSWERS = 3
const REASON_MIN = 2
const REASON_MAX = 100

export default function SurveyResponsesPage() {
  return (
    <OrganizerPage className='survey-responses' needs={NEEDS}>
      {({ params, profile }) => <Responses surveyId={params.surveyId} admin={profile.roles.includes('admin')} />}
    </OrganizerPage>
  )
}

/** Question titles by id over every version, the current one's wording last (so it wins). */
async function loadTitles(surveyId: string): Promise<Result<Map<string, string>>> {
  const current = await call('survey', 'getDefinition', { surveyId })
  if (!current.ok) return current
  const older = await Promise.all(
    current.data.versions.filter((v) => v !== current.data.version).map((version) => call('survey', 'getDefinition', { surveyId, version }))
  )
  const titles = new Map<string, string>()
  for (const res of [...older, current]) {
    if (res.ok) for (const question of allQuestions(res.data.definition)) titles.set(question.id, question.title)
  }
  return { ok: true, data: titles }
}

type Filter = 'all' | Channel

function Responses({ surveyId, admin }: { surveyId: string; admin: boolean }) {
  const [filter, setFilter] = useState<Filter>('all')
  const [offset, setOffset] = useState(0)
  const titles = useRemote(`titles-${surveyId}`, () => loadTitles(surveyId))
  const remote = useRemote(`${surveyId}:${filter}:${offset}`, () =>
    call('survey', 'responses', { surveyId, offset, limit: PAGE, ...(filter === 'all' ? {} : { channel: filter }) })
  )
  useRefreshing(remote)
  const [revealed, setRevealed] = useState<Record<string, string>>({})
  const [asking, setAsking] = useState<{ responseId: string; questionId: string; title: string } | null>(null)

  const choose = (next: Filter) => {
    setFilter(next)
    setOffset(0)
  }

  return (
    <>
      <View className='card'>
        <ChipRow
          label='填写方式'
          kind='radio'
          chips={[
            { key: 'all', label: '全部', id: 'responses-filter-all', on: filter === 'all' },
            { key: 'self', label: CHANNEL_LABELS.self, id: 'responses-filter-self', on: filter === 'self' },
            { key: 'proxy', label: CHANNEL_LABELS.proxy, id: 'responses-filter-proxy', on: filter === 'proxy' }
          ]}
          onTap={(key) => choose(key as Filter)}
        />
        <View className='organizer__muted responses__note'>
          {admin ? '手机号等个人信息已隐去部分；点「查看完整」需填写原因，会被记录。' : '手机号等个人信息已隐去部分；查看完整信息需要管理员权限。'}
        </View>
      </View>
      <RemoteView remote={remote} rows={8} empty={{ when: (d) => d.total === 0, title: '还没有答卷', description: '有人填写或走访录入后，答卷会出现在这里。' }}>
        {({ items, total }) => (
          <View id='responses'>
            <View className='organizer__section' id='responses-range'>
              {`第 ${offset + 1}–${offset + items.length} 份，共 ${total} 份`}
            </View>
            {items.map((item) => (
              <ResponseCard
                key={item._id}
                item={item}
                titles={titles.data}
                admin={admin}
                revealed={revealed}
                onReveal={(questionId) => setAsking({ responseId: item._id, questionId, title: titles.data?.get(questionId) ?? questionId })}
              />
            ))}
            <View className='organizer__actions responses__pager'>
              <Button className='org-tap' id='responses-prev' disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
                上一页
              </Button>
              <Button className='org-tap' id='responses-next' disabled={offset + items.length >= total} onClick={() => setOffset(offset + PAGE)}>
                下一页
              </Button>
            </View>
          </View>
        )}
      </RemoteView>
      {asking ? (
        <UnmaskSheet
          {...asking}
          onClose={() => setAsking(null)}
          onShown={(value) => {
            setRevealed((r) => ({ ...r, [`${asking.responseId}:${asking.questionId}`]: value }))
            setAsking(null)
          }}
        />
      ) : null}
    </>
  )
}

interface ResponseCardProps {
  item: ResponseListItem
  titles: Map<string, string> | undefined
  admin: boolean
  revealed: Record<string, string>
  onReveal: (questionId: string) => void
}

function ResponseCard({ item, titles, admin, revealed, onReveal }: ResponseCardProps) {
  const guard = useArrivalGuard()
  const [open, setOpen] = useState(false)
  const personal = new Set(item.personal)
  const answers = Object.entries(item.answers)
  const shown = open ? answers : answers.filter(([id], i) => personal.has(id) || i < FOLDED_ANSWERS)
  return (
    <View className={`card responses__item${item.status === 'void' ? ' responses__item--void' : ''}`} id={`response-${item._id}`}>
      <View className='responses__head'>
        <Text className='responses__who'>{`${RESPONDENT_GROUP_LABELS[item.group]} · ${CHANNEL_LABELS[item.channel]}`}</Text>
        {item.status === 'void' ? <Text className='org-row__tag org-row__tag--muted'>已作废</Text> : null}
      </View>
      <View className='organizer__muted'>{`${formatDateTime(item.submittedAt)} 提交 · 第${item.version}版`}</View>
      {item.visit ? (
        <View className='organizer__muted'>{`走访：${item.visit.place}，${formatDateTime(item.visit.at)}${item.enteredBy ? `，录入人 ${item.enteredBy}` : ''}`}</View>
      ) : null}
      <View className='responses__answers'>
        {shown.map(([questionId, text]) => {
          const key = `${item._id}:${questionId}`
          const full = revealed[key]
          return (
            <View key={questionId} className='responses__answer' id={`answer-${item._id}-${questionId}`}>
              <Text className='responses__question'>{titles?.get(questionId) ?? questionId}</Text>
              <View className='responses__value-row'>
                <Text className={`responses__value${personal.has(questionId) ? (full === undefined ? ' responses__value--masked' : ' responses__value--revealed') : ''}`}>
                  {full ?? text}
                </Text>
                {admin && personal.has(questionId) && full === undefined ? (
                  <View className='responses__reveal' id={`reveal-${item._id}-${questionId}`} aria-role='button' onClick={guard(() => onReveal(questionId))}>
                    查看完整
                  </View>
                ) : null}
              </View>
            </View>
          )
        })}
      </View>
      {shown.length < answers.length || open ? (
        <View className='organizer__toggle responses__more' id={`response-more-${item._id}`} aria-role='button' aria-expanded={open} onClick={() => setOpen((v) => !v)}>
          {open ? '收起 ▴' : `展开全部 ${answers.length} 个回答 ▾`}
        </View>
      ) : null}
    </View>
  )
}

interface UnmaskSheetProps {
  responseId: string
  questionId: string
  title: string
  onClose: () => void
  onShown: (value: string) => void
}

function UnmaskSheet({ responseId, questionId, title, onClose, onShown }: UnmaskSheetProps) {
  const [reason, setReason] = useState('')
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState<string | undefined>()
  const guard = useArrivalGuard()
  const trimmed = reason.trim()

  const submit = async () => {
    if (Array.from(trimmed).length < REASON_MIN) {
      setProblem('请写明查看原因，例如：电话回访')
      return
    }
    setBusy(true)
    const res = await call('survey', 'unmask', { responseId, questionId, reason: trimmed })
    setBusy(false)
    if (res.ok) onShown(res.data.value)
    else setProblem(res.message)
  }

  return (
    <Popup visible position='bottom' round onClose={onClose} onOverlayClick={guard(() => true, false)} className='org-sheet'>
      <View className='org-sheet__body org-form' id='unmask-sheet' aria-role='dialog' aria-label='查看完整个人信息'>
        <View className='org-sheet__title'>{`查看「${title}」的完整内容`}</View>
        <View className='card__text'>查看会被记录（谁、何时、为什么）。请只在确有需要时查看。</View>
        <FormField label='查看原因' name='unmask-reason' error={problem} limit={{ text: reason, max: REASON_MAX }}>
          <Input
            className='form-input'
            id='unmask-reason'
            placeholder='例如：电话回访，确认需求'
            value={reason}
            onInput={(e) => {
              setReason(e.detail.value)
              setProblem(undefined)
            }}
          />
        </FormField>
        <View className='org-sheet__actions'>
          <Button className='org-tap org-sheet__button' fill='outline' id='unmask-cancel' onClick={guard(onClose)}>
            取消
          </Button>
          <Button className='org-tap org-sheet__button' type='primary' id='unmask-confirm' loading={busy} onClick={guard(() => void submit())}>
            查看
          </Button>
        </View>
      </View>
    </Popup>
  )
}
