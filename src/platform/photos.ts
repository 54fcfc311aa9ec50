/**
 * Taking photos for a form (a need's photos, a 随手拍 report's): the camera or the album, each photo uploaded to cloud
 * storage at once, so the form holds file ids only. A failed upload says so and keeps the photos already uploaded;
 * closing the picker is not an error. One way for every form, so they behave alike.
 */
import Taro from '@tarojs/taro'
import { uploadFile } from '@/cloud/call'
import { alertFail } from './feedback'

/** Up to `room` photos picked and uploaded under `folder`: their storage file ids, in order. */
export async function pickPhotos(room: number, folder: string): Promise<string[]> {
  let paths: string[]
  try {
    const picked = await Taro.chooseImage({ count: room, sizeType: ['compressed'], sourceType: ['camera', 'album'] })
    paths = picked.tempFilePaths
  } catch {
    return []
  }
  const uploaded: string[] = []
  for (const path of paths) {
    const res = await uploadFile(path, folder)
    if (!res.ok) {
      alertFail('照片没能上传', res)
      break
    }
    uploaded.push(res.data.fileID)
  }
  return uploaded
}
