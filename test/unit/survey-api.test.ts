import {
  answersSchema,
  getSurveySchema,
  proxyEntrySchema,
  reviewDecideSchema,
  saveDraftSchema,
  saveSurveySchema,
  submitSurveySchema,
  surveyResponsesSchema,
  unmaskSchema
} from '@core/api/survey'
import { validate } from '@core/schema'
import { atWallClock } from '@core/time'
import { needsSurvey, needsSurveyInput } from './support/survey-definitions'

const fails = (result: ReturnType<typeof validate>) => (result.ok ? undefined : { message: result.message, field: result.field })

const proxy = {
  visitPlace: '兰州老街商圈',
  visitAt: atWallClock('2025-05-19', '15:30'),
  verbalConsent: true,
  entererName: '小马',
  respondentPhone: '138 1234 5678'
}

describe('survey API input schemas', () => {
  it('get, saveDraft and submit carry the ⚑ fields', () => {
    expect(validate(getSurveySchema, { surveyId: 'needs-2025' })).toEqual({ ok: true, value: { surveyId: 'needs-2025' } })
    const draft = { surveyId: 'needs-2025', answers: { group: 'rider', note: null }, clientId: 'c-2025-0520-abcdef' }
    expect(validate(saveDraftSchema, draft)).toEqual({ ok: true, value: { ...draft, answers: { group: 'rider' } } })
    expect(fails(validate(submitSurveySchema, { ...draft, clientId: 'short' }))).toEqual({ message: '提交编号格式不正确', field: 'clientId' })
    expect(fails(validate(submitSurveySchema, { ...draft, answers: ['rider'] }))).toEqual({ message: '答案格式不正确', field: 'answers' })
    expect(fails(validate(submitSurveySchema, { surveyId: 'a b', answers: {}, clientId: 'c-2025-0520-abcdef' }))).toEqual({ message: '问卷不正确', field: 'surveyId' })
    expect(fails(validate(answersSchema, 'x'))).toEqual({ message: '答案格式不正确', field: undefined })
    expect(validate(submitSurveySchema, { ...draft, version: 2 }).ok).toBe(true)
    expect(fails(validate(saveDraftSchema, { ...draft, version: 0 }))).toEqual({ message: '问卷版本不能小于1', field: 'version' })
  })

  it('a visit entry records place, time, verbal consent with the enterer’s name, and the respondent’s phone', () => {
    const submit = { surveyId: 'needs-2025', answers: {}, clientId: 'c-2025-0520-abcdef', proxy }
    expect(validate(submitSurveySchema, submit).ok).toBe(true)
    expect(fails(validate(proxyEntrySchema, { ...proxy, verbalConsent: false }))).toEqual({ message: '请先向受访者说明并取得口头同意', field: 'verbalConsent' })
    expect(fails(validate(proxyEntrySchema, { ...proxy, verbalConsent: undefined }))).toEqual({ message: '请先向受访者说明并取得口头同意', field: 'verbalConsent' })
    expect(fails(validate(proxyEntrySchema, { ...proxy, entererName: '' }))).toEqual({ message: '请填写走访信息的录入人姓名', field: 'entererName' })
    expect(fails(validate(proxyEntrySchema, { ...proxy, respondentPhone: '12345' }))).toEqual({ message: '受访者手机号格式不正确', field: 'respondentPhone' })
    expect(fails(validate(proxyEntrySchema, { ...proxy, location: { lat: 100, lng: 103 } }))).toEqual({
      message: '走访信息的走访位置的纬度不能大于90',
      field: 'location.lat'
    })
  })

  it('save takes a full definition and reports its problems under definition.', () => {
    expect(validate(saveSurveySchema, { venueId: 'venue-youlin', definition: needsSurveyInput })).toEqual({
      ok: true,
      value: { venueId: 'venue-youlin', definition: needsSurvey }
    })
    const broken = { ...needsSurveyInput, pages: [{ ...needsSurveyInput.pages[0], questions: [{ id: 'q', type: 'text', title: '' }] }] }
    expect(fails(validate(saveSurveySchema, { venueId: 'venue-youlin', definition: broken }))).toEqual({
      message: '请填写问卷的页面第1项的题目第1项的标题',
      field: 'definition.pages.0.questions.0.title'
    })
    const structural = { ...needsSurveyInput, settings: { ...needsSurveyInput.settings, groupQuestion: 'nope' } }
    expect(fails(validate(saveSurveySchema, { venueId: 'venue-youlin', definition: structural }))).toEqual({
      message: '身份题 nope 不存在或不是单选题',
      field: 'definition.settings.groupQuestion'
    })
  })

  it('responses are paged', () => {
    expect(fails(validate(surveyResponsesSchema, { surveyId: 's', limit: 500 }))?.field).toBe('limit')
    expect(validate(surveyResponsesSchema, { surveyId: 's', channel: 'proxy', offset: 100, limit: 50 }).ok).toBe(true)
  })

  it('reviewDecide asks for what each decision needs, and nothing else', () => {
    const base = { venueId: 'venue-youlin', list: 'need', code: 'LEGAL' }
    expect(validate(reviewDecideSchema, { ...base, decision: 'approve', title: '夜间法律咨询' }).ok).toBe(true)
    expect(validate(reviewDecideSchema, { ...base, decision: 'reject', reason: '重复' }).ok).toBe(true)
    expect(validate(reviewDecideSchema, { ...base, decision: 'recode', toCode: 'LEGAL_LABOR' }).ok).toBe(true)
    expect(fails(validate(reviewDecideSchema, { ...base, decision: 'recode' }))).toEqual({ message: '请选择新的分类', field: 'toCode' })
    expect(fails(validate(reviewDecideSchema, { ...base, decision: 'recode', toCode: 'VENUE' }))).toEqual({ message: '只能改成需求类的分类', field: 'toCode' })
    expect(fails(validate(reviewDecideSchema, { ...base, decision: 'merge' }))).toEqual({ message: '请选择要合并到的清单条目', field: 'itemId' })
    expect(validate(reviewDecideSchema, { ...base, decision: 'merge', itemId: 'venue-youlin-need-LEGAL_LABOR' }).ok).toBe(true)
    expect(fails(validate(reviewDecideSchema, { ...base, decision: 'approve', toCode: 'LEGAL_LABOR' }))).toEqual({
      message: '这种处理方式不需要填写新分类',
      field: 'toCode'
    })
    expect(fails(validate(reviewDecideSchema, { ...base, decision: 'undo' }))?.field).toBe('decision')
  })

  it('unmask needs a reason (it is written to the audit log)', () => {
    expect(fails(validate(unmaskSchema, { responseId: 'sv1_u_a', questionId: 'phone', reason: '' }))).toEqual({ message: '查看原因至少2个字', field: 'reason' })
    expect(validate(unmaskSchema, { responseId: 'sv1_u_a', questionId: 'phone', reason: '回访核实' }).ok).toBe(true)
  })
})
