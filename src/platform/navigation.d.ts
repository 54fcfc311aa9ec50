/**
 * Page navigation safeguards. Resolved per platform by Taro: navigation.weapp.ts does nothing (WeChat handles its own
 * navigation bar and back stack); navigation.h5.ts keeps going back from the only page from reloading it and page
 * titles out of Taro's HTML title slot. Both implement PageNavigation.
 */
import type { PageNavigation } from './types'

export declare const pageNavigation: PageNavigation
