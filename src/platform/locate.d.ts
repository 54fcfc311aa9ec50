/**
 * 我的位置, for distances and the service points map. Resolved per platform by Taro: locate.weapp.ts (WeChat's own
 * location in GCJ-02, the coordinates the services are stored in) or locate.h5.ts (the browser's). Both implement
 * Locator.
 */
import type { Locator } from './types'

export declare const locator: Locator
