import fc from 'fast-check'
import {
  answerProblems,
  checkAnswer,
  idCardCheckChar,
  keepValidAnswers,
  nextPage,
  pagePath,
  pageQuestions,
  previousPage,
  progress,
  validateAnswers,
  visibleQuestions,
  walk,
  type Question
} from '@core/survey'
import { atWallClock, DAY_MS } from '@core/time'
import { around, consentQuestion, definition, needsSurvey } from './support/survey-definitions'

const NOW = atWallClock('2025-05-20', '10:00')
const TODAY = atWallClock('2025-05-20', '00:00')
const ids = (questions: Question[]) => questions.map((q) => q.id)

const rider = { group: 'rider', hours: 'late', needs: ['legal', 'charging'], legalTopic: 'labor', wantContact: 'yes' }

describe('flow: what a respondent sees', () => {
  it('show-if: workers are asked when they finish, residents are not', () => {
    expect(ids(visibleQuestions(needsSurvey, { group: 'rider' }))).toContain('hours')
    expect(ids(visibleQuestions(needsSurvey, { group: 'resident' }))).not.toContain('hours')
    expect(ids(visibleQuestions(needsSurvey, {}))).not.toContain('hours')
  })

  it('a follow-up appears with the choice that asks for it', () => {
    expect(ids(pageQuestions(needsSurvey, rider, 'needs'))).toEqual(['needs', 'legalTopic', 'otherNeed', 'satisfaction', 'wantContact'])
    expect(ids(pageQuestions(needsSurvey, { ...rider, needs: ['health'] }, 'needs'))).not.toContain('legalTopic')
  })

  it('questions behind a consent appear only once it is given', () => {
    expect(ids(pageQuestions(needsSurvey, rider, 'contact'))).toEqual(['contactConsent', 'street'])
    expect(ids(pageQuestions(needsSurvey, { ...rider, contactConsent: true }, 'contact'))).toEqual(['contactConsent', 'name', 'phone', 'street', 'spot'])
  })

  it('a jump ends the questionnaire early', () => {
    expect(pagePath(needsSurvey, rider).map((p) => p.id)).toEqual(['basics', 'needs', 'contact'])
    const declines = { ...rider, wantContact: 'no' }
    expect(pagePath(needsSurvey, declines).map((p) => p.id)).toEqual(['basics', 'needs'])
    expect(nextPage(needsSurvey, declines, 'needs')).toBeNull()
    expect(nextPage(needsSurvey, rider, 'needs')?.id).toBe('contact')
    expect(nextPage(needsSurvey, rider, 'basics')?.id).toBe('needs')
    expect(previousPage(needsSurvey, rider, 'contact')?.id).toBe('needs')
    expect(previousPage(needsSurvey, rider, 'basics')).toBeNull()
  })

  it('a hidden answer cannot keep a later question visible', () => {
    // legalTopic still carries an answer, but needs no longer has legal: whatever read legalTopic must not see it.
    const { answers } = walk(needsSurvey, { ...rider, needs: ['health'] })
    expect(answers).not.toHaveProperty('legalTopic')
  })

  it('progress counts visible questions and the pages on the path', () => {
    expect(progress(needsSurvey, {}, 'basics')).toEqual({ page: 1, pages: 3, questions: 8, answered: 0, requiredLeft: 3, percent: 0 })
    expect(progress(needsSurvey, { ...rider, contactConsent: true }, 'contact')).toEqual({
      page: 3,
      pages: 3,
      questions: 13,
      answered: 6,
      requiredLeft: 1,
      percent: 46
    })
    expect(progress(needsSurvey, { ...rider, wantContact: 'no' }, 'needs')).toMatchObject({ page: 2, pages: 2 })
  })
})

describe('validateAnswers', () => {
  it('keeps visible answers in canonical form', () => {
    const checked = validateAnswers(
      needsSurvey,
      { ...rider, needs: ['charging', 'legal'], contactConsent: true, phone: '+86 138 1234 5678', name: '  王师傅 ', spot: { lat: 36.0610512345, lng: 103.8320812345 } },
      { now: NOW }
    )
    expect(checked).toEqual({
      ok: true,
      value: {
        answers: {
          group: 'rider',
          hours: 'late',
          needs: ['legal', 'charging'],
          legalTopic: 'labor',
          wantContact: 'yes',
          contactConsent: true,
          name: '王师傅',
          phone: '13812345678',
          spot: { lat: 36.061051, lng: 103.832081 }
        },
        dropped: []
      }
    })
  })

  it('drops answers to hidden questions instead of rejecting them', () => {
    const checked = validateAnswers(needsSurvey, { ...rider, group: 'resident', needs: ['health'], wantContact: 'no', phone: 'not even a number' }, { now: NOW })
    expect(checked).toEqual({
      ok: true,
      value: { answers: { group: 'resident', needs: ['health'], wantContact: 'no' }, dropped: ['hours', 'legalTopic', 'phone'] }
    })
  })

  it('rejects unknown question ids and answers to notes', () => {
    expect(validateAnswers(needsSurvey, { ...rider, roles: ['admin'] }, { now: NOW })).toEqual({
      ok: false,
      code: 'INVALID_INPUT',
      message: '问卷里没有这道题（roles），请刷新后重新填写',
      field: 'answers.roles'
    })
    expect(validateAnswers(needsSurvey, { ...rider, constructor: 'x' }, { now: NOW })).toMatchObject({ field: 'answers.constructor' })
    const withNote = definition(around({ id: 'q', type: 'text', title: '称呼' }, [{ id: 'intro', type: 'note', title: '填写须知' }]))
    expect(validateAnswers(withNote, { intro: 'read', q: 'a' }, { now: NOW })).toMatchObject({ message: '“填写须知”是说明文字，不需要作答', field: 'answers.intro' })
    expect(validateAnswers(withNote, { intro: '', q: 'a' }, { now: NOW }).ok).toBe(true)
  })

  it('requires visible required questions, each with its own field and wording', () => {
    expect(answerProblems(needsSurvey, {}, { now: NOW }).map((p) => [p.field, p.message])).toEqual([
      ['answers.group', '请选择“您的身份”'],
      ['answers.needs', '请选择“您最需要哪些帮助”'],
      ['answers.wantContact', '请选择“愿意留下联系方式方便回访吗”']
    ])
    // The phone is required, but only once the consent that shows it is given.
    expect(validateAnswers(needsSurvey, rider, { now: NOW }).ok).toBe(true)
    expect(validateAnswers(needsSurvey, { ...rider, contactConsent: true }, { now: NOW })).toMatchObject({ message: '请填写“手机号”', field: 'answers.phone' })
  })

  it('blank and empty values are unanswered, not wrong', () => {
    expect(validateAnswers(needsSurvey, { ...rider, otherNeed: '   ', age: null, legalTopic: '' }, { now: NOW })).toMatchObject({
      ok: true,
      value: { answers: { group: 'rider', hours: 'late', needs: ['legal', 'charging'], wantContact: 'yes' } }
    })
  })

  it('draft mode checks formats but not required-ness or a minimum', () => {
    const multi = definition(
      around({ id: 'm', type: 'multi', title: '选两项', required: true, minSelect: 2, options: [{ value: 'a', label: 'A' }, { value: 'b', label: 'B' }, { value: 'c', label: 'C' }] })
    )
    expect(validateAnswers(multi, { m: ['a'] }, { now: NOW, mode: 'draft' })).toEqual({ ok: true, value: { answers: { m: ['a'] }, dropped: [] } })
    expect(validateAnswers(multi, { m: ['a'] }, { now: NOW })).toMatchObject({ message: '“选两项”至少选择2项' })
    expect(validateAnswers(multi, {}, { now: NOW, mode: 'draft' }).ok).toBe(true)
    expect(validateAnswers(needsSurvey, { group: 'pilot' }, { now: NOW, mode: 'draft' })).toMatchObject({ field: 'answers.group' })
  })

  it('keepValidAnswers salvages a draft: bad, hidden and unknown answers fall away', () => {
    expect(keepValidAnswers(needsSurvey, { ...rider, age: 12, removedQuestion: 'x', contactConsent: true, phone: '138' }, NOW)).toEqual({
      group: 'rider',
      hours: 'late',
      needs: ['legal', 'charging'],
      legalTopic: 'labor',
      wantContact: 'yes',
      contactConsent: true
    })
  })

  it('answers must be an object', () => {
    for (const input of [null, 'a', ['a'], 3]) {
      expect(validateAnswers(needsSurvey, input, { now: NOW })).toEqual({ ok: false, code: 'INVALID_INPUT', message: '答案格式不正确', field: 'answers' })
    }
  })
})

/** One question of each type, with values it must accept (→ stored form) and reject (→ message). */
type Case = { question: Record<string, unknown>; before?: Record<string, unknown>[]; good: [unknown, unknown][]; bad: [unknown, string][] }

const validId = (first17: string) => first17 + idCardCheckChar(first17)
const ID = validId('62010219900307123')

const cases: Record<string, Case> = {
  single: {
    question: { id: 'q', type: 'single', title: '您的身份', options: [{ value: 'rider', label: '骑手' }, { value: 'courier', label: '快递员' }] },
    good: [['rider', 'rider']],
    bad: [
      ['pilot', '“您的身份”的选项不在可选范围内'],
      [['rider'], '“您的身份”请选择一个选项'],
      [1, '“您的身份”请选择一个选项']
    ]
  },
  multi: {
    question: {
      id: 'q',
      type: 'multi',
      title: '需要的帮助',
      maxSelect: 2,
      options: [{ value: 'a', label: '法律' }, { value: 'b', label: '健康' }, { value: 'c', label: '技能' }, { value: 'none', label: '都不需要', exclusive: true }]
    },
    good: [
      [['b', 'a'], ['a', 'b']],
      [['none'], ['none']]
    ],
    bad: [
      [['a', 'x'], '“需要的帮助”的选项不在可选范围内'],
      [['a', 'a'], '“需要的帮助”的选项重复了'],
      [['a', 'b', 'c'], '“需要的帮助”最多选择2项'],
      [['a', 'none'], '“都不需要”不能和其他选项同时选择'],
      ['a', '“需要的帮助”的回答格式不正确'],
      [[1], '“需要的帮助”的回答格式不正确']
    ]
  },
  textPlain: {
    question: { id: 'q', type: 'text', title: '您的称呼', maxLength: 5 },
    good: [['  小王  ', '小王'], ['😀😀😀😀😀', '😀😀😀😀😀']],
    bad: [
      ['一二三四五六', '“您的称呼”最多5个字'],
      ['a\u0000b', '“您的称呼”包含不可见的特殊字符'],
      ['a\nb', '“您的称呼”包含不可见的特殊字符'],
      [12, '“您的称呼”必须是文字']
    ]
  },
  textMobile: {
    question: { id: 'q', type: 'text', title: '联系电话', format: 'mobile', pii: 'phone' },
    good: [['138 1234 5678', '13812345678']],
    bad: [
      ['1381234567', '手机号格式不正确'],
      ['0931-8888888', '手机号格式不正确']
    ]
  },
  textIdcard: {
    question: { id: 'q', type: 'text', title: '身份证号', format: 'idcard', pii: 'idcard', consent: 'ok' },
    before: [consentQuestion],
    good: [[ID.toLowerCase(), ID]],
    bad: [
      [ID.slice(0, 17) + (ID[17] === '0' ? '1' : '0'), '身份证号校验位不正确，请核对'],
      ['123', '身份证号格式不正确']
    ]
  },
  textEmail: {
    question: { id: 'q', type: 'text', title: '邮箱', format: 'email' },
    good: [[' a@b.cn ', 'a@b.cn']],
    bad: [['a@b', '邮箱格式不正确']]
  },
  textNumber: {
    question: { id: 'q', type: 'text', title: '车牌尾号', format: 'number' },
    good: [['0931', '0931']],
    bad: [['九', '“车牌尾号”请填写数字']]
  },
  textarea: {
    question: { id: 'q', type: 'textarea', title: '其他需求', maxLength: 10 },
    good: [['第一行\n第二行', '第一行\n第二行']],
    bad: [
      ['一二三四五六七八九十十', '“其他需求”最多10个字'],
      ['a\u0007', '“其他需求”包含不可见的特殊字符']
    ]
  },
  number: {
    question: { id: 'q', type: 'number', title: '您的年龄', integer: true, min: 16, max: 80, unit: '岁' },
    good: [[16, 16], [80, 80]],
    bad: [
      [15, '“您的年龄”不能小于16岁'],
      [81, '“您的年龄”不能大于80岁'],
      [30.5, '“您的年龄”请填写整数'],
      ['30', '“您的年龄”请填写数字']
    ]
  },
  numberDecimal: {
    question: { id: 'q', type: 'number', title: '每天骑行公里数' },
    good: [[85.5, 85.5]],
    bad: [[2e12, '“每天骑行公里数”的数字太大了']]
  },
  dateRelative: {
    question: { id: 'q', type: 'date', title: '出生日期', maxOffsetDays: 0 },
    good: [[TODAY, TODAY], [atWallClock('1990-03-07', '00:00'), atWallClock('1990-03-07', '00:00')]],
    bad: [
      [TODAY + DAY_MS, '“出生日期”不能晚于2025年5月20日'],
      [NOW, '“出生日期”不是有效的日期'],
      ['2025-05-20', '“出生日期”不是有效的日期']
    ]
  },
  dateFixed: {
    question: { id: 'q', type: 'date', title: '走访日期', minAt: atWallClock('2025-05-01', '00:00'), maxAt: atWallClock('2025-05-31', '00:00') },
    good: [[atWallClock('2025-05-31', '00:00'), atWallClock('2025-05-31', '00:00')]],
    bad: [
      [atWallClock('2025-04-30', '00:00'), '“走访日期”不能早于2025年5月1日'],
      [atWallClock('2025-06-01', '00:00'), '“走访日期”不能晚于2025年5月31日']
    ]
  },
  rating5: {
    question: { id: 'q', type: 'rating', title: '满意度', scale: '1-5' },
    good: [[1, 1], [5, 5]],
    bad: [
      [0, '“满意度”请选择1到5分'],
      [4.5, '“满意度”请选择1到5分']
    ]
  },
  rating10: {
    question: { id: 'q', type: 'rating', title: '推荐意愿', scale: '0-10' },
    good: [[0, 0], [10, 10]],
    bad: [[11, '“推荐意愿”请选择0到10分']]
  },
  region: {
    question: { id: 'q', type: 'region', title: '常驻街道' },
    good: [[['甘肃省', '兰州市', '七里河区', '土门墩街道'], ['甘肃省', '兰州市', '七里河区', '土门墩街道']]],
    bad: [
      [['甘肃省', '兰州市', '七里河区'], '“常驻街道”请选择到街道'],
      [['甘肃省', '兰州市', '城关区', '土门墩街道'], '“常驻街道”不在可选的地区范围内'],
      ['兰州市', '“常驻街道”请选择地区']
    ]
  },
  regionDistrict: {
    question: { id: 'q', type: 'region', title: '所在区', levels: 3 },
    good: [[['甘肃省', '兰州市', '安宁区'], ['甘肃省', '兰州市', '安宁区']]],
    bad: [[['甘肃省', '兰州市', '安宁区', '刘家堡街道'], '“所在区”请选择到区县']]
  },
  location: {
    question: { id: 'q', type: 'location', title: '常在哪里歇脚', pii: 'location', consent: 'ok' },
    before: [consentQuestion],
    good: [[{ lat: 36.06105, lng: 103.83208 }, { lat: 36.06105, lng: 103.83208 }]],
    bad: [
      [{ lat: 48.85, lng: 2.35 }, '“常在哪里歇脚”的位置不在中国境内，请重新选择'],
      [{ lat: '36', lng: 103 }, '“常在哪里歇脚”的位置格式不正确'],
      [{ lat: 36, lng: 103, name: '友邻空间' }, '“常在哪里歇脚”的位置格式不正确'],
      [[36, 103], '“常在哪里歇脚”的位置格式不正确']
    ]
  },
  image: {
    question: { id: 'q', type: 'image', title: '现场照片', maxCount: 2 },
    good: [[['cloud://env/surveys/a.jpg'], ['cloud://env/surveys/a.jpg']]],
    bad: [
      [['cloud://a', 'cloud://b', 'cloud://c'], '“现场照片”最多上传2张图片'],
      [['https://example.com/a.jpg'], '“现场照片”有图片没有上传成功，请重新上传'],
      [['cloud://a', 'cloud://a'], '“现场照片”的图片重复了'],
      ['cloud://a', '“现场照片”的图片格式不正确']
    ]
  },
  consent: {
    question: { id: 'q', type: 'consent', title: '个人信息使用同意', statement: '仅用于回访。', required: true },
    good: [[true, true]],
    bad: [
      [false, '请阅读并同意“个人信息使用同意”'],
      ['yes', '请阅读并同意“个人信息使用同意”']
    ]
  }
}

describe.each(Object.entries(cases))('type %s', (_name, { question, before = [], good, bad }) => {
  const def = definition(around(question, before))
  const prefix = before.length > 0 ? { ok: true } : {}

  it.each(good)('accepts %j', (value, stored) => {
    expect(validateAnswers(def, { ...prefix, q: value }, { now: NOW })).toEqual({ ok: true, value: { answers: { ...prefix, q: stored }, dropped: [] } })
  })

  it.each(bad)('rejects %j', (value, message) => {
    expect(validateAnswers(def, { ...prefix, q: value }, { now: NOW })).toEqual({ ok: false, code: 'INVALID_INPUT', message, field: 'answers.q' })
  })

  it('is the same check for a single answer (the page’s inline check)', () => {
    const q = def.pages[0].questions[before.length]
    for (const [value, stored] of good) expect(checkAnswer(q, value, NOW)).toEqual({ ok: true, value: stored })
    for (const [value, message] of bad) expect(checkAnswer(q, value, NOW)).toEqual({ ok: false, message })
  })
})

describe('page and function agree (property)', () => {
  const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined })
  const answersArb = fc.record(
    {
      group: maybe(fc.constantFrom('rider', 'courier', 'driver', 'resident', 'other')),
      hours: maybe(fc.constantFrom('before18', 'before21', 'late')),
      age: maybe(fc.integer({ min: 16, max: 80 })),
      needs: maybe(fc.oneof(fc.subarray(['legal', 'health', 'childcare', 'skills', 'charging'], { minLength: 1, maxLength: 3 }), fc.constant(['none']))),
      legalTopic: maybe(fc.constantFrom('labor', 'traffic', 'other')),
      otherNeed: maybe(fc.constantFrom('夜里想找个地方热饭', '孩子暑假没人看')),
      satisfaction: maybe(fc.integer({ min: 1, max: 5 })),
      wantContact: maybe(fc.constantFrom('yes', 'no')),
      contactConsent: maybe(fc.constant(true)),
      name: maybe(fc.constantFrom('王师傅', '李姐')),
      phone: maybe(fc.constantFrom('13812345678', '19900001111')),
      street: maybe(fc.constant(['甘肃省', '兰州市', '城关区', '酒泉路街道'])),
      spot: maybe(fc.record({ lat: fc.double({ min: 36, max: 36.2, noNaN: true }), lng: fc.double({ min: 103.6, max: 103.9, noNaN: true }) }))
    },
    { requiredKeys: [] }
  )

  it('the validator keeps exactly what the walk shows, and drops exactly the rest', () => {
    fc.assert(
      fc.property(answersArb, (input) => {
        const given = Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined))
        const checked = validateAnswers(needsSurvey, given, { now: NOW, mode: 'draft' })
        if (!checked.ok) throw new Error(checked.message)
        const shown = new Set(visibleQuestions(needsSurvey, given).map((q) => q.id))
        expect(Object.keys(checked.value.answers).sort()).toEqual(Object.keys(given).filter((id) => shown.has(id)).sort())
        expect(checked.value.dropped.sort()).toEqual(Object.keys(given).filter((id) => !shown.has(id)).sort())
        expect(Object.keys(walk(needsSurvey, given).answers).sort()).toEqual(Object.keys(checked.value.answers).sort())
        // Validating the kept answers again changes nothing (canonical is a fixed point).
        expect(validateAnswers(needsSurvey, checked.value.answers, { now: NOW, mode: 'draft' })).toEqual({ ok: true, value: { answers: checked.value.answers, dropped: [] } })
      }),
      { numRuns: 300 }
    )
  })
})
