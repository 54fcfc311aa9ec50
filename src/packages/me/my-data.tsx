/**
 * 我的数据: everything 友邻空间 keeps about the person, read from each function's `myData` (the account, bookings and
 * strikes, questionnaires with their own answers in full, needs with their referrals, message acceptances), and
 * 删除我的数据. The page never signs in: looking must not create an account.
 *
 * Deleting says first what it does (upcoming classes are cancelled and the seat passes on; what the centre counts is
 * kept without the person's name), asks once more in a dialog whose buttons ignore the leftover taps of a hurried
 * double-tap, then calls each function's `deleteMyData` in ERASE_ORDER with each step shown. A failed step stops with
 * 重试, which runs the whole erasure again (every step is idempotent). At the end the session is ended, the fillings
 * kept on the phone are cleared, and the page says what happened.
 */
import { useState, type ReactNode } from 'react'
import Taro from '@tarojs/taro'
import { Text, View } from '@tarojs/components'
import { Button } from '@nutui/nutui-react-taro'
import type { Fail, Result } from '@core/api'
import {
  ERASE_ORDER,
  type CommunityMyDataOutput,
  type CourseMyDataOutput,
  type ErasingFunction,
  type ServiceMyDataOutput,
  type SurveyMyDataOutput,
  type UserMyDataOutput
} from '@core/api/mydata'
import { USER_GROUP_LABELS } from '@core/api/user'
import { MEMBER_KIND_LABELS, MEMBER_STATUS_LABELS, TOPIC_STATUS_LABELS } from '@core/community/deliberation'
import { MEMBERSHIP_STATUS_LABELS, REPORT_STATUS_LABELS } from '@core/community/grid'
import { PARTY_KIND_LABEL, PARTY_STATUS_LABEL } from '@core/community/party'
import { STAR_SIDE_LABELS } from '@core/community/stars'
import { NEED_STATUS_LABELS, REFERRAL_STATUS_LABELS } from '@core/matching/model'
import { formatDate, formatDateTime, monthLabel } from '@core/time'
import { BOOKING_STATUS_LABELS } from '@/booking/present'
import { call } from '@/cloud/call'
import { useRemote } from '@/cloud/use-remote'
import ConfirmDialog from '@/components/confirm-dialog'
import PageShell from '@/components/page-shell'
import RemoteView from '@/components/remote-view'
import { EmptyView } from '@/components/state-view'
import { useArrivalGuard } from '@/hooks/use-arrival-guard'
import { endSession } from '@/session'
import { clearDeviceData } from '@/session/device-data'
import './my-data.scss'

interface MyData {
  user: UserMyDataOutput
  course: CourseMyDataOutput
  survey: SurveyMyDataOutput
  service: ServiceMyDataOutput
  community: CommunityMyDataOutput
}

/** Each function's part, read at once; the first failure is the page's. */
async function loadMyData(): Promise<Result<MyData>> {
  const [user, course, survey, service, community] = await Promise.all([
    call('user', 'myData', {}),
    call('course', 'myData', {}),
    call('survey', 'myData', {}),
    call('service', 'myData', {}),
    call('community', 'myData', {})
  ])
  if (!user.ok) return user
  if (!course.ok) return course
  if (!survey.ok) return survey
  if (!service.ok) return service
  if (!community.ok) return community
  return { ok: true, data: { user: user.data, course: course.data, survey: survey.data, service: service.data, community: community.data } }
}

const STEP_LABELS: Record<ErasingFunction, string> = { course: '课程预约', survey: '问卷', service: '需求和转介', community: '社区参与', user: '个人资料' }

const TEMPLATE_LABELS: Record<ServiceMyDataOutput['consents'][number]['template'], string> = { needProgress: '需求进度提醒', referralTask: '转介待办提醒' }

type Erasure = { phase: 'idle' } | { phase: 'running'; done: number } | { phase: 'failed'; done: number; fail: Fail } | { phase: 'finished' }

export default function MyDataPage() {
  const remote = useRemote('my-data', loadMyData)
  const [asking, setAsking] = useState(false)
  const [erasure, setErasure] = useState<Erasure>({ phase: 'idle' })
  const guard = useArrivalGuard(erasure.phase)

  const erase = async () => {
    setAsking(false)
    for (let i = 0; i < ERASE_ORDER.length; i++) {
      setErasure({ phase: 'running', done: i })
      const res = await call(ERASE_ORDER[i], 'deleteMyData', {})
      if (!res.ok) {
        setErasure({ phase: 'failed', done: i, fail: res })
        return
      }
    }
    endSession()
    clearDeviceData()
    setErasure({ phase: 'finished' })
  }

  if (erasure.phase === 'finished') {
    return (
      <PageShell className='my-data'>
        <View id='my-data-erased'>
          <EmptyView
            title='你的数据已删除'
            description={<Text className='my-data__erased-text'>资料、预约、问卷答案和需求都已删除。以后再用友邻空间，会重新建立一份空白资料。</Text>}
          >
            <View className='my-data__actions'>
              <Button type='primary' className='tap-target' id='my-data-home' onClick={() => void Taro.switchTab({ url: '/pages/home/index' })}>
                回到首页
              </Button>
            </View>
          </EmptyView>
        </View>
      </PageShell>
    )
  }

  return (
    <PageShell className='my-data'>
      <RemoteView remote={remote} rows={8}>
        {(mine) => (
          <View id='my-data-sections'>
            <Text className='my-data__intro'>这里是友邻空间保存的关于你的全部信息。</Text>
            <ProfileSection data={mine.user} />
            <BookingsSection data={mine.course} />
            <SurveysSection data={mine.survey} />
            <NeedsSection data={mine.service} />
            <CommunitySection data={mine.community} />
            <MessagesSection course={mine.course} service={mine.service} />
            {erasure.phase === 'idle' ? (
              <View className='card my-data__danger' id='my-data-delete-card'>
                <View className='card__title'>删除我的数据</View>
                <View className='my-data__consequences'>
                  <Text className='my-data__consequence'>· 还没上的课会自动取消，名额让给候补的人。</Text>
                  <Text className='my-data__consequence'>· 没办完的需求会撤回，需求内容删除。</Text>
                  <Text className='my-data__consequence'>· 问卷里的姓名、手机号和你写的话会删除。</Text>
                  <Text className='my-data__consequence'>· 随手拍的文字和照片、网格员和商圈议事的申请、投票记录、骑士之星的参评记录和评分、组织关系登记会删除；已评上的骑士之星只保留称号，不再显示你的名字。</Text>
                  <Text className='my-data__consequence'>· 个人资料删除。</Text>
                  <Text className='my-data__consequence'>服务中心只保留不能认出你的统计数字（比如上过几次课）。删除后不能恢复。</Text>
                </View>
                <Button type='danger' fill='outline' block className='tap-target' id='my-data-delete' onClick={guard(() => setAsking(true))}>
                  删除我的数据
                </Button>
              </View>
            ) : (
              <ErasureProgress erasure={erasure} onRetry={guard(() => void erase())} />
            )}
          </View>
        )}
      </RemoteView>
      <ConfirmDialog
        open={asking}
        title='确定删除你的全部数据？'
        confirmText='确认删除'
        cancelText='不删了'
        danger
        onConfirm={() => void erase()}
        onCancel={() => setAsking(false)}
      >
        预约、问卷答案、需求和个人资料都会删除，还没上的课会取消。删除后不能恢复。
      </ConfirmDialog>
    </PageShell>
  )
}

function ErasureProgress({ erasure, onRetry }: { erasure: Exclude<Erasure, { phase: 'idle' | 'finished' }>; onRetry: () => void }) {
  return (
    <View className='card' id='my-data-progress' aria-live='polite'>
      <View className='card__title'>{erasure.phase === 'failed' ? '删除没有完成' : '正在删除…'}</View>
      {ERASE_ORDER.map((fn, i) => {
        const state = i < erasure.done ? 'done' : i === erasure.done ? erasure.phase : 'waiting'
        const text = state === 'done' ? '已删除' : state === 'running' ? '正在删除' : state === 'failed' ? '没删成' : '等待'
        return (
          <View key={fn} className={`my-data__step my-data__step--${state}`}>
            <Text>{STEP_LABELS[fn]}</Text>
            <Text className='my-data__step-state'>{text}</Text>
          </View>
        )
      })}
      {erasure.phase === 'failed' && (
        <>
          <Text className='my-data__fail'>{erasure.fail.message}</Text>
          <Text className='my-data__note'>已删除的部分不会恢复，点重试会接着删完。</Text>
          <View className='my-data__actions'>
            <Button type='primary' className='tap-target' id='my-data-retry' onClick={onRetry}>
              重试
            </Button>
          </View>
        </>
      )}
    </View>
  )
}

function Section({ id, title, count, children }: { id: string; title: string; count?: number; children: ReactNode }) {
  return (
    <View className='card my-data__section' id={id}>
      <View className='card__title'>
        {title}
        {count !== undefined && <Text className='my-data__count'>{count} 条</Text>}
      </View>
      {children}
    </View>
  )
}

const Nothing = ({ text }: { text: string }) => <Text className='my-data__none'>{text}</Text>

function Row({ label, value }: { label: string; value: string }) {
  return (
    <View className='my-data__row'>
      <Text className='my-data__label'>{label}</Text>
      <Text className='my-data__value'>{value}</Text>
    </View>
  )
}

function ProfileSection({ data }: { data: UserMyDataOutput }) {
  const p = data.profile
  return (
    <Section id='my-data-profile' title='个人资料'>
      {p === null ? (
        <Nothing text='没有个人资料' />
      ) : (
        <>
          <Row label='昵称' value={p.nickname || '未填写'} />
          <Row label='身份' value={p.group ? USER_GROUP_LABELS[p.group] : '未填写'} />
          <Row label='社区' value={p.community || '未填写'} />
          <Row label='常有空的时间' value={p.freeTimes.length > 0 ? `${p.freeTimes.length} 段` : '未填写'} />
          <Row label='头像' value={p.avatarUrl ? '已设置' : '未设置'} />
          <Row label='同意隐私指引' value={p.privacyConsentAt === undefined ? '未同意' : formatDateTime(p.privacyConsentAt)} />
          <Row label='注册时间' value={formatDateTime(p.createdAt)} />
        </>
      )}
    </Section>
  )
}

function BookingsSection({ data }: { data: CourseMyDataOutput }) {
  const forgiven = data.strikes.filter((s) => s.forgiven).length
  return (
    <Section id='my-data-bookings' title='课程预约' count={data.bookings.length}>
      {data.bookings.length === 0 ? (
        <Nothing text='没有预约记录' />
      ) : (
        data.bookings.map((b) => (
          <View key={b._id} className='my-data__item my-data__booking'>
            <Text className='my-data__item-title'>{b.title || '已删除的课'}</Text>
            <Text className='my-data__item-meta'>
              {formatDateTime(b.startAt)} · {BOOKING_STATUS_LABELS[b.status]}
            </Text>
          </View>
        ))
      )}
      {data.strikes.length > 0 && (
        <Text className='my-data__note'>
          爽约记录 {data.strikes.length} 条{forgiven > 0 ? `（已免除 ${forgiven} 条）` : ''}
        </Text>
      )}
    </Section>
  )
}

function SurveysSection({ data }: { data: SurveyMyDataOutput }) {
  return (
    <Section id='my-data-surveys' title='问卷' count={data.responses.length}>
      {data.responses.length === 0 && <Nothing text='没有填过问卷' />}
      {data.responses.map((r) => (
        <View key={r._id} className='my-data__item'>
          <Text className='my-data__item-title'>{r.title || '问卷'}</Text>
          <Text className='my-data__item-meta'>{r.submittedAt === undefined ? '未提交' : `${formatDate(r.submittedAt)} 提交`}</Text>
          {r.answers.map((a) => (
            <View key={a.questionId} className='my-data__answer'>
              <Text className='my-data__question'>{a.title}</Text>
              <Text className='my-data__value'>{a.text}</Text>
            </View>
          ))}
        </View>
      ))}
      {data.drafts.length > 0 && <Text className='my-data__note'>没填完的草稿 {data.drafts.length} 份：{data.drafts.map((d) => d.title).join('、')}</Text>}
    </Section>
  )
}

function NeedsSection({ data }: { data: ServiceMyDataOutput }) {
  return (
    <Section id='my-data-needs' title='需求' count={data.needs.length}>
      {data.needs.length === 0 && <Nothing text='没有提过需求' />}
      {data.needs.map((n) => (
        <View key={n._id} className='my-data__item'>
          <Text className='my-data__item-title'>{n.categoryName}</Text>
          <Text className='my-data__item-meta'>
            {formatDate(n.createdAt)} · {NEED_STATUS_LABELS[n.status]}
          </Text>
          {n.text !== '' && <Text className='my-data__value'>{n.text}</Text>}
          {n.referrals.map((r) => (
            <Text key={r._id} className='my-data__note'>
              转介：{r.serviceTitle} · {REFERRAL_STATUS_LABELS[r.status]}
            </Text>
          ))}
        </View>
      ))}
    </Section>
  )
}

function MessagesSection({ course, service }: { course: CourseMyDataOutput; service: ServiceMyDataOutput }) {
  const left = service.consents.filter((c) => c.left > 0)
  return (
    <Section id='my-data-messages' title='消息提醒'>
      {left.length === 0 && course.messages === 0 && <Nothing text='没有订阅消息' />}
      {left.map((c) => (
        <Row key={c.template} label={TEMPLATE_LABELS[c.template]} value={`还可以发 ${c.left} 条`} />
      ))}
      {course.messages > 0 && <Row label='发给你的消息' value={`${course.messages} 条`} />}
    </Section>
  )
}

function CommunitySection({ data }: { data: CommunityMyDataOutput }) {
  const m = data.gridMembership
  const star = data.starRider
  const count =
    (m ? 1 : 0) + (star ? 1 : 0) + data.reports.length + data.districts.length + data.topicsRaised.length + data.votes.length + data.starScores.length + data.starAwards.length + data.party.length
  return (
    <Section id='my-data-community' title='社区参与' count={count}>
      {count === 0 && <Nothing text='没有社区参与的记录' />}
      {m !== null && <Row label='兼职网格员申请' value={`${m.outlet} · ${MEMBERSHIP_STATUS_LABELS[m.status]} · ${formatDate(m.appliedAt)}`} />}
      {data.reports.map((r) => (
        <View key={r._id} className='my-data__item'>
          <Text className='my-data__item-title'>{`随手拍 · ${r.category}`}</Text>
          <Text className='my-data__item-meta'>{`${formatDateTime(r.createdAt)} · ${REPORT_STATUS_LABELS[r.status]}${r.photos > 0 ? ` · ${r.photos} 张照片` : ''}`}</Text>
          {r.text !== '' && <Text className='my-data__value'>{r.text}</Text>}
        </View>
      ))}
      {data.districts.map((d) => (
        <Row key={d.venueId} label='商圈议事成员' value={`${d.name} · ${MEMBER_KIND_LABELS[d.kind]} · ${MEMBER_STATUS_LABELS[d.status]}`} />
      ))}
      {data.topicsRaised.map((t) => (
        <View key={t._id} className='my-data__item'>
          <Text className='my-data__item-title'>{`提出的议题 · ${t.title}`}</Text>
          <Text className='my-data__item-meta'>{`${formatDate(t.createdAt)} · ${TOPIC_STATUS_LABELS[t.status]}`}</Text>
        </View>
      ))}
      {data.votes.map((v) => (
        <View key={v.topicId} className='my-data__item'>
          <Text className='my-data__item-title'>{`投票 · ${v.topic || '已删除的议题'}`}</Text>
          <Text className='my-data__item-meta'>{`${formatDateTime(v.at)}${v.proposal ? ` · 投给：${v.proposal}` : ''}`}</Text>
        </View>
      ))}
      {star !== null && <Row label='骑士之星参评' value={`${star.name} · ${star.station}`} />}
      {data.starScores.map((s) => (
        <Row key={`${s.month}-${s.side}`} label={`${monthLabel(s.month)} ${STAR_SIDE_LABELS[s.side]}`} value={`${s.total} 分`} />
      ))}
      {data.starAwards.map((a) => (
        <View key={`${a.venueId}-${a.month}`} className='my-data__item'>
          <Text className='my-data__item-title'>{`${monthLabel(a.month)} 骑士之星 · 先锋指数 ${a.index}`}</Text>
          <Text className='my-data__item-meta'>{a.citation}</Text>
        </View>
      ))}
      {data.party.map((p) => (
        <View key={p._id} className='my-data__item'>
          <Text className='my-data__item-title'>{`${PARTY_KIND_LABEL[p.kind]} · ${PARTY_STATUS_LABEL[p.status]}`}</Text>
          <Text className='my-data__item-meta'>{`${formatDate(p.createdAt)} 登记 · ${p.person.name} · ${p.person.phone}`}</Text>
          {p.person.currentOrg !== undefined && <Row label='单位或党组织' value={p.person.currentOrg} />}
          {p.person.relationAt !== undefined && <Row label='组织关系所在' value={p.person.relationAt} />}
        </View>
      ))}
    </Section>
  )
}
