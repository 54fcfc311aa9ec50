/**
 * 服务设计 (管理端), the organizers' level of matching: the coverage line first ("27 项需求中 22 项已有服务"), then the
 * need items without a service, most asked-for first, each with who asked (groups) and what could serve it; then every
 * item with the services that cover it, and offers no need uses yet.
 *
 * 组建服务 on an uncovered item: choose the registered resources to draw on, and core's composeService drafts the
 * service (the need's category and title, the hours all chosen resources share, capacity from a resource counted in
 * people) with notes of what to check. The organizer sets what a draft cannot know — hours if none are shared, and
 * whether it is delivered at the centre — and saves it as a draft, or publishes it at once.
 */
import { useMemo, useState } from 'react'
import Taro from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import { Button, Popup } from '@nutui/nutui-react-taro'
import type { FreeTime, Venue } from '@core/api'
import type { ListResourcesOutput } from '@core/api/service'
import { composeService, type BoardRow, type DesignBoard } from '@core/matching/board'
import { call } from '@/cloud/call'
import { useRefreshing, useRemote } from '@/cloud/use-remote'
import ChipRow from '@/components/chip-row'
import FormField from '@/components/form-field'
import FreeTimeEditor from '@/components/free-time-editor'
import RemoteView from '@/components/remote-view'
import { useArrivalGuard } from '@/hooks/use-arrival-guard'
import { alertFail } from '@/platform/feedback'
import OrganizerPage from './organizer-page'
import { useServiceVenue } from './service-venue'
import './service-pages.scss'

type Resource = ListResourcesOutput['items'][number]

interface BoardData {
  board: DesignBoard
  resources: Resource[]
}

export default function ServiceBoardPage() {
  return <OrganizerPage className='service-page'>{() => <Board />}</OrganizerPage>
}

function Board() {
  const { venueId, venue, picker } = useServiceVenue()
  const remote = useRemote(venueId ? `board-${venueId}` : null, async () => {
    const id = venueId ?? ''
    const [board, resources] = await Promise.all([call('service', 'designBoard', { venueId: id }), call('service', 'listResources', { venueId: id })])
    if (!board.ok) return board
    if (!resources.ok) return resources
    return { ok: true as const, data: { board: board.data.board, resources: resources.data.items } }
  })
  useRefreshing(remote)
  const [composing, setComposing] = useState<BoardRow | null>(null)
  const guard = useArrivalGuard(`${remote.data ? 'loaded' : 'loading'}-${composing ? 'compose' : 'board'}`)

  return (
    <>
      {picker}
      <RemoteView remote={remote} rows={8} empty={{ when: ({ board }) => board.rows.length === 0, title: '需求清单还是空的', description: '问卷审核通过的需求，会出现在这里。' }}>
        {({ board, resources }: BoardData) => (
          <View id='board'>
            <View className='card service-coverage' id='board-coverage'>
              <View className='service-coverage__text'>{board.coverage.text}</View>
              <View className='service-coverage__bar'>
                <View className='service-coverage__fill' style={{ width: `${board.coverage.total === 0 ? 0 : Math.round((board.coverage.covered / board.coverage.total) * 100)}%` }} />
              </View>
            </View>

            <View className='organizer__section'>{`还没有服务的需求（${board.uncovered.length}）`}</View>
            {board.uncovered.length === 0 ? <View className='card card__text'>每项需求都有服务了。</View> : null}
            {board.uncovered.map((row) => (
              <BoardItem key={row.itemId} row={row} action={guard(() => setComposing(row))} />
            ))}

            <View className='organizer__section'>全部需求</View>
            {board.rows
              .filter((row) => row.covered)
              .map((row) => (
                <BoardItem key={row.itemId} row={row} />
              ))}

            {board.idle.length > 0 ? (
              <View id='board-idle'>
                <View className='organizer__section'>{`还没用上的资源（${board.idle.length}）`}</View>
                {board.idle.map((supply) => (
                  <View key={supply.id} className='org-row'>
                    <View className='org-row__main'>
                      <Text className='org-row__title'>{supply.title}</Text>
                      <Text className='org-row__sub'>{supply.amount}</Text>
                    </View>
                  </View>
                ))}
              </View>
            ) : null}
            {composing && venueId ? (
              <ComposeSheet
                row={composing}
                resources={resources}
                venueId={venueId}
                venue={venue}
                onClose={() => setComposing(null)}
                onSaved={() => {
                  setComposing(null)
                  void remote.reload()
                }}
              />
            ) : null}
          </View>
        )}
      </RemoteView>
    </>
  )
}

function BoardItem({ row, action }: { row: BoardRow; action?: () => void }) {
  return (
    <View className={`card board-item${row.covered ? '' : ' board-item--uncovered'}`} id={`board-item-${row.itemId}`} data-covered={row.covered ? 'true' : 'false'}>
      <View className='board-item__head'>
        <Text className='board-item__title'>{row.title}</Text>
        <Text className='board-item__demand'>{`${row.demand} 人提出`}</Text>
      </View>
      <View className='organizer__muted'>{row.category}</View>
      {row.groups.length > 0 ? <View className='board-item__groups'>{row.groups.map((g) => `${g.label} ${g.count}`).join(' · ')}</View> : null}
      {row.services.length > 0 ? <View className='board-item__line'>{`已有服务：${row.services.map((s) => s.title).join('、')}`}</View> : null}
      {row.resources.length > 0 ? (
        <View className='board-item__line'>{`可用资源：${row.resources.map((r) => `${r.title}（${r.amount}）`).join('、')}`}</View>
      ) : (
        <View className='board-item__line board-item__line--muted'>还没有可用的资源</View>
      )}
      {action && !row.resources.some((r) => r.source === 'registered') ? (
        <View className='organizer__muted'>组建服务要用登记过的资源：先请组织登记能提供的时间、人手或场地。</View>
      ) : null}
      {action ? (
        <View className='organizer__actions service-need__actions'>
          <Button className='tap-target' type='primary' id={`board-compose-${row.itemId}`} disabled={!row.resources.some((r) => r.source === 'registered')} onClick={action}>
            组建服务
          </Button>
        </View>
      ) : null}
    </View>
  )
}

interface ComposeSheetProps {
  row: BoardRow
  resources: Resource[]
  venueId: string
  venue: Venue | undefined
  onClose: () => void
  onSaved: () => void
}

function ComposeSheet({ row, resources, venueId, venue, onClose, onSaved }: ComposeSheetProps) {
  const offered = useMemo(() => {
    const ids = new Set(row.resources.filter((r) => r.source === 'registered').map((r) => r.id))
    return resources.filter((r) => ids.has(r._id))
  }, [row, resources])
  const [chosen, setChosen] = useState<string[]>(() => offered.slice(0, 1).map((r) => r._id))
  const composed = useMemo(
    () =>
      composeService(
        { _id: row.itemId, code: row.code, title: row.title, demand: row.demand, byGroup: Object.fromEntries(row.groups.map((g) => [g.group, g.count])) },
        offered.filter((r) => chosen.includes(r._id))
      ),
    [row, offered, chosen]
  )
  const [title, setTitle] = useState(row.title)
  const [hours, setHours] = useState<FreeTime[] | null>(null)
  const [atCentre, setAtCentre] = useState(true)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const guard = useArrivalGuard('compose')
  const schedules = hours ?? composed.fields.schedules

  const save = async (publish: boolean) => {
    if (busy) return
    setBusy(true)
    setError(null)
    const { fields } = composed
    const res = await call('service', 'saveService', {
      venueId,
      orgId: fields.orgId,
      title: title.trim(),
      description: fields.description,
      taxonomy: fields.taxonomy,
      eligibility: fields.eligibility,
      locations: atCentre && venue ? [{ name: venue.name, address: venue.address, lat: venue.lat, lng: venue.lng, venueId: venue._id }] : [],
      schedules,
      capacity: fields.capacity,
      resourceIds: fields.resourceIds,
      amenities: fields.amenities
    })
    if (!res.ok) {
      setBusy(false)
      setError(res.message)
      return
    }
    if (publish) {
      const published = await call('service', 'setServiceStatus', { serviceId: res.data.service._id, status: 'active' })
      if (!published.ok) alertFail('已存为草稿，但没能发布', published)
    }
    setBusy(false)
    void Taro.showToast({ title: publish ? '已发布' : '已存为草稿', icon: 'success' })
    onSaved()
  }

  return (
    <Popup visible position='bottom' round closeOnOverlayClick={!busy} onClose={onClose} className='org-sheet'>
      <View className='org-sheet__body org-form service-compose' id='compose-sheet' aria-role='dialog' aria-label='组建服务'>
        <View className='org-sheet__title'>{`为「${row.title}」组建服务`}</View>
        <FormField label='用哪些资源' name='compose-resources'>
          <ChipRow
            label='资源'
            kind='checkbox'
            chips={offered.map((r) => ({ key: r._id, label: `${r.title}（${r.quantity}${r.unit}）`, id: `compose-resource-${r._id}`, on: chosen.includes(r._id) }))}
            onTap={(id) => setChosen((c) => (c.includes(id) ? c.filter((x) => x !== id) : [...c, id]))}
          />
        </FormField>
        <FormField label='服务名称' name='compose-title' limit={{ text: title, max: 40 }}>
          <Input className='form-input' id='compose-title' value={title} onInput={(e) => setTitle(e.detail.value)} />
        </FormField>
        <FormField label='服务时间' name='compose-hours'>
          <FreeTimeEditor value={schedules} onChange={setHours} />
        </FormField>
        {venue ? (
          <FormField label='服务地点' name='compose-place'>
            <ChipRow label='服务地点' kind='checkbox' chips={[{ key: 'centre', label: `在${venue.name}`, id: 'compose-at-centre', on: atCentre }]} onTap={() => setAtCentre((v) => !v)} />
          </FormField>
        ) : null}
        <View className='service-compose__notes' id='compose-notes'>
          {[`名额：每周 ${composed.fields.capacity.perPeriod} 人`, ...composed.notes.filter((n) => !n.startsWith('服务时间'))].map((note) => (
            <View key={note} className='organizer__muted'>
              {`· ${note}`}
            </View>
          ))}
        </View>
        {error ? (
          <View className='organizer__error' id='compose-error'>
            {error}
          </View>
        ) : null}
        <View className='org-sheet__actions'>
          <Button className='tap-target org-sheet__button' fill='outline' id='compose-draft' disabled={busy || chosen.length === 0} onClick={guard(() => void save(false))}>
            存为草稿
          </Button>
          <Button className='tap-target org-sheet__button' type='primary' id='compose-publish' loading={busy} disabled={chosen.length === 0} onClick={guard(() => void save(true))}>
            发布
          </Button>
        </View>
      </View>
    </Popup>
  )
}
