/**
 * Typed answers: text (with a format: mobile, idcard, email, number), textarea and number questions.
 *
 * Each input keeps what was typed in its own state and reports an answer from it: text as typed (core trims and
 * canonicalises it), a number question a number once the text is one — and the text itself when it is not ('3a'), so
 * core's checkAnswer can say 请填写数字 rather than the input quietly forgetting it. An answer set from outside (a
 * resumed draft) replaces the typed text only when it means something else, so '3.' is not rewritten to '3' mid-typing.
 *
 * The keyboard fits the format (digits for phones and numbers, WeChat's ID keyboard with X for idcard). Texts are not
 * cut at their limit; a counter says how far over they are, the way every other form of the app does.
 */
import { useEffect, useRef, useState } from 'react'
import { Input, Text, Textarea, View } from '@tarojs/components'
import { charLength } from '@core/schema'
import type { NumberQuestion, TextareaQuestion, TextQuestion } from '@core/survey/definition'
import type { TextFormat } from '@core/survey/formats'
import { lengthProblem } from '@/components/form-field'
import type { ControlProps } from './types'

type Keyboard = 'text' | 'number' | 'idcard' | 'digit'

const KEYBOARDS: Record<TextFormat, Keyboard> = { mobile: 'number', idcard: 'idcard', email: 'text', number: 'digit' }

const PLACEHOLDERS: Record<TextFormat, string> = {
  mobile: '11位手机号',
  idcard: '18位身份证号',
  email: '例如 name@example.com',
  number: '请填写数字'
}

/** What a text answer's state is from outside: '' for nothing. */
const textOf = (value: unknown): string => (typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '')

/**
 * The typed text, kept across renders, following `value` when it changes to something `meaning(text)` is not —
 * i.e. when the answer was replaced from outside rather than typed here.
 */
function useTypedText(value: unknown, meaning: (text: string) => unknown): [string, (text: string) => void] {
  const [text, setText] = useState(() => textOf(value))
  const typed = useRef(text)
  useEffect(() => {
    if (!Object.is(meaning(typed.current), value ?? undefined)) {
      typed.current = textOf(value)
      setText(typed.current)
    }
  }, [value, meaning])
  const type = (next: string) => {
    typed.current = next
    setText(next)
  }
  return [text, type]
}

const textMeaning = (text: string): unknown => (text.trim() === '' ? undefined : text)

function Counter({ idBase, text, max }: { idBase: string; text: string; max: number }) {
  const count = charLength(text.trim())
  const over = lengthProblem(count, max)
  return (
    <View className={`survey-counter${over ? ' survey-counter--over' : ''}`} id={`${idBase}-count`} aria-label={`已输入${count}个字，最多${max}个`}>
      {over ?? `${count}/${max}`}
    </View>
  )
}

export function TextAnswer({ question, value, onChange, onSettle, idBase, invalid }: ControlProps<TextQuestion>) {
  const [text, type] = useTypedText(value, textMeaning)
  const input = (next: string) => {
    type(next)
    onChange(textMeaning(next))
  }
  const format = question.format
  return (
    <View>
      <Input
        className={`form-input survey-input${invalid ? ' survey-input--invalid' : ''}`}
        id={`${idBase}-input`}
        type={format ? KEYBOARDS[format] : 'text'}
        placeholder={format ? PLACEHOLDERS[format] : '请填写'}
        maxlength={-1}
        value={text}
        onInput={(e) => input(e.detail.value)}
        onBlur={(e) => {
          input(e.detail.value)
          onSettle?.()
        }}
      />
      {format === undefined ? <Counter idBase={idBase} text={text} max={question.maxLength} /> : null}
    </View>
  )
}

export function TextareaAnswer({ question, value, onChange, onSettle, idBase, invalid }: ControlProps<TextareaQuestion>) {
  const [text, type] = useTypedText(value, textMeaning)
  const input = (next: string) => {
    type(next)
    onChange(textMeaning(next))
  }
  return (
    <View>
      <Textarea
        className={`survey-textarea${invalid ? ' survey-input--invalid' : ''}`}
        id={`${idBase}-input`}
        placeholder='请填写'
        maxlength={-1}
        value={text}
        onInput={(e) => input(e.detail.value)}
        onBlur={(e) => {
          input(e.detail.value)
          onSettle?.()
        }}
      />
      <Counter idBase={idBase} text={text} max={question.maxLength} />
    </View>
  )
}

const DECIMAL = /^-?\d+(\.\d+)?$/

/** A number question's answer from its text: a number when the text is one, the text otherwise, nothing when blank. */
export function numberMeaning(text: string): unknown {
  const trimmed = text.trim()
  if (trimmed === '') return undefined
  return DECIMAL.test(trimmed) ? Number(trimmed) : trimmed
}

/** '1到7之间的整数' / '不小于0' / '': the range a number question takes, for its placeholder. */
export function numberRangeText(question: NumberQuestion): string {
  const { min, max, integer } = question
  const kind = integer ? '整数' : '数字'
  if (min !== undefined && max !== undefined) return `${min}到${max}之间的${kind}`
  if (min !== undefined) return `不小于${min}的${kind}`
  if (max !== undefined) return `不大于${max}的${kind}`
  return integer ? '整数' : ''
}

export function NumberAnswer({ question, value, onChange, onSettle, idBase, invalid }: ControlProps<NumberQuestion>) {
  const [text, type] = useTypedText(value, numberMeaning)
  const input = (next: string) => {
    type(next)
    onChange(numberMeaning(next))
  }
  const range = numberRangeText(question)
  // Negative numbers need the minus key, which the digit keyboard lacks.
  const keyboard: Keyboard = question.min !== undefined && question.min >= 0 ? (question.integer ? 'number' : 'digit') : 'text'
  return (
    <View className='survey-number'>
      <Input
        className={`form-input survey-input survey-number__input${invalid ? ' survey-input--invalid' : ''}`}
        id={`${idBase}-input`}
        type={keyboard}
        placeholder={range ? `请填写${range}` : '请填写数字'}
        maxlength={-1}
        value={text}
        onInput={(e) => input(e.detail.value)}
        onBlur={(e) => {
          input(e.detail.value)
          onSettle?.()
        }}
      />
      {question.unit ? <Text className='survey-number__unit'>{question.unit}</Text> : null}
    </View>
  )
}
