/**
 * The demo questionnaires (issue 8): 新就业群体需求调查 (group, working hours, needs with tags, free time, contact
 * behind a consent) and 资源征集 for enterprises, 社会组织 and merchants at 友邻空间, and a short feedback survey at
 * 兰州老街 (another centre's, so the organizer scoping shows), with a few hundred generated responses across both
 * channels and every group — so the results pages and the list review are full on first start.
 *
 * Responses are generated (survey-answers.ts, deterministic) and stored exactly as the `survey` function stores them:
 * validated by core, built by the function's own records.ts, personal answers sealed with the data directory's key
 * through its sealing.ts. Counters, versions, draft list entries and a few approved list items agree with them.
 */
import { USER_GROUP_LABELS, USER_GROUPS } from '@core/api/user'
import {
  checkDefinition,
  newListItem,
  quotasFor,
  respondentGroup,
  responseIdFor,
  surveyVersionIdFor,
  validateAnswers,
  type EntryDoc,
  type EntryList,
  type ListItemDoc,
  type ResponseDoc,
  type SurveyDefinition,
  type SurveyDoc,
  type SurveyVersionDoc
} from '@core/survey'
import { DAY_MS, HOUR_MS } from '@core/time'
import { entryRecords, respondentPhoneHash, responseRecord, visitRecord } from '../cloudfunctions/survey/records'
import type { DataKeys } from '../cloudfunctions/_shared/sealing'
import { feedbackAnswers, needsAnswers, random, resourceAnswers, type GeneratedResponse } from './survey-answers'

const consent = (id: string, statement: string) => ({ id, type: 'consent', title: '个人信息使用同意', statement })

const TIMES = [
  { value: 'weekdayMorning', label: '工作日上午' },
  { value: 'weekdayAfternoon', label: '工作日下午' },
  { value: 'weekdayEvening', label: '工作日晚上' },
  { value: 'weekendDay', label: '周末白天' },
  { value: 'weekendEvening', label: '周末晚上' }
]

/** 新就业群体需求调查, as an organizer would write it (defaults left out). */
export const NEEDS_SURVEY_INPUT = {
  title: '新就业群体需求调查',
  intro: '花3分钟告诉我们您的需要：服务中心据此安排课程、义诊、法律咨询和驿站服务。除联系方式外均匿名统计。',
  thanks: '感谢填写！我们会在两周内整理出需求清单，对接进展会在“服务”页公布；留了联系方式的，工作人员会电话回访。',
  pages: [
    {
      id: 'basics',
      title: '基本情况',
      questions: [
        {
          id: 'group',
          type: 'single',
          title: '您的身份',
          required: true,
          options: USER_GROUPS.map((group) => ({ value: group, label: USER_GROUP_LABELS[group] }))
        },
        {
          id: 'hours',
          type: 'single',
          title: '您通常几点收工？',
          required: true,
          showIf: { op: 'in', question: 'group', values: ['rider', 'courier', 'driver'] },
          options: [
            { value: 'before18', label: '18点前' },
            { value: 'before21', label: '18–21点' },
            { value: 'after21', label: '21点以后' },
            { value: 'irregular', label: '不固定' }
          ]
        },
        {
          id: 'workDays',
          type: 'number',
          title: '每周工作几天？',
          integer: true,
          min: 1,
          max: 7,
          unit: '天',
          showIf: { op: 'in', question: 'group', values: ['rider', 'courier', 'driver'] }
        }
      ]
    },
    {
      id: 'needs',
      title: '需求',
      questions: [
        {
          id: 'needs',
          type: 'multi',
          title: '您最需要哪些帮助？',
          description: '最多选3项',
          required: true,
          maxSelect: 3,
          options: [
            { value: 'legal', label: '法律咨询', tags: ['need:LEGAL'] },
            { value: 'health', label: '健康义诊', tags: ['need:HEALTH'] },
            { value: 'childcare', label: '照看子女', tags: ['need:CHILDCARE'] },
            { value: 'skills', label: '技能提升', tags: ['need:SKILLS'] },
            { value: 'jobs', label: '就业创业', tags: ['need:JOBS'] },
            { value: 'charging', label: '手机和电动车充电', tags: ['need:BASIC_CHARGING'] },
            { value: 'meal', label: '饮水热饭', tags: ['need:BASIC_MEAL'] },
            { value: 'rest', label: '歇脚休息', tags: ['need:BASIC_REST'] },
            { value: 'social', label: '交友和文体活动', tags: ['need:SOCIAL'] },
            { value: 'none', label: '暂时都不需要', exclusive: true }
          ]
        },
        {
          id: 'legalTopic',
          type: 'single',
          title: '法律方面主要是哪类问题？',
          showIf: { op: 'has', question: 'needs', value: 'legal' },
          options: [
            { value: 'labor', label: '劳动纠纷、欠薪', tags: ['need:LEGAL_LABOR'] },
            { value: 'traffic', label: '交通事故', tags: ['need:LEGAL_TRAFFIC'] },
            { value: 'family', label: '婚姻家事', tags: ['need:LEGAL_FAMILY'] },
            { value: 'other', label: '其他' }
          ]
        },
        {
          id: 'skillTopics',
          type: 'multi',
          title: '想学哪方面的技能？',
          showIf: { op: 'has', question: 'needs', value: 'skills' },
          options: [
            { value: 'cert', label: '考职业技能证书', tags: ['need:SKILLS_CERT'] },
            { value: 'digital', label: '电脑和手机办公', tags: ['need:SKILLS_DIGITAL'] },
            { value: 'safety', label: '安全驾驶', tags: ['need:SKILLS_SAFETY'] }
          ]
        },
        { id: 'otherNeed', type: 'textarea', title: '还有什么需求想告诉我们？', maxLength: 200, tags: ['need:NEED_OTHER'] },
        { id: 'freeTime', type: 'multi', title: '一般什么时候有空参加活动？', required: true, options: TIMES },
        { id: 'satisfaction', type: 'rating', title: '您对服务中心现在的服务满意吗？', scale: '1-5', lowLabel: '不满意', highLabel: '很满意' },
        {
          id: 'wantContact',
          type: 'single',
          title: '愿意留下联系方式，方便我们回访吗？',
          required: true,
          options: [
            { value: 'yes', label: '愿意' },
            { value: 'no', label: '不用了' }
          ]
        }
      ],
      jumps: [{ when: { op: 'eq', question: 'wantContact', value: 'no' }, to: 'end' }]
    },
    {
      id: 'contact',
      title: '联系方式',
      questions: [
        consent('contactConsent', '您的称呼和手机号仅用于友邻空间回访和服务对接，加密保存，不对外提供，调查结束一年后删除。'),
        { id: 'name', type: 'text', title: '怎么称呼您？', pii: 'name', consent: 'contactConsent', maxLength: 20 },
        { id: 'phone', type: 'text', title: '手机号', format: 'mobile', pii: 'phone', required: true, consent: 'contactConsent' },
        { id: 'street', type: 'region', title: '常在哪个街道跑单或居住？', levels: 4 }
      ]
    }
  ],
  settings: {
    limit: 'onePerPerson',
    channels: ['self', 'proxy'],
    groupQuestion: 'group',
    quotas: [{ id: 'total', label: '本期调查', limit: 5000 }]
  }
}

/** 资源征集: what enterprises, 社会组织, merchants and volunteers can offer the centre. */
export const RESOURCES_SURVEY_INPUT = {
  title: '爱心资源征集',
  intro: '欢迎辖区企业、社会组织、商户和志愿者登记可以提供的场地、人员和物资，服务中心会与您联系对接。',
  thanks: '感谢您的支持！服务中心工作人员会在一周内与您联系，确认对接方式。',
  pages: [
    {
      id: 'who',
      title: '单位信息',
      questions: [
        {
          id: 'orgKind',
          type: 'single',
          title: '您代表的是',
          required: true,
          options: [
            { value: 'enterprise', label: '企业' },
            { value: 'ngo', label: '社会组织' },
            { value: 'merchant', label: '商户' },
            { value: 'volunteer', label: '个人志愿者' }
          ]
        },
        { id: 'orgName', type: 'text', title: '单位或商户名称', required: true, maxLength: 40, showIf: { op: 'neq', question: 'orgKind', value: 'volunteer' } }
      ]
    },
    {
      id: 'offer',
      title: '可以提供',
      questions: [
        {
          id: 'offers',
          type: 'multi',
          title: '可以提供哪些资源？',
          required: true,
          options: [
            { value: 'room', label: '活动室、会议室', tags: ['resource:VENUE_ROOM'] },
            { value: 'classroom', label: '培训教室', tags: ['resource:VENUE_CLASSROOM'] },
            { value: 'lawyer', label: '律师咨询时间', tags: ['resource:PROFESSIONAL_LAWYER'] },
            { value: 'doctor', label: '义诊医生', tags: ['resource:PROFESSIONAL_DOCTOR'] },
            { value: 'counselor', label: '心理咨询师', tags: ['resource:PROFESSIONAL_COUNSELOR'] },
            { value: 'trainer', label: '技能培训讲师', tags: ['resource:PROFESSIONAL_TRAINER'] },
            { value: 'charging', label: '充电点', tags: ['resource:STATION_CHARGING'] },
            { value: 'water', label: '饮水热饭点', tags: ['resource:STATION_WATER', 'resource:STATION_MEAL'] },
            { value: 'rest', label: '歇脚点', tags: ['resource:STATION_REST'] },
            { value: 'jobs', label: '就业岗位', tags: ['resource:JOB_OFFER'] },
            { value: 'goods', label: '物资捐赠', tags: ['resource:GOODS'] },
            { value: 'volunteers', label: '活动志愿者', tags: ['resource:VOLUNTEER_GENERAL'] }
          ]
        },
        { id: 'hoursPerMonth', type: 'number', title: '每月大约能提供多少小时？', integer: true, min: 0, max: 720, unit: '小时' },
        { id: 'when', type: 'multi', title: '什么时间方便？', options: TIMES },
        { id: 'otherOffer', type: 'textarea', title: '其他可以提供的资源', maxLength: 200, tags: ['resource:RESOURCE_OTHER'] }
      ]
    },
    {
      id: 'contact',
      title: '联系人',
      questions: [
        consent('contactConsent', '联系人姓名和手机号仅用于服务中心与您对接资源，加密保存，不对外提供。'),
        { id: 'contactName', type: 'text', title: '联系人', pii: 'name', required: true, consent: 'contactConsent', maxLength: 20 },
        { id: 'contactPhone', type: 'text', title: '联系电话', format: 'mobile', pii: 'phone', required: true, consent: 'contactConsent' }
      ]
    }
  ],
  settings: { limit: 'unlimited', channels: ['self', 'proxy'] }
}

/** 兰州老街's own short survey: another centre's data, which 友邻空间's organizer must not see. */
export const FEEDBACK_SURVEY_INPUT = {
  title: '老街暖心驿站使用反馈',
  pages: [
    {
      id: 'p1',
      questions: [
        {
          id: 'group',
          type: 'single',
          title: '您的身份',
          required: true,
          options: USER_GROUPS.map((group) => ({ value: group, label: USER_GROUP_LABELS[group] }))
        },
        {
          id: 'uses',
          type: 'multi',
          title: '您在驿站用过哪些服务？',
          required: true,
          options: [
            { value: 'charging', label: '充电', tags: ['need:BASIC_CHARGING'] },
            { value: 'water', label: '喝水热饭', tags: ['need:BASIC_MEAL'] },
            { value: 'rest', label: '歇脚', tags: ['need:BASIC_REST'] }
          ]
        },
        { id: 'rating', type: 'rating', title: '整体打几分？', scale: '0-10', required: true }
      ]
    }
  ],
  settings: { limit: 'onePerPerson', channels: ['self'], groupQuestion: 'group' }
}

export function demoDefinition(input: unknown): SurveyDefinition {
  const checked = checkDefinition(input)
  if (!checked.ok) throw new Error(`demo questionnaire is invalid: ${checked.message} (${checked.field ?? ''})`)
  return checked.value
}

export const NEEDS_SURVEY_ID = 'survey-needs-2025'
export const RESOURCES_SURVEY_ID = 'survey-resources-2025'
export const FEEDBACK_SURVEY_ID = 'survey-laojie-feedback'

/** The organizer who entered the demo's visit responses, as they signed the verbal consent. */
const ENTERED_BY = { openid: 'demo-organizer', name: '小马' }

interface StoredSurvey {
  survey: SurveyDoc
  version: SurveyVersionDoc
  responses: ResponseDoc[]
  entries: EntryDoc[]
}

export interface StoredResponses {
  responses: ResponseDoc[]
  entries: EntryDoc[]
  /** What the responses took of each quota of the definition. */
  quotaCounts: Record<string, number>
}

/**
 * Generated responses to version 1 of a survey, stored as `submit` would store each: validated, sealed, counted
 * toward its quotas, its draft list entries filed. (The benchmark stores its 100,000 this way, a batch at a time.)
 */
export function storedResponses(keys: DataKeys, survey: { _id: string; venueId: string; definition: SurveyDefinition }, generated: readonly GeneratedResponse[]): StoredResponses {
  const { _id, venueId, definition } = survey
  const quotaCounts: Record<string, number> = Object.fromEntries((definition.settings.quotas ?? []).map((quota) => [quota.id, 0]))
  const responses: ResponseDoc[] = []
  const entries: EntryDoc[] = []
  for (const g of generated) {
    const checked = validateAnswers(definition, g.answers, { now: g.at })
    if (!checked.ok) throw new Error(`generated answers of ${g.respondent} are invalid: ${checked.message} (${checked.field ?? ''})`)
    const { answers } = checked.value
    const phoneHash = g.channel === 'proxy' ? respondentPhoneHash(keys, _id, g.phone) : undefined
    const responseId = responseIdFor(_id, definition.settings.limit, { channel: g.channel, openid: g.respondent, phoneHash, clientId: g.clientId })
    if (responseId === undefined) throw new Error(`generated response of ${g.respondent} has no identity`)
    const quotas = quotasFor(definition, answers).map((quota) => quota.id)
    for (const id of quotas) quotaCounts[id] += 1
    const response = responseRecord({
      keys,
      responseId,
      survey: { _id, venueId },
      version: 1,
      definition,
      answers,
      channel: g.channel,
      ...(g.channel === 'self' ? { openid: g.respondent } : {}),
      ...(g.channel === 'proxy'
        ? {
            proxy: {
              enteredBy: ENTERED_BY,
              visit: visitRecord(
                { visitPlace: g.visitPlace ?? '服务中心门口', visitAt: g.at, verbalConsent: true, entererName: ENTERED_BY.name },
                g.at
              ),
              ...(phoneHash === undefined ? {} : { phoneHash })
            }
          }
        : {}),
      clientId: g.clientId,
      group: respondentGroup(definition, answers, g.profileGroup),
      quotas,
      now: g.at
    })
    responses.push(response)
    entries.push(...entryRecords(response, definition, g.at))
  }
  return { responses, entries, quotaCounts }
}

/** A published survey (version 1) as the builder leaves it, with the counts of its stored responses. */
export function publishedSurveyDoc(
  base: { _id: string; venueId: string; definition: SurveyDefinition; publishedAt: number },
  counted: { responses: number; quotaCounts: Record<string, number>; lastAt: number }
): { survey: SurveyDoc; version: SurveyVersionDoc } {
  const { _id, venueId, definition, publishedAt } = base
  return {
    survey: {
      _id,
      venueId,
      status: 'published',
      version: 1,
      title: definition.title,
      definition,
      quotaCounts: counted.quotaCounts,
      responses: counted.responses,
      publishedAt,
      createdBy: 'demo-organizer',
      createdAt: publishedAt - DAY_MS,
      updatedAt: Math.max(publishedAt, counted.lastAt)
    },
    version: { _id: surveyVersionIdFor(_id, 1), surveyId: _id, version: 1, definition, publishedAt }
  }
}

function storedSurvey(
  keys: DataKeys,
  base: { _id: string; venueId: string; definition: SurveyDefinition; publishedAt: number },
  generated: readonly GeneratedResponse[]
): StoredSurvey {
  const { responses, entries, quotaCounts } = storedResponses(keys, base, generated)
  const lastAt = Math.max(0, ...responses.map((r) => r.createdAt))
  return { ...publishedSurveyDoc(base, { responses: responses.length, quotaCounts, lastAt }), responses, entries }
}

/**
 * Approves the draft entries of one code into the centre's list item, as reviewDecide does: the entries point at the
 * item, the item counts them.
 */
function approve(entries: EntryDoc[], venueId: string, list: EntryList, code: string, title: string, at: number): ListItemDoc {
  const item = newListItem(venueId, list, code, title, 'demo-organizer', at)
  for (const entry of entries) {
    if (entry.venueId !== venueId || entry.list !== list || entry.code !== code || entry.status !== 'draft') continue
    Object.assign(entry, { status: 'approved', itemId: item._id, counted: true, decidedBy: 'demo-organizer', decidedAt: at, updatedAt: at })
    item.demand += 1
    item.byGroup[entry.group] += 1
    item.byChannel[entry.channel] += 1
  }
  return item
}

/** Every survey document of the demo, by collection, sealed with `keys` and timed relative to `now`. */
export function demoSurveyData(now: number, keys: DataKeys): Record<string, object[]> {
  const opened = now - 21 * DAY_MS
  const needs = storedSurvey(
    keys,
    { _id: NEEDS_SURVEY_ID, venueId: 'venue-youlin', definition: demoDefinition(NEEDS_SURVEY_INPUT), publishedAt: opened },
    needsAnswers(random(20250520), { count: 320, proxyShare: 0.25, from: opened, to: now - HOUR_MS })
  )
  const resources = storedSurvey(
    keys,
    { _id: RESOURCES_SURVEY_ID, venueId: 'venue-youlin', definition: demoDefinition(RESOURCES_SURVEY_INPUT), publishedAt: opened },
    resourceAnswers(random(20250601), { count: 48, proxyShare: 0.4, from: opened, to: now - HOUR_MS })
  )
  const feedback = storedSurvey(
    keys,
    { _id: FEEDBACK_SURVEY_ID, venueId: 'venue-laojie', definition: demoDefinition(FEEDBACK_SURVEY_INPUT), publishedAt: now - 10 * DAY_MS },
    feedbackAnswers(random(20250610), { count: 36, from: now - 10 * DAY_MS, to: now - HOUR_MS })
  )
  const all = [needs, resources, feedback]
  const entries = all.flatMap((s) => s.entries)
  const reviewed = now - 2 * DAY_MS
  const items = [
    approve(entries, 'venue-youlin', 'need', 'LEGAL', '夜间法律咨询', reviewed),
    approve(entries, 'venue-youlin', 'need', 'BASIC_CHARGING', '电动车和手机充电', reviewed),
    approve(entries, 'venue-youlin', 'resource', 'PROFESSIONAL_LAWYER', '律师志愿咨询', reviewed)
  ].filter((item) => item.demand > 0)
  return {
    surveys: all.map((s) => s.survey),
    surveyVersions: all.map((s) => s.version),
    responses: all.flatMap((s) => s.responses),
    listEntries: entries,
    listItems: items
  }
}
