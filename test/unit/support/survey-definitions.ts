/**
 * Questionnaire definitions for the survey unit tests: the 新就业群体需求调查 the demo will ship (group, hours, needs
 * with tags, a show-if branch, a jump to the end, contact details behind a consent), and a builder for one-question
 * definitions to exercise each type alone.
 */
import { checkDefinition, type SurveyDefinition } from '@core/survey'

type Json = Record<string, unknown>

/** A definition as JSON input, loosely typed so tests can break it in any way. */
export interface DefinitionInput {
  title: string
  intro?: string
  thanks?: string
  pages: { id: string; title?: string; questions: Json[]; jumps?: { when: Json; to: string }[] }[]
  settings: { limit: string; channels: string[]; groupQuestion?: string; openAt?: number; closeAt?: number; quotas: Json[] }
}

/** The options of a choice question in an input. */
export const optionsOf = (question: Json) => question.options as { value: string; label: string }[]

/** The input as an organizer writes it (defaults left out). */
export const needsSurveyInput: DefinitionInput = {
  title: '新就业群体需求调查',
  intro: '花3分钟告诉我们你的需要，我们据此安排服务。',
  thanks: '感谢填写！我们会在两周内整理需求清单，并在“服务”页公布对接进展。',
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
          options: [
            { value: 'rider', label: '外卖骑手' },
            { value: 'courier', label: '快递员' },
            { value: 'driver', label: '网约车司机' },
            { value: 'resident', label: '居民' },
            { value: 'other', label: '其他' }
          ]
        },
        {
          id: 'hours',
          type: 'single',
          title: '您通常几点收工？',
          showIf: { op: 'in', question: 'group', values: ['rider', 'courier', 'driver'] },
          options: [
            { value: 'before18', label: '18点前' },
            { value: 'before21', label: '18–21点' },
            { value: 'late', label: '21点以后' }
          ]
        },
        { id: 'age', type: 'number', title: '您的年龄', integer: true, min: 16, max: 80, unit: '岁' }
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
          required: true,
          maxSelect: 3,
          options: [
            { value: 'legal', label: '法律咨询', tags: ['need:LEGAL'] },
            { value: 'health', label: '健康义诊', tags: ['need:HEALTH'] },
            { value: 'childcare', label: '照看子女', tags: ['need:CHILDCARE'] },
            { value: 'skills', label: '技能提升', tags: ['need:SKILLS'] },
            { value: 'charging', label: '充电歇脚', tags: ['need:BASIC_CHARGING', 'need:BASIC_REST'] },
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
            { value: 'other', label: '其他' }
          ]
        },
        { id: 'otherNeed', type: 'textarea', title: '还有什么想说的需求？', maxLength: 200, tags: ['need:NEED_OTHER'] },
        { id: 'satisfaction', type: 'rating', title: '您对现在的服务满意吗？', scale: '1-5' },
        {
          id: 'wantContact',
          type: 'single',
          title: '愿意留下联系方式方便回访吗？',
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
        {
          id: 'contactConsent',
          type: 'consent',
          title: '个人信息使用同意',
          statement: '您的姓名、手机号和位置仅用于本中心回访和服务对接，加密保存，一年后删除。',
          required: false
        },
        { id: 'name', type: 'text', title: '您的称呼', pii: 'name', consent: 'contactConsent' },
        { id: 'phone', type: 'text', title: '手机号', format: 'mobile', pii: 'phone', required: true, consent: 'contactConsent' },
        { id: 'street', type: 'region', title: '常驻街道' },
        { id: 'spot', type: 'location', title: '常在哪里歇脚？', pii: 'location', consent: 'contactConsent' }
      ]
    }
  ],
  settings: {
    limit: 'onePerPerson',
    channels: ['self', 'proxy'],
    groupQuestion: 'group',
    quotas: [
      { id: 'total', label: '总名额', limit: 500 },
      { id: 'riders', label: '骑手', limit: 200, when: { op: 'eq', question: 'group', value: 'rider' } }
    ]
  }
}

export function definition(input: unknown): SurveyDefinition {
  const checked = checkDefinition(input)
  if (!checked.ok) throw new Error(`invalid test definition: ${checked.message} (${checked.field ?? ''})`)
  return checked.value
}

export const needsSurvey = definition(needsSurveyInput)

/** A one-page definition around `question` (and `before`, e.g. the consent it names). */
export const around = (question: Record<string, unknown>, before: Record<string, unknown>[] = []) => ({
  title: '测试问卷',
  pages: [{ id: 'p1', questions: [...before, question] }],
  settings: { limit: 'unlimited', channels: ['self'] }
})

export const consentQuestion = { id: 'ok', type: 'consent', title: '同意', statement: '仅用于测试。' }
