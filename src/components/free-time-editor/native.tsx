/**
 * FreeTimeEditor as a native custom component (built by `taro build native-components`, listed under `components` in
 * app.config.ts). A native host cannot pass a React callback, so this wrapper keeps the list itself and reports each
 * change as a `change` event with `detail.value`. The component tests render it under miniprogram-simulate.
 */
import { useState } from 'react'
import type { FreeTime } from '@core/api'
import FreeTimeEditor from './index'

interface NativeScope {
  triggerEvent(name: string, detail: unknown): void
}

export interface NativeFreeTimeEditorProps {
  value?: FreeTime[]
  error?: string
  $scope?: NativeScope
}

export default function NativeFreeTimeEditor({ value, error, $scope }: NativeFreeTimeEditorProps) {
  const [rows, setRows] = useState<FreeTime[]>(value ?? [])
  const change = (next: FreeTime[]) => {
    setRows(next)
    $scope?.triggerEvent('change', { value: next })
  }
  return <FreeTimeEditor value={rows} onChange={change} error={error} />
}
