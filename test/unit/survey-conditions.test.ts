import fc from 'fast-check'
import {
  conditionQuestions,
  conditionSchema,
  conditionShapeIssue,
  evaluate,
  leavesOf,
  type Condition
} from '@core/survey'
import { validate } from '@core/schema'

const answers = {
  group: 'rider',
  needs: ['legal', 'health'],
  age: 34,
  consent: true,
  note: '   ',
  empty: [],
  street: ['甘肃省', '兰州市', '城关区', '酒泉路街道']
}

describe('evaluate: each operator', () => {
  const cases: [Condition, boolean][] = [
    [{ op: 'eq', question: 'group', value: 'rider' }, true],
    [{ op: 'eq', question: 'group', value: 'courier' }, false],
    [{ op: 'eq', question: 'consent', value: true }, true],
    [{ op: 'eq', question: 'age', value: 34 }, true],
    [{ op: 'eq', question: 'age', value: '34' }, false],
    [{ op: 'eq', question: 'needs', value: 'legal' }, false],
    [{ op: 'neq', question: 'group', value: 'courier' }, true],
    [{ op: 'neq', question: 'missing', value: 'x' }, true],
    [{ op: 'in', question: 'group', values: ['rider', 'courier'] }, true],
    [{ op: 'in', question: 'group', values: ['driver'] }, false],
    [{ op: 'in', question: 'needs', values: ['legal'] }, false],
    [{ op: 'has', question: 'needs', value: 'legal' }, true],
    [{ op: 'has', question: 'needs', value: 'skills' }, false],
    [{ op: 'has', question: 'street', value: '城关区' }, true],
    [{ op: 'has', question: 'group', value: 'rider' }, false],
    [{ op: 'notHas', question: 'needs', value: 'skills' }, true],
    [{ op: 'notHas', question: 'missing', value: 'skills' }, true],
    [{ op: 'hasAll', question: 'needs', values: ['legal', 'health'] }, true],
    [{ op: 'hasAll', question: 'needs', values: ['legal', 'skills'] }, false],
    [{ op: 'answered', question: 'group' }, true],
    [{ op: 'answered', question: 'note' }, false],
    [{ op: 'answered', question: 'empty' }, false],
    [{ op: 'answered', question: 'missing' }, false],
    [{ op: 'empty', question: 'note' }, true],
    [{ op: 'gt', question: 'age', value: 30 }, true],
    [{ op: 'gt', question: 'age', value: 34 }, false],
    [{ op: 'lt', question: 'age', value: 35 }, true],
    [{ op: 'lt', question: 'group', value: 35 }, false],
    [{ op: 'gt', question: 'missing', value: -1 }, false],
    [{ op: 'all', of: [] }, true],
    [{ op: 'any', of: [] }, false],
    [{ op: 'all', of: [{ op: 'eq', question: 'group', value: 'rider' }, { op: 'gt', question: 'age', value: 18 }] }, true],
    [{ op: 'any', of: [{ op: 'eq', question: 'group', value: 'driver' }, { op: 'has', question: 'needs', value: 'health' }] }, true],
    [{ op: 'not', of: { op: 'has', question: 'needs', value: 'legal' } }, false]
  ]
  it.each(cases)('%j → %s', (condition, expected) => {
    expect(evaluate(condition, answers)).toBe(expected)
  })

  it('reads own keys only: a question id like constructor or toString finds nothing', () => {
    expect(evaluate({ op: 'answered', question: 'constructor' }, {})).toBe(false)
    expect(evaluate({ op: 'answered', question: 'toString' }, answers)).toBe(false)
    expect(evaluate({ op: 'answered', question: 'x' }, Object.create({ x: 'inherited' }))).toBe(false)
  })

  it('answers that are not an object count as no answers', () => {
    for (const input of [null, undefined, 'x', 3, ['a'], true]) {
      expect(evaluate({ op: 'answered', question: 'a' }, input)).toBe(false)
      expect(evaluate({ op: 'empty', question: 'a' }, input)).toBe(true)
    }
  })
})

const QUESTIONS = ['a', 'b', 'c', 'constructor']
const scalar = fc.oneof(fc.constantFrom('x', 'y', 'z', ''), fc.integer({ min: -3, max: 3 }), fc.boolean())
const question = fc.constantFrom(...QUESTIONS)

/** Any well-formed condition over a few questions and values, up to a few levels deep. */
const conditionArb: fc.Arbitrary<Condition> = fc.letrec<{ condition: Condition }>((tie) => ({
  condition: fc.oneof(
    // Three levels at most: within the shape limits (5 levels, 50 nodes), so every generated condition is valid.
    { maxDepth: 3, withCrossShrink: true },
    fc.record({ op: fc.constantFrom('eq' as const, 'neq' as const), question, value: scalar }),
    fc.record({ op: fc.constant('in' as const), question, values: fc.array(scalar, { minLength: 1, maxLength: 3 }) }),
    fc.record({ op: fc.constantFrom('has' as const, 'notHas' as const), question, value: fc.constantFrom('x', 'y', 'z') }),
    fc.record({ op: fc.constant('hasAll' as const), question, values: fc.array(fc.constantFrom('x', 'y', 'z'), { minLength: 1, maxLength: 3 }) }),
    fc.record({ op: fc.constantFrom('answered' as const, 'empty' as const), question }),
    fc.record({ op: fc.constantFrom('gt' as const, 'lt' as const), question, value: fc.integer({ min: -3, max: 3 }) }),
    fc.record({ op: fc.constantFrom('all' as const, 'any' as const), of: fc.array(tie('condition'), { maxLength: 3 }) }),
    fc.record({ op: fc.constant('not' as const), of: tie('condition') })
  )
})).condition

/** Answers as they may arrive: any JSON under the condition's questions, plus well-typed ones. */
const answersArb = fc.oneof(
  fc.dictionary(question, fc.jsonValue()),
  fc.dictionary(
    question,
    fc.oneof(scalar, fc.array(fc.constantFrom('x', 'y', 'z')), fc.record({ lat: fc.double(), lng: fc.double() }), fc.constant(null))
  ),
  fc.jsonValue()
)

describe('evaluate: properties', () => {
  it('never throws on any JSON answers, and always answers a boolean', () => {
    fc.assert(fc.property(conditionArb, answersArb, (condition, input) => typeof evaluate(condition, input) === 'boolean'))
  })

  it('negative operators are exact complements: neq = not eq, notHas = not has, empty = not answered', () => {
    fc.assert(
      fc.property(question, scalar, fc.constantFrom('x', 'y'), answersArb, (q, value, item, input) => {
        expect(evaluate({ op: 'neq', question: q, value }, input)).toBe(!evaluate({ op: 'eq', question: q, value }, input))
        expect(evaluate({ op: 'notHas', question: q, value: item }, input)).toBe(!evaluate({ op: 'has', question: q, value: item }, input))
        expect(evaluate({ op: 'empty', question: q }, input)).toBe(!evaluate({ op: 'answered', question: q }, input))
      })
    )
  })

  it('not, all and any follow boolean logic (De Morgan, identities, double negation)', () => {
    fc.assert(
      fc.property(fc.array(conditionArb, { maxLength: 4 }), conditionArb, answersArb, (list, one, input) => {
        const each = list.map((c) => evaluate(c, input))
        expect(evaluate({ op: 'all', of: list }, input)).toBe(each.every(Boolean))
        expect(evaluate({ op: 'any', of: list }, input)).toBe(each.some(Boolean))
        expect(evaluate({ op: 'not', of: { op: 'all', of: list } }, input)).toBe(
          evaluate({ op: 'any', of: list.map((c): Condition => ({ op: 'not', of: c })) }, input)
        )
        expect(evaluate({ op: 'not', of: { op: 'not', of: one } }, input)).toBe(evaluate(one, input))
        expect(evaluate({ op: 'all', of: [one] }, input)).toBe(evaluate(one, input))
      })
    )
  })

  it('in is any of eq; hasAll is all of has', () => {
    fc.assert(
      fc.property(question, fc.array(scalar, { minLength: 1, maxLength: 3 }), fc.array(fc.constantFrom('x', 'y', 'z'), { minLength: 1, maxLength: 3 }), answersArb, (q, values, items, input) => {
        expect(evaluate({ op: 'in', question: q, values }, input)).toBe(values.some((value) => evaluate({ op: 'eq', question: q, value }, input)))
        expect(evaluate({ op: 'hasAll', question: q, values: items }, input)).toBe(
          items.every((value) => evaluate({ op: 'has', question: q, value }, input))
        )
      })
    )
  })

  it('every generated condition passes the shape check, and evaluating it reads only the questions it names', () => {
    fc.assert(
      fc.property(conditionArb, answersArb, (condition, input) => {
        expect(conditionShapeIssue(condition)).toBeUndefined()
        const named = new Set(conditionQuestions(condition))
        const onlyNamed =
          typeof input === 'object' && input !== null && !Array.isArray(input)
            ? Object.fromEntries(Object.entries(input).filter(([key]) => named.has(key)))
            : {}
        const same = typeof input === 'object' && input !== null && !Array.isArray(input)
        if (same) expect(evaluate(condition, onlyNamed)).toBe(evaluate(condition, input))
      }),
      { numRuns: 300 }
    )
  })
})

describe('condition shape', () => {
  const issue = (value: unknown) => conditionShapeIssue(value)

  it('accepts the documented forms', () => {
    expect(issue({ op: 'all', of: [{ op: 'eq', question: 'q1', value: 'no' }, { op: 'not', of: { op: 'empty', question: 'q2' } }] })).toBeUndefined()
  })

  it('names what is wrong and where', () => {
    expect(issue('q1 == no')).toEqual({ message: '条件格式不正确', path: [] })
    expect(issue({ op: 'eval', question: 'q1' })).toEqual({ message: '条件的判断方式不正确', path: ['op'] })
    expect(issue({ op: 'eq', question: 'q1', value: 'a', code: 'alert(1)' })).toEqual({ message: '条件不支持字段：code', path: ['code'] })
    expect(issue({ op: 'eq', value: 'a' })).toEqual({ message: '条件需要选择一道题目', path: ['question'] })
    expect(issue({ op: 'eq', question: '1q', value: 'a' })).toEqual({ message: '条件需要选择一道题目', path: ['question'] })
    expect(issue({ op: 'eq', question: 'q1', value: { $ne: 1 } })).toEqual({ message: '条件的比较值应为文字、数字或是/否', path: ['value'] })
    expect(issue({ op: 'gt', question: 'q1', value: '3' })).toEqual({ message: '条件的比较值应为数字', path: ['value'] })
    expect(issue({ op: 'has', question: 'q1', value: '' })).toEqual({ message: '条件需要选择一个选项', path: ['value'] })
    expect(issue({ op: 'in', question: 'q1', values: [] })).toEqual({ message: '条件至少需要一个比较值', path: ['values'] })
    expect(issue({ op: 'hasAll', question: 'q1', values: ['a', 2] })).toEqual({ message: '条件的比较值格式不正确', path: ['values', 1] })
    expect(issue({ op: 'any', of: [{ op: 'eq', question: 'q1', value: 'a' }, { op: 'lt', question: 'q2' }] })).toEqual({
      message: '条件的比较值应为数字',
      path: ['of', 1, 'value']
    })
    expect(issue({ op: 'all', of: 'x' })).toEqual({ message: '组合条件需要一组条件', path: ['of'] })
  })

  it('limits depth and size', () => {
    let deep: Condition = { op: 'answered', question: 'q1' }
    for (let i = 0; i < 5; i++) deep = { op: 'not', of: deep }
    expect(issue(deep)?.message).toBe('条件嵌套太深了（最多5层）')
    const wide = { op: 'any', of: Array.from({ length: 60 }, () => ({ op: 'answered', question: 'q1' })) }
    expect(issue(wide)?.message).toBe('条件太复杂了（最多50项）')
  })

  it('as a schema, points at the field inside the condition', () => {
    expect(validate(conditionSchema, { op: 'any', of: [{ op: 'gt', question: 'q1', value: 'x' }] })).toEqual({
      ok: false,
      code: 'INVALID_INPUT',
      message: '条件的比较值应为数字',
      field: 'of.0.value'
    })
  })

  it('lists its leaves with paths and its questions once each', () => {
    const condition: Condition = {
      op: 'all',
      of: [{ op: 'eq', question: 'a', value: 1 }, { op: 'not', of: { op: 'has', question: 'b', value: 'x' } }, { op: 'empty', question: 'a' }]
    }
    expect(leavesOf(condition).map(({ path }) => path)).toEqual([['of', 0], ['of', 1, 'of'], ['of', 2]])
    expect(conditionQuestions(condition)).toEqual(['a', 'b'])
  })
})
