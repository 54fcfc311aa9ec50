/**
 * 需求清单 (管理端): the centre's needs by status, newest first. 新提交 ones are checked and 受理 (into matching), with
 * the category corrected when the person chose a near one; a repeat is 合并 into the need it repeats (chosen from the
 * same list: same category first); a need nobody can help with is closed with why. Where a need came from, how urgent,
 * when the person can be served, and what happened so far are on the row.
 */
import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button, Popup } from '@nutui/nutui-react-taro'
import type { ListNeedsOutput } from '@core/api/service'
import { NEED_SOURCE_LABELS, NEED_STATUS_LABELS, type NeedStatus } from '@core/matching/model'
import { formatDateTime } from '@core/time'
import { call } from '@/cloud/call'
import { useRefreshing, useRemote } from '@/cloud/use-remote'
import ChipRow from '@/components/chip-row'
import RemoteView from '@/components/remote-view'
import { useArrivalGuard } from '@/hooks/use-arrival-guard'
import { alertFail } from '@/platform/feedback'
import OrganizerPage from './organizer-page'
import { useServiceVenue } from './service-venue'
import './service-pages.scss'

type Need = ListNeedsOutput['items'][number]

/** The statuses an organizer works through, in order; the closed ones after. */
const STATUS_TABS: NeedStatus[] = ['submitted', 'triaged', 'matching', 'referred', 'in_progress', 'resolved', 'unresolved', 'withdrawn', 'duplicate']

export default function ServiceNeedsPage() {
  return <OrganizerPage className='service-page'>{() => <NeedsTriage />}</OrganizerPage>
}

function NeedsTriage() {
  const { venueId, picker } = useServiceVenue()
  const [status, setStatus] = useState<NeedStatus>('submitted')
  const remote = useRemote(venueId ? `needs-${venueId}-${status}` : null, () => call('service', 'listNeeds', { venueId: venueId ?? '', status, limit: 100 }))
  useRefreshing(remote)
  const [merging, setMerging] = useState<Need | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const guard = useArrivalGuard(`${status}-${remote.data ? 'loaded' : 'loading'}-${merging ? 'merge' : 'list'}`)

  const drop = (needId: string) => remote.update((d) => ({ items: d.items.filter((n) => n._id !== needId), total: d.total - 1 }))

  const triage = async (need: Need) => {
    setBusy(need._id)
    const res = await call('service', 'triageNeed', { needId: need._id })
    setBusy(null)
    if (!res.ok) alertFail('没能受理', res)
    else {
      drop(need._id)
      void Taro.showToast({ title: '已受理，等待匹配', icon: 'none' })
    }
  }
  const merge = async (need: Need, into: Need) => {
    setBusy(need._id)
    const res = await call('service', 'mergeNeed', { needId: need._id, intoNeedId: into._id })
    setBusy(null)
    setMerging(null)
    if (!res.ok) alertFail('没能合并', res)
    else {
      drop(need._id)
      void Taro.showToast({ title: '已合并', icon: 'success' })
    }
  }

  return (
    <>
      {picker}
      <View className='service-page__chips'>
        <ChipRow
          label='需求状态'
          kind='radio'
          chips={STATUS_TABS.map((s) => ({ key: s, label: NEED_STATUS_LABELS[s], id: `needs-status-${s}`, on: status === s }))}
          onTap={(key) => setStatus(key as NeedStatus)}
        />
      </View>
      <RemoteView
        remote={remote}
        rows={6}
        empty={{ when: ({ items }) => items.length === 0, title: `没有${NEED_STATUS_LABELS[status]}的需求`, description: '换个状态看看，下拉可以刷新。' }}
      >
        {({ items, total }) => (
          <View id='needs-list'>
            <View className='organizer__muted service-page__count'>{`共 ${total} 条`}</View>
            {items.map((need) => (
              <View key={need._id} className='card service-need' id={`need-row-${need._id}`} data-status={need.status}>
                <View className='service-need__head'>
                  <Text className='service-need__category'>{need.categoryLabel}</Text>
                  <Text className={`service-need__urgency service-need__urgency--${need.urgency}`}>{need.urgencyLabel}</Text>
                </View>
                <View className='service-need__text'>{need.text}</View>
                <View className='organizer__muted'>
                  {[NEED_SOURCE_LABELS[need.source], formatDateTime(need.createdAt), need.photos.length > 0 ? `${need.photos.length} 张照片` : undefined]
                    .filter(Boolean)
                    .join(' · ')}
                </View>
                {need.history.length > 1 ? <View className='organizer__muted'>{`最近：${need.history[need.history.length - 1].note ?? NEED_STATUS_LABELS[need.history[need.history.length - 1].to]}`}</View> : null}
                {need.status === 'submitted' || need.status === 'triaged' || need.status === 'matching' ? (
                  <View className='organizer__actions service-need__actions'>
                    <Button className='tap-target' fill='outline' id={`need-merge-${need._id}`} disabled={busy !== null || items.length < 2} onClick={guard(() => setMerging(need))}>
                      合并重复
                    </Button>
                    {need.status === 'submitted' ? (
                      <Button className='tap-target' type='primary' id={`need-triage-${need._id}`} loading={busy === need._id} onClick={guard(() => void triage(need))}>
                        受理
                      </Button>
                    ) : null}
                  </View>
                ) : null}
              </View>
            ))}
            {merging ? (
              <MergeSheet
                need={merging}
                candidates={items.filter((n) => n._id !== merging._id).sort((a, b) => Number(b.category === merging.category) - Number(a.category === merging.category))}
                busy={busy !== null}
                onMerge={(into) => void merge(merging, into)}
                onClose={() => setMerging(null)}
              />
            ) : null}
          </View>
        )}
      </RemoteView>
    </>
  )
}

function MergeSheet({ need, candidates, busy, onMerge, onClose }: { need: Need; candidates: Need[]; busy: boolean; onMerge: (into: Need) => void; onClose: () => void }) {
  const guard = useArrivalGuard('merge')
  return (
    <Popup visible position='bottom' round closeOnOverlayClick={!busy} onClose={onClose} className='org-sheet'>
      <View className='org-sheet__body' id='merge-sheet' aria-role='dialog' aria-label='合并重复的需求'>
        <View className='org-sheet__title'>合并到哪一条？</View>
        <View className='organizer__muted'>{`「${need.text.slice(0, 40)}」会标为重复，跟进以选中的那条为准。`}</View>
        <View className='service-merge__list'>
          {candidates.map((c) => (
            <View key={c._id} className='org-row' id={`merge-into-${c._id}`} hoverClass='org-row--pressed' aria-role='button' onClick={guard(() => onMerge(c))}>
              <View className='org-row__main'>
                <Text className='org-row__title'>{c.categoryLabel}</Text>
                <Text className='org-row__sub'>{c.text}</Text>
              </View>
            </View>
          ))}
        </View>
        <View className='org-sheet__actions'>
          <Button className='tap-target org-sheet__button' fill='outline' id='merge-back' onClick={guard(onClose)}>
            返回
          </Button>
        </View>
      </View>
    </Popup>
  )
}
