/**
 * Exporting as xlsx — a roster (one session, or every session of a course), a questionnaire's responses: the function
 * writes the file to cloud storage and returns a temporary link, which can be copied (to open on a computer) or opened
 * right here.
 */
import { useState } from 'react'
import Taro from '@tarojs/taro'
import { View } from '@tarojs/components'
import { Button, Popup } from '@nutui/nutui-react-taro'
import type { ExportRosterInput, Result } from '@core/api'
import { call } from '@/cloud/call'
import { alertFail } from '@/platform/feedback'
import { fileOpener } from '@/platform/open-file'
import './export-sheet.scss'

/** An absolute link: the local cloud answers with a path on its own origin, which is useless once copied. */
function absolute(url: string): string {
  if (/^https?:\/\//.test(url) || process.env.TARO_ENV !== 'h5') return url
  return new URL(url, window.location.href).href
}

/** What every export answers: a temporary link to the file, its name and how many rows it holds. */
export interface ExportedFile {
  tempFileURL: string
  fileName: string
  rows: number
}

export interface ExportTexts {
  /** The sheet's heading once the file is ready: '名单已导出'. */
  done: string
  /** The sheet, for screen readers: '导出名单'. */
  label: string
  /** A line under the file name (what is in it), when there is something to say. */
  note?: string
}

export interface Exporter {
  start: () => void
  busy: boolean
  sheet: JSX.Element | null
}

/** `run` makes the file; the sheet then offers its link to copy and to open. */
export function useFileExport(run: () => Promise<Result<ExportedFile>>, texts: ExportTexts): Exporter {
  const [busy, setBusy] = useState(false)
  const [file, setFile] = useState<ExportedFile | null>(null)

  const start = async () => {
    setBusy(true)
    const res = await run()
    setBusy(false)
    if (res.ok) setFile({ ...res.data, tempFileURL: absolute(res.data.tempFileURL) })
    else alertFail('没能导出', res)
  }

  const copy = (url: string) => void Taro.setClipboardData({ data: url })
  const open = async (f: ExportedFile) => {
    const fail = await fileOpener.open(f.tempFileURL, f.fileName)
    if (fail) void Taro.showToast({ title: fail.message, icon: 'none' })
  }

  const sheet = file ? (
    <Popup visible position='bottom' round onClose={() => setFile(null)} className='org-sheet'>
      <View className='org-sheet__body' id='export-sheet' aria-role='dialog' aria-label={texts.label}>
        <View className='org-sheet__title'>{texts.done}</View>
        <View className='card__text'>{`${file.fileName}，共 ${file.rows} 行。${texts.note ?? ''}链接有效期有限，请尽快下载。`}</View>
        <View className='export-sheet__link' id='export-link'>
          {file.tempFileURL}
        </View>
        <View className='org-sheet__actions'>
          <Button className='tap-target org-sheet__button' fill='outline' id='export-copy' onClick={() => copy(file.tempFileURL)}>
            复制链接
          </Button>
          <Button className='tap-target org-sheet__button' type='primary' id='export-open' onClick={() => void open(file)}>
            {fileOpener.label}
          </Button>
        </View>
      </View>
    </Popup>
  ) : null

  return { start: () => void start(), busy, sheet }
}

/** A roster: one session's, or every session's of a course. */
export const useExport = (target: ExportRosterInput): Exporter =>
  useFileExport(() => call('course', 'exportRoster', target), { done: '名单已导出', label: '导出名单' })
