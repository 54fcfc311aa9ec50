/** In a browser the link itself downloads the file, under its own name. */
import type { Fail } from '@core/api'

export const openLabel = '下载'

export async function openDownload(url: string, fileName: string): Promise<Fail | undefined> {
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.rel = 'noopener'
  document.body.appendChild(link)
  link.click()
  link.remove()
  return undefined
}
