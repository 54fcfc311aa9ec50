/**
 * 组织关系安家 · 我想入党: a party member working for a platform finds their organization, a worker says they want to
 * join; the centre they choose calls them. What it is for comes first, then the person's own registrations with where
 * each stands (撤回 deletes it), then the form of the kind they pick.
 *
 * Political affiliation is sensitive, so the form has its own consent: the statement (core/community/party.ts, with
 * its version) is shown in full in its own box with its own checkbox, unticked; nothing is sent without it. Every
 * problem shows beside its field after the first 提交 (the same schema the function checks). 提交 is disabled while it
 * runs and guarded against a second tap, and the function keeps one open registration per person and kind anyway.
 * In WeChat the tap also asks whether they want a message when the centre moves it (the need-progress template: its
 * words say nothing of the party).
 */
import { useEffect, useMemo, useState } from 'react'
import Taro from '@tarojs/taro'
import { Input, Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { Fail } from '@core/api'
import { PARTY_NOTE_MAX, registerPartySchema, type CentreItem, type PartyRegistrationView, type RegisterPartyInput } from '@core/api/community'
import { isOpenParty, PARTY_CONSENT_STATEMENT, PARTY_CONSENT_VERSION, PARTY_KIND_LABEL, PARTY_STATUS_LABEL, PARTY_STEPS, type PartyKind } from '@core/community/party'
import { problems } from '@core/schema'
import { formatDateTime } from '@core/time'
import { call } from '@/cloud/call'
import { useRefreshing, useRemote } from '@/cloud/use-remote'
import ChipRow from '@/components/chip-row'
import ConfirmDialog from '@/components/confirm-dialog'
import FormField from '@/components/form-field'
import PageShell from '@/components/page-shell'
import RemoteView from '@/components/remote-view'
import SegmentedTabs from '@/components/segmented-tabs'
import SignInGate from '@/components/sign-in-gate'
import { useArrivalGuard } from '@/hooks/use-arrival-guard'
import { alertFail } from '@/platform/feedback'
import { serviceSubscriptions } from '@/platform/subscribe'
import './index.scss'

interface Draft {
  name: string
  phone: string
  currentOrg: string
  relationAt: string
  partyMemberSince: string
  venueId: string
  note: string
  consent: boolean
}

const EMPTY: Draft = { name: '', phone: '', currentOrg: '', relationAt: '', partyMemberSince: '', venueId: '', note: '', consent: false }

const KIND_TABS = [
  { key: 'relation', label: '我是党员，找组织' },
  { key: 'application', label: '我想入党' }
] as const

const optional = (text: string): string | undefined => (text.trim() === '' ? undefined : text.trim())

/** The form as the schema checks it: `consent` as ticked, so an unticked box is named like any other field. */
type FormInput = Omit<RegisterPartyInput, 'consent'> & { consent: boolean }

/** What is sent: a relation's own fields only for a relation. */
function inputOf(kind: PartyKind, draft: Draft): FormInput {
  const relation = kind === 'relation'
  return {
    kind,
    name: draft.name.trim(),
    phone: draft.phone.trim(),
    currentOrg: optional(draft.currentOrg),
    relationAt: relation ? optional(draft.relationAt) : undefined,
    partyMemberSince: relation ? optional(draft.partyMemberSince) : undefined,
    venueId: draft.venueId,
    note: optional(draft.note),
    consent: draft.consent
  }
}

export default function PartyPage() {
  return (
    <PageShell className='party'>
      <View className='card' id='party-intro'>
        <View className='card__title'>组织关系安家 · 我想入党</View>
        <View className='card__text'>
          在兰州跑单、送件，组织关系还在老家或原单位？登记后，你选的党群服务中心会联系你，帮你把组织关系转过来，在身边找到党组织。
        </View>
        <View className='card__text'>想入党的快递员、外卖员也可以登记，中心会联系你，介绍入党的条件和流程。</View>
      </View>
      <SignInGate id='party-sign-in' title='先登录再登记' reason='中心要知道是谁登记、怎么联系你。同意隐私保护指引后就能填写。'>
        <Registrations />
      </SignInGate>
    </PageShell>
  )
}

function Registrations() {
  const remote = useRemote('party-mine', async () => {
    const [mine, centres] = await Promise.all([call('community', 'myParty', {}), call('community', 'centres', {})])
    if (!mine.ok) return mine
    if (!centres.ok) return centres
    return { ok: true as const, data: { items: mine.data.items, centres: centres.data.items } }
  })
  useRefreshing(remote)
  return (
    <RemoteView remote={remote} rows={6}>
      {({ items, centres }) => (
        <>
          {items.length > 0 ? (
            <View id='party-mine'>
              <View className='party__section'>我的登记</View>
              {items.map((registration) => (
                <RegistrationCard key={registration._id} registration={registration} centres={centres} onWithdrawn={() => void remote.reload()} />
              ))}
            </View>
          ) : null}
          <RegisterForm mine={items} centres={centres} onRegistered={() => void remote.reload()} />
        </>
      )}
    </RemoteView>
  )
}

function RegistrationCard({ registration, centres, onWithdrawn }: { registration: PartyRegistrationView; centres: CentreItem[]; onWithdrawn: () => void }) {
  const [asking, setAsking] = useState(false)
  const [busy, setBusy] = useState(false)
  const guard = useArrivalGuard(asking ? 'asking' : 'card')
  const centre = centres.find((c) => c._id === registration.venueId)
  const steps = PARTY_STEPS[registration.kind]
  const reached = steps.indexOf(registration.status)
  const latest = [...registration.history].reverse().find((step) => step.note)

  const withdraw = async () => {
    setBusy(true)
    const res = await call('community', 'withdrawParty', { registrationId: registration._id })
    setBusy(false)
    setAsking(false)
    if (!res.ok) alertFail('没能撤回', res)
    else {
      void Taro.showToast({ title: '已撤回，信息已删除', icon: 'none' })
      onWithdrawn()
    }
  }

  return (
    <View className={`card party-card party-card--${registration.status}`} id={`party-mine-${registration.kind}`} data-status={registration.status}>
      <View className='party-card__head'>
        <Text className='party-card__title'>{PARTY_KIND_LABEL[registration.kind]}</Text>
        <Text className='party-card__status'>{PARTY_STATUS_LABEL[registration.status]}</Text>
      </View>
      <View className='party-card__meta'>{`${centre?.name ?? '服务中心'} · ${formatDateTime(registration.createdAt)} 登记`}</View>
      {registration.status === 'closed' ? null : (
        <View className='party-steps' aria-label={`进度：${PARTY_STATUS_LABEL[registration.status]}`}>
          {steps.map((step, i) => (
            <Text key={step} className={`party-steps__step${i <= reached ? ' party-steps__step--done' : ''}`}>
              {PARTY_STATUS_LABEL[step]}
            </Text>
          ))}
        </View>
      )}
      {latest?.note ? <View className='party-card__note'>{`中心留言：${latest.note}`}</View> : null}
      <View className='party-card__mine'>{[registration.person.name, registration.person.phone, registration.person.relationAt].filter(Boolean).join(' · ')}</View>
      <View className='party__actions party__actions--end'>
        <Button className='tap-target' fill='outline' id={`party-withdraw-${registration.kind}`} disabled={busy} onClick={guard(() => setAsking(true))}>
          撤回登记
        </Button>
      </View>
      <ConfirmDialog
        open={asking}
        title='撤回这条登记？'
        confirmText='撤回并删除'
        danger
        busy={busy}
        onConfirm={guard(() => void withdraw())}
        onCancel={() => setAsking(false)}
      >
        撤回后，你填写的姓名、电话和组织关系信息会被删除，中心不再跟进。以后可以重新登记。
      </ConfirmDialog>
    </View>
  )
}

function RegisterForm({ mine, centres, onRegistered }: { mine: PartyRegistrationView[]; centres: CentreItem[]; onRegistered: () => void }) {
  const openKinds = new Set(mine.filter((r) => isOpenParty(r.status)).map((r) => r.kind))
  const [kind, setKind] = useState<PartyKind>(() => (openKinds.has('relation') ? 'application' : 'relation'))
  const [draft, setDraft] = useState<Draft>(EMPTY)
  const [tried, setTried] = useState(false)
  const [serverFail, setServerFail] = useState<Fail | null>(null)
  const [busy, setBusy] = useState(false)
  const guard = useArrivalGuard(kind)
  useEffect(() => {
    void serviceSubscriptions.prepare(['needProgress'])
  }, [])

  const shown = useMemo(() => {
    const found = new Map<string, string>()
    if (!tried) return found
    for (const fail of problems(registerPartySchema, inputOf(kind, draft))) {
      const field = (fail.field ?? '').split('.')[0]
      if (!found.has(field)) found.set(field, fail.message)
    }
    if (serverFail?.field && !found.has(serverFail.field)) found.set(serverFail.field, serverFail.message)
    return found
  }, [tried, kind, draft, serverFail])

  const edit = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }))
    setServerFail(null)
  }

  const submit = async () => {
    if (busy) return
    setTried(true)
    const input = inputOf(kind, draft)
    const first = problems(registerPartySchema, input)[0]
    if (first || !input.consent) {
      // The consent box is right above 提交 with its problem under it; a toast there would only hold up the next tap.
      if (first && first.field !== 'consent') void Taro.showToast({ title: first.message, icon: 'none' })
      return
    }
    setBusy(true)
    // Straight from the tap: whether they want a message when the centre moves it.
    const accepted = await serviceSubscriptions.request(['needProgress'])
    const res = await call('community', 'registerParty', { ...input, consent: true })
    if (res.ok && accepted.length > 0) await call('service', 'subscribe', { kinds: accepted })
    setBusy(false)
    if (!res.ok) {
      if (res.field) {
        setServerFail(res)
        void Taro.showToast({ title: res.message, icon: 'none' })
      } else alertFail('没能登记', res)
      return
    }
    setDraft(EMPTY)
    setTried(false)
    void Taro.showToast({ title: '已登记，中心会尽快联系你', icon: 'none' })
    onRegistered()
  }

  const relation = kind === 'relation'
  return (
    <View id='party-form'>
      <View className='party__section'>登记</View>
      <SegmentedTabs tabs={KIND_TABS} value={kind} onChange={(k) => setKind(k)} idPrefix='party-kind' />
      {openKinds.has(kind) ? (
        <View className='card card__text' id='party-open'>
          {`你的「${PARTY_KIND_LABEL[kind]}」登记正在跟进，中心会联系你。需要改信息时，可以撤回后重新登记。`}
        </View>
      ) : (
        <>
          <View className='card'>
            <FormField label='姓名' name='name' error={shown.get('name')}>
              <Input className='form-input' id='party-name' placeholder='真实姓名' maxlength={20} value={draft.name} onInput={(e) => edit({ name: e.detail.value })} />
            </FormField>
            <FormField label='手机号' name='phone' error={shown.get('phone')} hint='中心工作人员会打这个电话联系你'>
              <Input className='form-input' id='party-phone' type='number' placeholder='11位手机号' maxlength={11} value={draft.phone} onInput={(e) => edit({ phone: e.detail.value })} />
            </FormField>
            <FormField label={relation ? '现在的工作单位或所在党组织（可不填）' : '现在的工作单位（可不填）'} name='currentOrg' error={shown.get('currentOrg')}>
              <Input className='form-input' id='party-current-org' placeholder='例如：美团外卖七里河站' maxlength={60} value={draft.currentOrg} onInput={(e) => edit({ currentOrg: e.detail.value })} />
            </FormField>
            {relation ? (
              <>
                <FormField label='组织关系所在' name='relationAt' error={shown.get('relationAt')} hint='原单位、学校或老家的党组织'>
                  <Input className='form-input' id='party-relation-at' placeholder='例如：定西市安定区某村党支部' maxlength={60} value={draft.relationAt} onInput={(e) => edit({ relationAt: e.detail.value })} />
                </FormField>
                <FormField label='入党时间（可不填）' name='partyMemberSince' error={shown.get('partyMemberSince')}>
                  <Input className='form-input' id='party-since' placeholder='例如：2016年' maxlength={20} value={draft.partyMemberSince} onInput={(e) => edit({ partyMemberSince: e.detail.value })} />
                </FormField>
              </>
            ) : null}
            <FormField label='交给哪个服务中心' name='venueId' error={shown.get('venueId')} hint='选离你跑单、住处近的中心'>
              <ChipRow
                label='服务中心'
                kind='radio'
                chips={centres.map((c) => ({ key: c._id, label: c.name, id: `party-venue-${c._id}`, on: draft.venueId === c._id }))}
                onTap={(id) => edit({ venueId: id })}
              />
            </FormField>
            <FormField label='补充说明（可不填）' name='note' error={shown.get('note')} limit={{ text: draft.note, max: PARTY_NOTE_MAX }}>
              <Textarea className='party__textarea' id='party-note' placeholder='例如：晚上九点后方便接电话' maxlength={-1} value={draft.note} onInput={(e) => edit({ note: e.detail.value })} />
            </FormField>
          </View>

          <View className={`card party-consent${shown.get('consent') ? ' party-consent--invalid' : ''}`} id='party-consent'>
            <View className='party-consent__title'>政治面貌信息处理说明</View>
            <View className='party-consent__text'>{PARTY_CONSENT_STATEMENT}</View>
            <View className='party-consent__version'>{`版本 ${PARTY_CONSENT_VERSION}`}</View>
            <View
              className={`party-consent__check${draft.consent ? ' party-consent__check--on' : ''}`}
              id='party-consent-check'
              aria-role='checkbox'
              aria-checked={draft.consent}
              onClick={() => edit({ consent: !draft.consent })}
            >
              <Text className='party-consent__box'>{draft.consent ? '✓' : ''}</Text>
              <Text className='party-consent__label'>我已阅读并同意以上说明</Text>
            </View>
            {shown.get('consent') ? (
              <View className='form-field__error' id='consent-error'>
                {shown.get('consent')}
              </View>
            ) : null}
          </View>

          {serverFail && !serverFail.field ? <View className='party__error'>{serverFail.message}</View> : null}
          <View className='party__actions'>
            <Button type='primary' className='tap-target party__submit' id='party-submit' loading={busy} disabled={busy} onClick={guard(() => void submit())}>
              {relation ? '提交登记' : '提交入党意愿'}
            </Button>
          </View>
        </>
      )}
    </View>
  )
}
