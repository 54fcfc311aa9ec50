/**
 * Removing a person's uploaded files from cloud storage (我的数据 → 删除: avatars, need photos, questionnaire photos).
 * Only cloud storage ids are ours to delete (an https avatar is WeChat's). CloudBase's deleteFile takes at most 50 ids
 * a call, and a file already gone is answered per file, not thrown, so a retry of an erasure passes over it.
 */
import { cloud } from './cloud'

const DELETE_BATCH = 50

const isStoredFile = (id: string): boolean => id.startsWith('cloud://')

/** Deletes the stored files among `ids`; answers how many ids it asked to delete. */
export async function deleteStoredFiles(ids: readonly string[]): Promise<number> {
  const stored = [...new Set(ids.filter(isStoredFile))]
  for (let i = 0; i < stored.length; i += DELETE_BATCH) await cloud.deleteFile({ fileList: stored.slice(i, i + DELETE_BATCH) })
  return stored.length
}
