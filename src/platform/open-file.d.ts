/**
 * Opening a downloaded file (the roster export). Resolved per platform by Taro: open-file.weapp.ts downloads it and
 * opens it in WeChat's document viewer; open-file.h5.ts hands the link to the browser. Both implement FileOpener.
 */
import type { FileOpener } from './types'

export declare const fileOpener: FileOpener
