import {
  headerRow,
  questionCatalog,
  resultColumns,
  rowFor,
  validateAnswers,
  versionConflicts,
  type ResponseRow,
  type SurveyVersion
} from '@core/survey'
import { atWallClock } from '@core/time'
import { definition, needsSurveyInput, optionsOf, type DefinitionInput } from './support/survey-definitions'

const NOW = atWallClock('2025-05-20', '10:00')
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T

/** Version 2: age removed, 照看子女 removed, 就业创业 added, a label reworded, a new question in the middle. */
function secondInput(): DefinitionInput {
  const input = clone(needsSurveyInput)
  input.pages[0].questions = input.pages[0].questions.filter((q) => q.id !== 'age')
  optionsOf(input.pages[0].questions[0])[0].label = '外卖骑手（含众包）'
  const needs = input.pages[1].questions[0]
  needs.options = [...optionsOf(needs).filter((o) => o.value !== 'childcare'), { value: 'jobs', label: '就业创业', tags: ['need:JOBS'] }]
  input.pages[1].questions.splice(1, 0, {
    id: 'freeTime',
    type: 'multi',
    title: '什么时候有空？',
    options: [
      { value: 'noon', label: '午间' },
      { value: 'night', label: '晚上' }
    ]
  })
  return input
}

const v1: SurveyVersion = { version: 1, definition: definition(needsSurveyInput) }
const v2: SurveyVersion = { version: 2, definition: definition(secondInput()) }

describe('question catalog across versions', () => {
  it('keeps every question and option any version had, in first-appearance order, latest wording', () => {
    const catalog = questionCatalog([v2, v1])
    expect(catalog.map((q) => q.id)).toEqual([
      'group', 'hours', 'age', 'needs', 'legalTopic', 'otherNeed', 'satisfaction', 'wantContact',
      'contactConsent', 'name', 'phone', 'street', 'spot', 'freeTime'
    ])
    const age = catalog.find((q) => q.id === 'age')!
    expect(age).toMatchObject({ removed: true, versions: [1] })
    const needs = catalog.find((q) => q.id === 'needs')!
    expect(needs.versions).toEqual([1, 2])
    expect(needs.options.map((o) => [o.value, o.removed])).toEqual([
      ['legal', false], ['health', false], ['childcare', true], ['skills', false], ['charging', false], ['none', false], ['jobs', false]
    ])
    expect(catalog[0].options[0].label).toBe('外卖骑手（含众包）')
  })
})

describe('result columns', () => {
  it('meta columns first, then a column per question and a 0/1 column per multi option', () => {
    const headers = headerRow(resultColumns([v1, v2]))
    expect(headers.slice(0, 8)).toEqual(['编号', '问卷版本', '填写方式', '身份', '提交时间', '录入人', '走访地点', '走访时间'])
    expect(headers).toContain('您的年龄（已删除）')
    expect(headers).toContain('您最需要哪些帮助？：照看子女（已删除）')
    expect(headers).toContain('您最需要哪些帮助？：就业创业')
    expect(headers.slice(-2)).toEqual(['什么时候有空？：午间', '什么时候有空？：晚上'])
    const keys = resultColumns([v1, v2]).map((c) => c.key)
    expect(new Set(keys).size).toBe(keys.length)
  })

  it('never shift: a later version only adds columns at the end', () => {
    const before = resultColumns([v1]).map((c) => c.key)
    const after = resultColumns([v1, v2]).map((c) => c.key)
    expect(after.slice(0, before.length)).toEqual(before)
    expect(after.slice(before.length)).toEqual(['q:needs:jobs', 'q:freeTime:noon', 'q:freeTime:night'])
  })

  it('a personal multi-choice question has one masked column instead of option columns', () => {
    const input = clone(needsSurveyInput)
    input.pages[2].questions.push({
      id: 'chronic',
      type: 'multi',
      title: '慢性病',
      pii: 'health',
      consent: 'contactConsent',
      options: [
        { value: 'bp', label: '高血压' },
        { value: 'back', label: '腰肌劳损' }
      ]
    })
    const columns = resultColumns([{ version: 1, definition: definition(input) }])
    expect(columns.filter((c) => c.key.startsWith('q:chronic'))).toMatchObject([{ kind: 'answer', key: 'q:chronic' }])
  })
})

describe('rowFor', () => {
  const columns = resultColumns([v1, v2])
  const cell = (row: (string | number | null)[], key: string) => row[columns.findIndex((c) => c.key === key)]
  const answers = (def: SurveyVersion, input: Record<string, unknown>) => {
    const checked = validateAnswers(def.definition, input, { now: NOW })
    if (!checked.ok) throw new Error(checked.message)
    return checked.value.answers
  }

  const old: ResponseRow = {
    _id: 'sv1_u_a',
    version: 1,
    channel: 'self',
    group: 'rider',
    submittedAt: atWallClock('2025-05-02', '21:40'),
    answers: answers(v1, { group: 'rider', age: 34, needs: ['childcare', 'legal'], wantContact: 'yes', contactConsent: true, phone: '13812345678' })
  }
  const visit: ResponseRow = {
    _id: 'sv1_p_b',
    version: 2,
    channel: 'proxy',
    group: 'courier',
    submittedAt: atWallClock('2025-05-20', '10:00'),
    answers: answers(v2, { group: 'courier', needs: ['jobs'], freeTime: ['night'], wantContact: 'no' }),
    enteredBy: '小马',
    visit: { place: '兰州老街商圈', at: atWallClock('2025-05-19', '15:30') }
  }

  it('puts each answer in its question’s column, whatever the version', () => {
    const a = rowFor(columns, old)
    expect(a.slice(0, 8)).toEqual(['sv1_u_a', 1, '本人填写', '外卖骑手', '5月2日 周五 21:40', null, null, null])
    expect(cell(a, 'q:group')).toBe('外卖骑手（含众包）')
    expect(cell(a, 'q:age')).toBe(34)
    expect(cell(a, 'q:needs:childcare')).toBe(1)
    expect(cell(a, 'q:needs:legal')).toBe(1)
    expect(cell(a, 'q:needs:health')).toBe(0)
    expect(cell(a, 'q:needs:jobs')).toBe(0)
    expect(cell(a, 'q:freeTime:night')).toBeNull()
    expect(cell(a, 'q:contactConsent')).toBe('同意')

    const b = rowFor(columns, visit)
    expect(b.slice(0, 8)).toEqual(['sv1_p_b', 2, '走访录入', '快递员', '5月20日 周二 10:00', '小马', '兰州老街商圈', '5月19日 周一 15:30'])
    expect(cell(b, 'q:age')).toBeNull()
    expect(cell(b, 'q:needs:childcare')).toBe(0)
    expect(cell(b, 'q:needs:jobs')).toBe(1)
    expect(cell(b, 'q:freeTime:night')).toBe(1)
    expect(cell(b, 'q:phone')).toBeNull()
  })

  it('masks personal answers by default, from the stored mask or the plain value, and reveals only when asked', () => {
    expect(cell(rowFor(columns, old), 'q:phone')).toBe('138****5678')
    const stored: ResponseRow = { ...old, answers: { ...old.answers, phone: undefined as never }, masked: { phone: '138****5678' } }
    delete (stored.answers as Record<string, unknown>).phone
    expect(cell(rowFor(columns, stored), 'q:phone')).toBe('138****5678')
    expect(cell(rowFor(columns, old, { reveal: true }), 'q:phone')).toBe('13812345678')
    expect(cell(rowFor(columns, stored, { reveal: true }), 'q:phone')).toBe('138****5678')
  })

  it('formats dates, regions and locations as sortable cells', () => {
    const input = clone(needsSurveyInput)
    input.pages[0].questions.push({ id: 'since', type: 'date', title: '入行时间', maxOffsetDays: 0 })
    const v: SurveyVersion = { version: 1, definition: definition(input) }
    const cols = resultColumns([v])
    const row = rowFor(
      cols,
      {
        ...old,
        answers: answers(v, { group: 'rider', since: atWallClock('2021-03-01', '00:00'), needs: ['legal'], wantContact: 'yes', street: ['甘肃省', '兰州市', '城关区', '酒泉路街道'], contactConsent: true, phone: '13812345678', spot: { lat: 36.06, lng: 103.83 } })
      },
      { reveal: true }
    )
    const at = (key: string) => row[cols.findIndex((c) => c.key === key)]
    expect(at('q:since')).toBe('2021-03-01')
    expect(at('q:street')).toBe('甘肃省/兰州市/城关区/酒泉路街道')
    expect(at('q:spot')).toBe('36.06,103.83')
  })
})

describe('version rules', () => {
  it('a question id cannot change its type in a new version', () => {
    const input = clone(needsSurveyInput)
    input.pages[0].questions[2] = { id: 'age', type: 'text', title: '您的年龄' }
    expect(versionConflicts(v1.definition, definition(input))).toEqual([
      { message: '题目 age 在已发布的版本里是数字题，不能改成填空题；请删除它，另建一道新编号的题目', path: ['pages', 0, 'questions', 2, 'type'] }
    ])
    expect(versionConflicts(v1.definition, v2.definition)).toEqual([])
  })
})
