/**
 * A questionnaire's results: who answered (by respondent group and by channel), then one card per question with a
 * chart and the numbers as text — overall, by group (骑手/快递员/网约车司机/居民…) or by channel (本人填写/走访录入).
 * Everything is counted by the function's aggregate pipeline; this page only lays it out. 对外展示 asks the function
 * for the shareable version, in which counts under 5 (and any that would give one away) are withheld, as anything
 * shown beyond organizers must be: it is what can be screenshotted for a report.
 */
import { useState } from 'react'
import { Text, View } from '@tarojs/components'
import {
  CHANNEL_LABELS,
  CHANNELS,
  QUESTION_TYPE_LABELS,
  RESPONDENT_GROUP_LABELS,
  SMALL_CELL,
  type CrossTab,
  type QuestionResult,
  type RespondentGroup,
  type SurveyResults
} from '@core/survey'
import { call } from '@/cloud/call'
import { useRefreshing, useRemote } from '@/cloud/use-remote'
import ChipRow from '@/components/chip-row'
import RemoteView from '@/components/remote-view'
import SegmentedTabs from '@/components/segmented-tabs'
import BarChart from './charts/bar-chart'
import OrganizerPage, { type RouteNeeds } from './organizer-page'
import { countText, shareText } from './survey-present'
import './survey-results.scss'

const NEEDS: RouteNeeds<'surveyId'> = { params: ['surveyId'], missing: { title: '没有找到这份问卷', description: '请从问卷管理页进入。' } }

/** Region answers can be many streets: the chart shows the most answered. */
const CHART_ROWS_MAX = 12

type View3 = 'all' | 'group' | 'channel'
const VIEWS: { key: View3; label: string }[] = [
  { key: 'all', label: '总体' },
  { key: 'group', label: '按身份' },
  { key: 'channel', label: '按填写方式' }
]

export default function SurveyResultsPage() {
  return (
    <OrganizerPage className='survey-results' needs={NEEDS}>
      {({ params }) => <Results surveyId={params.surveyId} />}
    </OrganizerPage>
  )
}

function Results({ surveyId }: { surveyId: string }) {
  const [shareable, setShareable] = useState(false)
  const remote = useRemote(`${surveyId}:${shareable ? 'shareable' : 'all'}`, () => call('survey', 'results', { surveyId, shareable }))
  useRefreshing(remote)
  return (
    <>
      <View className='card'>
        <ChipRow
          label='给谁看'
          kind='radio'
          chips={[
            { key: 'all', label: '组织者查看', id: 'results-mode-all', on: !shareable },
            { key: 'shareable', label: '对外展示', id: 'results-mode-shareable', on: shareable }
          ]}
          onTap={(key) => setShareable(key === 'shareable')}
        />
        <View className='organizer__muted results__mode-note'>
          {shareable ? `对外展示时，少于${SMALL_CELL}人的数字（以及能推算出它们的数字）显示为“—”，保护答卷人的隐私。` : '所有数字都显示，仅供服务中心内部使用。'}
        </View>
      </View>
      <RemoteView remote={remote} rows={10} empty={{ when: (d) => d.results.respondents.total === 0, title: '还没有答卷', description: '有人填写或走访录入后，这里会出现统计。' }}>
        {({ survey, versions, results }) => (
          <View id='results'>
            <Respondents results={results} title={survey.title} versions={versions} />
            {results.questions
              .filter((question) => question.type !== 'note')
              .map((question) => (
                <QuestionCard key={question.questionId} question={question} />
              ))}
          </View>
        )}
      </RemoteView>
    </>
  )
}

function Respondents({ results, title, versions }: { results: SurveyResults; title: string; versions: number[] }) {
  const { respondents } = results
  const groups = Object.entries(respondents.byGroup) as [RespondentGroup, number | null][]
  return (
    <View className='card' id='results-respondents'>
      <View className='card__title'>{title}</View>
      <View className='results__total'>
        <Text className='results__total-value' id='results-total'>
          {countText(respondents.total)}
        </Text>
        <Text className='results__total-label'>{`份答卷${versions.length > 1 ? `（第${versions.join('、')}版合计）` : ''}`}</Text>
      </View>
      <View className='organizer__muted'>{CHANNELS.map((c) => `${CHANNEL_LABELS[c]} ${countText(respondents.byChannel[c])}`).join(' · ')}</View>
      <View className='results__chips'>
        {groups.map(([group, count]) => (
          <Text key={group} className='results__chip'>{`${RESPONDENT_GROUP_LABELS[group]} ${countText(count)}`}</Text>
        ))}
      </View>
    </View>
  )
}

/** The chart's numbers: withheld counts draw as nothing (the table says "—"). */
const drawn = (count: number | null): number => count ?? 0

function QuestionCard({ question }: { question: QuestionResult }) {
  const [view, setView] = useState<View3>('all')
  const hasValues = question.values.length > 0
  const tab = view === 'group' ? question.byGroup : question.byChannel
  return (
    <View className='card results__question' id={`result-${question.questionId}`}>
      <View className='results__question-head'>
        <Text className='results__question-title'>{question.title}</Text>
        {question.removed ? <Text className='org-row__tag org-row__tag--muted'>已删除</Text> : null}
      </View>
      <View className='organizer__muted'>{`${QUESTION_TYPE_LABELS[question.type]} · ${countText(question.answered)} 人回答`}</View>
      {question.summary ? <Summary question={question} /> : question.summary === null ? <View className='organizer__muted'>人数太少，不显示平均值</View> : null}
      {hasValues ? (
        <>
          <SegmentedTabs tabs={VIEWS} value={view} onChange={setView} idPrefix={`result-${question.questionId}-view`} className='results__views' />
          {view === 'all' ? <Overall question={question} /> : <Crossed question={question} tab={tab} />}
        </>
      ) : question.summary === undefined ? (
        <View className='organizer__muted'>逐条回答请在「答卷」里查看。</View>
      ) : null}
    </View>
  )
}

function Summary({ question }: { question: QuestionResult }) {
  const summary = question.summary
  if (!summary || summary.count === 0 || summary.mean === null) return null
  // Dates are answered as days: their average is not a useful figure.
  if (question.type === 'date') return null
  const round = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1))
  return (
    <View className='results__summary'>
      {[
        ['平均', round(summary.mean)],
        ['最小', summary.min === null ? '—' : round(summary.min)],
        ['最大', summary.max === null ? '—' : round(summary.max)]
      ].map(([label, value]) => (
        <View key={label} className='results__summary-cell'>
          <Text className='results__summary-value'>{value}</Text>
          <Text className='results__summary-label'>{label}</Text>
        </View>
      ))}
    </View>
  )
}

function Overall({ question }: { question: QuestionResult }) {
  const shown = question.values.slice(0, CHART_ROWS_MAX)
  return (
    <>
      <BarChart
        id={`chart-${question.questionId}-all`}
        label={`${question.title}：各选项人数`}
        categories={shown.map((v) => v.label)}
        series={[{ name: '人数', data: shown.map((v) => drawn(v.count)) }]}
      />
      <View className='results__table' aria-role='table'>
        {question.values.map((value) => (
          <View key={String(value.value)} className='results__row' aria-role='row'>
            <Text className='results__label'>{`${value.label}${value.removed ? '（已删除的选项）' : ''}`}</Text>
            <Text className='results__num'>{countText(value.count)}</Text>
            <Text className='results__num results__num--share'>{shareText(value.share)}</Text>
          </View>
        ))}
      </View>
    </>
  )
}

function Crossed({ question, tab }: { question: QuestionResult; tab: CrossTab }) {
  if (tab.columns.length === 0) return <View className='organizer__muted'>还没有人回答。</View>
  const rows = tab.rows.slice(0, CHART_ROWS_MAX)
  return (
    <>
      <BarChart
        id={`chart-${question.questionId}-${tab.by}`}
        label={`${question.title}：按${tab.by === 'group' ? '身份' : '填写方式'}的人数`}
        categories={rows.map((row) => row.label)}
        series={tab.columns.map((column, c) => ({ name: column.label, data: rows.map((row) => drawn(row.cells[c])) }))}
        stacked
      />
      <View className='results__cross' aria-role='table'>
        <View className='results__row results__row--head' aria-role='row'>
          <Text className='results__label'>选项</Text>
          {tab.columns.map((column) => (
            <Text key={column.key} className='results__num'>
              {column.label}
            </Text>
          ))}
          <Text className='results__num'>合计</Text>
        </View>
        {tab.rows.map((row) => (
          <View key={String(row.value)} className='results__row' aria-role='row'>
            <Text className='results__label'>{row.label}</Text>
            {row.cells.map((cell, c) => (
              <Text key={tab.columns[c].key} className='results__num'>
                {countText(cell)}
              </Text>
            ))}
            <Text className='results__num'>{countText(row.total)}</Text>
          </View>
        ))}
        <View className='results__row results__row--total' aria-role='row'>
          <Text className='results__label'>回答人数</Text>
          {tab.totals.map((total, c) => (
            <Text key={tab.columns[c].key} className='results__num'>
              {countText(total)}
            </Text>
          ))}
          <Text className='results__num'>{countText(tab.total)}</Text>
        </View>
      </View>
    </>
  )
}
