/**
 * 随手拍: a rider on their route reports a problem to the community — what kind (chips of the grid categories), a
 * photo or more (uploaded to cloud storage as they are picked), where (WeChat's map; a browser has no map, so the
 * phone's position or a centre to be near), and a few words. Anyone signed in may report; a 兼职网格员's report goes to
 * their team's centre (core/community/grid.ts says why), and the page says which is the case. What is missing or wrong
 * is found by the schema the function checks with (reportSchema), shown beside each field after the first 上报.
 *
 * One tap submits once: a second tap on the same spot right after is dropped (useArrivalGuard), and the button is busy
 * while the submit runs. In WeChat the 上报 tap first asks whether they want 需求进度 messages — each step the community
 * takes is one — and an acceptance is recorded with the service function's subscribe, as the need form does. After it is filed the page says whether it was linked to an earlier report of the same problem.
 */
import { useEffect, useState } from 'react'
import Taro from '@tarojs/taro'
import { Image, Text, Textarea, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { CentreItem, ReportOutput } from '@core/api/community'
import { REPORT_PHOTOS_MAX, REPORT_TEXT_MAX, reportSchema } from '@core/api/community/grid'
import { GRID_BADGE, GRID_CATEGORIES, type GridCategory } from '@core/community/grid'
import { validate } from '@core/schema'
import { call, fileUrl } from '@/cloud/call'
import { useRemote } from '@/cloud/use-remote'
import ChipRow from '@/components/chip-row'
import FormField from '@/components/form-field'
import { problemsOf } from '@/components/form-field/problems'
import PageShell from '@/components/page-shell'
import RemoteView from '@/components/remote-view'
import SignInGate from '@/components/sign-in-gate'
import { locator } from '@/components/survey/locate'
import { useArrivalGuard } from '@/hooks/use-arrival-guard'
import { alertFail } from '@/platform/feedback'
import { pickPhotos } from '@/platform/photos'
import { serviceSubscriptions } from '@/platform/subscribe'
import '@/components/report-card/index.scss'

interface Place {
  lat: number
  lng: number
  /** What the person sees they picked. */
  label: string
}

interface Draft {
  category: GridCategory | ''
  text: string
  photos: string[]
  place?: Place
}

/** The report as the function's schema checks it: what is not picked yet is absent, so the schema names it missing. */
function inputOf(draft: Draft): Record<string, unknown> {
  return {
    ...(draft.category ? { category: draft.category } : {}),
    text: draft.text.trim(),
    ...(draft.place ? { location: { lat: draft.place.lat, lng: draft.place.lng } } : {}),
    ...(draft.photos.length > 0 ? { photos: draft.photos } : {})
  }
}

export default function ReportPage() {
  return (
    <PageShell className='grid'>
      <SignInGate id='grid-sign-in' title='先登录再上报' reason='社区处理后会告诉你结果，需要知道是谁报的。同意隐私保护指引后就能上报。'>
        <ReportContext />
      </SignInGate>
    </PageShell>
  )
}

function ReportContext() {
  const context = useRemote('grid-report', async () => {
    const [centres, membership] = await Promise.all([call('community', 'centres', {}), call('community', 'myGridMembership', {})])
    if (!centres.ok) return centres
    if (!membership.ok) return membership
    return { ok: true as const, data: { centres: centres.data.items, badge: membership.data.badge, team: membership.data.membership } }
  })
  return (
    <RemoteView remote={context} rows={8}>
      {({ centres, badge, team }) => <ReportForm centres={centres} memberOf={badge && team ? `${team.venueName} · ${team.outlet}` : null} />}
    </RemoteView>
  )
}

function ReportForm({ centres, memberOf }: { centres: CentreItem[]; memberOf: string | null }) {
  const [draft, setDraft] = useState<Draft>({ category: '', text: '', photos: [] })
  const [busy, setBusy] = useState<'submit' | 'photo' | 'locate' | null>(null)
  const [tried, setTried] = useState(false)
  // What the schema cannot know: the position could not be read, or the function refused the report.
  const [problem, setProblem] = useState<{ field?: string; message: string } | null>(null)
  const [done, setDone] = useState<ReportOutput['report'] | null>(null)
  const guard = useArrivalGuard(done ? 'done' : 'form')
  // The template ids before the tap: WeChat asks only straight from it (nothing to ask for in a browser).
  useEffect(() => {
    void serviceSubscriptions.prepare(['needProgress'])
  }, [])

  const edit = (patch: Partial<Draft>) => {
    setDraft((d) => ({ ...d, ...patch }))
    setProblem(null)
  }

  const locate = async () => {
    setBusy('locate')
    const found = await locator.locate()
    setBusy(null)
    if (found === null) return
    if (!found.ok) {
      setProblem({ field: 'location', message: found.message })
      return
    }
    edit({ place: { ...found.point, label: found.name ?? '已选择的位置' } })
  }

  const addPhotos = async () => {
    setBusy('photo')
    const uploaded = await pickPhotos(REPORT_PHOTOS_MAX - draft.photos.length, 'grid-photos')
    setBusy(null)
    setDraft((d) => ({ ...d, photos: [...d.photos, ...uploaded].slice(0, REPORT_PHOTOS_MAX) }))
  }

  const submit = async () => {
    if (busy) return
    setTried(true)
    const checked = validate(reportSchema, inputOf(draft))
    if (!checked.ok) {
      void Taro.showToast({ title: checked.message, icon: 'none' })
      return
    }
    setBusy('submit')
    // Straight from the tap: whether the person wants to hear each step the community takes (需求进度).
    const accepted = await serviceSubscriptions.request(['needProgress'])
    const res = await call('community', 'report', checked.value)
    setBusy(null)
    if (!res.ok) {
      setProblem({ ...(res.field ? { field: res.field.split('.')[0] } : {}), message: res.message })
      if (res.field) void Taro.showToast({ title: res.message, icon: 'none' })
      else alertFail('没能上报', res)
      return
    }
    if (accepted.length > 0) void call('service', 'subscribe', { kinds: accepted })
    setDone(res.data.report)
  }

  if (done) {
    const centre = centres.find((c) => c._id === done.venueId)?.name ?? '服务中心'
    return (
      <View className='card' id='grid-report-done'>
        <View className='card__title'>{done.status === 'duplicate' ? '已上报，和附近的一条合并了' : '已上报'}</View>
        <View className='card__text'>
          {done.status === 'duplicate'
            ? `附近刚有人报过同样的问题，${centre}会一起处理，处理结果也会告诉你。`
            : `${centre}会尽快处理，每一步都会通知你。进度可以在「我的随手拍」里看。`}
        </View>
        <View className='grid__actions'>
          <Button type='primary' className='tap-target' id='grid-to-mine' onClick={guard(() => void Taro.redirectTo({ url: '/packages/grid/mine' }))}>
            看我的随手拍
          </Button>
          <Button className='tap-target' id='grid-report-another' onClick={guard(() => { setDone(null); setTried(false); setDraft({ category: '', text: '', photos: [] }) })}>
            再报一条
          </Button>
        </View>
      </View>
    )
  }

  // After the first 上报, every problem the function's schema finds shows beside its field, going as it is fixed.
  const found = tried ? problemsOf(reportSchema, inputOf(draft)) : {}
  const errorOf = (field: string): string | undefined => found[field] ?? (problem?.field === field ? problem.message : undefined)

  return (
    <View id='grid-report-form'>
      <View className='card'>
        <View className='card__title'>随手拍 · 发现问题报给社区</View>
        <View className='card__text'>
          {memberOf ? `你是${GRID_BADGE}（${memberOf}），上报会交给你所在网格的服务中心。` : '上报会交给离问题最近的服务中心。加入兼职网格员后，上报计入网格的成绩。'}
        </View>
        {memberOf ? null : (
          <Text className='grid__hint' id='grid-join-link' aria-role='link' onClick={guard(() => void Taro.navigateTo({ url: '/packages/grid/join' }))}>
            申请加入兼职网格员 ›
          </Text>
        )}

        <FormField label='什么问题' name='category' error={errorOf('category')}>
          <ChipRow
            label='问题类别'
            kind='radio'
            chips={GRID_CATEGORIES.map((c) => ({ key: c.code, label: c.name, id: `grid-category-${c.code}`, on: draft.category === c.code }))}
            onTap={(code) => edit({ category: code as GridCategory })}
          />
        </FormField>

        <FormField label={`照片（最多 ${REPORT_PHOTOS_MAX} 张，拍清楚问题所在）`} name='photos' error={errorOf('photos')}>
          <View className='grid__photos'>
            {draft.photos.map((photo) => (
              <View key={photo} className='grid__photo'>
                <Image className='grid__photo-image' src={fileUrl(photo)} mode='aspectFill' ariaLabel='已上传的照片' />
                <View className='grid__photo-remove' aria-role='button' aria-label='删除这张照片' onClick={() => edit({ photos: draft.photos.filter((p) => p !== photo) })}>
                  ×
                </View>
              </View>
            ))}
            {draft.photos.length < REPORT_PHOTOS_MAX ? (
              <View className='grid__photo grid__photo-add' id='grid-photo-add' aria-role='button' aria-label='拍照或选照片' onClick={() => void addPhotos()}>
                {busy === 'photo' ? '上传中…' : '+ 拍照'}
              </View>
            ) : null}
          </View>
        </FormField>

        <FormField label='在哪里' name='location' error={errorOf('location')}>
          {draft.place ? (
            <Text className='grid__place' id='grid-place'>
              {`📍 ${draft.place.label}`}
            </Text>
          ) : (
            <Text className='grid__hint'>{locator.hint}</Text>
          )}
          <Button className='tap-target' fill='outline' id='grid-locate' loading={busy === 'locate'} disabled={busy === 'locate'} onClick={guard(() => void locate())}>
            {draft.place ? '重新选择位置' : locator.label}
          </Button>
          <Text className='grid__hint'>或者：就在这个服务中心附近</Text>
          <ChipRow
            label='服务中心附近'
            kind='radio'
            chips={centres.map((c) => ({ key: c._id, label: c.name, id: `grid-near-${c._id}`, on: draft.place?.label === `${c.name}附近` }))}
            onTap={(id) => {
              const centre = centres.find((c) => c._id === id)
              if (centre) edit({ place: { lat: centre.lat, lng: centre.lng, label: `${centre.name}附近` } })
            }}
          />
        </FormField>

        <FormField label='说一说' name='text' error={errorOf('text')} limit={{ text: draft.text, max: REPORT_TEXT_MAX }} hint='例如：3号楼楼道有电动车从窗户拉线充电'>
          <Textarea
            className='grid__textarea'
            id='grid-text'
            placeholder='在哪栋楼、哪个路口，看到了什么'
            maxlength={-1}
            value={draft.text}
            onInput={(e) => edit({ text: e.detail.value })}
          />
        </FormField>
      </View>

      {problem && !problem.field ? <View className='grid__error'>{problem.message}</View> : null}
      <View className='grid__actions'>
        <Button type='primary' className='tap-target grid__submit' id='grid-submit' loading={busy === 'submit'} disabled={busy === 'photo'} onClick={guard(() => void submit())}>
          上报
        </Button>
      </View>
    </View>
  )
}
