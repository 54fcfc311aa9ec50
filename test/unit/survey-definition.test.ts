import {
  checkDefinition,
  definitionProblems,
  definitionSchema,
  QUESTION_TYPES,
  structuralIssues
} from '@core/survey'
import { validate } from '@core/schema'
import { around, consentQuestion, definition, needsSurvey, needsSurveyInput, optionsOf } from './support/survey-definitions'

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T

/** The first problem of a one-question definition. */
const problemOf = (question: Record<string, unknown>, before: Record<string, unknown>[] = []) => {
  const checked = checkDefinition(around(question, before))
  return checked.ok ? undefined : { message: checked.message, field: checked.field }
}

const at = (i: number, field: string) => `pages.0.questions.${i}.${field}`

describe('a valid definition', () => {
  it('fills in the defaults and keeps the ⚑ get shape', () => {
    const page = needsSurvey.pages[0]
    expect(page.questions[0]).toEqual({
      id: 'group',
      type: 'single',
      title: '您的身份',
      required: true,
      pii: 'none',
      options: optionsOf(needsSurveyInput.pages[0].questions[0])
    })
    expect(page.questions[2]).toEqual({ id: 'age', type: 'number', title: '您的年龄', required: false, pii: 'none', integer: true, min: 16, max: 80, unit: '岁' })
    const otherNeed = needsSurvey.pages[1].questions[2]
    expect(otherNeed).toMatchObject({ type: 'textarea', maxLength: 200, tags: ['need:NEED_OTHER'] })
    expect(needsSurvey.pages[2].questions[3]).toMatchObject({ type: 'region', levels: 4 })
  })

  it('gives every type its defaults', () => {
    const defaults: Record<string, Record<string, unknown>> = {
      text: { maxLength: 100 },
      textarea: { maxLength: 500 },
      number: { integer: false },
      rating: { scale: '0-10' },
      region: { levels: 4 },
      image: { maxCount: 3, maxSizeKB: 5120 }
    }
    for (const [type, expected] of Object.entries(defaults)) {
      const question = { id: 'q1', type, title: '题', ...(type === 'rating' ? { scale: '0-10' } : {}) }
      expect(definition(around(question)).pages[0].questions[0]).toMatchObject({ ...expected, required: false, pii: 'none' })
    }
  })

  it('stores fixed date bounds as the start of their Shanghai day', () => {
    const def = definition(around({ id: 'd', type: 'date', title: '走访日期', minAt: Date.UTC(2025, 4, 1, 10), maxOffsetDays: 0 }))
    expect(def.pages[0].questions[0]).toMatchObject({ minAt: Date.UTC(2025, 3, 30, 16), maxOffsetDays: 0 })
  })

  it('treats null as absent (JSON from the builder)', () => {
    const def = definition(around({ id: 'q1', type: 'text', title: '称呼', description: null, format: null }))
    expect(def.pages[0].questions[0]).not.toHaveProperty('format')
  })
})

describe('shape problems name the field', () => {
  it('labels the chain down to the field', () => {
    expect(problemOf({ id: 'q1', type: 'text', title: '' })).toEqual({ message: '请填写问卷的页面第1项的题目第1项的标题', field: at(0, 'title') })
    expect(problemOf({ id: 'q1', type: 'textarea', title: '说明', maxLength: 5000 })).toEqual({
      message: '问卷的页面第1项的题目第1项的字数上限不能大于2000字',
      field: at(0, 'maxLength')
    })
    expect(problemOf({ id: '1q', type: 'text', title: '题' })).toEqual({
      message: '问卷的页面第1项的题目第1项的题目编号应以字母开头，只含字母、数字和下划线（最多32个字符）',
      field: at(0, 'id')
    })
    expect(problemOf({ id: 'q1', type: 'slider', title: '题' })?.field).toBe(at(0, 'type'))
    expect(problemOf({ id: 'q1', type: 'text', title: '题', script: 'x' })).toEqual({ message: '不支持的字段：script', field: at(0, 'script') })
  })

  it('refuses fields the type does not have', () => {
    expect(problemOf({ id: 'q1', type: 'single', title: '题', format: 'mobile', options: [] })).toEqual({
      message: '单选题不能设置“格式要求”',
      field: at(0, 'format')
    })
    expect(problemOf({ id: 'q1', type: 'note', title: '说明', options: [] })).toEqual({ message: '说明文字不能设置“选项”', field: at(0, 'options') })
  })

  it('per type: what each one needs', () => {
    const two = [
      { value: 'a', label: 'A' },
      { value: 'b', label: 'B' }
    ]
    expect(problemOf({ id: 'q1', type: 'single', title: '题', options: [two[0]] })?.message).toBe('单选题至少需要2个选项')
    expect(problemOf({ id: 'q1', type: 'single', title: '题', options: [{ ...two[0], exclusive: true }, two[1]] })).toEqual({
      message: '单选题的选项本来就只能选一个，不需要设置互斥',
      field: at(0, 'options.0.exclusive')
    })
    expect(problemOf({ id: 'q1', type: 'multi', title: '题', options: two, maxSelect: 3 })?.message).toBe('最多选择项数不能多于选项数（2项）')
    expect(problemOf({ id: 'q1', type: 'multi', title: '题', options: two, minSelect: 2, maxSelect: 1 })?.message).toBe('最少选择项数不能多于最多选择项数')
    expect(problemOf({ id: 'q1', type: 'text', title: '题', maxLength: 300 })?.message).toBe('填空题的字数上限不能大于200字，更长的回答请用多行文本题')
    expect(problemOf({ id: 'q1', type: 'number', title: '题', min: 5, max: 1 })?.message).toBe('最小值不能大于最大值')
    expect(problemOf({ id: 'q1', type: 'number', title: '题', integer: true, min: 0.5 })?.message).toBe('只能填整数时，最小值也应是整数')
    expect(problemOf({ id: 'q1', type: 'date', title: '题', minAt: Date.UTC(2025, 0, 1), minOffsetDays: 0 })?.message).toBe('最早日期请在固定日期和相对天数中选一种')
    expect(problemOf({ id: 'q1', type: 'date', title: '题', minOffsetDays: 1, maxOffsetDays: 0 })?.message).toBe('最早日期不能晚于最晚日期')
    expect(problemOf({ id: 'q1', type: 'date', title: '题', minAt: Date.UTC(2025, 5, 1), maxAt: Date.UTC(2025, 0, 1) })?.message).toBe('最早日期不能晚于最晚日期')
    expect(problemOf({ id: 'q1', type: 'rating', title: '题' })?.message).toBe('请选择评分范围')
    expect(problemOf({ id: 'q1', type: 'rating', title: '题', scale: '1-7' })?.field).toBe(at(0, 'scale'))
    expect(problemOf({ id: 'q1', type: 'region', title: '题', levels: 5 })?.field).toBe(at(0, 'levels'))
    expect(problemOf({ id: 'q1', type: 'image', title: '题', maxCount: 10 })?.message).toBe('问卷的页面第1项的题目第1项的图片张数上限不能大于9张')
    expect(problemOf({ id: 'q1', type: 'consent', title: '同意' })?.message).toBe('请填写同意内容：收集哪些信息、用来做什么、谁能看到、保存多久')
    expect(problemOf({ id: 'q1', type: 'note', title: '说明', required: true })?.message).toBe('说明文字不需要作答，不能设为必答')
  })

  it('checks tags against the taxonomy', () => {
    const options = [
      { value: 'a', label: 'A', tags: ['need:LEGAL'] },
      { value: 'b', label: 'B', tags: ['resource:LEGAL'] }
    ]
    expect(problemOf({ id: 'q1', type: 'multi', title: '题', options })).toEqual({
      message: '清单标签 resource:LEGAL 不在分类表中',
      field: at(0, 'options.1.tags.0')
    })
    expect(problemOf({ id: 'q1', type: 'textarea', title: '题', tags: ['legal'] })?.message).toBe(
      '问卷的页面第1项的题目第1项的清单标签第1项应写成 need:分类代码 或 resource:分类代码'
    )
  })
})

describe('personal information classes fit their question types', () => {
  const phone = { id: 'phone', type: 'text', title: '手机号', format: 'mobile', pii: 'phone' }

  it('accepts the natural pairs', () => {
    expect(problemOf(phone)).toBeUndefined()
    expect(problemOf({ id: 'who', type: 'text', title: '姓名', pii: 'name' })).toBeUndefined()
    expect(problemOf({ id: 'home', type: 'region', title: '住在哪个街道', pii: 'address' })).toBeUndefined()
  })

  it('cannot under-declare: a mobile, id or location question is personal by its format', () => {
    expect(problemOf({ ...phone, pii: undefined })).toEqual({ message: '手机号格式的题目，个人信息类别应为“手机号”', field: at(0, 'pii') })
    expect(problemOf({ id: 'id', type: 'text', title: '身份证', format: 'idcard' })?.message).toBe('身份证号格式的题目，个人信息类别应为“身份证号”')
    expect(problemOf({ id: 'spot', type: 'location', title: '位置' })?.message).toBe('位置题的个人信息类别应为“位置（行踪）”')
  })

  it('cannot mislabel: a class only on the types it fits', () => {
    expect(problemOf({ id: 'q1', type: 'number', title: '号码', pii: 'phone' })?.message).toBe('“手机号”类别只能用于格式为手机号的填空题')
    expect(problemOf({ id: 'q1', type: 'text', title: '号码', format: 'email', pii: 'name' })?.message).toBe('“姓名”类别只能用于不限格式的填空题')
    expect(problemOf({ id: 'q1', type: 'consent', title: '同意', statement: 'x', pii: 'health' })?.message).toBe('同意题不含个人信息')
  })

  it('personal questions carry no list tags (tags copy the text into list entries)', () => {
    expect(problemOf({ id: 'q1', type: 'textarea', title: '病史', pii: 'health', consent: 'ok', tags: ['need:HEALTH'] }, [consentQuestion])?.message).toBe(
      '含个人信息的题目不能带清单标签（标签会把回答原文带进需求/资源清单）'
    )
  })

  it('a sensitive class needs a consent question before it (PIPL art. 29)', () => {
    const idcard = { id: 'id', type: 'text', title: '身份证号', format: 'idcard', pii: 'idcard' }
    expect(problemOf(idcard)).toEqual({
      message: '“身份证号”收集敏感个人信息（身份证号），请在它之前加一道单独的同意题并关联它',
      field: at(0, 'consent')
    })
    expect(problemOf({ ...idcard, consent: 'ok' }, [consentQuestion])).toBeUndefined()
    const after = checkDefinition({ ...around({ ...idcard, consent: 'ok' }), pages: [{ id: 'p1', questions: [{ ...idcard, consent: 'ok' }, consentQuestion] }] })
    expect(after).toMatchObject({ message: '同意题要放在需要同意的题目之前', field: at(0, 'consent') })
    expect(problemOf({ ...idcard, consent: 'x' }, [{ id: 'x', type: 'single', title: '是否', options: [{ value: 'y', label: '是' }, { value: 'n', label: '否' }] }])?.message).toBe(
      '关联的同意题 x 不存在或不是同意题'
    )
    expect(problemOf({ id: 'h', type: 'single', title: '有无慢性病', pii: 'health', options: [{ value: 'y', label: '有' }, { value: 'n', label: '无' }] })?.message).toBe(
      '“有无慢性病”收集敏感个人信息（健康信息），请在它之前加一道单独的同意题并关联它'
    )
  })
})

describe('structure', () => {
  const base = () => clone(needsSurveyInput)

  const firstProblem = (input: unknown) => {
    const checked = checkDefinition(input)
    return checked.ok ? undefined : { message: checked.message, field: checked.field }
  }

  it('ids are unique: pages, questions, option values and labels', () => {
    const a = base()
    a.pages[1].id = 'basics'
    expect(firstProblem(a)).toEqual({ message: '页面编号 basics 重复了', field: 'pages.1.id' })
    const b = base()
    b.pages[1].questions[0].id = 'group'
    expect(firstProblem(b)).toEqual({ message: '题目编号 group 重复了', field: 'pages.1.questions.0.id' })
    const c = base()
    optionsOf(c.pages[0].questions[0])[1].value = 'rider'
    expect(firstProblem(c)).toEqual({ message: '选项值 rider 重复了', field: 'pages.0.questions.0.options.1.value' })
    const d = base()
    optionsOf(d.pages[0].questions[0])[1].label = '外卖骑手'
    expect(firstProblem(d)).toEqual({ message: '选项“外卖骑手”重复了', field: 'pages.0.questions.0.options.1.label' })
    const e = base()
    e.pages[2].id = 'end'
    expect(firstProblem(e)?.message).toBe('页面编号不能是 end（它表示结束问卷）')
  })

  it('show-if refers to earlier questions only, and fits them', () => {
    const later = base()
    later.pages[0].questions[1].showIf = { op: 'eq', question: 'age', value: 30 }
    expect(firstProblem(later)).toEqual({
      message: '显示条件只能引用本题之前的题目（“您的年龄”在本题之后）',
      field: 'pages.0.questions.1.showIf.question'
    })
    const self = base()
    self.pages[0].questions[1].showIf = { op: 'answered', question: 'hours' }
    expect(firstProblem(self)?.message).toBe('显示条件不能引用本题自己')
    const missing = base()
    missing.pages[0].questions[1].showIf = { op: 'not', of: { op: 'answered', question: 'ghost' } }
    expect(firstProblem(missing)).toEqual({ message: '条件引用的题目 ghost 不存在', field: 'pages.0.questions.1.showIf.of.question' })
    const option = base()
    option.pages[1].questions[1].showIf = { op: 'has', question: 'needs', value: 'lawyer' }
    expect(firstProblem(option)).toEqual({ message: 'lawyer 不是“您最需要哪些帮助”的选项', field: 'pages.1.questions.1.showIf.value' })
    const inList = base()
    inList.pages[0].questions[1].showIf = { op: 'in', question: 'group', values: ['rider', 'pilot'] }
    expect(firstProblem(inList)).toEqual({ message: 'pilot 不是“您的身份”的选项', field: 'pages.0.questions.1.showIf.values.1' })
  })

  it('operators fit the question type', () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ op: 'eq', question: 'needs', value: 'legal' }, '“等于”类条件不能用于多选题，请用“包含”或“已回答”'],
      [{ op: 'has', question: 'group', value: 'rider' }, '“包含”类条件只能用于多选题或地区题'],
      [{ op: 'gt', question: 'group', value: 1 }, '“大于”“小于”只能用于数字、评分或日期题'],
      [{ op: 'eq', question: 'age', value: '30' }, '“您的年龄”的回答是数字，比较值也应是数字'],
      [{ op: 'eq', question: 'otherNeed', value: 3 }, '“还有什么想说的需求”的回答是文字，比较值也应是文字']
    ]
    for (const [condition, message] of cases) {
      const input = base()
      input.pages[1].questions[4].showIf = condition
      expect(firstProblem(input)?.message).toBe(message)
    }
    const note = checkDefinition({
      ...around({ id: 'q2', type: 'text', title: '题', showIf: { op: 'answered', question: 'n' } }, [{ id: 'n', type: 'note', title: '说明' }])
    })
    expect(note).toMatchObject({ message: '“说明”是说明文字，不能作为条件' })
  })

  it('jumps read questions up to their page and go forward to a page that exists', () => {
    const ahead = base()
    ahead.pages[1].jumps = [{ when: { op: 'answered', question: 'phone' }, to: 'end' }]
    expect(firstProblem(ahead)).toEqual({
      message: '跳转条件只能引用本页及之前的题目（“手机号”在后面的页面）',
      field: 'pages.1.jumps.0.when.question'
    })
    const back = base()
    back.pages[1].jumps = [{ when: { op: 'answered', question: 'group' }, to: 'basics' }]
    expect(firstProblem(back)).toEqual({ message: '只能跳转到后面的页面', field: 'pages.1.jumps.0.to' })
    const nowhere = base()
    nowhere.pages[1].jumps = [{ when: { op: 'answered', question: 'group' }, to: 'thanks' }]
    expect(firstProblem(nowhere)).toEqual({ message: '跳转到的页面 thanks 不存在', field: 'pages.1.jumps.0.to' })
  })

  it('settings: quotas, the group question, channels and the window', () => {
    const quota = base()
    quota.settings.quotas[1].id = 'total'
    expect(firstProblem(quota)).toEqual({ message: '名额编号 total 重复了', field: 'settings.quotas.1.id' })
    const quotaRef = base()
    quotaRef.settings.quotas[1].when = { op: 'eq', question: 'grp', value: 'rider' }
    expect(firstProblem(quotaRef)).toEqual({ message: '条件引用的题目 grp 不存在', field: 'settings.quotas.1.when.question' })
    const group = base()
    group.settings.groupQuestion = 'hours'
    expect(firstProblem(group)?.message).toBe('身份题的选项值应为 rider、courier、driver、resident、other 之一')
    const channels = base()
    channels.settings.channels = ['self', 'self']
    expect(firstProblem(channels)?.message).toBe('填写方式重复了')
    const none = base()
    none.settings.channels = []
    expect(firstProblem(none)).toEqual({ message: '请至少填写一项问卷的设置的填写方式', field: 'settings.channels' })
    const window = { ...base(), settings: { ...base().settings, openAt: Date.UTC(2025, 4, 2), closeAt: Date.UTC(2025, 4, 1) } }
    expect(firstProblem(window)).toEqual({ message: '结束时间要晚于开始时间', field: 'settings.closeAt' })
  })

  it('a questionnaire needs a question to answer', () => {
    expect(firstProblem(around({ id: 'n', type: 'note', title: '说明' }))?.message).toBe('问卷至少需要一道要回答的题目')
  })

  it('definitionProblems lists every structural problem for the builder', () => {
    const input = base()
    input.pages[1].id = 'basics'
    input.pages[0].questions[1].showIf = { op: 'eq', question: 'age', value: 30 }
    input.settings.channels = ['proxy', 'proxy']
    expect(definitionProblems(input).map((problem) => problem.field)).toEqual([
      'pages.1.id',
      'pages.0.questions.1.showIf.question',
      'settings.channels'
    ])
    expect(definitionProblems(needsSurveyInput)).toEqual([])
    expect(definitionProblems({ title: '' })[0]).toMatchObject({ code: 'INVALID_INPUT', field: 'title' })
  })

  it('structuralIssues of a valid definition is empty, and validate() is the same check', () => {
    expect(structuralIssues(needsSurvey)).toEqual([])
    expect(validate(definitionSchema, needsSurveyInput)).toEqual({ ok: true, value: needsSurvey })
  })

  it('knows the twelve ⚑ types', () => {
    expect(QUESTION_TYPES).toEqual(['single', 'multi', 'text', 'textarea', 'number', 'date', 'rating', 'region', 'location', 'image', 'consent', 'note'])
  })
})
