/**
 * Every free text other people read passes WeChat's content check before it is stored (issue 10, UGC), through the
 * local cloud's word list (emulator/openapi/risky-words.txt): for each such field of each action, a text with a risky
 * word is refused with CONTENT_RISKY naming the field, and the store is as it was; the same field with clean text is
 * stored. The write limit counts each attempt before the action runs (rate-limits.test.ts), so its own record is
 * the one collection left out of the comparison.
 *
 * Each text carries a marker unique to its case, so "stored" and "not stored" are read off the whole store.
 */
import type { Result } from '@core/api/result'
import type { RecurrenceRule } from '@core/booking'
import { data, startTestCloud, type TestCloud } from '../support/cloud'
import { WEDNESDAY_10_00 } from '../support/instants'
import type { StoredNeed } from '../../cloudfunctions/service/repo/sealed-needs'
import { openedNeed } from '../integration/service-support'

const ORGANIZER = 'demo-organizer'
const VENUE = 'venue-youlin'
/** On the local word list; two characters, so it fits the shortest fields. */
const RISKY = '冰毒'
const HOUR_MS = 3600_000

let cloud: TestCloud

beforeAll(async () => {
  cloud = await startTestCloud({ at: WEDNESDAY_10_00, seed: true })
})
afterAll(() => cloud.close())
// Every case writes in quick succession under a stopped clock: a minute between cases keeps the write limits out of it.
afterEach(() => cloud.clock.advance(61_000))

let people = 0
const newPerson = (): string => `ugc-person-${++people}`

/**
 * Collections left out of the comparison: the write limit's record (it counts the attempt before the action runs), and
 * the questionnaire answers and their list entries, which only submissions and reviews write (none of the actions
 * here) and which are most of the demo data: reading them three times a case would make this file slow.
 */
const NOT_COMPARED = new Set(['writeLimits', 'responses', 'listEntries'])

/** Every other document, as stored; needs opened (their words are sealed at rest), so a stored text can be found. */
function store(): string {
  return JSON.stringify(
    cloud.db
      .collections()
      .filter((name) => !NOT_COMPARED.has(name))
      .map((name) => {
        const docs = cloud.db.find(name, {}, { sort: { _id: 1 } })
        return [name, name === 'needs' ? (docs as StoredNeed[]).map(openedNeed) : docs]
      })
  )
}

/** `input` with `text` at the dot path `field` (numeric segments index arrays). */
function withText(input: Record<string, unknown>, field: string, text: string): Record<string, unknown> {
  const copy = structuredClone(input)
  const segments = field.split('.')
  let node: Record<string, unknown> = copy
  for (const seg of segments.slice(0, -1)) node = node[seg] as Record<string, unknown>
  node[segments[segments.length - 1]] = text
  return copy
}

// ---- what each case starts from -------------------------------------------------------------------------------

async function course(): Promise<string> {
  const saved = await cloud.call('course', 'saveCourse', { title: '书法入门', category: '文化', description: '从握笔开始', cover: '', instructor: '马老师', venueId: VENUE }, ORGANIZER)
  return data(saved.body).course._id
}

/** A session of a new course, tomorrow at 19:00 Shanghai, through generation. */
async function session(): Promise<string> {
  const courseId = await course()
  const from = new Date(cloud.clock.now() + 8 * HOUR_MS + 24 * HOUR_MS).toISOString().slice(0, 10)
  const rule: RecurrenceRule = { weekdays: [1, 2, 3, 4, 5, 6, 7], startTime: '19:00', durationMin: 90, from, until: from, capacity: 10 }
  data((await cloud.call('course', 'generateSessions', { courseId, rule }, ORGANIZER)).body)
  const [first] = cloud.db.find('sessions', { courseId }, { sort: { startAt: 1 } })
  return String(first._id)
}

async function need(openid: string): Promise<string> {
  const out = await cloud.call('service', 'submitNeed', { category: 'LEGAL_LABOR', text: '老板拖欠工资三个月，想咨询劳动仲裁', venueId: VENUE }, openid)
  return data(out.body).need._id
}

/** A referral of a fresh need, sent to a provider; `stage` moves it on as far as the case needs. */
async function referral(stage: 'sent' | 'accepted' | 'completed'): Promise<{ referralId: string; requester: string; provider: string }> {
  const requester = newPerson()
  const needId = await need(requester)
  data((await cloud.call('service', 'triageNeed', { needId }, ORGANIZER)).body)
  const { proposals } = data((await cloud.call('service', 'match', { venueId: VENUE, needIds: [needId] }, ORGANIZER)).body)
  const confirmed = await cloud.call('service', 'confirmProposals', { venueId: VENUE, proposals: [{ needId, serviceId: proposals[0].serviceId }] }, ORGANIZER)
  const [sent] = data(confirmed.body).referrals
  const referralId = sent._id
  const provider = providerOf(sent.orgId)
  if (stage !== 'sent') data((await cloud.call('service', 'acceptReferral', { referralId }, provider)).body)
  if (stage === 'completed') data((await cloud.call('service', 'completeReferral', { referralId, outcome: 'helped' }, provider)).body)
  return { referralId, requester, provider }
}

/** A provider of `orgId`: the demo one when it is theirs, else one added for the test. */
function providerOf(orgId: string): string {
  const existing = cloud.db.find('users', { roles: 'provider', orgIds: orgId })[0]
  if (existing) return String(existing._id)
  const openid = newPerson()
  cloud.db.insert('users', [{ _id: openid, nickname: '服务方', avatarUrl: '', group: 'other', community: '', freeTimes: [], roles: ['provider'], orgIds: [orgId], strikes: 0, createdAt: 1, updatedAt: 1 }])
  return openid
}

const orgOf = (): string => String(cloud.db.find('organizations', { venueId: VENUE })[0]._id)

const serviceInput = () => ({
  action: 'saveService',
  venueId: VENUE,
  orgId: orgOf(),
  title: '法律咨询',
  description: '每周二晚上律师值班',
  taxonomy: ['LEGAL_LABOR'],
  eligibility: { groups: ['rider'] },
  locations: [{ name: '友邻空间', address: '城关区酒泉路', lat: 36.06, lng: 103.83 }],
  schedules: [{ weekday: 2, from: '19:00', to: '21:00' }],
  capacity: { perPeriod: 10, period: 'week' },
  amenities: ['饮水']
})

async function survey(): Promise<string> {
  const definition = { title: '需求调查', pages: [{ id: 'p1', questions: [{ id: 'q1', type: 'text', title: '您的需求' }] }], settings: { limit: 'unlimited', channels: ['self'] } }
  const saved = await cloud.callUntyped('survey', { action: 'save', venueId: VENUE, definition }, ORGANIZER)
  return (saved.body as { ok: true; data: { survey: { _id: string } } }).data.survey._id
}

const surveyInput = () => ({
  action: 'save',
  venueId: VENUE,
  definition: {
    title: '需求调查',
    intro: '几分钟就好',
    pages: [
      {
        id: 'p1',
        title: '基本情况',
        questions: [
          { id: 'q1', type: 'single', title: '您是', options: [{ value: 'a', label: '骑手' }, { value: 'b', label: '居民' }] },
          { id: 'q2', type: 'consent', title: '同意', statement: '我同意中心联系我' }
        ]
      }
    ],
    settings: { limit: 'unlimited', channels: ['self'], quotas: [{ id: 'all', label: '本期', limit: 100 }] }
  }
})

// ---- the fields -------------------------------------------------------------------------------------------------

interface Case {
  fn: 'user' | 'course' | 'service' | 'survey'
  field: string
  label: string
  /** The caller, and the event with every other field valid. */
  start: () => Promise<{ openid: string; event: Record<string, unknown> }>
}

const as = (openid: string, event: Record<string, unknown>) => Promise.resolve({ openid, event })

const profile = (field: string, label: string): Case => ({
  fn: 'user',
  field,
  label,
  start: async () => {
    const openid = newPerson()
    data((await cloud.call('user', 'login', {}, openid)).body)
    return { openid, event: { action: 'updateProfile', nickname: '小王' } }
  }
})

const courseField = (field: string, label: string): Case => ({
  fn: 'course',
  field,
  label,
  start: () => as(ORGANIZER, { action: 'saveCourse', title: '书法入门', category: '文化', description: '从握笔开始', cover: '', instructor: '马老师', venueId: VENUE })
})

const catalogue = (action: 'saveService' | 'saveResource' | 'saveOrganization', field: string, label: string): Case => ({
  fn: 'service',
  field,
  label,
  start: () => {
    if (action === 'saveService') return as(ORGANIZER, serviceInput())
    if (action === 'saveResource') {
      return as(ORGANIZER, { action, venueId: VENUE, orgId: orgOf(), kind: 'RESOURCE_OTHER', title: '活动室', description: '可坐二十人', quantity: 1, unit: '间' })
    }
    return as(ORGANIZER, { action, venueId: VENUE, name: '城关律师所', kind: 'social', description: '公益法律服务', contactName: '李律师' })
  }
})

const wording = (field: string, label: string): Case => ({ fn: 'survey', field, label, start: () => as(ORGANIZER, surveyInput()) })

const CASES: Case[] = [
  profile('nickname', '昵称'),
  profile('community', '所在社区'),
  courseField('title', '课程名称'),
  courseField('description', '课程介绍'),
  courseField('instructor', '授课老师'),
  { fn: 'course', field: 'note', label: '备注', start: async () => as(ORGANIZER, { action: 'updateSession', sessionId: await session(), note: '带好毛笔' }) },
  { fn: 'course', field: 'reason', label: '取消原因', start: async () => as(ORGANIZER, { action: 'cancelSession', sessionId: await session(), reason: '老师生病' }) },
  { fn: 'service', field: 'text', label: '需求描述', start: () => as(newPerson(), { action: 'submitNeed', category: 'LEGAL_LABOR', text: '想咨询', venueId: VENUE }) },
  {
    fn: 'service',
    field: 'text',
    label: '需求描述',
    start: () =>
      as(ORGANIZER, {
        action: 'recordNeed',
        category: 'LEGAL_LABOR',
        text: '想咨询',
        venueId: VENUE,
        group: 'rider',
        visitPlace: '老街',
        entererName: '小马',
        verbalConsent: true
      })
  },
  {
    fn: 'service',
    field: 'reason',
    label: '撤回原因',
    start: async () => {
      const openid = newPerson()
      return { openid, event: { action: 'withdrawNeed', needId: await need(openid), reason: '已经解决了' } }
    }
  },
  {
    fn: 'service',
    field: 'reason',
    label: '原因',
    start: async () => {
      const needId = await need(newPerson())
      data((await cloud.call('service', 'triageNeed', { needId }, ORGANIZER)).body)
      return { openid: ORGANIZER, event: { action: 'closeNeed', needId, outcome: 'unresolved', reason: '联系不上' } }
    }
  },
  { fn: 'service', field: 'reason', label: '取消原因', start: async () => as(ORGANIZER, { action: 'cancelReferral', referralId: (await referral('sent')).referralId, reason: '服务暂停' }) },
  {
    fn: 'service',
    field: 'note',
    label: '说明',
    start: async () => {
      const { referralId, provider } = await referral('sent')
      return { openid: provider, event: { action: 'declineReferral', referralId, reason: 'no_capacity', note: '本月已满' } }
    }
  },
  {
    fn: 'service',
    field: 'place',
    label: '见面地点',
    start: async () => {
      const { referralId, provider } = await referral('accepted')
      return { openid: provider, event: { action: 'scheduleReferral', referralId, scheduledAt: cloud.clock.now() + 24 * HOUR_MS, place: '友邻空间' } }
    }
  },
  {
    fn: 'service',
    field: 'note',
    label: '说明',
    start: async () => {
      const { referralId, provider } = await referral('accepted')
      return { openid: provider, event: { action: 'completeReferral', referralId, outcome: 'helped', note: '已经办好' } }
    }
  },
  {
    fn: 'service',
    field: 'comment',
    label: '评价',
    start: async () => {
      const { referralId, requester } = await referral('completed')
      return { openid: requester, event: { action: 'rateReferral', referralId, rating: 5, comment: '很有帮助' } }
    }
  },
  catalogue('saveService', 'title', '服务名称'),
  catalogue('saveService', 'description', '服务介绍'),
  catalogue('saveService', 'locations.0.name', '地点名称'),
  catalogue('saveService', 'locations.0.address', '地址'),
  catalogue('saveService', 'amenities.0', '便民设施'),
  catalogue('saveResource', 'title', '资源名称'),
  catalogue('saveResource', 'description', '资源说明'),
  catalogue('saveResource', 'unit', '单位'),
  catalogue('saveOrganization', 'name', '组织名称'),
  catalogue('saveOrganization', 'description', '组织介绍'),
  catalogue('saveOrganization', 'contactName', '联系人'),
  wording('definition.title', '问卷标题'),
  wording('definition.intro', '问卷说明'),
  wording('definition.pages.0.title', '第1页的标题'),
  wording('definition.pages.0.questions.0.title', '第1页第1题的标题'),
  wording('definition.pages.0.questions.0.options.1.label', '第1页第1题第2个选项'),
  wording('definition.pages.0.questions.1.statement', '第1页第2题的同意内容'),
  wording('definition.settings.quotas.0.label', '第1个名额的名称'),
  { fn: 'survey', field: 'title', label: '问卷标题', start: async () => as(ORGANIZER, { action: 'duplicate', surveyId: await survey(), title: '副本' }) }
]

let marks = 0

describe.each(CASES)('$fn $field', ({ fn, field, label, start }) => {
  it(`refuses a risky ${label} with CONTENT_RISKY naming the field, storing nothing; stores a clean one`, async () => {
    const { openid, event } = await start()
    const marker = `㊣${++marks}`
    const before = store()
    const risky = await cloud.callUntyped(fn, withText(event, field, `${marker}${RISKY}`), openid)
    expect(risky.body).toEqual({ ok: false, code: 'CONTENT_RISKY', message: `${label}含有不适合公开的内容，请修改后再提交`, field })
    expect(store()).toBe(before)

    const clean = await cloud.callUntyped(fn, withText(event, field, `${marker}好`), openid)
    expect(data(clean.body as Result<unknown>)).toBeDefined()
    expect(store()).toContain(`${marker}好`)
  })
})

describe('a questionnaire longer than one check', () => {
  it('is checked in several calls, and the risky piece is named however far in it is', async () => {
    const questions = Array.from({ length: 12 }, (_, i) => ({ id: `q${i}`, type: 'text', title: `第${i + 1}个问题`, description: '说明'.repeat(150) }))
    const definition = { title: '长问卷', pages: [{ id: 'p1', questions }], settings: { limit: 'unlimited', channels: ['self'] } }
    const risky = withText({ definition }, 'definition.pages.0.questions.11.title', `最后一题${RISKY}`)
    const before = store()
    const res = await cloud.callUntyped('survey', { action: 'save', venueId: VENUE, ...risky }, ORGANIZER)
    expect(res.body).toEqual({
      ok: false,
      code: 'CONTENT_RISKY',
      message: '第1页第12题的标题含有不适合公开的内容，请修改后再提交',
      field: 'definition.pages.0.questions.11.title'
    })
    expect(store()).toBe(before)
    expect((await cloud.callUntyped('survey', { action: 'save', venueId: VENUE, definition }, ORGANIZER)).body).toMatchObject({ ok: true })
  })
})
