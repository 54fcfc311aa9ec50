/**
 * 提需求: a person tells the centre what they need. Category first (the taxonomy's big groups, then a narrower one if
 * they like; or the categories the description points at, from suggestCategory), the description with a counter,
 * how urgent, when they can be served (the same free-time editor as 我的, prefilled from the profile), where (nothing
 * unless they tap 附上我的位置; the function keeps it to about 1 km unless they also allow the precise point), whether
 * the provider may see their name and phone, up to six photos, and which centre takes it (unchosen, the function
 * takes the one nearest the location, else the one of their street, and says so when it cannot tell).
 *
 * Every problem is shown beside its field at once, only after the first 提交. A submit is made once per filling
 * (clientId), so a second tap or a retry after a lost answer is the same need. The function may answer that this
 * looks like one of their recent needs: the need is saved all the same, and the page says so with a link to it.
 * In WeChat the 提交 tap first asks whether they want 需求进度 messages (the function counts the acceptance).
 */
import { useEffect, useMemo, useState } from 'react'
import Taro, { useRouter } from '@tarojs/taro'
import { Image, Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { Fail, FreeTime, Venue } from '@core/api'
import { NEED_TEXT_MAX, PHOTOS_MAX, submitNeedSchema, type SubmitNeedInput, type SubmitNeedOutput, type TaxonomyItem } from '@core/api/service'
import { URGENCIES, URGENCY_LABELS, type Urgency } from '@core/matching/model'
import { problems } from '@core/schema'
import { call, fileUrl } from '@/cloud/call'
import { newRequestId } from '@/cloud/request-id'
import { useRemote } from '@/cloud/use-remote'
import ChipRow from '@/components/chip-row'
import FormField from '@/components/form-field'
import FreeTimeEditor from '@/components/free-time-editor'
import PageShell from '@/components/page-shell'
import RemoteView from '@/components/remote-view'
import SignInGate from '@/components/sign-in-gate'
import { useArrivalGuard, type TapGuard } from '@/hooks/use-arrival-guard'
import { alertFail } from '@/platform/feedback'
import { pickPhotos } from '@/platform/photos'
import { serviceSubscriptions } from '@/platform/subscribe'
import { nearHere, readNear, type NearPoint } from '@/pages/services/near'
import { getSession } from '@/session'
import './need.scss'

interface Draft {
  category: string
  text: string
  urgency: Urgency
  availability: FreeTime[]
  location?: NearPoint
  preciseLocation: boolean
  shareContact: boolean
  photos: string[]
  /** Empty: the function picks the centre nearest the location, else the one of the person's street. */
  venueId: string
}

/** The field a problem is about: its first path segment ('availability.2.to' → 'availability'). */
const fieldOf = (fail: Fail): string => (fail.field ?? '').split('.')[0]

function inputOf(draft: Draft, clientId: string): SubmitNeedInput {
  return {
    category: draft.category,
    text: draft.text.trim(),
    urgency: draft.urgency,
    availability: draft.availability,
    ...(draft.location ? { location: draft.location } : {}),
    consent: { shareContact: draft.shareContact, preciseLocation: draft.location !== undefined && draft.preciseLocation },
    photos: draft.photos,
    ...(draft.venueId ? { venueId: draft.venueId } : {}),
    clientId
  }
}

export default function NeedPage() {
  const { params } = useRouter()
  const taxonomy = useRemote('need-form', async () => {
    const [codes, venues] = await Promise.all([call('service', 'taxonomy', { list: 'need' }), call('course', 'listVenues', {})])
    if (!codes.ok) return codes
    if (!venues.ok) return venues
    return { ok: true as const, data: { items: codes.data.items, venues: venues.data.items } }
  })

  // A need is the person's own: sign in first (privacy notice on a first visit).
  return (
    <PageShell className='need'>
      <SignInGate id='need-sign-in' title='先登录再提需求' reason='需求会跟进到解决，需要知道是谁提的。同意隐私保护指引后就能填写。'>
        <RemoteView remote={taxonomy} rows={8}>
          {({ items, venues }) => <NeedForm items={items} venues={venues} initialCategory={params.category ?? ''} />}
        </RemoteView>
      </SignInGate>
    </PageShell>
  )
}

function NeedForm({ items, venues, initialCategory }: { items: TaxonomyItem[]; venues: Venue[]; initialCategory: string }) {
  const session = getSession()
  const [draft, setDraft] = useState<Draft>(() => ({
    category: items.some((i) => i.code === initialCategory) ? initialCategory : '',
    text: '',
    urgency: 'normal',
    availability: session.status === 'ready' ? session.profile.freeTimes : [],
    preciseLocation: false,
    shareContact: false,
    photos: [],
    venueId: ''
  }))
  const [tried, setTried] = useState(false)
  const [serverFail, setServerFail] = useState<Fail | null>(null)
  const [busy, setBusy] = useState<'submit' | 'photo' | 'locate' | null>(null)
  const [suggested, setSuggested] = useState<string[]>([])
  const [done, setDone] = useState<SubmitNeedOutput | null>(null)
  // One id per filling: a double tap or a retry is the same need on the server.
  const [clientId] = useState(newRequestId)
  const guard = useArrivalGuard(done ? 'done' : 'form')
  // The template ids before the tap: WeChat asks only straight from it (nothing to ask for in a browser).
  useEffect(() => {
    void serviceSubscriptions.prepare(['needProgress'])
  }, [])

  const byCode = useMemo(() => new Map(items.map((i) => [i.code, i])), [items])
  const roots = items.filter((i) => !i.parent)
  const chosen = byCode.get(draft.category)
  const root = chosen?.parent ?? (chosen ? chosen.code : '')
  const children = items.filter((i) => i.parent === root)

  const shown = useMemo(() => {
    const found = new Map<string, string>()
    if (!tried) return found
    const input = inputOf(draft, clientId)
    for (const fail of problems(submitNeedSchema, input)) if (!found.has(fieldOf(fail))) found.set(fieldOf(fail), fail.message)
    if (!draft.category) found.set('category', '请选择需求类别')
    if (serverFail?.field && !found.has(fieldOf(serverFail))) found.set(fieldOf(serverFail), serverFail.message)
    return found
  }, [tried, draft, serverFail, clientId])

  const edit = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }))
    setServerFail(null)
  }

  const suggest = async () => {
    const text = draft.text.trim()
    if (!text || draft.category) return
    const res = await call('service', 'suggestCategory', { text })
    if (res.ok) setSuggested(res.data.suggestions.map((s) => s.code).filter((code) => byCode.has(code)))
  }

  const attachLocation = async () => {
    if (draft.location) {
      edit({ location: undefined, preciseLocation: false })
      return
    }
    const known = nearHere()
    if (known) {
      edit({ location: known })
      return
    }
    setBusy('locate')
    const found = await readNear()
    setBusy(null)
    if (found) edit({ location: found })
  }

  const addPhotos = async () => {
    setBusy('photo')
    const uploaded = await pickPhotos(PHOTOS_MAX - draft.photos.length, 'need-photos')
    setBusy(null)
    setDraft((d) => ({ ...d, photos: [...d.photos, ...uploaded].slice(0, PHOTOS_MAX) }))
  }

  const submit = async () => {
    if (busy) return
    setTried(true)
    const input = inputOf(draft, clientId)
    const first = problems(submitNeedSchema, input)[0]
    if (!draft.category || first) {
      void Taro.showToast({ title: draft.category ? first.message : '请选择需求类别', icon: 'none' })
      return
    }
    setBusy('submit')
    // Straight from the tap, like the booking sheet: whether the person wants to hear how the need moves on (需求进度).
    const subscribe = await serviceSubscriptions.request(['needProgress'])
    const res = await call('service', 'submitNeed', subscribe.length > 0 ? { ...input, subscribe } : input)
    setBusy(null)
    if (!res.ok) {
      if (res.field) {
        setServerFail(res)
        void Taro.showToast({ title: res.message, icon: 'none' })
      } else alertFail('没能提交', res)
      return
    }
    setDone(res.data)
  }

  if (done) return <Submitted output={done} guard={guard} />

  return (
    <View id='need-form'>
      <View className='card'>
        <View className='card__title'>说说你需要什么帮助</View>
        <View className='card__text'>服务中心会看到你的需求，帮你对接合适的服务，并跟进到解决。</View>

        <FormField label='需要哪方面的帮助' name='category' error={shown.get('category')}>
          <ChipRow
            label='需求类别'
            kind='radio'
            chips={roots.map((i) => ({ key: i.code, label: i.name, id: `need-category-${i.code}`, on: root === i.code }))}
            onTap={(code) => edit({ category: code })}
          />
          {children.length > 0 ? (
            <View className='need__narrow'>
              <Text className='need__narrow-label'>更具体一点（可不选）</Text>
              <ChipRow
                label='具体类别'
                kind='radio'
                chips={children.map((i) => ({ key: i.code, label: i.name, id: `need-category-${i.code}`, on: draft.category === i.code }))}
                onTap={(code) => edit({ category: draft.category === code ? root : code })}
              />
            </View>
          ) : null}
        </FormField>

        <FormField label='具体情况' name='text' error={shown.get('text')} limit={{ text: draft.text, max: NEED_TEXT_MAX }} hint='例如：跑单被拖欠了两个月工资，想找律师问问怎么办'>
          <Textarea
            className='need__textarea'
            id='need-text'
            placeholder='发生了什么，想得到什么帮助'
            maxlength={-1}
            value={draft.text}
            onInput={(e) => edit({ text: e.detail.value })}
            onBlur={() => void suggest()}
          />
        </FormField>
        {suggested.length > 0 && !draft.category ? (
          <View className='need__suggest' id='need-suggestions'>
            <Text className='need__narrow-label'>看起来像是：</Text>
            <ChipRow
              label='推荐的类别'
              kind='radio'
              chips={suggested.map((code) => ({ key: code, label: byCode.get(code)?.name ?? code, id: `need-suggest-${code}`, on: false }))}
              onTap={(code) => edit({ category: code })}
            />
          </View>
        ) : null}

        <FormField label='有多急' name='urgency' error={shown.get('urgency')}>
          <ChipRow
            label='紧急程度'
            kind='radio'
            chips={URGENCIES.map((u) => ({ key: u, label: URGENCY_LABELS[u], id: `need-urgency-${u}`, on: draft.urgency === u }))}
            onTap={(u) => edit({ urgency: u as Urgency })}
          />
        </FormField>
      </View>

      <View className='card'>
        <FormField label='什么时候方便（不填表示都可以）' name='availability' error={shown.get('availability')}>
          <FreeTimeEditor value={draft.availability} onChange={(availability) => edit({ availability })} />
        </FormField>

        <FormField
          label='在哪里（可不填）'
          name='location'
          error={shown.get('location')}
          hint={draft.location ? (draft.preciseLocation ? '服务方会看到你的精确位置' : '服务中心只保存大约位置（约 1 公里）') : '附上位置能找到离你近的服务'}
        >
          <ChipRow
            label='位置'
            kind='checkbox'
            chips={[
              { key: 'attach', label: busy === 'locate' ? '定位中…' : draft.location ? '已附上我的位置' : '附上我的位置', id: 'need-location', on: draft.location !== undefined },
              ...(draft.location ? [{ key: 'precise', label: '允许提供精确位置', id: 'need-precise', on: draft.preciseLocation }] : [])
            ]}
            onTap={(key) => (key === 'attach' ? void attachLocation() : edit({ preciseLocation: !draft.preciseLocation }))}
          />
        </FormField>

        <FormField
          label='交给哪个服务中心'
          name='venueId'
          error={shown.get('venueId')}
          hint={draft.venueId ? undefined : '不选时，按你附上的位置或「我的」里填的街道安排'}
        >
          <ChipRow
            label='服务中心'
            kind='radio'
            chips={venues.map((v) => ({ key: v._id, label: v.district ? `${v.name} · ${v.district}` : v.name, id: `need-venue-${v._id}`, on: draft.venueId === v._id }))}
            onTap={(id) => edit({ venueId: draft.venueId === id ? '' : id })}
          />
        </FormField>

        <FormField label='联系方式' name='consent' hint={draft.shareContact ? '接到转介的服务方可以看到你的称呼和电话' : '不勾选时，服务方通过服务中心联系你'}>
          <ChipRow
            label='联系方式'
            kind='checkbox'
            chips={[{ key: 'share', label: '允许服务方看到我的称呼和电话', id: 'need-share-contact', on: draft.shareContact }]}
            onTap={() => edit({ shareContact: !draft.shareContact })}
          />
        </FormField>

        <FormField label={`照片（可不传，最多 ${PHOTOS_MAX} 张）`} name='photos' error={shown.get('photos')}>
          <View className='need__photos'>
            {draft.photos.map((photo) => (
              <View key={photo} className='need__photo'>
                <Image className='need__photo-image' src={fileUrl(photo)} mode='aspectFill' ariaLabel='已上传的照片' />
                <View className='need__photo-remove' aria-role='button' aria-label='删除这张照片' onClick={() => edit({ photos: draft.photos.filter((p) => p !== photo) })}>
                  ×
                </View>
              </View>
            ))}
            {draft.photos.length < PHOTOS_MAX ? (
              <View className='need__photo need__photo-add' id='need-photo-add' aria-role='button' aria-label='添加照片' onClick={() => void addPhotos()}>
                {busy === 'photo' ? '上传中…' : '+ 照片'}
              </View>
            ) : null}
          </View>
        </FormField>
      </View>

      {serverFail && !serverFail.field ? <View className='need__error'>{serverFail.message}</View> : null}
      <View className='need__actions'>
        <Button type='primary' className='tap-target need__submit' id='need-submit' loading={busy === 'submit'} onClick={guard(() => void submit())}>
          提交需求
        </Button>
      </View>
    </View>
  )
}

function Submitted({ output, guard }: { output: SubmitNeedOutput; guard: TapGuard }) {
  const myNeeds = () => void Taro.redirectTo({ url: '/packages/service/my-needs' })
  return (
    <View className='card' id='need-submitted'>
      <View className='card__title'>{output.replayed ? '这条需求已经提交过了' : '需求已提交'}</View>
      <View className='card__text'>服务中心会尽快查看，为你对接合适的服务。进度可以在「我的需求」里看。</View>
      {output.duplicates.length > 0 ? (
        <View className='need__duplicates' id='need-duplicates'>
          {[...new Set(output.duplicates.map((d) => d.message))].map((message) => {
            // One line per kind of warning, with a link to each earlier need it is about.
            const hints = output.duplicates.filter((d) => d.message === message)
            return (
              <View key={message} className='need__duplicate'>
                <Text className='need__duplicate-text'>{message}</Text>
                {hints.map((d, i) => (
                  <Text
                    key={d.needId}
                    className='need__duplicate-link'
                    id={`need-duplicate-${d.needId}`}
                    aria-role='link'
                    onClick={guard(() => void Taro.redirectTo({ url: `/packages/service/my-needs?needId=${encodeURIComponent(d.needId)}` }))}
                  >
                    {hints.length === 1 ? '看看那一条' : `看看第 ${i + 1} 条`}
                  </Text>
                ))}
              </View>
            )
          })}
          <View className='card__text'>如果是同一件事，可以在「我的需求」里撤回其中一条。</View>
        </View>
      ) : null}
      <View className='need__actions'>
        <Button type='primary' className='tap-target' id='need-to-my-needs' onClick={guard(myNeeds)}>
          看我的需求
        </Button>
      </View>
    </View>
  )
}
