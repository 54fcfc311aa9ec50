/** In a browser the link itself downloads the file, under its own name. */
import type { FileOpener } from './types'

export const fileOpener: FileOpener = {
  label: '下载',
  open: (url, fileName) => {
    const link = document.createElement('a')
    link.href = url
    link.download = fileName
    link.rel = 'noopener'
    document.body.appendChild(link)
    link.click()
    link.remove()
    return Promise.resolve(undefined)
  }
}
