/** WeChat can open an xlsx in its document viewer once it is downloaded to a temp file. */
import Taro from '@tarojs/taro'
import type { FileOpener } from './types'

export const fileOpener: FileOpener = {
  label: '在微信中打开',
  open: async (url, fileName) => {
    try {
      const res = await Taro.downloadFile({ url })
      if (res.statusCode !== 200) return { ok: false, code: 'INTERNAL', message: '下载失败，请复制链接在电脑上打开' }
      const fileType = fileName.split('.').pop() === 'xlsx' ? 'xlsx' : undefined
      await Taro.openDocument({ filePath: res.tempFilePath, fileType, showMenu: true })
      return undefined
    } catch {
      return { ok: false, code: 'INTERNAL', message: '没能打开文件，请复制链接在电脑上打开' }
    }
  }
}
