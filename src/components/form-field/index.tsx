/**
 * A labelled form row with room for the error the last save reported for this field. A text with a length limit
 * shows a counter beside its label and says when it is too long, instead of the input cutting it off unseen; it
 * counts as the schema does (core/schema charLength: an emoji is one character, surrounding spaces are not counted).
 */
import type { ReactNode } from 'react'
import { Text, View } from '@tarojs/components'
import { charLength } from '@core/schema'
import './index.scss'

export interface FormFieldProps {
  label: string
  /** Stable hook for tests and styles, e.g. `nickname` → `.form-field--nickname`. */
  name: string
  error?: string
  hint?: string
  /** The text typed so far and its longest allowed length: a counter, and a problem once it is longer. */
  limit?: { text: string; max: number }
  children: ReactNode
}

/** What a counter says about a text of `count` characters where `max` are allowed; undefined while it fits. */
export function lengthProblem(count: number, max: number): string | undefined {
  return count > max ? `最多${max}个字，请删掉${count - max}个` : undefined
}

export default function FormField({ label, name, error, hint, limit, children }: FormFieldProps) {
  const count = limit ? charLength(limit.text.trim()) : 0
  const shown = error ?? (limit ? lengthProblem(count, limit.max) : undefined)
  return (
    <View className={`form-field form-field--${name}${shown ? ' form-field--invalid' : ''}`}>
      <View className='form-field__head'>
        <View className='form-field__label'>{label}</View>
        {limit ? (
          <Text className={`form-field__count${count > limit.max ? ' form-field__count--over' : ''}`} id={`${name}-count`} aria-label={`已输入${count}个字，最多${limit.max}个`}>
            {`${count}/${limit.max}`}
          </Text>
        ) : null}
      </View>
      <View className='form-field__control'>{children}</View>
      {shown ? (
        <View className='form-field__error' id={`${name}-error`}>
          {shown}
        </View>
      ) : hint ? (
        <View className='form-field__hint'>{hint}</View>
      ) : null}
    </View>
  )
}
