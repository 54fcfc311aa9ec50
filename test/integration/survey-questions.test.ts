/**
 * Function `survey`, what a submit accepts, through the local cloud with the real bundle and wx-server-sdk: every
 * question type takes its good values (stored canonical) and refuses bad ones with a Chinese message naming the
 * question and the `field` of the answer; answers to hidden questions are dropped, not refused; and, property-tested
 * with random answers, what the function stores is exactly what the filling page's walk (core flow.ts) shows — the
 * page and the function cannot disagree about show-if, consent or page jumps.
 */
import fc from 'fast-check'
import { idCardCheckChar, visibleQuestions, type ResponseDoc, type SurveyDefinition } from '@core/survey'
import { DAY_MS } from '@core/time'
import { demoDefinition } from '../../emulator/demo-surveys'
import { data, type TestCloud } from '../support/cloud'
import { shanghaiMidnight } from '../support/instants'
import { definitionWith, NOW, publishedSurvey, responsesOf, startSurveyCloud, submit } from './survey-support'

let cloud: TestCloud

beforeAll(async () => {
  cloud = await startSurveyCloud()
})
afterAll(() => cloud.close())

const consent = { id: 'ok', type: 'consent', title: '同意使用位置和证件号', statement: '仅用于本次服务对接，加密保存。' }

/** One question of every type, each optional, so each answer can be tried alone. */
const EVERY_TYPE = definitionWith([
  { id: 'single', type: 'single', title: '单选题目', options: [{ value: 'a', label: '甲' }, { value: 'b', label: '乙' }] },
  {
    id: 'multi',
    type: 'multi',
    title: '多选题目',
    maxSelect: 2,
    options: [{ value: 'x', label: '一' }, { value: 'y', label: '二' }, { value: 'z', label: '三' }, { value: 'none', label: '都没有', exclusive: true }]
  },
  { id: 'mobile', type: 'text', title: '手机号', format: 'mobile', pii: 'phone' },
  { id: 'email', type: 'text', title: '邮箱', format: 'email' },
  { id: 'amount', type: 'text', title: '金额', format: 'number' },
  { id: 'remark', type: 'textarea', title: '备注', maxLength: 10 },
  { id: 'age', type: 'number', title: '年龄', integer: true, min: 16, max: 80, unit: '岁' },
  { id: 'birthday', type: 'date', title: '出生日期', maxOffsetDays: 0 },
  { id: 'score', type: 'rating', title: '打分', scale: '0-10' },
  { id: 'district', type: 'region', title: '所在区县', levels: 3 },
  { id: 'image', type: 'image', title: '现场照片', maxCount: 2 },
  consent,
  { id: 'idcard', type: 'text', title: '身份证号', format: 'idcard', pii: 'idcard', consent: 'ok' },
  { id: 'spot', type: 'location', title: '常在哪歇脚', pii: 'location', consent: 'ok' },
  { id: 'notice', type: 'note', title: '以下信息仅用于回访' }
])

const first17 = '62010219900307123'
const ID_NUMBER = `${first17}${idCardCheckChar(first17)}`
const WRONG_CHECK = `${first17}${idCardCheckChar(first17) === '0' ? '1' : '0'}`
const TODAY = shanghaiMidnight(NOW)

let surveyId: string
let respondents = 0

beforeAll(async () => {
  surveyId = await publishedSurvey(cloud, EVERY_TYPE)
})

const answer = (answers: Record<string, unknown>) => submit(cloud, surveyId, answers, `typist-${++respondents}`)

describe('every question type', () => {
  /** [answers, what is stored: open answers, or the masked form of a personal one] */
  const good: [string, Record<string, unknown>, Record<string, unknown>][] = [
    ['single', { single: 'b' }, { single: 'b' }],
    ['multi, stored in option order', { multi: ['y', 'x'] }, { multi: ['x', 'y'] }],
    ['multi, the exclusive option alone', { multi: ['none'] }, { multi: ['none'] }],
    ['text (mobile, as typed)', { mobile: '+86 139-1234-5678' }, { masked: { mobile: '139****5678' } }],
    ['text (email)', { email: ' rider@example.com ' }, { email: 'rider@example.com' }],
    ['text (number)', { amount: '12.5' }, { amount: '12.5' }],
    ['textarea', { remark: '晚上\n有空' }, { remark: '晚上\n有空' }],
    ['number', { age: 35 }, { age: 35 }],
    ['date', { birthday: TODAY - 10_000 * DAY_MS }, { birthday: TODAY - 10_000 * DAY_MS }],
    ['rating (0–10)', { score: 0 }, { score: 0 }],
    ['region', { district: ['甘肃省', '兰州市', '七里河区'] }, { district: ['甘肃省', '兰州市', '七里河区'] }],
    ['image', { image: ['cloud://env/uploads/a.jpg'] }, { image: ['cloud://env/uploads/a.jpg'] }],
    ['consent', { ok: true }, { ok: true }],
    ['text (idcard, lower-case x) behind its consent', { ok: true, idcard: ID_NUMBER.toLowerCase() }, { ok: true, masked: { idcard: `${ID_NUMBER.slice(0, 4)}**********${ID_NUMBER.slice(-4)}` } }],
    ['location behind its consent', { ok: true, spot: { lat: 36.0610512345, lng: 103.8320812345 } }, { ok: true, masked: { spot: '约 36.06, 103.83' } }]
  ]

  it.each(good)('accepts %s, stored canonical', async (_name, answers, expected) => {
    const out = data((await answer(answers)).body)
    const [stored] = cloud.db.find<ResponseDoc>('responses', { _id: out.response._id })
    const { masked, ...open } = expected as { masked?: Record<string, string> }
    expect(stored.answers).toEqual(open)
    const sealed = Object.fromEntries(Object.entries(stored.sealed).map(([id, s]) => [id, s.masked]))
    expect(sealed).toEqual(masked ?? {})
  })

  /** [answers, the message, the question it names] */
  const bad: [string, Record<string, unknown>, string, string][] = [
    ['single: not an option', { single: 'c' }, '“单选题目”的选项不在可选范围内', 'single'],
    ['single: not a choice', { single: ['a'] }, '“单选题目”请选择一个选项', 'single'],
    ['multi: a repeated option', { multi: ['x', 'x'] }, '“多选题目”的选项重复了', 'multi'],
    ['multi: too many', { multi: ['x', 'y', 'z'] }, '“多选题目”最多选择2项', 'multi'],
    ['multi: exclusive with others', { multi: ['x', 'none'] }, '“都没有”不能和其他选项同时选择', 'multi'],
    ['multi: not a list', { multi: 'x' }, '“多选题目”的回答格式不正确', 'multi'],
    ['text (mobile)', { mobile: '1234567' }, '手机号格式不正确', 'mobile'],
    ['text (email)', { email: 'rider@' }, '邮箱格式不正确', 'email'],
    ['text (number)', { amount: '十二' }, '“金额”请填写数字', 'amount'],
    ['textarea: too long', { remark: '这段备注一共超过了十个字' }, '“备注”最多10个字', 'remark'],
    ['number: above the maximum', { age: 81 }, '“年龄”不能大于80岁', 'age'],
    ['number: not an integer', { age: 35.5 }, '“年龄”请填写整数', 'age'],
    ['number: text', { age: '35' }, '“年龄”请填写数字', 'age'],
    ['date: after today', { birthday: TODAY + DAY_MS }, '“出生日期”不能晚于2026年11月25日', 'birthday'],
    ['date: not a day', { birthday: TODAY + 3600_000 }, '“出生日期”不是有效的日期', 'birthday'],
    ['rating: off the scale', { score: 11 }, '“打分”请选择0到10分', 'score'],
    ['region: not deep enough', { district: ['甘肃省', '兰州市'] }, '“所在区县”请选择到区县', 'district'],
    ['region: not a place in the table', { district: ['甘肃省', '兰州市', '海淀区'] }, '“所在区县”不在可选的地区范围内', 'district'],
    ['image: not uploaded', { image: ['https://example.com/a.jpg'] }, '“现场照片”有图片没有上传成功，请重新上传', 'image'],
    ['image: too many', { image: ['cloud://a/1', 'cloud://a/2', 'cloud://a/3'] }, '“现场照片”最多上传2张图片', 'image'],
    ['consent: not given', { ok: false }, '请阅读并同意“同意使用位置和证件号”', 'ok'],
    ['text (idcard): wrong check character', { ok: true, idcard: WRONG_CHECK }, '身份证号校验位不正确，请核对', 'idcard'],
    ['text (idcard): no such birth date', { ok: true, idcard: '620102199002301234' }, '身份证号中的出生日期不正确', 'idcard'],
    ['location: outside China', { ok: true, spot: { lat: 40.7, lng: -74 } }, '“常在哪歇脚”的位置不在中国境内，请重新选择', 'spot'],
    ['location: not a point', { ok: true, spot: { lat: '36', lng: 103 } }, '“常在哪歇脚”的位置格式不正确', 'spot'],
    ['note: an answer to a note', { notice: '好' }, '“以下信息仅用于回访”是说明文字，不需要作答', 'notice'],
    ['a question the survey does not have', { hacked: 1 }, '问卷里没有这道题（hacked），请刷新后重新填写', 'hacked']
  ]

  it.each(bad)('refuses %s, naming the question and its field', async (_name, answers, message, question) => {
    expect((await answer(answers)).body).toEqual({ ok: false, code: 'INVALID_INPUT', message, field: `answers.${question}` })
  })

  it('drops, without refusing, answers to questions not shown: personal ones without their consent', async () => {
    const out = data((await answer({ single: 'a', idcard: ID_NUMBER, spot: { lat: 36, lng: 103 } })).body)
    const [stored] = cloud.db.find<ResponseDoc>('responses', { _id: out.response._id })
    expect(stored.answers).toEqual({ single: 'a' })
    expect(stored.sealed).toEqual({})
  })
})

/**
 * A questionnaire built to exercise every condition operator, nested all/any/not, consent and a page jump; every
 * question optional, so any combination of answers is a valid submit.
 */
const BRANCHY = demoDefinition({
  title: '条件测试问卷',
  pages: [
    {
      id: 'p1',
      questions: [
        { id: 'a', type: 'single', title: 'A', options: [{ value: 'a1', label: 'A1' }, { value: 'a2', label: 'A2' }, { value: 'a3', label: 'A3' }] },
        { id: 'b', type: 'multi', title: 'B', options: [{ value: 'b1', label: 'B1' }, { value: 'b2', label: 'B2' }, { value: 'b3', label: 'B3' }], showIf: { op: 'neq', question: 'a', value: 'a3' } },
        {
          id: 'c',
          type: 'number',
          title: 'C',
          integer: true,
          min: 0,
          max: 10,
          showIf: { op: 'any', of: [{ op: 'eq', question: 'a', value: 'a1' }, { op: 'has', question: 'b', value: 'b2' }] }
        },
        {
          id: 'd',
          type: 'rating',
          title: 'D',
          scale: '1-5',
          showIf: { op: 'all', of: [{ op: 'gt', question: 'c', value: 3 }, { op: 'notHas', question: 'b', value: 'b3' }] }
        },
        { id: 'e', type: 'text', title: 'E', showIf: { op: 'not', of: { op: 'answered', question: 'd' } } },
        { id: 'ok', type: 'consent', title: 'OK', statement: '同意。' }
      ],
      jumps: [{ when: { op: 'lt', question: 'c', value: 2 }, to: 'p3' }]
    },
    {
      id: 'p2',
      questions: [
        { id: 'f', type: 'single', title: 'F', options: [{ value: 'f1', label: 'F1' }, { value: 'f2', label: 'F2' }], showIf: { op: 'hasAll', question: 'b', values: ['b1', 'b2'] } },
        { id: 'g', type: 'textarea', title: 'G', showIf: { op: 'empty', question: 'e' } },
        { id: 'name', type: 'text', title: '称呼', pii: 'name', consent: 'ok' }
      ]
    },
    {
      id: 'p3',
      questions: [
        { id: 'h', type: 'single', title: 'H', options: [{ value: 'h1', label: 'H1' }, { value: 'h2', label: 'H2' }], showIf: { op: 'in', question: 'a', values: ['a1', 'a2'] } },
        { id: 'i', type: 'multi', title: 'I', options: [{ value: 'i1', label: 'I1' }, { value: 'i2', label: 'I2' }], showIf: { op: 'eq', question: 'h', value: 'h2' } }
      ]
    }
  ],
  settings: { limit: 'unlimited', channels: ['self'] }
})

/** Any subset of the questions answered, each with a value its type accepts. */
const anyAnswers = fc.record(
  {
    a: fc.constantFrom('a1', 'a2', 'a3'),
    b: fc.subarray(['b1', 'b2', 'b3'], { minLength: 1 }),
    c: fc.integer({ min: 0, max: 10 }),
    d: fc.integer({ min: 1, max: 5 }),
    e: fc.constantFrom('好', '一般'),
    ok: fc.constant(true),
    f: fc.constantFrom('f1', 'f2'),
    g: fc.constantFrom('晚上有空', '周末有空'),
    name: fc.constantFrom('王师傅', '李姐'),
    h: fc.constantFrom('h1', 'h2'),
    i: fc.subarray(['i1', 'i2'], { minLength: 1 })
  },
  { requiredKeys: [] }
)

/** What the filling page shows and would send: the answered questions on the respondent's walk. */
function shownAnswered(def: SurveyDefinition, answers: Record<string, unknown>): string[] {
  return visibleQuestions(def, answers)
    .map((q) => q.id)
    .filter((id) => Object.prototype.hasOwnProperty.call(answers, id))
    .sort()
}

describe('show-if: the page and the function agree', () => {
  let branchy: string
  beforeAll(async () => {
    branchy = await publishedSurvey(cloud, BRANCHY as unknown as Record<string, unknown>)
  })

  it('for random answers, the function stores exactly the answers of the questions the page walk shows', async () => {
    await fc.assert(
      fc.asyncProperty(anyAnswers, async (answers) => {
        const out = data((await submit(cloud, branchy, answers, 'walker')).body)
        const [stored] = cloud.db.find<ResponseDoc>('responses', { _id: out.response._id })
        const kept = [...Object.keys(stored.answers), ...Object.keys(stored.sealed)].sort()
        expect(kept).toEqual(shownAnswered(BRANCHY, answers))
        for (const id of Object.keys(stored.answers)) expect(stored.answers[id]).toEqual((answers as Record<string, unknown>)[id])
      }),
      { numRuns: 60, seed: 20251125 }
    )
    expect(responsesOf(cloud, branchy)).toHaveLength(60)
  }, 120_000)
})
