import fc from 'fast-check'
import * as api from '@core/api'
import * as s from '@core/schema'

const fails = (r: s.Checked<unknown>) => {
  if (r.ok) throw new Error(`expected a failure, got ${JSON.stringify(r.value)}`)
  return r
}

describe('string', () => {
  const name = s.string({ label: '昵称', min: 1, max: 5 })

  it('trims and accepts within bounds', () => {
    expect(s.validate(name, '  小王  ')).toEqual({ ok: true, value: '小王' })
  })

  it('counts characters as people do (an emoji is one)', () => {
    expect(s.validate(name, '😀😀😀😀😀')).toEqual({ ok: true, value: '😀😀😀😀😀' })
    expect(fails(s.validate(name, '😀😀😀😀😀😀')).message).toBe('昵称最多5个字')
    expect(s.charLength('𠀀a😀')).toBe(3)
  })

  it('rejects empty, too long, wrong type, control characters', () => {
    expect(fails(s.validate(name, '   '))).toEqual({ ok: false, code: 'INVALID_INPUT', message: '请填写昵称' })
    expect(fails(s.validate(name, '123456')).message).toBe('昵称最多5个字')
    expect(fails(s.validate(name, 12)).message).toBe('昵称必须是文字')
    expect(fails(s.validate(name, undefined)).message).toBe('请填写昵称')
    expect(fails(s.validate(name, 'a\u0000b')).message).toBe('昵称包含不可见的特殊字符')
    expect(fails(s.validate(name, 'a\nb')).message).toBe('昵称包含不可见的特殊字符')
    expect(fails(s.validate(name, 'a\u2028b')).message).toBe('昵称包含不可见的特殊字符')
  })

  it('rejects lone surrogates and bidirectional controls, keeping emoji sequences and other scripts', () => {
    // A lone surrogate would be stored as U+FFFD (the stored name would not be the accepted one); an RTL override
    // makes a name read otherwise than it was typed.
    for (const bad of ['a\uD800b', '\uDC00', '\u202E小王', 'a\u2066b\u2069', '\u200F王', 'a\u061Cb']) {
      expect(fails(s.validate(name, bad)).message).toBe('昵称包含不可见的特殊字符')
    }
    const text = s.string({ label: '描述', multiline: true })
    for (const good of ['👨‍👩‍👧‍👦', '𠀀a😀', 'é', '❤️']) expect(s.validate(text, good)).toEqual({ ok: true, value: good })
    expect(fails(s.validate(text, '第一行\n\u202E第二行')).message).toBe('描述包含不可见的特殊字符')
  })

  it('multiline keeps newlines but not other controls', () => {
    const text = s.string({ label: '描述', multiline: true })
    expect(s.validate(text, '第一行\n第二行')).toEqual({ ok: true, value: '第一行\n第二行' })
    expect(fails(s.validate(text, 'a\u0007')).message).toBe('描述包含不可见的特殊字符')
  })

  it('min above one says how many', () => {
    expect(fails(s.validate(s.string({ label: '留言', min: 3 }), '好的')).message).toBe('留言至少3个字')
  })

  it('pattern, with a hint after the name', () => {
    const code = s.string({ label: '签到码', pattern: /^\d{4}$/, patternHint: '应为4位数字' })
    expect(s.validate(code, '0427')).toEqual({ ok: true, value: '0427' })
    expect(fails(s.validate(code, '42a7')).message).toBe('签到码应为4位数字')
    expect(fails(s.validate(s.string({ label: '网址', pattern: /^https:/ }), 'http://x')).message).toBe('网址格式不正确')
  })

  it('trim: false keeps spaces', () => {
    expect(s.validate(s.string({ label: '原文', trim: false }), ' a ')).toEqual({ ok: true, value: ' a ' })
  })

  it('a value picked from a list is asked for with 请选择, missing or empty; a typed one with 请填写', () => {
    const centre = s.string({ label: '服务中心', min: 1, picked: true })
    expect(fails(s.validate(centre, undefined)).message).toBe('请选择服务中心')
    expect(fails(s.validate(centre, '')).message).toBe('请选择服务中心')
    expect(fails(s.validate(s.object({ at: s.object({ lat: s.number({ label: '纬度' }) }, { label: '位置', picked: true }) }), {})).message).toBe('请选择位置')
    expect(fails(s.validate(s.string({ label: '网点', min: 1 }), '')).message).toBe('请填写网点')
  })
})

describe('number and int', () => {
  const capacity = s.int({ label: '名额', min: 1, max: 200, unit: '人' })

  it('accepts integers in range', () => {
    expect(s.validate(capacity, 30)).toEqual({ ok: true, value: 30 })
  })

  it('rejects out of range, fractions, strings, NaN and Infinity', () => {
    expect(fails(s.validate(capacity, 0)).message).toBe('名额不能小于1人')
    expect(fails(s.validate(capacity, 201)).message).toBe('名额不能大于200人')
    expect(fails(s.validate(capacity, 1.5)).message).toBe('名额必须是整数')
    expect(fails(s.validate(capacity, '30')).message).toBe('名额必须是数字')
    expect(fails(s.validate(capacity, NaN)).message).toBe('名额必须是数字')
    expect(fails(s.validate(s.number({ label: '评分' }), Infinity)).message).toBe('评分必须是数字')
  })

  it('number allows fractions', () => {
    expect(s.validate(s.number({ label: '纬度', min: -90, max: 90 }), 36.06)).toEqual({ ok: true, value: 36.06 })
  })
})

describe('boolean, literal, oneOf', () => {
  it('boolean accepts only true/false', () => {
    const b = s.boolean({ label: '公开' })
    expect(s.validate(b, false)).toEqual({ ok: true, value: false })
    expect(fails(s.validate(b, 'true')).message).toBe('公开只能是“是”或“否”')
    expect(fails(s.validate(b, undefined)).message).toBe('请选择公开')
  })

  it('literal accepts exactly its value, with an optional custom message', () => {
    const consent = s.literal(true, { label: '隐私授权', message: '请先同意' })
    expect(s.validate(consent, true)).toEqual({ ok: true, value: true })
    expect(fails(s.validate(consent, false)).message).toBe('请先同意')
    expect(fails(s.validate(s.literal('v2', { label: '版本' }), 'v1')).message).toBe('版本不正确')
  })

  it('oneOf accepts listed strings or numbers only', () => {
    const group = s.oneOf(['rider', 'courier'] as const, { label: '身份' })
    expect(s.validate(group, 'rider')).toEqual({ ok: true, value: 'rider' })
    expect(fails(s.validate(group, 'admin')).message).toBe('身份不在可选范围内')
    const day = s.oneOf([1, 2, 3] as const, { label: '星期' })
    expect(s.validate(day, 2)).toEqual({ ok: true, value: 2 })
    expect(fails(s.validate(day, '2')).message).toBe('星期不在可选范围内')
  })
})

describe('instant', () => {
  const at = s.instant({ label: '开始时间' })

  it('accepts epoch milliseconds', () => {
    expect(s.validate(at, Date.UTC(2025, 10, 28, 11))).toEqual({ ok: true, value: Date.UTC(2025, 10, 28, 11) })
  })

  it('rejects seconds, fractions, strings and dates far outside the app', () => {
    expect(fails(s.validate(at, 1764327600)).message).toBe('开始时间不是有效的时间')
    expect(fails(s.validate(at, 1764327600000.5)).message).toBe('开始时间不是有效的时间')
    expect(fails(s.validate(at, '2025-11-28')).message).toBe('开始时间不是有效的时间')
    expect(fails(s.validate(at, Date.UTC(2100, 0, 1))).message).toBe('开始时间不是有效的时间')
  })

  it('honours min and max', () => {
    const lo = Date.UTC(2025, 0, 1)
    const bounded = s.instant({ label: '截止时间', min: lo, max: lo + 1000 })
    expect(fails(s.validate(bounded, lo - 1)).message).toBe('截止时间太早了')
    expect(fails(s.validate(bounded, lo + 1001)).message).toBe('截止时间太晚了')
  })
})

describe('array', () => {
  const tags = s.array(s.string({ label: '标签', min: 1, max: 4 }), { label: '标签', min: 1, max: 3 })

  it('validates items and bounds, naming the item by position', () => {
    expect(s.validate(tags, [' 书法 ', '瑜伽'])).toEqual({ ok: true, value: ['书法', '瑜伽'] })
    expect(fails(s.validate(tags, []))).toEqual({ ok: false, code: 'INVALID_INPUT', message: '请至少填写一项标签' })
    expect(fails(s.validate(tags, ['a', 'b', 'c', 'd'])).message).toBe('标签最多3项')
    expect(fails(s.validate(tags, ['书法', '调配咖啡课程']))).toEqual({
      ok: false,
      code: 'INVALID_INPUT',
      message: '标签第2项最多4个字',
      field: '1'
    })
    expect(fails(s.validate(tags, '书法')).message).toBe('标签格式不正确')
  })

  it('min above one says how many', () => {
    expect(fails(s.validate(s.array(s.int({ label: '选项' }), { label: '选项', min: 2 }), [1])).message).toBe('选项至少2项')
  })
})

describe('object', () => {
  const policy = s.object(
    {
      opensBeforeH: s.int({ label: '提前开放小时数', min: 1 }),
      waitlist: s.optional(s.boolean({ label: '候补' }))
    },
    { label: '预约规则' }
  )
  const course = s.object({
    title: s.string({ label: '课程名称', min: 1, max: 30 }),
    policy,
    sessions: s.array(s.object({ startAt: s.instant({ label: '开始时间' }) }), { label: '场次' })
  })

  it('returns only known keys and omits absent optional ones', () => {
    const r = s.validate(course, { title: ' 书法 ', policy: { opensBeforeH: 48, waitlist: null }, sessions: [] })
    expect(r).toEqual({ ok: true, value: { title: '书法', policy: { opensBeforeH: 48 }, sessions: [] } })
    expect(r.ok && 'waitlist' in r.value.policy).toBe(false)
  })

  it('rejects unknown keys, also nested ones, before anything else', () => {
    expect(fails(s.validate(course, { roles: ['organizer'] }))).toEqual({
      ok: false,
      code: 'INVALID_INPUT',
      message: '不支持的字段：roles',
      field: 'roles'
    })
    expect(fails(s.validate(course, { title: '书法', policy: { opensBeforeH: 1, booked: 0 }, sessions: [] })).field).toBe(
      'policy.booked'
    )
  })

  it('names nested fields by their chain of labels and dot path', () => {
    expect(fails(s.validate(course, { title: '书法', policy: { opensBeforeH: 0 }, sessions: [] }))).toEqual({
      ok: false,
      code: 'INVALID_INPUT',
      message: '预约规则的提前开放小时数不能小于1',
      field: 'policy.opensBeforeH'
    })
    expect(fails(s.validate(course, { title: '书法', policy: { opensBeforeH: 1 }, sessions: [{ startAt: 1 }] }))).toEqual({
      ok: false,
      code: 'INVALID_INPUT',
      message: '场次第1项的开始时间不是有效的时间',
      field: 'sessions.0.startAt'
    })
  })

  it('requires non-optional keys and an object', () => {
    expect(fails(s.validate(course, { policy: { opensBeforeH: 1 }, sessions: [] }))).toMatchObject({
      message: '请填写课程名称',
      field: 'title'
    })
    expect(fails(s.validate(course, ['书法'])).message).toBe('输入格式不正确')
    expect(fails(s.validate(course, null)).message).toBe('请填写输入')
  })

  it('exposes its shape so a form can check one field', () => {
    expect(fails(s.validate(course.shape.title, '')).message).toBe('请填写课程名称')
  })

  it('does not treat inherited properties as keys', () => {
    const input = Object.create({ roles: ['organizer'] }) as Record<string, unknown>
    input.title = '书法'
    input.policy = { opensBeforeH: 2 }
    input.sessions = []
    expect(s.validate(course, input)).toEqual({ ok: true, value: { title: '书法', policy: { opensBeforeH: 2 }, sessions: [] } })
  })
})

describe('refine', () => {
  const range = s.refine(
    s.object({ from: s.int({ label: '起' }), to: s.int({ label: '止' }) }, { label: '区间' }),
    (v) => (v.from < v.to ? undefined : { message: '止要大于起', path: ['to'] })
  )

  it('runs after the inner schema and reports its path under the value', () => {
    expect(s.validate(range, { from: 1, to: 2 })).toEqual({ ok: true, value: { from: 1, to: 2 } })
    expect(fails(s.validate(range, { from: 2, to: 2 }))).toEqual({ ok: false, code: 'INVALID_INPUT', message: '止要大于起', field: 'to' })
    expect(fails(s.validate(range, { from: 'a', to: 2 })).message).toBe('区间的起必须是数字')
  })

  it('keeps the path when nested, and the shape of a refined object', () => {
    const outer = s.object({ span: range })
    expect(fails(s.validate(outer, { span: { from: 3, to: 1 } })).field).toBe('span.to')
    expect(s.labelOf(range.shape.from)).toBe('起')
  })
})

describe('optional', () => {
  it('treats undefined and null as absent and validates anything else', () => {
    const o = s.optional(s.int({ label: '人数' }))
    expect(s.validate(o, undefined)).toEqual({ ok: true, value: undefined })
    expect(s.validate(o, null)).toEqual({ ok: true, value: undefined })
    expect(fails(s.validate(o, '3')).message).toBe('人数必须是数字')
    expect(s.validate(s.object({ n: o }), {}).ok).toBe(true)
  })
})

describe('problems', () => {
  const form = s.object({
    title: s.string({ label: '课程名称', min: 1, max: 4 }),
    capacity: s.int({ label: '名额', min: 1, unit: '人' })
  })

  it('lists every problem at once, in field order, for a form to show together', () => {
    expect(s.problems(form, { title: '', capacity: 0 })).toEqual([
      { ok: false, code: 'INVALID_INPUT', message: '请填写课程名称', field: 'title' },
      { ok: false, code: 'INVALID_INPUT', message: '名额不能小于1人', field: 'capacity' }
    ])
    expect(s.problems(form, { title: '书法', capacity: 2 })).toEqual([])
  })
})

describe('hostile input', () => {
  const form = s.object({ title: s.string({ label: '课程名称', max: 10 }) })

  it('treats a __proto__ key as an unknown field, never as a prototype', () => {
    const input = JSON.parse('{"title":"书法","__proto__":{"roles":["admin"]}}') as unknown
    expect(s.validate(form, input)).toMatchObject({ ok: false, field: '__proto__' })
  })

  it('answers every API input schema with a verdict, never a throw, whatever JSON arrives', () => {
    const schemas = Object.entries(api).filter(([name]) => name.endsWith('Schema')) as [string, s.AnySchema][]
    expect(schemas.length).toBeGreaterThan(15)
    fc.assert(
      fc.property(fc.constantFrom(...schemas), fc.jsonValue({ maxDepth: 6 }), ([, schema], input) => {
        const verdict = s.validate(schema, input)
        return verdict.ok || (verdict.code === 'INVALID_INPUT' && verdict.message.length > 0)
      }),
      { numRuns: 2000, seed: 20261130 }
    )
  })
})
