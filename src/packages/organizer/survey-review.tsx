/**
 * 清单审核: the draft 需求 / 资源 entries that the answers' tags filed, grouped by taxonomy code with how many people
 * and which groups ("夜间法律咨询 · 41 人 · 外卖骑手 29"), for one centre. Each group is approved (into the centre's
 * 需求清单 / 资源清单 item for its code, titled by the organizer), moved to another code, merged into an existing item,
 * or not taken on; the approved items are listed under it with their demand. Counting and the once-only rules are the
 * function's (core review.ts); this page asks and shows.
 */
import { useState } from 'react'
import Taro from '@tarojs/taro'
import { Input, Text, View } from '@tarojs/components'
import { Button, Popup } from '@nutui/nutui-react-taro'
import type { ReviewDecideInput } from '@core/api/survey'
import {
  CHANNEL_LABELS,
  CHANNELS,
  ENTRY_LIST_LABELS,
  RESPONDENT_GROUP_LABELS,
  RESPONDENT_GROUPS,
  REVIEW_DECISION_LABELS,
  codesOf,
  listItemIdFor,
  taxonomyLabel,
  type EntryList,
  type ListItemDoc,
  type ReviewDecision,
  type ReviewGroup
} from '@core/survey'
import { call } from '@/cloud/call'
import { useRefreshing, useRemote } from '@/cloud/use-remote'
import ChipRow from '@/components/chip-row'
import FormField from '@/components/form-field'
import RemoteView from '@/components/remote-view'
import SegmentedTabs from '@/components/segmented-tabs'
import { useArrivalGuard } from '@/hooks/use-arrival-guard'
import OrganizerPage from './organizer-page'
import './survey-review.scss'

const LISTS: { key: EntryList; label: string }[] = [
  { key: 'need', label: '需求清单' },
  { key: 'resource', label: '资源清单' }
]

const TITLE_MAX = 30
const REASON_MAX = 100

export default function SurveyReviewPage() {
  return <OrganizerPage className='survey-review'>{({ params }) => <Review askedVenue={params.venueId} />}</OrganizerPage>
}

/**
 * The centre from the link (a questionnaire's page), else the one whose questionnaire changed last (an admin runs
 * every centre, most without any), else the first; a choice when the organizer runs several.
 */
function Review({ askedVenue }: { askedVenue?: string }) {
  const managed = useRemote('review-venues', () => call('survey', 'listManaged', {}))
  const [chosen, setChosen] = useState<string | undefined>(askedVenue)
  return (
    <RemoteView remote={managed} rows={2} empty={{ when: (d) => d.venues.length === 0, title: '没有可管理的服务中心' }}>
      {({ venues, items }) => {
        const venueId = chosen && venues.some((v) => v._id === chosen) ? chosen : (items[0]?.venueId ?? venues[0]._id)
        return (
          <>
            {venues.length > 1 ? (
              <View className='card'>
                <ChipRow
                  label='服务中心'
                  kind='radio'
                  chips={venues.map((v) => ({ key: v._id, label: v.name, id: `review-venue-${v._id}`, on: v._id === venueId }))}
                  onTap={setChosen}
                />
              </View>
            ) : null}
            <VenueReview venueId={venueId} />
          </>
        )
      }}
    </RemoteView>
  )
}

interface Deciding {
  group: ReviewGroup
  decision: ReviewDecision
}

function VenueReview({ venueId }: { venueId: string }) {
  const [list, setList] = useState<EntryList>('need')
  const remote = useRemote(`${venueId}:${list}`, () => call('survey', 'reviewList', { venueId, list }))
  useRefreshing(remote)
  const [deciding, setDeciding] = useState<Deciding | null>(null)
  const guard = useArrivalGuard()
  const label = ENTRY_LIST_LABELS[list]

  return (
    <>
      <SegmentedTabs tabs={LISTS} value={list} onChange={setList} idPrefix='review-list' className='review__lists' />
      <RemoteView remote={remote} rows={6}>
        {({ groups, items }) => (
          <View id='review'>
            <View className='organizer__section'>{`待审核的${label}（${groups.length} 类）`}</View>
            {groups.length === 0 ? (
              <View className='card card__text' id='review-empty'>
                {`没有待审核的${label}。新的答卷提交后，选项带有${label}标签的回答会出现在这里。`}
              </View>
            ) : (
              groups.map((group) => (
                <GroupCard key={group.code} group={group} onDecide={(decision, tap) => guard((_tap: unknown) => setDeciding({ group, decision }))(tap)} />
              ))
            )}
            <View className='organizer__section' id='review-items-heading'>{`${label}清单（已通过 ${items.length} 项）`}</View>
            {items.length === 0 ? (
              <View className='card card__text'>{`还没有通过的${label}。通过一类后，它会成为服务中心的${label}清单条目，供对接使用。`}</View>
            ) : (
              items.map((item) => <ItemRow key={item._id} item={item} />)
            )}
            {deciding ? (
              <DecisionSheet
                venueId={venueId}
                {...deciding}
                items={items}
                onClose={() => setDeciding(null)}
                onDone={(message) => {
                  setDeciding(null)
                  void Taro.showToast({ title: message, icon: 'none' })
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

const DECISIONS: ReviewDecision[] = ['approve', 'recode', 'merge', 'reject']

/** `tap` is the tap's event: the opener's guard needs where it landed. */
function GroupCard({ group, onDecide }: { group: ReviewGroup; onDecide: (decision: ReviewDecision, tap: unknown) => void }) {
  const unit = group.list === 'need' ? '人' : '条'
  return (
    <View className='card review__group' id={`review-group-${group.code}`} data-code={group.code}>
      <View className='review__group-head'>
        <Text className='review__name'>{group.name}</Text>
        <Text className='review__count'>{`${group.count} ${unit}`}</Text>
      </View>
      <View className='review__summary' id={`review-summary-${group.code}`}>
        {group.summary}
      </View>
      <View className='review__chips'>
        {group.byGroup.map((g) => (
          <Text key={g.group} className='review__chip'>{`${g.label} ${g.count}`}</Text>
        ))}
      </View>
      <View className='organizer__muted'>{`${CHANNELS.map((c) => `${CHANNEL_LABELS[c]} ${group.byChannel[c]}`).join(' · ')} · 分类代码 ${group.code}`}</View>
      <View className='review__actions'>
        {DECISIONS.map((decision) => (
          <Button
            key={decision}
            className='org-tap review__action'
            type={decision === 'approve' ? 'primary' : 'default'}
            fill={decision === 'approve' ? 'solid' : 'outline'}
            id={`review-${decision}-${group.code}`}
            onClick={(tap) => onDecide(decision, tap)}
          >
            {REVIEW_DECISION_LABELS[decision]}
          </Button>
        ))}
      </View>
    </View>
  )
}

function ItemRow({ item }: { item: ListItemDoc }) {
  const unit = item.list === 'need' ? '人' : '条'
  const top = RESPONDENT_GROUPS.filter((g) => item.byGroup[g] > 0)
    .sort((a, b) => item.byGroup[b] - item.byGroup[a])
    .slice(0, 3)
    .map((g) => `${RESPONDENT_GROUP_LABELS[g]} ${item.byGroup[g]}`)
  return (
    <View className='org-row review__item' id={`review-item-${item.code}`}>
      <View className='org-row__main'>
        <Text className='org-row__title'>{item.title}</Text>
        <Text className='org-row__sub'>{[taxonomyLabel(item.code), ...top].join(' · ')}</Text>
      </View>
      <Text className='org-row__side review__demand'>{`${item.demand} ${unit}`}</Text>
    </View>
  )
}

interface DecisionSheetProps extends Deciding {
  venueId: string
  items: ListItemDoc[]
  onClose: () => void
  onDone: (message: string) => void
}

function DecisionSheet({ venueId, group, decision, items, onClose, onDone }: DecisionSheetProps) {
  const existing = items.find((item) => item._id === listItemIdFor(venueId, group.list, group.code))
  const [title, setTitle] = useState('')
  const [reason, setReason] = useState('')
  const [toCode, setToCode] = useState<string | undefined>()
  const [itemId, setItemId] = useState<string | undefined>()
  const [problem, setProblem] = useState<string | undefined>()
  const [busy, setBusy] = useState(false)
  const guard = useArrivalGuard()
  const targets = items.filter((item) => item._id !== existing?._id)
  const unit = group.list === 'need' ? '人' : '条'

  const input = (): ReviewDecideInput | string => {
    const base = { venueId, list: group.list, code: group.code, decision }
    switch (decision) {
      case 'approve':
        return title.trim() === '' ? base : { ...base, title: title.trim() }
      case 'recode':
        return toCode === undefined ? '请选择新的分类' : { ...base, toCode }
      case 'merge':
        return itemId === undefined ? '请选择要合并到的清单条目' : { ...base, itemId }
      case 'reject':
        return reason.trim() === '' ? base : { ...base, reason: reason.trim() }
    }
  }

  const submit = async () => {
    const ask = input()
    if (typeof ask === 'string') {
      setProblem(ask)
      return
    }
    setBusy(true)
    const res = await call('survey', 'reviewDecide', ask)
    setBusy(false)
    if (!res.ok) {
      setProblem(res.message)
      return
    }
    const n = res.data.decided
    const done: Record<ReviewDecision, string> = {
      approve: `已通过 ${n} ${unit}，计入「${res.data.item?.title ?? group.name}」`,
      recode: `已改到「${taxonomyLabel(res.data.code ?? '')}」，待审核`,
      merge: `已合并 ${n} ${unit}到「${res.data.item?.title ?? ''}」`,
      reject: `已标记 ${n} ${unit}为不采纳`
    }
    onDone(done[decision])
  }

  const heading: Record<ReviewDecision, string> = {
    approve: `通过「${group.name}」`,
    recode: `把「${group.name}」改到其他分类`,
    merge: `把「${group.name}」合并到已有条目`,
    reject: `不采纳「${group.name}」`
  }

  return (
    <Popup visible position='bottom' round onClose={onClose} onOverlayClick={guard(() => true, false)} className='org-sheet'>
      <View className='org-sheet__body org-form review__sheet' id='review-sheet' aria-role='dialog' aria-label={heading[decision]}>
        <View className='org-sheet__title'>{heading[decision]}</View>
        {decision === 'approve' ? (
          <>
            <View className='card__text'>
              {existing
                ? `这 ${group.count} ${unit}将计入已有的「${existing.title}」（现有 ${existing.demand} ${unit}）。`
                : `这 ${group.count} ${unit}将成为${ENTRY_LIST_LABELS[group.list]}清单的新条目。`}
            </View>
            {existing ? null : (
              <FormField label='条目名称（可不填）' name='review-title' limit={{ text: title, max: TITLE_MAX }} hint={`不填则叫「${group.name}」`}>
                <Input className='form-input' id='review-title' placeholder={`例如：夜间${group.name}`} value={title} onInput={(e) => setTitle(e.detail.value)} />
              </FormField>
            )}
          </>
        ) : null}
        {decision === 'recode' ? (
          <FormField label='新的分类' name='review-to-code' error={problem}>
            <ChipRow
              label='新的分类'
              kind='radio'
              className='review__codes'
              chips={codesOf(group.list)
                .filter((code) => code !== group.code)
                .map((code) => ({ key: code, label: taxonomyLabel(code), id: `review-code-${code}`, on: toCode === code }))}
              onTap={(code) => {
                setToCode(code)
                setProblem(undefined)
              }}
            />
          </FormField>
        ) : null}
        {decision === 'merge' ? (
          targets.length === 0 ? (
            <View className='card__text'>{`还没有其他已通过的${ENTRY_LIST_LABELS[group.list]}条目可以合并，请先「通过」。`}</View>
          ) : (
            <FormField label='合并到' name='review-item' error={problem}>
              <ChipRow
                label='合并到'
                kind='radio'
                chips={targets.map((item) => ({ key: item._id, label: `${item.title}（${item.demand}${unit}）`, id: `review-target-${item.code}`, on: itemId === item._id }))}
                onTap={(id) => {
                  setItemId(id)
                  setProblem(undefined)
                }}
              />
            </FormField>
          )
        ) : null}
        {decision === 'reject' ? (
          <>
            <View className='card__text'>{`这 ${group.count} ${unit}不会进入清单，答卷本身不受影响。`}</View>
            <FormField label='原因（可不填）' name='review-reason' limit={{ text: reason, max: REASON_MAX }}>
              <Input className='form-input' id='review-reason' placeholder='例如：不属于服务中心的服务范围' value={reason} onInput={(e) => setReason(e.detail.value)} />
            </FormField>
          </>
        ) : null}
        {problem && decision !== 'recode' && decision !== 'merge' ? <View className='organizer__error'>{problem}</View> : null}
        <View className='org-sheet__actions'>
          <Button className='org-tap org-sheet__button' fill='outline' id='review-cancel' onClick={guard(onClose)}>
            取消
          </Button>
          <Button
            className='org-tap org-sheet__button'
            type={decision === 'reject' ? 'danger' : 'primary'}
            id='review-confirm'
            loading={busy}
            disabled={decision === 'merge' && targets.length === 0}
            onClick={guard(() => void submit())}
          >
            {REVIEW_DECISION_LABELS[decision]}
          </Button>
        </View>
      </View>
    </Popup>
  )
}
