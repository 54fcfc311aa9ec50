/**
 * Conditions — show-if, page jumps and quota rules — are plain JSON data, never code: a questionnaire is written by
 * organizers and served to every respondent, so nothing in it may run. ONE evaluator (`evaluate`) serves the filling
 * page (show/hide a question, pick the next page) and the `survey` function (which answers to keep, which quotas a
 * response counts toward), so the page and the server cannot disagree.
 *
 *   {op: 'eq' | 'neq', question, value}        the answer is (is not) exactly `value` (string, number or true/false)
 *   {op: 'in', question, values}                the answer is one of `values`
 *   {op: 'has' | 'notHas', question, value}     a list answer (multi, region) contains (does not contain) `value`
 *   {op: 'hasAll', question, values}            a list answer contains every one of `values`
 *   {op: 'answered' | 'empty', question}        the question has (has no) answer
 *   {op: 'gt' | 'lt', question, value}          a number answer (number, rating, date) is above (below) `value`
 *   {op: 'all' | 'any', of: [conditions]}       every one / at least one holds; all([]) is true, any([]) is false
 *   {op: 'not', of: condition}                  the condition does not hold
 *
 * The negative forms are exact complements, including for unanswered questions: neq ≡ not eq, notHas ≡ not has,
 * empty ≡ not answered. So "show q5 unless q3 is 'no'" (neq) also shows q5 while q3 is unanswered. A comparison with
 * an answer of the wrong kind (gt on text, has on a single answer) is simply false; evaluation never throws.
 *
 * This module checks the shape of a condition. Whether it fits the questionnaire (the question exists, comes
 * earlier, has that option, is a list for `has`) is checked with the definition (definition.ts).
 */
import * as z from 'zod/mini'
import * as s from '../schema'
import { answerOf, isEmptyAnswer } from './values'

export type Scalar = string | number | boolean

export type Condition =
  | { op: 'eq' | 'neq'; question: string; value: Scalar }
  | { op: 'in'; question: string; values: Scalar[] }
  | { op: 'has' | 'notHas'; question: string; value: string }
  | { op: 'hasAll'; question: string; values: string[] }
  | { op: 'answered' | 'empty'; question: string }
  | { op: 'gt' | 'lt'; question: string; value: number }
  | { op: 'all' | 'any'; of: Condition[] }
  | { op: 'not'; of: Condition }

export type ConditionOp = Condition['op']

/** A condition about one question (everything but all/any/not). */
export type LeafCondition = Extract<Condition, { question: string }>

export const CONDITION_OPS = ['eq', 'neq', 'in', 'has', 'hasAll', 'notHas', 'answered', 'empty', 'gt', 'lt', 'all', 'any', 'not'] as const

/** How the builder names each operator. */
export const CONDITION_OP_LABELS: Record<ConditionOp, string> = {
  eq: '等于',
  neq: '不等于',
  in: '是其中之一',
  has: '包含',
  hasAll: '全部包含',
  notHas: '不包含',
  answered: '已回答',
  empty: '未回答',
  gt: '大于',
  lt: '小于',
  all: '全部满足',
  any: '满足任一',
  not: '不满足'
}

/** Nesting and size limits: a condition is something a person builds in a form, not a program. */
export const CONDITION_MAX_DEPTH = 5
export const CONDITION_MAX_NODES = 50
export const CONDITION_MAX_VALUES = 50

const isScalar = (value: unknown): value is Scalar =>
  typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))

const hasScalar = (list: readonly unknown[], value: unknown): boolean => list.some((item) => item === value)

/**
 * Does the condition hold for these answers? `answers` may be any JSON value (only its own keys are read). A
 * malformed condition (which a validated definition never holds) is false rather than an exception.
 */
export function evaluate(condition: Condition, answers: unknown): boolean {
  switch (condition.op) {
    case 'all':
      return Array.isArray(condition.of) && condition.of.every((inner) => evaluate(inner, answers))
    case 'any':
      return Array.isArray(condition.of) && condition.of.some((inner) => evaluate(inner, answers))
    case 'not':
      return !evaluate(condition.of, answers)
    default:
      return evaluateLeaf(condition, answerOf(answers, condition.question))
  }
}

function evaluateLeaf(condition: LeafCondition, answer: unknown): boolean {
  switch (condition.op) {
    case 'eq':
      return isScalar(answer) && answer === condition.value
    case 'neq':
      return !(isScalar(answer) && answer === condition.value)
    case 'in':
      return isScalar(answer) && Array.isArray(condition.values) && hasScalar(condition.values, answer)
    case 'has':
      return Array.isArray(answer) && hasScalar(answer, condition.value)
    case 'notHas':
      return !(Array.isArray(answer) && hasScalar(answer, condition.value))
    case 'hasAll':
      return (
        Array.isArray(answer) && Array.isArray(condition.values) && condition.values.every((value) => hasScalar(answer, value))
      )
    case 'answered':
      return !isEmptyAnswer(answer)
    case 'empty':
      return isEmptyAnswer(answer)
    case 'gt':
      return typeof answer === 'number' && Number.isFinite(answer) && answer > condition.value
    case 'lt':
      return typeof answer === 'number' && Number.isFinite(answer) && answer < condition.value
    default:
      return false
  }
}

/** Every one-question condition inside `condition`, with its path (relative to `condition`) for error messages. */
export function leavesOf(condition: Condition, path: (string | number)[] = []): { leaf: LeafCondition; path: (string | number)[] }[] {
  switch (condition.op) {
    case 'all':
    case 'any':
      return condition.of.flatMap((inner, i) => leavesOf(inner, [...path, 'of', i]))
    case 'not':
      return leavesOf(condition.of, [...path, 'of'])
    default:
      return [{ leaf: condition, path }]
  }
}

/** The ids of the questions a condition reads, each once, in order of appearance. */
export const conditionQuestions = (condition: Condition): string[] => [
  ...new Set(leavesOf(condition).map(({ leaf }) => leaf.question))
]

type Path = (string | number)[]

/** The keys each operator takes besides `op`. */
const KEYS: Record<ConditionOp, readonly string[]> = {
  eq: ['question', 'value'],
  neq: ['question', 'value'],
  in: ['question', 'values'],
  has: ['question', 'value'],
  notHas: ['question', 'value'],
  hasAll: ['question', 'values'],
  answered: ['question'],
  empty: ['question'],
  gt: ['question', 'value'],
  lt: ['question', 'value'],
  all: ['of'],
  any: ['of'],
  not: ['of']
}

const QUESTION_REF = /^[A-Za-z][A-Za-z0-9_]{0,31}$/

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * The first thing wrong with the shape of a condition (path relative to it), or undefined. Runs on untrusted JSON.
 */
export function conditionShapeIssue(value: unknown): s.Issue | undefined {
  let nodes = 0
  const visit = (node: unknown, path: Path, depth: number): s.Issue | undefined => {
    nodes++
    if (nodes > CONDITION_MAX_NODES) return { message: `条件太复杂了（最多${CONDITION_MAX_NODES}项）`, path }
    if (depth > CONDITION_MAX_DEPTH) return { message: `条件嵌套太深了（最多${CONDITION_MAX_DEPTH}层）`, path }
    if (!isRecord(node)) return { message: '条件格式不正确', path }
    const op = node.op
    if (typeof op !== 'string' || !(CONDITION_OPS as readonly string[]).includes(op)) {
      return { message: '条件的判断方式不正确', path: [...path, 'op'] }
    }
    const keys = KEYS[op as ConditionOp]
    const extra = Object.keys(node).find((key) => key !== 'op' && !keys.includes(key))
    if (extra !== undefined) return { message: `条件不支持字段：${extra}`, path: [...path, extra] }
    if (op === 'all' || op === 'any') {
      const of = node.of
      if (!Array.isArray(of)) return { message: '组合条件需要一组条件', path: [...path, 'of'] }
      for (let i = 0; i < of.length; i++) {
        const issue = visit(of[i], [...path, 'of', i], depth + 1)
        if (issue) return issue
      }
      return undefined
    }
    if (op === 'not') return visit(node.of, [...path, 'of'], depth + 1)
    if (typeof node.question !== 'string' || !QUESTION_REF.test(node.question)) {
      return { message: '条件需要选择一道题目', path: [...path, 'question'] }
    }
    switch (op) {
      case 'eq':
      case 'neq':
        return isScalar(node.value) ? undefined : { message: '条件的比较值应为文字、数字或是/否', path: [...path, 'value'] }
      case 'has':
      case 'notHas':
        return typeof node.value === 'string' && node.value !== ''
          ? undefined
          : { message: '条件需要选择一个选项', path: [...path, 'value'] }
      case 'gt':
      case 'lt':
        return typeof node.value === 'number' && Number.isFinite(node.value)
          ? undefined
          : { message: '条件的比较值应为数字', path: [...path, 'value'] }
      case 'in':
      case 'hasAll': {
        const values = node.values
        const ok = op === 'in' ? isScalar : (item: unknown) => typeof item === 'string' && item !== ''
        if (!Array.isArray(values) || values.length === 0) return { message: '条件至少需要一个比较值', path: [...path, 'values'] }
        if (values.length > CONDITION_MAX_VALUES) {
          return { message: `条件最多${CONDITION_MAX_VALUES}个比较值`, path: [...path, 'values'] }
        }
        const bad = values.findIndex((item) => !ok(item))
        if (bad >= 0) return { message: '条件的比较值格式不正确', path: [...path, 'values', bad] }
        return undefined
      }
      default:
        return undefined
    }
  }
  return visit(value, [], 1)
}

/**
 * The schema of a condition inside a definition. The shape rule above is the whole check (a recursive union reads
 * better as one function than as nested schemas), so the value it lets through is a Condition.
 */
export const conditionSchema = s.refine(z.custom<Condition>(), conditionShapeIssue)
