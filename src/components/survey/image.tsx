/**
 * An image question: photos chosen from the album or the camera, uploaded to cloud storage at once, each with its own
 * progress on a weak connection, and removable. The answer holds the file ids of finished uploads only; while any is
 * still going the page is told (onBusy) so it does not move on without them. A photo over the question's size limit,
 * or more photos than it takes, is refused with the reason, never dropped silently. A failed upload stays as a tile
 * to retry or remove.
 */
import { useEffect, useRef, useState } from 'react'
import Taro from '@tarojs/taro'
import { Image, Text, View } from '@tarojs/components'
import type { ImageQuestion } from '@core/survey/definition'
import { isStringList } from '@core/survey/values'
import { fileUrl, uploadFile } from '@/cloud/call'
import { useArrivalGuard } from '@/hooks/use-arrival-guard'
import type { ControlProps } from './types'

interface Upload {
  key: string
  localPath: string
  percent: number
  failed: boolean
}

/** '5 MB' / '800 KB' */
export const sizeText = (kb: number): string => (kb >= 1024 ? `${Math.round((kb / 1024) * 10) / 10} MB` : `${kb} KB`)

let uploadSeq = 0

export function ImageAnswer({ question, value, onChange, onBusy, mode, uploadFolder, idBase }: ControlProps<ImageQuestion>) {
  const done = isStringList(value) ? value : []
  const [uploads, setUploads] = useState<Upload[]>([])
  const [problem, setProblem] = useState<string | null>(null)
  // Removing shifts the next photo under the finger: a hurried second tap must not remove that one too.
  const guard = useArrivalGuard()
  // Uploads finish one by one after the render that started them: each adds to the answer as it then is.
  const latest = useRef(done)
  useEffect(() => {
    latest.current = done
  })
  const busy = uploads.some((u) => !u.failed)
  // Told when it changes only: a page passes a fresh callback on every render.
  const tell = useRef(onBusy)
  useEffect(() => {
    tell.current = onBusy
  })
  useEffect(() => {
    tell.current?.(busy)
  }, [busy])
  // Leaving the page (上一页) while a photo uploads: the upload still lands in the answer, but holds nothing back.
  useEffect(() => () => tell.current?.(false), [])

  const patch = (key: string, change: Partial<Upload> | null) =>
    setUploads((list) => (change === null ? list.filter((u) => u.key !== key) : list.map((u) => (u.key === key ? { ...u, ...change } : u))))

  const send = async (upload: Upload) => {
    patch(upload.key, { failed: false, percent: 0 })
    const res = await uploadFile(upload.localPath, uploadFolder ?? 'survey-images', (percent) => patch(upload.key, { percent }))
    if (!res.ok) {
      patch(upload.key, { failed: true })
      return
    }
    patch(upload.key, null)
    const next = [...latest.current, res.data.fileID]
    latest.current = next
    onChange(next)
  }

  const room = question.maxCount - done.length - uploads.length

  const add = async () => {
    setProblem(null)
    if (mode === 'preview') {
      void Taro.showToast({ title: '预览时不会上传图片', icon: 'none' })
      return
    }
    let picked: Taro.chooseImage.SuccessCallbackResult
    try {
      picked = await Taro.chooseImage({ count: room, sizeType: ['compressed'], sourceType: ['album', 'camera'] })
    } catch {
      return // closing the picker is not an error
    }
    const files = picked.tempFiles.slice(0, room)
    const tooBig = files.filter((f) => f.size > question.maxSizeKB * 1024)
    const notes: string[] = []
    if (tooBig.length > 0) notes.push(`${tooBig.length}张图片超过${sizeText(question.maxSizeKB)}，没有添加，请换一张或截图后再传`)
    if (picked.tempFiles.length > room) notes.push(`最多上传${question.maxCount}张，多选的没有添加`)
    if (notes.length > 0) setProblem(notes.join('；'))
    const fresh = files.filter((f) => !tooBig.includes(f)).map((f) => ({ key: `u${++uploadSeq}`, localPath: f.path, percent: 0, failed: false }))
    setUploads((list) => [...list, ...fresh])
    for (const upload of fresh) void send(upload)
  }

  return (
    <View className='survey-images'>
      <View className='survey-images__grid'>
        {done.map((fileID, i) => (
          <View key={fileID} className='survey-images__tile' id={`${idBase}-image-${i}`}>
            <Image className='survey-images__photo' src={fileUrl(fileID)} mode='aspectFill' />
            <View className='survey-images__remove' id={`${idBase}-remove-${i}`} aria-role='button' aria-label={`删除第${i + 1}张图片`} onClick={guard(() => onChange(done.filter((id) => id !== fileID)))}>
              <Text className='survey-images__remove-mark'>✕</Text>
            </View>
          </View>
        ))}
        {uploads.map((upload) => (
          <View key={upload.key} className={`survey-images__tile survey-images__tile--${upload.failed ? 'failed' : 'uploading'}`}>
            <Image className='survey-images__photo' src={upload.localPath} mode='aspectFill' />
            {upload.failed ? (
              <View className='survey-images__state' aria-role='button' onClick={() => void send(upload)}>
                上传失败{'\n'}点此重试
              </View>
            ) : (
              <View className='survey-images__state' aria-live='polite'>
                <Text>{`${upload.percent}%`}</Text>
                <View className='survey-images__bar'>
                  <View className='survey-images__bar-fill' style={{ width: `${upload.percent}%` }} />
                </View>
              </View>
            )}
            {upload.failed ? (
              <View className='survey-images__remove' aria-role='button' aria-label='删除这张图片' onClick={guard(() => patch(upload.key, null))}>
                <Text className='survey-images__remove-mark'>✕</Text>
              </View>
            ) : null}
          </View>
        ))}
        {room > 0 ? (
          <View className='survey-images__tile survey-images__add' id={`${idBase}-add`} aria-role='button' hoverClass='survey-images__add--pressed' onClick={() => void add()}>
            <Text className='survey-images__plus'>＋</Text>
            <Text className='survey-images__add-text'>{`添加图片 ${done.length + uploads.length}/${question.maxCount}`}</Text>
          </View>
        ) : null}
      </View>
      <View className='survey-images__hint'>{`最多${question.maxCount}张，每张不超过${sizeText(question.maxSizeKB)}`}</View>
      {problem ? (
        <View className='survey-images__problem' id={`${idBase}-image-problem`} aria-live='polite'>
          {problem}
        </View>
      ) : null}
    </View>
  )
}
