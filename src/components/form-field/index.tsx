/** A labelled form row with room for the error the last save reported for this field. */
import type { ReactNode } from 'react'
import { View } from '@tarojs/components'
import './index.scss'

export interface FormFieldProps {
  label: string
  /** Stable hook for tests and styles, e.g. `nickname` → `.form-field--nickname`. */
  name: string
  error?: string
  hint?: string
  children: ReactNode
}

export default function FormField({ label, name, error, hint, children }: FormFieldProps) {
  return (
    <View className={`form-field form-field--${name}${error ? ' form-field--invalid' : ''}`}>
      <View className='form-field__label'>{label}</View>
      <View className='form-field__control'>{children}</View>
      {error ? (
        <View className='form-field__error' id={`${name}-error`}>
          {error}
        </View>
      ) : hint ? (
        <View className='form-field__hint'>{hint}</View>
      ) : null}
    </View>
  )
}
