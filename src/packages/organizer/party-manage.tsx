/**
 * 组织关系 (管理端): the centre's registrations — party members looking for their organization, workers who want to
 * join — by status, masked (王*, 138****5678). Tapping one opens its sheet: the next steps core allows for its kind
 * with a note the person will read, and 查看完整信息, which asks the function for the detail; that view is written to
 * the audit log, and the page says so before the tap. The full detail lives in the sheet only while it is open.
 */
import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Text, Textarea, View } from '@tarojs/components'
import { Button, Popup } from '@nutui/nutui-react-taro'
import { PARTY_NOTE_MAX, type PartyListItem, type PartyRegistrationView } from '@core/api/community'
import { nextPartyStatuses, PARTY_KIND_LABEL, PARTY_KINDS, PARTY_STATUS_LABEL, PARTY_STATUSES, type PartyKind, type PartyStatus } from '@core/community/party'
import { formatDateTime } from '@core/time'
import { call } from '@/cloud/call'
import { useRefreshing, useRemote } from '@/cloud/use-remote'
import ChipRow from '@/components/chip-row'
import FormField from '@/components/form-field'
import RemoteView from '@/components/remote-view'
import { useArrivalGuard } from '@/hooks/use-arrival-guard'
import { alertFail } from '@/platform/feedback'
import OrganizerPage from './organizer-page'
import { useServiceVenue } from './service-venue'
import './party-manage.scss'

type KindFilter = PartyKind | 'all'

export default function PartyManagePage() {
  return <OrganizerPage className='party-manage'>{() => <Registrations />}</OrganizerPage>
}

function Registrations() {
  const { venueId, picker } = useServiceVenue()
  const [status, setStatus] = useState<PartyStatus>('submitted')
  const [kind, setKind] = useState<KindFilter>('all')
  const remote = useRemote(venueId ? `party-${venueId}-${status}-${kind}` : null, () =>
    call('community', 'listParty', { venueId: venueId ?? '', status, ...(kind === 'all' ? {} : { kind }) })
  )
  useRefreshing(remote)
  const [open, setOpen] = useState<PartyListItem | null>(null)
  const guard = useArrivalGuard(`${status}-${kind}-${remote.data ? 'loaded' : 'loading'}-${open ? 'sheet' : 'list'}`)

  return (
    <>
      {picker}
      <View className='party-manage__chips'>
        <ChipRow
          label='跟进状态'
          kind='radio'
          chips={PARTY_STATUSES.map((s) => ({ key: s, label: PARTY_STATUS_LABEL[s], id: `party-status-${s}`, on: status === s }))}
          onTap={(key) => setStatus(key as PartyStatus)}
        />
        <ChipRow
          label='登记类型'
          kind='radio'
          chips={(['all', ...PARTY_KINDS] as const).map((k) => ({ key: k, label: k === 'all' ? '全部' : PARTY_KIND_LABEL[k], id: `party-kind-${k}`, on: kind === k }))}
          onTap={(key) => setKind(key as KindFilter)}
        />
      </View>
      <RemoteView
        remote={remote}
        rows={5}
        empty={{ when: ({ items }) => items.length === 0, title: `没有${PARTY_STATUS_LABEL[status]}的登记`, description: '换个状态看看，下拉可以刷新。' }}
      >
        {({ items }) => (
          <View id='party-list'>
            <View className='organizer__muted party-manage__count'>{`共 ${items.length} 条 · 姓名和电话已隐去部分`}</View>
            {items.map((item) => (
              <View
                key={item._id}
                className='org-row'
                id={`party-row-${item._id}`}
                data-status={item.status}
                hoverClass='org-row--pressed'
                aria-role='button'
                onClick={guard(() => setOpen(item))}
              >
                <View className='org-row__main'>
                  <Text className='org-row__title'>{`${item.name} · ${item.phone}`}</Text>
                  <Text className='org-row__sub'>{`${PARTY_KIND_LABEL[item.kind]} · ${formatDateTime(item.createdAt)} 登记`}</Text>
                </View>
                <Text className='org-row__side'>{`${PARTY_STATUS_LABEL[item.status]} ›`}</Text>
              </View>
            ))}
          </View>
        )}
      </RemoteView>
      {open ? (
        <FollowUpSheet
          item={open}
          onClose={() => setOpen(null)}
          onMoved={() => {
            setOpen(null)
            void remote.reload()
          }}
        />
      ) : null}
    </>
  )
}

function FollowUpSheet({ item, onClose, onMoved }: { item: PartyListItem; onClose: () => void; onMoved: () => void }) {
  const [detail, setDetail] = useState<PartyRegistrationView | null>(null)
  const [note, setNote] = useState('')
  const [busy, setBusy] = useState<string | null>(null)
  const guard = useArrivalGuard(detail ? 'detail' : 'sheet')
  const next = nextPartyStatuses(item.kind, item.status)

  const reveal = async () => {
    setBusy('detail')
    const res = await call('community', 'partyDetail', { registrationId: item._id })
    setBusy(null)
    if (!res.ok) alertFail('没能查看', res)
    else setDetail(res.data.registration)
  }

  const move = async (to: PartyStatus) => {
    if (busy) return
    setBusy(to)
    const trimmed = note.trim()
    const res = await call('community', 'followUpParty', { registrationId: item._id, status: to, ...(trimmed ? { note: trimmed } : {}) })
    setBusy(null)
    if (!res.ok) alertFail('没能更新', res)
    else {
      void Taro.showToast({ title: `已改为${PARTY_STATUS_LABEL[to]}`, icon: 'none' })
      onMoved()
    }
  }

  const person = detail?.person
  return (
    <Popup visible position='bottom' round closeOnOverlayClick={busy === null} onClose={onClose} className='org-sheet'>
      <View className='org-sheet__body' id='party-sheet' aria-role='dialog' aria-label='跟进登记'>
        <View className='org-sheet__title'>{`${PARTY_KIND_LABEL[item.kind]} · ${PARTY_STATUS_LABEL[item.status]}`}</View>
        {person ? (
          <View className='party-detail' id='party-detail'>
            {[
              ['姓名', person.name],
              ['手机号', person.phone],
              ['单位或党组织', person.currentOrg],
              ['组织关系所在', person.relationAt],
              ['入党时间', person.partyMemberSince],
              ['补充说明', person.note]
            ]
              .filter((row): row is [string, string] => Boolean(row[1]))
              .map(([label, value]) => (
                <View key={label} className='party-detail__row'>
                  <Text className='party-detail__label'>{label}</Text>
                  <Text className='party-detail__value' userSelect>
                    {value}
                  </Text>
                </View>
              ))}
            <View className='organizer__muted'>{`同意说明 ${detail.consent.version} · ${formatDateTime(detail.consent.at)}`}</View>
            {detail.history.map((step) => (
              <View key={`${step.status}-${step.at}`} className='organizer__muted'>
                {`${formatDateTime(step.at)} ${PARTY_STATUS_LABEL[step.status]}${step.note ? `：${step.note}` : ''}`}
              </View>
            ))}
          </View>
        ) : (
          <View className='party-detail'>
            <View className='party-detail__row'>
              <Text className='party-detail__value'>{`${item.name} · ${item.phone}`}</Text>
            </View>
            <Button className='tap-target' fill='outline' id='party-reveal' loading={busy === 'detail'} disabled={busy !== null} onClick={guard(() => void reveal())}>
              查看完整信息
            </Button>
            <View className='organizer__muted'>查看会记入操作日志。政治面貌属于敏感个人信息，请只在联系本人时查看，不要截图或转发。</View>
          </View>
        )}
        {next.length > 0 ? (
          <>
            <FormField label='跟进说明（本人可以看到，可不填）' name='party-note' limit={{ text: note, max: PARTY_NOTE_MAX }}>
              <Textarea className='party-manage__note' id='party-follow-note' placeholder='例如：已电话联系，约好周六来中心' maxlength={-1} value={note} onInput={(e) => setNote(e.detail.value)} />
            </FormField>
            <View className='org-sheet__actions party-manage__steps'>
              {next.map((to) => (
                <Button
                  key={to}
                  className='tap-target party-manage__step'
                  type={to === 'closed' ? 'default' : 'primary'}
                  fill={to === 'closed' ? 'outline' : undefined}
                  id={`party-move-${to}`}
                  loading={busy === to}
                  disabled={busy !== null}
                  onClick={guard(() => void move(to))}
                >
                  {to === 'closed' ? '结束跟进' : `标为「${PARTY_STATUS_LABEL[to]}」`}
                </Button>
              ))}
            </View>
          </>
        ) : (
          <View className='organizer__muted'>这条登记已经结束，不再跟进。</View>
        )}
        <View className='org-sheet__actions'>
          <Button className='tap-target org-sheet__button' fill='outline' id='party-sheet-close' disabled={busy !== null} onClick={guard(onClose)}>
            返回
          </Button>
        </View>
      </View>
    </Popup>
  )
}
