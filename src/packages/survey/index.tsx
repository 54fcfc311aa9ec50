/**
 * 问卷 (`index[?tab=mine]`): the questionnaires open now — closing soonest first — and 我的问卷, the ones the person
 * answered or left half filled (我的 opens that tab). Each card says what state it is in and what a tap does: 去填写,
 * 继续填写 for a draft (saved on the server, so another phone resumes it too), 查看 for one already submitted.
 * Pull down to refresh; coming back from a filling refreshes quietly.
 */
import { useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { SurveyListItem } from '@core/api/survey'
import { call } from '@/cloud/call'
import { useRefreshing, useRemote } from '@/cloud/use-remote'
import PageShell from '@/components/page-shell'
import RemoteView from '@/components/remote-view'
import SegmentedTabs from '@/components/segmented-tabs'
import { useArrivalGuard, type TapGuard } from '@/hooks/use-arrival-guard'
import { useNow } from '@/hooks/use-now'
import { mineText, statusText } from './present'
import './index.scss'

type Tab = 'open' | 'mine'

const TABS: { key: Tab; label: string }[] = [
  { key: 'open', label: '可以填写' },
  { key: 'mine', label: '我的问卷' }
]

const EMPTY: Record<Tab, { title: string; description: string }> = {
  open: { title: '现在没有要填的问卷', description: '服务中心发布新问卷后会出现在这里。' },
  mine: { title: '你还没有填过问卷', description: '填过的和填了一半的问卷会出现在这里。' }
}

/** What a tap on the card does, in its button's words. */
function actionOf(item: SurveyListItem): string {
  if (item.mine?.status === 'submitted') return '查看'
  if (item.availability !== 'open') return '查看'
  return item.mine?.status === 'draft' ? '继续填写' : '去填写'
}

export default function SurveyListPage() {
  const { params } = useRouter()
  const [tab, setTab] = useState<Tab>(params.tab === 'mine' ? 'mine' : 'open')
  const remote = useRemote('surveys', () => call('survey', 'list', {}))
  useRefreshing(remote)
  const now = useNow(60_000)
  const guard = useArrivalGuard(tab)

  const shown = (items: SurveyListItem[]) => (tab === 'open' ? items.filter((i) => i.availability === 'open') : items.filter((i) => i.mine))

  return (
    <PageShell className='survey-list'>
      <SegmentedTabs tabs={TABS} value={tab} onChange={setTab} idPrefix='survey-tab' className='survey-list__tabs' />
      <RemoteView
        remote={remote}
        rows={5}
        empty={{
          when: ({ items }) => shown(items).length === 0,
          ...EMPTY[tab],
          children:
            tab === 'mine' ? (
              <View className='survey-list__empty-action'>
                <Button type='primary' size='small' id='survey-go-open' onClick={() => setTab('open')}>
                  看看可以填的问卷
                </Button>
              </View>
            ) : null
        }}
      >
        {({ items }) => (
          <View className='survey-list__items'>
            {shown(items).map((item) => (
              <SurveyCard key={item._id} item={item} now={now} guard={guard} />
            ))}
          </View>
        )}
      </RemoteView>
    </PageShell>
  )
}

function SurveyCard({ item, now, guard }: { item: SurveyListItem; now: number; guard: TapGuard }) {
  const open = () => void Taro.navigateTo({ url: `/packages/survey/fill?id=${encodeURIComponent(item._id)}` })
  return (
    <View className='card survey-card' id={`survey-${item._id}`} hoverClass='survey-card--pressed' aria-role='link' onClick={guard(open)}>
      <View className='survey-card__title'>{item.title}</View>
      <View className={`survey-card__status survey-card__status--${item.availability}`}>{statusText(item, now)}</View>
      <View className='survey-card__foot'>
        <Text className={`survey-card__mine${item.mine ? ` survey-card__mine--${item.mine.status}` : ''}`}>{item.mine ? mineText(item.mine, now) : ''}</Text>
        <Text className='survey-card__action'>{`${actionOf(item)} ›`}</Text>
      </View>
    </View>
  )
}
