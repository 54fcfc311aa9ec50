/**
 * Opening a downloaded file (the roster export). Resolved per platform by Taro: open-file.weapp.ts downloads it and
 * opens it in WeChat's document viewer; open-file.h5.ts hands the link to the browser.
 */
import type { Fail } from '@core/api'

/** What the open button says on this platform. */
export declare const openLabel: string
/** Resolves with a Fail (Chinese message) when the file could not be opened. */
export declare function openDownload(url: string, fileName: string): Promise<Fail | undefined>
