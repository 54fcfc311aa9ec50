/**
 * Page navigation safeguards. Resolved per platform by Taro: navigation.weapp.ts does nothing (WeChat downloads
 * subpackages and reports their failures itself, and keeps its own back stack and navigation bar); navigation.h5.ts
 * loads a page's chunk before opening it and says so when it cannot, keeps going back from the only page from
 * reloading it, and keeps page titles out of Taro's HTML title slot. Both implement PageNavigation.
 */
import type { PageNavigation } from './types'

export declare const pageNavigation: PageNavigation
