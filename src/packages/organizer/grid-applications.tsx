/**
 * 网格员审核 (the centre's handler): applications to join the grid team, waiting ones first, each with the applicant,
 * their 网点 and company; 通过 or 不通过 (with an optional note the applicant reads). The applicant is told either way
 * and, approved, wears the 兼职网格员 badge. A decision in flight locks that application's buttons.
 */
import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { GridApplicationItem, ListGridApplicationsOutput } from '@core/api/community'
import { MEMBERSHIP_STATUS_LABELS } from '@core/community/grid'
import { formatDate } from '@core/time'
import { call } from '@/cloud/call'
import { useRefreshing, useRemote, type RemoteHandle } from '@/cloud/use-remote'
import RemoteView from '@/components/remote-view'
import { useArrivalGuard } from '@/hooks/use-arrival-guard'
import OrganizerPage from './organizer-page'
import '@/components/report-card/index.scss'
import './grid-pages.scss'

export default function GridApplicationsPage() {
  return <OrganizerPage className='grid'>{() => <Applications />}</OrganizerPage>
}

function Applications() {
  const remote = useRemote('grid-applications', () => call('community', 'listGridApplications', {}))
  useRefreshing(remote)
  return (
    <View id='grid-applications'>
      <RemoteView remote={remote} rows={6} empty={{ when: ({ items }) => items.length === 0, title: '还没有申请', description: '骑手在「我的 › 兼职网格员」里申请加入后，会出现在这里。' }}>
        {({ items }) => (
          <>
            {items.map((item) => (
              <Application key={item._id} item={item} remote={remote} />
            ))}
          </>
        )}
      </RemoteView>
    </View>
  )
}

function Application({ item, remote }: { item: GridApplicationItem; remote: RemoteHandle<ListGridApplicationsOutput> }) {
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState(false)
  const guard = useArrivalGuard(item.status)

  const decide = async (approve: boolean) => {
    if (busy) return
    setBusy(true)
    const res = await call('community', 'decideGridApplication', { applicationId: item._id, approve, ...(note.trim() ? { note: note.trim() } : {}) })
    setBusy(false)
    if (!res.ok) {
      void Taro.showToast({ title: res.message, icon: 'none' })
      if (res.code === 'CONFLICT') void remote.reload()
      return
    }
    void Taro.showToast({ title: approve ? '已通过，已通知申请人' : '已回复申请人', icon: 'none' })
    remote.update((d) => ({ items: d.items.map((i) => (i._id === item._id ? res.data.membership : i)) }))
  }

  return (
    <View className='card' id={`grid-application-${item._id}`}>
      <View className='grid__head'>
        <Text className='grid__title'>{item.nickname}</Text>
        <Text className={`grid__status grid__status--${item.status === 'approved' ? 'resolved' : item.status === 'pending' ? 'open' : 'rejected'}`}>{MEMBERSHIP_STATUS_LABELS[item.status]}</Text>
      </View>
      <Text className='grid__meta'>{`${item.venueName} · ${formatDate(item.appliedAt)} 申请`}</Text>
      <Text className='grid__text'>{`网点：${item.outlet}${item.company ? `（${item.company}）` : ''}`}</Text>
      {item.note ? <Text className='grid__meta'>{`备注：${item.note}`}</Text> : null}
      {item.status === 'pending' ? (
        <View className='grid-board__form'>
          <Input className='grid__input' id={`grid-note-${item._id}`} value={note} placeholder='备注（可不填，申请人能看到）' onInput={(e) => setNote(e.detail.value)} />
          <View className='grid-board__buttons'>
            <Button type='primary' className='tap-target' id={`grid-approve-${item._id}`} loading={busy} onClick={guard(() => void decide(true))}>
              通过
            </Button>
            <Button className='tap-target' id={`grid-decline-${item._id}`} disabled={busy} onClick={guard(() => void decide(false))}>
              不通过
            </Button>
          </View>
        </View>
      ) : null}
    </View>
  )
}
