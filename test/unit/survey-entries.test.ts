import {
  acceptsChannel,
  availability,
  collectedPiiText,
  DEFAULT_THANKS,
  describeCondition,
  displayAnswer,
  draftEntries,
  entryIdFor,
  isQuotaFull,
  isSurveyFull,
  maskedAnswer,
  personalQuestions,
  quotaCounts,
  quotaFullMessage,
  quotasFor,
  respondentGroup,
  respondentPhoneMaterial,
  responseIdFor,
  separatePii,
  thanksFor,
  unavailableMessage,
  validateAnswers,
  versionAfterSave,
  type Answers,
  type Respondent,
  type SurveyDefinition
} from '@core/survey'
import { atWallClock } from '@core/time'
import { definition, needsSurvey, needsSurveyInput } from './support/survey-definitions'

const NOW = atWallClock('2025-05-20', '10:00')

const valid = (def: SurveyDefinition, input: Record<string, unknown>): Answers => {
  const checked = validateAnswers(def, input, { now: NOW })
  if (!checked.ok) throw new Error(checked.message)
  return checked.value.answers
}

const rider = valid(needsSurvey, {
  group: 'rider',
  hours: 'late',
  needs: ['legal', 'charging'],
  legalTopic: 'labor',
  otherNeed: '  夜里想找个地方热饭 ',
  wantContact: 'yes',
  contactConsent: true,
  name: '王小明',
  phone: '13812345678',
  street: ['甘肃省', '兰州市', '城关区', '酒泉路街道'],
  spot: { lat: 36.061051, lng: 103.832081 }
})

const respondent: Respondent = { responseId: 'sv1_u_demo-rider', surveyId: 'sv1', version: 2, venueId: 'venue-youlin', channel: 'self', group: 'rider' }

describe('personal answers are split off with their mask and dedupe material', () => {
  it('separates open and protected answers', () => {
    const { open, protected: sealed } = separatePii(needsSurvey, rider)
    expect(Object.keys(open)).toEqual(['group', 'hours', 'needs', 'legalTopic', 'otherNeed', 'wantContact', 'contactConsent', 'street'])
    expect(sealed).toEqual([
      { questionId: 'name', pii: 'name', sensitive: false, value: '王小明', masked: '王**' },
      { questionId: 'phone', pii: 'phone', sensitive: false, value: '13812345678', masked: '138****5678', hashMaterial: 'phone:13812345678' },
      { questionId: 'spot', pii: 'location', sensitive: true, value: { lat: 36.061051, lng: 103.832081 }, masked: '约 36.06, 103.83' }
    ])
  })

  it('says what a questionnaire collects, for the notice on its first screen', () => {
    expect(personalQuestions(needsSurvey).map((q) => q.id)).toEqual(['name', 'phone', 'spot'])
    expect(collectedPiiText(needsSurvey)).toBe('姓名、手机号、位置（行踪）')
  })

  it('hashes a visit entry’s phone exactly like a phone answer', () => {
    expect(respondentPhoneMaterial('+86 138-1234-5678')).toBe(separatePii(needsSurvey, rider).protected[1].hashMaterial)
    expect(respondentPhoneMaterial('12345')).toBeUndefined()
  })

  it('displays answers with labels, and masks only personal ones', () => {
    const q = (id: string) => needsSurvey.pages.flatMap((p) => p.questions).find((question) => question.id === id)!
    expect(displayAnswer(q('needs'), ['legal', 'charging'])).toBe('法律咨询、充电歇脚')
    expect(displayAnswer(q('needs'), ['legal', 'gone'])).toBe('法律咨询、gone')
    expect(displayAnswer(q('age'), 34)).toBe('34岁')
    expect(displayAnswer(q('satisfaction'), 4)).toBe('4分')
    expect(displayAnswer(q('street'), ['甘肃省', '兰州市', '城关区', '酒泉路街道'])).toBe('兰州市城关区酒泉路街道')
    expect(displayAnswer(q('contactConsent'), true)).toBe('已同意')
    expect(displayAnswer(q('group'), { lat: 1, lng: 2 })).toBe('1, 2')
    expect(maskedAnswer(q('phone'), '13812345678')).toBe('138****5678')
    expect(maskedAnswer(q('group'), 'rider')).toBe('外卖骑手')
  })
})

describe('conditions in words, for the builder', () => {
  it('names questions and options as the respondent sees them', () => {
    const say = (condition: Parameters<typeof describeCondition>[1]) => describeCondition(needsSurvey, condition)
    expect(say({ op: 'in', question: 'group', values: ['rider', 'courier'] })).toBe('“您的身份”为“外卖骑手”或“快递员”')
    expect(say({ op: 'has', question: 'needs', value: 'legal' })).toBe('“您最需要哪些帮助”选了“法律咨询”')
    expect(say({ op: 'eq', question: 'contactConsent', value: true })).toBe('“个人信息使用同意”为已同意')
    expect(
      say({
        op: 'all',
        of: [
          { op: 'gt', question: 'age', value: 30 },
          { op: 'any', of: [{ op: 'notHas', question: 'needs', value: 'none' }, { op: 'empty', question: 'otherNeed' }] }
        ]
      })
    ).toBe('“您的年龄”大于30，并且（“您最需要哪些帮助”没有选“暂时都不需要”，或者“还有什么想说的需求”未回答）')
    expect(say({ op: 'not', of: { op: 'answered', question: 'ghost' } })).toBe('并非ghost已回答')
    expect(say({ op: 'all', of: [] })).toBe('总是')
  })
})

describe('tags make draft list entries', () => {
  it('one entry per code per response, with every answer that led to it', () => {
    const entries = draftEntries(needsSurvey, rider, respondent)
    expect(entries.map((e) => `${e.list}:${e.code}`)).toEqual(['need:LEGAL', 'need:BASIC_CHARGING', 'need:BASIC_REST', 'need:LEGAL_LABOR', 'need:NEED_OTHER'])
    expect(entries[0]).toEqual({
      _id: 'sv1_u_demo-rider-need-LEGAL',
      ...respondent,
      list: 'need',
      code: 'LEGAL',
      sources: [{ questionId: 'needs', optionValue: 'legal', label: '法律咨询' }],
      status: 'draft'
    })
    expect(entries[4].sources).toEqual([{ questionId: 'otherNeed', label: '还有什么想说的需求？', text: '夜里想找个地方热饭' }])
    expect(entries[0]._id).toBe(entryIdFor(respondent.responseId, 'need', 'LEGAL'))
  })

  it('merges two options with the same code into one entry', () => {
    const def = definition({
      title: '资源征集',
      pages: [
        {
          id: 'p1',
          questions: [
            {
              id: 'offer',
              type: 'multi',
              title: '贵单位能提供什么？',
              options: [
                { value: 'room', label: '会议室', tags: ['resource:VENUE_ROOM'] },
                { value: 'hall', label: '活动大厅', tags: ['resource:VENUE_ROOM'] },
                { value: 'charge', label: '充电插座', tags: ['resource:STATION_CHARGING'] }
              ]
            }
          ]
        }
      ],
      settings: { limit: 'unlimited', channels: ['self', 'proxy'] }
    })
    const entries = draftEntries(def, { offer: ['room', 'hall'] }, { ...respondent, channel: 'proxy' })
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({ list: 'resource', code: 'VENUE_ROOM', channel: 'proxy' })
    expect(entries[0].sources.map((s) => s.optionValue)).toEqual(['room', 'hall'])
  })

  it('ignores hidden answers and carries no personal information', () => {
    const entries = draftEntries(needsSurvey, { ...rider, needs: ['health'] }, respondent)
    expect(entries.map((e) => e.code)).toEqual(['HEALTH', 'NEED_OTHER'])
    expect(JSON.stringify(draftEntries(needsSurvey, rider, respondent))).not.toMatch(/13812345678|王小明/)
  })

  it('no tags, no entries', () => {
    expect(draftEntries(needsSurvey, valid(needsSurvey, { group: 'resident', needs: ['none'], wantContact: 'no' }), respondent)).toEqual([])
  })
})

describe('respondent group', () => {
  it('comes from the group question, else the profile, else unknown', () => {
    expect(respondentGroup(needsSurvey, { group: 'courier' }, 'rider')).toBe('courier')
    expect(respondentGroup(needsSurvey, {}, 'driver')).toBe('driver')
    expect(respondentGroup(needsSurvey, { group: 'pilot' }, '')).toBe('unknown')
    const noQuestion = definition({ ...needsSurveyInput, settings: { ...needsSurveyInput.settings, groupQuestion: undefined } })
    expect(respondentGroup(noQuestion, { group: 'courier' }, 'resident')).toBe('resident')
  })
})

describe('quotas', () => {
  it('a response counts toward the overall quota and the conditions it meets', () => {
    expect(quotasFor(needsSurvey, rider).map((q) => q.id)).toEqual(['total', 'riders'])
    expect(quotasFor(needsSurvey, { ...rider, group: 'courier' }).map((q) => q.id)).toEqual(['total'])
  })

  it('conditions see only visible answers', () => {
    const def = definition({
      ...needsSurveyInput,
      settings: { ...needsSurveyInput.settings, quotas: [{ id: 'late', label: '夜班', limit: 10, when: { op: 'eq', question: 'hours', value: 'late' } }] }
    })
    expect(quotasFor(def, { ...rider, hours: 'late' }).map((q) => q.id)).toEqual(['late'])
    expect(quotasFor(def, { ...rider, group: 'resident', hours: 'late' })).toEqual([])
  })

  it('counters exist for every quota of the version, keeping the counts of those that survive', () => {
    expect(quotaCounts(needsSurvey)).toEqual({ total: 0, riders: 0 })
    expect(quotaCounts(needsSurvey, { total: 41, removed: 3, riders: -2 })).toEqual({ total: 41, riders: 0 })
  })

  it('full when the count reaches the limit; the survey is full only by an unconditional quota', () => {
    const [total, riders] = needsSurvey.settings.quotas!
    expect(isQuotaFull(riders, { riders: 199 })).toBe(false)
    expect(isQuotaFull(riders, { riders: 200 })).toBe(true)
    expect(isQuotaFull(total, {})).toBe(false)
    expect(isSurveyFull(needsSurvey, { riders: 200, total: 10 })).toBe(false)
    expect(isSurveyFull(needsSurvey, { riders: 0, total: 500 })).toBe(true)
    expect(quotaFullMessage(riders)).toBe('“骑手”的名额已满，感谢您的关注')
  })
})

describe('survey lifecycle rules', () => {
  const survey = (status: 'draft' | 'published' | 'closed', settings: Record<string, unknown> = {}, counts: Record<string, number> = {}) => ({
    status,
    definition: { ...needsSurvey, settings: { ...needsSurvey.settings, ...settings } },
    quotaCounts: counts
  })

  it('availability follows status, window and the overall quota', () => {
    const openAt = atWallClock('2025-05-21', '09:00')
    const closeAt = atWallClock('2025-06-01', '00:00')
    expect(availability(survey('draft'), NOW)).toBe('draft')
    expect(availability(survey('closed'), NOW)).toBe('closed')
    expect(availability(survey('published'), NOW)).toBe('open')
    expect(availability(survey('published', { openAt, closeAt }), NOW)).toBe('upcoming')
    expect(availability(survey('published', { openAt, closeAt }), openAt)).toBe('open')
    expect(availability(survey('published', { openAt, closeAt }), closeAt)).toBe('closed')
    expect(availability(survey('published', {}, { total: 500 }), NOW)).toBe('full')
    expect(unavailableMessage('upcoming', survey('published', { openAt }).definition)).toBe('问卷将于5月21日 周三 09:00开始')
    expect(unavailableMessage('closed', needsSurvey)).toBe('问卷已结束，感谢您的关注')
  })

  it('thanks: the questionnaire’s own words, or a default that says what happens next', () => {
    expect(thanksFor(needsSurvey)).toBe(needsSurveyInput.thanks)
    expect(thanksFor({ ...needsSurvey, thanks: undefined })).toBe(DEFAULT_THANKS)
  })

  it('channels are per survey', () => {
    expect(acceptsChannel(needsSurvey, 'proxy')).toBe(true)
    expect(acceptsChannel({ ...needsSurvey, settings: { ...needsSurvey.settings, channels: ['self'] } }, 'proxy')).toBe(false)
  })

  it('response ids: one per person, by openid for self and phone hash for visits; by clientId when unlimited', () => {
    expect(responseIdFor('sv1', 'onePerPerson', { channel: 'self', openid: 'demo-rider', clientId: 'c-12345678' })).toBe('sv1_u_demo-rider')
    expect(responseIdFor('sv1', 'onePerPerson', { channel: 'proxy', openid: 'demo-organizer', phoneHash: 'ab'.repeat(32), clientId: 'c-1' })).toBe(
      `sv1_p_${'ab'.repeat(20)}`
    )
    expect(responseIdFor('sv1', 'onePerPerson', { channel: 'proxy', clientId: 'c-1' })).toBeUndefined()
    expect(responseIdFor('sv1', 'onePerPerson', { channel: 'self', clientId: 'c-1' })).toBeUndefined()
    expect(responseIdFor('sv1', 'unlimited', { channel: 'self', openid: 'demo-rider', clientId: 'c-12345678' })).toBe('sv1_c_c-12345678')
  })

  it('editing a published or closed survey makes a new version; a draft is edited in place', () => {
    expect(versionAfterSave('draft', 1)).toEqual({ version: 1, isNew: false })
    expect(versionAfterSave('published', 1)).toEqual({ version: 2, isNew: true })
    expect(versionAfterSave('closed', 3)).toEqual({ version: 4, isNew: true })
  })
})
