/** The cloud client on WeChat: CloudBase itself, with the caller's identity supplied by WeChat. */
import Taro from '@tarojs/taro'
import { asResult, networkFail, newFilePath, serverFail, type CallFn, type FileUrlFn, type UploadFileFn } from './types'

/** CloudBase reports a function that threw or timed out with these codes; anything else is the network. */
const FUNCTION_FAULTS = new Set([-504002, -504003, -404011])

function failureOf(err: unknown) {
  const code = typeof err === 'object' && err !== null ? (err as { errCode?: unknown }).errCode : undefined
  return typeof code === 'number' && FUNCTION_FAULTS.has(code) ? serverFail() : networkFail()
}

export const call: CallFn = async (fn, action, input) => {
  try {
    const res = await Taro.cloud.callFunction({ name: fn, data: { ...(input as object), action } })
    return asResult(res.result)
  } catch (err) {
    return failureOf(err)
  }
}

export const uploadFile: UploadFileFn = (localPath, folder, onProgress) =>
  new Promise((resolve) => {
    // The callback form is the one that hands back the task, whose progress events a photo's progress bar follows.
    const task = Taro.cloud.uploadFile({
      cloudPath: newFilePath(folder, localPath),
      filePath: localPath,
      success: (res) => resolve({ ok: true, data: { fileID: res.fileID } }),
      fail: () => resolve(networkFail())
    })
    if (onProgress) task.onProgressUpdate((p) => onProgress(p.progress))
  })

/** <Image> on weapp loads cloud:// file ids directly. */
export const fileUrl: FileUrlFn = (fileID) => fileID
